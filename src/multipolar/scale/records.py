"""AnalysisResult <-> one flat row (scalar columns plus the full result as JSON), losslessly.

The Ray engine moves results between processes and machines as Parquet rows: a few columns any
warehouse can filter on (document id, dates, counts) and `result`, the whole AnalysisResult as
JSON. `result_from_json(result_to_json(r)) == r` for every result: the decoder rebuilds each
dataclass from the type hints of `multipolar.model`, so a field added there travels too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import json
import types
import typing
from collections.abc import Mapping
from typing import Any

from multipolar import model
from multipolar.model import AnalysisResult

__all__ = ["ROW_COLUMNS", "decode", "encode", "result_from_json", "result_row",
           "result_to_json"]

# The columns of a result row, in order (see `result_row`).
ROW_COLUMNS = ("seq", "id", "published", "title", "url", "source", "n_chars", "n_sentences",
               "n_actors", "n_events", "error", "result")


def encode(value: Any) -> Any:
    """Dataclasses (every field), enums, dates, tuples and mappings to JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    return value


def decode(kind: Any, data: Any) -> Any:
    """The inverse of `encode` for a value of type `kind` (a type hint)."""
    if data is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        if len(options) != 1:
            raise TypeError(f"cannot decode a value of type {kind}")
        return decode(options[0], data)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], item) for item in data)
        return tuple(decode(a, item) for a, item in zip(args, data, strict=True))
    if origin in (dict, Mapping):
        _, value_kind = typing.get_args(kind)
        return {str(k): decode(value_kind, v) for k, v in data.items()}
    if isinstance(kind, type):
        if dataclasses.is_dataclass(kind):
            hints = _hints(kind)
            return kind(**{name: decode(hints[name], data[name]) for name in hints
                           if name in data})
        if issubclass(kind, enum.Enum):
            return kind(data)
        if kind is dt.date:
            return dt.date.fromisoformat(data)
        if kind is float:
            return float(data)
    return data


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    hints = typing.get_type_hints(cls, vars(model))
    return {k: v for k, v in hints.items() if k in names}


def result_to_json(result: AnalysisResult) -> str:
    return json.dumps(encode(result), ensure_ascii=False, separators=(",", ":"))


def result_from_json(text: str) -> AnalysisResult:
    result = decode(AnalysisResult, json.loads(text))
    assert isinstance(result, AnalysisResult)
    return result


def result_row(seq: int, document: model.Document, result: AnalysisResult | None,
               error: str | None = None) -> dict[str, Any]:
    """One output row: `result` is None (and `error` set) when the analysis failed."""
    return {
        "seq": seq,
        "id": document.id,
        "published": document.published,
        "title": document.title,
        "url": document.url,
        "source": document.source,
        "n_chars": len(document.text),
        "n_sentences": len(result.sentences) if result else None,
        "n_actors": len(result.actors) if result else None,
        "n_events": len(result.events) if result else None,
        "error": error,
        "result": result_to_json(result) if result else None,
    }
