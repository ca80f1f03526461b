"""The actor network of a period: who deals with whom, in blocs, and what changed.

Nodes are actors (countries by default, `level="actor"` for full codes such as `RUSGOV`); an
undirected edge joins two actors with events between them, weighted by cooperation (QuadClass 1
and 2) and conflict (3 and 4) event counts, with their Goldstein sum and mean.

Blocs are communities found by Louvain modularity maximisation (networkx) on the cooperation
weights only: cooperating puts two actors in the same bloc, fighting does not. Actors with no
cooperative tie form blocs of their own. The seed is fixed, so the same data gives the same blocs.

Changes compare each edge with the previous period of the same length (ending the day before
`since`): new edges, vanished edges and the largest moves in event counts and Goldstein sums.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import networkx as nx

from multipolar.analysis.common import (
    Connection,
    check_period,
    fetch_dicts,
    iso,
    modality_sql,
    node_sql,
    period_sql,
)

SEED = 20250507
MAX_CHANGES = 20


@dataclass(frozen=True, slots=True)
class Edge:
    a: str
    b: str
    cooperation: int
    conflict: int
    goldstein_sum: float
    mentions: int

    @property
    def events(self) -> int:
        return self.cooperation + self.conflict

    @property
    def goldstein_mean(self) -> float:
        return self.goldstein_sum / self.events if self.events else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "events": self.events,
                "cooperation": self.cooperation, "conflict": self.conflict,
                "goldstein_sum": round(self.goldstein_sum, 3),
                "goldstein_mean": round(self.goldstein_mean, 3), "mentions": self.mentions}


@dataclass(frozen=True, slots=True)
class Node:
    code: str
    events: int
    degree: int
    bloc: int
    x: float
    y: float

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "events": self.events, "degree": self.degree,
                "bloc": self.bloc, "x": round(self.x, 4), "y": round(self.y, 4)}


@dataclass(frozen=True, slots=True)
class EdgeChange:
    a: str
    b: str
    status: str  # new | gone | changed
    events_before: int
    events_now: int
    goldstein_before: float
    goldstein_now: float

    @property
    def events_delta(self) -> int:
        return self.events_now - self.events_before

    @property
    def goldstein_delta(self) -> float:
        return self.goldstein_now - self.goldstein_before

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "status": self.status,
                "events_before": self.events_before, "events_now": self.events_now,
                "events_delta": self.events_delta,
                "goldstein_sum_before": round(self.goldstein_before, 3),
                "goldstein_sum_now": round(self.goldstein_now, 3),
                "goldstein_sum_delta": round(self.goldstein_delta, 3)}


@dataclass(frozen=True, slots=True)
class Network:
    since: dt.date | None
    until: dt.date | None
    previous: tuple[dt.date, dt.date] | None
    level: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    blocs: tuple[tuple[str, ...], ...]
    changes: tuple[EdgeChange, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "since": iso(self.since),
            "until": iso(self.until),
            "previous": (None if self.previous is None
                         else {"since": iso(self.previous[0]), "until": iso(self.previous[1])}),
            "level": self.level,
            "nodes": [n.to_dict() for n in self.nodes],
            "edges": [e.to_dict() for e in self.edges],
            "blocs": [list(b) for b in self.blocs],
            "changes": [c.to_dict() for c in self.changes],
        }


def edges(con: Connection, *, since: dt.date | None, until: dt.date | None,
          level: str = "country") -> dict[tuple[str, str], Edge]:
    """Undirected edges (a < b) with their weights in [since, until]."""
    when, params = period_sql("date", since, until)
    s, t = node_sql("actor1", level), node_sql("actor2", level)
    rows = fetch_dicts(con, f"""
        WITH e AS (
            SELECT {s} AS s, {t} AS t, quad_class, goldstein, num_mentions FROM events
            WHERE {when} AND {modality_sql()} AND actor1 IS NOT NULL AND actor2 IS NOT NULL
        )
        SELECT least(s, t) AS a, greatest(s, t) AS b,
               count(*) FILTER (WHERE quad_class <= 2) AS cooperation,
               count(*) FILTER (WHERE quad_class >= 3) AS conflict,
               sum(goldstein) AS goldstein_sum, sum(num_mentions) AS mentions
        FROM e WHERE s <> t GROUP BY 1, 2
    """, params)
    return {(r["a"], r["b"]): Edge(r["a"], r["b"], int(r["cooperation"]), int(r["conflict"]),
                                   float(r["goldstein_sum"]), int(r["mentions"] or 0))
            for r in rows}


def previous_period(since: dt.date, until: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length that ends the day before `since`."""
    length = (until - since).days + 1
    end = since - dt.timedelta(days=1)
    return end - dt.timedelta(days=length - 1), end


