"""Tokenizers by Hub id through the Python door, against a Hub cache layout made in a temporary folder.

huggingface_hub is never imported for real and nothing is downloaded: the tests either hide the
module (as if it were not installed) or put a stand-in whose snapshot_download writes the files.
"""

from __future__ import annotations

import shutil
import sys
import types
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

import mixinfer
from mixinfer._hub import hub_cache_dir, missing_tokenizers
from conftest import REPO, SAMPLES

CLAUDE = SAMPLES / "tokenizers" / "claude-legacy.json"
HF_FIXTURE = REPO / "Tests" / "Fixtures" / "hf-mixture" / "tokenizer.json"
CATEGORIES = SAMPLES / "categories"


def add_model(cache: Path, repo_id: str, commit: str, source: Path, ref: str = "main") -> Path:
    """Put ``source`` as tokenizer.json of ``repo_id`` at ``commit`` (a link into blobs/, as the Hub cache has it)."""
    root = cache / ("models--" + repo_id.replace("/", "--"))
    (root / "blobs").mkdir(parents=True, exist_ok=True)
    blob = root / "blobs" / (commit + "-tokenizer")
    shutil.copyfile(source, blob)
    snapshot = root / "snapshots" / commit
    snapshot.mkdir(parents=True, exist_ok=True)
    (snapshot / "tokenizer.json").symlink_to(Path("..") / ".." / "blobs" / blob.name)
    (root / "refs").mkdir(exist_ok=True)
    (root / "refs" / ref).write_text(commit)
    return snapshot / "tokenizer.json"


@pytest.fixture
def hub_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty Hub cache that mixinfer (a child process) and this package both use."""
    cache = tmp_path / "hub"
    cache.mkdir()
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    for name in ("HUGGINGFACE_HUB_CACHE", "HF_HOME"):
        monkeypatch.delenv(name, raising=False)
    return cache


class FakeHub:
    """A stand-in huggingface_hub whose snapshot_download puts Claude's file in the cache it is given."""

    def __init__(self, fail: Optional[Exception] = None) -> None:
        self.calls: List[Dict[str, Any]] = []
        self.fail = fail
        self.module = types.ModuleType("huggingface_hub")
        self.module.snapshot_download = self.snapshot_download  # type: ignore[attr-defined]

    def snapshot_download(self, **kwargs: Any) -> str:
        self.calls.append(kwargs)
        if self.fail is not None:
            raise self.fail
        path = add_model(Path(kwargs["cache_dir"]), kwargs["repo_id"], "f" * 40, CLAUDE, kwargs["revision"] or "main")
        return str(path.parent)


def test_infer_reads_a_hub_id_from_the_cache(binary: str, hub_cache: Path) -> None:
    file = add_model(hub_cache, "Xenova/claude-tokenizer", "a" * 40, CLAUDE)
    result = mixinfer.infer("Xenova/claude-tokenizer", CATEGORIES, merges=100, sample_bytes=50_000, cache_dir=False)
    assert result.tokenizer == "Xenova/claude-tokenizer"
    assert result.tokenizer_file == str(file)
    assert len(result.shares) == 10


def test_inspect_reads_another_revision(binary: str, hub_cache: Path) -> None:
    add_model(hub_cache, "org/model", "a" * 40, CLAUDE)
    v2 = add_model(hub_cache, "org/model", "b" * 40, HF_FIXTURE, ref="v2")
    assert mixinfer.inspect("org/model", revision="v2")["file"] == str(v2)
    assert mixinfer.inspect("org/model")["merges"] != mixinfer.inspect("org/model", revision="v2")["merges"]


def test_uncached_id_without_huggingface_hub_says_to_install_it(
    binary: str, hub_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "huggingface_hub", None)  # `import huggingface_hub` raises ImportError
    with pytest.raises(mixinfer.MixinferError) as info:
        mixinfer.inspect("org/missing")
    message = info.value.message
    assert "hf download org/missing tokenizer.json" in message
    assert "pip install huggingface_hub" in message
    assert "\n" not in message
    assert info.value.exit_code == 1


def test_uncached_id_is_fetched_through_huggingface_hub(
    binary: str, hub_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = FakeHub()
    monkeypatch.setitem(sys.modules, "huggingface_hub", hub.module)
    described = mixinfer.inspect("org/fetched", revision="v3")
    assert described["file"].startswith(str(hub_cache / "models--org--fetched" / "snapshots"))
    assert len(hub.calls) == 1
    call = hub.calls[0]
    assert (call["repo_id"], call["revision"], call["cache_dir"]) == ("org/fetched", "v3", str(hub_cache))
    assert call["allow_patterns"] == ["tokenizer.json", "tekken.json", "tokenizer.model", "merges.txt", "vocab.json"]
    mixinfer.inspect("org/fetched", revision="v3")
    assert len(hub.calls) == 1, "a cached id is not fetched again"


def test_a_failed_download_is_a_mixinfer_error(binary: str, hub_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "huggingface_hub", FakeHub(fail=OSError("401 gated")).module)
    with pytest.raises(mixinfer.MixinferError) as info:
        mixinfer.inspect("meta-llama/Llama-3.1-8B")
    assert "downloading its tokenizer files failed: 401 gated" in info.value.message
    assert "hf auth login" in info.value.message


def test_batch_fetches_the_ids_it_misses_and_runs_their_pairs(
    binary: str, hub_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = FakeHub()
    monkeypatch.setitem(sys.modules, "huggingface_hub", hub.module)
    add_model(hub_cache, "Xenova/claude-tokenizer", "a" * 40, CLAUDE)
    cats = tmp_path / "cats"
    for name in ("de", "python"):
        (cats / name).mkdir(parents=True)
        shutil.copyfile(CATEGORIES / name / "000.txt", cats / name / "000.txt")
    manifest = tmp_path / "batch.json"
    manifest.write_text(
        '{"categories": "cats", "merges": 100, "tokenizers": ["Xenova/claude-tokenizer", "org/fetched"]}'
    )
    result = mixinfer.batch(manifest, output_dir=tmp_path / "out")
    assert sorted(result.results) == [("claude-tokenizer", "default"), ("fetched", "default")]
    assert [call["repo_id"] for call in hub.calls] == ["org/fetched"]
    assert not list((tmp_path / "out").glob("*.failed")), "the fetched pair's failure record is gone"


def test_fetch_commands_are_read_from_mixinfer_errors() -> None:
    message = (
        "a × default: org/x: no such file; fetch only its tokenizer with "
        "`hf download org/x --revision 'my branch' tokenizer.json vocab.json` (…)\n"
        "org/y: no such file; fetch only its tokenizer with `hf download org/y tokenizer.json` (…)"
    )
    assert missing_tokenizers(message) == [
        ("org/x", "my branch", ["tokenizer.json", "vocab.json"]),
        ("org/y", None, ["tokenizer.json"]),
    ]
    assert missing_tokenizers("tok.json: cannot read tokenizer: no such file") == []


def test_hub_cache_is_found_as_huggingface_hub_finds_it() -> None:
    assert hub_cache_dir({"HF_HUB_CACHE": "/c", "HF_HOME": "/h"}) == "/c"
    assert hub_cache_dir({"HF_HOME": "/h", "XDG_CACHE_HOME": "/x"}) == "/h/hub"
    assert hub_cache_dir({"XDG_CACHE_HOME": "/x"}) == "/x/huggingface/hub"
