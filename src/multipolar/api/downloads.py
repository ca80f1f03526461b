"""One table, three formats: the rows a view returns as JSON, also as CSV and Parquet.

Every tabular endpoint takes `format=json|csv|parquet`; CSV and Parquet hold exactly the rows
(and columns) of the JSON, so a download is the table on the screen. Nested values (lists,
objects) become JSON text in CSV cells; dates stay dates in Parquet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq
from fastapi.responses import Response

Format = Literal["json", "csv", "parquet"]
MEDIA = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet"}


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def columns_of(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None
               ) -> list[str]:
    if columns is not None:
        return list(columns)
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> bytes:
    names = columns_of(rows, columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row.get(n)) for n in names])
    return out.getvalue().encode("utf-8")


def to_parquet(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> bytes:
    names = columns_of(rows, columns)
    data = {n: [_plain(row.get(n)) for row in rows] for n in names}
    table = pa.table(data) if rows else pa.table({n: pa.array([], pa.string()) for n in names})
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def table_response(rows: Sequence[dict[str, Any]], fmt: str, name: str,
                   columns: Sequence[str] | None = None) -> Response:
    """The rows as a CSV or Parquet attachment named `name`.csv / `name`.parquet."""
    body = to_csv(rows, columns) if fmt == "csv" else to_parquet(rows, columns)
    return Response(body, media_type=MEDIA[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"'})
