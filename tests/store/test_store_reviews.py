"""Reviews: stored with who/when/why, applied to every view and export, kept across re-ingest,
exported as a gold file the event evaluation reads."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from store_factories import visit_result

from multipolar.analysis.dyads import dyad_series
from multipolar.errors import InvalidArgument
from multipolar.evaluate.events import read_gold
from multipolar.store import Store
from multipolar.store.export import export


def event_id(store: Store, code: str) -> str:
    return next(e["id"] for e in store.events().to_dicts() if e["code"] == code)


def test_not_an_event_leaves_every_view_and_survives_reingest(store: Store,
                                                              tmp_path: Path) -> None:
    store.add([visit_result()])
    praise = event_id(store, "051")
    before = dyad_series(store.con, "CHN", "RUS").total
    row = store.review(praise[:8], "not_event", reviewer="alice", reason="a compliment")
    assert (row["event_id"], row["reviewer"], row["reason"]) == (praise, "alice", "a compliment")
    assert row["original_code"] == "051" and row["sentence"].startswith("Xi praised")
    assert praise not in {e["id"] for e in store.events().to_dicts()}
    assert dyad_series(store.con, "CHN", "RUS").total == before - 1
    # a syndicated copy of the story recomputes the event from its mentions: still rejected
    store.add([visit_result(source="Other wire", url="https://other.example/x")])
    assert praise not in {e["id"] for e in store.events().to_dicts()}
    summary = export(store, "csv", tmp_path / "events.csv")
    assert summary.rows == 1


def test_correction_applies_code_actors_and_names(store: Store, tmp_path: Path) -> None:
    store.add([visit_result()])
    visit = event_id(store, "042")
    store.review(visit, "corrected", reviewer="bob", reason="a state visit is hosted",
                 code="043", actor2="RUSGOV")
    row = store.events(code="043").to_dicts()[0]
    assert (row["id"], row["actor2"], row["actor2_country"], row["actor2_sector"]) == (
        visit, "RUSGOV", "RUS", "GOV")
    assert row["reviewed"] is True and row["label"] == "Host a visit"
    assert row["actor2_name"] == "Russia (government)"
    # the CSV export carries the corrected row with its `reviewed` column
    export(store, "csv", tmp_path / "events.csv")
    text = (tmp_path / "events.csv").read_text()
    assert "reviewed" in text.splitlines()[0] and "043" in text
    # a later review of the same event wins
    store.review(visit, "correct", reviewer="carol", when=dt.datetime(2099, 1, 1))
    assert [r["reviewer"] for r in store.reviews()] == ["carol", "bob"]


def test_gold_export_is_read_by_the_evaluator(store: Store, tmp_path: Path) -> None:
    store.add([visit_result()])
    store.review(event_id(store, "051"), "not_event", reviewer="alice")
    store.review(event_id(store, "042"), "corrected", reviewer="alice", code="043")
    path = tmp_path / "gold.jsonl"
    assert store.export_gold(path) == 2
    gold = {g.text: g for g in read_gold(path)}
    praise = gold["Xi praised Russia for its support."]
    assert praise.no_event and not praise.expected
    visit = next(g for text, g in gold.items() if "state visit" in text)
    assert [(t.source, t.target, t.code) for t in visit.expected] == [("CHNGOV", "RUS", "043")]
    assert all(json.loads(line)["id"].startswith("review-")
               for line in path.read_text().splitlines())


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"verdict": "maybe"}, "verdict must be one of"),
    ({"verdict": "corrected"}, "needs a new code"),
    ({"verdict": "corrected", "code": "999"}, "not a CAMEO code"),
    ({"verdict": "not_event", "code": "042"}, "takes no code"),
    ({"verdict": "not_event", "reviewer": " "}, "who reviews"),
])
def test_bad_reviews_are_refused(store: Store, kwargs: dict[str, str], message: str) -> None:
    store.add([visit_result()])
    args = {"reviewer": "alice", **kwargs}
    verdict = args.pop("verdict")
    with pytest.raises(InvalidArgument, match=message):
        store.review(event_id(store, "042"), verdict, **args)
    assert store.reviews() == []


def test_one_id_prefix_rule(store: Store) -> None:
    store.add([visit_result()])
    doc_id = store.documents().to_dicts()[0]["id"]
    assert store.resolve_id(doc_id[:8]) == doc_id
    with pytest.raises(InvalidArgument, match="too short: give at least 8 characters"):
        store.resolve_id(doc_id[:7])
    with pytest.raises(InvalidArgument, match="too short"):
        store.review(event_id(store, "042")[:5], "not_event", reviewer="x")


def test_document_view_applies_reviews(store: Store) -> None:
    from multipolar.analysis.documents import stored_result

    store.add([visit_result()])
    doc_id = store.documents().to_dicts()[0]["id"]
    store.review(event_id(store, "051"), "not_event", reviewer="alice")
    store.review(event_id(store, "042"), "corrected", reviewer="alice", code="043")
    result = stored_result(store.con, doc_id)
    assert result is not None
    assert [e.code for e in result.events] == ["043"]
