"""Scoring the sentence classifier against labels."""

from __future__ import annotations

import pytest

from multipolar.evaluate.classifier import score_classes
from multipolar.model import EventClass


def test_scores_relevance_quad_root_and_confusion() -> None:
    gold = [(True, "19", 4), (True, "01", 1), (False, None, 0), (False, None, 0)]
    predicted = [EventClass(0.9, "19", 0.8, 4), EventClass(0.7, "04", 0.5, 1),
                 EventClass(0.6, "11", 0.4, 3), EventClass(0.1, None, 0.05, 0)]
    scores = score_classes(gold, predicted, split="dev")
    assert (scores.relevance_tp, scores.relevance_fp, scores.relevance_fn) == (2, 1, 0)
    assert scores.precision == pytest.approx(2 / 3) and scores.recall == 1.0
    assert scores.quad_accuracy == 0.75
    assert scores.root_accuracy == 0.5 and scores.event_root_accuracy == 0.5
    assert scores.confusion[0] == (1, 0, 0, 1, 0) and scores.confusion[4][4] == 1
    assert "relevance  P 0.667" in scores.render()
    assert scores.to_dict()["quad_confusion"][1] == [0, 1, 0, 0, 0]


def test_lengths_must_agree() -> None:
    with pytest.raises(ValueError, match="2 labels but 1"):
        score_classes([(False, None, 0)] * 2, [EventClass(0.1, None, 0.0, 0)])
