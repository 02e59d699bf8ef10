"""infer, batch, inspect: the CLI's commands as Python functions."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, List, Literal, Mapping, Optional, Sequence, Union, overload

from ._hub import fetching_tokenizers, missing_tokenizers
from ._progress import Progress, finish, handler
from ._results import BatchResult, InferResult
from ._run import MixinferError, PathLike, find_binary, run_command, run_json

ExtraArgs = Union[Sequence[Union[str, int, float, "os.PathLike[str]"]], Mapping[str, Any]]


class BatchError(MixinferError):
    """``mixinfer batch`` finished but some pairs failed; ``result`` holds the pairs that did not."""

    def __init__(self, error: MixinferError, result: BatchResult) -> None:
        super().__init__(error.message, error.exit_code, error.command, error.stderr)
        self.result = result


@overload
def infer(
    tokenizer: PathLike,
    categories: PathLike,
    merges: Optional[int] = ...,
    sample_bytes: Optional[int] = ...,
    intervals: bool = ...,
    strict: bool = ...,
    text_field: Optional[str] = ...,
    extra_args: ExtraArgs = ...,
    binary: Optional[PathLike] = ...,
    cache_dir: Union[PathLike, bool, None] = ...,
    as_frame: Optional[Literal[False]] = ...,
    revision: Optional[str] = ...,
    progress: Progress = ...,
) -> InferResult: ...


@overload
def infer(
    tokenizer: PathLike,
    categories: PathLike,
    merges: Optional[int] = ...,
    sample_bytes: Optional[int] = ...,
    intervals: bool = ...,
    strict: bool = ...,
    text_field: Optional[str] = ...,
    extra_args: ExtraArgs = ...,
    binary: Optional[PathLike] = ...,
    cache_dir: Union[PathLike, bool, None] = ...,
    *,
    as_frame: Literal[True],
    revision: Optional[str] = ...,
    progress: Progress = ...,
) -> Any: ...


def infer(
    tokenizer: PathLike,
    categories: PathLike,
    merges: Optional[int] = None,
    sample_bytes: Optional[int] = None,
    intervals: bool = False,
    strict: bool = False,
    text_field: Optional[str] = None,
    extra_args: ExtraArgs = (),
    binary: Optional[PathLike] = None,
    cache_dir: Union[PathLike, bool, None] = None,
    as_frame: Optional[bool] = None,
    revision: Optional[str] = None,
    progress: Progress = None,
) -> Any:
    """Estimate the training mixture of ``tokenizer`` over ``categories`` (``mixinfer infer``).

    Args:
        tokenizer: tokenizer file (HF tokenizer.json, tiktoken, ...), or a Hub id
            (``meta-llama/Llama-3.1-8B``) read from the local Hub cache. An id that is not cached
            is downloaded (its tokenizer files only) when huggingface_hub is installed.
        categories: folder with one subfolder or file per category, or a category manifest (.yaml/.json).
        merges: ``--merges N`` (None: mixinfer's default, 3000).
        sample_bytes: ``--sample-bytes B``, most bytes read per category (None: mixinfer's default).
        intervals: ``--intervals``: also estimate an interval per share (``result.intervals``).
        strict: ``--strict``: warnings become an error (MixinferError with exit_code 3).
        text_field: ``--text-field NAME``: the JSON field holding the text in .jsonl samples.
        extra_args: more CLI arguments, either a list of strings passed as they are, or a mapping
            {"time_limit": 60, "baselines": True} turned into ``--time-limit=60 --baselines``
            (True: the flag alone; False or None: left out).
        binary: the mixinfer executable (default: ``$MIXINFER_BINARY``, else ``mixinfer`` on PATH).
        cache_dir: ``--cache-dir DIR`` for the word-count cache; False: ``--no-cache``;
            None: mixinfer's default ($MIXINFER_CACHE or ~/.cache/mixinfer/counts).
        as_frame: True: return ``result.to_frame()`` (a pandas DataFrame) instead of the result.
        revision: ``--revision REF``: the branch, tag or commit a Hub id is read at (None: main).
        progress: None or False: quiet (``--quiet``); True: a tqdm bar per phase when tqdm is
            installed, else one line on stderr that rewrites itself; a callable: called with each
            progress event, a dict (``phase``, ``done``, ``total``, ``gap``, ...: docs/output.md).

    Returns:
        An InferResult (``.shares``, ``.intervals``, ``.warnings``, ``.raw``, ``.to_frame()``).

    Raises:
        MixinferError: mixinfer failed; ``.message`` is its error line, ``.exit_code`` its status.
    """
    args: List[str] = ["infer", os.fspath(tokenizer), "--categories", os.fspath(categories)]
    callback = handler(progress)
    args += ["--format", "json"] + (["--progress", "json"] if callback else ["--quiet"])
    # "--name=value": a negative number given as a separate argument would be read as an option.
    if merges is not None:
        args.append(f"--merges={int(merges)}")
    if sample_bytes is not None:
        args.append(f"--sample-bytes={int(sample_bytes)}")
    if intervals:
        args.append("--intervals")
    if strict:
        args.append("--strict")
    if text_field is not None:
        args += ["--text-field", text_field]
    if revision is not None:
        args += ["--revision", revision]
    if cache_dir is False:
        args.append("--no-cache")
    elif cache_dir is True:
        raise ValueError("cache_dir: give a folder, False (no cache) or None (mixinfer's default)")
    elif cache_dir is not None:
        args += ["--cache-dir", os.fspath(cache_dir)]
    args += extra_arguments(extra_args)
    try:
        result = InferResult(fetching_tokenizers(lambda: run_json(args, binary, callback)))
    finally:
        finish(callback)
    return result.to_frame() if as_frame else result


def extra_arguments(extra: ExtraArgs) -> List[str]:
    """CLI arguments from ``extra_args``: a list as it is, or {"name_with_underscores": value}."""
    if isinstance(extra, Mapping):
        out: List[str] = []
        for key, value in extra.items():
            flag = "--" + str(key).replace("_", "-")
            if value is True:
                out.append(flag)
            elif value is False or value is None:
                continue
            else:
                out.append(flag + "=" + (os.fspath(value) if isinstance(value, os.PathLike) else str(value)))
        return out
    if isinstance(extra, (str, bytes)):
        raise TypeError("extra_args: give a list of arguments or a mapping, not one string")
    return [os.fspath(a) if isinstance(a, os.PathLike) else str(a) for a in extra]


def batch(
    manifest: PathLike,
    output_dir: Optional[PathLike] = None,
    jobs: int = 1,
    force: bool = False,
    binary: Optional[PathLike] = None,
    progress: Progress = None,
) -> BatchResult:
    """Run ``mixinfer batch MANIFEST`` and read its results back.

    Tokenizers named by Hub id that are not cached are downloaded (their tokenizer files only) when
    huggingface_hub is installed, and their pairs run after the others.

    Args:
        manifest: batch manifest, JSON or YAML (paths in it are relative to its folder).
        output_dir: ``-o DIR`` (None: mixinfer's default, ``mixinfer-results`` in the current folder).
            Finished pairs found there, and failed ones (their ``.failed`` records), are kept unless ``force``.
        jobs: ``--jobs N``, pairs run at the same time.
        force: ``--force``: recompute results that exist already, failed pairs included.
        binary: the mixinfer executable (default: ``$MIXINFER_BINARY``, else ``mixinfer`` on PATH).
        progress: as for ``infer``; a batch's events also say which pair they belong to (``pair``,
            ``pairs``, ``pair_name``), and a ``batch`` event ends each pair (``status``).

    Returns:
        A BatchResult: ``.results`` {(tokenizer, category_set): InferResult}, ``.summary`` rows,
        ``.summary_frame`` (a DataFrame when pandas is installed, else None).

    Raises:
        BatchError: some pairs failed (``.result`` has the others); MixinferError: the batch could not run.
    """
    out = Path(os.fspath(output_dir)) if output_dir is not None else Path("mixinfer-results")
    callback = handler(progress)
    args = ["batch", os.fspath(manifest), "--output", os.fspath(out), f"--jobs={int(jobs)}"]
    args += ["--progress", "json"] if callback else ["--quiet"]
    if force:
        args.append("--force")
    command = [find_binary(binary), *args]

    runs = 0

    def run_batch() -> BatchResult:
        nonlocal runs
        if runs:
            _forget_missing_tokenizer_failures(out)
        runs += 1
        try:
            run_command(command, callback)
        except MixinferError as error:
            if error.exit_code == 1 and (out / "summary.csv").is_file() and _is_pair_failure(error):
                raise BatchError(error, BatchResult(out, error.message.splitlines())) from None
            raise
        return BatchResult(out)

    try:
        return fetching_tokenizers(run_batch)
    finally:
        finish(callback)


def _forget_missing_tokenizer_failures(out: Path) -> None:
    # Before the run after fetching tokenizers missing from the Hub cache: the failure records their pairs
    # left (OUT/<tokenizer>__<set>.failed) would keep those pairs failed instead of running them again.
    for record in out.glob("*.failed"):
        try:
            with open(record, encoding="utf-8") as f:
                error = json.load(f).get("error", "")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(error, str) and missing_tokenizers(error):
            record.unlink(missing_ok=True)


def _is_pair_failure(error: MixinferError) -> bool:
    # Failed pairs are reported as "mixinfer: error: TOKENIZER × SET: message".
    return all(" × " in line for line in error.message.splitlines())


def inspect(path: PathLike, binary: Optional[PathLike] = None, revision: Optional[str] = None) -> Dict[str, Any]:
    """Describe a tokenizer as mixinfer reads it (``mixinfer inspect PATH --format json``).

    ``path`` may be a Hub id, read at ``revision`` (None: main) from the local Hub cache, and
    downloaded (its tokenizer files only) when it is not cached and huggingface_hub is installed.
    Returns a dict with e.g. ``file``, ``merges``, ``vocabulary_size``, ``format``, ``pretokenizer``.
    """
    args = ["inspect", os.fspath(path), "--format", "json"]
    if revision is not None:
        args += ["--revision", revision]
    value = fetching_tokenizers(lambda: run_json(args, binary))
    if not isinstance(value, dict):
        raise MixinferError(f"mixinfer inspect printed {type(value).__name__}, not an object")
    return value
