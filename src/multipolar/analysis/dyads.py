"""Dyad series: how the relation between two actors moves, per day, week or month.

For actors A and B (both directions, or A→B only), each point of the series is one period with
the number of events by QuadClass, the mean and summed Goldstein score, the most frequent CAMEO
codes and the ids of the events behind it. Periods without events are included as zeros between
the first and last period, so a chart shows gaps as gaps (unless that would make more than
MAX_FILLED_POINTS periods, e.g. one stray date decades away: then only periods with events).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from multipolar.analysis.common import (
    QUAD_NAMES,
    Connection,
    actor_code,
    fetch_dicts,
    iso,
    modality_sql,
    next_period,
    node_sql,
    period_sql,
    period_starts,
    truncate,
)

TOP_CODES = 3
MAX_IDS_PER_POINT = 1000
MAX_FILLED_POINTS = 1500  # above this many periods, only periods with events are returned


@dataclass(frozen=True, slots=True)
class CodeCount:
    code: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One period of a dyad series."""

    start: dt.date
    end: dt.date  # last day of the period
    by_quad: tuple[int, int, int, int]  # events in QuadClass 1..4
    mentions: int  # sum of NumMentions of those events
    goldstein_sum: float
    top_codes: tuple[CodeCount, ...]
    event_ids: tuple[str, ...]

    @property
    def events(self) -> int:
        return sum(self.by_quad)

    @property
    def goldstein_mean(self) -> float | None:
        return self.goldstein_sum / self.events if self.events else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "events": self.events,
            "by_quad": {str(q): n for q, n in zip(range(1, 5), self.by_quad, strict=True)},
            "mentions": self.mentions,
            "goldstein_sum": round(self.goldstein_sum, 3),
            "goldstein_mean": (None if self.goldstein_mean is None
                               else round(self.goldstein_mean, 3)),
            "top_codes": [{"code": c.code, "label": c.label, "count": c.count}
                          for c in self.top_codes],
            "event_ids": list(self.event_ids),
        }


@dataclass(frozen=True, slots=True)
class DyadSeries:
    a: str
    b: str
    by: str
    directed: bool
    since: dt.date | None
    until: dt.date | None
    points: tuple[SeriesPoint, ...]

    @property
    def total(self) -> int:
        return sum(p.events for p in self.points)

    @property
    def by_quad(self) -> tuple[int, int, int, int]:
        sums = [sum(p.by_quad[q] for p in self.points) for q in range(4)]
        return sums[0], sums[1], sums[2], sums[3]

    @property
    def goldstein_mean(self) -> float | None:
        total = self.total
        return sum(p.goldstein_sum for p in self.points) / total if total else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "by": self.by,
            "directed": self.directed,
            "since": iso(self.since),
            "until": iso(self.until),
            "total": self.total,
            "by_quad": {str(q): n for q, n in zip(range(1, 5), self.by_quad, strict=True)},
            "quad_names": {str(q): name for q, name in QUAD_NAMES.items()},
            "goldstein_mean": (None if self.goldstein_mean is None
                               else round(self.goldstein_mean, 3)),
            "points": [p.to_dict() for p in self.points],
        }


def _count_periods(first: dt.date, last: dt.date, by: str) -> int:
    days = (last - first).days
    return days + 1 if by == "day" else days // 7 + 2 if by == "week" else days // 28 + 2


def dyad_where(a: str, b: str, *, directed: bool) -> tuple[str, list[Any]]:
    """WHERE fragment for events between `a` and `b` (code prefixes), and its parameters."""
    forward = "(starts_with(actor1, ?) AND starts_with(actor2, ?))"
    if directed:
        return forward, [a, b]
    backward = "(starts_with(actor1, ?) AND starts_with(actor2, ?))"
    return f"({forward} OR {backward})", [a, b, b, a]


