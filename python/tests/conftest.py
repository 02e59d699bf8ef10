"""Test set-up: the real mixinfer binary, a private word-count cache, feature markers.

MIXINFER_BINARY names the binary (default: .build/debug/mixinfer in the repository root).
Tests marked needs_intervals / needs_warnings / needs_text_field skip while the binary's
``help infer`` lacks --intervals / --strict / --text-field, and run as soon as it has them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, Iterator

import pytest

import mixinfer

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "Samples"

# marker -> the infer flag whose presence enables the tests it marks
FEATURE_FLAGS: Dict[str, str] = {
    "needs_intervals": "--intervals",
    "needs_warnings": "--strict",
    "needs_text_field": "--text-field",
}
_supported: Dict[str, bool] = {}


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("MIXINFER_BINARY", str(REPO / ".build" / "debug" / "mixinfer"))
    for marker, flag in FEATURE_FLAGS.items():
        config.addinivalue_line(
            "markers", f"{marker}: needs `mixinfer infer {flag}`; skipped while the binary lacks it"
        )


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker, flag in FEATURE_FLAGS.items():
        if item.get_closest_marker(marker) is None:
            continue
        if flag not in _supported:
            _supported[flag] = mixinfer.supports(flag)
        if not _supported[flag]:
            pytest.skip(f"{marker}: this mixinfer binary has no `infer {flag}` yet")


@pytest.fixture(scope="session")
def binary() -> str:
    """The binary under test (fails the tests that use it, with a hint, if it is missing)."""
    path = os.environ["MIXINFER_BINARY"]
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(f"no mixinfer binary at {path}: run `swift build` in {REPO} or set MIXINFER_BINARY")
    return path


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every mixinfer run of the tests caches word counts here, never in the user's home."""
    cache = tmp_path_factory.mktemp("mixinfer-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MIXINFER_CACHE", str(cache))
        yield cache
