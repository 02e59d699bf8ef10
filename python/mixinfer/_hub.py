"""Tokenizers by Hub id: fetching the files mixinfer reports missing from the local Hub cache.

mixinfer itself never downloads: given a Hub id (``meta-llama/Llama-3.1-8B``) that is not in the
Hub cache, it fails with one line that ends in the ``hf download`` command fetching only the
tokenizer files. When the optional ``huggingface_hub`` package is installed, the functions of this
package run that download through it (into the cache mixinfer reads) and run mixinfer again.
"""

from __future__ import annotations

import os
import re
import shlex
from typing import Callable, List, Mapping, Optional, Tuple, TypeVar

from ._run import MixinferError

T = TypeVar("T")

# The tail of mixinfer's error for an id that is not cached: "... fetch only its tokenizer with `hf download ...`".
_FETCH = re.compile(r"fetch only its tokenizer with `(hf download [^`]+)`")

_INSTALL_HINT = (
    "huggingface_hub is not installed, so mixinfer cannot fetch the tokenizer files itself: "
    "pip install huggingface_hub (or run the hf download command above)"
)


def hub_cache_dir(environ: Optional[Mapping[str, str]] = None) -> str:
    """The Hub cache mixinfer reads, found as huggingface_hub finds it.

    ``HF_HUB_CACHE``, else ``HUGGINGFACE_HUB_CACHE``, else ``HF_HOME/hub``, else
    ``XDG_CACHE_HOME/huggingface/hub``, else ``~/.cache/huggingface/hub``.
    """
    env = os.environ if environ is None else environ

    def value(name: str) -> Optional[str]:
        text = env.get(name)
        return os.path.expanduser(text) if text else None

    cache = value("HF_HUB_CACHE") or value("HUGGINGFACE_HUB_CACHE")
    if cache:
        return cache
    home = value("HF_HOME") or os.path.join(
        value("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "huggingface"
    )
    return os.path.join(home, "hub")


def missing_tokenizers(message: str) -> List[Tuple[str, Optional[str], List[str]]]:
    """The (repo id, revision, files) of each ``hf download`` command in a mixinfer error message."""
    found = []
    for command in _FETCH.findall(message):
        words = shlex.split(command)[2:]
        if not words:
            continue
        repo_id, rest = words[0], words[1:]
        revision = None
        if rest[:1] == ["--revision"] and len(rest) >= 2:
            revision, rest = rest[1], rest[2:]
        found.append((repo_id, revision, rest))
    return found


def download(repo_id: str, revision: Optional[str], files: List[str]) -> None:
    """Fetch only ``files`` of model ``repo_id`` at ``revision`` into the Hub cache mixinfer reads."""
    try:
        import huggingface_hub
    except ImportError:
        raise MixinferError(f"{repo_id}: {_INSTALL_HINT}") from None
    try:
        huggingface_hub.snapshot_download(
            repo_id=repo_id, revision=revision, allow_patterns=files, cache_dir=hub_cache_dir()
        )
    except Exception as exc:  # any failure of the download (network, gated repository, unknown id)
        hint = " (a gated model needs its terms accepted on the Hub and `hf auth login` first)"
        raise MixinferError(f"{repo_id}: downloading its tokenizer files failed: {exc}{hint}") from exc


def fetching_tokenizers(run: Callable[[], T]) -> T:
    """``run()``; if mixinfer reports tokenizers missing from the Hub cache, fetch them and run it again.

    Without huggingface_hub the error is raised with a hint to install it.
    """
    try:
        return run()
    except MixinferError as error:
        missing = missing_tokenizers(error.message)
        if not missing:
            raise
        try:
            import huggingface_hub  # noqa: F401
        except ImportError:
            raise MixinferError(
                f"{error.message} — {_INSTALL_HINT}", error.exit_code, error.command, error.stderr
            ) from None
        for repo_id, revision, files in dict.fromkeys((r, v, tuple(f)) for r, v, f in missing):
            download(repo_id, revision, list(files))
    return run()
