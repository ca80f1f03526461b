"""Readers that turn files, directories and stdin into `Document`s, reporting bad input.

Formats, chosen by file suffix (after an optional `.gz`):

- `.txt`, `.text`, `.md`: one document per file;
- `.html`, `.htm`, `.xhtml`: main text extracted with trafilatura (title, date, url from the
  page's metadata when present);
- `.jsonl`, `.ndjson`: one JSON object per line; `.json`: one object or a list of objects;
- `.csv`, `.tsv`: one row per document, with a header row;
- `.rss`, `.atom`, `.xml`: RSS/Atom feeds read with feedparser, one document per entry;
- `-`: stdin, format given or sniffed (JSON lines, HTML, feed, gzip or plain text).

Field names for JSON and CSV records are configurable (`Fields`). Nothing is raised for bad
input: every problem (unreadable, binary, empty or huge file, bad encoding, malformed JSON or CSV
row, missing text) goes to a `Report` with its file and line, and reading goes on.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import email.utils
import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from multipolar.errors import ConfigError, DependencyMissing
from multipolar.model import Document
from multipolar.textio import detect_language

Severity = Literal["error", "warning"]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
CSV_SUFFIXES = frozenset({".csv", ".tsv"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
FORMATS = ("text", "html", "jsonl", "json", "csv", "tsv", "feed")

_SNIFF_BYTES = 8192
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class Fields:
    """Names of the fields of JSON and CSV records; the first one present is used."""

    text: tuple[str, ...] = ("text", "body", "content", "article")
    title: tuple[str, ...] = ("title", "headline")
    date: tuple[str, ...] = ("date", "published", "published_at", "publish_date", "pub_date",
                             "datetime")
    url: tuple[str, ...] = ("url", "link")
    source: tuple[str, ...] = ("source", "outlet", "publisher", "site")
    id: tuple[str, ...] = ("id", "doc_id", "guid")

    @classmethod
    def with_names(cls, **names: str | None) -> Fields:
        """Defaults, with the fields given (e.g. text="body") replaced by that one name."""
        unknown = set(names) - {"text", "title", "date", "url", "source", "id"}
        if unknown:
            raise ConfigError(f"unknown record fields {sorted(unknown)}")
        chosen = {k: (v.strip(),) for k, v in names.items() if v is not None and v.strip()}
        return cls(**chosen)


@dataclass(frozen=True, slots=True)
class Problem:
    """One bad input: where (file and line, when known), what, and how serious."""

    path: str
    line: int | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class Report:
    """What reading found: counts, and every problem in order."""

    files: int = 0
    records: int = 0  # records seen (documents read plus records rejected)
    documents: int = 0
    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, message, "error"))

    def warning(self, path: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, message, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when nothing was rejected (warnings allowed)."""
        return not self.errors

    def summary(self) -> str:
        return (f"{self.files} file(s), {self.documents} document(s) read, "
                f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)")


@dataclass(frozen=True, slots=True)
class Limits:
    """Size bounds: a document's characters, and a single-document file's bytes."""

    max_chars: int = 2_000_000

    @property
    def max_file_bytes(self) -> int:
        # UTF-8 takes at most 4 bytes per character; HTML markup often doubles the size.
        return self.max_chars * 8


class _Rejected(Exception):
    """A record or file that cannot be read; the message goes to the report."""


