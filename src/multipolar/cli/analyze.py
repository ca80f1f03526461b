"""`multipolar analyze` and `multipolar demo`."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from enum import StrEnum
from importlib import resources
from typing import Annotated, Any

import typer

from multipolar.analyzer import Analyzer, to_date
from multipolar.config import Settings
from multipolar.errors import DocumentTooLarge, InputError
from multipolar.model import AnalysisResult, Document
from multipolar.textio import decode, read_bytes, read_text

DEMO_PUBLISHED = "2025-05-07"
DEMO_FILE = "xi-moscow-state-visit.txt"
JSONL_FIELDS = ("events", "actors", "amounts", "quotations", "places", "dates", "themes", "tone")


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class InputFormat(StrEnum):
    text = "text"
    jsonl = "jsonl"


LexiconOption = Annotated[
    list[str] | None,
    typer.Option("--lexicon", help="Extra lexicon, e.g. petrarch:DIR (repeatable)."),
]


def make_analyzer(lexicon: list[str] | None) -> Analyzer:
    return Analyzer(Settings.from_env(lexicons=tuple(lexicon) if lexicon else None))


def analyze(
    path: Annotated[str, typer.Argument(help="A text file, or - for standard input.")],
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD (resolves relative dates).")
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.table,
    input_format: Annotated[
        InputFormat,
        typer.Option("--input-format", help="text, or jsonl: one {id, text, published} a line."),
    ] = InputFormat.text,
    lexicon: LexiconOption = None,
) -> None:
    """Code the events, actors and facts of one text (or of each line of a JSONL file)."""
    analyzer = make_analyzer(lexicon)
    pub = to_date(published)
    if input_format is InputFormat.jsonl:
        failures = _analyze_jsonl(analyzer, path, published=published)
        if failures:
            typer.echo(f"error: {failures} line(s) could not be analyzed", err=True)
            raise typer.Exit(1)
        return
    decoded, name = read_text(path, max_bytes=analyzer.settings.max_chars * 4)
    if decoded.replaced:
        typer.echo(f"warning: {name}: {decoded.replaced} invalid UTF-8 byte(s) replaced "
                   "with U+FFFD", err=True)
    result = analyzer.analyze(Document(text=decoded.text, published=pub))
    emit(result, output)


def demo(
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.table,
) -> None:
    """Analyze the bundled reference article (a state visit, tariffs, sanctions, trade)."""
    text = resources.files("multipolar.examples").joinpath(DEMO_FILE).read_text(encoding="utf-8")
    result = make_analyzer(None).analyze(text, published=DEMO_PUBLISHED)
    emit(result, output)


def emit(result: AnalysisResult, output: OutputFormat, *, doc_id: str | None = None) -> None:
    if output is OutputFormat.table:
        from multipolar.cli.render import print_result

        print_result(result)
        return
    data = result.to_dict()
    if doc_id is not None:
        data = {"id": doc_id, **data}
    indent = 2 if output is OutputFormat.json else None
    typer.echo(json.dumps(data, ensure_ascii=False, indent=indent))


def _jsonl_documents(data: bytes, name: str, published: str | None
                     ) -> Iterator[tuple[int, str, Document | str]]:
    """Yield (line number, id, Document) or (line number, id, error message) per line."""
    decoded = decode(data, name)
    for line_no, line in enumerate(decoded.text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            yield line_no, "", f"invalid JSON ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(record, dict):
            yield line_no, "", "expected a JSON object"
            continue
        ident = str(record.get("id", line_no))
        text = record.get("text")
        if not isinstance(text, str):
            yield line_no, ident, "missing or non-string 'text'"
            continue
        try:
            pub = to_date(record.get("published") or record.get("date") or published)
        except InputError as exc:
            yield line_no, ident, str(exc)
            continue
        yield line_no, ident, Document(text=text, published=pub)


def _analyze_jsonl(analyzer: Analyzer, path: str, *, published: str | None) -> int:
    """Analyze each line (batched); report bad lines on stderr and return how many failed."""
    data, name = read_bytes(path, max_bytes=analyzer.settings.max_chars * 64)
    failures = 0
    ids: deque[str] = deque()

    def valid() -> Iterator[Document]:
        nonlocal failures
        for line_no, ident, item in _jsonl_documents(data, name, published):
            if isinstance(item, Document) and len(item.text) > analyzer.settings.max_chars:
                item = str(DocumentTooLarge(len(item.text), analyzer.settings.max_chars))
            if isinstance(item, str):
                typer.echo(f"error: {name}:{line_no}: {item}", err=True)
                failures += 1
                continue
            ids.append(ident)
            yield item

    for result in analyzer.pipe(valid()):
        record = result.to_dict()
        out = {"id": ids.popleft(), **{key: record[key] for key in JSONL_FIELDS}}
        typer.echo(json.dumps(out, ensure_ascii=False))
    return failures


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)
    app.command("demo")(demo)
