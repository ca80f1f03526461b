"""Retrain the sentence event classifier from the hand-labelled set.

    python scripts/train_classifier.py            # train, install into the package, print figures

1. `labels.jsonl` (training/event_classifier/) is read and checked; each sentence becomes a
   blank-English spaCy Doc whose `cats` give 1.0 to its label ("none" or its CAMEO root) and 0.0
   to the 20 others, written to train.spacy / dev.spacy in a work folder.
2. spaCy's own training loop (`spacy.cli.train.train`) runs the config in the repository
   (training/event_classifier/config.cfg) with a fixed seed; spaCy keeps the model that scores
   best on the dev split (`model-best`).
3. That model is copied into the package (`src/multipolar/models/event_classifier/`, or any
   `output` folder), and dev and test figures are computed with the same code the pipeline uses
   (`pipeline.classifier.event_class`) and `evaluate.classifier.score_classes`.

The test split is frozen: it is never used to choose anything; `score_test=False` keeps its
figures hidden while developing.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from multipolar.errors import InputError
from multipolar.evaluate.classifier import ClassifierScores, score_classes
from multipolar.pipeline.classifier import (
    EVENT,
    LABELS,
    NONE,
    ROOTS,
    SentenceClassifier,
    quad_of_root,
)

log = logging.getLogger(__name__)

SPLITS = ("train", "dev", "test")


@dataclass(frozen=True, slots=True)
class Labelled:
    id: str
    text: str
    event: bool
    root: str | None
    quad: int
    split: str

    @property
    def label(self) -> str:
        return self.root or NONE

    @property
    def gold(self) -> tuple[bool, str | None, int]:
        return (self.event, self.root, self.quad)


def read_labels(path: Path | str) -> list[Labelled]:
    """Read and check a labels file (one JSON object per line)."""
    path = Path(path)
    rows: list[Labelled] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            row = Labelled(id=str(obj["id"]), text=str(obj["text"]), event=bool(obj["event"]),
                           root=obj["root"], quad=int(obj["quad"]), split=str(obj["split"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{number}: not a label line ({exc})") from None
        if row.root is not None and row.root not in ROOTS:
            raise InputError(f"{path}:{number}: root {row.root!r} is not null or '01'..'20'")
        if row.event != (row.root is not None) or row.quad != quad_of_root(row.root):
            raise InputError(f"{path}:{number}: event, root and quad disagree")
        if row.split not in SPLITS:
            raise InputError(f"{path}:{number}: split {row.split!r} is not one of {SPLITS}")
        rows.append(row)
    if not rows:
        raise InputError(f"{path}: no labelled sentences")
    return rows


def write_docbin(rows: Sequence[Labelled], path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    docs = DocBin(store_user_data=False)
    for row in rows:
        doc = nlp.make_doc(row.text)
        doc.cats = {label: float(label == row.label) for label in LABELS}
        doc.cats[EVENT] = float(row.event)
        docs.add(doc)
    docs.to_disk(path)


@dataclass(frozen=True, slots=True)
class TrainingReport:
    model: Path
    size_bytes: int
    train: int
    dev: ClassifierScores
    test: ClassifierScores | None

    def render(self) -> str:
        parts = [f"model: {self.model} ({self.size_bytes / 1e6:.1f} MB), "
                 f"trained on {self.train} sentences", self.dev.render()]
        parts.append(self.test.render() if self.test is not None
                     else "test: not scored (score_test off)")
        return "\n".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {"model": str(self.model), "size_bytes": self.size_bytes, "train": self.train,
                "dev": self.dev.to_dict(),
                "test": self.test.to_dict() if self.test is not None else None}


def train_classifier(labels: Path | str, config: Path | str, output: Path | str, *,
                     seed: int = 1501, max_epochs: int | None = None,
                     limit: int | None = None, score_test: bool = True,
                     overrides: dict[str, Any] | None = None) -> TrainingReport:
    """Train on the `train` split (best model chosen on `dev`), install it at `output`
    (replacing what is there) and score it. `limit` keeps the first N training sentences (for
    quick checks); `max_epochs` overrides the config's."""
    from spacy.cli.train import train as spacy_train

    rows = read_labels(labels)
    by_split = {s: [r for r in rows if r.split == s] for s in SPLITS}
    train_rows = by_split["train"][:limit] if limit else by_split["train"]
    if not train_rows or not by_split["dev"]:
        raise InputError(f"{labels}: the labels need train and dev sentences")
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="multipolar-textcat-") as work:
        folder = Path(work)
        write_docbin(train_rows, folder / "train.spacy")
        write_docbin(by_split["dev"], folder / "dev.spacy")
        settings: dict[str, Any] = {"paths.train": str(folder / "train.spacy"),
                                    "paths.dev": str(folder / "dev.spacy"),
                                    "system.seed": seed}
        if max_epochs is not None:
            settings["training.max_epochs"] = max_epochs
        settings.update(overrides or {})
        spacy_train(Path(config), folder / "out", overrides=settings, use_gpu=-1)
        best = folder / "out" / "model-best"
        if output.exists():
            shutil.rmtree(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(best, output)
    classifier = SentenceClassifier.from_path(output)
    dev = _score(classifier, by_split["dev"], "dev")
    test = _score(classifier, by_split["test"], "test") if score_test and by_split["test"] else None
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    return TrainingReport(model=output, size_bytes=size, train=len(train_rows), dev=dev,
                          test=test)


def _score(classifier: SentenceClassifier, rows: Sequence[Labelled], split: str
           ) -> ClassifierScores:
    predicted = classifier.classify_texts(r.text for r in rows)
    return score_classes([r.gold for r in rows], predicted, split=split)
