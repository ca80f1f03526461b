"""`multipolar analyze` and `multipolar demo`."""

from __future__ import annotations

import dataclasses
import json
from collections import deque
from collections.abc import Iterator
from enum import StrEnum
from importlib import resources
from typing import Annotated

import typer

from multipolar.analyzer import Analyzer, to_date
from multipolar.cli.render import print_result
from multipolar.config import Settings
from multipolar.model import AnalysisResult, Document
from multipolar.sources import Fields, Limits, Report, read_documents
from multipolar.textio import CODED_LANGUAGES, detect_language, read_text

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
        typer.Option("--input-format",
                     help="text, or jsonl: one JSON object a line with the fields `ingest` "
                          "reads (text/body/content, id, date/published, title, url, source)."),
    ] = InputFormat.text,
    lexicon: LexiconOption = None,
    any_language: Annotated[bool, typer.Option(
        "--any-language", help="Code a text detected as not English too (the coder reads "
                               "English; by default such a text gets a warning and no "
                               "coding).")] = False,
) -> None:
    """Code the events, actors and facts of one text (or of each line of a JSONL file)."""
    analyzer = make_analyzer(lexicon)
    pub = to_date(published)
    if input_format is InputFormat.jsonl:
        failures = _analyze_jsonl(analyzer, path, published=published,
                                  any_language=any_language)
        if failures:
            typer.echo(f"error: {failures} line(s) could not be analyzed", err=True)
            raise typer.Exit(1)
        return
    decoded, name = read_text(path, max_bytes=analyzer.settings.max_chars * 4)
    if decoded.replaced:
        typer.echo(f"warning: {name}: {decoded.replaced} invalid UTF-8 byte(s) replaced "
                   "with U+FFFD", err=True)
    language = detect_language(decoded.text)
    document = Document(text=decoded.text, published=pub, language=language.code)
    if not language.coded:
        typer.echo(f"warning: {name}: {language.warning()}", err=True)
        if not any_language:
            emit(AnalysisResult(document=document), output)
            return
    emit(analyzer.analyze(document), output)


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
        print_result(result)
        return
    data = result.to_dict()
    if doc_id is not None:
        data = {"id": doc_id, **data}
    indent = 2 if output is OutputFormat.json else None
    typer.echo(json.dumps(data, ensure_ascii=False, indent=indent))


def _analyze_jsonl(analyzer: Analyzer, path: str, *, published: str | None,
                   any_language: bool = False) -> int:
    """Analyze each line (batched) with the reader `multipolar ingest` uses for JSON lines (the
    same accepted fields, the same handling of a bad date: a warning, stored without); report
    bad lines on stderr and return how many were rejected."""

    default = to_date(published)
    report = Report()
    ids: deque[str] = deque()
    printed = 0

    def flush() -> None:
        nonlocal printed
        for problem in report.problems[printed:]:
            typer.echo(str(problem), err=True)
        printed = len(report.problems)

    def valid() -> Iterator[Document]:
        for document in read_documents([path], report=report, fields=Fields(),
                                       limits=Limits(max_chars=analyzer.settings.max_chars),
                                       force_format="jsonl"):
            flush()
            meta = document.metadata or {}
            ids.append(str(meta.get("id") or meta.get("line") or len(ids) + 1))
            if document.published is None and default is not None:
                document = dataclasses.replace(document, published=default)
            yield document
        flush()

    coded = CODED_LANGUAGES
    for document, result in _pipe_coded(analyzer, valid(), any_language or None, coded):
        record = (result or AnalysisResult(document=document)).to_dict()
        out = {"id": ids.popleft(), **{key: record[key] for key in JSONL_FIELDS}}
        typer.echo(json.dumps(out, ensure_ascii=False))
    return len(report.errors)


def _pipe_coded(analyzer: Analyzer, documents: Iterator[Document], any_language: bool | None,
                coded: frozenset[str]) -> Iterator[tuple[Document, AnalysisResult | None]]:
    """(document, result) in input order; None for a text in a language the coder does not
    read (unless `any_language`), batched through the analyzer otherwise."""
    pending: list[Document] = []

    def flush() -> Iterator[tuple[Document, AnalysisResult | None]]:
        for result in analyzer.pipe(list(pending)):
            yield result.document, result
        pending.clear()

    for document in documents:
        if any_language or document.language in coded:
            pending.append(document)
            if len(pending) >= analyzer.settings.batch_size:
                yield from flush()
        else:
            yield from flush()
            yield document, None
    yield from flush()


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)
    app.command("demo")(demo)
