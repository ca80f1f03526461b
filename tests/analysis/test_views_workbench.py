"""The workbench views on the hand-coded world: the QuadClass series with gaps, top actors,
the map data, the conflict view, and historical events left out by default."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

from views_factories import build_world_store

from multipolar.analysis import views
from multipolar.analysis.dyads import dyad_series
from multipolar.store import Store, open_store


def test_quad_series_keeps_gaps(world: Store) -> None:
    points = views.quad_series(world.con, by="week")
    starts = [dt.date.fromisoformat(p["start"]) for p in points]
    assert all(b - a == dt.timedelta(days=7) for a, b in itertools.pairwise(starts))
    assert any(p["events"] == 0 for p in points)  # April to May: empty weeks stay empty
    empty = next(p for p in points if p["events"] == 0)
    assert empty["goldstein_mean"] is None
    total = sum(p["events"] for p in points)
    assert total == world.con.execute(
        "SELECT count(*) FROM events WHERE date IS NOT NULL AND modality IN "
        "('asserted', 'reported', 'future')").fetchall()[0][0]


def test_top_actors_have_names(world: Store) -> None:
    actors = views.top_actors(world.con, limit=3)
    assert actors and all(a["name"] and a["name"] != a["actor"] for a in actors)
    assert actors == sorted(actors, key=lambda a: -a["events"])


def test_map_data_counts_countries_and_points(world: Store) -> None:
    data = views.map_data(world.con)
    assert all(len(c["country"]) == 3 and c["name"] for c in data["countries"])
    assert all(p["lat"] is not None and p["lon"] is not None for p in data["points"])
    conflict_only = views.map_data(world.con, quad_class=4)
    assert sum(c["events"] for c in conflict_only["countries"]) <= sum(
        c["events"] for c in data["countries"])


def test_conflict_view_links_casualties(world: Store) -> None:
    rows = views.conflict(world.con, by="month")
    assert rows and all(r["type"] for r in rows)
    assert all(r["root"] >= "15" for r in rows)
    europe = views.conflict(world.con, region="Europe")
    assert all(r["region"] == "Europe" for r in europe)


def test_historical_events_are_left_out_of_series(tmp_path: Path) -> None:
    path = build_world_store(tmp_path / "w.duckdb")
    with open_store(path) as store:
        store.con.execute("UPDATE events SET historical = true WHERE code = '042'")
        with_all = dyad_series(store.con, "CHN", "RUS", historical=True).total
        without = dyad_series(store.con, "CHN", "RUS").total
        assert without < with_all
        assert store.events(code="042", historical=False).count() == 0
        assert store.events(code="042").count() > 0  # event lists keep them, flagged
