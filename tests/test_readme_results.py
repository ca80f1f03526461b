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


def test_throughput_runs_become_columns(tmp_path: Path) -> None:
    tables = _tables()
    results = tmp_path / "results"
    results.mkdir()
    assert "No committed run yet" in tables.throughput_table(results)
    run = {"conditions": {"date": "2026-12-04T22:00:00Z", "commit": "abc1234", "cores": 2,
                          "load_average_before": [0.5, 0.4, 0.3],
                          "load_average_after": [1.9, 1.0, 0.5]},
           "articles": 60, "raw_spacy_words_per_cpu_s": 4012.3,
           "ratio1_analyze_vs_raw": 0.912, "post_parse_share": 0.094,
           "ratio2_prefilter_vs_raw": 1.21, "prefilter_kept_token_share": 0.7,
           "articles_per_hour_per_core_analyze": 12000.0,
           "articles_per_hour_per_core_prefilter": 14000.0,
           "prefilter_loss": {"guardian": {"texts": 60, "events": 306, "lost": 1,
                                           "lost_share": 1 / 306}}}
    (results / "throughput-1.json").write_text(json.dumps(run), encoding="utf-8")
    (results / "throughput-2.json").write_text(
        json.dumps({**run, "ratio1_analyze_vs_raw": 0.85}), encoding="utf-8")
    table = tables.throughput_table(results)
    assert "| figure | run 1 | run 2 | target |" in table
    assert "| 0.91x | 0.85x |" in table
    assert "1/306 (0.3%; 60 texts)" in table
    assert "9.4%" in table and "4,012 (60 articles)" in table
    # figures a run left out (no ingest, no Ray) show as a dash, not an error
    assert "| 4. `--engine ray`, 2 actors, vs `--workers 2`" in table and "| – | – |" in table
