"""Fuzzing of the ingest readers: JSONL, CSV, HTML, RSS/Atom and gzip.

Good files are generated, then broken at random (seeded, derandomized): records corrupted in
every way we know, files truncated at any byte, random bytes flipped. The properties:

- reading never raises: every problem becomes a `Problem` in the report, with the file and,
  for line-based formats, the line;
- each bad record is reported once and skipped; every good record is still read, in order,
  with its exact text;
- a truncated file yields a prefix of its records (the cut record reported, not half-read).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multipolar.analyzer import Analyzer
from multipolar.ingest import ingest
from multipolar.model import Document
from multipolar.sources import Fields, Limits, Report, read_documents
from multipolar.store import open_store

FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=60,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

# Record texts: real-looking sentences plus awkward but valid Unicode.
WORDS = ["China", "Russia", "signed", "a", "deal", "in", "Moscow", "on", "Tuesday", "Xi",
         "Putin", "met", "trade", "rose", "5%", "«quoted»", "“smart”", "naïve", "Zürich",
         "北京", "Москва", "مرحبا", "🇺🇦", "&amp;", "<b>", "O'Brien", "tab\there", "comma,here"]
texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)
# Without markup: feed entries are HTML, so "<b>" in an entry is a tag, not text.
plain_texts = st.lists(st.sampled_from([w for w in WORDS if "<" not in w and "&" not in w]),
                       min_size=1, max_size=12).map(" ".join)

# Ways to break one JSON line: each must give exactly one error for that line.
BAD_JSONL = {
    "truncated object": lambda t: json.dumps({"text": t})[:-3].encode(),
    "not an object": lambda t: json.dumps([t]).encode(),
    "a bare string": lambda t: json.dumps(t).encode(),
    "no text field": lambda t: json.dumps({"body_text": t}).encode(),
    "text is a number": lambda t: json.dumps({"text": 42}).encode(),
    "text is a list": lambda t: json.dumps({"text": [t]}).encode(),
    "empty text": lambda t: json.dumps({"text": "   "}).encode(),
    "trailing garbage": lambda t: json.dumps({"text": t}).encode() + b" }",
    "single quotes": lambda t: ("{'text': '" + t.replace("'", "") + "'}").encode(),
    "nested 100,000 deep": lambda t: b"[" * 100_000 + b"]" * 100_000,
    "NaN literal only": lambda t: b"NaN",
    "unterminated string": lambda t: b'{"text": "' + t.encode() + b"\\",
    "invalid escape": lambda t: b'{"text": "\\x41"}',
    "control char in string": lambda t: b'{"text": "a\x01b"}',
}


def _jsonl_line(text: str, index: int) -> bytes:
    return json.dumps({"text": text, "title": f"t{index}", "date": "2025-05-07",
                       "id": index}, ensure_ascii=index % 2 == 0).encode()


def read_all(path: Path, **kwargs: object) -> tuple[list[Document], Report]:
    report = Report()
    docs = list(read_documents([path], report=report, **kwargs))  # type: ignore[arg-type]
    return docs, report


def assert_reported(report: Report, path: Path) -> None:
    """Every problem names the file; errors come with a message a person can act on."""
    for problem in report.problems:
        assert problem.path == str(path)
        assert problem.message.strip()
        assert problem.severity in ("error", "warning")


@FUZZ
@given(records=st.lists(st.tuples(texts, st.none() | st.sampled_from(sorted(BAD_JSONL))),
                        min_size=1, max_size=15),
       crlf=st.booleans(), blank_lines=st.booleans())
def test_jsonl_bad_lines_are_reported_and_skipped(
        tmp_path: Path, records: list[tuple[str, str | None]], *, crlf: bool,
        blank_lines: bool) -> None:
    lines: list[bytes] = []
    good: list[str] = []
    bad_lines: list[int] = []
    for index, (text, breakage) in enumerate(records):
        if breakage is None:
            lines.append(_jsonl_line(text, index))
            good.append(text.strip())
        else:
            lines.append(BAD_JSONL[breakage](text))
            bad_lines.append(len(lines))
        if blank_lines:
            lines.append(b"")
    newline = b"\r\n" if crlf else b"\n"
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(newline.join(lines) + newline)

    docs, report = read_all(path)

    assert [d.text for d in docs] == good
    assert sorted(p.line for p in report.errors) == bad_lines  # type: ignore[type-var]
    assert report.documents == len(good)
    assert report.records == len(records)
    assert_reported(report, path)


def _csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


@FUZZ
@given(records=st.lists(st.tuples(texts, st.sampled_from(["ok", "ok", "extra field",
                                                          "empty text"])),
                        min_size=1, max_size=15))
def test_csv_bad_rows_are_reported_and_skipped(tmp_path: Path,
                                               records: list[tuple[str, str]]) -> None:
    rows = [["id", "title", "text", "date"]]
    good: list[str] = []
    bad_lines: list[int] = []
    line = 1
    for index, (text, kind) in enumerate(records):
        row = [str(index), f"title {index}", text, "2025-05-07"]
        if kind == "extra field":
            row.append("surplus")
        elif kind == "empty text":
            row[2] = " "
        rows.append(row)
        line += 1  # the texts hold no newlines
        if kind == "ok":
            good.append(text.strip())
        else:
            bad_lines.append(line)
    path = tmp_path / "fuzz.csv"
    path.write_bytes(_csv_bytes(rows))

    docs, report = read_all(path)

    assert [d.text for d in docs] == good
    assert sorted(p.line for p in report.errors) == bad_lines  # type: ignore[type-var]
    assert_reported(report, path)


def _check_prefix(docs: list[Document], originals: list[str]) -> None:
    """The documents read are the first k originals, exactly (k may be 0)."""
    got = [d.text for d in docs]
    assert got == originals[: len(got)], "a truncated file gave a record that was not whole"


@FUZZ
@given(items=st.lists(texts, min_size=1, max_size=12), cut=st.floats(0.0, 1.0))
def test_truncated_jsonl_gives_a_prefix(tmp_path: Path, items: list[str], cut: float) -> None:
    data = b"\n".join(_jsonl_line(t, i) for i, t in enumerate(items)) + b"\n"
    path = tmp_path / "cut.jsonl"
    path.write_bytes(data[: int(len(data) * cut)])
    docs, report = read_all(path)
    _check_prefix(docs, [t.strip() for t in items])
    # The one partial line (if any) is the only error, on the last line read.
    assert len(report.errors) <= 1
    assert_reported(report, path)


@FUZZ
@given(items=st.lists(texts, min_size=1, max_size=12), cut=st.floats(0.0, 0.999))
def test_truncated_csv_is_flagged(tmp_path: Path, items: list[str], cut: float) -> None:
    data = _good_file("csv", items)
    path = tmp_path / "cut.csv"
    path.write_bytes(data[: int(len(data) * cut)])
    docs, report = read_all(path)
    originals = [t.strip() for t in items]
    got = [d.text for d in docs]
    if not got:
        return
    # Whole records first; only the last may be short, and then the file is flagged.
    assert got[:-1] == originals[: len(got) - 1]
    if got[-1] != originals[len(got) - 1]:
        # (a cut inside a UTF-8 sequence leaves one U+FFFD, also reported)
        assert originals[len(got) - 1].startswith(got[-1].rstrip("\ufffd"))
        assert any("cut short" in p.message for p in report.warnings)
    assert_reported(report, path)


@FUZZ
@given(items=st.lists(texts, min_size=2, max_size=12), cut=st.floats(0.05, 0.999))
def test_truncated_gzip_keeps_every_whole_record(tmp_path: Path, items: list[str],
                                                cut: float) -> None:
    raw = b"\n".join(_jsonl_line(t, i) for i, t in enumerate(items)) + b"\n"
    packed = gzip.compress(raw, mtime=0)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: int(len(packed) * cut)])
    docs, report = read_all(path)
    _check_prefix(docs, [t.strip() for t in items])
    assert report.problems, "a truncated gzip file must be reported"
    assert_reported(report, path)


@FUZZ
@given(items=st.lists(texts, min_size=1, max_size=8), flips=st.lists(
    st.tuples(st.floats(0.0, 0.999), st.integers(0, 255)), min_size=1, max_size=6),
       fmt=st.sampled_from(["jsonl", "csv", "html", "rss", "atom", "jsonl.gz", "csv.gz",
                            "rss.gz", "txt"]))
def test_random_byte_corruption_never_raises(tmp_path: Path, items: list[str],
                                             flips: list[tuple[float, int]], fmt: str) -> None:
    data = bytearray(_good_file(fmt, items))
    for where, value in flips:
        data[int(where * len(data))] = value
    path = tmp_path / f"noise.{fmt}"
    path.write_bytes(bytes(data))
    docs, report = read_all(path)
    for doc in docs:
        assert doc.text and doc.text == doc.text.strip()
        assert len(doc.text) <= Limits().max_chars
    assert docs or report.errors, "nothing read must come with an error"
    assert report.documents == len(docs)
    assert_reported(report, path)


@FUZZ
@given(data=st.binary(min_size=0, max_size=3_000),
       fmt=st.sampled_from(["jsonl", "json", "csv", "tsv", "html", "rss", "txt", "jsonl.gz"]))
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes, fmt: str) -> None:
    path = tmp_path / f"junk.{fmt}"
    path.write_bytes(data)
    docs, report = read_all(path)
    assert docs or report.errors
    assert_reported(report, path)


@settings(FUZZ, max_examples=25)
@given(items=st.lists(plain_texts, min_size=1, max_size=6), cut=st.floats(0.0, 0.999),
       fmt=st.sampled_from(["rss", "atom", "html"]))
def test_truncated_feeds_and_pages_never_raise(tmp_path: Path, items: list[str], cut: float,
                                               fmt: str) -> None:
    data = _good_file(fmt, items)
    path = tmp_path / f"cut.{fmt}"
    path.write_bytes(data[: int(len(data) * cut)])
    docs, report = read_all(path)
    assert docs or report.errors
    if fmt in ("rss", "atom"):
        # An entry the cut runs through is skipped and reported, never read short: the
        # documents are the first k entries, whole.
        _check_prefix(docs, [t.strip() for t in items])
        if len(docs) < len(items) and docs:
            assert any("cut short" in p.message for p in report.errors)
    assert_reported(report, path)


def test_mixed_directory_good_files_all_ingested(tmp_path: Path) -> None:
    """One directory with every format, each both whole and broken: every good record is read,
    each broken file or record is reported with its path."""
    items = ["China and Russia signed a trade deal in Moscow.",
             "Xi met Putin on Tuesday, officials said."]
    for fmt in ("jsonl", "csv", "html", "rss", "atom", "txt", "jsonl.gz", "csv.gz"):
        (tmp_path / f"good.{fmt}").write_bytes(_good_file(fmt, items))
        whole = _good_file(fmt, items)
        (tmp_path / f"bad_{fmt.replace('.', '_')}.{fmt}").write_bytes(whole[: len(whole) // 3])
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.jsonl").write_bytes(b"")
    docs, report = read_all(tmp_path)
    by_file: dict[str, list[str]] = {}
    for doc in docs:
        by_file.setdefault(Path(doc.metadata["input"]).name, []).append(doc.text)
    for fmt in ("jsonl", "csv", "rss", "atom", "jsonl.gz", "csv.gz"):
        assert by_file[f"good.{fmt}"] == items, fmt
    assert by_file["good.txt"] == ["\n".join(items)]
    assert by_file["good.html"] and "China and Russia" in by_file["good.html"][0]
    flagged = {Path(p.path).name for p in report.errors}
    assert {"binary.txt", "empty.jsonl"} <= flagged
    assert not any(name.startswith("good.") for name in flagged)


def test_custom_fields_with_bad_records(tmp_path: Path) -> None:
    lines = [json.dumps({"body": "Iran and Iraq met."}), json.dumps({"text": "no body"}),
             json.dumps({"body": None}), json.dumps({"body": "Chile hosted Peru."})]
    path = tmp_path / "custom.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, report = read_all(path, fields=Fields.with_names(text="body"))
    assert [d.text for d in docs] == ["Iran and Iraq met.", "Chile hosted Peru."]
    assert sorted(p.line for p in report.errors) == [2, 3]  # type: ignore[type-var]
    assert all("body" in p.message for p in report.errors)


def test_record_above_max_chars_is_skipped_alone(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "short one"}), json.dumps({"text": "x" * 5_000}),
             json.dumps({"text": "short two"})]
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, report = read_all(path, limits=Limits(max_chars=1_000))
    assert [d.text for d in docs] == ["short one", "short two"]
    assert [p.line for p in report.errors] == [2]
    assert "limit" in report.errors[0].message


# --- good files of each format ---------------------------------------------------------------


def _good_file(fmt: str, items: list[str]) -> bytes:
    if fmt.endswith(".gz"):
        return gzip.compress(_good_file(fmt[:-3], items), mtime=0)
    if fmt == "jsonl":
        return b"\n".join(_jsonl_line(t, i) for i, t in enumerate(items)) + b"\n"
    if fmt == "csv":
        return _csv_bytes([["id", "text"], *([str(i), t] for i, t in enumerate(items))])
    if fmt == "txt":
        return "\n".join(items).encode()
    if fmt == "html":
        paragraphs = "".join(f"<p>{_xml(t)} This paragraph is long enough to be kept as main "
                             "text by the extractor, which skips short fragments.</p>"
                             for t in items)
        return (f"<!doctype html><html><head><title>News</title></head><body><article>"
                f"<h1>Headline</h1>{paragraphs}</article></body></html>").encode()
    if fmt == "rss":
        entries = "".join(f"<item><title>T{i}</title><link>http://example.org/{i}</link>"
                          f"<description>{_xml(t)}</description>"
                          "<pubDate>Wed, 07 May 2025 10:00:00 GMT</pubDate></item>"
                          for i, t in enumerate(items))
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Feed</title>{entries}</channel></rss>").encode()
    if fmt == "atom":
        entries = "".join(f"<entry><title>T{i}</title><id>urn:{i}</id>"
                          f"<updated>2025-05-07T10:00:00Z</updated>"
                          f"<summary>{_xml(t)}</summary></entry>" for i, t in enumerate(items))
        return (f'<?xml version="1.0" encoding="utf-8"?>'
                f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title>{entries}'
                "</feed>").encode()
    raise ValueError(fmt)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")



def test_mixed_directory_into_the_store(tmp_path: Path, analyzer: Analyzer) -> None:
    """The same broken directory through ingestion: the store holds exactly the good records
    (each once, though the same texts arrive in several formats); the bad ones are reported."""
    items = ["China and Russia signed a trade deal in Moscow on Tuesday.",
             "Iran accused Israel of attacking its embassy in Damascus."]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for fmt in ("jsonl", "csv", "rss", "jsonl.gz"):
        (corpus / f"good.{fmt}").write_bytes(_good_file(fmt, items))
        whole = _good_file(fmt, items)
        # Cut inside the header for CSV (a CSV cut inside an unquoted field cannot be told
        # from a complete file: that record is read, with a warning that the file may be cut).
        cut = whole[:5] if fmt == "csv" else whole[: len(whole) // 3]
        (corpus / f"cut_{fmt.replace('.', '_')}.{fmt}").write_bytes(cut)
    (corpus / "junk.jsonl").write_bytes(b'{"text": 1}\n{oops\n[1, 2]\n' + _jsonl_line(
        "Chile and Peru signed a fishing agreement in Lima.", 9) + b"\n")
    report = Report()
    documents = read_documents([corpus], report=report)
    with open_store(tmp_path / "s.duckdb") as store:
        summary = ingest(store, documents, analyzer=analyzer)
        stored = sorted(r[0] for r in store.con.execute("SELECT text FROM documents").fetchall())
    assert stored == sorted([*items, "Chile and Peru signed a fishing agreement in Lima."])
    assert summary.failed == 0 and summary.stored == 3
    junk_lines = [p.line for p in report.errors if p.path.endswith("junk.jsonl")]
    assert junk_lines == [1, 2, 3]
    assert {Path(p.path).name for p in report.errors} >= {"junk.jsonl", "cut_csv.csv"}
