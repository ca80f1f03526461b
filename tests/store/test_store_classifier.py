"""The store keeps the sentence classifier's labels and second opinions, and filters on them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
from store_factories import visit_result

from multipolar.model import EventClass
from multipolar.store import Store, open_store
from multipolar.store.schema import ADDED_COLUMNS, INDEXES


def _with_opinions():  # type: ignore[no-untyped-def]
    result = visit_result()
    first, second = result.events
    events = (dataclasses.replace(first, confidence=0.91),
              dataclasses.replace(second, confidence=0.12, second_opinion="none"))
    classes = tuple(EventClass(0.9, "04", 0.8, 1) if i == 0 else EventClass(0.1, None, 0.05, 0)
                    for i in range(3))
    sentences = ((0, 75), (76, 110), (111, 200))
    return result.replace(events=events, sentence_classes=classes, sentences=sentences)


def test_sentences_and_second_opinions_are_stored(store: Store) -> None:
    result = _with_opinions()
    store.add([result])
    rows = store.table("sentences").to_dicts()
    assert [(r["idx"], r["root"], r["quad_class"]) for r in rows] == [
        (0, "04", 1), (1, None, 0), (2, None, 0)]
    mentions = {m["code"]: m for m in store.mentions(doc_id=result.document.id).to_dicts()}
    assert mentions["042"]["confidence"] == 0.91 and mentions["042"]["second_opinion"] is None
    assert mentions["051"]["second_opinion"] == "none"
    assert store.document(result.document.id)["sentences"][0]["root"] == "04"  # type: ignore[index]


def test_events_filter_on_the_second_opinion(store: Store) -> None:
    store.add([_with_opinions()])
    assert [e["code"] for e in store.events(opinion="flagged").to_dicts()] == ["051"]
    assert [e["code"] for e in store.events(opinion="agreed").to_dicts()] == ["042"]
    assert store.events(opinion="classifier").count() == 0


def test_a_store_from_before_the_classifier_gains_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    open_store(path).close()
    con = duckdb.connect(str(path))
    for index in INDEXES:
        con.execute(f"DROP INDEX {index.split()[5]}")
    for table, column, _ in ADDED_COLUMNS:
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    for index in INDEXES:
        con.execute(index)
    con.close()
    with open_store(path) as store:
        store.add([_with_opinions()])
        assert store.events(opinion="flagged").count() == 1
