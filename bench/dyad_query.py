"""Weekly dyad series over 10 million synthetic events in the store (target: under 1 s).

Fills a store's `events` table with synthetic events (skewed actor frequencies over ~60
countries and their sectors, real CAMEO codes with their Goldstein values and QuadClass, days
over 2015-2025), then times, cold and then as the median of 5 warm runs:

1. the weekly China–Russia series in SQL (counts by QuadClass, summed and mean Goldstein);
2. `Store.events(dyad=…, undirected=True, since=…, until=…, limit=100)` to Arrow;
3. `multipolar.analysis.dyads.dyad_series` (the analyst view) when it is installed.

    .venv/bin/python bench/dyad_query.py [--events 10000000] [--db FILE]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa

from multipolar.ontology import cameo
from multipolar.store import Store, open_store

COUNTRIES = [
    "USA", "CHN", "RUS", "GBR", "FRA", "DEU", "UKR", "ISR", "IRN", "SYR", "TUR", "IND", "PAK",
    "JPN", "KOR", "PRK", "SAU", "EGY", "IRQ", "AFG", "BRA", "MEX", "CAN", "AUS", "ITA", "ESP",
    "POL", "NLD", "BEL", "SWE", "NOR", "FIN", "QAT", "ARE", "JOR", "LBN", "YEM", "LBY", "SDN",
    "ETH", "KEN", "NGA", "ZAF", "DZA", "MAR", "TUN", "VEN", "COL", "ARG", "CHL", "PER", "CUB",
    "VNM", "THA", "IDN", "PHL", "MYS", "MMR", "BGD", "LKA",
]
SECTORS = ("", "GOV", "MIL", "BUS", "CVL", "OPP", "MED", "COP")

FILL = """
INSERT INTO events
WITH g AS (
    SELECT i,
           $countries[1 + floor(pow(random(), 2.5) * $n_countries)::INT] AS c1,
           $countries[1 + floor(pow(random(), 2.5) * $n_countries)::INT] AS c2,
           $sectors[1 + floor(random() * $n_sectors)::INT] AS s1,
           $sectors[1 + floor(random() * $n_sectors)::INT] AS s2,
           1 + floor(random() * $n_codes)::INT AS k,
           DATE '2015-01-01' + floor(random() * 4018)::INT AS day,
           floor(random() * 5)::INT + 1 AS mentions
    FROM range($start, $stop) t(i)
)
SELECT lpad(to_hex(i), 16, '0'), i, day,
       c1 || s1, NULL, c1, nullif(s1, ''), c2 || s2, NULL, c2, nullif(s2, ''),
       codes.code, left(codes.code, 3), left(codes.code, 2), codes.label, codes.quad,
       codes.goldstein, codes.plover_event, NULL, NULL, 'asserted', i % 3 = 0,
       mentions, least(mentions, 3), mentions, -2.5, NULL, NULL, NULL, NULL, NULL, NULL,
       'synthetic', NULL, 'synthetic event', TIMESTAMP '2026-01-01 00:00:00'
FROM g JOIN codes ON codes.k = g.k
"""

WEEKLY = """
SELECT date_trunc('week', date) AS week, quad_class, count(*) AS events,
       sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean
FROM events
WHERE ((starts_with(actor1, $a) AND starts_with(actor2, $b))
    OR (starts_with(actor1, $b) AND starts_with(actor2, $a)))
GROUP BY ALL ORDER BY week, quad_class
"""


def fill(store: Store, n: int) -> float:
    table = cameo()
    codes = [c for c in table if len(c.code) >= 3]
    store.con.register("codes", pa.table({
        "k": list(range(1, len(codes) + 1)), "code": [c.code for c in codes],
        "label": [c.label for c in codes], "quad": [c.quad_class for c in codes],
        "goldstein": [c.goldstein for c in codes],
        "plover_event": [c.plover_event for c in codes]}))
    started = time.perf_counter()
    step = 2_000_000
    for begin in range(0, n, step):
        store.con.execute(FILL, {"countries": list(COUNTRIES), "n_countries": len(COUNTRIES),
                                 "sectors": list(SECTORS), "n_sectors": len(SECTORS),
                                 "n_codes": len(codes), "start": begin,
                                 "stop": min(n, begin + step)})
    store.con.unregister("codes")
    return time.perf_counter() - started


def timed(run: Callable[[], Any], repeat: int = 5) -> tuple[float, float, Any]:
    start = time.perf_counter()
    result = run()
    cold = time.perf_counter() - start
    warm = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        warm.append(time.perf_counter() - start)
    return cold, statistics.median(warm), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--db", help="store file to use (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "synthetic.duckdb"
        with open_store(path) as store:
            have = store.con.execute("SELECT count(*) FROM events").fetchall()[0][0]
            if have < args.events:
                seconds = fill(store, args.events - have)
                print(f"generated {args.events - have:,} synthetic events in {seconds:.1f} s")
            total = store.con.execute("SELECT count(*) FROM events").fetchall()[0][0]
            print(f"events in store: {total:,}")

            params = {"a": "CHN", "b": "RUS"}
            cold, warm, rows = timed(
                lambda: store.con.execute(WEEKLY, params).fetchall())
            weeks = len({r[0] for r in rows})
            events = sum(r[2] for r in rows)
            print(f"weekly CHN-RUS series (SQL)        cold {cold:6.3f} s  warm {warm:6.3f} s  "
                  f"({weeks} weeks, {events:,} events)  target < 1 s")
            cold, warm, table = timed(lambda: store.events(
                dyad="CHN:RUS", undirected=True, since="2020-01-01", until="2024-12-31",
                limit=100).to_arrow())
            print(f"store.events(dyad=CHN:RUS) -> Arrow cold {cold:6.3f} s  warm {warm:6.3f} s  "
                  f"({table.num_rows} rows)")
            try:
                from multipolar.analysis.dyads import dyad_series
            except ImportError:
                print("analysis.dyads not installed: dyad_series not timed")
            else:
                cold, warm, series = timed(lambda: dyad_series(store.con, "CHN", "RUS",
                                                               by="week"), repeat=3)
                print(f"analysis dyad_series(by=week)      cold {cold:6.3f} s  warm {warm:6.3f}"
                      f" s  ({len(series.points)} points, {series.total:,} events)")


if __name__ == "__main__":
    main()
