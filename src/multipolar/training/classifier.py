"""Retrain the sentence event classifier from the hand-labelled set, and cross-validate it.

    python scripts/train_classifier.py            # CV figures, then train and install the model

`train_classifier` (the command above) uses every labelled sentence:

1. `cross_validate`: the labels (training/event_classifier/labels.jsonl) are dealt into k folds
   by a seeded shuffle (`fold_of`); for each fold a textcat is trained on the others with
   spaCy's own training loop (`spacy.cli.train.train`, the config in the repository, fixed
   seed, fixed epochs, the last model: nothing is chosen on the held-out fold) and scores it:
   out-of-fold label probabilities for every sentence;
2. the stages before the classifier run over each sentence (`training.stacking`), and the
   stacking layer is cross-validated on the same folds (the figures printed) and fitted on all
   out-of-fold scores (`stack.json`);
3. the textcat is trained once more on every sentence and installed with the layer.

Each sentence becomes a blank-English spaCy Doc whose `cats` give `EVENT` 1/0 and, for an event
sentence, 1 to its root and 0 to the 19 others (a sentence with no event has no root labels: the
root component learns from the events only). `score_labels` scores an installed model on any
labels file (a new frozen test set is scored once, by the lead, never tuned on).
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from multipolar.errors import InputError
from multipolar.evaluate.classifier import ClassifierScores, score_classes
from multipolar.model import EventClass
from multipolar.pipeline.classifier import (
    EVENT,
    LABELS,
    NONE,
    ROOTS,
    SentenceClassifier,
    default_model_path,
    event_class,
    quad_of_root,
)

log = logging.getLogger(__name__)

# retired-test2 … retired-test6: blind draws 2 to 6 (labels_random2_test.jsonl …
# labels_random6_test.jsonl), each scored as a test set, then taken into training; test7: blind
# draw 7 (labels_random7_test.jsonl), the check set; test8: the next blind draw: scored, never
# trained on (`read_pool` refuses both)
SPLITS = ("train", "dev", "test", "retired-test2", "retired-test3", "retired-test4",
          "retired-test5", "retired-test6", "test7", "test8", "")
FROZEN_SPLITS = frozenset({"test7", "test8"})
LabelFiles = Path | str | Sequence[Path | str]


@dataclass(frozen=True, slots=True)
class Labelled:
    id: str
    text: str
    event: bool
    root: str | None
    quad: int
    split: str = ""  # the old train/dev/test split, kept in the file; unused in training
    date: str | None = None

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
                           root=obj["root"], quad=int(obj["quad"]),
                           split=str(obj.get("split") or ""), date=obj.get("date") or None)
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{number}: not a label line ({exc})") from None
        if row.root is not None and row.root not in ROOTS:
            raise InputError(f"{path}:{number}: root {row.root!r} is not null or '01'..'20'")
        if row.event != (row.root is not None) or row.quad != quad_of_root(row.root):
            raise InputError(f"{path}:{number}: event, root and quad disagree")
        if row.split not in SPLITS:
            raise InputError(f"{path}:{number}: split {row.split!r} is not one of {SPLITS} "
                             "(or absent)")
        rows.append(row)
    if not rows:
        raise InputError(f"{path}: no labelled sentences")
    return rows


def read_pool(labels: LabelFiles) -> list[Labelled]:
    """Read one labels file, or several as one training pool (in order); ids must be unique
    across them, and no sentence may belong to a frozen test split (`FROZEN_SPLITS`: the check
    set is scored with `score_labels`, never trained on)."""
    paths = [labels] if isinstance(labels, (str, Path)) else list(labels)
    if not paths:
        raise InputError("no labels file given")
    rows = [row for path in paths for row in read_labels(path)]
    seen: set[str] = set()
    for row in rows:
        if row.split in FROZEN_SPLITS:
            raise InputError(f"sentence {row.id!r} belongs to the frozen test split "
                             f"{row.split!r}: it is scored (--score), never trained on")
        if row.id in seen:
            raise InputError(f"sentence id {row.id!r} occurs twice in {[str(p) for p in paths]}")
        seen.add(row.id)
    return rows


def write_docbin(rows: Sequence[Labelled], path: Path, *, roots_of_events_only: bool = False
                 ) -> None:
    """Write the rows as a spaCy DocBin: `EVENT` 1/0 for the relevance component, 1/0 for each
    root. With `roots_of_events_only`, a sentence with no event carries no root labels at all
    (missing values: the root component learns from the event sentences only)."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    docs = DocBin(store_user_data=False)
    for row in rows:
        doc = nlp.make_doc(row.text)
        if row.event or not roots_of_events_only:
            doc.cats = {label: float(label == row.label) for label in LABELS}
        doc.cats[EVENT] = float(row.event)
        docs.add(doc)
    docs.to_disk(path)


