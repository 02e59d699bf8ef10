"""Result objects built from mixinfer's JSON and batch output files."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

_PANDAS_HINT = (
    "pandas is needed for to_frame(): pip install pandas "
    "(or install this package with its extra: pip install './python[pandas]')"
)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(_PANDAS_HINT) from exc
    return pandas


def pandas_available() -> bool:
    """Whether pandas can be imported (to_frame() and batch summary frames need it)."""
    try:
        _pandas()
    except ImportError:
        return False
    return True


class InferResult:
    """One ``mixinfer infer --format json`` result.

    ``shares``: {category: share}, largest first (0 for a category not detected; they sum to 1).
    ``detected``: {category: bool}. ``upper``: {category: bound} for the categories not detected (proved when
    ``upper_proved``, with ``prove_bounds=True``; else the paper's LP's share).
    ``confusable``: [(categories, summed share)] the samples cannot tell apart. ``groups``:
    {group: {"share", "categories", "interval"?}}. ``intervals``: {category: (low, high)}, or None
    when the run had no ``--intervals``. ``warnings``: list of {"code", "message", "category"?}
    dicts (empty when there were none or the binary reports none). ``run``: what produced the result (version,
    ``merges_fingerprint``, settings; empty from an older binary). ``raw``: the whole JSON object.
    """

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw: Dict[str, Any] = dict(raw)
        shares = {str(k): float(v) for k, v in dict(raw.get("shares") or {}).items()}
        # Largest first; sorted() is stable, so ties keep mixinfer's order.
        self.shares: Dict[str, float] = dict(sorted(shares.items(), key=lambda kv: -kv[1]))
        intervals = raw.get("intervals")
        self.intervals: Optional[Dict[str, Tuple[float, float]]] = None
        if intervals is not None:
            order = list(self.shares) + [c for c in intervals if c not in self.shares]
            self.intervals = {
                c: (float(intervals[c][0]), float(intervals[c][1])) for c in order if c in intervals
            }
        self.warnings: List[Dict[str, Any]] = [dict(w) for w in raw.get("warnings") or []]
        detected = dict(raw.get("detected") or {})
        self.detected: Dict[str, bool] = {c: bool(detected.get(c, True)) for c in self.shares}
        self.upper: Dict[str, float] = {str(k): float(v) for k, v in dict(raw.get("upper") or {}).items()}
        self.upper_proved: bool = bool(raw.get("upper_proved", False))
        self.confusable: List[Tuple[List[str], float]] = [
            ([str(c) for c in g.get("categories", [])], float(g.get("share", 0.0))) for g in raw.get("confusable") or []
        ]
        self.groups: Dict[str, Dict[str, Any]] = {str(k): dict(v) for k, v in dict(raw.get("groups") or {}).items()}
        self.run: Dict[str, Any] = dict(raw.get("run") or {})

    @property
    def tokenizer(self) -> Optional[str]:
        """The tokenizer path as mixinfer reports it."""
        value = self.raw.get("tokenizer")
        return None if value is None else str(value)

    @property
    def tokenizer_file(self) -> Optional[str]:
        """The file mixinfer read: for a Hub id, the file in its cached snapshot (None if not reported)."""
        value = self.raw.get("tokenizer_file")
        return None if value is None else str(value)

    @property
    def merges_used(self) -> Optional[int]:
        """How many merges were constrained."""
        value = self.raw.get("merges_used")
        return None if value is None else int(value)

    @property
    def sample_bytes(self) -> Dict[str, int]:
        """Bytes of text read per category."""
        return {str(k): int(v) for k, v in dict(self.raw.get("sample_bytes") or {}).items()}

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per category (largest share first), then one per group.

        Columns: category (a group's name for its row), share, low, high (NaN without intervals),
        detected, upper (NaN where detected), sample_bytes, kind ("category" or "group").
        Raises ImportError with an install hint when pandas is missing.
        """
        pd = _pandas()
        intervals = self.intervals or {}
        sample_bytes = self.sample_bytes
        nan = float("nan")
        rows = [
            {
                "category": c,
                "share": s,
                "low": intervals.get(c, (nan, nan))[0],
                "high": intervals.get(c, (nan, nan))[1],
                "detected": self.detected.get(c, True),
                "upper": self.upper.get(c, nan),
                "sample_bytes": sample_bytes.get(c),
                "kind": "category",
            }
            for c, s in self.shares.items()
        ]
        for name, group in self.groups.items():
            low, high = group.get("interval") or (nan, nan)
            rows.append({"category": name, "share": float(group.get("share", nan)), "low": low, "high": high,
                         "detected": True, "upper": nan, "sample_bytes": None, "kind": "group"})
        columns = ["category", "share", "low", "high", "detected", "upper", "sample_bytes", "kind"]
        return pd.DataFrame(rows, columns=columns)

    def __str__(self) -> str:
        width = max([len("category")] + [len(c) for c in self.shares])
        lines = [f"{'category':<{width}}  {'share':>7}" + ("   interval" if self.intervals else "")]
        for c, s in self.shares.items():
            line = f"{c:<{width}}  {100 * s:6.2f}%"
            if self.intervals and c in self.intervals:
                low, high = self.intervals[c]
                line += f"   [{100 * low:.2f}%, {100 * high:.2f}%]"
            lines.append(line)
        about = []
        if self.tokenizer is not None:
            about.append(f"tokenizer {self.tokenizer}")
        if self.merges_used is not None:
            about.append(f"{self.merges_used} merges")
        if about:
            lines.append("")
            lines.append(", ".join(about))
        for w in self.warnings:
            where = f" ({w['category']})" if w.get("category") else ""
            lines.append(f"warning{where}: {w.get('message', w.get('code', ''))}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        top = ", ".join(f"{c}: {s:.3f}" for c, s in list(self.shares.items())[:5])
        more = ", ..." if len(self.shares) > 5 else ""
        extra = f", {len(self.warnings)} warning(s)" if self.warnings else ""
        return f"InferResult({{{top}{more}}}, merges_used={self.merges_used}{extra})"


Pair = Tuple[str, str]


class BatchResult:
    """The output of one ``mixinfer batch`` run, read back from its output folder.

    ``results``: {(tokenizer, category_set): InferResult} for the pairs that finished.
    ``failed``: the pairs listed in summary.csv without a result. ``errors``: mixinfer's error
    lines for failed pairs. ``summary``: summary.csv as a list of row dicts (shares as floats,
    None where empty). ``summary_frame``: the same as a pandas DataFrame, or None without pandas.
    """

    def __init__(self, output_dir: Path, errors: Optional[List[str]] = None) -> None:
        self.output_dir = output_dir
        self.errors: List[str] = list(errors or [])
        self.summary: List[Dict[str, Any]] = _read_summary(output_dir / "summary.csv")
        self.results: Dict[Pair, InferResult] = {}
        self.failed: List[Pair] = []
        for row in self.summary:
            pair = (str(row["tokenizer"]), str(row["category_set"]))
            path = output_dir / f"{pair[0]}__{pair[1]}.json"
            if path.is_file():
                with open(path, encoding="utf-8") as f:
                    self.results[pair] = InferResult(json.load(f))
            else:
                self.failed.append(pair)
        self.summary_frame: Any = None
        if pandas_available():
            self.summary_frame = self.to_frame()

    def to_frame(self) -> Any:
        """summary.csv as a pandas DataFrame (ImportError with an install hint without pandas)."""
        pd = _pandas()
        columns = list(self.summary[0]) if self.summary else ["tokenizer", "category_set"]
        return pd.DataFrame(self.summary, columns=columns)

    def __repr__(self) -> str:
        failed = f", failed={self.failed}" if self.failed else ""
        return f"BatchResult({os.fspath(self.output_dir)!r}, {len(self.results)} result(s){failed})"


def _read_summary(path: Path) -> List[Dict[str, Any]]:
    rows: List[Dict[str, Any]] = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            parsed: Dict[str, Any] = {}
            for key, value in row.items():
                if key in ("tokenizer", "category_set", "warnings"):
                    # warnings: the pair's warning codes, ";"-separated (empty when none).
                    parsed[key] = value
                else:
                    parsed[key] = float(value) if value not in (None, "") else None
            rows.append(parsed)
    return rows
