"""Readers: every input format, and every kind of bad input reported with file and line."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest

from multipolar.errors import ConfigError
from multipolar.model import Document, document_id
from multipolar.sources import Fields, Limits, Report, format_of, parse_date, read_documents

ARTICLE = ("Chinese President Xi Jinping arrived in Moscow on Wednesday for a four-day state "
           "visit. He praised Russia for its support and said the two countries would deepen "
           "their partnership in trade and energy.")
HTML = f"""<!doctype html><html><head><title>Xi arrives in Moscow | Example News</title>
<meta property="og:url" content="https://news.example/xi-moscow">
<meta name="date" content="2025-05-07"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> Subscribe now!</nav>
<article><h1>Xi arrives in Moscow</h1><p>{ARTICLE}</p>
<p>Officials from both sides are expected to sign several agreements on energy, transport and
investment during the visit, according to state media reports on Wednesday.</p></article>
<footer>Copyright Example News. All rights reserved. Cookie settings.</footer></body></html>"""
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
<item><title>Xi in Moscow</title><link>https://wire.example/1</link>
<guid>wire-1</guid><pubDate>Wed, 07 May 2025 09:30:00 GMT</pubDate>
<description>&lt;p&gt;Xi Jinping &lt;b&gt;arrived&lt;/b&gt; in Moscow.&lt;/p&gt;
</description></item>
<item><title>Tariffs</title><link>https://wire.example/2</link>
<pubDate>Thu, 08 May 2025 10:00:00 GMT</pubDate>
<description>The United States raised tariffs on Chinese goods.</description></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom Wire</title><entry><title>Talks</title><link href="https://atom.example/t"/>
<id>urn:1</id><updated>2025-05-09T08:00:00Z</updated>
<content type="html">&lt;p&gt;Putin held talks with Xi.&lt;/p&gt;</content></entry></feed>"""


def read(*paths: str | Path, **kwargs: object) -> tuple[list[Document], Report]:
    report = Report()
    docs = list(read_documents([str(p) for p in paths], report=report, **kwargs))  # type: ignore[arg-type]
    return docs, report


def problems(report: Report) -> list[str]:
    return [str(p) for p in report.problems]


# -- formats --------------------------------------------------------------------------


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("  " + ARTICLE + "\n\n", encoding="utf-8")
    (doc,), report = read(path)
    assert doc.text == ARTICLE
    assert doc.id == document_id(ARTICLE)
    assert doc.metadata["input"] == str(path)
    assert report.ok and report.files == 1 and report.documents == 1


