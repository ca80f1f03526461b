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


def test_conflict_links_casualties_of_the_same_sentence(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "store"))
    from store_factories import make_event

    from multipolar.model import Amount, AnalysisResult, Document

    text = ("Russian forces shelled Kharkiv on Monday, killing 47 civilians. "
            "Ukraine attacked a Russian depot, killing 3 soldiers and 4 civilians.")
    first, second = text.split(". ")
    first += "."
    doc = Document(text=text, published=dt.date(2025, 5, 7), source="Wire")
    events = (make_event(text, first, "shelled", source=["RUSMIL"], target=["UKR"], code="195",
                         date=dt.date(2025, 5, 5), location="Kharkiv"),
              make_event(text, second, "attacked", source=["UKR"], target=["RUSMIL"],
                         code="190", date=dt.date(2025, 5, 5), sentence_index=1))
    amounts = tuple(
        Amount(words, text.index(words), text.index(words) + len(words), sentence, value,
               "count", measure="casualties")
        for words, sentence, value in (("47 civilians", 0, 47.0), ("3 soldiers", 1, 3.0),
                                       ("4 civilians", 1, 4.0)))
    result = AnalysisResult(document=doc, events=events, amounts=amounts,
                            sentences=((0, len(first)), (len(first) + 1, len(text))))
    with open_store(tmp_path / "c.duckdb") as store:
        store.add([result])
        rows = views.conflict(store.con, by="month")
    by_country = {r["country"]: r for r in rows}
    # the shelling happened in Ukraine (its target); 47 killed in its sentence
    assert by_country["UKR"]["casualties"] == 47.0 and by_country["UKR"]["type"] == "Fight"
    # the attack on Russia's military: the largest figure of its sentence, counted once
    assert by_country["RUS"]["casualties"] == 4.0 and by_country["RUS"]["region"] == "Europe"
