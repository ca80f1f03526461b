"""`multipolar ingest / events / stats / show / export` end to end.

Ingestion and error exits run in a subprocess (the real entry point); queries run in-process
through typer's test runner to keep the suite fast.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multipolar.cli import _register_all, app

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "src" / "multipolar" / "examples" / "xi-moscow-state-visit.txt"


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None
        ) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "multipolar", *args], input=stdin,
                          capture_output=True, timeout=600, check=False, cwd=cwd)
    return subprocess.CompletedProcess(proc.args, proc.returncode,
                                       proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace"))


class Result:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def cli(*args: str) -> Result:
    """Run a command in this process (no model is loaded by the query commands)."""
    _register_all()
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def assert_clean_error(proc: subprocess.CompletedProcess[str], message: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ") and message in lines[0], lines[0]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    (root / "news").mkdir()
    seed = SEED.read_text(encoding="utf-8")
    (root / "news" / "xi.jsonl").write_text(
        json.dumps({"id": "seed", "text": seed, "date": "2025-05-07", "source": "Wire",
                    "url": "https://wire.example/xi"}) + "\n"
        + "{not json\n"
        + json.dumps({"text": "Russia criticised NATO on Monday.", "date": "2025-05-05",
                      "source": "Daily"}) + "\n", encoding="utf-8")
    (root / "news" / "z-copy.txt.gz").write_bytes(gzip.compress(seed.encode()))  # read last
    (root / "news" / "empty.txt").write_text("")
    (root / "news" / "blob.txt").write_bytes(b"\x00\x01\x02")
    return root


@pytest.fixture(scope="module")
def db(corpus: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    path = corpus / "store.duckdb"
    proc = run("ingest", str(corpus / "news"), "--db", str(path), "--batch-size", "2")
    return path, proc


def test_ingest_reports_bad_input_and_stores_the_rest(corpus: Path, db) -> None:  # type: ignore[no-untyped-def]
    path, proc = db
    assert proc.returncode == 4, proc.stderr  # some input failed
    assert "Traceback" not in proc.stderr
    err = proc.stderr
    assert f"{corpus / 'news' / 'xi.jsonl'}:2: error: malformed JSON" in err
    assert f"{corpus / 'news' / 'empty.txt'}: error: empty file" in err
    assert f"{corpus / 'news' / 'blob.txt'}: error: binary file" in err
    assert "stored 2 new documents, 1 new copy of stored texts, skipped 0 already stored" in err
    assert " new events; " in err and "event(s)" not in err
    assert path.exists()


def test_reingest_is_idempotent(corpus: Path, db) -> None:  # type: ignore[no-untyped-def]
    path, _ = db
    before = json.loads(cli("stats", "--db", str(path), "--json").stdout)
    again = run("ingest", str(corpus / "news" / "xi.jsonl"), "--db", str(path), "--json")
    summary = json.loads(again.stdout)
    assert (summary["stored"], summary["copies"], summary["skipped"]) == (0, 0, 2)
    assert summary["ok"] is False and summary["problems"][0]["line"] == 2
    assert json.loads(cli("stats", "--db", str(path), "--json").stdout) == before


def test_stats(db) -> None:  # type: ignore[no-untyped-def]
    path, _ = db
    stats = json.loads(cli("stats", "--db", str(path), "--json").stdout)
    assert stats["documents"] == 2 and stats["articles"] == 3
    assert stats["sources"] == 3  # Wire, Daily, and the copy with neither source nor URL
    assert stats["events"] > 0 and stats["mentions"] >= stats["events"]
    assert stats["published"] == {"min": "2025-05-05", "max": "2025-05-07"}
    text = cli("stats", "--db", str(path))
    assert text.returncode == 0 and "documents   2 in 2 stories" in text.stdout


def test_events_filters_and_json(db) -> None:  # type: ignore[no-untyped-def]
    path, _ = db
    proc = cli("events", "--db", str(path), "--dyad", "CHN:RUS", "--directed", "--code", "04",
               "--json")
    events = json.loads(proc.stdout)
    assert events, proc.stderr
    assert all(e["actor1"].startswith("CHN") and e["actor2"].startswith("RUS")
               and e["code"].startswith("04") for e in events)
    assert any(e["code"] == "042" and e["date"] == "2025-05-07" for e in events)
    assert json.loads(cli("events", "--db", str(path), "--since", "2026-01-01",
                          "--json").stdout) == []
    limited = json.loads(cli("events", "--db", str(path), "--limit", "1", "--json").stdout)
    assert len(limited) == 1
    table = cli("events", "--db", str(path), "--actor", "CHN")
    assert table.returncode == 0 and "CHNGOV" in table.stdout
    assert "China" in table.stdout  # names beside the codes
    # one dyad rule: A:B is both directions unless --directed
    both = json.loads(cli("events", "--db", str(path), "--dyad", "RUS:CHN", "--json").stdout)
    assert {e["id"] for e in events} <= {e["id"] for e in both}


def test_documents_and_review_commands(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, _ = db
    listed = json.loads(cli("documents", "--db", str(path), "--json").stdout)
    assert listed["total"] == 2 and {d["language"] for d in listed["documents"]} == {"en"}
    table = cli("documents", "--db", str(path))
    assert table.returncode == 0 and "2 documents of 2" in table.stdout
    copy = tmp_path / "review.duckdb"
    copy.write_bytes(path.read_bytes())
    event = json.loads(cli("events", "--db", str(copy), "--code", "042", "--json").stdout)[0]
    marked = cli("review", "mark", event["id"][:8], "--not-event", "--by", "tester",
                 "--why", "test", "--db", str(copy), "--json")
    assert marked.returncode == 0, marked.stderr
    assert json.loads(marked.stdout)["event_id"] == event["id"]
    assert json.loads(cli("events", "--db", str(copy), "--code", "042", "--json").stdout) == []
    assert "tester" in cli("review", "list", "--db", str(copy)).stdout
    gold = tmp_path / "gold.jsonl"
    assert cli("review", "export", str(gold), "--db", str(copy)).returncode == 0
    assert json.loads(gold.read_text().splitlines()[0])["text"] == event["evidence"]


def test_show_document(db) -> None:  # type: ignore[no-untyped-def]
    path, _ = db
    events = json.loads(cli("events", "--db", str(path), "--code", "042", "--json").stdout)
    doc_id = events[0]["first_doc_id"]
    shown = json.loads(cli("show", doc_id[:10], "--db", str(path), "--json").stdout)
    assert shown["document"]["id"] == doc_id
    assert shown["document"]["url"] == "https://wire.example/xi"
    assert shown["events"] and shown["amounts"] and shown["quotations"]
    text = cli("show", doc_id, "--db", str(path))
    assert text.returncode == 0 and "events (" in text.stdout and "amounts:" in text.stdout


def test_exports(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, _ = db
    for fmt, name in (("gdelt", "e.tsv"), ("plover", "e.jsonl"), ("csv", "e.csv"),
                      ("parquet", "e.parquet")):
        out = tmp_path / name
        proc = cli("export", "--format", fmt, "--out", str(out), "--db", str(path))
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr.startswith("wrote ") and out.exists()
    lines = (tmp_path / "e.tsv").read_text().splitlines()
    assert lines and all(len(line.split("\t")) == 61 for line in lines)
    from multipolar.errors import StoreError

    with pytest.raises(StoreError, match="exists"):
        cli("export", "--format", "csv", "--out", str(tmp_path / "e.csv"), "--db", str(path))


def test_ingest_from_stdin_into_the_default_db(tmp_path: Path) -> None:
    data = (json.dumps({"body": "Iran condemned Israel on Friday.", "when": "2025-06-13"})
            + "\n" + json.dumps({"body": "Undated: Israel criticised Iran."}) + "\n").encode()
    proc = run("ingest", "-", "--text-field", "body", "--date-field", "when", "--json",
               "--published", "2025-01-02", stdin=data, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["stored"] == 2
    path = tmp_path / "multipolar.duckdb"  # the default store, in the current directory
    stats = json.loads(cli("stats", "--db", str(path), "--json").stdout)
    assert stats["published"] == {"min": "2025-01-02", "max": "2025-06-13"}


@pytest.mark.slow
def test_ingest_with_workers(tmp_path: Path) -> None:
    source = tmp_path / "two.jsonl"
    source.write_text(json.dumps({"text": "Russia criticised Ukraine on Monday."}) + "\n"
                      + json.dumps({"text": "China praised Pakistan on Tuesday."}) + "\n")
    proc = run("ingest", str(source), "--db", str(tmp_path / "w.duckdb"), "--workers", "2",
               "--batch-size", "1", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["stored"] == 2


@pytest.mark.parametrize(("args", "message"), [
    (("events", "--db", "{missing}"), "no store at"),
    (("events", "--db", "{db}", "--since", "May 2025"), "not YYYY-MM-DD"),
    (("show", "0000000000000000", "--db", "{db}"), "no document"),
    (("stats", "--db", "{text}"), "cannot open the store"),
])
def test_clean_errors(db, tmp_path: Path, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    path, _ = db
    not_db = tmp_path / "notes.txt"
    not_db.write_text("not a database " * 200)
    values = {"missing": str(tmp_path / "missing.duckdb"), "db": str(path), "tmp": str(tmp_path),
              "text": str(not_db)}
    assert_clean_error(run(*(a.format(**values) for a in args)), message)


@pytest.mark.parametrize(("args", "message"), [
    (("events", "--dyad", "CHN"), "A:B"),
    (("events", "--code", "x1"), "digits"),
    (("export", "--format", "gdelt", "--out", "{tmp}/no/such/dir/x.tsv"), "does not exist"),
])
def test_store_errors_in_process(db, tmp_path: Path, args: tuple[str, ...],  # type: ignore[no-untyped-def]
                                 message: str) -> None:
    from multipolar.errors import StoreError

    path, _ = db
    with pytest.raises(StoreError, match=message):
        cli(*(a.format(tmp=tmp_path) for a in args), "--db", str(path))
