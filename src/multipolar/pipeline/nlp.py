"""The NLP layer: loads a spaCy English model offline and parses batches with `nlp.pipe`."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable, Iterator

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
            nlp = spacy.load(name)
        except OSError:
            # spaCy raises OSError (E050) when the package or path is missing; a package that
            # is importable but not registered as a spaCy model can still be loaded by import.
            nlp = _load_by_import(name)
            if nlp is None:
                continue
        log.info("loaded spaCy model %s (%s)", name, nlp.meta.get("version", "?"))
        return nlp
    raise ModelNotInstalled(candidates)


def _load_by_import(name: str) -> Language | None:
    try:
        module = importlib.import_module(name)
    except ImportError:
        return None
    loader = getattr(module, "load", None)
    return loader() if callable(loader) else None


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int) -> Iterator[Doc]:
    """Parse texts in batches; yields one Doc per text, in order."""
    yield from nlp.pipe(texts, batch_size=batch_size)
