"""Paths the tests share (import as `from testpaths import ...`; conftest modules are not
importable by name when several folders have one)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "src" / "multipolar" / "examples" / "xi-moscow-state-visit.txt"
SEED_PUBLISHED = "2025-05-07"


def shared_path(*parts: str) -> Path:
    """A file in ../shared; tests that need it fail loudly if it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: these tests read ../shared beside the repo")
    return path
