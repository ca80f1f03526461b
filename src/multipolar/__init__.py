"""multipolar: political event data from news text, offline.

    >>> import multipolar
    >>> result = multipolar.analyze(text, published="2025-05-07")
    >>> result.events[0].code
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from multipolar.analyzer import Analyzer, DateLike, TextItem
from multipolar.config import Settings
from multipolar.errors import MultipolarError
from multipolar.model import (
    Actor,
    Amount,
    AnalysisResult,
    DateMention,
    Document,
    Event,
    Modality,
    Place,
    Quotation,
)
from multipolar.store import open_store
from multipolar.version import __version__ as __version__

__all__ = [
    "Actor",
    "Amount",
    "AnalysisResult",
    "Analyzer",
    "DateMention",
    "Document",
    "Event",
    "Modality",
    "MultipolarError",
    "Place",
    "Quotation",
    "Settings",
    "analyze",
    "open_store",
    "pipe",
]


@functools.cache
def _default_analyzer() -> Analyzer:
    return Analyzer()


def analyze(text: str | Document, *, published: DateLike = None) -> AnalysisResult:
    """Analyze one text with the default analyzer (model loaded on first call)."""
    return _default_analyzer().analyze(text, published=published)


def pipe(texts: Iterable[TextItem], *, batch_size: int | None = None) -> Iterator[AnalysisResult]:
    """Analyze many texts (strings or `(text, published)` pairs), batched through spaCy."""
    return _default_analyzer().pipe(texts, batch_size=batch_size)
