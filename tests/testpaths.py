"""Paths the tests share (import as `from testpaths import ...`; conftest modules are not
importable by name when several folders have one)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "src" / "multipolar" / "examples" / "xi-moscow-state-visit.txt"
SEED_PUBLISHED = "2025-05-07"


SHARED_MISSING = "../shared is absent (bare clone): this test reads the corpora or dictionaries"


def shared_path(*parts: str) -> Path:
    """A file in ../shared. In a bare clone (no ../shared) the calling test is skipped with a
    one-line reason; CI has ../shared, and tests/conftest.py fails a CI run that skipped any."""
    import pytest

    path = SHARED.joinpath(*parts)
    if not path.exists():
        if not SHARED.exists():
            pytest.skip(SHARED_MISSING)
        raise FileNotFoundError(f"{path} is missing from ../shared")
    return path
