"""A store's contents as plain rows, to compare two stores (importable from any test folder:
tests/ is on the path)."""

from __future__ import annotations

from multipolar.store import Store
from multipolar.store.schema import TABLES


def snapshot(store: Store, *, skip: tuple[str, ...] = ("added_at",)) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """Every table's rows, sorted, without the ingestion-time columns."""
    out = {}
    for table in TABLES:
        columns = [c for c in store.table(table).columns if c not in skip]
        listed = ", ".join(f'"{c}"' for c in columns)
        out[table] = sorted(store.con.execute(f"SELECT {listed} FROM {table}").fetchall(),
                            key=repr)
    return out
