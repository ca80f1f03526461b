"""Fitting the classifier's stacking layer (training/stacking.py) on made-up scores."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from multipolar.errors import InputError
from multipolar.pipeline.classifier import EVENT, ROOTS
from multipolar.pipeline.stacking import SentenceEvidence
from multipolar.training.stacking import (
    fit_root_weights,
    fit_stacker,
    read_convention_splits,
    read_sector_groups,
)

DATA = Path(__file__).resolve().parents[2] / "training" / "event_classifier"


def _cats(event: float, root: str) -> dict[str, float]:
    cats = dict.fromkeys(ROOTS, 0.01)
    cats[root] = 0.3
    cats[EVENT] = event
    return cats


def test_the_sector_groups_file_is_checked(tmp_path: Path) -> None:
    groups = read_sector_groups(DATA / "stack_features.json")
    assert "GOV" in groups["state"] and "REB" in groups["armed"]
    bad = tmp_path / "bad.json"
    bad.write_text('{"sector_groups": {"state": ["government"]}}')
    with pytest.raises(InputError, match="three-letter"):
        read_sector_groups(bad)


def test_the_convention_splits_are_read_and_checked(tmp_path: Path) -> None:
    assert read_convention_splits(DATA / "stack_features.json") == {
        "retired-test2", "retired-test3", "retired-test4", "retired-test5", "retired-test6"}
    bad = tmp_path / "bad.json"
    bad.write_text('{"draw_convention_splits": "retired-test2"}')
    with pytest.raises(InputError, match="list of split names"):
        read_convention_splits(bad)


def test_the_layer_learns_the_blind_draws_convention() -> None:
    """Rows labelled under the blind draws' convention (1) hold more events for the same
    scores: the layer gives the convention a positive weight and, used with 1, says "event"
    where the first labels' convention would not."""
    rng = random.Random(5)
    cats, evidence, gold, conventions = [], [], [], []
    for _ in range(600):
        convention = float(rng.random() < 0.5)
        score = rng.random()
        event = rng.random() < (0.8 if convention else 0.3) * score + 0.1
        cats.append(_cats(score, "04"))
        evidence.append(SentenceEvidence())
        gold.append((event, "04" if event else None, 1 if event else 0))
        conventions.append(convention)
    stacker = fit_stacker(cats, evidence, gold, sector_groups={"state": frozenset({"GOV"})},
                          conventions=conventions)
    assert stacker.weights["draw_convention"] > 0.5
    assert 0.2 <= stacker.threshold <= 0.8
    middle = _cats(0.5, "04")
    assert stacker.relevance(middle, SentenceEvidence()) \
        > stacker.relevance(middle, SentenceEvidence(), convention=0.0)


def test_the_layer_learns_that_rule_events_mean_events() -> None:
    """Sentences where the rules coded an event are events, whatever the textcat says: the
    layer gives the rule feature a large positive weight, and the textcat's noise a small one."""
    rng = random.Random(3)
    cats, evidence, gold = [], [], []
    for _ in range(400):
        event = rng.random() < 0.4
        ruled = event and rng.random() < 0.7
        cats.append(_cats(rng.random(), "19"))
        evidence.append(SentenceEvidence(rule_roots=frozenset({"19"}) if ruled else frozenset()))
        gold.append((event, "19" if event else None, 4 if event else 0))
    stacker = fit_stacker(cats, evidence, gold, sector_groups={"state": frozenset({"GOV"})})
    assert stacker.weights["rule_event"] > 2.0
    assert abs(stacker.weights["textcat_logit"]) < 0.5
    assert stacker.relevance(cats[0], SentenceEvidence(rule_roots=frozenset({"19"}))) > 0.5
    assert fit_stacker(cats, evidence, gold, sector_groups={"state": frozenset({"GOV"})}) \
        == stacker


def test_root_weights_follow_the_source_that_is_right() -> None:
    """The textcat always says 19; the lexicon's trigger root is the labelled one: the lexicon
    gets a weight large enough to win, the unused sources none."""
    cats = [_cats(0.9, "19") for _ in range(50)]
    labelled = [ROOTS[i % 20] for i in range(50)]
    evidence = [SentenceEvidence(lexicon_roots=frozenset({r})) for r in labelled]
    weights = fit_root_weights(cats, evidence, labelled)
    assert weights["lexicon"] > 0.0 and weights["rules"] == 0.0 and weights["phoenix"] == 0.0
