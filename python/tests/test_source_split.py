"""scripts/research/source-split.py (the source shift of eval-hf.py and eval-sp.py) splits as `mixinfer evaluate --shift` does."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

from conftest import REPO, SAMPLES

spec = importlib.util.spec_from_file_location("source_split", REPO / "scripts" / "research" / "source-split.py")
source_split = importlib.util.module_from_spec(spec)
spec.loader.exec_module(source_split)


def make_corpus(root: Path) -> dict:
    """Each Samples file of de, fr and python is one document, three per corpus file, from one of three sources
    of unequal size; returns {category: {source: [document bytes]}}."""
    rows, documents = ["file\toffset\tbytes\tsource\tlabel"], {}
    for name in ["de", "fr", "python"]:
        texts = [p.read_bytes() for p in sorted((SAMPLES / "categories" / name).iterdir())]
        (root / name).mkdir(parents=True)
        for start in range(0, len(texts), 3):
            key, offset, parts = f"{name}/{start // 3:03d}.txt", 0, []
            for index in range(start, min(start + 3, len(texts))):
                source = "big" if index < 6 else "mid" if index < 11 else "small"
                rows.append(f"{key}\t{offset}\t{len(texts[index])}\t{source}\tsamples:{index}")
                documents.setdefault(name, {}).setdefault(source, []).append(texts[index])
                offset += len(texts[index]) + 1
                parts.append(texts[index])
            (root / key).write_bytes(b"\n".join(parts))
    (root / "documents.tsv").write_text("\n".join(rows) + "\n")
    return documents


def test_source_split_gives_the_sides_evaluate_shift_reports(binary: str, tmp_path: Path) -> None:
    documents = make_corpus(tmp_path / "corpus")
    sides, left_out = source_split.split(str(tmp_path / "corpus"), str(tmp_path / "split"))
    assert left_out == []
    assert sides["de"] == {"training": ["big"], "inference": ["mid", "small"]}
    out = subprocess.run([binary, "evaluate", "--categories", str(tmp_path / "corpus"), "--shift", "--trials", "1",
                          "--n", "2", "--total-bytes", "50000", "--vocab-size", "300", "--merges", "40",
                          "--format", "json"], check=True, capture_output=True, text=True).stdout
    assert json.loads(out)["shift"] == sides
    for name, by_source in documents.items():
        training = b"".join((tmp_path / "split" / name / f).read_bytes() for f in ["000.txt", "002.txt"])
        inference = b"".join((tmp_path / "split" / name / f).read_bytes() for f in ["001.txt", "003.txt"])
        assert len(training) == sum(len(d) + 1 for d in by_source["big"])
        assert all(d in training and d not in inference for d in by_source["big"])
        assert all(d in inference for d in by_source["mid"] + by_source["small"])
