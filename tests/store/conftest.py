"""Fixtures for the store tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from multipolar.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh, empty store in a temporary directory."""
    s = open_store(tmp_path / "test.duckdb")
    yield s
    s.close()
