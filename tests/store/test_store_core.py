"""The store: schema, idempotent writes, story grouping, event deduplication, queries."""

from __future__ import annotations

import dataclasses
import datetime as dt

import duckdb
import pytest
from store_factories import VISIT, make_event, visit_result

from multipolar.errors import StoreError
from multipolar.model import AnalysisResult, Modality
from multipolar.store import Store, open_store
from snapshots import snapshot

# An edited copy of VISIT as another outlet would run it: new last sentence, one word changed.
VISIT_COPY = VISIT.replace("officials said.", "according to customs data.").replace(
    "state visit", "state visit")
OTHER = ("Protesters in Nairobi marched against the government on Monday, calling for lower "
         "taxes. Police fired tear gas at the crowd near parliament.")


def test_open_creates_schema_and_reopens(tmp_path) -> None:
    path = tmp_path / "s.duckdb"
    with open_store(path) as store:
        assert store.stats()["documents"] == 0
    with open_store(path, read_only=True) as store:
        assert store.events().count() == 0


def test_read_only_missing_file_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(StoreError, match="multipolar ingest"):
        open_store(tmp_path / "absent.duckdb", read_only=True)


def test_foreign_duckdb_file_is_refused(tmp_path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a multipolar store"):
        open_store(path, read_only=True)


def test_not_a_database_is_a_store_error(tmp_path) -> None:
    path = tmp_path / "text.duckdb"
    path.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(path)


def test_add_is_idempotent(store: Store) -> None:
    first = store.add([visit_result()])
    assert (first.documents, first.skipped, first.mentions, first.events) == (1, 0, 2, 2)
    before = snapshot(store)
    again = store.add([visit_result(), visit_result()])
    assert (again.documents, again.skipped) == (0, 2)
    assert snapshot(store) == before


def test_repeated_document_in_one_batch_is_stored_once(store: Store) -> None:
    summary = store.add([visit_result(), visit_result()])
    assert (summary.documents, summary.skipped) == (1, 1)
    assert store.stats()["documents"] == 1
    other = store.add([visit_result(OTHER, source="A"), visit_result(OTHER, source="B")])
    assert (other.documents, other.copies, other.skipped) == (1, 1, 0)
    assert store.stats()["articles"] == 3


def test_exact_copy_from_another_outlet_counts_as_another_article(store: Store) -> None:
    store.add([visit_result(source="Wire", url="https://wire.example/1")])
    copy = visit_result(source="Daily", url="https://daily.example/xi")
    summary = store.add([copy])
    assert (summary.documents, summary.copies, summary.skipped) == (0, 1, 0)
    assert store.stats()["documents"] == 1 and store.stats()["articles"] == 2
    visit = store.events(code="042").to_dicts()[0]
    assert (visit["num_mentions"], visit["num_articles"], visit["num_sources"]) == (2, 2, 2)
    # the same copy again, or a copy given without its analysis, changes nothing
    again = store.add([], copies=[copy.document])
    assert (again.copies, again.skipped) == (0, 1)
    # an outlet known only by its URL counts by host: two URLs of one site are one source
    store.add([], copies=[visit_result(source=None, url="https://x.example/a").document,
                          visit_result(source=None, url="https://x.example/b").document])
    visit = store.events(code="042").to_dicts()[0]
    assert (visit["num_articles"], visit["num_sources"]) == (4, 3)
    shown = store.document(copy.document.id)
    assert [c["source"] for c in shown["copies"]] == ["", "", "Daily", "Wire"]


def test_document_record_round_trip(store: Store) -> None:
    result = visit_result(url="https://example.org/xi")
    store.add([result])
    found = store.document(result.document.id)
    assert found is not None
    doc = found["document"]
    assert doc["id"] == result.document.id
    assert doc["text"] == VISIT
    assert doc["published"] == "2025-05-07"
    assert doc["url"] == "https://example.org/xi"
    assert doc["metadata"] == {"input": "test"}
    assert doc["tone"] == -1.5
    assert [a["code"] for a in found["actors"]] == ["CHNGOV", "RUS"]
    assert found["amounts"][0]["value"] == 237e9
    assert found["amounts"][0]["actors"] == ["CHN", "RUS"]
    assert found["places"][0]["geonameid"] == 524901
    assert found["quotations"][0]["speaker_code"] == "CHNGOV"
    assert {e["code"] for e in found["events"]} == {"042", "051"}
    assert [m["trigger"] for m in found["mentions"]] == ["arrived", "praised"]
    # a unique prefix works too; an unknown id gives None
    assert store.document(result.document.id[:8])["document"]["id"] == result.document.id
    assert store.document("ffffffffffff") is None


def test_copies_of_a_story_are_grouped(store: Store) -> None:
    a = visit_result(source="Wire")
    b = visit_result(VISIT_COPY, source="Daily")
    c = visit_result(OTHER, source="Daily")
    store.add([a])
    store.add([b, c])
    stories = dict(store.con.execute("SELECT id, story_id FROM documents").fetchall())
    assert stories[a.document.id] == a.document.id
    assert stories[b.document.id] == a.document.id
    assert stories[c.document.id] == c.document.id
    assert store.stats()["stories"] == 2
    assert sorted(store.document(b.document.id)["story"]) == sorted(
        [a.document.id, b.document.id])


def test_event_in_several_articles_is_one_event_with_counts(store: Store) -> None:
    store.add([visit_result(source="Wire", url="https://wire.example/1")])
    store.add([visit_result(VISIT_COPY, source="Daily")])
    store.add([visit_result(VISIT_COPY + " Analysts agreed.", source="Daily", tone=0.5)])
    visit = store.events(code="042").to_dicts()
    assert len(visit) == 1
    event = visit[0]
    assert (event["num_mentions"], event["num_articles"], event["num_sources"]) == (3, 3, 2)
    assert event["avg_tone"] == pytest.approx((-1.5 - 1.5 + 0.5) / 3)
    assert event["actor1"] == "CHNGOV" and event["actor2"] == "RUS"
    assert event["actor1_name"] == "Xi Jinping"
    assert (event["actor1_country"], event["actor1_sector"]) == ("CHN", "GOV")
    assert event["date"] == dt.date(2025, 5, 7)
    assert (event["quad_class"], event["goldstein"]) == (1, 1.9)
    assert (event["plover_event"], event["plover_mode"]) == ("CONSULT", "visit")
    assert event["location"] == "Moscow" and event["geo_country"] == "RUS"
    assert event["is_root"] is True
    assert event["source_url"] == "https://wire.example/1"
    assert store.mentions(event_id=event["id"]).count() == 3


def test_two_mentions_in_one_article(store: Store) -> None:
    text = VISIT + " Xi praised Russia again."
    result = visit_result(text)
    again = make_event(text, "Xi praised Russia again.", "praised", source=["CHNGOV"],
                       target=["RUS"], code="051", sentence_index=5)
    store.add([result.replace(events=(*result.events, again))])
    praise = store.events(code="051").to_dicts()
    assert len(praise) == 1
    assert (praise[0]["num_mentions"], praise[0]["num_articles"]) == (2, 1)


def test_compound_actors_give_one_event_per_pair(store: Store) -> None:
    text = "France and Germany criticised Iran and Syria on Friday."
    event = make_event(text, text, "criticised", source=["FRA", "DEU"], target=["IRN", "SYR"],
                       code="111")
    store.add([AnalysisResult(document=visit_result(text).document, events=(event,))])
    pairs = sorted((e["actor1"], e["actor2"]) for e in store.events().to_dicts())
    assert pairs == [("DEU", "IRN"), ("DEU", "SYR"), ("FRA", "IRN"), ("FRA", "SYR")]


def test_event_without_target_has_null_actor2(store: Store) -> None:
    text = "Police fired tear gas in Nairobi."
    event = make_event(text, text, "fired", source=["KENCOP"], target=[], code="180")
    store.add([AnalysisResult(document=visit_result(text).document, events=(event,))])
    (row,) = store.events().to_dicts()
    assert row["actor1"] == "KENCOP" and row["actor2"] is None


def test_modality_keeps_events_apart(store: Store) -> None:
    text = "China did not sign the deal with Russia. China signed a deal with Russia."
    neg = make_event(text, "China did not sign the deal with Russia.", "sign", source=["CHN"],
                     target=["RUS"], code="057", modality=Modality.NEGATED)
    pos = make_event(text, "China signed a deal with Russia.", "signed", source=["CHN"],
                     target=["RUS"], code="057")
    store.add([AnalysisResult(document=visit_result(text).document, events=(neg, pos))])
    assert sorted(e["modality"] for e in store.events().to_dicts()) == ["asserted", "negated"]
    assert store.events(modality="negated").count() == 1


def test_undated_events_merge_only_within_a_story(store: Store) -> None:
    store.add([visit_result(published=None)])
    store.add([visit_result(VISIT_COPY, published=None, source="Daily")])
    longer = VISIT + " " + OTHER + " " + " ".join(f"word{i}" for i in range(80))
    store.add([visit_result(longer, published=None, source="Third")])
    counts = sorted(e["num_articles"] for e in store.events(code="042").to_dicts())
    assert counts == [1, 2]


def test_contents_do_not_depend_on_arrival_order(tmp_path) -> None:
    results = [visit_result(source="Wire"), visit_result(VISIT_COPY, source="Daily"),
               visit_result(OTHER, source="Daily")]
    when = dt.datetime(2025, 5, 8, 12, 0, 0)
    with open_store(tmp_path / "a.duckdb") as a, open_store(tmp_path / "b.duckdb") as b:
        a.add(results, added_at=when)
        for r in reversed(results):
            b.add([r], added_at=when)
        # the story a document joins may differ with order; events and counts must not
        sa, sb = snapshot(a, skip=()), snapshot(b, skip=())
        for table in ("events", "actors", "amounts", "quotations", "places"):
            assert sa[table] == sb[table], table


def test_filters(store: Store) -> None:
    text = "Russia criticised the United States. China met Russia in Beijing."
    crit = make_event(text, "Russia criticised the United States.", "criticised",
                      source=["RUSGOV"], target=["USA"], code="111", date=dt.date(2024, 3, 1))
    met = make_event(text, "China met Russia in Beijing.", "met", source=["CHN"],
                     target=["RUS"], code="040", date=dt.date(2025, 1, 5))
    store.add([AnalysisResult(document=visit_result(text).document, events=(crit, met))])
    store.add([visit_result()])

    def codes(**filters: object) -> list[str]:
        return sorted(e["code"] for e in store.events(**filters).to_dicts())

    assert codes() == ["040", "042", "051", "111"]
    assert codes(actor="RUS") == ["040", "042", "051", "111"]
    assert codes(actor="rusgov") == ["111"]
    # one dyad rule: A:B is both directions, directed=True only A to B
    assert codes(dyad="CHN:RUS", directed=True) == ["040", "042", "051"]
    assert codes(dyad=("RUS", "CHN"), directed=True) == []
    assert codes(dyad="RUS:CHN") == ["040", "042", "051"]
    assert codes(code="04") == ["040", "042"]
    assert codes(code="111") == ["111"]
    assert codes(quad_class=3) == ["111"]
    assert codes(since="2025-01-01") == ["040", "042", "051"]
    assert codes(until=dt.date(2025, 1, 5)) == ["040", "111"]
    assert codes(since="2025-01-01", until="2025-01-31") == ["040"]
    assert store.events(limit=2).count() == 2
    assert store.events(limit=2, offset=3).count() == 1
    newest_first = [e["date"] for e in store.events().to_dicts()]
    assert newest_first == sorted(newest_first, reverse=True)


@pytest.mark.parametrize("hostile", ["CHN' OR '1'='1", "'; DROP TABLE events; --", "%", "_"])
def test_filter_values_are_parameters_not_sql(store: Store, hostile: str) -> None:
    store.add([visit_result()])
    assert store.events(actor=hostile).count() == 0
    assert store.events(dyad=f"{hostile}:RUS").count() == 0
    assert store.document(hostile + "00000000") is None
    assert store.events().count() == 2


@pytest.mark.parametrize(("filters", "message"), [
    ({"since": "05/07/2025"}, "YYYY-MM-DD"),
    ({"dyad": "CHNRUS"}, "A:B"),
    ({"dyad": ("CHN", "")}, "two actor codes"),
    ({"code": "04a"}, "digits"),
    ({"quad_class": 5}, "1-4"),
    ({"limit": -1}, "non-negative"),
])
def test_bad_filters_are_clear_errors(store: Store, filters: dict, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        store.events(**filters)


def test_frame_conversions_agree(store: Store) -> None:
    store.add([visit_result()])
    frame = store.events()
    table = frame.to_arrow()
    dicts = frame.to_dicts()
    df = frame.to_pandas()
    pl = frame.to_polars()
    assert table.num_rows == len(dicts) == len(df) == pl.height == 2
    assert list(df.columns) == pl.columns == table.column_names == frame.columns
    assert list(df["code"]) == pl["code"].to_list() == [d["code"] for d in dicts]
    assert pl["date"].dtype.__class__.__name__ == "Date"


def test_sql_escape_hatch_takes_parameters(store: Store) -> None:
    store.add([visit_result()])
    rows = store.sql("SELECT code FROM events WHERE actor1 = $a ORDER BY code",
                     {"a": "CHNGOV"}).to_dicts()
    assert [r["code"] for r in rows] == ["042", "051"]
    with pytest.raises(StoreError, match="no table"):
        store.table("events; DROP TABLE events")


def test_stats(store: Store) -> None:
    store.add([visit_result(), visit_result(OTHER, source="Daily", published=None)])
    found = store.stats()
    assert found["documents"] == 2 and found["stories"] == 2 and found["sources"] == 2
    assert found["events"] == 2 and found["mentions"] == 2
    assert found["published"] == {"min": "2025-05-07", "max": "2025-05-07"}
    assert found["quad_classes"] == {"1": 2}
    assert found["top_dyads"] == [{"actor1": "CHNGOV", "actor2": "RUS", "events": 2}]


def test_read_only_store_refuses_writes(tmp_path) -> None:
    path = tmp_path / "ro.duckdb"
    open_store(path).close()
    with open_store(path, read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        store.add([visit_result()])


def test_failed_batch_leaves_store_unchanged(store: Store) -> None:
    store.add([visit_result()])
    before = snapshot(store)
    good = visit_result(OTHER, source="Daily")
    # a record the schema rejects (NOT NULL trigger) after a valid document in the same batch
    bad = visit_result(VISIT_COPY, source="Bad")
    bad_event = dataclasses.replace(
        bad.events[0], evidence=dataclasses.replace(bad.events[0].evidence, trigger=None))
    bad = bad.replace(events=(bad_event,))
    with pytest.raises(StoreError, match="writing to"):
        store.add([good, bad])
    assert snapshot(store) == before
