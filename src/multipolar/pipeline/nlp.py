"""The NLP layer: loads a spaCy English model offline and parses batches with `nlp.pipe`."""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from multipolar.config import DEFAULT_MODELS, Settings
from multipolar.errors import ModelNotInstalled

log = logging.getLogger(__name__)


def load_model(settings: Settings) -> Language:
    """Load the configured model, else the first installed of DEFAULT_MODELS.

    Only installed packages or local paths are loaded: spaCy never downloads here.
    """
    candidates = [settings.spacy_model] if settings.spacy_model else list(DEFAULT_MODELS)
    for name in candidates:
        try:
            loaded: Language | None = spacy.load(name)
        except OSError:
            # spaCy raises OSError (E050) when the package or path is missing; a package that
            # is importable but not registered as a spaCy model can still be loaded by import.
            loaded = _load_by_import(name)
        if loaded is None:
            continue
        nlp = loaded
        log.info("loaded spaCy model %s (%s)", name, nlp.meta.get("version", "?"))
        if not isinstance(nlp.tokenizer, BoundedTokenizer):
            nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
        return nlp
    raise ModelNotInstalled(candidates)


def _load_by_import(name: str) -> Language | None:
    try:
        module = importlib.import_module(name)
    except ImportError:
        return None
    loader = getattr(module, "load", None)
    return loader() if callable(loader) else None


class BoundedTokenizer:
    """spaCy's tokenizer, with runs of non-space characters cut every `max_run` characters.

    spaCy strips prefixes and suffixes one at a time from each whitespace-delimited chunk, which
    is quadratic in the chunk's length: 5,000 '!' or flag emoji in a row took over 10 seconds,
    so one hostile document could stall a server. Longer runs are tokenized piece by piece and
    the pieces joined (`Doc.from_docs`), so the Doc's text and every character offset are
    unchanged; only a token longer than `max_run` is split.
    """

    def __init__(self, tokenizer: Callable[[str], Doc], *, max_run: int = 256) -> None:
        self.tokenizer = tokenizer
        self.max_run = max_run
        self._long_run = re.compile(r"\S{" + str(max_run + 1) + ",}")

    def __call__(self, text: str) -> Doc:
        if self._long_run.search(text) is None:
            return self.tokenizer(text)
        pieces: list[str] = []
        last = 0
        for match in self._long_run.finditer(text):
            for cut in range(match.start() + self.max_run, match.end(), self.max_run):
                pieces.append(text[last:cut])
                last = cut
        pieces.append(text[last:])
        return Doc.from_docs([self.tokenizer(p) for p in pieces if p], ensure_whitespace=False)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)  # vocab, special cases, to_disk…


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int) -> Iterator[Doc]:
    """Parse texts in batches; yields one Doc per text, in order."""
    yield from nlp.pipe(texts, batch_size=batch_size)
