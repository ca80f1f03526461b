"""`multipolar ingest`, `events`, `stats`, `show`, `export`: the event store from the shell."""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from enum import StrEnum
from typing import Annotated, Any

import typer

from multipolar.analysis.common import check_period
from multipolar.analyzer import to_date
from multipolar.config import Settings
from multipolar.errors import ConfigError, InputError, StoreError
from multipolar.ingest import ingest as run_ingest
from multipolar.lexicon.names import actor_label, actor_name
from multipolar.scale import RayOptions, ingest_ray
from multipolar.sources import Fields, Limits, Report, count_documents, read_documents
from multipolar.store import open_store
from multipolar.store.core import MIN_ID_PREFIX
from multipolar.store.export import export as run_export

DbOption = Annotated[
    str, typer.Option("--db", help="The DuckDB store file (created by ingest).",
                      envvar="MULTIPOLAR_DB")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
SinceOption = Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")]
ActorOption = Annotated[
    str | None, typer.Option(help="Actor code prefix on either side, e.g. CHN or CHNGOV.")]
DyadOption = Annotated[
    str | None, typer.Option(help="Dyad A:B (actor code prefixes), e.g. CHN:RUS: events "
                                  "between the two in either direction (--directed: A to B).")]
DirectedOption = Annotated[bool, typer.Option(
    "--directed", help="With --dyad A:B: only events from A to B.")]
HistoricalOption = Annotated[bool, typer.Option(
    "--historical/--no-historical",
    help="Include events dated to a past year the text mentions ('the 1967 war').")]
CodeOption = Annotated[
    str | None, typer.Option(help="CAMEO code prefix, e.g. 04 (consult) or 163.")]

DEFAULT_DB = "multipolar.duckdb"


class ExportFormat(StrEnum):
    gdelt = "gdelt"
    plover = "plover"
    parquet = "parquet"
    csv = "csv"


class Engine(StrEnum):
    local = "local"
    ray = "ray"


class InputFormat(StrEnum):
    text = "text"
    html = "html"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    feed = "feed"


def ingest(
    paths: Annotated[list[str], typer.Argument(
        help="Files or directories (recursive): .txt .html .jsonl .json .csv .tsv .rss .atom "
             ".xml, optionally .gz; - reads standard input.")],
    db: DbOption = DEFAULT_DB,
    workers: Annotated[int, typer.Option(min=1, help="Analysis processes.")] = 1,
    batch_size: Annotated[int | None, typer.Option(
        min=1, help="Documents per batch (one transaction each).")] = None,
    input_format: Annotated[InputFormat | None, typer.Option(
        "--format", help="Format of standard input (default: sniffed).")] = None,
    text_field: Annotated[str | None, typer.Option(help="JSON/CSV field with the text.")] = None,
    title_field: Annotated[str | None, typer.Option(help="JSON/CSV title field.")] = None,
    date_field: Annotated[str | None, typer.Option(help="JSON/CSV publication date field.")
                          ] = None,
    url_field: Annotated[str | None, typer.Option(help="JSON/CSV URL field.")] = None,
    source_field: Annotated[str | None, typer.Option(help="JSON/CSV outlet field.")] = None,
    id_field: Annotated[str | None, typer.Option(help="JSON/CSV field with your own id "
                                                      "(kept as metadata).")] = None,
    published: Annotated[str | None, typer.Option(
        help="Publication date YYYY-MM-DD for documents that carry none.")] = None,
    engine: Annotated[Engine, typer.Option(
        help="local: this machine (--workers processes); ray: a pool of Ray actors "
             "(pip install 'multipolar\\[ray]').")] = Engine.local,
    address: Annotated[str | None, typer.Option(
        help="With --engine ray: the Ray cluster to join (default: a local Ray instance).")
                       ] = None,
    actors: Annotated[int, typer.Option(
        min=1, help="With --engine ray: analysis actors (one model each).")] = 2,
    parquet_out: Annotated[str | None, typer.Option(
        "--out", help="With --engine ray: leave the results as a Parquet data set in this "
                      "new directory instead of loading them into --db.")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    any_language: Annotated[bool, typer.Option(
        "--any-language", help="Code texts detected as not English too (the coder reads "
                               "English; by default they are stored without events).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Analyze documents and store them with their events (idempotent, resumable)."""

    settings = Settings.from_env(batch_size=batch_size)
    fields = Fields.with_names(text=text_field, title=title_field, date=date_field,
                               url=url_field, source=source_field, id=id_field)
    report = Report()
    documents = read_documents(paths, report=report, fields=fields,
                               limits=Limits(max_chars=settings.max_chars),
                               stdin_format=input_format.value if input_format else None)
    total = count_documents(paths) if progress and not as_json else None
    if published is not None:
        documents = _with_default_date(documents, to_date(published))
    if engine is Engine.ray and any_language:
        raise ConfigError("--any-language is not available with --engine ray yet; use the "
                          "local engine (--workers N) to code texts that are not English")
    if engine is Engine.ray:
        summary = _ingest_ray(db, _echo_problems(documents, report), settings=settings,
                              address=address, actors=actors, out=parquet_out,
                              progress=progress and not as_json, total=total)
    elif parquet_out is not None or address is not None:
        raise ConfigError("--out and --address need --engine ray")
    else:
        with open_store(db) as store, _Progress(enabled=progress and not as_json,
                                                total=total) as bar:
            summary = run_ingest(store, _echo_problems(documents, report),
                                 settings=settings, workers=workers, progress=bar.update,
                                 any_language=any_language)
    failed = len(report.errors) + summary.failed
    if as_json:
        out: dict[str, Any] = summary.to_dict()
        out["input"] = {"files": report.files, "records": report.records,
                        "documents": report.documents}
        out["problems"] = [{"path": p.path, "line": p.line, "severity": p.severity,
                            "message": p.message} for p in report.problems]
        out["ok"] = failed == 0
        typer.echo(json.dumps(out, indent=2))
    else:
        for doc_id, message in summary.failures:
            typer.echo(f"error: document {doc_id}: analysis failed: {message}", err=True)
        typer.echo(ingest_message(report.summary(), summary, parquet_out or db), err=True)
    if failed:
        raise typer.Exit(InputError.exit_code)


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 source", "2 sources", "0 copies": the count with the right form of the noun."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def ingest_message(read: str, summary: Any, where: str) -> str:
    """The one-line summary of an ingest run."""
    parts = [f"stored {plural(summary.stored, 'new document')}"]
    if summary.copies:
        parts.append(f"{plural(summary.copies, 'new copy', 'new copies')} of stored texts")
    parts.append(f"skipped {summary.skipped:,} already stored")
    if summary.failed:
        parts.append(f"{summary.failed:,} failed analysis")
    return (f"{read}; " + ", ".join(parts) + f"; {plural(summary.events, 'new event')}; "
            f"{summary.docs_per_second:.2f} docs/s → {where}")


def _ingest_ray(db: str, documents: Any, *, settings: Any, address: str | None, actors: int,
                out: str | None, progress: bool, total: int | None = None) -> Any:
    """The Ray engine: into the store, or (`out`) a Parquet data set and no store at all."""
    options = RayOptions(actors=actors, address=address)
    if out is not None:
        with _Progress(enabled=progress, total=total) as bar:
            return ingest_ray(None, documents, settings=settings, options=options, out=out,
                              progress=bar.update)
    with open_store(db) as store, _Progress(enabled=progress, total=total) as bar:
        return ingest_ray(store, documents, settings=settings, options=options,
                          progress=bar.update)


def _with_default_date(documents: Any, published: Any) -> Any:
    for document in documents:
        if document.published is None:
            document = dataclasses.replace(document, published=published)
        yield document


def _echo_problems(documents: Any, report: Any) -> Any:
    """Pass documents through, printing each input problem to stderr as soon as it is found."""
    printed = 0
    for document in documents:
        while printed < len(report.problems):
            typer.echo(str(report.problems[printed]), err=True)
            printed += 1
        yield document
    for problem in report.problems[printed:]:
        typer.echo(str(problem), err=True)


class _Progress:
    """A rich progress bar (stderr): documents done of the total when it is known beforehand
    (files whose records can be counted), with the rate and the time left; else the count."""

    def __init__(self, *, enabled: bool, total: int | None = None) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.total = total
        self._bar: Any = None
        self._task: Any = None
        self._started = time.perf_counter()

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
            if self.total:
                columns += [BarColumn(), MofNCompleteColumn(), TextColumn("docs")]
            else:
                columns += [TextColumn("{task.completed} docs")]
            columns += [TextColumn("{task.fields[rate]:.1f} docs/s"), TimeElapsedColumn()]
            if self.total:
                columns += [TextColumn("ETA"), TimeRemainingColumn()]
            self._bar = Progress(*columns, console=Console(stderr=True), transient=False)
            self._bar.start()
            self._task = self._bar.add_task("ingesting", total=self.total, rate=0.0)
        return self

    def update(self, done: int, batch: int) -> None:
        del batch
        if self._bar is not None:
            rate = done / max(time.perf_counter() - self._started, 1e-9)
            self._bar.update(self._task, completed=done, rate=rate)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def events(
    db: DbOption = DEFAULT_DB,
    actor: ActorOption = None,
    dyad: DyadOption = None,
    directed: DirectedOption = False,
    code: CodeOption = None,
    quad_class: Annotated[int | None, typer.Option(
        "--quad", min=1, max=4, help="QuadClass 1-4.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    historical: HistoricalOption = True,
    limit: Annotated[int, typer.Option(min=0, help="At most this many events.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List deduplicated events, newest first."""

    check_period(to_date(since), to_date(until))
    with open_store(db, read_only=True) as store:
        rows = store.events(actor=actor, dyad=dyad, directed=directed, code=code,
                            quad_class=quad_class, since=since, until=until,
                            historical=historical, limit=limit).to_dicts()
    if as_json:
        typer.echo(json.dumps(_jsonable(rows), indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=plural(len(rows), "event"))
    for name in ("id", "date", "actor1", "code", "actor2"):
        table.add_column(name, no_wrap=name != "actor1" and name != "actor2",
                         max_width=24 if name.startswith("actor") else None)
    table.add_column("label", max_width=28)
    table.add_column("mentions", justify="right", no_wrap=True)
    table.add_column("evidence", ratio=1, min_width=20)
    for r in rows:
        flags = ("  ✓reviewed" if r.get("reviewed") else "") + \
            ("  (historical)" if r.get("historical") else "")
        table.add_row(r["id"][:MIN_ID_PREFIX], _iso(r["date"]),
                      _with_code(actor_name(r["actor1"]), r["actor1"]), r["code"],
                      _with_code(actor_name(r["actor2"]), r["actor2"]),
                      (r["label"] or "") + flags, str(r["num_mentions"]),
                      _short(r["evidence"], 90))
    Console().print(table)


def stats(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """Counts: documents, stories, events, mentions, date ranges, top actors, codes, dyads."""

    with open_store(db, read_only=True) as store:
        found = store.stats()
    if as_json:
        typer.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    lines = [
        f"store       {found['path']}",
        f"documents   {found['documents']:,} in {plural(found['stories'], 'story', 'stories')}"
        f" from {plural(found['sources'], 'source')} (published {found['published']['min']} .. "
        f"{found['published']['max']})",
        f"events      {found['events']:,} from {found['mentions']:,} mentions "
        f"({found['event_dates']['min']} .. {found['event_dates']['max']})",
        "records     " + ", ".join(f"{found[t]:,} {t}" for t in
                                   ("actors", "amounts", "quotations", "places")),
        "quad class  " + ", ".join(f"{q}: {n:,}" for q, n in found["quad_classes"].items()),
        "top codes   " + ", ".join(f"{c['code']} {c['label']} ({c['events']})"
                                   for c in found["top_codes"][:5]),
        "top actors  " + ", ".join(f"{actor_label(a['actor'])} ({a['events']})"
                                   for a in found["top_actors"][:5]),
        "top dyads   " + ", ".join(f"{actor_name(d['actor1'])}→{actor_name(d['actor2'])} "
                                   f"({d['events']})" for d in found["top_dyads"][:5]),
    ]
    typer.echo("\n".join(lines))


def show(
    doc_id: Annotated[str, typer.Argument(help="A document id (or a unique prefix).")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Show one document with its events, amounts and quotations."""

    with open_store(db, read_only=True) as store:
        found = store.document(doc_id)
    if found is None:
        raise StoreError(f"no document {doc_id!r} in {db}; list them with "
                         "`multipolar documents`")
    if as_json:
        typer.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    doc = found["document"]
    head = [f"document  {doc['id']}  (story {doc['story_id']}, {len(found['story'])} copies)",
            f"title     {doc['title'] or '-'}",
            f"source    {doc['source'] or '-'}  {doc['url'] or ''}",
            f"published {doc['published'] or '-'}", ""]
    typer.echo("\n".join(head))
    typer.echo(_short(doc["text"], 600))
    typer.echo(f"\nevents ({len(found['mentions'])} mentions):")

    for m in found["mentions"]:
        typer.echo(f"  {actor_label(m['actor1']) or '-'} {m['code']} "
                   f"{actor_label(m['actor2']) or '-'}  "
                   f"[{m['modality']}] {m['label']}: {_short(m['sentence'], 100)}")
    if found["amounts"]:
        typer.echo("amounts:")
        for a in found["amounts"]:
            typer.echo(f"  {a['text']}  = {a['value']} {a['unit']} ({a['measure'] or '?'})")
    if found["quotations"]:
        typer.echo("quotations:")
        for q in found["quotations"]:
            typer.echo(f"  {q['speaker'] or '?'}: {_short(q['text'], 100)}")


def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")],
    out: Annotated[str, typer.Option("--out", "-o", help="Output file (a directory for "
                                                        "parquet).")],
    db: DbOption = DEFAULT_DB,
    since: SinceOption = None,
    until: UntilOption = None,
    actor: ActorOption = None,
    dyad: DyadOption = None,
    directed: DirectedOption = False,
    code: CodeOption = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing output.")] = False,
) -> None:
    """Export events as GDELT 2.0 (61 columns), PLOVER JSONL, Parquet (by date) or CSV."""

    with open_store(db, read_only=True) as store:
        summary = run_export(store, fmt.value, out, since=since, until=until, actor=actor,
                             dyad=dyad, directed=directed, code=code, overwrite=overwrite)
    extra = f" ({summary.skipped} without a PLOVER category left out)" if summary.skipped else ""
    typer.echo(f"wrote {summary.rows:,} event(s) as {summary.format} to {summary.path}{extra}",
               err=True)


def documents(
    db: DbOption = DEFAULT_DB,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")
                     ] = None,
    limit: Annotated[int, typer.Option(min=0, help="At most this many documents.")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List stored documents (id, published, source, language, events, title), oldest first."""

    check_period(to_date(since), to_date(until))
    with open_store(db, read_only=True) as store:
        total, rows = store.document_list(since=since, until=until, limit=limit, offset=offset)
    if as_json:
        typer.echo(json.dumps({"total": total, "documents": _jsonable(rows)}, indent=2,
                              ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{plural(len(rows), 'document')} of {total:,}")
    for name in ("id", "published", "source", "lang", "events"):
        table.add_column(name, no_wrap=True, justify="right" if name == "events" else "left")
    table.add_column("title", ratio=1)
    for r in rows:
        table.add_row(r["id"][:MIN_ID_PREFIX], _iso(r["published"]), r["source"] or "",
                      r["language"] or "", str(r["events"]), _short(r["title"], 80))
    Console().print(table)


def _with_code(name: str, code: str | None) -> str:
    if not code:
        return ""
    return code if name == code else f"{name} {code}"


def _iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else ""


def _short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("events")(events)
    app.command("stats")(stats)
    app.command("show")(show)
    app.command("documents")(documents)
    app.command("export")(export)
