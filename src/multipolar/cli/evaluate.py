"""`multipolar eval [actors|facts] FILE...`: score the pipeline against hand-coded gold files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from multipolar.cli.analyze import LexiconOption, make_analyzer
from multipolar.errors import InputError
from multipolar.evaluate.actors import evaluate_actors
from multipolar.evaluate.events import evaluate_events, read_record, write_record
from multipolar.evaluate.facts import evaluate_facts

KINDS = ("events", "actors", "facts")


def evaluate(
    args: Annotated[
        list[str],
        typer.Argument(help="[actors|facts] FILE.jsonl...  (events when no kind is given)"),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable report.")] = False,
    lexicon: LexiconOption = None,
    record: Annotated[
        Path | None,
        typer.Option("--record", help="events: write per-line results to this TSV (notes kept)."),
    ] = None,
) -> None:
    """Print precision, recall and F1 (events), accuracy (actors) or per-type P/R (facts)."""
    kind = "events"
    if args and args[0] in KINDS:
        kind, args = args[0], args[1:]
    if not args:
        raise InputError(f"give at least one gold file: multipolar eval [{'|'.join(KINDS)}] FILE")
    paths = [Path(a) for a in args]
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path}: no such gold file")
    analyzer = make_analyzer(lexicon)
    reports: list[Any]  # each report has .to_dict() and .render()
    if kind == "events":
        reports = [evaluate_events(p, analyzer=analyzer) for p in paths]
        if record is not None:
            if len(paths) != 1:
                raise InputError("--record writes the lines of one gold file: give one FILE")

            notes = ({k: v.note for k, v in read_record(record).items() if v.note}
                     if record.is_file() else {})
            write_record(reports[0], record, notes=notes)
    elif kind == "actors":
        reports = [evaluate_actors(p, analyzer=analyzer) for p in paths]
    else:
        reports = [evaluate_facts(paths, analyzer=analyzer)]
    if as_json:
        payload = [r.to_dict() for r in reports]
        typer.echo(json.dumps(payload[0] if len(payload) == 1 else payload, indent=2))
    else:
        for report in reports:
            typer.echo(report.render())


def register(app: typer.Typer) -> None:
    app.command("eval")(evaluate)
