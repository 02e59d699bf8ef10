"""Tests of the Python package against the real mixinfer binary (see conftest.py)."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import List

import pytest

import mixinfer
from conftest import REPO, SAMPLES

TOKENIZER = SAMPLES / "tokenizers" / "claude-legacy.json"
CATEGORIES = SAMPLES / "categories"
SAMPLE_CATEGORIES = sorted(p.name for p in CATEGORIES.iterdir() if p.is_dir())
# Small enough for a debug build on a busy machine (a few seconds per run).
MERGES = 100
SAMPLE_BYTES = 50_000


@pytest.fixture(scope="module")
def sample_result(binary: str, tmp_path_factory: pytest.TempPathFactory) -> mixinfer.InferResult:
    """One small infer on the shipped samples, shared by the tests that only read it."""
    cache = tmp_path_factory.mktemp("explicit-cache")
    return mixinfer.infer(TOKENIZER, CATEGORIES, cache_dir=cache, merges=MERGES, sample_bytes=SAMPLE_BYTES)


# --- infer ------------------------------------------------------------------


def test_infer_on_samples_gives_shares_summing_to_one(sample_result: mixinfer.InferResult) -> None:
    assert len(SAMPLE_CATEGORIES) == 10
    assert sorted(sample_result.shares) == SAMPLE_CATEGORIES
    assert math.isclose(sum(sample_result.shares.values()), 1.0, abs_tol=1e-6)
    assert all(0.0 <= s <= 1.0 for s in sample_result.shares.values())
    values = list(sample_result.shares.values())
    assert values == sorted(values, reverse=True), "shares are ordered largest first"
    assert sample_result.merges_used == 100
    assert sorted(sample_result.sample_bytes) == SAMPLE_CATEGORIES
    assert all(0 < b <= 50_000 for b in sample_result.sample_bytes.values())
    assert sample_result.raw["shares"].keys() == sample_result.shares.keys()
    assert isinstance(sample_result.warnings, list)
    assert sample_result.run["merges_replayed"] == MERGES
    assert sample_result.run["sample_bytes_limit"] == SAMPLE_BYTES
    assert sample_result.run["merges_fingerprint"].startswith("fnv1a64:")


def test_infer_without_intervals_has_none(sample_result: mixinfer.InferResult) -> None:
    assert sample_result.intervals is None


def test_str_is_a_table_and_repr_a_summary(sample_result: mixinfer.InferResult) -> None:
    text = str(sample_result)
    lines = text.splitlines()
    assert lines[0].split() == ["category", "share"]
    top = next(iter(sample_result.shares))
    assert lines[1].split()[0] == top
    assert lines[1].split()[1] == f"{100 * sample_result.shares[top]:.2f}%"
    for category in SAMPLE_CATEGORIES:
        assert any(line.split()[:1] == [category] for line in lines)
    assert "100 merges" in text
    assert repr(sample_result).startswith(f"InferResult({{{top}: ")


def test_as_frame_returns_a_dataframe(binary: str) -> None:
    pd = pytest.importorskip("pandas")
    frame = mixinfer.infer(
        TOKENIZER, CATEGORIES, merges=MERGES, sample_bytes=SAMPLE_BYTES, extra_args={"max_rounds": 0}, as_frame=True
    )
    assert isinstance(frame, pd.DataFrame)
    assert sorted(frame["category"]) == SAMPLE_CATEGORIES


def test_bad_tokenizer_path_raises_with_the_file_named(binary: str, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-tokenizer.json"
    with pytest.raises(mixinfer.MixinferError) as info:
        mixinfer.infer(missing, CATEGORIES, cache_dir=False, merges=MERGES, sample_bytes=SAMPLE_BYTES)
    err = info.value
    assert "no-such-tokenizer.json" in err.message
    assert not err.message.startswith("mixinfer: error:")
    assert "\n" not in err.message
    assert str(err) == err.message
    assert err.exit_code not in (None, 0)
    assert err.command is not None and err.command[0] == binary
    assert str(missing) in err.command and "--no-cache" in err.command


def test_a_negative_number_is_refused_by_its_own_check_not_read_as_an_option(binary: str) -> None:
    with pytest.raises(mixinfer.MixinferError, match="--merges must be positive"):
        mixinfer.infer(TOKENIZER, CATEGORIES, cache_dir=False, merges=-3)
    with pytest.raises(mixinfer.MixinferError, match="--gap must be at least 0"):
        mixinfer.infer(TOKENIZER, CATEGORIES, cache_dir=False, merges=MERGES, extra_args={"gap": -0.5})


def test_unknown_option_is_reported(binary: str) -> None:
    with pytest.raises(mixinfer.MixinferError) as info:
        mixinfer.infer(TOKENIZER, CATEGORIES, extra_args=["--no-such-option"])
    assert "--no-such-option" in info.value.message
    assert info.value.exit_code == 64


def test_extra_args_mapping_becomes_flags() -> None:
    from mixinfer._api import extra_arguments

    assert extra_arguments({"time_limit": 60, "intervals": True, "baselines": False, "top": None, "gap": -1}) == [
        "--time-limit=60",
        "--intervals",
        "--gap=-1",
    ]
    assert extra_arguments(["--gap", 0.01, Path("x")]) == ["--gap", "0.01", "x"]
    with pytest.raises(TypeError):
        extra_arguments("--intervals")


def test_extra_args_reach_the_binary(binary: str) -> None:
    # --max-rounds 0: replay only, the shares stay uniform (fast, and visibly applied).
    result = mixinfer.infer(
        TOKENIZER, CATEGORIES, merges=MERGES, sample_bytes=SAMPLE_BYTES, extra_args={"max_rounds": 0}
    )
    assert all(math.isclose(s, 0.1, abs_tol=1e-9) for s in result.shares.values())


# --- to_frame ---------------------------------------------------------------


def test_to_frame(sample_result: mixinfer.InferResult) -> None:
    pytest.importorskip("pandas")
    frame = sample_result.to_frame()
    assert list(frame.columns) == ["category", "share", "low", "high", "detected", "upper", "sample_bytes", "kind"]
    assert list(frame["category"]) == list(sample_result.shares)
    assert math.isclose(frame["share"].sum(), 1.0, abs_tol=1e-6)
    assert frame["low"].isna().all() and frame["high"].isna().all()
    assert list(frame["sample_bytes"]) == [sample_result.sample_bytes[c] for c in sample_result.shares]
    assert set(frame["kind"]) == {"category"}


def test_result_reads_presence_confusable_and_groups_in_the_designed_shape() -> None:
    raw = {
        "shares": {"en": 0.6, "pt": 0.25, "pt-pt": 0.15, "ja": 0.0},
        "detected": {"en": True, "pt": True, "pt-pt": True, "ja": False},
        "upper": {"ja": 0.003},
        "upper_proved": True,
        "confusable": [{"categories": ["pt", "pt-pt"], "share": 0.4}],
        "groups": {"non-English": {"share": 0.4, "categories": ["pt", "pt-pt", "ja"], "interval": [0.35, 0.45]}},
        "sample_bytes": {"en": 1, "pt": 1, "pt-pt": 1, "ja": 1},
    }
    result = mixinfer.InferResult(raw)
    assert result.detected == {"en": True, "pt": True, "pt-pt": True, "ja": False}
    assert result.upper == {"ja": 0.003}
    assert result.upper_proved and not mixinfer.InferResult({"shares": {"en": 1.0}}).upper_proved
    assert result.confusable == [(["pt", "pt-pt"], 0.4)]
    assert result.groups["non-English"]["share"] == 0.4
    if mixinfer.pandas_available():
        frame = result.to_frame()
        assert list(frame["kind"]) == ["category"] * 4 + ["group"]
        assert list(frame["detected"]) == [True, True, True, False, True]
        assert frame["upper"].iloc[3] == 0.003 and math.isnan(frame["upper"].iloc[0])
        assert list(frame["low"])[-1] == 0.35


def test_to_frame_without_pandas_says_how_to_install(
    sample_result: mixinfer.InferResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` raise ImportError
    with pytest.raises(ImportError, match="pip install pandas"):
        sample_result.to_frame()
    assert not mixinfer.pandas_available()


def test_result_reads_intervals_and_warnings_in_the_designed_shape() -> None:
    # Parsing only, on a hand-written object of the documented JSON shape; the binary's own
    # output is checked by the needs_intervals / needs_warnings tests below.
    raw = {
        "shares": {"a": 0.25, "b": 0.75},
        "intervals": {"a": [0.2, 0.3], "b": [0.7, 0.8]},
        "warnings": [{"code": "small_sample", "message": "a: only 10 bytes", "category": "a"}],
        "merges_used": 5,
        "sample_bytes": {"a": 10, "b": 20},
    }
    result = mixinfer.InferResult(raw)
    assert list(result.shares) == ["b", "a"]
    assert result.intervals == {"b": (0.7, 0.8), "a": (0.2, 0.3)}
    assert result.warnings == raw["warnings"]
    text = str(result)
    assert "[70.00%, 80.00%]" in text and "warning (a): a: only 10 bytes" in text
    assert "1 warning(s)" in repr(result)
    if mixinfer.pandas_available():
        frame = result.to_frame()
        assert list(frame["low"]) == [0.7, 0.2] and list(frame["high"]) == [0.8, 0.3]


# --- inspect, version, binary lookup ----------------------------------------


def test_inspect_returns_the_merge_count(binary: str) -> None:
    info = mixinfer.inspect(TOKENIZER)
    assert info["merges"] == 64739
    assert info["vocabulary_size"] == 65000


def test_explicit_binary_argument(binary: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MIXINFER_BINARY")
    monkeypatch.setenv("PATH", "")
    assert mixinfer.inspect(TOKENIZER, binary=binary)["merges"] == 64739
    with pytest.raises(mixinfer.BinaryNotFoundError, match="no mixinfer binary found"):
        mixinfer.inspect(TOKENIZER)


def test_missing_binary_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    absent = tmp_path / "mixinfer"
    with pytest.raises(mixinfer.BinaryNotFoundError, match="binary= argument"):
        mixinfer.infer(TOKENIZER, CATEGORIES, binary=absent)
    monkeypatch.setenv("MIXINFER_BINARY", str(absent))
    with pytest.raises(mixinfer.MixinferError, match=r"\$MIXINFER_BINARY.*" + absent.name):
        mixinfer.inspect(TOKENIZER)


def test_version_is_a_string_or_none(binary: str) -> None:
    value = mixinfer.version()
    assert value is None or (isinstance(value, str) and value)


def test_supports_reads_the_help(binary: str) -> None:
    assert mixinfer.supports("--merges")
    assert mixinfer.supports("--quiet")
    assert not mixinfer.supports("--no-such-option")
    assert mixinfer.supports("--jobs", command="batch")


# --- batch ------------------------------------------------------------------


def _manifest_yaml(tokenizers: List[str]) -> str:
    lines = [f"categories: {json.dumps(str(CATEGORIES))}", "tokenizers:"]
    lines += [f"  - {t}" for t in tokenizers]
    lines += [f"merges: {MERGES}", f"sample_bytes: {SAMPLE_BYTES}"]
    return "\n".join(lines) + "\n"


def test_batch_on_a_yaml_manifest(binary: str, tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(_manifest_yaml([json.dumps(str(TOKENIZER))]), encoding="utf-8")
    out = tmp_path / "results"
    result = mixinfer.batch(manifest, output_dir=out)
    assert result.output_dir == out
    assert list(result.results) == [("claude-legacy", "default")]
    pair = result.results[("claude-legacy", "default")]
    assert sorted(pair.shares) == SAMPLE_CATEGORIES
    assert math.isclose(sum(pair.shares.values()), 1.0, abs_tol=1e-6)
    assert pair.merges_used == 100
    assert result.failed == [] and result.errors == []
    assert [(row["tokenizer"], row["category_set"]) for row in result.summary] == [("claude-legacy", "default")]
    row = result.summary[0]
    for category in SAMPLE_CATEGORIES:
        assert math.isclose(row[category], pair.shares[category], abs_tol=5e-5)  # summary.csv: 4 decimals
    if mixinfer.pandas_available():
        assert list(result.summary_frame["tokenizer"]) == ["claude-legacy"]
    else:
        assert result.summary_frame is None


def test_batch_with_a_failing_pair_raises_with_the_rest(binary: str, tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(
        json.dumps(
            {
                "categories": str(CATEGORIES),
                "tokenizers": [{"name": "broken", "path": str(tmp_path / "absent.json")}],
                "merges": MERGES,
                "sample_bytes": SAMPLE_BYTES,
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(mixinfer.BatchError) as info:
        mixinfer.batch(manifest, output_dir=tmp_path / "out", jobs=2, force=True)
    err = info.value
    assert "absent.json" in err.message and err.exit_code == 1
    assert err.result.failed == [("broken", "default")]
    assert err.result.results == {}
    assert len(err.result.errors) == 1


def test_batch_manifest_error_is_a_plain_error(binary: str, tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text('{"tokenizers": []}', encoding="utf-8")
    with pytest.raises(mixinfer.MixinferError) as info:
        mixinfer.batch(manifest, output_dir=tmp_path / "out")
    assert not isinstance(info.value, mixinfer.BatchError)
    assert "manifest.json" in info.value.message


# --- features being added to the binary (skipped until it has them) ---------


@pytest.mark.needs_intervals
def test_intervals_bracket_the_shares(binary: str) -> None:
    result = mixinfer.infer(TOKENIZER, CATEGORIES, intervals=True, merges=MERGES, sample_bytes=SAMPLE_BYTES)
    assert result.intervals is not None
    assert list(result.intervals) == list(result.shares)
    for category, (low, high) in result.intervals.items():
        assert 0.0 <= low <= result.shares[category] + 1e-9
        assert result.shares[category] - 1e-9 <= high <= 1.0
    assert "interval" in str(result).splitlines()[0]
    if mixinfer.pandas_available():
        frame = result.to_frame()
        assert frame["low"].notna().all() and frame["high"].notna().all()
        assert (frame["low"] <= frame["high"]).all()


@pytest.mark.needs_warnings
def test_warnings_are_a_list_of_coded_messages(sample_result: mixinfer.InferResult) -> None:
    assert isinstance(sample_result.raw.get("warnings"), list), "the binary reports `warnings`"
    for warning in sample_result.warnings:
        assert isinstance(warning["code"], str) and warning["code"]
        assert isinstance(warning["message"], str) and warning["message"]
        assert isinstance(warning.get("category", ""), str)


@pytest.mark.needs_warnings
def test_strict_turns_warnings_into_exit_3(sample_result: mixinfer.InferResult) -> None:
    if sample_result.warnings:
        with pytest.raises(mixinfer.MixinferError) as info:
            mixinfer.infer(TOKENIZER, CATEGORIES, strict=True, merges=MERGES, sample_bytes=SAMPLE_BYTES)
        assert info.value.exit_code == 3
    else:
        strict = mixinfer.infer(TOKENIZER, CATEGORIES, strict=True, merges=MERGES, sample_bytes=SAMPLE_BYTES)
        assert strict.shares == pytest.approx(sample_result.shares, abs=1e-9)


@pytest.mark.needs_text_field
def test_text_field_reads_jsonl_samples(binary: str, tmp_path: Path) -> None:
    categories = tmp_path / "categories"
    categories.mkdir()
    for name in ("en", "python"):
        with open(categories / f"{name}.jsonl", "w", encoding="utf-8") as out:
            for path in sorted((CATEGORIES / name).glob("*.txt"))[:2]:
                out.write(json.dumps({"id": path.name, "body": path.read_text(encoding="utf-8")}) + "\n")
    result = mixinfer.infer(TOKENIZER, categories, text_field="body", merges=MERGES, sample_bytes=SAMPLE_BYTES)
    assert sorted(result.shares) == ["en", "python"]
    assert math.isclose(sum(result.shares.values()), 1.0, abs_tol=1e-6)
    assert all(b > 0 for b in result.sample_bytes.values())


def test_samples_are_where_the_tests_expect() -> None:
    assert (REPO / "Package.swift").is_file() and TOKENIZER.is_file()


# --- the example notebook ----------------------------------------------------


def test_example_notebook_is_valid_and_stripped() -> None:
    path = REPO / "Examples" / "notebook.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code, "the notebook has code cells"
    for cell in code:
        assert cell["outputs"] == [] and cell["execution_count"] is None, "outputs are stripped"
        compile("".join(cell["source"]), f"{path.name} cell", "exec")
    source = "\n".join("".join(cell["source"]) for cell in code)
    assert "mixinfer.infer(" in source and "barh(" in source
    try:
        import nbformat
    except ImportError:
        return  # run-tests installs it; the checks above hold without it
    nbformat.validate(nbformat.read(str(path), as_version=4))  # type: ignore[no-untyped-call]


def test_batch_summary_keeps_the_warning_codes_as_text(tmp_path: Path) -> None:
    from mixinfer._results import _read_summary

    path = tmp_path / "summary.csv"
    path.write_text("tokenizer,category_set,en,group:code,warnings\nt,default,0.75,0.25,small_sample;poor_coverage\n"
                    "u,default,,,\n", encoding="utf-8")
    rows = _read_summary(path)
    assert rows[0] == {"tokenizer": "t", "category_set": "default", "en": 0.75, "group:code": 0.25,
                       "warnings": "small_sample;poor_coverage"}
    assert rows[1]["en"] is None and rows[1]["warnings"] == ""