def test_jsonl_with_default_fields(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    rows = [{"id": "x1", "text": ARTICLE, "date": "2025-05-07T10:00:00Z", "title": "T",
             "url": "https://u/1", "source": "Wire"},
            {"body": "Second article text.", "published": "2025-05-08"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    (a, b), report = read(path)
    assert (a.text, a.title, a.url, a.source) == (ARTICLE, "T", "https://u/1", "Wire")
    assert a.published == dt.date(2025, 5, 7)
    assert a.metadata == {"input": str(path), "line": "1", "id": "x1"}
    assert b.published == dt.date(2025, 5, 8) and b.metadata["line"] == "2"
    assert report.ok


def test_configured_fields(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"story": ARTICLE, "when": "2025-05-07", "outlet_name": "O",
                                "text": "not this one"}) + "\n")
    fields = Fields.with_names(text="story", date="when", source="outlet_name")
    (doc,), _ = read(path, fields=fields)
    assert (doc.text, doc.published, doc.source) == (ARTICLE, dt.date(2025, 5, 7), "O")
    with pytest.raises(ConfigError, match="unknown record fields"):
        Fields.with_names(body="x")


def test_json_array(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps([{"text": "One."}, {"text": "Two."}, 3]))
    docs, report = read(path)
    assert [d.text for d in docs] == ["One.", "Two."]
    assert problems(report) == [f"{path}: error: item 3: expected a JSON object, got int"]


def test_csv_and_tsv(tmp_path: Path) -> None:
    csv_path = tmp_path / "a.csv"
    csv_path.write_text('id,title,text,date\n1,T1,"Line one,\nline two ""quoted""",2025-05-07\n'
                        "2,T2,Plain text.,\n", encoding="utf-8")
    tsv_path = tmp_path / "b.tsv"
    tsv_path.write_text("text\tsource\nTab separated.\tWire\n", encoding="utf-8")
    (a, b, c), report = read(csv_path, tsv_path)
    assert a.text == 'Line one,\nline two "quoted"' and a.title == "T1"
    assert a.published == dt.date(2025, 5, 7) and a.metadata["line"] == "2"
    assert b.metadata["line"] == "4" and b.published is None
    assert (c.text, c.source) == ("Tab separated.", "Wire")
    assert report.ok


def test_html_main_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    (doc,), report = read(path)
    assert ARTICLE in doc.text
    assert "Subscribe" not in doc.text and "Cookie" not in doc.text
    assert doc.title is not None and "Xi arrives in Moscow" in doc.title
    assert report.ok


def test_rss_and_atom(tmp_path: Path) -> None:
    rss = tmp_path / "feed.rss"
    rss.write_text(RSS, encoding="utf-8")
    atom = tmp_path / "feed.atom"
    atom.write_text(ATOM, encoding="utf-8")
    (a, b, c), report = read(rss, atom)
    assert a.text == "Xi Jinping arrived in Moscow."
    assert (a.title, a.url, a.source) == ("Xi in Moscow", "https://wire.example/1", "Example Wire")
    assert a.published == dt.date(2025, 5, 7) and a.metadata["id"] == "wire-1"
    assert b.text == "The United States raised tariffs on Chinese goods."
    assert (c.text, c.source, c.published) == ("Putin held talks with Xi.", "Atom Wire",
                                               dt.date(2025, 5, 9))
    assert report.ok


def test_gzip_of_each_format(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(b'{"text": "From gzip."}\n'))
    (tmp_path / "c.rss.gz").write_bytes(gzip.compress(RSS.encode()))
    docs, report = read(tmp_path)
    assert [d.text for d in docs][:2] == [ARTICLE, "From gzip."]
    assert len(docs) == 4 and report.ok


def test_directory_is_walked_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / "b" / "deep" / "z.txt").write_text("Deep.")
    (tmp_path / "a.txt").write_text("Top.")
    (tmp_path / ".hidden.txt").write_text("Hidden.")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("Git.")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    docs, report = read(tmp_path)
    assert [d.text for d in docs] == ["Top.", "Deep."]
    assert problems(report) == [f"{tmp_path / 'photo.png'}: warning: unsupported file type; "
                                "skipped (readers: text, html, jsonl, json, csv, tsv, feed)"]
    assert report.ok  # an unsupported file in a directory is not a failure


@pytest.mark.parametrize(("data", "fmt", "expected"), [
    (b'{"text": "Sniffed JSON."}\n', None, "Sniffed JSON."),
    (b"Plain stdin text.", None, "Plain stdin text."),
    (RSS.encode(), None, "Xi Jinping arrived in Moscow."),
    (gzip.compress(b'{"text": "Gzipped stdin."}\n'), None, "Gzipped stdin."),
    (b"text\nA CSV row.\n", "csv", "A CSV row."),
])
def test_stdin(data: bytes, fmt: str | None, expected: str) -> None:
    docs, report = read("-", stdin=io.BytesIO(data), stdin_format=fmt)
    assert docs[0].text == expected
    assert docs[0].metadata["input"] == "<stdin>"
    assert report.ok


def test_unknown_stdin_format_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not one of"):
        read("-", stdin=io.BytesIO(b"x"), stdin_format="docx")