def read_documents(
    paths: Iterable[str | Path],
    *,
    report: Report,
    fields: Fields | None = None,
    limits: Limits | None = None,
    stdin_format: str | None = None,
    stdin: IO[bytes] | None = None,
    force_format: str | None = None,
) -> Iterator[Document]:
    """Yield a Document for each readable record under `paths` ("-" is stdin).

    Directories are walked recursively in sorted order (hidden entries skipped); files with a
    suffix no reader knows are skipped with a warning. `force_format` reads every file (and
    stdin) with that reader whatever its suffix (`multipolar analyze --input-format jsonl`).
    """
    fields = fields or Fields()
    limits = limits or Limits()
    for given in (stdin_format, force_format):
        if given is not None and given not in FORMATS:
            raise ConfigError(f"input format {given!r} is not one of {', '.join(FORMATS)}")
    stdin_format = force_format or stdin_format
    for raw in paths:
        spec = str(raw)
        if spec == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_stream(stream, "<stdin>", stdin_format, fields, limits, report)
            continue
        path = Path(spec)
        if path.is_dir():
            for file in _walk(path):
                kind = force_format or format_of(file)
                if kind is None:
                    report.warning(str(file), None, "unsupported file type; skipped "
                                   f"(readers: {', '.join(FORMATS)})")
                    continue
                yield from _read_file(file, kind, fields, limits, report)
        elif path.exists():
            yield from _read_file(path, force_format or format_of(path) or "text", fields,
                                  limits, report)
        else:
            report.files += 1
            report.error(spec, None, "no such file or directory")


