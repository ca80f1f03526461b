"""Fixtures for the analyst-view tests: the hand-coded world in a real store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from views_factories import build_world_store

from multipolar.store import Store, open_store


@pytest.fixture(scope="session")
def world_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world_store(tmp_path_factory.mktemp("world") / "world.duckdb")


@pytest.fixture()
def world(world_path: Path) -> Iterator[Store]:
    with open_store(world_path, read_only=True) as store:
        yield store