def test_format_of() -> None:
    assert format_of(Path("a.JSONL.gz")) == "jsonl"
    assert format_of(Path("a.tsv")) == "tsv"
    assert format_of(Path("feed.xml")) == "feed"
    assert format_of(Path("a.docx")) is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("2025-05-07", dt.date(2025, 5, 7)),
    ("2025-05-07T23:10:00Z", dt.date(2025, 5, 7)),
    ("2025-05-07 10:00:00+02:00", dt.date(2025, 5, 7)),
    ("Wed, 07 May 2025 09:30:00 GMT", dt.date(2025, 5, 7)),
    (1746576000, dt.date(2025, 5, 7)),
    ("May the 7th", None),
    ("", None),
    (True, None),
])
def test_parse_date(raw: object, expected: dt.date | None) -> None:
    assert parse_date(raw) == expected


# -- bad input -----------------------------------------------------------------------------


def test_missing_path() -> None:
    docs, report = read("/nonexistent/input.txt")
    assert docs == []
    assert problems(report) == ["/nonexistent/input.txt: error: no such file or directory"]
    assert not report.ok


def test_unreadable_directory_entry_does_not_stop_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Good one.")
    (tmp_path / "b.txt").symlink_to(tmp_path / "missing-target.txt")
    (tmp_path / "c.txt").write_text("Good two.")
    docs, report = read(tmp_path)
    assert [d.text for d in docs] == ["Good one.", "Good two."]
    assert len(report.errors) == 1 and "b.txt: error: cannot open" in str(report.errors[0])


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(b"GIF89a\x00\x01\x02" + bytes(range(256)))
    _, report = read(path)
    assert problems(report) == [f"{path}: error: binary file (NUL bytes); give text, HTML, "
                                "JSON lines, CSV or RSS"]