@dataclass(frozen=True, slots=True)
class TrainingReport:
    model: Path
    size_bytes: int
    train: int
    textcat: CrossValidation  # the spaCy textcat alone, out of fold
    stacked: CrossValidation  # with the stacking layer, fitted fold by fold
    seconds: float

    def render(self) -> str:
        return "\n".join([
            f"model: {self.model} ({self.size_bytes / 1e6:.1f} MB), trained on {self.train} "
            f"sentences in {self.seconds:.0f} s",
            "textcat alone: " + self.textcat.render(),
            "textcat + stacking layer (shipped): " + self.stacked.render()])

    def to_dict(self) -> dict[str, Any]:
        return {"model": str(self.model), "size_bytes": self.size_bytes, "train": self.train,
                "seconds": round(self.seconds, 1), "textcat": self.textcat.to_dict(),
                "stacked": self.stacked.to_dict()}


def train_classifier(labels: LabelFiles, config: Path | str, output: Path | str, *,
                     seed: int = 1501, max_epochs: int | None = None,
                     limit: int | None = None, folds: int = 5, jobs: int = 2,
                     stack_features: Path | str | None = None,
                     roots_of_events_only: bool = True,
                     overrides: dict[str, Any] | None = None) -> TrainingReport:
    """Retrain the shipped classifier from every labelled sentence and install it at `output`
    (replacing what is there):

    1. `folds`-fold cross-validation of the textcat (`cross_validate`): its out-of-fold scores;
    2. the evidence of the other stages for every sentence (`training.stacking`);
    3. the stacking layer cross-validated on the same folds (the figures), then fitted on all
       out-of-fold scores (the shipped layer, `stack.json`);
    4. the textcat trained on every sentence (fixed epochs, the last model).

    `limit` keeps the first N sentences (quick checks); `max_epochs` overrides the config's."""
    import time

    from multipolar.training.stacking import (
        cross_validate_stacker,
        fit_stacker,
        labelled_evidence,
        read_convention_splits,
        read_sector_groups,
    )

    started = time.perf_counter()
    rows = read_pool(labels)[:limit] if limit else read_pool(labels)
    if len(rows) < 2 * folds or sum(r.event for r in rows) < folds:
        raise InputError(f"{len(rows)} labelled sentences: too few sentences or events "
                         f"for {folds} folds")
    features_file = stack_features or Path(config).with_name("stack_features.json")
    groups = read_sector_groups(features_file)
    convention_splits = read_convention_splits(features_file)
    textcat = cross_validate(labels, config, folds=folds, seed=seed, max_epochs=max_epochs,
                             overrides=overrides, jobs=jobs, limit=limit,
                             roots_of_events_only=roots_of_events_only)
    found = labelled_evidence([r.text for r in rows], [r.date for r in rows])
    evidence = {r.id: e for r, e in zip(rows, found, strict=True)}
    gold = {r.id: r.gold for r in rows}
    ids = [r.id for r in rows]
    conventions = {r.id: float(r.split in convention_splits) for r in rows}
    stacked_cats, _ = cross_validate_stacker(ids, fold_of(rows, folds=folds, seed=seed),
                                             textcat.cats, evidence, gold,
                                             sector_groups=groups, folds=folds,
                                             conventions=conventions)
    stacked = score_cv(rows, stacked_cats, folds=folds, seed=seed)
    stacker = fit_stacker([textcat.cats[i] for i in ids], [evidence[i] for i in ids],
                          [gold[i] for i in ids], sector_groups=groups,
                          conventions=[conventions[i] for i in ids])
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="multipolar-textcat-") as work:
        model = fit(rows, config, Path(work), seed=seed, max_epochs=max_epochs,
                    overrides=overrides, roots_of_events_only=roots_of_events_only)
        if output.exists():
            shutil.rmtree(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(model, output)
    stacker.write(output)
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    return TrainingReport(model=output, size_bytes=size, train=len(rows), textcat=textcat,
                          stacked=stacked, seconds=time.perf_counter() - started)


def score_labels(labels: Path | str, *, model: Path | str | None = None,
                 split: str = "labels") -> ClassifierScores:
    """Score a trained classifier (the packaged one by default) on a labels file: each text
    goes through the stages before the classifier (for the stacking layer's evidence) and the
    classifier, as in `train_classifier`'s cross-validation."""
    from multipolar.training.stacking import labelled_evidence

    rows = read_labels(labels)
    classifier = SentenceClassifier.from_path(model or default_model_path())
    cats = classifier.cats_of_texts([r.text for r in rows])
    evidence = labelled_evidence([r.text for r in rows], [r.date for r in rows])
    predicted = [event_class(classifier.stack(c, e)) for c, e in zip(cats, evidence,
                                                                      strict=True)]
    return score_classes([r.gold for r in rows], predicted, split=split)


# --- k-fold cross-validation -----------------------------------------------------------------


def fold_of(rows: Sequence[Labelled], *, folds: int, seed: int) -> dict[str, int]:
    """Assign every sentence to one of `folds` folds: a seeded shuffle of the ids, dealt round."""
    import random

    ids = sorted(r.id for r in rows)
    random.Random(seed).shuffle(ids)
    return {sid: i % folds for i, sid in enumerate(ids)}


def fit(train_rows: Sequence[Labelled], config: Path | str, folder: Path, *, seed: int,
        max_epochs: int | None = None, overrides: dict[str, Any] | None = None,
        dev_rows: Sequence[Labelled] | None = None, roots_of_events_only: bool = False
        ) -> Path:
    """Train one model with spaCy's loop in `folder`; returns the model's folder. With
    `dev_rows`, spaCy keeps the best model on them; without, the model after the last epoch
    (spaCy still needs a dev corpus to log: the first 100 training sentences stand in)."""
    from spacy.cli.train import train as spacy_train

    write_docbin(train_rows, folder / "train.spacy", roots_of_events_only=roots_of_events_only)
    write_docbin(dev_rows or train_rows[:100], folder / "dev.spacy",
                 roots_of_events_only=roots_of_events_only)
    settings: dict[str, Any] = {"paths.train": str(folder / "train.spacy"),
                                "paths.dev": str(folder / "dev.spacy"),
                                "system.seed": seed}
    if dev_rows is None:
        settings["training.patience"] = 0
        settings["training.eval_frequency"] = 100_000
    if max_epochs is not None:
        settings["training.max_epochs"] = max_epochs
    settings.update(overrides or {})
    spacy_train(Path(config), folder / "out", overrides=settings, use_gpu=-1)
    return folder / "out" / ("model-best" if dev_rows is not None else "model-last")


@dataclass(frozen=True, slots=True)
class CrossValidation:
    folds: tuple[ClassifierScores, ...]
    pooled: ClassifierScores
    cats: dict[str, dict[str, float]]  # out-of-fold label probabilities, by sentence id

    @staticmethod
    def _stats(values: Sequence[float]) -> tuple[float, float]:
        mean = sum(values) / len(values)
        var = sum((v - mean) ** 2 for v in values) / max(len(values) - 1, 1)
        return mean, var ** 0.5

    def summary(self) -> dict[str, tuple[float, float]]:
        """Mean and standard deviation over the folds of the headline figures."""
        return {name: self._stats([getattr(f, name) for f in self.folds])
                for name in ("f1", "precision", "recall", "quad_accuracy", "root_accuracy",
                             "event_root_accuracy")}

    def render(self) -> str:
        lines = [f"{len(self.folds)}-fold cross-validation, {self.pooled.sentences} sentences "
                 f"({self.pooled.events} events): mean ± sd over folds"]
        for name, (mean, sd) in self.summary().items():
            lines.append(f"  {name:<20} {mean:.3f} ± {sd:.3f}")
        lines.append("pooled out-of-fold predictions:")
        lines.append(self.pooled.render())
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"summary": {k: {"mean": round(m, 4), "sd": round(s, 4)}
                            for k, (m, s) in self.summary().items()},
                "folds": [f.to_dict() for f in self.folds], "pooled": self.pooled.to_dict()}


