"""Score the sentence event classifier against hand labels (training/event_classifier/).

Figures, for one split:

- relevance: precision, recall and F1 of "the sentence reports a political event"
  (`EventClass.relevant` >= 0.5 against the label's `event`);
- quad accuracy: share of sentences whose quad class (0 = no event, 1-4) is right;
- root accuracy: share of sentences whose root (None = no event, "01".."20") is right, and the
  same over the labelled events alone;
- a confusion matrix of quad classes (gold rows, predicted columns).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from multipolar.evaluate.gold import Score
from multipolar.model import EventClass


@dataclass(frozen=True, slots=True)
class ClassifierScores:
    split: str
    sentences: int
    events: int
    relevance_tp: int
    relevance_fp: int
    relevance_fn: int
    quad_right: int
    root_right: int
    event_root_right: int
    confusion: tuple[tuple[int, ...], ...]  # 5 x 5, gold quad -> predicted quad

    @property
    def relevance(self) -> Score:
        return Score(self.relevance_tp, self.relevance_fp, self.relevance_fn)

    @property
    def precision(self) -> float:
        return self.relevance.precision

    @property
    def recall(self) -> float:
        return self.relevance.recall

    @property
    def f1(self) -> float:
        return self.relevance.f1

    @property
    def quad_accuracy(self) -> float:
        return self.quad_right / self.sentences if self.sentences else 0.0

    @property
    def root_accuracy(self) -> float:
        return self.root_right / self.sentences if self.sentences else 0.0

    @property
    def event_root_accuracy(self) -> float:
        return self.event_root_right / self.events if self.events else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"split": self.split, "sentences": self.sentences, "events": self.events,
                "relevance_precision": round(self.precision, 4),
                "relevance_recall": round(self.recall, 4), "relevance_f1": round(self.f1, 4),
                "quad_accuracy": round(self.quad_accuracy, 4),
                "root_accuracy": round(self.root_accuracy, 4),
                "event_root_accuracy": round(self.event_root_accuracy, 4),
                "quad_confusion": [list(r) for r in self.confusion]}

    def render(self) -> str:
        lines = [
            f"{self.split}: {self.sentences} sentences, {self.events} with an event",
            f"  relevance  P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}",
            f"  quad class accuracy (0 = no event) {self.quad_accuracy:.3f}",
            f"  root accuracy (none counts as a root) {self.root_accuracy:.3f}; "
            f"over labelled events {self.event_root_accuracy:.3f}",
            "  quad confusion (rows gold, columns predicted):",
            "          " + "".join(f"{q:>6}" for q in range(5)),
        ]
        for gold, row in enumerate(self.confusion):
            lines.append(f"  gold {gold}  " + "".join(f"{n:>6}" for n in row))
        return "\n".join(lines)


def score_classes(gold: Sequence[tuple[bool, str | None, int]],
                  predicted: Sequence[EventClass], *, split: str = "") -> ClassifierScores:
    """Score predictions against `(event, root, quad)` labels, in the same order."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} labels but {len(predicted)} predictions")
    tp = fp = fn = quad = root = event_root = 0
    confusion = [[0] * 5 for _ in range(5)]
    for (event, g_root, g_quad), p in zip(gold, predicted, strict=True):
        said = p.root is not None
        tp += event and said
        fp += said and not event
        fn += event and not said
        quad += g_quad == p.quad_class
        root += g_root == p.root
        event_root += event and g_root == p.root
        confusion[g_quad][p.quad_class] += 1
    return ClassifierScores(split=split, sentences=len(gold), events=sum(g[0] for g in gold),
                            relevance_tp=tp, relevance_fp=fp, relevance_fn=fn, quad_right=quad,
                            root_right=root, event_root_right=event_root,
                            confusion=tuple(tuple(r) for r in confusion))
