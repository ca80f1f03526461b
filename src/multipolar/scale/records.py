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
from collections.abc import Callable, Mapping
from typing import Any

from multipolar import model
from multipolar.model import AnalysisResult

__all__ = ["ROW_COLUMNS", "decode", "encode", "result_from_json", "result_row",
           "result_to_json"]

# The columns of a result row, in order (see `result_row`).
ROW_COLUMNS = ("seq", "id", "published", "title", "url", "source", "n_chars", "n_sentences",
               "n_actors", "n_events", "error", "result")


_SCALARS = frozenset({str, int, float, bool, type(None)})


def encode(value: Any) -> Any:
    """Dataclasses (every field), enums, dates, tuples and mappings to JSON-ready values."""
    kind: Any = type(value)
    if kind in _SCALARS:
        return value
    names = _field_names(kind)
    if names is not None:
        return {name: encode(getattr(value, name)) for name in names}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    return value


@functools.cache
def _field_names(kind: Any) -> tuple[str, ...] | None:
    """The field names of a dataclass type, None for any other type."""
    if dataclasses.is_dataclass(kind):
        return tuple(f.name for f in dataclasses.fields(kind))
    return None


def decode(kind: Any, data: Any) -> Any:
    """The inverse of `encode` for a value of type `kind` (a type hint)."""
    return _decoder(kind)(data)


Decoder = Callable[[Any], Any]


@functools.cache
def _decoder(kind: Any) -> Decoder:
    """A function decoding values of type `kind`, built once per type from its hints."""
    inner = _build(kind)

    def decoder(data: Any) -> Any:
        return None if data is None else inner(data)

    return decoder


def _build(kind: Any) -> Decoder:
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        if len(options) != 1:
            raise TypeError(f"cannot decode a value of type {kind}")
        return _decoder(options[0])
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda data: tuple(item(x) for x in data)
        items = [_decoder(a) for a in args]
        return lambda data: tuple(f(x) for f, x in zip(items, data, strict=True))
    if origin in (dict, Mapping):
        value = _decoder(typing.get_args(kind)[1])
        return lambda data: {str(k): value(v) for k, v in data.items()}
    if isinstance(kind, type):
        if dataclasses.is_dataclass(kind):
            cls = kind

            def instance(data: Any) -> Any:
                # field decoders looked up when first used: a type may refer to itself
                return cls(**{name: f(data[name]) for name, f in _field_decoders(cls)
                              if name in data})

            return instance
        if issubclass(kind, enum.Enum):
            return kind
        if kind is dt.date:
            return dt.date.fromisoformat
        if kind is float:
            return float
    return _identity


def _identity(data: Any) -> Any:
    return data


@functools.cache
def _field_decoders(cls: type) -> tuple[tuple[str, Decoder], ...]:
    names = {f.name for f in dataclasses.fields(cls)}
    hints = typing.get_type_hints(cls, vars(model))
    return tuple((name, _decoder(hint)) for name, hint in hints.items() if name in names)


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
