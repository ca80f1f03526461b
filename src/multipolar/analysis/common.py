"""What the analyst views share: the store connection, actor matching, periods, modalities.

The views query the store's DuckDB tables (`events`, `mentions`, `documents`, `amounts`,
`quotations`; see `multipolar.store.schema`) with SQL, so they stay fast on large stores.

Conventions, the same in every view:

- An actor given as a code matches every code that starts with it: `CHN` matches `CHN`,
  `CHNGOV`, `CHNMIL`…; `RUSGOV` matches only Russian government actors.
- Only events the text presents as happening or intended count (modalities asserted, reported,
  future); negated and hypothetical acts are left out (see CODING.md, "Modality").
- Events without a date are left out of time-bounded views. `since` and `until` are inclusive.
- Historical events (dated to a past year the text mentions, "the 1967 war") are left out of
  time series, networks, briefs and maps unless asked (`historical=True`).
- A dyad A:B means events between A and B in either direction; `directed=True` only A to B
  (the same rule in `Store.events`, the CLI, the HTTP API and the dashboard).
- Self-relations (an actor's event with itself, e.g. CHNGOV→CHNMIL at country level) are left
  out of dyads and networks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, Protocol

from multipolar.errors import InputError, InvalidArgument

COUNTED_MODALITIES = ("asserted", "reported", "future")
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}
PERIODS = ("day", "week", "month")
_ACTOR = re.compile(r"^[A-Z]{3}[A-Z0-9]{0,12}$")


class Connection(Protocol):
    """The part of a DuckDB connection the views use: pass `Store.con` (or a connection to a
    store's file); tables and columns are those of `multipolar.store.schema`."""

    def execute(self, query: str, parameters: object = ...) -> Any: ...


def actor_code(value: str) -> str:
    """Validate and normalise an actor code argument ("chn" → "CHN")."""
    code = value.strip().upper()
    if not _ACTOR.match(code):
        raise InputError(f"{value!r} is not an actor code; give a CAMEO code such as CHN, "
                         "RUSGOV or IGOUNO")
    return code


def check_period(since: dt.date | None, until: dt.date | None) -> None:
    """The one check of a period's bounds (CLI, API, pages and views all call this one)."""
    if since is not None and until is not None and since > until:
        raise InvalidArgument(f"since ({since}) is after until ({until}); give a start on or "
                              "before the end")


def period_sql(column: str, since: dt.date | None, until: dt.date | None, *,
               historical: bool = False) -> tuple[str, list[Any]]:
    """A WHERE fragment bounding the events' `column` to [since, until], and its parameters.

    Events dated to a past year the text mentions (`historical`, see
    `multipolar.model.is_historical`) are left out unless `historical` is true."""
    check_period(since, until)
    clauses, params = [f"{column} IS NOT NULL"], []
    if not historical:
        prefix = column.rpartition(".")[0]
        clauses.append(f"NOT {prefix + '.' if prefix else ''}historical")
    if since is not None:
        clauses.append(f"{column} >= ?")
        params.append(since)
    if until is not None:
        clauses.append(f"{column} <= ?")
        params.append(until)
    return " AND ".join(clauses), params


def modality_sql(column: str = "modality") -> str:
    quoted = ", ".join(f"'{m}'" for m in COUNTED_MODALITIES)
    return f"{column} IN ({quoted})"


def node_sql(prefix: str, level: str) -> str:
    """SQL for the network node of side `prefix` ("actor1"/"actor2") at `level`.

    level "country": the country part of the code (`CHNGOV` → `CHN`), international
    organisations and actors without a country keep their full code (`IGOUNO`).
    level "actor": the full code.
    """
    if level == "actor":
        return prefix
    if level != "country":
        raise InputError(f"level must be 'country' or 'actor', got {level!r}")
    return (f"CASE WHEN {prefix}_country IS NOT NULL AND {prefix}_country <> '' "
            f"AND NOT starts_with({prefix}, 'IGO') THEN {prefix}_country ELSE {prefix} END")


def truncate(day: dt.date, by: str) -> dt.date:
    """The first day of the day/week (ISO, Monday)/month holding `day`."""
    if by == "day":
        return day
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    raise InputError(f"by must be one of {', '.join(PERIODS)}, got {by!r}")


def next_period(start: dt.date, by: str) -> dt.date:
    if by == "day":
        return start + dt.timedelta(days=1)
    if by == "week":
        return start + dt.timedelta(days=7)
    if start.month == 12:
        return start.replace(year=start.year + 1, month=1)
    return start.replace(month=start.month + 1)


def period_starts(first: dt.date, last: dt.date, by: str) -> list[dt.date]:
    """Every period start from the one holding `first` to the one holding `last`."""
    out, current = [], truncate(first, by)
    end = truncate(last, by)
    while current <= end:
        out.append(current)
        current = next_period(current, by)
    return out


def fetch_dicts(con: Connection, query: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = con.execute(query, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None