def actor_network(con: Connection, *, since: dt.date | None = None,
                  until: dt.date | None = None, level: str = "country", min_events: int = 1,
                  max_nodes: int = 150) -> Network:
    """The network of the period (see the module docstring)."""
    check_period(since, until)
    current = edges(con, since=since, until=until, level=level)
    kept = {k: e for k, e in current.items() if e.events >= min_events}
    graph = nx.Graph()
    for e in kept.values():
        graph.add_edge(e.a, e.b, cooperation=e.cooperation, events=e.events)
    if graph.number_of_nodes() > max_nodes:
        strongest = sorted(graph.nodes, key=lambda n: (-graph.degree(n, weight="events"), n))
        graph = graph.subgraph(strongest[:max_nodes]).copy()
        kept = {k: e for k, e in kept.items() if graph.has_edge(e.a, e.b)}
    blocs = find_blocs(graph)
    bloc_of = {code: i for i, bloc in enumerate(blocs) for code in bloc}
    positions = _layout(graph, bloc_of)
    nodes = tuple(sorted(
        (Node(code, int(graph.degree(code, weight="events")), int(graph.degree(code)),
              bloc_of[code], float(positions[code][0]), float(positions[code][1]))
         for code in graph.nodes),
        key=lambda n: (-n.events, n.code)))
    previous = None
    changes: tuple[EdgeChange, ...] = ()
    if since is not None and until is not None:
        previous = previous_period(since, until)
        before = edges(con, since=previous[0], until=previous[1], level=level)
        changes = edge_changes(before, current)
    return Network(since=since, until=until, previous=previous, level=level, nodes=nodes,
                   edges=tuple(sorted(kept.values(), key=lambda e: (-e.events, e.a, e.b))),
                   blocs=blocs, changes=changes)


def find_blocs(graph: nx.Graph) -> tuple[tuple[str, ...], ...]:
    """Louvain communities on cooperation weights; largest bloc first, members sorted."""
    cooperative = nx.Graph()
    cooperative.add_nodes_from(graph.nodes)
    cooperative.add_weighted_edges_from(
        (a, b, d["cooperation"]) for a, b, d in graph.edges(data=True) if d["cooperation"] > 0)
    if cooperative.number_of_edges() == 0:
        communities: list[set[str]] = [{n} for n in cooperative.nodes]
    else:
        communities = nx.community.louvain_communities(cooperative, weight="weight", seed=SEED)
    return tuple(sorted((tuple(sorted(c)) for c in communities), key=lambda c: (-len(c), c)))


def _layout(graph: nx.Graph, bloc_of: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Node positions in [0, 1]², deterministic: concentric rings by activity.

    The most active actor sits in the centre, the next 7 on the first ring, the next 16 on
    the second, the rest outside; on each ring the members of a bloc sit together, as an arc.
    Force-directed layouts pile the hubs of a dense core (everyone deals with the same few
    powers) on top of each other; rings keep every label readable.
    """
    if graph.number_of_nodes() == 0:
        return {}
    ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n, weight="events"), n))
    rings: list[list[str]] = []
    start, size = 0, 1
    while start < len(ranked):
        ring = ranked[start:start + size]
        rings.append(sorted(ring, key=lambda n: (bloc_of[n], ranked.index(n))))
        start += size
        size = 7 if size == 1 else size * 2 + 2
        if len(ranked) - start <= size * 1.5:  # no thin last ring: take the rest
            size = len(ranked) - start
    raw = nx.shell_layout(graph, nlist=rings, rotate=0.3)
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    return {n: ((float(p[0]) - min(xs)) / span_x if len(xs) > 1 else 0.5,
                (float(p[1]) - min(ys)) / span_y if len(ys) > 1 else 0.5)
            for n, p in raw.items()}


def edge_changes(before: dict[tuple[str, str], Edge], now: dict[tuple[str, str], Edge],
                 *, limit: int = MAX_CHANGES) -> tuple[EdgeChange, ...]:
    """Edges whose event counts moved most between two periods (new and gone ones included)."""
    out = []
    for key in set(before) | set(now):
        b, n = before.get(key), now.get(key)
        status = "new" if b is None else "gone" if n is None else "changed"
        change = EdgeChange(key[0], key[1], status, b.events if b else 0, n.events if n else 0,
                            b.goldstein_sum if b else 0.0, n.goldstein_sum if n else 0.0)
        if change.events_delta or change.goldstein_delta:
            out.append(change)
    out.sort(key=lambda c: (-abs(c.events_delta), -abs(c.goldstein_delta), c.a, c.b))
    return tuple(out[:limit])
