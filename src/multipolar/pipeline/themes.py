"""Themes: the topical PLOVER contexts and finer economic themes, per sentence and per document.

The taxonomy and its trigger words live in `themes.tsv` (theme, parent, triggers). A sentence
gets a theme when one of its words (by form, or by lemma for nouns and verbs) or phrases is a
trigger; the record keeps the triggering words. A fine theme ("tariffs") also gives its parents
("trade", "economic"), with the same triggers. The document-level record (sentence=None) sums
the sentences: its score is the number of sentences with the theme, and a theme must be found in
at least `min_sentences` sentences (default 1) or make up `min_share` of them.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, LOWER, POS
from spacy.tokens import Doc

from multipolar.config import Settings
from multipolar.errors import LexiconError
from multipolar.lexicon.tsv import read_package_tsv
from multipolar.model import Theme
from multipolar.pipeline.base import Parsed, Stage

__all__ = ["ThemeStage", "ThemeTaxonomy", "taxonomy"]

_LEMMA_POS = frozenset({"NOUN", "VERB", "PROPN"})


@dataclass(frozen=True, slots=True)
class ThemeTaxonomy:
    """Trigger words and phrases per theme, and each theme's parent."""

    parents: dict[str, str | None]
    words: dict[str, frozenset[str]]  # single word → themes
    phrases: dict[tuple[str, ...], frozenset[str]]  # phrase (lower-case words) → themes
    longest: int
    firsts: frozenset[str] = frozenset()  # first words of the phrases (set from `phrases`)

    def __post_init__(self) -> None:
        object.__setattr__(self, "firsts", frozenset(p[0] for p in self.phrases if p))

    def ancestors(self, theme: str) -> list[str]:
        chain: list[str] = []
        parent = self.parents.get(theme)
        while parent is not None and parent not in chain:
            chain.append(parent)
            parent = self.parents.get(parent)
        return chain

    def find(self, words: list[str], lemmas: list[str | None]) -> dict[str, list[str]]:
        """Themes → triggering words found in one sentence (words lower case)."""
        found: dict[str, list[str]] = defaultdict(list)
        i = 0
        while i < len(words):
            matched = 0
            # a phrase can start here only with one of the phrases' first words
            may_start = words[i] in self.firsts or lemmas[i] in self.firsts
            for n in range(min(self.longest, len(words) - i) if may_start else 1, 1, -1):
                key = tuple(words[i:i + n])
                themes = self.phrases.get(key)
                if themes is None and all(lemmas[i:i + n]):
                    themes = self.phrases.get(tuple(m or "" for m in lemmas[i:i + n]))
                if themes:
                    self._add(found, themes, " ".join(key))
                    matched = n
                    break
            if not matched:
                themes = self.words.get(words[i])
                lemma = lemmas[i]
                if themes is None and lemma is not None:
                    themes = self.words.get(lemma)
                if themes:
                    self._add(found, themes, words[i])
                matched = 1
            i += matched
        return found

    def _add(self, found: dict[str, list[str]], themes: Iterable[str], trigger: str) -> None:
        for theme in themes:
            for name in (theme, *self.ancestors(theme)):
                if trigger not in found[name]:
                    found[name].append(trigger)


@functools.lru_cache(maxsize=4)
def taxonomy(directories: tuple[Path, ...] = ()) -> ThemeTaxonomy:
    """The theme taxonomy of themes.tsv (bundled, or replaced by a `multipolar:DIR`)."""
    parents: dict[str, str | None] = {}
    words: dict[str, set[str]] = defaultdict(set)
    phrases: dict[tuple[str, ...], set[str]] = defaultdict(set)
    rows = list(read_package_tsv("themes.tsv", ("theme", "parent", "triggers"), directories))
    for line_no, row in rows:
        name = row["theme"]
        if not name or name in parents:
            raise LexiconError("themes.tsv", line_no, f"theme {name!r} is empty or repeated")
        parents[name] = row["parent"] or None
        triggers = [t.strip().lower() for t in row["triggers"].split("|") if t.strip()]
        if not triggers:
            raise LexiconError("themes.tsv", line_no, f"theme {name!r} has no trigger words")
        for trigger in triggers:
            parts = tuple(trigger.split())
            if len(parts) == 1:
                words[parts[0]].add(name)
            else:
                phrases[parts].add(name)
    for line_no, row in rows:
        if row["parent"] and row["parent"] not in parents:
            raise LexiconError("themes.tsv", line_no,
                               f"parent {row['parent']!r} is not a theme of the file")
    return ThemeTaxonomy(
        parents=parents,
        words={w: frozenset(t) for w, t in words.items()},
        phrases={p: frozenset(t) for p, t in phrases.items()},
        longest=max((len(p) for p in phrases), default=1),
    )


class ThemeStage(Stage):
    """Adds `result.themes`: one record per (sentence, theme), then the document's themes."""

    name = "themes"
    version = "1.0"

    def __init__(self, settings: Settings | None = None, *, min_sentences: int = 1) -> None:
        self.min_sentences = min_sentences
        self._directories = (settings.lexicon_directories("multipolar")
                             if settings is not None else ())

    def __call__(self, item: Parsed) -> Parsed:
        tax = taxonomy(self._directories)
        records: list[Theme] = []
        per_document: dict[str, list[str]] = defaultdict(list)
        sentence_count: dict[str, int] = defaultdict(int)
        for index, words in enumerate(_sentence_words(item.doc)):
            found = tax.find(*words)
            for theme in sorted(found):
                triggers = tuple(found[theme])
                records.append(Theme(name=theme, sentence=index, triggers=triggers,
                                     score=float(len(triggers))))
                sentence_count[theme] += 1
                for trigger in triggers:
                    if trigger not in per_document[theme]:
                        per_document[theme].append(trigger)
        ranked = sorted(sentence_count, key=lambda t: (-sentence_count[t], t))
        for theme in ranked:
            if sentence_count[theme] >= self.min_sentences:
                records.append(Theme(name=theme, sentence=None,
                                     triggers=tuple(per_document[theme]),
                                     score=float(sentence_count[theme])))
        return item.with_result(themes=tuple(records))


def _sentence_words(doc: Doc) -> list[tuple[list[str], list[str | None]]]:
    """Each sentence's lower-case words and, for the parts of speech in `_LEMMA_POS`, their
    lemmas (None for the others), spaces and punctuation left out, read from the document's
    attribute arrays in one pass."""
    rows = doc.to_array([IS_SPACE, IS_PUNCT, LOWER, LEMMA, POS]).tolist()
    strings = doc.vocab.strings
    lemma_pos = {strings[name]: name for name in _LEMMA_POS}  # POS id → name
    out = []
    for sent in doc.sents:
        words: list[str] = []
        lemmas: list[str | None] = []
        for space, punct, lower, lemma, pos in rows[sent.start:sent.end]:
            if space or punct:
                continue
            words.append(strings[lower])
            lemmas.append(strings[lemma].lower() if pos in lemma_pos else None)
        out.append((words, lemmas))
    return out
