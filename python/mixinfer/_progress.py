"""Progress of a running mixinfer: its ``--progress json`` events, to a callback or a tqdm bar.

Each event is a dict with the fields of docs/output.md ("Progress events"): ``phase`` (counting,
replay, solve, intervals, batch), ``done``, ``total`` (None for the solve), ``unit``, ``elapsed``,
``remaining`` (seconds left where it can be estimated), ``finished``, ``message`` (the line
``mixinfer -v`` prints); counting adds ``files_done``/``files_total``, the solve ``lower``,
``upper``, ``gap`` and ``target``, a batch ``pair``, ``pairs``, ``pair_name`` and ``status``.
"""

from __future__ import annotations

import sys
from typing import Any, Callable, Dict, Optional, TextIO, Union

ProgressEvent = Dict[str, Any]
ProgressCallback = Callable[[ProgressEvent], None]
Progress = Union[None, bool, ProgressCallback]


def handler(progress: Progress) -> Optional["ProgressCallback"]:
    """What receives the events for a function's ``progress=`` argument.

    None or False: nothing (mixinfer runs with ``--quiet``); a callable: called with each event;
    True: a tqdm bar per phase when tqdm is installed, else one line on stderr that rewrites itself.
    """
    if progress is None or progress is False:
        return None
    if progress is True:
        try:
            from tqdm.auto import tqdm
        except ImportError:
            return LineProgress(sys.stderr)
        return TqdmProgress(tqdm)
    if callable(progress):
        return progress
    raise TypeError("progress: give True, False, None or a callable taking one event (a dict)")


def finish(callback: Optional[ProgressCallback]) -> None:
    """Ends the bars or line of a handler made here (a user's callback is left alone)."""
    if isinstance(callback, (TqdmProgress, LineProgress)):
        callback.close()


def _label(event: ProgressEvent) -> str:
    if "pair" in event and event["phase"] != "batch":
        return f"pair {event['pair']} of {event['pairs']} · {event['phase']}"
    return event["phase"]


class TqdmProgress:
    """One tqdm bar per phase (per pair in a batch), and one for a batch's pairs; ``close()`` ends them."""

    def __init__(self, tqdm: Callable[..., Any]) -> None:
        self._tqdm = tqdm
        self._bar: Any = None
        self._key: Any = None
        self._pairs: Any = None

    def __call__(self, event: ProgressEvent) -> None:
        if event["phase"] == "batch":
            self._pair_finished(event)
            return
        key = (event.get("pair"), event["phase"])
        if key != self._key:
            self._close_phase()
            self._key = key
            bytes_ = event["unit"] == "bytes"
            self._bar = self._tqdm(
                total=event["total"], desc=_label(event), unit="B" if bytes_ else " " + event["unit"],
                unit_scale=bytes_, leave=False, position=1 if self._pairs is not None else 0,
            )
        bar = self._bar
        bar.total = event["total"]   # a phase can find more work on the way (presence's swap tests)
        bar.n = event["done"]
        if event["phase"] == "solve" and event.get("gap") is not None:
            target = f"{100 * event['target']:.2g}%" if event["target"] > 0 else "exact"
            bar.set_postfix_str(f"gap {100 * event['gap']:.2g}% → {target}", refresh=False)
        elif "files_done" in event:
            bar.set_postfix_str(f"{event['files_done']} of {event['files_total']} files", refresh=False)
        bar.refresh()
        if event["finished"]:
            self._close_phase()

    def _pair_finished(self, event: ProgressEvent) -> None:
        if self._pairs is None:
            self._pairs = self._tqdm(total=event["total"], desc="pairs", unit=" pairs", position=0)
        self._pairs.n = event["done"]
        self._pairs.set_postfix_str(f"{event.get('pair_name', '')}: {event.get('status', '')}", refresh=False)
        self._pairs.refresh()

    def _close_phase(self) -> None:
        if self._bar is not None:
            self._bar.close()
        self._bar, self._key = None, None

    def close(self) -> None:
        self._close_phase()
        if self._pairs is not None:
            self._pairs.close()
            self._pairs = None


class LineProgress:
    """Each event's message on one line of ``stream`` that rewrites itself; ``close()`` ends the line."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._width = 0

    def __call__(self, event: ProgressEvent) -> None:
        text = "mixinfer: " + (f"pair {event['pair']} of {event['pairs']} · " if "pair" in event else "") + event["message"]
        self._stream.write("\r" + text.ljust(self._width))
        self._stream.flush()
        self._width = len(text)

    def close(self) -> None:
        if self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
            self._width = 0
