"""The README's result tables are what `scripts/readme_tables.py` writes from `docs/results/`."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tables() -> ModuleType:
    spec = importlib.util.spec_from_file_location("readme_tables",
                                                  ROOT / "scripts" / "readme_tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_tables_match_the_result_files() -> None:
    tables = _tables()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert tables.render(readme) == readme, (
        "README.md result tables differ from docs/results: run python scripts/readme_tables.py")


def test_a_changed_result_file_changes_the_table(tmp_path: Path) -> None:
    tables = _tables()
    results = tmp_path / "results"
    shutil.copytree(ROOT / "docs" / "results", results)
    dev = results / "current" / "events_random_dev.json"
    data = json.loads(dev.read_text(encoding="utf-8"))
    data["f1"] = 0.123
    dev.write_text(json.dumps(data), encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    new = tables.render(readme, results)
    assert new != readme
    assert "F1 0.123" in tables.accuracy_table(results)


def test_a_readme_without_the_block_is_refused() -> None:
    with pytest.raises(SystemExit, match="results:accuracy"):
        _tables().render("# no tables here\n")
