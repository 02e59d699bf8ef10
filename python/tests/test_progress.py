"""progress=: the binary's --progress json events, to a callback, a tqdm bar or a line on stderr."""

from __future__ import annotations

import os
import stat
import sys
import types
from pathlib import Path
from typing import Any, Dict, List

import pytest

import mixinfer
from conftest import SAMPLES

TOKENIZER = SAMPLES / "tokenizers" / "claude-legacy.json"
CATEGORIES = SAMPLES / "categories"
SMALL = dict(merges=100, sample_bytes=50_000, cache_dir=False)
FIELDS = {"phase", "done", "total", "unit", "elapsed", "remaining", "finished", "message"}


def phases(events: List[Dict[str, Any]]) -> List[str]:
    out: List[str] = []
    for event in events:
        if not out or out[-1] != event["phase"]:
            out.append(event["phase"])
    return out


def test_a_callback_gets_the_events_of_each_phase_in_order(binary: str) -> None:
    events: List[Dict[str, Any]] = []
    plain = {"gap": 0.01, "no_presence": True}   # the solve's last event is then the estimate's own LP
    result = mixinfer.infer(TOKENIZER, CATEGORIES, extra_args=plain, progress=events.append, **SMALL)
    assert phases(events) == ["counting", "replay", "solve"]
    assert all(FIELDS <= event.keys() for event in events)
    for phase in ("counting", "replay", "solve"):
        own = [e for e in events if e["phase"] == phase]
        assert [e["finished"] for e in own] == [False] * (len(own) - 1) + [True]
        assert all(e["total"] is None or e["done"] <= e["total"] for e in own)
    counted = [e for e in events if e["phase"] == "counting"][-1]
    assert counted["files_done"] == counted["files_total"] == 140
    solved = events[-1]
    assert solved["phase"] == "solve" and solved["target"] == 0.01 and solved["gap"] <= 0.01
    assert solved["done"] == result.raw["lp_rounds"]
    quiet = mixinfer.infer(TOKENIZER, CATEGORIES, extra_args=plain, **SMALL)
    assert result.shares == quiet.shares, "progress never changes a result"


class FakeBar:
    """Records what TqdmProgress does to a tqdm bar."""

    made: List["FakeBar"] = []

    def __init__(self, **options: Any) -> None:
        self.options = options
        self.total = options.get("total")
        self.n = 0
        self.postfix = ""
        self.refreshed = 0
        self.closed = False
        FakeBar.made.append(self)

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        self.postfix = text

    def refresh(self) -> None:
        self.refreshed += 1

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def fake_tqdm(monkeypatch: pytest.MonkeyPatch) -> List[FakeBar]:
    FakeBar.made = []
    package = types.ModuleType("tqdm")
    auto = types.ModuleType("tqdm.auto")
    auto.tqdm = FakeBar  # type: ignore[attr-defined]
    package.auto = auto  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tqdm", package)
    monkeypatch.setitem(sys.modules, "tqdm.auto", auto)
    return FakeBar.made


def test_progress_true_shows_a_tqdm_bar_per_phase_when_tqdm_is_installed(binary: str, fake_tqdm: List[FakeBar]) -> None:
    mixinfer.infer(TOKENIZER, CATEGORIES, extra_args={"gap": 0.01}, progress=True, **SMALL)
    assert [bar.options["desc"] for bar in fake_tqdm] == ["counting", "replay", "solve", "presence"]
    counting, replay, solve, presence = fake_tqdm
    assert counting.options["unit"] == "B" and counting.options["unit_scale"]
    assert counting.n == counting.options["total"] > 0
    assert replay.n == replay.options["total"] == 100 * 10
    assert solve.options["total"] is None and solve.n > 0
    assert solve.postfix.startswith("gap ") and solve.postfix.endswith("→ 1%")
    assert presence.n == presence.total >= presence.options["total"] > 0   # the swap tests extend the total
    assert all(bar.closed and bar.refreshed > 0 for bar in fake_tqdm)


def test_progress_true_without_tqdm_rewrites_one_line_on_stderr(
    binary: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    mixinfer.infer(TOKENIZER, CATEGORIES, progress=True, **SMALL)
    err = capsys.readouterr().err
    assert "\n" not in err
    assert "\rmixinfer: counting done: " in err and "\rmixinfer: solve done: " in err
    assert err.endswith("\r")


def test_batch_events_say_which_pair_and_end_each_pair(binary: str, tmp_path: Path) -> None:
    manifest = tmp_path / "m.json"
    manifest.write_text(
        f'{{"categories": "{CATEGORIES}", "tokenizers": ["{TOKENIZER}"], "merges": 50, "sample_bytes": 30000}}'
    )
    events: List[Dict[str, Any]] = []
    mixinfer.batch(manifest, output_dir=tmp_path / "out", progress=events.append)
    assert phases(events)[-1] == "batch"
    assert all(e["pair"] == 1 and e["pairs"] == 1 and e["pair_name"] == "claude-legacy × default" for e in events)
    assert events[-1]["status"] == "ok" and events[-1]["finished"]


def fake_binary(tmp_path: Path, script: str) -> str:
    path = tmp_path / "mixinfer"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return os.fspath(path)


def test_other_stderr_lines_still_make_the_error_and_events_before_it_arrive(tmp_path: Path) -> None:
    binary = fake_binary(
        tmp_path,
        """echo '{"phase": "counting", "done": 1, "total": 2, "unit": "bytes", "elapsed": 0.1, "remaining": null, "finished": false, "message": "m"}' >&2
echo '{not json' >&2
echo 'mixinfer: error: boom' >&2
exit 1
""",
    )
    events: List[Dict[str, Any]] = []
    with pytest.raises(mixinfer.MixinferError) as info:
        mixinfer.infer(TOKENIZER, CATEGORIES, binary=binary, progress=events.append)
    assert info.value.message == "boom"
    assert info.value.exit_code == 1
    assert "{not json" in info.value.stderr and '"phase"' not in info.value.stderr
    assert [e["done"] for e in events] == [1]
    assert "--progress" in info.value.command and "--quiet" not in info.value.command


def test_without_progress_the_binary_runs_quiet(tmp_path: Path) -> None:
    binary = fake_binary(tmp_path, 'echo "$@" >&2\nexit 2\n')
    with pytest.raises(mixinfer.MixinferError) as info:
        mixinfer.infer(TOKENIZER, CATEGORIES, binary=binary)
    assert "--quiet" in info.value.command and "--progress" not in info.value.command
    with pytest.raises(TypeError):
        mixinfer.infer(TOKENIZER, CATEGORIES, binary=binary, progress="yes")  # type: ignore[arg-type]
