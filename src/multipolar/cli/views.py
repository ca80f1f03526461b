"""`multipolar dyad`, `network`, `brief` and `serve`: the analyst views from the shell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from multipolar.analysis.brief import brief as make_brief
from multipolar.analysis.common import QUAD_NAMES
from multipolar.analysis.dyads import dyad_series
from multipolar.analysis.network import actor_network
from multipolar.analyzer import to_date
from multipolar.api.app import create_app, is_loopback
from multipolar.cli.store import DEFAULT_DB, DbOption, JsonOption, SinceOption, UntilOption
from multipolar.errors import DependencyMissing, InputError
from multipolar.lexicon.names import actor_label
from multipolar.store import open_store
from multipolar.web.charts import GOLDSTEIN_COLOUR, QUAD_COLOURS, dyad_chart_html, dyad_chart_svg
from multipolar.web.standalone import network_html

ByOption = Annotated[str, typer.Option("--by", help="Period of each point: day, week or month.")]


def _store(db: str):  # type: ignore[no-untyped-def]

    return open_store(db, read_only=True)


def dyad(
    a: Annotated[str, typer.Argument(help="First actor code (prefix), e.g. CHN.")],
    b: Annotated[str, typer.Argument(help="Second actor code (prefix), e.g. RUS.")],
    by: ByOption = "week",
    since: SinceOption = None,
    until: UntilOption = None,
    directed: Annotated[bool, typer.Option(
        "--directed", help="Only events from A to B (default: both directions, as everywhere).")
    ] = False,
    historical: Annotated[bool, typer.Option(
        "--historical", help="Include events dated to a past year the text mentions.")] = False,
    plot: Annotated[str | None, typer.Option(
        help="Write a chart: FILE.html, FILE.svg or FILE.png (PNG needs matplotlib).")] = None,
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Events between two actors per day/week/month: counts by QuadClass, Goldstein, codes."""

    with _store(db) as store:
        series = dyad_series(store.con, a, b, by=by, directed=directed,
                             since=to_date(since), until=to_date(until), historical=historical)
    if plot:
        write_plot(series, Path(plot))
        typer.echo(f"wrote {plot}", err=True)
    if as_json:
        typer.echo(json.dumps(series.to_dict(), indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    arrow = "→" if directed else "↔"
    table = Table(title=f"{actor_label(series.a)} {arrow} {actor_label(series.b)} by "
                        f"{series.by}: {series.total} events",
                  caption="both directions unless --directed; asserted, reported and future "
                          "events (`multipolar events --dyad` also lists negated and "
                          "hypothetical ones)")
    for column in ("period", "events", "Q1", "Q2", "Q3", "Q4", "Goldstein mean",
                   "Goldstein sum", "top codes"):
        table.add_column(column, justify="left" if column in ("period", "top codes")
                         else "right")
    for p in series.points:
        table.add_row(str(p.start), str(p.events), *(str(n) for n in p.by_quad),
                      "" if p.goldstein_mean is None else f"{p.goldstein_mean:+.2f}",
                      f"{p.goldstein_sum:+.1f}",
                      ", ".join(f"{c.code}×{c.count}" for c in p.top_codes))
    Console().print(table)


def write_plot(series, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Write the dyad chart as HTML, SVG or PNG, by the file's extension."""

    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        path.write_text(dyad_chart_html(series), encoding="utf-8")
    elif suffix == ".svg":
        path.write_text(dyad_chart_svg(series), encoding="utf-8")
    elif suffix == ".png":
        _write_png(series, path)
    else:
        raise InputError(f"--plot {path}: give a file ending in .html, .svg or .png")


def _write_png(series, path: Path) -> None:  # type: ignore[no-untyped-def]
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise DependencyMissing("PNG plots", "plot", "matplotlib") from None

    points = series.points
    fig, ax = plt.subplots(figsize=(10, 4), dpi=100)
    xs = list(range(len(points)))
    bottom = [0] * len(points)
    for q in range(1, 5):
        heights = [p.by_quad[q - 1] for p in points]
        ax.bar(xs, heights, bottom=bottom, color=QUAD_COLOURS[q], label=QUAD_NAMES[q])
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_ylabel("events")
    twin = ax.twinx()
    gx = [x for x, p in zip(xs, points, strict=True) if p.goldstein_mean is not None]
    gy = [p.goldstein_mean for p in points if p.goldstein_mean is not None]
    twin.plot(gx, gy, color=GOLDSTEIN_COLOUR, marker="o", label="mean Goldstein")
    twin.set_ylim(-10, 10)
    twin.set_ylabel("mean Goldstein")
    step = max(1, len(points) // 12)
    ax.set_xticks(xs[::step], [str(p.start) for p in points[::step]], rotation=45, ha="right",
                  fontsize=8)
    ax.set_title(f"{series.a}–{series.b} by {series.by}")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def network(
    out: Annotated[str, typer.Option("--out", help="FILE.html (interactive) or FILE.json.")],
    since: SinceOption = None,
    until: UntilOption = None,
    level: Annotated[str, typer.Option(help="Nodes: country or actor (full code).")]
    = "country",
    min_events: Annotated[int, typer.Option(min=1, help="Leave out weaker edges.")] = 1,
    db: DbOption = DEFAULT_DB,
) -> None:
    """The actor network of a period, with blocs and the edges that changed most."""

    path = Path(out)
    if path.suffix.lower() not in (".html", ".htm", ".json"):
        raise InputError(f"--out {out}: give a file ending in .html or .json")
    with _store(db) as store:
        net = actor_network(store.con, since=to_date(since), until=to_date(until),
                            level=level, min_events=min_events)
    data = net.to_dict()
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    else:
        path.write_text(network_html(data), encoding="utf-8")
    typer.echo(f"wrote {out}: {len(net.nodes)} actors, {len(net.edges)} relations, "
               f"{len(net.blocs)} blocs, {len(net.changes)} changed relations", err=True)


def brief(
    a: Annotated[str, typer.Argument(help="Actor code (prefix), e.g. CHN.")],
    b: Annotated[str | None, typer.Argument(help="Second actor for a dyad brief.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    out: Annotated[str | None, typer.Option("--out", help="Write Markdown to FILE.md.")]
    = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """A Markdown brief on an actor or a dyad: numbers, trend, key events with evidence."""

    with _store(db) as store:
        text = make_brief(store.con, a, b, since=to_date(since), until=to_date(until))
    if out:
        Path(out).write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}", err=True)
    else:
        typer.echo(text, nl=False)


def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it local.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    token: Annotated[str | None, typer.Option(
        envvar="MULTIPOLAR_API_TOKEN",
        help="Bearer token required by POST /api/ingest.")] = None,
    no_ingest: Annotated[bool, typer.Option("--no-ingest", help="Turn POST /api/ingest off.")]
    = False,
) -> None:
    """Serve the HTTP API and the web dashboard (one process, everything local)."""
    import uvicorn

    app = create_app(db, token=token, host=host, allow_ingest=False if no_ingest else None)
    state = app.state.mp
    typer.echo(f"multipolar: serving {db} on http://{host}:{port}/ "
               f"(API schema at /openapi.json)", err=True)
    if not state.ingest_enabled:
        typer.echo(f"note: {state.ingest_disabled_reason}", err=True)
    elif not is_loopback(host):
        typer.echo("note: POST /api/ingest needs the bearer token", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)


def register(app: typer.Typer) -> None:
    for command in (dyad, network, brief, serve):
        app.command(command.__name__)(command)