def count_documents(paths: Iterable[str | Path], *, max_bytes: int = 2_000_000_000
                    ) -> int | None:
    """How many documents `read_documents` will yield at most, counted cheaply before reading
    (for a progress bar's total and time left): one per text or HTML file, one per non-blank
    line of a JSON lines file (gzip looked through). None when it cannot be known beforehand
    (standard input, JSON, CSV, feeds) or the input is above `max_bytes`."""
    total = 0
    seen = 0
    for raw in paths:
        if str(raw) == "-":
            return None
        root = Path(raw)
        files = _walk(root) if root.is_dir() else [root]
        for file in files:
            kind = format_of(file)
            if kind is None:
                continue
            if kind in ("text", "html"):
                total += 1
                continue
            if kind != "jsonl":
                return None
            try:
                seen += file.stat().st_size
                if seen > max_bytes:
                    return None
                opener = gzip.open if file.suffix.lower() == ".gz" else open
                with opener(file, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except (OSError, EOFError, zlib.error):
                return None
    return total


def format_of(path: Path) -> str | None:
    """The reader for a path, from its suffix (a trailing .gz is looked through)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    suffix = suffixes[-1] if suffixes else ""
    for kind, known in (("text", TEXT_SUFFIXES), ("html", HTML_SUFFIXES),
                        ("jsonl", JSONL_SUFFIXES), ("json", JSON_SUFFIXES),
                        ("feed", FEED_SUFFIXES)):
        if suffix in known:
            return kind
    if suffix in CSV_SUFFIXES:
        return suffix[1:]
    return None


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


# -- opening and decoding ----------------------------------------------------------------


def _read_file(path: Path, kind: str, fields: Fields, limits: Limits,
               report: Report) -> Iterator[Document]:
    name = str(path)
    try:
        handle = path.open("rb")
    except PermissionError:
        report.files += 1
        report.error(name, None, "permission denied; check the file's permissions")
        return
    except OSError as exc:
        report.files += 1
        report.error(name, None, f"cannot open ({exc.strerror or exc})")
        return
    with handle:
        yield from _read_stream(handle, name, kind, fields, limits, report)


def _read_stream(stream: IO[bytes], name: str, kind: str | None, fields: Fields,
                 limits: Limits, report: Report) -> Iterator[Document]:
    report.files += 1
    try:
        head = stream.read(_SNIFF_BYTES)
    except OSError as exc:
        report.error(name, None, f"cannot read ({exc.strerror or exc})")
        return
    body = _Prefixed(head, stream)
    if head.startswith(_GZIP_MAGIC):
        unzipped = _GzipReader(body, name, report)
        try:
            head = unzipped.read(_SNIFF_BYTES) or b""
        except _Rejected as exc:
            report.error(name, None, str(exc))
            return
        body = _Prefixed(head, unzipped)
    if not head.strip():
        report.error(name, None, "empty file; nothing to ingest")
        return
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        report.error(name, None, "binary file (NUL bytes); give text, HTML, JSON lines, CSV "
                     "or RSS")
        return
    if kind is None:
        kind = _sniff(head)
    try:
        if kind in ("jsonl",):
            yield from _jsonl(body, name, fields, limits, report)
        elif kind in ("csv", "tsv"):
            yield from _csv(body, name, "\t" if kind == "tsv" else ",", fields, limits, report)
        else:
            data = _read_limited(body, limits.max_file_bytes, name)
            text = _decode(data, name, report)
            if kind == "json":
                yield from _json(text, name, fields, limits, report)
            elif kind == "html":
                yield from _html(text, name, limits, report)
            elif kind == "feed":
                yield from _feed(data, name, limits, report)
            else:
                yield from _one(text, name, None, {"input": name}, limits, report,
                                title=None, url=None, source=None, published=None)
    except _Rejected as exc:
        report.error(name, None, str(exc))
    except OSError as exc:
        report.error(name, None, f"cannot read ({exc.strerror or exc})")


def _sniff(head: bytes) -> str:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"<"):
        return "feed" if (b"<rss" in start or b"<feed" in start or b"<rdf" in start) else "html"
    return "text"


class _Prefixed(io.RawIOBase):
    """A binary stream with `head` (already read) put back in front."""

    def __init__(self, head: bytes, rest: io.RawIOBase | IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            n = min(len(view), len(self._head))
            view[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(view)) or b""
        view[: len(data)] = data
        return len(data)


class _GzipReader(io.RawIOBase):
    """Decompresses gzip; a truncated or corrupt stream ends early with a warning."""

    def __init__(self, raw: io.RawIOBase, name: str, report: Report) -> None:
        self._gz = gzip.GzipFile(fileobj=raw, mode="rb")
        self._name = name
        self._report = report
        self._done = False
        self._total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._done:
            return 0
        view = memoryview(buffer).cast("B")
        try:
            data = self._gz.read(len(view))
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            self._done = True
            if self._total == 0:
                raise _Rejected(f"not a readable gzip file ({exc})") from None
            self._report.warning(self._name, None, f"gzip data is truncated or corrupt ({exc}); "
                                 f"kept the first {self._total:,} bytes")
            return 0
        self._total += len(data)
        view[: len(data)] = data
        return len(data)


def _read_limited(stream: io.RawIOBase, limit: int, name: str) -> bytes:
    data = io.BufferedReader(stream).read(limit + 1)
    if len(data) > limit:
        raise _Rejected(f"file is larger than {limit:,} bytes (the limit for one document); "
                        "split it or raise MULTIPOLAR_MAX_CHARS")
    return data


def _decode(data: bytes, name: str, report: Report, line: int | None = None) -> str:
    """UTF-8 (BOM allowed); UTF-16 with a BOM; else Windows-1252 or UTF-8 with replacement."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    lenient = data.decode("utf-8-sig", errors="replace")
    if any(ord(c) > 127 and c != "\ufffd" for c in lenient):
        bad = lenient.count("\ufffd") - data.count("\ufffd".encode())
        report.warning(name, line, f"invalid UTF-8 at byte {first_bad}: {bad} byte sequence(s) "
                       "replaced with U+FFFD")
        return lenient
    try:
        text = data.decode("cp1252")
        report.warning(name, line, "not UTF-8; decoded as Windows-1252")
        return text
    except UnicodeDecodeError:
        report.warning(name, line, "not UTF-8; decoded as Latin-1")
        return data.decode("latin-1")


# -- record formats ------------------------------------------------------------------------


def _one(text: str, name: str, line: int | None, metadata: Mapping[str, str], limits: Limits,
         report: Report, *, title: str | None, url: str | None, source: str | None,
         published: dt.date | None) -> Iterator[Document]:
    report.records += 1
    body = text.strip()
    if not body:
        report.error(name, line, "empty text; nothing to analyze")
        return
    if len(body) > limits.max_chars:
        report.error(name, line, f"text has {len(body):,} characters, above the limit of "
                     f"{limits.max_chars:,}; split it or raise MULTIPOLAR_MAX_CHARS")
        return
    report.documents += 1
    language = detect_language(body)
    if not language.coded:
        report.warning(name, line, language.warning())
    yield Document(text=body, title=title or None, url=url or None, source=source or None,
                   published=published, language=language.code, metadata=dict(metadata))


def _pick(record: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    for key in names:
        if key in record and record[key] is not None:
            return key, record[key]
    return None, None


def _record(record: Mapping[str, Any], name: str, line: int | None, fields: Fields,
            limits: Limits, report: Report) -> Iterator[Document]:
    key, text = _pick(record, fields.text)
    if key is None:
        report.records += 1
        report.error(name, line, f"no text field (looked for {', '.join(fields.text)}); "
                     "name it with --text-field")
        return
    if not isinstance(text, str):
        report.records += 1
        report.error(name, line, f"field {key!r} is a {type(text).__name__}, not a string")
        return
    published = None
    date_key, raw_date = _pick(record, fields.date)
    if date_key is not None and raw_date != "":
        published = parse_date(raw_date)
        if published is None:
            report.warning(name, line, f"{date_key} {raw_date!r} is not a date; stored without")
    metadata = {"input": name}
    if line is not None:
        metadata["line"] = str(line)
    id_key, raw_id = _pick(record, fields.id)
    if id_key is not None:
        metadata["id"] = str(raw_id)
    yield from _one(text, name, line, metadata, limits, report,
                    title=_str(_pick(record, fields.title)[1]),
                    url=_str(_pick(record, fields.url)[1]),
                    source=_str(_pick(record, fields.source)[1]), published=published)


def _str(value: Any) -> str | None:
    if value is None:
        return None
    return value.strip() if isinstance(value, str) else str(value)


def _jsonl(stream: io.RawIOBase, name: str, fields: Fields, limits: Limits,
           report: Report) -> Iterator[Document]:
    for line_no, raw in enumerate(io.BufferedReader(stream), start=1):
        if not raw.strip():
            continue
        line = _decode(raw, name, report, line_no).rstrip("\r\n")
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            report.records += 1
            report.error(name, line_no, f"malformed JSON ({exc.msg}; column {exc.colno})")
            continue
        except RecursionError:
            report.records += 1
            report.error(name, line_no, "JSON nested too deeply")
            continue
        if not isinstance(record, dict):
            report.records += 1
            report.error(name, line_no, f"expected a JSON object, got {type(record).__name__}")
            continue
        yield from _record(record, name, line_no, fields, limits, report)


def _json(text: str, name: str, fields: Fields, limits: Limits,
          report: Report) -> Iterator[Document]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Rejected(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
                        ) from None
    except RecursionError:
        raise _Rejected("JSON nested too deeply") from None
    items = data if isinstance(data, list) else [data]
    for index, record in enumerate(items, start=1):
        if not isinstance(record, dict):
            report.records += 1
            report.error(name, None, f"item {index}: expected a JSON object, got "
                         f"{type(record).__name__}")
            continue
        yield from _record(record, name, None, fields, limits, report)


def _csv(stream: io.RawIOBase, name: str, delimiter: str, fields: Fields, limits: Limits,
         report: Report) -> Iterator[Document]:
    text = io.TextIOWrapper(io.BufferedReader(stream), encoding="utf-8-sig", errors="replace",
                            newline="")
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, limits.max_chars * 2))
    last = [""]

    def lines() -> Iterator[str]:
        for line in text:
            last[0] = line
            yield line

    try:
        reader = csv.DictReader(lines(), delimiter=delimiter)
        try:
            header = reader.fieldnames
        except csv.Error as exc:
            raise _Rejected(f"malformed CSV header ({exc})") from None
        if not header:
            raise _Rejected("no CSV header row")
        if not any(f in header for f in fields.text):
            raise _Rejected(f"CSV header has no text column (looked for "
                            f"{', '.join(fields.text)}; header: {', '.join(header)}); "
                            "name it with --text-field")
        while True:
            start_line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                report.records += 1
                report.error(name, start_line, f"malformed CSV row ({exc})")
                continue
            if None in row:
                report.records += 1
                report.error(name, start_line, f"row has {len(header) + len(row[None])} fields, "
                             f"the header has {len(header)}")
                continue
            values = {k: v for k, v in row.items() if v is not None}
            if any("\ufffd" in v for v in values.values() if isinstance(v, str)):
                report.warning(name, start_line, "invalid UTF-8 replaced with U+FFFD")
            yield from _record(values, name, start_line, fields, limits, report)
        if last[0] and not last[0].endswith(("\n", "\r")):
            report.warning(name, reader.line_num, "the file does not end with a line break: it "
                           "may have been cut short, and its last record be incomplete")
    finally:
        csv.field_size_limit(limit)
        text.detach()


