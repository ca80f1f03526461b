"""PETRARCH verb patterns matched on spaCy parses (the reader: tests/lexicon/)."""

from __future__ import annotations

from multipolar.analyzer import Analyzer
from multipolar.config import Settings
from multipolar.pipeline.base import Parsed
from multipolar.pipeline.events import EventStage
from multipolar.pipeline.petrarch_match import petrarch_matcher
from testpaths import shared_path


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


def test_base_mode_needs_the_pattern_word_in_the_object(nlp, small) -> None:  # type: ignore[no-untyped-def]
    strict = petrarch_matcher(small, defaults=False, min_size=2)
    found = strict(nlp("Japan sent rice to Bangladesh after the floods.")[1])
    assert found is not None and found.code == "073"
    # "rice" is not the object of "sent" here, and the verb's own code is not used
    assert strict(nlp("Japan sent a letter about rice prices to Bangladesh.")[1]) is None
    assert strict(nlp("France dispatched engineers to Haiti.")[1]) is None
