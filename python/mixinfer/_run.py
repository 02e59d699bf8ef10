"""Finding and running the mixinfer binary; the error it reports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from typing import Any, Callable, Dict, List, Optional, Sequence, Union

PathLike = Union[str, "os.PathLike[str]"]

_ERROR_PREFIX = "mixinfer: error: "
_PARSER_PREFIX = "Error: "  # argument-parser errors (unknown option, missing value): exit 64


class MixinferError(Exception):
    """mixinfer failed: ``message`` is its one-line error (without ``mixinfer: error: ``).

    ``exit_code`` is the process's exit status (None when it did not run), ``command`` the
    argument list that was run and ``stderr`` everything it wrote there.
    """

    def __init__(
        self,
        message: str,
        exit_code: Optional[int] = None,
        command: Optional[List[str]] = None,
        stderr: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.command = command
        self.stderr = stderr

    def __str__(self) -> str:
        return self.message


class BinaryNotFoundError(MixinferError):
    """No mixinfer binary: not given, not in ``$MIXINFER_BINARY``, not on ``PATH``, or not executable."""


def find_binary(binary: Optional[PathLike] = None) -> str:
    """Return the mixinfer executable to run.

    Order: the ``binary`` argument, else ``$MIXINFER_BINARY``, else ``mixinfer`` on ``PATH``.
    Raises BinaryNotFoundError naming what was tried.
    """
    if binary is not None:
        return _checked(os.fspath(binary), "binary= argument")
    env = os.environ.get("MIXINFER_BINARY")
    if env:
        return _checked(env, "$MIXINFER_BINARY")
    found = shutil.which("mixinfer")
    if found is None:
        raise BinaryNotFoundError(
            "no mixinfer binary found: pass binary=..., set $MIXINFER_BINARY, or put mixinfer on PATH "
            "(build it with `swift build -c release`; the binary is .build/release/mixinfer)"
        )
    return found


def _checked(path: str, source: str) -> str:
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return path
    # A bare name (no slash) is looked up on PATH, as a shell would.
    if os.sep not in path:
        found = shutil.which(path)
        if found is not None:
            return found
    raise BinaryNotFoundError(f"mixinfer binary from {source} not found or not executable: {path}")


def error_message(stderr: str, exit_code: int) -> str:
    """The one-line message of a failed run, from its stderr.

    The last ``mixinfer: error: ...`` line(s) (several when a batch has several failed pairs,
    joined by newlines); else an argument-parser ``Error: ...`` line; else the last line.
    """
    lines = [line.rstrip() for line in stderr.splitlines() if line.strip()]
    errors = [line[len(_ERROR_PREFIX):] for line in lines if line.startswith(_ERROR_PREFIX)]
    if errors:
        return "\n".join(errors)
    parser = [line[len(_PARSER_PREFIX):] for line in lines if line.startswith(_PARSER_PREFIX)]
    if parser:
        message = parser[-1]
        if message.startswith("Unknown option"):
            message += " (is this mixinfer binary older than the Python package?)"
        return message
    if lines:
        return lines[-1]
    return f"mixinfer exited with status {exit_code}"


def run(args: Sequence[str], binary: Optional[PathLike] = None) -> str:
    """Run ``mixinfer ARGS...`` and return its stdout; raise MixinferError if it exits non-zero."""
    return run_command([find_binary(binary), *args])


def run_json(
    args: Sequence[str],
    binary: Optional[PathLike] = None,
    progress: Optional[Callable[[Dict[str, Any]], None]] = None,
) -> Any:
    """Run mixinfer and parse its stdout as one JSON value (``progress``: as for run_command)."""
    command = [find_binary(binary), *args]
    out = run_command(command, progress)
    try:
        return json.loads(out)
    except json.JSONDecodeError as exc:
        raise MixinferError(f"mixinfer printed no valid JSON ({exc}): {out[:200]!r}", 0, command) from exc


def run_command(command: List[str], progress: Optional[Callable[[Dict[str, Any]], None]] = None) -> str:
    """Run an argument list (the binary first); its stdout, or MixinferError if it exits non-zero.

    With ``progress``, stderr is read while the binary runs: each line that is a JSON object (the
    events of ``--progress json``) goes to ``progress``; the other lines are the stderr of errors.
    """
    if progress is not None:
        return _run_streaming(command, progress)
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except OSError as exc:
        raise MixinferError(f"cannot run {command[0]}: {exc}", None, command) from exc
    if done.returncode != 0:
        raise MixinferError(error_message(done.stderr, done.returncode), done.returncode, command, done.stderr)
    return done.stdout


def _run_streaming(command: List[str], progress: Callable[[Dict[str, Any]], None]) -> str:
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            encoding="utf-8",
            errors="replace",
        )
    except OSError as exc:
        raise MixinferError(f"cannot run {command[0]}: {exc}", None, command) from exc
    stdout: List[str] = []
    reader = threading.Thread(target=lambda: stdout.append(process.stdout.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    stderr: List[str] = []
    try:
        for line in process.stderr:  # type: ignore[union-attr]
            event = _event(line)
            if event is None:
                stderr.append(line)
            else:
                progress(event)
    except BaseException:
        process.kill()
        raise
    finally:
        process.wait()
        reader.join()
    text = "".join(stderr)
    if process.returncode != 0:
        raise MixinferError(error_message(text, process.returncode), process.returncode, command, text)
    return "".join(stdout)


def _event(line: str) -> Optional[Dict[str, Any]]:
    """A progress event (a JSON object with a ``phase``), or None for any other line."""
    if not line.startswith("{"):
        return None
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) and "phase" in value else None


def version(binary: Optional[PathLike] = None) -> Optional[str]:
    """The binary's ``mixinfer --version`` string, or None if this binary has no ``--version``."""
    try:
        out = run(["--version"], binary)
    except BinaryNotFoundError:
        raise
    except MixinferError:
        return None
    return out.strip() or None


def supports(flag: str, command: str = "infer", binary: Optional[PathLike] = None) -> bool:
    """Whether ``mixinfer help COMMAND`` lists ``flag`` (e.g. ``"--intervals"``) among its options."""
    for line in run(["help", command], binary).splitlines():
        words = line.split()
        # Option lines start with their names: "  --merges <merges>", "  -q, --quiet".
        names = []
        for word in words:
            if not word.startswith("-"):
                break
            names.append(word.rstrip(","))
        if flag in names:
            return True
    return False