def _html(text: str, name: str, limits: Limits, report: Report) -> Iterator[Document]:
    try:
        import trafilatura
    except ImportError:
        raise DependencyMissing("reading HTML", "ingest", "trafilatura") from None
    extracted = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False,
                                            include_tables=False)
    found: dict[str, Any] = {}
    if extracted is not None:
        found = extracted if isinstance(extracted, dict) else extracted.as_dict()
    if not (found.get("text") or "").strip():
        report.records += 1
        report.error(name, None, "no main text found in the HTML page")
        return
    published = parse_date(found.get("date")) if found.get("date") else None
    yield from _one(found["text"], name, None, {"input": name}, limits, report,
                    title=_str(found.get("title")), url=_str(found.get("url")),
                    source=_str(found.get("sitename") or found.get("hostname")),
                    published=published)


def _feed(data: bytes, name: str, limits: Limits, report: Report) -> Iterator[Document]:
    try:
        import feedparser
    except ImportError:
        raise DependencyMissing("reading RSS/Atom", "ingest", "feedparser") from None
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        raise _Rejected("no RSS/Atom entries found" + (f" ({problem})" if problem else ""))
    if parsed.get("bozo"):
        report.warning(name, None, f"feed is not well-formed ({parsed.get('bozo_exception')}); "
                       "read what could be parsed")
        # A feed cut short (truncated download) ends inside its last entry: feedparser still
        # returns it, with its text cut. Entries whose closing tag is missing are skipped.
        closed = len(_ENTRY_END.findall(data))
        for index in range(closed + 1, len(entries) + 1):
            report.records += 1
            report.error(name, None, f"entry {index} is cut short (the feed ends inside it); "
                         "skipped")
        entries = entries[:closed]
    feed_title = _str(parsed.get("feed", {}).get("title"))
    for index, entry in enumerate(entries, start=1):
        html = ""
        if entry.get("content"):
            html = " ".join(c.get("value", "") for c in entry["content"])
        html = html or entry.get("summary", "") or entry.get("description", "")
        text = _html_to_text(html)
        title = _str(entry.get("title"))
        published = None
        stamp = entry.get("published_parsed") or (
            # `in` first: feedparser maps a missing updated_parsed to published_parsed with a
            # DeprecationWarning (an error where warnings are errors)
            entry.get("updated_parsed") if "updated_parsed" in entry else None)
        if stamp:
            published = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
        metadata = {"input": name, "entry": str(index)}
        if entry.get("id"):
            metadata["id"] = str(entry["id"])
        if not text.strip():
            report.records += 1
            report.error(name, None, f"entry {index} ({title or 'untitled'}) has no text")
            continue
        yield from _one(text, name, None, metadata, limits, report, title=title,
                        url=_str(entry.get("link")), source=feed_title, published=published)


_ENTRY_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>", re.IGNORECASE)


def _html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return fragment
    return " ".join(root.text_content().split())


def parse_date(value: Any) -> dt.date | None:
    """A publication date from ISO 8601, RFC 2822 (RSS), or a Unix timestamp; None if not."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(value, tz=dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    raw = value.strip()
    for candidate in (raw, raw.replace("Z", "+00:00"), raw[:10]):
        try:
            return dt.datetime.fromisoformat(candidate).date()
        except ValueError:
            continue
    try:
        return email.utils.parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError):
        return None