def _cv_fold(args: tuple[list[Labelled], list[Labelled], str, int, int | None,
                         dict[str, Any] | None, bool]) -> list[dict[str, float]]:
    train_rows, held_out, config, seed, max_epochs, overrides, events_only = args
    with tempfile.TemporaryDirectory(prefix="multipolar-textcat-cv-") as work:
        model = fit(train_rows, config, Path(work), seed=seed, max_epochs=max_epochs,
                    overrides=overrides, roots_of_events_only=events_only)
        classifier = SentenceClassifier.from_path(model)
        return classifier.cats_of_texts([r.text for r in held_out])


def cross_validate(labels: LabelFiles, config: Path | str, *, folds: int = 5, seed: int = 1501,
                   max_epochs: int | None = None, overrides: dict[str, Any] | None = None,
                   jobs: int = 1, limit: int | None = None, roots_of_events_only: bool = False,
                   read: Callable[[Mapping[str, float]], EventClass] = event_class,
                   ) -> CrossValidation:
    """k-fold cross-validation over every labelled sentence (all splits): each fold is held out
    once while a model is trained, with the same config and seed, on the others (fixed epochs,
    the last model: nothing is chosen on the held-out fold). `jobs` folds train at once, each
    in its own process. `read` turns label probabilities into an `EventClass`."""
    rows = read_pool(labels)
    if limit:
        rows = rows[:limit]
    assignment = fold_of(rows, folds=folds, seed=seed)
    tasks = []
    for k in range(folds):
        held_out = [r for r in rows if assignment[r.id] == k]
        train_rows = [r for r in rows if assignment[r.id] != k]
        tasks.append((train_rows, held_out, str(config), seed, max_epochs, overrides,
                      roots_of_events_only))
    if jobs > 1:
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
            results = list(pool.map(_cv_fold, tasks))
    else:
        results = [_cv_fold(t) for t in tasks]
    cats: dict[str, dict[str, float]] = {}
    for task, fold_cats in zip(tasks, results, strict=True):
        cats.update({r.id: c for r, c in zip(task[1], fold_cats, strict=True)})
    return score_cv(rows, cats, folds=folds, seed=seed, read=read)


def score_cv(rows: Sequence[Labelled], cats: Mapping[str, Mapping[str, float]], *, folds: int,
             seed: int, read: Callable[[Mapping[str, float]], EventClass] = event_class,
             ) -> CrossValidation:
    """Score out-of-fold label probabilities fold by fold and pooled."""
    assignment = fold_of(rows, folds=folds, seed=seed)
    per_fold = []
    for k in range(folds):
        held = [r for r in rows if assignment[r.id] == k]
        per_fold.append(score_classes([r.gold for r in held], [read(cats[r.id]) for r in held],
                                      split=f"fold {k}"))
    pooled = score_classes([r.gold for r in rows], [read(cats[r.id]) for r in rows],
                           split="all folds")
    return CrossValidation(folds=tuple(per_fold), pooled=pooled,
                           cats={r.id: dict(cats[r.id]) for r in rows})