@pytest.mark.parametrize("content", [b"", b"   \n\t\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    docs, report = read(path)
    assert docs == [] and problems(report) == [f"{path}: error: empty file; nothing to ingest"]


def test_huge_file_and_huge_record(tmp_path: Path) -> None:
    limits = Limits(max_chars=1000)
    big = tmp_path / "big.txt"
    big.write_text("word " * 5000)
    long_text = tmp_path / "long.txt"
    long_text.write_text("x" * 1500)
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({"text": "y" * 1001}) + "\n" + json.dumps({"text": "ok"}))
    docs, report = read(big, long_text, records, limits=limits)
    assert [d.text for d in docs] == ["ok"]
    found = problems(report)
    assert "above the limit" not in found[0] and "larger than 8,000 bytes" in found[0]
    assert f"{long_text}: error: text has 1,500 characters, above the limit of 1,000" in found[1]
    assert found[2].startswith(f"{records}:1: error: text has 1,001 characters")


def test_bad_encodings_are_decoded_with_a_warning(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Café in São Paulo.".encode("cp1252"))
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes("Zürich talks ".encode() + b"\xff\xfe broken " + "naïve".encode())
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Kyiv and Moscow.".encode("utf-16"))
    (a, b, c), report = read(latin, mixed, utf16)
    assert a.text == "Café in São Paulo."
    assert b.text.startswith("Zürich talks \ufffd\ufffd broken naïve")
    assert c.text == "Kyiv and Moscow."
    assert problems(report) == [
        f"{latin}: warning: not UTF-8; decoded as Windows-1252",
        f"{mixed}: warning: invalid UTF-8 at byte 14: 2 byte sequence(s) replaced with U+FFFD",
    ]
    assert report.ok


def test_malformed_jsonl_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    lines = [
        json.dumps({"text": "Good first."}),
        '{"text": "unterminated',
        "[1, 2]",
        json.dumps({"title": "no text"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "   "}),
        json.dumps({"text": "Bad date.", "date": "yesterday"}),
        "[" * 100_000,
        json.dumps({"text": "Good last."}),
    ]
    path.write_text("\n".join(lines) + "\n")
    docs, report = read(path)
    assert [d.text for d in docs] == ["Good first.", "Bad date.", "Good last."]
    assert docs[1].published is None
    assert problems(report) == [
        f"{path}:2: error: malformed JSON (Unterminated string starting at; column 10)",
        f"{path}:3: error: expected a JSON object, got list",
        f"{path}:4: error: no text field (looked for text, body, content, article); "
        "name it with --text-field",
        f"{path}:5: error: field 'text' is a int, not a string",
        f"{path}:6: error: empty text; nothing to analyze",
        f"{path}:7: warning: date 'yesterday' is not a date; stored without",
        f"{path}:8: error: JSON nested too deeply",
    ]
    assert report.records == 9 and report.documents == 3


def test_malformed_csv_rows(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"text,date\nGood one.,2025-05-07\ntoo,many,fields\n,2025-05-07\n"
                     b"Bad \xff byte.,\nGood two.,\n")
    docs, report = read(path)
    assert [d.text for d in docs] == ["Good one.", "Bad \ufffd byte.", "Good two."]
    assert problems(report) == [
        f"{path}:3: error: row has 3 fields, the header has 2",
        f"{path}:4: error: empty text; nothing to analyze",
        f"{path}:5: warning: invalid UTF-8 replaced with U+FFFD",
    ]


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "nocol.csv"
    path.write_text("headline,date\nA,2025-01-01\n")
    docs, report = read(path)
    assert docs == []
    assert "CSV header has no text column" in problems(report)[0]


def test_truncated_gzip_keeps_what_it_can(tmp_path: Path) -> None:
    data = gzip.compress(b"".join(json.dumps({"text": f"Doc {i}."}).encode() + b"\n"
                                  for i in range(2000)))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    docs, report = read(path)
    assert 100 < len(docs) < 2000
    assert [d.text for d in docs[:2]] == ["Doc 0.", "Doc 1."]
    kinds = [p.severity for p in report.problems]
    assert "warning" in kinds  # truncated gzip
    assert any("truncated or corrupt" in str(p) for p in report.problems)


def test_corrupt_gzip(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt.gz"
    path.write_bytes(b"\x1f\x8b" + b"\x00garbage" * 10)
    docs, report = read(path)
    assert docs == [] and "not a readable gzip file" in problems(report)[0]


def test_html_without_text_and_feed_without_entries(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><head><title>Only a title</title></head><body></body></html>")
    feed = tmp_path / "broken.rss"
    feed.write_text("<rss><channel><title>Nothing</title></channel>")
    docs, report = read(page, feed)
    assert docs == []
    assert problems(report)[0] == f"{page}: error: no main text found in the HTML page"
    assert problems(report)[1].startswith(f"{feed}: error: no RSS/Atom entries found")


def test_summary_counts(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One.")
    (tmp_path / "b.jsonl").write_text('{"text": "Two."}\nnot json\n')
    _, report = read(tmp_path, tmp_path / "nope.txt")
    assert report.summary() == "3 file(s), 2 document(s) read, 2 error(s), 0 warning(s)"


def test_count_documents_for_the_progress_total(tmp_path: Path) -> None:
    from multipolar.sources import count_documents

    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n')
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(b'{"text": "z"}\n'))
    (tmp_path / "skip.bin").write_bytes(b"\x00")
    assert count_documents([tmp_path]) == 4
    assert count_documents(["-"]) is None  # standard input: unknown
    (tmp_path / "d.csv").write_text("text\nq\n")
    assert count_documents([tmp_path]) is None  # CSV rows are not counted beforehand


def test_language_is_detected_when_read(tmp_path: Path) -> None:
    french = ("Le président a déclaré lundi que la France enverrait des troupes dans la région "
              "pour soutenir le gouvernement.")
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps({"text": french}) + "\n"
                    + json.dumps({"text": "Russian President Vladimir Putin visited Beijing "
                                          "on Monday for talks with Xi Jinping."}) + "\n")
    report = Report()
    docs = list(read_documents([path], report=report))
    assert [d.language for d in docs] == ["fr", "en"]
    assert [p.severity for p in report.problems] == ["warning"]
    assert "looks French" in report.problems[0].message
