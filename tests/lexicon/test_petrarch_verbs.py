"""The PETRARCH/TABARI verb dictionary reader (the matcher: tests/pipeline/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from multipolar.errors import LexiconError
from multipolar.lexicon.petrarch_verbs import (
    load_petrarch_verbs,
    parse_discards,
    parse_verb_dictionary,
)


def test_reads_synsets_blocks_forms_and_patterns(small) -> None:  # type: ignore[no-untyped-def]
    assert ("RICE",) in small.synsets["&FOOD"] and ("RICES",) in small.synsets["&FOOD"]
    assert ("FOOD", "AID") in small.synsets["&FOOD"]  # trailing '_': no plural
    assert small.synsets["&AUXVERB_"] == (("WILL",),)  # label '_': no plurals
    assert [b.name for b in small.blocks] == ["SEND", "VISIT"]
    send = small.blocks[0]
    assert send.code is None and len(send.patterns) == 3 and small.skipped == 1
    assert {"SEND", "SENT", "DISPATCH", "SHIP"} <= set(small.verbs)
    assert small.verbs["DISPATCH"][0].code == "070"
    assert small.verbs["SHIP"][0].particles == ("OUT",)
    visit = small.blocks[1]
    assert (visit.code, visit.reverse) == ("042", "043")


def test_phoenix_dictionary_loads(phoenix) -> None:  # type: ignore[no-untyped-def]
    assert len(phoenix.blocks) > 300
    assert phoenix.pattern_count > 4000
    assert phoenix.skipped < 100
    assert "MEET" in phoenix.verbs and "IMPOSE" in phoenix.verbs
    assert phoenix.sentence_discards and phoenix.story_discards


def test_discards(phoenix) -> None:  # type: ignore[no-untyped-def]
    sentence, story = parse_discards("# c\nBRONZE MEDAL\n+WORLD_CUP\n")
    assert sentence == (("BRONZE", "MEDAL"),) and story == (("WORLD", "CUP"),)
    assert phoenix.discards(["CHINA", "WON", "THE", "BRONZE", "MEDAL"])
    assert not phoenix.discards(["CHINA", "IMPOSED", "SANCTIONS"])


def test_not_a_verb_dictionary(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="no verb blocks"):
        parse_verb_dictionary("&SET\n+A\n", "x.txt")
    assert load_petrarch_verbs(tmp_path) is None  # a folder with actors only


# what PETRARCH2's reader accepts beyond the Phoenix file's own layout
NO_SECTION_HEADER = """\
&FOOD
+RICE
<!-- a comment
   over two lines with [999] and - * FAKE [010] inside -->
--- SEND [---] ---
SEND {SENT}
- * &FOOD [073]  <!-- an inline comment -->
"""

TABARI_LAYOUT = """\
ACCUSE  [112]
- * OF ESPIONAGE  [1121]
- * ** OF CORRUPTION [1121]
ABANDON {ABANDONED ABANDONING} [---]
- * TALKS [125]
"""


def test_blocks_without_section_header_and_multiline_comments() -> None:
    verbs = parse_verb_dictionary(NO_SECTION_HEADER, "x.txt")
    assert [b.name for b in verbs.blocks] == ["SEND"]
    assert [(p.code, p.line) for p in verbs.blocks[0].patterns] == [("073", 7)]
    assert verbs.skipped == 0  # the commented-out [999] pattern was never read
    assert ("RICES",) in verbs.synsets["&FOOD"]


def test_older_tabari_layout_one_block_per_verb() -> None:
    verbs = parse_verb_dictionary(TABARI_LAYOUT, "keds.txt")
    assert [(b.name, b.code) for b in verbs.blocks] == [("ACCUSE", "112"), ("ABANDON", None)]
    assert [p.code for p in verbs.blocks[0].patterns] == ["1121", "1121"]
    assert verbs.verbs["ABANDONED"][0].block.name == "ABANDON"
    assert [p.code for p in verbs.blocks[1].patterns] == ["125"]



def test_bundled_phoenix_base_loads_without_year_discards() -> None:
    from multipolar.lexicon.petrarch_verbs import bundled_phoenix_verbs

    verbs = bundled_phoenix_verbs()
    assert len(verbs.blocks) > 300 and verbs.pattern_count > 4000
    assert "IMPOSE" in verbs.verbs
    assert verbs.discards(["CHINA", "WON", "THE", "BRONZE", "MEDAL"])
    # year numbers and elapsed-time phrases drop real events in raw text: not bundled
    assert not verbs.discards(["RUSSIA", "INVADED", "UKRAINE", "IN", "2003"])
    assert not verbs.discards(["TWO", "YEARS", "AGO", "RUSSIA", "INVADED"])
    # past wars and empires are comparisons in news text (verbal round 6): not bundled
    assert not verbs.discards(["TIMES", "REMINISCENT", "OF", "THE", "SECOND", "WORLD", "WAR"])
    assert not verbs.discards(["SINCE", "WORLD", "WAR", "II"])
    assert not verbs.story_discards
