"""A store written by schema version 2 (before reviews and historical flags) is upgraded in
place when opened for writing, and refused read-only with a message saying how to upgrade."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from store_factories import visit_result

from multipolar.errors import StoreError
from multipolar.store import open_store, schema

NEW_COLUMNS = {"mentions": ("historical",), "events": ("historical", "reviewed")}


def write_version_2(path: Path, source: Path) -> None:
    """The tables of `source` (a version 3 store) in the version 2 layout."""
    con = duckdb.connect(str(path))
    con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
    for name, body in schema.TABLES.items():
        if name == "reviews":
            continue
        lines = [line for line in body.strip().splitlines()
                 if line.strip().split(" ")[0] not in NEW_COLUMNS.get(name, ())]
        ddl = "\n".join(lines).rstrip().rstrip(",")
        con.execute(f"CREATE TABLE {name} ({ddl})")
        dropped = NEW_COLUMNS.get(name)
        select = f"* EXCLUDE ({', '.join(dropped)})" if dropped else "*"
        con.execute(f"INSERT INTO {name} SELECT {select} FROM src.{name}")
    con.execute("UPDATE store_meta SET value = '2' WHERE key = 'schema_version'")
    con.execute("DETACH src")
    con.close()


def test_version_2_store_is_upgraded_in_place(tmp_path: Path) -> None:
    current = tmp_path / "v3.duckdb"
    with open_store(current) as store:
        store.add([visit_result()])
        store.con.execute("UPDATE mentions SET date = DATE '1967-06-05' WHERE code = '051'")
    old = tmp_path / "v2.duckdb"
    write_version_2(old, current)
    with pytest.raises(StoreError, match=r"schema version 2.*open it once for writing"):
        open_store(old, read_only=True)
    with open_store(old) as store:
        flags = dict(store.con.execute("SELECT code, historical FROM mentions").fetchall())
        assert flags == {"042": False, "051": True}
        assert store.con.execute("SELECT bool_or(reviewed) FROM events").fetchall() == [(False,)]
        praise = next(e["id"] for e in store.events().to_dicts() if e["code"] == "051")
        store.review(praise, "not_event", reviewer="alice")
        assert store.events().count() == 1
    with open_store(old, read_only=True) as store:  # now version 3
        assert store.events().count() == 1
