"""Retraining the sentence classifier from the labelled set (a small slice, in CI time)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from multipolar.errors import InputError
from multipolar.pipeline.classifier import SentenceClassifier
from multipolar.training.classifier import read_labels, train_classifier

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


def test_bad_label_lines_are_clear_errors(tmp_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text(json.dumps({"id": "cls-1", "text": "x", "event": True, "root": "19",
                                "quad": 1, "split": "train"}) + "\n")
    with pytest.raises(InputError, match="event, root and quad disagree"):
        read_labels(path)


def test_retraining_on_a_slice(tmp_path: Path) -> None:
    rows = [json.loads(line) for line in (DATA / "labels.jsonl").read_text().splitlines()]
    train = [r for r in rows if r["split"] == "train"][:200]
    dev = [r for r in rows if r["split"] == "dev"][:40]
    test = [r for r in rows if r["split"] == "dev"][40:60]
    for r in test:
        r["split"] = "test"  # dev sentences stand in for the test split: never score the real one
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps(r) + "\n" for r in train + dev + test))
    report = train_classifier(labels, DATA / "config.cfg", tmp_path / "model", max_epochs=1,
                              overrides={"training.eval_frequency": 20})
    assert report.train == 200 and report.dev.sentences == 40
    assert report.test is not None and report.test.sentences == 20
    assert "quad confusion" in report.render()
    classifier = SentenceClassifier.from_path(tmp_path / "model")
    assert classifier.classify_texts(["Troops fired on protesters."])[0].relevant >= 0.0
