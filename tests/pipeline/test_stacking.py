"""The classifier's stacking layer: evidence from the other stages, the layer's file, its effect."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pytest

from multipolar.analyzer import Analyzer
from multipolar.errors import ClassifierNotInstalled
from multipolar.pipeline.classifier import EVENT, ROOTS, SentenceClassifier, default_model_path
from multipolar.pipeline.stacking import (
    CALIBRATED,
    ROOT_SOURCES,
    SentenceEvidence,
    Stacker,
    TriggerRoots,
    combine_roots,
    evidence_by_sentence,
    evidence_of,
)

GROUPS = {"state": frozenset({"GOV", "MIL"}), "civil": frozenset({"CVL"})}


def _stacker(**weights: float) -> Stacker:
    return Stacker(sector_groups=GROUPS, weights=weights,
                   root_weights={"rules": 0.5, "lexicon": 0.0, "phoenix": 0.0})


def _cats(event: float, **roots: float) -> dict[str, float]:
    cats = dict.fromkeys(ROOTS, 0.0)
    cats.update({k.removeprefix("r"): v for k, v in roots.items()})
    cats[EVENT] = event
    return cats


def test_evidence_of_a_sentence_with_a_rule_event(analyzer: Analyzer) -> None:
    text = ("The Chinese government imposed sanctions on the United States on Monday. "
            "The weather was mild.")
    parsed = next(analyzer.parsed([text], stop_before="classifier"))
    sents = list(parsed.doc.sents)
    first = evidence_of(parsed.result, [0], tokens=sents[0], triggers=TriggerRoots())
    assert first.rule_roots == {"16"} and first.actors == 2 and "GOV" in first.sectors
    assert "16" in first.lexicon_roots | first.phoenix_roots and first.main_verb_trigger
    second = evidence_of(parsed.result, [1], tokens=sents[1], triggers=TriggerRoots())
    assert second == SentenceEvidence()


def test_the_layer_weighs_its_features() -> None:
    stacker = _stacker(textcat_logit=1.0, rule_event=2.0, sector_state=1.0, bias=0.0)
    cats = _cats(0.5, r19=0.6, r04=0.4)
    assert stacker.relevance(cats, SentenceEvidence()) == pytest.approx(0.5)
    ruled = SentenceEvidence(rule_roots=frozenset({"04"}), actors=1, sectors=frozenset({"GOV"}))
    assert stacker.relevance(cats, ruled) == pytest.approx(1 / (1 + 2.718281828 ** -3), rel=1e-6)
    out = stacker.apply(cats, ruled)
    # the rules' root gains its weight on top of its share: 0.4 + 0.5 > 0.6
    assert out["04"] == pytest.approx(0.9) and out["19"] == pytest.approx(0.6)


def test_the_layer_reads_with_the_blind_draws_convention_and_undoes_its_threshold() -> None:
    """`draw_convention` is 1 in use (0 only for the first labels in training); `CALIBRATED`
    is P(EVENT) without the decision threshold folded into the bias."""
    stacker = dataclasses.replace(_stacker(textcat_logit=1.0, draw_convention=0.8, bias=0.0),
                                  threshold=0.4)
    cats = _cats(0.5, r19=1.0)
    assert stacker.relevance(cats, SentenceEvidence()) == pytest.approx(1 / (1 + math.exp(-0.8)))
    assert stacker.relevance(cats, SentenceEvidence(), convention=0.0) == pytest.approx(0.5)
    out = stacker.apply(cats, SentenceEvidence(), convention=0.0)
    assert out[CALIBRATED] == pytest.approx(1 / (1 + math.exp(-math.log(0.4 / 0.6))))


def test_roots_combine_shares_and_sources() -> None:
    evidence = SentenceEvidence(lexicon_roots=frozenset({"17"}),
                                phoenix_roots=frozenset({"17", "19"}))
    roots = combine_roots(_cats(0.9, r19=2.0, r17=2.0), evidence,
                          {"rules": 1.0, "lexicon": 0.25, "phoenix": 0.1})
    assert roots["17"] == pytest.approx(0.85) and roots["19"] == pytest.approx(0.6)
    none = dict.fromkeys(ROOT_SOURCES, 0.0)
    assert combine_roots(_cats(0.9), SentenceEvidence(), none)["01"] == pytest.approx(1 / 20)


def test_the_layer_file_round_trips_and_is_checked(tmp_path: Path) -> None:
    stacker = dataclasses.replace(_stacker(textcat_logit=0.7, quotation=0.3, bias=-1.0),
                                  threshold=0.375)
    stacker.write(tmp_path)
    assert Stacker.read(tmp_path) == stacker
    data = json.loads((tmp_path / "stack.json").read_text())
    data["weights"]["made_up"] = 1.0
    (tmp_path / "stack.json").write_text(json.dumps(data))
    with pytest.raises(ClassifierNotInstalled, match="unknown features"):
        Stacker.read(tmp_path)
    (tmp_path / "stack.json").write_text("{")
    with pytest.raises(ClassifierNotInstalled, match="not JSON"):
        Stacker.read(tmp_path)
    assert Stacker.read(tmp_path / "nothing") is None


def test_the_shipped_model_has_its_layer() -> None:
    classifier = SentenceClassifier.from_path(default_model_path())
    assert classifier.stacker is not None
    assert classifier.stacker.weights["textcat_logit"] > 0


def test_evidence_by_sentence_is_evidence_of_each_sentence(analyzer: Analyzer) -> None:
    text = ("The Chinese government imposed sanctions on the United States on Monday. "
            "\u201cWe will respond,\u201d a US official said. The weather was mild.")
    parsed = next(analyzer.parsed([text], stop_before="classifier"))
    sents = list(parsed.doc.sents)
    triggers = TriggerRoots()
    assert evidence_by_sentence(parsed.result, sents, triggers=triggers) == [
        evidence_of(parsed.result, [i], tokens=s, triggers=triggers) for i, s in enumerate(sents)]
