"""The PETRARCH/TABARI verb dictionary reader and its matcher on spaCy parses."""

from __future__ import annotations

from pathlib import Path

import pytest

from multipolar.analyzer import Analyzer
from multipolar.config import Settings
from multipolar.errors import LexiconError
from multipolar.lexicon.petrarch_verbs import (
    load_petrarch_verbs,
    parse_discards,
    parse_verb_dictionary,
    petrarch_matcher,
)
from multipolar.pipeline.base import Parsed
from multipolar.pipeline.events import EventStage
from testpaths import shared_path

SMALL = """\
####### SYNONYM SETS #######
&FOOD
+RICE
+FLOUR
+FOOD_AID_

&AUXVERB_
+WILL

####### VERB PATTERNS #######

---  SEND   [---]  ---
SEND {SENDS SENT SENDING}
DISPATCH [070]  # a verb with its own code
+SHIP_OUT
- * &FOOD (TO +)                                   [073]         # SEND
- * {ARMS SHIPMENT}                                [072]         # SEND
- * ENVOY                                          [042:043]     # SEND
- * BILL                                           [999]         # unknown code: skipped

---  VISIT   [042:043]  ---
VISIT
"""


@pytest.fixture(scope="module")
def small():  # type: ignore[no-untyped-def]
    return parse_verb_dictionary(SMALL, "small.txt")


@pytest.fixture(scope="module")
def phoenix():  # type: ignore[no-untyped-def]
    verbs = load_petrarch_verbs(shared_path("dictionaries", "phoenix"))
    assert verbs is not None
    return verbs


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


def test_pattern_with_synset_and_object_restriction_matches(nlp, small, phoenix
                                                            ) -> None:  # type: ignore[no-untyped-def]
    match = petrarch_matcher(small)
    doc = nlp("Japan sent rice to Bangladesh after the floods.")
    found = match(doc[1])
    assert found is not None and found.code == "073"
    assert found.rule.startswith("petrarch:SEND:")
    assert [t.text for t in found.target_tokens or ()] == ["Bangladesh"]
    # the same verb without the restricted object: the block code [---] means no event
    assert match(nlp("Japan sent a letter to Bangladesh.")[1]) is None
    # Phoenix: ACCELERATE block, "- * &FOOD [073]" beats the bare "(TO)" pattern
    doc = nlp("Japan rushed food to Bangladesh after the floods.")
    found = petrarch_matcher(phoenix)(doc[1])
    assert found is not None and found.code == "073"
    doc = nlp("The United States imposed sanctions on Iran.")
    found = petrarch_matcher(phoenix)(doc[3])
    assert found is not None and found.code == "163"


def test_reverse_code_and_verb_default(nlp, small) -> None:  # type: ignore[no-untyped-def]
    match = petrarch_matcher(small)
    found = match(nlp("Russia sent an envoy to Syria.")[1])
    assert found is not None and (found.code, found.reverse_code) == ("042", "043")
    found = match(nlp("France dispatched engineers to Haiti.")[1])
    assert found is not None and found.code == "070" and found.rule == "petrarch:SEND"


def test_discards(phoenix) -> None:  # type: ignore[no-untyped-def]
    sentence, story = parse_discards("# c\nBRONZE MEDAL\n+WORLD_CUP\n")
    assert sentence == (("BRONZE", "MEDAL"),) and story == (("WORLD", "CUP"),)
    assert phoenix.discards(["CHINA", "WON", "THE", "BRONZE", "MEDAL"])
    assert not phoenix.discards(["CHINA", "IMPOSED", "SANCTIONS"])


def test_not_a_verb_dictionary(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="no verb blocks"):
        parse_verb_dictionary("&SET\n+A\n", "x.txt")
    assert load_petrarch_verbs(tmp_path) is None  # a folder with actors only


def test_alone_and_on_top_of_ours(analyzer: Analyzer, nlp) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(lexicons=(f"petrarch:{shared_path('dictionaries', 'phoenix')}",))
    text = "Chinese President Xi Jinping visited Russia."
    result = analyzer.analyze(text, published="2025-05-07")
    parsed = Parsed(nlp(text), result)
    alone = EventStage(settings, builtin=False)(parsed).result.events
    assert {(e.source, e.target, e.code) for e in alone} == {
        (("CHNGOV",), ("RUS",), "042"), (("RUS",), ("CHNGOV",), "043")}
    assert all(e.rule.startswith("petrarch:") for e in alone)
    both = EventStage(settings)(parsed).result.events
    assert [e.rule for e in both if e.code == "042"] == ["v.visit"]  # ours first
