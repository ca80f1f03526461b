"""Dyad series and most active dyads on the hand-coded world (see views_factories.py)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from views_factories import goldstein

from multipolar.analysis.dyads import dyad_series, top_dyads
from multipolar.errors import InputError
from multipolar.store import Store


def test_weekly_series_counts_both_directions_and_leaves_out_negated(world: Store) -> None:
    series = dyad_series(world.con, "CHN", "RUS", by="week")
    # 042 CHN→RUS and 057 both ways; the negated RUS→CHN 190 never counts.
    assert series.total == 3
    assert [p.start for p in series.points] == [dt.date(2025, 5, 5)]
    point = series.points[0]
    assert point.end == dt.date(2025, 5, 11)
    assert point.by_quad == (3, 0, 0, 0)
    expected_sum = goldstein("042") + 2 * goldstein("057")
    assert point.goldstein_sum == pytest.approx(expected_sum)
    assert point.goldstein_mean == pytest.approx(expected_sum / 3)
    assert point.top_codes[0].code == "057" and point.top_codes[0].count == 2
    assert point.mentions == 6  # each event is carried by the story and its copy
    ids = {r["id"] for r in world.events(dyad="CHN:RUS", modality="asserted").to_dicts()}
    assert set(point.event_ids) == ids


def test_directed_series_keeps_one_direction(world: Store) -> None:
    forward = dyad_series(world.con, "CHN", "RUS", directed=True)
    backward = dyad_series(world.con, "RUS", "CHN", directed=True)
    assert forward.total == 2 and backward.total == 1
    assert backward.points[0].top_codes[0].code == "057"


def test_empty_periods_are_zero_points_between_bounds(world: Store) -> None:
    series = dyad_series(world.con, "usa", "chn", by="week", since=dt.date(2025, 4, 1),
                         until=dt.date(2025, 5, 31))
    starts = [p.start for p in series.points]
    assert starts[0] == dt.date(2025, 3, 31) and starts[-1] == dt.date(2025, 5, 26)
    assert len(starts) == 9 and all(b - a == dt.timedelta(days=7)
                                    for a, b in itertools.pairwise(starts))
    by_start = {p.start: p for p in series.points}
    assert by_start[dt.date(2025, 4, 7)].by_quad == (1, 0, 0, 0)  # 051 praise
    assert by_start[dt.date(2025, 5, 12)].by_quad == (0, 0, 1, 1)  # 111 and 163
    assert sum(p.events for p in series.points) == 3
    assert by_start[dt.date(2025, 4, 14)].events == 0
    assert by_start[dt.date(2025, 4, 14)].goldstein_mean is None


def test_monthly_series_and_dict_shape(world: Store) -> None:
    series = dyad_series(world.con, "USA", "CHN", by="month")
    data = series.to_dict()
    assert [p["start"] for p in data["points"]] == ["2025-04-01", "2025-05-01"]
    assert data["points"][1]["end"] == "2025-05-31"
    assert data["points"][1]["by_quad"] == {"1": 0, "2": 0, "3": 1, "4": 1}
    assert data["by_quad"] == {"1": 1, "2": 0, "3": 1, "4": 1}
    assert data["total"] == 3
    assert data["goldstein_mean"] == pytest.approx(
        round((goldstein("051") + goldstein("111") + goldstein("163")) / 3, 3))


def test_actor_prefix_matches_sectors(world: Store) -> None:
    # RUSMIL→UKRMIL 194 and RUSGOV→UKRGOV 112 are both RUS–UKR; RUSGOV only the second.
    assert dyad_series(world.con, "RUS", "UKR").total == 2
    assert dyad_series(world.con, "RUSGOV", "UKR").total == 1


def test_bad_arguments_raise_input_errors(world: Store) -> None:
    with pytest.raises(InputError, match="by must be"):
        dyad_series(world.con, "CHN", "RUS", by="year")
    with pytest.raises(InputError, match="not an actor code"):
        dyad_series(world.con, "C'N", "RUS")
    with pytest.raises(InputError, match="after until"):
        dyad_series(world.con, "CHN", "RUS", since=dt.date(2025, 6, 1),
                    until=dt.date(2025, 5, 1))


def test_no_events_gives_no_points(world: Store) -> None:
    assert dyad_series(world.con, "DEU", "FRA").points == ()


def test_top_dyads_ranks_by_events(world: Store) -> None:
    dyads = top_dyads(world.con, limit=10)
    pairs = [(d.a, d.b, d.events) for d in dyads]
    assert pairs[0] == ("CHN", "RUS", 3)
    assert ("CHN", "USA", 3) in pairs and ("FRA", "UKR", 2) in pairs
    assert ("RUS", "UKR", 2) in pairs
    chn_usa = next(d for d in dyads if (d.a, d.b) == ("CHN", "USA"))
    assert (chn_usa.cooperation, chn_usa.conflict) == (1, 2)
    may = top_dyads(world.con, since=dt.date(2025, 5, 1), until=dt.date(2025, 5, 31))
    assert {(d.a, d.b): d.events for d in may}[("CHN", "USA")] == 2


def test_far_apart_dates_do_not_fill_millions_of_points(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from views_factories import ARTICLE_C, build

    from multipolar.store import open_store

    far = dataclasses.replace(ARTICLE_C, published=dt.date(1967, 1, 1), title="stray",
                              extra=" From the archive.")
    with open_store(tmp_path / "far.duckdb") as store:
        store.add([build(ARTICLE_C), build(far)])
        days = dyad_series(store.con, "USA", "CHN", by="day")
        months = dyad_series(store.con, "USA", "CHN", by="month")
    assert [p.start for p in days.points] == [dt.date(1967, 1, 1), dt.date(2025, 4, 10)]
    assert len(months.points) == (2025 - 1967) * 12 + 4  # monthly: still filled
