"""Python door to the mixinfer CLI: estimate a BPE tokenizer's training-data mixture.

Every function runs the mixinfer binary (the ``binary=`` argument, else ``$MIXINFER_BINARY``,
else ``mixinfer`` on PATH) and reads its JSON output::

    import mixinfer
    result = mixinfer.infer("Samples/tokenizers/claude-legacy.json", "Samples/categories")
    print(result)            # a table of shares
    result.shares            # {"python": 0.43, "en": 0.32, ...}, largest first
    result.to_frame()        # pandas DataFrame (needs pandas)
"""

from ._api import BatchError, batch, infer, inspect
from ._results import BatchResult, InferResult, pandas_available
from ._run import BinaryNotFoundError, MixinferError, find_binary, supports, version

__version__ = "0.1.0"

__all__ = [
    "BatchError",
    "BatchResult",
    "BinaryNotFoundError",
    "InferResult",
    "MixinferError",
    "batch",
    "find_binary",
    "infer",
    "inspect",
    "pandas_available",
    "supports",
    "version",
]
