"""Retraining the sentence classifier from the labelled set (a small slice, in CI time)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from multipolar.errors import InputError
from multipolar.pipeline.classifier import SentenceClassifier
from multipolar.training.classifier import (
    fold_of,
    read_labels,
    read_pool,
    score_labels,
    train_classifier,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "training" / "event_classifier"


def test_the_labelled_set_is_well_formed() -> None:
    rows = read_labels(DATA / "labels.jsonl")
    assert len({r.id for r in rows}) == len(rows)
    splits = {r.split for r in rows}
    assert splits <= {"train", "dev", "test"} and {"train", "dev"} <= splits
    for row in rows:
        number = int(row.id.removeprefix("cls-"))
        expected = "test" if number >= 2561 else "dev" if number >= 2161 else "train"
        assert row.split == expected, row.id


def test_the_training_pool_holds_the_retired_draws() -> None:
    """The retired blind draws 2 to 6 are trained on beside the first draw, each under its own
    split name."""
    first = read_labels(DATA / "labels.jsonl")
    draws = [read_labels(DATA / f"labels_random{n}_test.jsonl") for n in (2, 3, 4, 5, 6)]
    pool = read_pool([DATA / "labels.jsonl",
                      *(DATA / f"labels_random{n}_test.jsonl" for n in (2, 3, 4, 5, 6))])
    assert len(pool) == len(first) + sum(len(d) for d in draws) == 6200
    for n, draw in zip((2, 3, 4, 5, 6), draws, strict=True):
        assert {r.split for r in draw} == {f"retired-test{n}"}
    assert [r.id for r in pool] == [r.id for r in first] + [r.id for d in draws for r in d]


def test_the_check_set_is_never_trained_on(tmp_path: Path) -> None:
    """Draw 7 (split test7) can be scored but not read into a training pool; nor can the next
    blind draw (test8)."""
    check = read_labels(DATA / "labels_random7_test.jsonl")
    assert {r.split for r in check} == {"test7"}
    with pytest.raises(InputError, match="frozen test split 'test7'"):
        read_pool([DATA / "labels.jsonl", DATA / "labels_random7_test.jsonl"])
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "x-1", "text": "Troops fired on protesters.",
                                "event": True, "root": "19", "quad": 4,
                                "split": "test8"}) + "\n")
    with pytest.raises(InputError, match="never trained on"):
        train_classifier(path, DATA / "config.cfg", tmp_path / "model")


def test_a_sentence_id_twice_in_the_pool_is_a_clear_error(tmp_path: Path) -> None:
    line = json.dumps({"id": "x-1", "text": "Troops fired on protesters.", "event": True,
                       "root": "19", "quad": 4}) + "\n"
    (tmp_path / "a.jsonl").write_text(line)
    (tmp_path / "b.jsonl").write_text(line)
    with pytest.raises(InputError, match="occurs twice"):
        read_pool([tmp_path / "a.jsonl", tmp_path / "b.jsonl"])
    with pytest.raises(InputError, match="no labels file"):
        read_pool([])


def test_bad_label_lines_are_clear_errors(tmp_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text(json.dumps({"id": "cls-1", "text": "x", "event": True, "root": "19",
                                "quad": 1, "split": "train"}) + "\n")
    with pytest.raises(InputError, match="event, root and quad disagree"):
        read_labels(path)


def test_labels_without_a_split_are_read(tmp_path: Path) -> None:
    path = tmp_path / "new.jsonl"
    path.write_text(json.dumps({"id": "x-1", "text": "Troops fired on protesters.",
                                "event": True, "root": "19", "quad": 4}) + "\n")
    (row,) = read_labels(path)
    assert row.split == "" and row.gold == (True, "19", 4)


def test_folds_are_seeded_and_balanced() -> None:
    rows = read_labels(DATA / "labels.jsonl")
    folds = fold_of(rows, folds=5, seed=1501)
    assert folds == fold_of(list(reversed(rows)), folds=5, seed=1501)
    sizes = [list(folds.values()).count(k) for k in range(5)]
    assert sizes == [640] * 5
    assert folds != fold_of(rows, folds=5, seed=7)


def test_retraining_on_a_slice(tmp_path: Path) -> None:
    """The retraining command's whole path (cross-validation, evidence, stacking layer, final
    model) on 120 sentences, one epoch, two folds; then the scoring command on a labels file
    without a split field (the format of a new test set)."""
    rows = [json.loads(line) for line in (DATA / "labels.jsonl").read_text().splitlines()]
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps(r) + "\n" for r in rows[:120]))
    report = train_classifier(labels, DATA / "config.cfg", tmp_path / "model", max_epochs=1,
                              folds=2, jobs=1)
    assert report.train == 120 and len(report.textcat.folds) == 2
    assert report.stacked.pooled.sentences == 120
    assert "cross-validation" in report.render() and "quad confusion" in report.render()
    assert (tmp_path / "model" / "stack.json").is_file()
    classifier = SentenceClassifier.from_path(tmp_path / "model")
    assert classifier.stacker is not None
    assert classifier.classify_texts(["Troops fired on protesters."])[0].relevant >= 0.0
    scored = tmp_path / "scored.jsonl"
    scored.write_text("".join(json.dumps({k: r[k] for k in ("id", "text", "event", "root",
                                                             "quad")}) + "\n"
                              for r in rows[120:140]))
    scores = score_labels(scored, model=tmp_path / "model")
    assert scores.sentences == 20 and sum(map(sum, scores.confusion)) == 20
