"""The CLI edge: one-line errors and non-zero exits, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "multipolar", *args], input=stdin, capture_output=True,
        timeout=300, check=False,
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode,
                                       proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace"))


def assert_clean_error(proc: subprocess.CompletedProcess[str], message: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ") and message in lines[0]


def test_missing_file(tmp_path: Path) -> None:
    assert_clean_error(run("analyze", str(tmp_path / "missing.txt")), "no such file")


def test_directory(tmp_path: Path) -> None:
    assert_clean_error(run("analyze", str(tmp_path)), "is a directory")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    assert_clean_error(run("analyze", str(path)), "binary")


def test_bad_published_date(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Text.")
    assert_clean_error(run("analyze", str(path), "--published", "May 7"), "not YYYY-MM-DD")


@pytest.mark.slow
def test_empty_text_is_valid_and_invalid_utf8_warns(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    proc = run("analyze", str(empty), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["events"] == []

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Putin visited Beijing \xff\xfe on Monday.")
    proc = run("analyze", str(bad), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert "warning: " in proc.stderr and "2 invalid UTF-8 byte(s)" in proc.stderr


@pytest.mark.slow
def test_jsonl_reports_bad_lines_and_processes_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(
        '{"id": "a", "text": "Russian President Vladimir Putin visited Beijing.",'
        ' "published": "2024-05-16"}\n'
        "{not json\n"
        '{"id": "c", "text": 42}\n'
        '{"id": "d", "body": "Chinese President Xi Jinping praised Russia.",'
        ' "published": "last spring"}\n',
        encoding="utf-8",
    )
    proc = run("analyze", str(path), "--input-format", "jsonl")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    # the reader `multipolar ingest` uses: same messages, same fields ("body"), and a bad
    # date is a warning (the text is still analyzed), as in ingest
    assert f"{path}:2: error: malformed JSON" in proc.stderr
    assert f"{path}:3: error: field 'text' is a int, not a string" in proc.stderr
    assert f"{path}:4: warning: published 'last spring' is not a date" in proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", "d"]
    assert set(records[0]) == {"id", "events", "actors", "amounts", "quotations", "places",
                               "dates", "themes", "tone"}
