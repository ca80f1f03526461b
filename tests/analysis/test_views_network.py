"""Actor network: edges, blocs by cooperation, changes against the previous period."""

from __future__ import annotations

import datetime as dt

import duckdb
import networkx as nx
import pytest
from views_factories import goldstein

from multipolar.analysis.network import actor_network, edge_changes, edges, find_blocs
from multipolar.store import Store

MAY = {"since": dt.date(2025, 5, 1), "until": dt.date(2025, 5, 31)}


def test_may_network_edges_and_blocs(world: Store) -> None:
    net = actor_network(world.con, **MAY)
    by_pair = {(e.a, e.b): e for e in net.edges}
    assert set(by_pair) == {("CHN", "RUS"), ("CHN", "USA"), ("RUS", "UKR"), ("FRA", "UKR")}
    assert (by_pair["CHN", "RUS"].cooperation, by_pair["CHN", "RUS"].conflict) == (3, 0)
    assert (by_pair["CHN", "USA"].cooperation, by_pair["CHN", "USA"].conflict) == (0, 2)
    assert by_pair["FRA", "UKR"].goldstein_sum == pytest.approx(goldstein("051")
                                                                + goldstein("070"))
    # Cooperation puts actors in the same bloc; conflict does not.
    assert set(net.blocs) == {("CHN", "RUS"), ("FRA", "UKR"), ("USA",)}
    nodes = {n.code: n for n in net.nodes}
    assert nodes["CHN"].events == 5 and nodes["CHN"].degree == 2
    assert nodes["CHN"].bloc == nodes["RUS"].bloc != nodes["USA"].bloc
    assert all(0.0 <= n.x <= 1.0 and 0.0 <= n.y <= 1.0 for n in net.nodes)


def test_changes_against_previous_period(world: Store) -> None:
    net = actor_network(world.con, **MAY)
    assert net.previous == (dt.date(2025, 3, 31), dt.date(2025, 4, 30))
    changes = {(c.a, c.b): c for c in net.changes}
    assert changes["CHN", "RUS"].status == "new" and changes["CHN", "RUS"].events_delta == 3
    assert changes["FRA", "UKR"].status == "new"
    usa = changes["CHN", "USA"]
    assert (usa.status, usa.events_before, usa.events_now) == ("changed", 1, 2)
    assert usa.goldstein_delta == pytest.approx(
        goldstein("111") + goldstein("163") - goldstein("051"))
    # Same count, different Goldstein: still a change, ranked after count changes.
    rus = changes["RUS", "UKR"]
    assert rus.events_delta == 0 and rus.goldstein_delta == pytest.approx(
        goldstein("194") - goldstein("112"))
    assert net.changes[0].a == "CHN" and net.changes[0].b == "RUS"
    assert net.changes[-1] == rus


def test_actor_level_and_min_events(world: Store) -> None:
    net = actor_network(world.con, level="actor", **MAY)
    pairs = {(e.a, e.b) for e in net.edges}
    assert ("RUSMIL", "UKRMIL") in pairs and ("CHNGOV", "RUSGOV") in pairs
    strong = actor_network(world.con, min_events=3, **MAY)
    assert [(e.a, e.b) for e in strong.edges] == [("CHN", "RUS")]


def test_unbounded_network_has_no_changes(world: Store) -> None:
    net = actor_network(world.con)
    assert net.previous is None and net.changes == ()
    assert {(e.a, e.b): e.events for e in net.edges}[("CHN", "USA")] == 3
    data = net.to_dict()
    assert data["since"] is None and {"nodes", "edges", "blocs", "changes"} <= set(data)


def test_blocs_split_two_cooperating_groups_joined_by_conflict() -> None:
    graph = nx.Graph()
    for group in (("A", "B", "C"), ("D", "E", "F")):
        for i, x in enumerate(group):
            for y in group[i + 1:]:
                graph.add_edge(x, y, cooperation=5, events=5)
    for x, y in (("A", "D"), ("B", "E"), ("C", "F")):
        graph.add_edge(x, y, cooperation=0, events=9)
    assert find_blocs(graph) == (("A", "B", "C"), ("D", "E", "F"))


def test_edge_changes_ranks_and_limits() -> None:
    con = duckdb.connect()
    from multipolar.store.schema import ddl

    for statement in ddl():
        con.execute(statement)
    assert edges(con, since=None, until=None) == {}
    from multipolar.analysis.network import Edge

    before = {("A", "B"): Edge("A", "B", 1, 0, 1.0, 1), ("A", "C"): Edge("A", "C", 0, 4, -20, 4)}
    now = {("A", "B"): Edge("A", "B", 1, 0, 1.0, 1), ("B", "C"): Edge("B", "C", 2, 0, 6.0, 2)}
    changes = edge_changes(before, now)
    assert [(c.a, c.b, c.status) for c in changes] == [("A", "C", "gone"), ("B", "C", "new")]
    assert len(edge_changes(before, now, limit=1)) == 1
