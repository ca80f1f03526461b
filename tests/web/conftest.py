"""Fixtures for the dashboard tests: the hand-coded world served by the real app."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from multipolar.analyzer import Analyzer
from multipolar.api import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))

from views_factories import build_world_store


@pytest.fixture(scope="module")
def world_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world_store(tmp_path_factory.mktemp("web") / "world.duckdb")


@pytest.fixture(scope="module")
def client(world_db: Path, analyzer: Analyzer) -> Iterator[TestClient]:
    with TestClient(create_app(world_db, analyzer=analyzer)) as c:
        yield c
