"""Golden files: one case per `tests/golden/*.input.json`, compared with `*.expected.json`.

An input names a `text_file` (relative to the repository) or holds `text`, and a `published`
date. Regenerate after checking the new output by hand:

    MULTIPOLAR_REGEN_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from multipolar.analyzer import Analyzer

GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).resolve().parents[1]
CASES = sorted(GOLDEN.glob("*.input.json"))


def _load_case(path: Path) -> tuple[str, str | None]:
    spec = json.loads(path.read_text(encoding="utf-8"))
    text = spec.get("text")
    if text is None:
        text = (ROOT / spec["text_file"]).read_text(encoding="utf-8")
    return text, spec.get("published")


def test_there_are_golden_cases() -> None:
    assert CASES, "no golden cases found in tests/golden"


@pytest.mark.parametrize("case", CASES, ids=[c.name.removesuffix(".input.json") for c in CASES])
def test_golden(case: Path, analyzer: Analyzer) -> None:
    text, published = _load_case(case)
    actual = analyzer.analyze(text, published=published).to_dict()
    expected_path = case.with_name(case.name.replace(".input.json", ".expected.json"))
    if os.environ.get("MULTIPOLAR_REGEN_GOLDEN") == "1":
        expected_path.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    for key in expected:
        assert actual[key] == expected[key], f"{case.name}: '{key}' differs from the golden file"
    assert set(actual) == set(expected)