def dyad_series(con: Connection, a: str, b: str, *, by: str = "week", directed: bool = False,
                since: dt.date | None = None, until: dt.date | None = None,
                historical: bool = False) -> DyadSeries:
    """The series of events between actors `a` and `b` (see the module docstring).

    Aggregated in SQL (one pass for the counts and ids, one for the top codes), so a dyad with
    millions of events costs what DuckDB needs to scan them, not a Python loop.
    """
    a, b = actor_code(a), actor_code(b)
    truncate(dt.date(2000, 1, 1), by)  # validates `by`
    when, when_params = period_sql("date", since, until, historical=historical)
    who, who_params = dyad_where(a, b, directed=directed)
    matching = f"""
        SELECT id, date, date_trunc('{by}', date)::DATE AS period, code, label, quad_class,
               goldstein, num_mentions
        FROM events WHERE {when} AND {who} AND {modality_sql()} AND actor1 <> actor2
    """
    params = [*when_params, *who_params]
    rows = fetch_dicts(con, f"""
        WITH e AS ({matching})
        SELECT period,
               count(*) FILTER (WHERE quad_class = 1) AS q1,
               count(*) FILTER (WHERE quad_class = 2) AS q2,
               count(*) FILTER (WHERE quad_class = 3) AS q3,
               count(*) FILTER (WHERE quad_class = 4) AS q4,
               sum(goldstein) AS goldstein_sum, sum(num_mentions) AS mentions,
               list(id ORDER BY date, id)[1:{MAX_IDS_PER_POINT}] AS ids
        FROM e GROUP BY period ORDER BY period
    """, params)
    codes: dict[dt.date, list[CodeCount]] = defaultdict(list)
    for row in fetch_dicts(con, f"""
        WITH e AS ({matching})
        SELECT period, code, any_value(label) AS label, count(*) AS n FROM e
        GROUP BY period, code
        QUALIFY row_number() OVER (PARTITION BY period ORDER BY n DESC, code) <= {TOP_CODES}
        ORDER BY period, n DESC, code
    """, params):
        codes[row["period"]].append(CodeCount(row["code"], row["label"] or "", int(row["n"])))
    found = {row["period"]: row for row in rows}
    first = since or (rows[0]["period"] if rows else None)
    last = until or (rows[-1]["period"] if rows else None)
    if first is None or last is None:
        starts: list[dt.date] = []
    elif _count_periods(first, last, by) <= MAX_FILLED_POINTS:
        starts = period_starts(first, last, by)
    else:  # a stray date decades away must not make millions of empty points
        starts = sorted(found)
    points = []
    for start in starts:
        hit = found.get(start)
        points.append(SeriesPoint(
            start=start,
            end=next_period(start, by) - dt.timedelta(days=1),
            by_quad=(int(hit["q1"]), int(hit["q2"]), int(hit["q3"]), int(hit["q4"]))
            if hit else (0, 0, 0, 0),
            mentions=int(hit["mentions"] or 0) if hit else 0,
            goldstein_sum=float(hit["goldstein_sum"]) if hit else 0.0,
            top_codes=tuple(codes.get(start, ())),
            event_ids=tuple(hit["ids"]) if hit else (),
        ))
    return DyadSeries(a=a, b=b, by=by, directed=directed, since=since, until=until,
                      points=tuple(points))


@dataclass(frozen=True, slots=True)
class DyadActivity:
    """A dyad's totals over a period (for "most active dyads" listings)."""

    a: str
    b: str
    events: int
    cooperation: int
    conflict: int
    goldstein_mean: float

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "events": self.events,
                "cooperation": self.cooperation, "conflict": self.conflict,
                "goldstein_mean": round(self.goldstein_mean, 3)}


def top_dyads(con: Connection, *, since: dt.date | None = None, until: dt.date | None = None,
              limit: int = 10, level: str = "country", historical: bool = False
              ) -> list[DyadActivity]:
    """The most active undirected dyads in the period, by number of events."""
    when, params = period_sql("date", since, until, historical=historical)
    s, t = node_sql("actor1", level), node_sql("actor2", level)
    rows = fetch_dicts(con, f"""
        WITH e AS (
            SELECT {s} AS s, {t} AS t, quad_class, goldstein FROM events
            WHERE {when} AND {modality_sql()} AND actor1 IS NOT NULL AND actor2 IS NOT NULL
        )
        SELECT least(s, t) AS a, greatest(s, t) AS b, count(*) AS events,
               count(*) FILTER (WHERE quad_class <= 2) AS cooperation,
               count(*) FILTER (WHERE quad_class >= 3) AS conflict,
               avg(goldstein) AS goldstein_mean
        FROM e WHERE s <> t
        GROUP BY 1, 2 ORDER BY events DESC, a, b LIMIT ?
    """, [*params, limit])
    return [DyadActivity(r["a"], r["b"], int(r["events"]), int(r["cooperation"]),
                         int(r["conflict"]), float(r["goldstein_mean"])) for r in rows]
