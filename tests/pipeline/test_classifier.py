"""The sentence event classifier stage: the shipped model, its labels, its second opinion."""

from __future__ import annotations

import dataclasses
import json
import socket
import time
from collections.abc import Mapping, Sequence

import pytest
from spacy.tokens import Span

from multipolar.analyzer import Analyzer, default_stages
from multipolar.config import Settings
from multipolar.errors import ClassifierNotInstalled
from multipolar.model import Event, EventClass
from multipolar.pipeline.classifier import (
    CALIBRATED,
    EVENT,
    NONE,
    ROOTS,
    ClassifierStage,
    SentenceClassifier,
    _read,
    default_model_path,
    event_class,
    quad_of_root,
)

ATTACK = "Russian forces shelled the Ukrainian city of Kharkiv on Tuesday, killing four people."
CHAT = "The weather in the valley was mild for most of the year."


def _cats(*, event: float, roots: Mapping[str, float]) -> dict[str, float]:
    cats = {r: 0.0 for r in ROOTS}
    cats.update(roots)
    cats[EVENT] = event
    return cats


# --- reading the probabilities -------------------------------------------------------------

def test_quad_of_root() -> None:
    assert [quad_of_root(r) for r in (None, "01", "05", "06", "09", "10", "14", "15", "20")] == [
        0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_event_class_from_relevance_and_roots() -> None:
    ec = event_class(_cats(event=0.9, roots={"19": 0.6, "18": 0.3, "01": 0.1}))
    assert ec == EventClass(relevant=0.9, root="19", root_probability=0.54, quad_class=4)
    assert event_class(_cats(event=0.2, roots={"19": 0.9})) == EventClass(0.2, None, 0.2, 0)


def test_quad_class_sums_the_roots_of_each_class() -> None:
    # 01 is the single most probable root, but the material-conflict roots together weigh more.
    ec = event_class(_cats(event=1.0, roots={"01": 0.4, "18": 0.3, "19": 0.3}))
    assert ec.root == "01" and ec.quad_class == 4


def test_the_quad_class_is_the_most_probable_of_no_event_and_the_quads() -> None:
    """With the stacking layer's calibrated P(EVENT) (CALIBRATED), a sentence over the
    relevance threshold whose best quad is less probable than "no event" keeps quad 0."""
    cats = _cats(event=0.6, roots={"01": 0.5, "19": 0.5})
    assert event_class(cats).quad_class == 1
    unsure = event_class({**cats, CALIBRATED: 0.6})  # 0.6 x 0.5 < 0.4
    assert unsure.root == "19" and unsure.quad_class == 0  # ties: the larger code
    sure = event_class({**cats, CALIBRATED: 0.8})  # 0.8 x 0.5 >= 0.2
    assert sure.quad_class == 1
    assert event_class({**cats, EVENT: 0.3, CALIBRATED: 0.9}).quad_class == 0


def test_event_class_of_a_single_exclusive_textcat() -> None:
    cats = {NONE: 0.3, **{r: 0.0 for r in ROOTS}, "04": 0.7}
    assert event_class(cats) == EventClass(0.7, "04", 0.7, 1)


# --- the shipped model ---------------------------------------------------------------------

def test_shipped_model_loads_offline_and_quickly(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the classifier tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    started = time.perf_counter()
    classifier = SentenceClassifier(_read(str(default_model_path())))
    elapsed = time.perf_counter() - started
    assert elapsed < 3.0, f"loading the classifier took {elapsed:.2f} s"
    assert {"textcat", "relevance"} <= set(classifier.classifiers)
    size = sum(p.stat().st_size for p in default_model_path().rglob("*") if p.is_file())
    assert size < 25_000_000


def test_missing_model_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ClassifierNotInstalled, match="MULTIPOLAR_CLASSIFIER=0"):
        SentenceClassifier.from_path(tmp_path)


def test_predictions_are_deterministic_and_independent_of_the_batch() -> None:
    classifier = SentenceClassifier.load()
    alone = classifier.classify_texts([ATTACK])
    again = classifier.classify_texts([CHAT, ATTACK, CHAT])
    assert alone[0] == again[1]
    assert again[0] == again[2]


def test_the_parse_token_vectors_are_reused(analyzer: Analyzer) -> None:
    classifier = SentenceClassifier.load()
    parsed = next(analyzer.parse([ATTACK + " " + CHAT]))
    assert classifier.reuses_tensor(parsed.doc)
    spans = list(parsed.doc.sents)
    reused = classifier.score_spans(spans)
    fresh = classifier.predict_docs(classifier._tensors(
        [classifier.nlp.make_doc(s.text) for s in spans]))
    for a, b in zip(reused, fresh, strict=True):
        assert a.keys() == b.keys()
        # The parse's vectors see across the sentence boundary; the labels barely move.
        assert max(abs(a[k] - b[k]) for k in a) < 0.2


# --- in the pipeline -----------------------------------------------------------------------

def test_json_carries_sentences_with_event_classes(seed_result) -> None:  # type: ignore[no-untyped-def]
    out = json.loads(json.dumps(seed_result.to_dict()))
    sentences = out["sentences"]
    assert len(sentences) == len(seed_result.sentences) > 5
    for s in sentences:
        ec = s["event_class"]
        assert set(ec) == {"relevant", "root", "root_probability", "quad_class"}
        assert 0.0 <= ec["relevant"] <= 1.0 and ec["quad_class"] in range(5)
        # a root over the threshold; its quad may still be 0 when "no event" is more probable
        assert (ec["root"] is None) == (ec["relevant"] < 0.5)
        assert ec["root"] is not None or ec["quad_class"] == 0
    assert any(s["event_class"]["root"] for s in sentences)
    assert all(e["confidence"] is not None for e in out["events"])


def test_the_classifier_can_be_turned_off() -> None:
    names = [s.name for s in default_stages(Settings.from_env({"MULTIPOLAR_CLASSIFIER": "0"}))]
    assert "classifier" not in names
    assert "classifier" in [s.name for s in default_stages(Settings())]


def test_analysis_is_deterministic(analyzer: Analyzer) -> None:
    first = analyzer.analyze(ATTACK + " " + CHAT).to_dict()
    assert analyzer.analyze(ATTACK + " " + CHAT).to_dict() == first


# --- second opinion and added events (a stub classifier, no model) ---------------------------

class _Fixed(SentenceClassifier):
    """Gives every sentence the same probabilities."""

    def __init__(self, cats: dict[str, float]) -> None:
        self.cats = cats
        self.stacker = None  # the probabilities as given, no stacking layer

    def score_spans(self, spans: Sequence[Span]) -> list[dict[str, float]]:
        return [dict(self.cats) for _ in spans]


def _run(analyzer: Analyzer, text: str, cats: dict[str, float], *, add: bool = False):  # type: ignore[no-untyped-def]
    settings = Settings(classifier_events=add)
    stage = ClassifierStage(settings, classifier=_Fixed(cats))
    parsed = next(analyzer.parsed([text], stop_before="classifier"))
    return stage(parsed).result


def _rule_event(analyzer: Analyzer) -> tuple[str, Event]:
    text = "China imposed sanctions on the United States on Monday."
    parsed = next(analyzer.parsed([text], stop_before="classifier"))
    assert parsed.result.events, "the rules should code this sentence"
    return text, parsed.result.events[0]


def test_a_confident_disagreement_is_flagged_not_changed(analyzer: Analyzer) -> None:
    text, rule_event = _rule_event(analyzer)
    other = "04" if rule_event.root != "04" else "19"
    result = _run(analyzer, text, _cats(event=1.0, roots={other: 0.95, rule_event.root: 0.05}))
    event = result.events[0]
    assert event.second_opinion == other
    assert event.confidence == pytest.approx(0.05)
    assert ClassifierStage.confident_root < 0.6
    unsure = _run(analyzer, text, _cats(event=1.0, roots={other: 0.3, rule_event.root: 0.7}))
    assert unsure.events[0].second_opinion is None
    assert dataclasses.replace(event, confidence=None, second_opinion=None) == rule_event


def test_a_confident_no_event_is_flagged_and_agreement_is_not(analyzer: Analyzer) -> None:
    text, rule_event = _rule_event(analyzer)
    assert _run(analyzer, text, _cats(event=0.05, roots={"19": 1.0})).events[0].second_opinion \
        == "none"
    agreed = _run(analyzer, text, _cats(event=0.9, roots={rule_event.root: 1.0})).events[0]
    assert agreed.second_opinion is None and agreed.confidence == pytest.approx(0.9)
    assert ClassifierStage.confident_none > 0.5
    unsure = _run(analyzer, text, _cats(event=0.45, roots={rule_event.root: 1.0})).events[0]
    assert unsure.second_opinion is None


def test_classifier_events_only_when_asked_and_only_with_known_actors(
        analyzer: Analyzer) -> None:
    text = "Russian troops and Ukrainian soldiers were near the border."
    cats = _cats(event=0.95, roots={"19": 0.9, "15": 0.1})
    assert _run(analyzer, text, cats).events == ()
    added = _run(analyzer, text, cats, add=True).events
    assert len(added) == 1
    event = added[0]
    # the root's base code, never the bare root (gold and GDELT code "190", not "19")
    assert event.rule == "classifier" and event.root == "19" and event.code == "190"
    assert event.confidence == pytest.approx(0.855)
    # the first actor of the subject; nothing in an object position, and fighting may stand
    # without a target (one_sided.tsv): none
    assert event.source == ("RUSMIL",) and event.target == ()
    nobody = "The weather was mild near the border."
    assert _run(analyzer, nobody, cats, add=True).events == ()


def _added(analyzer: Analyzer, text: str, root: str) -> tuple[str, str, str]:
    events = _run(analyzer, text, _cats(event=0.95, roots={root: 0.9}), add=True).events
    assert len(events) == 1 and events[0].rule == "classifier", events
    event = events[0]
    return event.source[0], event.code, event.target[0] if event.target else "---"


def test_a_statement_has_no_target_unless_addressed_or_commenting_on_a_party(
        analyzer: Analyzer) -> None:
    assert _added(analyzer, "The Russian foreign minister said the talks would go on.",
                  "01") == ("RUSGOV", "010", "---")
    assert _added(analyzer, "The Russian foreign minister told Ukrainian officials the talks "
                  "would go on.", "01") == ("RUSGOV", "010", "UKRGOV")
    # the party commented on, as the rule coder takes it: of another country than the source's
    assert _added(analyzer, "Britain's foreign secretary retorted that the US should stay in "
                  "Syria.", "02") == ("GBRGOV", "020", "USA")
    assert _added(analyzer, "The Russian foreign minister said Russian troops would stay.",
                  "01") == ("RUSGOV", "010", "---")
    # not private people ("refugees from Syria": SYRREF)
    assert _added(analyzer, "The Russian foreign minister retorted that the refugees from Syria "
                  "were welcome.", "01") == ("RUSGOV", "010", "---")
    # a material act's target is never taken from what is said
    assert _added(analyzer, "Russian officials said Ukrainian troops had flattened Russian "
                  "villages.", "19")[2] != "---"


def test_no_statement_with_a_pronoun_as_its_source(analyzer: Analyzer) -> None:
    """"He said …": the gold rules code a statement only for a named actor's own comment,
    and the rule coder takes no pronoun as a speaker."""
    text = "Lavrov arrived in Ankara on Monday. He said the talks would go on."
    statement = _cats(event=0.95, roots={"01": 0.9})
    assert [e.rule for e in _run(analyzer, text, statement, add=True).events] == ["v.arrive"]
    # a named speaker in the same place gets one
    named = "Lavrov arrived in Ankara on Monday. Lavrov said the talks would go on."
    assert [e.rule for e in _run(analyzer, named, statement, add=True).events] == \
        ["v.arrive", "classifier"]


def test_a_coded_agent_is_the_source_before_a_coded_state(analyzer: Analyzer) -> None:
    assert _added(analyzer, "Iran and the Russian foreign minister said the talks would go "
                  "on.", "01") == ("RUSGOV", "010", "---")


def test_the_target_is_the_object_or_prepositional_object_of_the_verb(
        analyzer: Analyzer) -> None:
    assert _added(analyzer, "The Russian foreign minister had harsh words for Ukrainian "
                  "officials.", "11") == ("RUSGOV", "110", "UKRGOV")
    # a passive: the agent acts on the subject
    assert _added(analyzer, "Ukrainian soldiers were flattened by Russian troops near the "
                  "border.", "19") == ("RUSMIL", "190", "UKRMIL")


def test_a_reported_material_act_is_coded_from_the_reported_clause(
        analyzer: Analyzer) -> None:
    """"X said Y did Z": for a material root the act is the reported clause's, not the
    speaker's."""
    assert _added(analyzer, "Russian officials said Ukrainian troops had flattened Russian "
                  "villages.", "19") == ("UKRMIL", "190", "RUSCVL")


def test_no_classifier_event_without_an_actor_in_the_subject_or_a_needed_target(
        analyzer: Analyzer) -> None:
    cats = _cats(event=0.95, roots={"19": 0.9})
    assert _run(analyzer, "It was a hard week for Russian officials.", cats, add=True) \
        .events == ()
    # a passive with no agent: nobody named acts
    assert _run(analyzer, "Ukrainian soldiers were flattened near the border.", cats,
                add=True).events == ()
    # material cooperation needs a target (not in one_sided.tsv)
    assert _run(analyzer, "Russian officials were generous.",
                _cats(event=0.95, roots={"07": 0.9}), add=True).events == ()


def test_the_code_is_a_trigger_words_code_under_the_root_else_the_base_code(
        analyzer: Analyzer) -> None:
    stage = ClassifierStage(Settings(), classifier=_Fixed({}))
    doc = analyzer.nlp("The minister lambasted the plan.")
    sent = next(iter(doc.sents))
    assert stage._code(sent, sent.root, "11") == "111"  # "lambaste": criticise (111)
    assert stage._code(sent, sent.root, "19") == "190"
