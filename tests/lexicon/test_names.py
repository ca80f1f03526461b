"""Names for actor codes, from the lexicon data."""

from __future__ import annotations

import pytest

from multipolar.lexicon.names import actor_label, actor_name, is_country, search_actors


@pytest.mark.parametrize(("code", "name"), [
    ("TUR", "Turkey"),
    ("TURGOV", "Turkey (government)"),
    ("RUSMIL", "Russia (military)"),
    ("USAGOVSPY", "United States (government, intelligence)"),
    ("KUR", "Kurds"),
    ("IGOUNO", "United Nations"),
    ("IGOWSTNAT", "NATO"),
    ("IMGMUSISI", "Islamic State"),
    ("MEA", "Middle East"),
    ("PGS", "Persian Gulf"),
    ("SYRREB", "Syria (rebels)"),  # a group coded SYRREB does not rename the sector
    ("IMG", "international militarised group"),
    ("XYZQQQ", "XYZQQQ"),  # unknown: the code itself, never a guess
    (None, ""),
])
def test_actor_names(code: str | None, name: str) -> None:
    assert actor_name(code) == name


def test_label_search_and_countries() -> None:
    assert actor_label("TURGOV") == "Turkey (government) [TURGOV]"
    assert actor_label("XYZQQQ") == "XYZQQQ"
    found = search_actors("turk", ["USA", "TURGOV", "TUR"])
    assert [a.code for a in found] == ["TUR", "TURGOV"]
    assert [a.code for a in search_actors("TUR", ["TURGOV", "TUR"])] == ["TUR", "TURGOV"]
    assert search_actors("  ", ["TUR"]) == []
    assert is_country("SYR") and not is_country("IMG") and not is_country("KUR")
