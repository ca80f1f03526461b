"""Query results that convert to Arrow, pandas, polars or plain dicts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from multipolar.errors import DependencyMissing

if TYPE_CHECKING:
    import pandas
    import polars


class Frame:
    """A lazy query result (a DuckDB relation): nothing runs until you convert it.

    Conversions go through Arrow, so pandas and polars receive columnar data without a
    row-by-row copy. Each conversion runs the query again; keep the converted object.
    """

    def __init__(self, relation: duckdb.DuckDBPyRelation) -> None:
        self.relation = relation

    @property
    def columns(self) -> list[str]:
        return list(self.relation.columns)

    def to_arrow(self) -> pa.Table:
        return self.relation.to_arrow_table()

    def to_pandas(self) -> pandas.DataFrame:
        try:
            import pandas  # noqa: F401
        except ImportError:
            raise DependencyMissing("to_pandas()", "analysis", "pandas") from None
        return self.to_arrow().to_pandas()

    def to_polars(self) -> polars.DataFrame:
        try:
            import polars
        except ImportError:
            raise DependencyMissing("to_polars()", "analysis", "polars") from None
        frame = polars.from_arrow(self.to_arrow())
        assert isinstance(frame, polars.DataFrame)
        return frame

    def to_dicts(self) -> list[dict[str, Any]]:
        return self.to_arrow().to_pylist()

    def count(self) -> int:
        found = self.relation.aggregate("count(*)").fetchall()
        return int(found[0][0]) if found else 0

    def __len__(self) -> int:
        return self.count()

    def __repr__(self) -> str:
        return f"<Frame columns={self.columns}>"
