from __future__ import annotations

from pathlib import Path

import pytest

from multipolar.errors import LexiconError
from multipolar.ontology import CameoTable, cameo


def test_bundled_table_covers_every_root_with_consistent_fields() -> None:
    table = cameo()
    assert len(table) == 321
    assert {c.root for c in table} == {f"{r:02d}" for r in range(1, 21)}
    visit = table["042"]
    assert (visit.label, visit.goldstein, visit.quad_class) == ("Make a visit", 1.9, 1)
    assert visit.plover_event == "CONSULT"
    assert table["163"].quad_class == 4
    assert table["163"].goldstein == -6.5  # as in the Phoenix Goldstein table


def test_empty_label_inherits_parent_label() -> None:
    assert cameo()["0110"].label == cameo()["011"].label


def test_unknown_code_is_a_clear_key_error() -> None:
    with pytest.raises(KeyError, match="unknown CAMEO code '999'"):
        cameo()["999"]


HEADER = "code\tlabel\tgoldstein\tquad_class\tplover_event\tplover_mode\tplover_context\n"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("0x2\tBad\t1.0\t1\t\t\t", "bad CAMEO code"),
        ("042\tVisit\t11.0\t1\t\t\t", "outside"),
        ("042\tVisit\t1.9\t3\t\t\t", "QuadClass 3 wrong for root 04"),
        ("042\tVisit\tmany\t1\t\t\t", "not numeric"),
    ],
)
def test_malformed_rows_are_rejected_with_file_and_line(
    tmp_path: Path, row: str, problem: str
) -> None:
    path = tmp_path / "cameo.tsv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=problem) as info:
        CameoTable.load(path)
    assert info.value.line == 2


def test_a_table_missing_roots_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "cameo.tsv"
    path.write_text(HEADER + "042\tVisit\t1.9\t1\t\t\t\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="all 20 CAMEO roots"):
        CameoTable.load(path)
