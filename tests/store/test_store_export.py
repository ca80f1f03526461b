"""Exports checked column by column on a small corpus of hand-built results."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from store_factories import VISIT, make_event, visit_result

from multipolar.errors import StoreError
from multipolar.model import AnalysisResult, Document
from multipolar.store import Store
from multipolar.store.export import GDELT_COLUMNS, export
from testpaths import shared_path

ADDED = dt.datetime(2025, 5, 8, 6, 30, 15)


def igo_result() -> AnalysisResult:
    text = "The United Nations condemned the attack on Syria on Sunday."
    event = make_event(text, text, "condemned", source=["IGOUNO"], target=["SYRREB"],
                       code="111", date=dt.date(2024, 12, 29))
    doc = Document(text=text, source="Agency", url="https://agency.example/un",
                   published=dt.date(2024, 12, 30))
    return AnalysisResult(document=doc, events=(event,))


@pytest.fixture
def corpus(store: Store) -> Store:
    store.add([visit_result(source="Wire", url="https://wire.example/xi")], added_at=ADDED)
    store.add([visit_result(VISIT + " Both sides hailed the talks.", source="Daily")],
              added_at=ADDED + dt.timedelta(hours=1))
    store.add([igo_result()], added_at=ADDED)
    return store


def gdelt_rows(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = []
    for line in lines:
        cells = line.split("\t")
        assert len(cells) == 61, line
        rows.append(dict(zip(GDELT_COLUMNS, cells, strict=True)))
    return rows


def test_gdelt_columns_are_gdelts() -> None:
    columns = shared_path("reference", "gdelt_event_columns.txt")
    expected = [c.strip() for c in columns.read_text().splitlines() if c.strip()]
    assert list(GDELT_COLUMNS) == expected


def test_gdelt_export_column_by_column(corpus: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.export.CSV"
    summary = export(corpus, "gdelt", out)
    rows = gdelt_rows(out)
    assert summary.rows == len(rows) == 3
    by_code = {r["EventCode"]: r for r in rows}
    visit = by_code["042"]
    event = corpus.events(code="042").to_dicts()[0]
    expected_visit = {
        "GlobalEventID": str(event["global_id"]),
        "Day": "20250507", "MonthYear": "202505", "Year": "2025",
        "FractionDate": "2025.3479",  # day 127 of 365
        "Actor1Code": "CHNGOV", "Actor1Name": "XI JINPING", "Actor1CountryCode": "CHN",
        "Actor1KnownGroupCode": "", "Actor1EthnicCode": "", "Actor1Religion1Code": "",
        "Actor1Religion2Code": "", "Actor1Type1Code": "GOV", "Actor1Type2Code": "",
        "Actor1Type3Code": "",
        "Actor2Code": "RUS", "Actor2Name": "RUSSIA", "Actor2CountryCode": "RUS",
        "Actor2KnownGroupCode": "", "Actor2EthnicCode": "", "Actor2Religion1Code": "",
        "Actor2Religion2Code": "", "Actor2Type1Code": "", "Actor2Type2Code": "",
        "Actor2Type3Code": "",
        "IsRootEvent": "1", "EventCode": "042", "EventBaseCode": "042", "EventRootCode": "04",
        "QuadClass": "1", "GoldsteinScale": "1.9",
        "NumMentions": "2", "NumSources": "2", "NumArticles": "2", "AvgTone": "-1.5",
        **{f"Actor{n}Geo_{f}": "" for n in (1, 2) for f in (
            "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
            "FeatureID")},
        "ActionGeo_Type": "4", "ActionGeo_FullName": "Moscow",
        "ActionGeo_CountryCode": "RS",  # FIPS 10-4, as GDELT uses, not ISO "RU"/"RUS"
        "ActionGeo_ADM1Code": "", "ActionGeo_ADM2Code": "", "ActionGeo_Lat": "55.75",
        "ActionGeo_Long": "37.62", "ActionGeo_FeatureID": "524901",
        "DATEADDED": "20250508063015",
        "SOURCEURL": "https://wire.example/xi",
    }
    assert visit == expected_visit
    un = by_code["111"]
    assert (un["Day"], un["FractionDate"]) == ("20241229", "2024.9945")  # day 364 of 366
    assert (un["Actor1Code"], un["Actor1CountryCode"], un["Actor1KnownGroupCode"],
            un["Actor1Type1Code"]) == ("IGOUNO", "", "UNO", "")
    assert (un["Actor2Code"], un["Actor2CountryCode"], un["Actor2Type1Code"]) == (
        "SYRREB", "SYR", "REB")
    assert (un["QuadClass"], un["GoldsteinScale"], un["NumArticles"]) == ("3", "-2.0", "1")
    assert (un["ActionGeo_Type"], un["ActionGeo_FullName"]) == ("", "")
    assert un["SOURCEURL"] == "https://agency.example/un"
    # events without a URL cite the document
    praise = by_code["051"]
    assert praise["SOURCEURL"] == "https://wire.example/xi"
    assert [r["Day"] for r in rows] == sorted(r["Day"] for r in rows)


def test_gdelt_export_keeps_lines_intact(store: Store, tmp_path: Path) -> None:
    text = "Tab\there and a\nnewline: Iran criticised Israel."
    event = make_event(text, text, "criticised", source=["IRN"], target=["ISR"], code="111")
    doc = Document(text=text, url="https://x.example/a\tb", published=dt.date(2025, 1, 1))
    store.add([AnalysisResult(document=doc, events=(event,))])
    out = tmp_path / "g.tsv"
    export(store, "gdelt", out)
    (row,) = gdelt_rows(out)
    assert row["SOURCEURL"] == "https://x.example/a b"


def test_plover_export_fields(corpus: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    summary = export(corpus, "plover", out)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert summary.rows == len(records) == 3 and summary.skipped == 0
    visit = next(r for r in records if r["cameo"] == "042")
    event = corpus.events(code="042").to_dicts()[0]
    assert visit == {
        "id": event["id"],
        "date": "2025-05-07",
        "actor": "CHNGOV",
        "recipient": "RUS",
        "event": "CONSULT",
        "mode": "visit",
        "context": "",
        "text": "Chinese President Xi Jinping arrived in Moscow on Wednesday for a state visit.",
        "event_text": "arrived",
        "actor_text": "",
        "recipient_text": "",
        "source": "Wire",
        "publication": "Xi in Moscow",
        "url": "https://wire.example/xi",
        "location": {"name": "Moscow", "country": "RUS", "lat": 55.75, "lon": 37.62,
                     "geonameid": 524901},
        "cameo": "042",
        "goldstein": 1.9,
        "quad_class": 1,
        "modality": "asserted",
        "num_mentions": 2,
        "num_sources": 2,
        "num_articles": 2,
        "doc_id": event["first_doc_id"],
        "version": "PLOVER (multipolar export 1)",
    }
    un = next(r for r in records if r["cameo"] == "111")
    assert (un["event"], un["actor"], un["recipient"], un["location"]) == (
        "ACCUSE", "IGOUNO", "SYRREB", None)


def test_plover_export_leaves_out_codes_without_plover(store: Store, tmp_path: Path) -> None:
    text = "Russia made a statement about China."
    event = make_event(text, text, "statement", source=["RUS"], target=["CHN"], code="010")
    store.add([AnalysisResult(document=Document(text=text), events=(event,))])
    summary = export(store, "plover", tmp_path / "p.jsonl")
    assert (summary.rows, summary.skipped) == (0, 1)
    assert (tmp_path / "p.jsonl").read_text() == ""


def test_csv_export_matches_events_table(corpus: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    summary = export(corpus, "csv", out)
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    events = {e["id"]: e for e in corpus.events().to_dicts()}
    assert summary.rows == len(rows) == 3
    assert list(rows[0]) == corpus.events().columns
    for row in rows:
        expected = events[row["id"]]
        for column, value in row.items():
            want = expected[column]
            if want is None:
                assert value == "", column
            elif isinstance(want, bool):
                assert value == str(want).lower(), column
            elif isinstance(want, dt.datetime):
                assert value == want.strftime("%Y-%m-%dT%H:%M:%S"), column
            elif isinstance(want, dt.date):
                assert value == want.isoformat(), column
            elif isinstance(want, float):
                assert float(value) == pytest.approx(want), column
            else:
                assert value == str(want), column


def test_parquet_export_partitioned_by_date(corpus: Store, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    summary = export(corpus, "parquet", out)
    assert summary.rows == 3
    parts = sorted(str(p.relative_to(out)) for p in out.rglob("*.parquet"))
    assert parts == [
        "documents.parquet",
        "events/year=2024/month=12/data_0.parquet",
        "events/year=2025/month=5/data_0.parquet",
        "mentions/year=2024/month=12/data_0.parquet",
        "mentions/year=2025/month=5/data_0.parquet",
    ]
    back = duckdb.sql(f"SELECT * EXCLUDE (year, month) FROM read_parquet("
                      f"'{out}/events/*/*/*.parquet', hive_partitioning = true) ORDER BY id"
                      ).to_arrow_table()
    original = corpus.sql("SELECT * FROM events ORDER BY id").to_arrow()
    assert back.column_names == original.column_names
    for name in original.column_names:
        assert back.column(name).to_pylist() == original.column(name).to_pylist(), name
    docs = pq.read_table(out / "documents.parquet")
    assert docs.num_rows == 3 and "text" in docs.column_names
    assert "minhash" not in docs.column_names


def test_export_filters_and_errors(corpus: Store, tmp_path: Path) -> None:
    summary = export(corpus, "gdelt", tmp_path / "2025.tsv", since="2025-01-01")
    assert summary.rows == 2
    summary = export(corpus, "plover", tmp_path / "un.jsonl", actor="IGO")
    assert summary.rows == 1
    with pytest.raises(StoreError, match="exists"):
        export(corpus, "csv", tmp_path / "2025.tsv")
    assert export(corpus, "csv", tmp_path / "2025.tsv", overwrite=True).rows == 3
    with pytest.raises(StoreError, match="not one of"):
        export(corpus, "xlsx", tmp_path / "x.xlsx")
    with pytest.raises(StoreError, match="does not exist"):
        export(corpus, "csv", tmp_path / "missing" / "x.csv")


def test_gdelt_export_writes_a_countryless_agent_as_dashes_and_sector(store: Store,
                                                                     tmp_path: Path) -> None:
    text = "Police arrested dozens of protesters on Sunday."
    event = make_event(text, text, "arrested", source=["COP"], target=["OPP"], code="173",
                       date=dt.date(2024, 12, 29))
    doc = Document(text=text, source="Agency", published=dt.date(2024, 12, 30))
    store.add([AnalysisResult(document=doc, events=(event,))], added_at=ADDED)
    out = tmp_path / "events.export.CSV"
    export(store, "gdelt", out)
    (row,) = gdelt_rows(out)
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == (
        "---COP", "", "COP")
    assert (row["Actor2Code"], row["Actor2CountryCode"], row["Actor2Type1Code"]) == (
        "---OPP", "", "OPP")
