"""Quotations: direct quotes and scare-quoted phrases, with speaker, actor code and speech verb.

The stage works in three steps, all on the spaCy parse (no extra model):

1. `find_quote_spans` pairs quotation marks in the raw text: curly and straight double quotes,
   single quotes outside double ones, and unbalanced quotes. Newswire copy leaves a quote open at
   the end of a paragraph that the next paragraph continues with a new opening mark; a new opening
   mark while a quote is open therefore closes the open one, and a quote still open at the end of
   a paragraph (newline) or of the text ends there.
2. Each span becomes a `Quotation` of kind "speech" (a full quotation: a clause with its own
   subject, several sentences, or either half of a sentence split by its attribution) or
   "phrase" (words woven into the reporter's sentence: scare quotes such as “main guest” or
   “hegemonism”, partial quotes, titles and slogans).
3. The speaker is found, in order: the nearest reporting verb above the quote in the dependency
   tree ("X said …", "said X", "described … as “…”", "referred to by X as “…”"), a reporting verb
   in the quote's sentence or next to it (speech only), "according to X", "X: “…”", and for
   speech that directly continues a previous quote, the previous speaker. "he"/"she" resolve to
   a person named in the four sentences before (sources, then subjects), else to the last person
   quoted; "they" to the nearest plural subject; short names to the document's full name
   ("Putin" → "Vladimir Putin"). The actor code comes from the actor stage's records (see
   `_Attribution._code`): a full code of the name, of the title in apposition to it ("the
   German defence minister, Ursula von der Leyen") or of what the speaker speaks "for" ("a
   spokesperson for the Foreign Office"); else a country of the title with a sector of the name
   or title ("General X, the chairman of the US joint chiefs" → USAMIL); else a bare country;
   else, for a specific office with no country ("the justice minister"), the state whose
   officials the nearby sentences name most. Work per document is linear in its length (no
   per-quote scans of the document).

Reporting verbs are data: `lexicon/data/speech_verbs.tsv`.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.attrs import DEP
from spacy.tokens import Doc, Span, Token

from multipolar.config import Settings
from multipolar.errors import LexiconError
from multipolar.lexicon.actors import actor_words, state_codes
from multipolar.lexicon.tsv import read_package_tsv
from multipolar.model import Actor, Quotation, Resolution
from multipolar.pipeline.base import Parsed, Stage, doc_text

__all__ = ["QuotationStage", "QuoteSpan", "find_quote_spans", "speech_verbs"]

_VERB_FILE = "speech_verbs.tsv"
_FRAMES = frozenset({"say", "name"})

_DOUBLE_OPEN = frozenset("“„‟«")
_DOUBLE_CLOSE = frozenset("”»")
_STRAIGHT_DOUBLE = '"'
_SINGLE_OPEN = frozenset("‘'")
_SINGLE_CLOSE = frozenset("’'")


def _marks(*chars: Iterable[str]) -> re.Pattern[str]:
    """One character of `chars`: the text is searched for its marks, not read char by char."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted({c for g in chars for c in g}))
                      + "]")


_DOUBLE_MARK = _marks(_DOUBLE_OPEN, _DOUBLE_CLOSE, _STRAIGHT_DOUBLE)
_SINGLE_OPEN_MARK = _marks(_SINGLE_OPEN)
_SINGLE_CLOSE_MARK = _marks(_SINGLE_CLOSE)
_NEWLINE = re.compile("\n")
_MAX_UNBALANCED = 1500  # characters an unclosed quote may run before it is cut at a sentence end
_MAX_SINGLE = 400  # single quotes are only paired over this many characters (apostrophes abound)
_TRIM = " \t\r\n,;:"

_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_SUBJECT_DEPS = frozenset({"nsubj"})
_CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep", "ccomp", "acl"})
_MAX_ATTRIBUTION_WORDS = 6  # "…,” said the foreign minister, Sergei Lavrov. “…”
_MAX_SPLIT_WORDS = 12  # “…,” he said, referring to two towns in southern Syria, “…”
_CLAUSE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
_SENTENCE_BREAK = re.compile(r"[.!?…]\s+[A-Z“‘\"']")
_ANTECEDENT_SENTENCES = 4
_FOLLOWING_TOKENS = 25
_TITLE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "det"})
_PLACE_RESOLUTIONS = frozenset({Resolution.DICTIONARY, Resolution.METONYM, Resolution.DEMONYM})
_INVERTED_SUBJECT_GAP = 4  # "said the spokesman John Smith speaking …"
_PLACE_ENTS = frozenset({"GPE", "NORP", "LOC", "FAC"})
_ATTACHING_PREPOSITIONS = frozenset({"for", "at", "with", "of"})
_CONTEXT_SENTENCES = 2  # sentences before the speaker's that may give an official's country
_WORDS = actor_words  # state sectors, roles of any body, former, stance prefixes
_OTHER_NAMES = frozenset({"ORG", "FAC", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"})


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quoted stretch of text: `start`/`end` are the quoted text without marks or edge commas."""

    start: int
    end: int
    mark_start: int  # offset of the opening mark
    mark_end: int  # offset just after the closing mark (or `end` when unbalanced)
    balanced: bool


@functools.lru_cache(maxsize=4)
def speech_verbs(directories: tuple[Path, ...] = ()) -> dict[str, str]:
    """Reporting verb lemma → frame ("say" or "name"), from speech_verbs.tsv (bundled, or
    replaced by a `multipolar:DIR`)."""
    verbs: dict[str, str] = {}
    for line_no, row in read_package_tsv(_VERB_FILE, ("lemma", "frame"), directories):
        lemma, frame = row["lemma"].lower(), row["frame"]
        if not lemma or frame not in _FRAMES:
            raise LexiconError(_VERB_FILE, line_no,
                               f"need a lemma and a frame in {sorted(_FRAMES)}, got {row}")
        if lemma in verbs:
            raise LexiconError(_VERB_FILE, line_no, f"duplicate lemma {lemma!r}")
        verbs[lemma] = frame
    return verbs


# ---------------------------------------------------------------------------------------------
# 1. Pairing quotation marks


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Quoted stretches of `text`, in order; never fails on unbalanced or stray marks."""
    spans: list[QuoteSpan] = []
    offset = 0
    for paragraph in text.split("\n"):
        spans.extend(_paragraph_spans(text, offset, offset + len(paragraph)))
        offset += len(paragraph) + 1
    doubles = [(s.mark_start, s.mark_end) for s in spans]
    spans.extend(_single_spans(text, doubles))
    spans.sort(key=lambda s: s.start)
    return spans


def _paragraph_spans(text: str, begin: int, end: int) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for mark in _DOUBLE_MARK.finditer(text, begin, end):
        i = mark.start()
        ch = text[i]
        before = text[i - 1] if i > begin else " "
        after = text[i + 1] if i + 1 < end else " "
        if open_at is None:
            # An opening mark (a closing one used as opener only at a word start).
            starts_word = before.isspace() or before in "([{—–-/" or i == begin
            if (ch in _DOUBLE_OPEN or starts_word) and not after.isspace():
                open_at = i
            continue
        if ch in _DOUBLE_OPEN and not (after.isspace() or i + 1 == end):
            # A new opening mark while one is open: the open quote ran to a paragraph end.
            spans.extend(_make_span(text, open_at, i, balanced=False))
            open_at = i
            continue
        spans.extend(_make_span(text, open_at, i, balanced=True))
        open_at = None
    if open_at is not None:
        spans.extend(_make_span(text, open_at, end, balanced=False))
    return spans


def _make_span(text: str, mark: int, close: int, *, balanced: bool) -> list[QuoteSpan]:
    start, stop = mark + 1, close
    if not balanced and stop - start > _MAX_UNBALANCED:
        cut = max(text.rfind(". ", start, start + _MAX_UNBALANCED),
                  text.rfind("? ", start, start + _MAX_UNBALANCED))
        stop = cut + 1 if cut > start else start + _MAX_UNBALANCED
    while start < stop and text[start] in _TRIM:
        start += 1
    while stop > start and text[stop - 1] in _TRIM:
        stop -= 1
    if not any(c.isalnum() for c in text[start:stop]):
        return []
    mark_end = close + 1 if balanced else stop
    return [QuoteSpan(start, stop, mark, mark_end, balanced)]


def _single_spans(text: str, doubles: Sequence[tuple[int, int]]) -> list[QuoteSpan]:
    """Single-quoted stretches outside double quotes (headline style: 'X', ‘Y’). An opening
    mark starts a word; the closing one ends a word, within `_MAX_SINGLE` characters and the
    same paragraph (so "Russia’s" and "countries’ leaders" are apostrophes)."""
    spans: list[QuoteSpan] = []
    starts = [a for a, _ in doubles]
    n = len(text)
    closers = [j for mark in _SINGLE_CLOSE_MARK.finditer(text) if (j := mark.start()) > 0
               and not text[j - 1].isspace() and not (j + 1 < n and text[j + 1].isalnum())]
    newlines = [mark.start() for mark in _NEWLINE.finditer(text)]

    def inside_double(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and doubles[k][0] <= pos < doubles[k][1]

    after_last = -1
    for mark in _SINGLE_OPEN_MARK.finditer(text):
        i = mark.start()
        if i <= after_last:
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < n else " "
        if not ((before.isspace() or before in "([{—–-:") and after.isalpha()):
            continue
        k = bisect.bisect_right(closers, i)
        if k == len(closers) or closers[k] - i > _MAX_SINGLE or inside_double(i):
            continue
        close = closers[k]
        line = bisect.bisect_right(newlines, i)
        if line < len(newlines) and newlines[line] < close:
            continue
        spans.extend(_make_span(text, i, close, balanced=True))
        after_last = close
    return spans


# ---------------------------------------------------------------------------------------------
# 2-3. Kind and speaker


@dataclass(frozen=True, slots=True)
class _Person:
    index: int  # token index
    subject: bool
    source: bool
    span: tuple[int, int]  # characters


@dataclass(frozen=True, slots=True)
class _Speaker:
    text: str | None
    start: int
    end: int
    code: str | None
    verb: str | None
    written: tuple[int, int] = (-1, -1)  # where the name is written for this quote


class QuotationStage(Stage):
    """Direct quotations and scare-quoted phrases with speaker, actor code and verb."""

    name = "quotations"
    version = "1"

    def __init__(self, settings: Settings | None = None) -> None:
        self._directories = (settings.lexicon_directories("multipolar")
                             if settings is not None else ())

    def __call__(self, item: Parsed) -> Parsed:
        doc = item.doc
        spans = find_quote_spans(doc_text(doc))
        if not spans:
            return item
        actors = tuple(_own_code(a) for a in item.result.actors)
        finder = _Attribution(doc, spans, actors, item.result.sentences,
                              speech_verbs(self._directories))
        return item.with_result(quotations=tuple(finder.quotations()))


def _own_code(actor: Actor) -> Actor:
    """Speaker codes come from what names the speaker's office (this stage's own rules find a
    title's country in the context): an actor coded only from its context, or by its sector
    alone, is read here as the unresolved title it is."""
    if actor.resolution is Resolution.CONTEXT or (actor.code is not None
                                                  and actor.country is None
                                                  and actor.code == actor.sector):
        sector = "GOV" if actor.sector == "ELI" else actor.sector
        return dataclasses.replace(actor, code=None, country=None, sector=sector,
                                   resolution=Resolution.UNRESOLVED, clue=None)
    return actor


class _Attribution:
    def __init__(self, doc: Doc, spans: Sequence[QuoteSpan], actors: Sequence[Actor],
                 sentences: Sequence[tuple[int, int]], verbs: dict[str, str]) -> None:
        self.doc = doc
        self.text = doc_text(doc)  # spaCy rebuilds `text` and `ents` at every access: once
        self.ents = tuple(doc.ents)
        self.spans = spans
        self.actors = actors
        self.sentence_starts = [s for s, _ in sentences] or [s.start_char for s in doc.sents]
        self.verbs = verbs
        self.quoted = self._quoted_tokens()
        self.recent_speaker: tuple[int, int] | None = None
        self._longer_names: dict[tuple[str, ...], tuple[int, int] | None] = {}
        self._actor_words: list[list[str]] | None = None  # each actor's name words, once
        self._actors_with_word: dict[str, list[int]] | None = None

    @property
    def actor_words(self) -> list[list[str]]:
        if self._actor_words is None:
            self._actor_words = [_name_words(a.text) for a in self.actors]
        return self._actor_words

    @property
    def actors_with_word(self) -> dict[str, list[int]]:
        """The positions of the actors whose name words hold a word, in order, by word."""
        if self._actors_with_word is None:
            index: dict[str, list[int]] = {}
            for k, words in enumerate(self.actor_words):
                for word in dict.fromkeys(words):
                    index.setdefault(word, []).append(k)
            self._actors_with_word = index
        return self._actors_with_word

    def _quoted_tokens(self) -> set[int]:
        quoted: set[int] = set()
        for span in self.spans:
            tokens = self.doc.char_span(span.mark_start, span.mark_end, alignment_mode="expand")
            if tokens is not None:
                quoted.update(t.i for t in tokens)
        return quoted

    def quotations(self) -> Iterable[Quotation]:
        previous: tuple[QuoteSpan, _Speaker] | None = None
        for span in self.spans:
            tokens = self.doc.char_span(span.start, span.end, alignment_mode="expand")
            if tokens is None or len(tokens) == 0:
                continue
            kind = self._kind(span, tokens)
            speaker = None
            if previous is not None and self._split_sentence(previous[0], span):
                kind = "speech"  # “It’s the flow …,” said Dunford, “the ability to …”
                last = previous[1]
                speaker = _Speaker(last.text, last.start, last.end, last.code, None, last.written)
            if kind == "speech" and previous is not None and not previous[0].balanced:
                speaker = self._continued(previous, span)
            if speaker is None:
                speaker = self._speaker(tokens, kind=kind)
            if speaker is None and kind == "speech" and previous is not None:
                speaker = self._continued(previous, span)
            if speaker is None and kind == "speech":
                speaker = self._previous_sentence_speaker(tokens)
            if kind == "speech" and speaker is not None:
                previous = (span, speaker)
            if speaker is not None and self._is_person_name(speaker.start, speaker.end):
                self.recent_speaker = (speaker.start, speaker.end)
            yield Quotation(
                text=self.text[span.start:span.end],
                start=span.start,
                end=span.end,
                sentence=max(0, bisect.bisect_right(self.sentence_starts, span.start) - 1),
                speaker=speaker.text if speaker else None,
                speaker_code=speaker.code if speaker else None,
                verb=speaker.verb if speaker else None,
                kind=kind,
            )

    def _is_person_name(self, start: int, end: int) -> bool:
        tokens = self.doc.char_span(start, end, alignment_mode="expand")
        return tokens is not None and any(
            t.ent_type_ == "PERSON" or (t.pos_ == "PROPN" and t.ent_type_ not in _PLACE_ENTS)
            for t in tokens)

    # -- kind ---------------------------------------------------------------------------------

    def _kind(self, span: QuoteSpan, tokens: Span) -> str:
        """Speech: a clause or sentence(s) standing on their own; phrase: words woven into the
        reporter's sentence (“main guest”, “is not as easy as they think”), titles, slogans."""
        words = [t for t in tokens if not (t.is_punct or t.is_space)]
        if not span.balanced or _SENTENCE_BREAK.search(tokens.text):
            return "speech"
        if _title_case(words):
            return "phrase"  # a title or slogan: “America First”, “Ukraine Without Kuchma”
        inside = {t.i for t in tokens}
        roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
        for root in roots:
            if root.dep_ == "relcl" or root.pos_ not in ("VERB", "AUX"):
                continue
            if any(c.i in inside and c.dep_ in _CLAUSE_SUBJECTS for c in root.children):
                return "speech"
        has_verb = any(t.pos_ in ("VERB", "AUX") for t in tokens)
        if (len(words) >= 3 and has_verb and self.text[span.start].isupper()
                and self._opens_clause(span)):
            return "speech"
        return "phrase"

    def _split_sentence(self, previous: QuoteSpan, span: QuoteSpan) -> bool:
        """The second half of a quoted sentence split by its attribution: the first half ends
        with a comma inside its marks, the second starts in lower case, no full stop between."""
        if not previous.balanced:
            return False
        closing = self.text[previous.end:previous.mark_end]
        gap = self.text[previous.mark_end:span.mark_start]
        words = _name_words(gap)
        return ("," in closing and self.text[span.start].islower()
                and not any(c in gap for c in ".!?;") and 0 < len(words) <= _MAX_SPLIT_WORDS)

    def _opens_clause(self, span: QuoteSpan) -> bool:
        """A quote that opens a sentence or follows a colon or comma reads as speech."""
        before = self.text[max(0, span.mark_start - 3):span.mark_start].rstrip()
        return not before or before[-1] in ".:,?!"

    # -- speaker --------------------------------------------------------------------------------

    def _speaker(self, tokens: Span, *, kind: str) -> _Speaker | None:
        inside = {t.i for t in tokens}
        verb = self._verb_above(tokens, inside)
        if verb is None and kind == "speech":
            verb = self._verb_nearby(tokens, inside)
        if verb is not None:
            subject = _subject_of(verb)
            if subject is None and verb.i > tokens.end:
                subject = self._name_after(tokens, verb)
            if subject is not None and subject.i not in self.quoted:
                found = self._name(subject, verb=verb.lemma_.lower())
                if found is not None:
                    return found
        source = self._according_to(tokens) or self._colon_speaker(tokens)
        if source is not None:
            return self._name(source, verb=None)
        return None

    def _name_after(self, tokens: Span, verb: Token) -> Token | None:
        """ “…,” Shiraz Maher, director at …, said — a name opening the attribution when the
        parse left the verb without a subject."""
        k = tokens.end
        while k < verb.i and (self.doc[k].is_punct or self.doc[k].is_space):
            k += 1
        if k >= verb.i:
            return None
        first = self.doc[k]
        if first.ent_type_ in ("PERSON", "ORG") or first.pos_ == "PROPN":
            for ent in self.ents:
                if ent.start <= k < ent.end:
                    return ent.root
            return first
        return None

    def _verb_above(self, tokens: Span, inside: set[int]) -> Token | None:
        """The reporting verb nearest above the quote in the dependency tree."""
        best: tuple[int, Token] | None = None
        for token in tokens:
            for depth, ancestor in enumerate(token.ancestors, start=1):
                if ancestor.i in inside:
                    continue
                if ancestor.i not in self.quoted and self._is_speech_verb(ancestor):
                    if best is None or depth < best[0]:
                        best = (depth, ancestor)
                    break
            for child in token.children:  # “…”, they said, “…” hung on the quote as parataxis
                if (child.i not in self.quoted and child.dep_ == "parataxis"
                        and self._is_speech_verb(child, frames=("say",))
                        and (best is None or best[0] > 1)):
                    best = (1, child)
        return best[1] if best else None

    def _verb_nearby(self, tokens: Span, inside: set[int]) -> Token | None:
        """A "say" verb in the quote's sentences, or one starting the next ("… ,” he said.")."""
        sentences = {tokens[0].sent.start: tokens[0].sent, tokens[-1].sent.start: tokens[-1].sent}
        # “… arrivals.” The IRC said … : a quote closed by a full stop ends its sentence.
        ends_sentence = tokens.text.rstrip().endswith(".")
        candidates: list[tuple[int, Token]] = []
        for sent in sentences.values():
            for token in sent:
                if (token.i not in inside and token.i not in self.quoted
                        and self._is_speech_verb(token, frames=("say",))
                        and not (token.i > tokens.end and ends_sentence)):
                    distance = min(abs(token.i - tokens.start), abs(token.i - tokens.end))
                    candidates.append((distance, token))
        if not candidates and not ends_sentence:
            last = tokens[-1].sent
            if last.end < len(self.doc) and last.end - tokens.end <= 2:
                # “…,” / Shiraz Maher, director at …, said on Twitter.
                following = self.doc[last.end].sent
                for token in following[:_FOLLOWING_TOKENS]:
                    if token.i in self.quoted:
                        break
                    if self._is_speech_verb(token, frames=("say",)) and not any(
                            c.dep_ in ("ccomp", "dobj", "xcomp") for c in token.children):
                        candidates.append((0, token))
                        break
        return min(candidates, key=lambda c: c[0])[1] if candidates else None

    def _is_speech_verb(self, token: Token, *, frames: Sequence[str] = ("say", "name")) -> bool:
        return token.pos_ == "VERB" and self.verbs.get(token.lemma_.lower()) in frames

    def _according_to(self, tokens: Span) -> Token | None:
        sentence = tokens[0].sent
        for token in sentence:
            if token.lower_ == "according" and token.i + 1 < len(self.doc):
                nxt = self.doc[token.i + 1]
                if nxt.lower_ == "to" and token.i not in self.quoted:
                    objects = [c for c in nxt.children if c.dep_ == "pobj"]
                    if objects:
                        return objects[0]
        return None

    def _colon_speaker(self, tokens: Span) -> Token | None:
        """ "Putin: “…”" — a name right before a colon that opens the quote."""
        k = tokens.start - 1
        while k >= 0 and self.doc[k].is_quote:
            k -= 1
        if k >= 1 and self.doc[k].text == ":":
            candidate = self.doc[k - 1]
            if candidate.pos_ in ("PROPN", "NOUN") and candidate.i not in self.quoted:
                return candidate
        return None

    def _continued(self, previous: tuple[QuoteSpan, _Speaker], span: QuoteSpan
                   ) -> _Speaker | None:
        """Speech that goes on right after the previous quote keeps its speaker: nothing in
        between (a new paragraph of the same quote), or only the previous quote's attribution
        (“…,” said Buswell. “…”)."""
        last, speaker = previous
        gap = self.text[last.mark_end:span.mark_start]
        words = _name_words(gap)
        if words and speaker.text is None:
            return None
        if words and not (last.mark_end <= speaker.written[0] < speaker.written[1] <= span.start
                          and len(_SENTENCE_END.findall(gap.rstrip())) == 0):
            # Not the previous quote's own attribution sentence: only a short "he said" will do.
            if len(words) > _MAX_ATTRIBUTION_WORDS:
                return None
            names = set(_name_words(speaker.text or "")) | _PERSON_PRONOUNS | {"they"}
            if not names.intersection(words):
                return None
        return _Speaker(speaker.text, speaker.start, speaker.end, speaker.code, None,
                        speaker.written)

    def _previous_sentence_speaker(self, tokens: Span) -> _Speaker | None:
        """A quote that opens a sentence after "X said he …" is X's (reported, then quoted)."""
        sentence = tokens[0].sent
        if tokens.start - sentence.start > 1 or sentence.start == 0:
            return None
        before = self.doc[sentence.start - 1].sent
        for token in reversed(before):
            if token.i in self.quoted or not self._is_speech_verb(token, frames=("say",)):
                continue
            subject = _subject_of(token)
            if subject is not None:
                return self._name(subject, verb=None)
        return None

    # -- names ----------------------------------------------------------------------------------

    def _name(self, token: Token, *, verb: str | None) -> _Speaker | None:
        acronym = len(token.text) > 1 and token.text.isupper()  # "the WHO warned"
        if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl" and not acronym:
            token = token.head.head  # "Smith, who said …" → Smith
        if token.pos_ == "PRON" and not acronym:
            if token.lower_ in _PERSON_PRONOUNS:
                resolved = self._antecedent(token)
            elif token.lower_ == "they":
                resolved = self._plural_antecedent(token)
            else:
                resolved = None
            if resolved is None:
                return None
            start, end = resolved
        else:
            start, end = self._mention(token)
        written = (start, end)
        start, end = self._full_name(start, end)
        article = _ARTICLE.match(self.text, start, end)
        if article and article.end() < end:
            start = article.end()  # "the defence ministry" → "defence ministry"
        text = self.text[start:end]
        return _Speaker(text, start, end, self._code(start, end, written=written), verb,
                        written)

    def _mention(self, token: Token) -> tuple[int, int]:
        """The written name of a speaker token: its entity, else its noun phrase core."""
        for child in token.children:
            if child.dep_ == "appos" and (child.ent_type_ == "PERSON" or (child.pos_ == "PROPN"
                                           and token.pos_ == "NOUN")):
                token = child  # "the spokesman, John Kirby, said" → John Kirby
                break
        if token.ent_type_ in _SPEAKER_ENTS or token.pos_ == "PROPN":
            start, end = _entity_bounds(token)
            for child in token.lefts:  # "Ursula von der Leyen" split across entities
                if child.dep_ == "compound" and child.pos_ == "PROPN":
                    start = min(start, child.i)
            return _strip_possessive(self.doc[start:end])
        left = token.i
        for child in token.lefts:
            if child.dep_ in ("compound", "amod", "nmod", "nummod") and child.i < left:
                left = min(left, child.left_edge.i)
        right = token.i + 1
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ == "of":  # "a friend of Begum"
                right = child.right_edge.i + 1
            break
        span = self.doc[left:right]
        return span.start_char, span.end_char

    def _antecedent(self, pronoun: Token) -> tuple[int, int] | None:
        """The person a speaking "he"/"she" stands for: in the nearest sentence back (up to
        four) that names one, a source ("according to X", "X said") first, else a subject;
        else the last person quoted; else the nearest person named; else the actor stage's
        coreference link."""
        people, starts = self._people
        k = bisect.bisect_left(starts, pronoun.i)
        sentence = pronoun.sent
        for _ in range(_ANTECEDENT_SENTENCES if k else 0):
            lo = bisect.bisect_left(starts, sentence.start, 0, k)
            hi = bisect.bisect_left(starts, sentence.end, 0, k)
            here = people[lo:hi]
            for preferred in ([c for c in here if c.source], [c for c in here if c.subject]):
                if preferred:
                    return preferred[-1].span
            if sentence.start == 0:
                break
            sentence = self.doc[sentence.start - 1].sent
        if self.recent_speaker is not None:
            return self.recent_speaker  # no one named nearby: whoever spoke last speaks on
        if k:
            return people[k - 1].span
        for actor in self.actors:
            ref = actor.refers_to
            if actor.start <= pronoun.idx < actor.end and ref is not None and (
                    0 <= ref < len(self.actors)):
                target = self.actors[ref]
                return target.start, target.end
        return None

    @functools.cached_property
    def _people(self) -> tuple[list[_Person], list[int]]:
        """People named outside quotes, in text order (and their token indices): PERSON
        entities, and proper-noun subjects the model did not label as persons ("Trump
        tweeted") unless they are places the actor stage resolved."""
        found: dict[int, _Person] = {}
        for ent in self.ents:
            if ent.label_ == "PERSON" and ent.start not in self.quoted:
                found[ent.start] = _Person(index=ent.start, subject=_is_subject(ent.root),
                                           source=self._is_source(ent.root),
                                           span=_strip_possessive(ent))
        strings = self.doc.vocab.strings
        subject_deps = {strings["nsubj"], strings["nsubjpass"]}
        subjects = [i for i, dep in enumerate(self.doc.to_array(DEP).tolist())
                    if dep in subject_deps]  # from the array: no Token for every token
        for i in subjects:
            token = self.doc[i]
            if token.dep_ not in ("nsubj", "nsubjpass") or token.i in found:
                continue
            named = token.pos_ == "PROPN" or (token.pos_ == "NOUN" and any(
                c.dep_ == "appos" and c.pos_ == "PROPN" for c in token.children))
            if (named and token.ent_type_ != "PERSON" and token.i not in self.quoted
                    and not self._is_place(token)):
                found[token.i] = _Person(index=token.i, subject=True,
                                         source=self._is_source(token),
                                         span=self._mention(token))
        people = [found[k] for k in sorted(found)]
        return people, [p.index for p in people]

    def _is_source(self, token: Token) -> bool:
        """ "according to X", or X the subject of a reporting verb."""
        head = token.head
        if token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according":
            return True
        return token.dep_ == "nsubj" and self._is_speech_verb(head, frames=("say",))

    def _is_place(self, token: Token) -> bool:
        if token.ent_type_ not in _PLACE_ENTS:
            return False
        if not self.actors:
            return True
        return any(a.start <= token.idx < a.end and a.code and a.resolution in _PLACE_RESOLUTIONS
                   for a in self.actors)

    def _plural_antecedent(self, pronoun: Token) -> tuple[int, int] | None:
        """ "they said" → the nearest plural noun subject before ("members of Congress")."""
        sentence = pronoun.sent
        for _ in range(2):
            for token in reversed(sentence):
                if (token.i < pronoun.i and token.dep_ == "nsubj" and token.tag_ in ("NNS", "NNPS")
                        and token.i not in self.quoted):
                    return self._mention(token)
            if sentence.start == 0:
                break
            sentence = self.doc[sentence.start - 1].sent
        return None

    def _full_name(self, start: int, end: int) -> tuple[int, int]:
        """A longer PERSON name in the document that contains this one ("Putin" → "Vladimir
        Putin", "Xi" → "Xi Jinping"), the first one written."""
        short = tuple(_name_words(self.text[start:end]))
        if not short:
            return start, end
        if short not in self._longer_names:
            self._longer_names[short] = next(
                (span for words, span in self._person_names
                 if len(words) > len(short) and _contains(words, short)), None)
        return self._longer_names[short] or (start, end)

    @functools.cached_property
    def _person_names(self) -> list[tuple[list[str], tuple[int, int]]]:
        names = []
        for ent in self.ents:
            if ent.label_ == "PERSON":
                s, e = _strip_possessive(ent)
                names.append((_name_words(self.text[s:e]), (s, e)))
        return names

    def _code(self, start: int, end: int, *, written: tuple[int, int]) -> str | None:
        """The actor code of the speaker, from the actor stage's records, most specific first:

        1. a full code (country and sector, or an organisation) of the name as given or as
           written for this quote, of its title in apposition ("the German defence minister,
           Ursula von der Leyen"), of what its title or description is "for", "at" or "with"
           ("a spokesperson for the Foreign Office"), or of the same name elsewhere;
        2. a country named in the name or its title with a sector from the name or its title
           ("General Joseph Dunford, the chairman of the US joint chiefs" → USA + MIL,
           "Iraq's deputy speaker of parliament" → IRQ + LEG);
        3. a bare code (a country or region as speaker: "Germany warned");
        4. a state official's sector with no country given ("Nicole Belloubet, the justice
           minister"): the country the nearby sentences name most (`_context_country`).
        """
        def overlapping(ranges: Iterable[tuple[int, int]]) -> list[Actor]:
            bounds = list(ranges)  # read once per actor below: a generator would be spent
            return [a for a in self.actors for s, e in bounds if a.start < e and s < a.end]

        name = self.text[start:end]
        spans = [(start, end), written]
        overlap = overlapping(spans)
        title_phrases = [r for span in spans for r in self._title_ranges(span)]
        # not "president" linked by the actor stage to an earlier president: a title next to
        # a name is that person's ("Richard Haass, president of the Council on …")
        titles = [a for a in overlapping(title_phrases)
                  if not self._stance(a) and a.entry != "rule:role-coreference"]
        # what a speaker is "for", "at" or "with": the organisation named by the object's head
        # ("a spokesperson for the Foreign Office"), not a word inside it ("an analyst with the
        # Brussels-based International Crisis Group", "a fellow at the German Marshall Fund")
        attached_heads = {h for span in spans for h in self._attached_heads(span)}
        attached = [a for head in attached_heads for a in self.actors if a.start <= head < a.end]
        same = [a for a in self.actors if a.text == name or (a.name and a.name == name)]
        words = _name_words(name)
        # the actors whose name words hold the name's words in a row (only those that hold
        # its first word are compared)
        related = [self.actors[k] for k in self.actors_with_word.get(words[0], ())
                   if _contains(self.actor_words[k], words)] if words else []
        described = [*overlap, *titles, *attached]
        codes = [c for a in (*described, *same, *related) if (c := self._actor_code(a))]
        full = next((c for c in codes if _is_full_code(c)), None)
        if full is not None:
            return full
        states = state_codes()
        country = next((a.country for a in described
                        if a.code and a.country in states and a.code == a.country
                        and not self._in_a_name(a)), None)
        sector = next((a.sector for a in described if a.sector and not self._in_a_name(a)),
                      None)
        if country is not None and sector is not None:
            return country + sector
        if codes:
            return codes[0]
        # An office with no country ("Nicole Belloubet, the justice minister"): the state the
        # context names. Only the office the name or its title's head word says, never a
        # spokesman, official or envoy (who may speak for anyone), nor a former holder.
        heads = {h for span in spans for h in self._title_heads(span)}
        office = next((a.sector for a in (*overlap, *titles)
                       if a.sector in _WORDS().state_sector and not self._in_a_name(a)
                       and (a in overlap or any(a.start <= h < a.end for h in heads))
                       and (a.entry or "").partition(":")[2] not in _WORDS().any_body), None)
        # "president of the Council on Foreign Relations": the office of an organisation
        own = all(any(a.code and a.start <= h < a.end for a in self.actors)
                  for h in attached_heads)
        if office is not None and own and not self._former(spans, title_phrases):
            country = self._context_country(written)
            if country is not None:
                return country + office
        return None

    def _context_country(self, written: tuple[int, int]) -> str | None:
        """The state whose officials or institutions ("the French foreign minister", "Ankara
        said") the reporter names most in the speaker's sentence and the two before, before
        the speaker (after it in the same sentence only when nothing comes before); ties go to
        the one named nearest. Bare country names, peoples, armed groups, pronouns and words
        inside quotes do not count: a text about a boycott of Israel is no sign that a senator
        is Israeli."""
        sentence = max(0, bisect.bisect_right(self.sentence_starts, written[0]) - 1)
        first = self.sentence_starts[max(0, sentence - _CONTEXT_SENTENCES)]
        last = (self.sentence_starts[sentence + 1] if sentence + 1 < len(self.sentence_starts)
                else len(self.text))
        states = state_codes()
        before: list[Actor] = []
        after: list[Actor] = []
        for actor in self.actors:
            if (actor.code is None or actor.country not in states
                    or actor.sector not in _WORDS().state_sector or actor.mention.kind == "PRONOUN"
                    or not first <= actor.start < last or self._in_quotes(actor.start)):
                continue
            if actor.end <= written[0]:
                before.append(actor)
            elif actor.start >= written[1]:
                after.append(actor)
        candidates = before or after
        counts: dict[str, int] = {}
        nearest: dict[str, int] = {}
        for actor in candidates:
            country = actor.country or ""
            counts[country] = counts.get(country, 0) + 1
            distance = min(abs(actor.end - written[0]), abs(actor.start - written[1]))
            nearest[country] = min(nearest.get(country, distance), distance)
        if not counts:
            return None
        return min(counts, key=lambda c: (-counts[c], nearest[c]))

    def _in_quotes(self, offset: int) -> bool:
        k = bisect.bisect_right(self._mark_starts, offset) - 1
        return k >= 0 and self.spans[k].mark_start <= offset < self.spans[k].mark_end

    @functools.cached_property
    def _mark_starts(self) -> list[int]:
        return [span.mark_start for span in self.spans]

    def _stance(self, actor: Actor) -> bool:
        """An actor named only as what the speaker is for or against: "an anti-Assad
        fighter", "a pro-Kremlin blogger"."""
        tokens = self.doc.char_span(actor.start, actor.end, alignment_mode="expand")
        if tokens is None or tokens.start < 2:
            return False
        dash, prefix = self.doc[tokens.start - 1], self.doc[tokens.start - 2]
        return dash.text == "-" and prefix.lower_ in _WORDS().stance_prefix

    def _in_a_name(self, actor: Actor) -> bool:
        """A role word inside another name: "King" in "King's College London"."""
        tokens = self.doc.char_span(actor.start, actor.end, alignment_mode="expand")
        return tokens is not None and any(t.ent_type_ in _OTHER_NAMES for t in tokens)

    def _former(self, spans: Sequence[tuple[int, int]],
                titles: Sequence[tuple[int, int]]) -> bool:
        """ "a former state department official", "ex-minister": no office held now."""
        for s, e in [*spans, *titles]:
            tokens = self.doc.char_span(s, e, alignment_mode="expand")
            if tokens is not None and any(t.lower_ in _WORDS().former for t in tokens):
                return True
        return False

    def _appositives(self, span: tuple[int, int]) -> list[Token]:
        """The nouns in apposition to a name, or the noun the name is in apposition to."""
        tokens = self.doc.char_span(span[0], span[1], alignment_mode="expand")
        if tokens is None or len(tokens) == 0:
            return []
        root = tokens.root
        related = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            related.append(root.head)
        return related

    def _title_heads(self, span: tuple[int, int]) -> list[int]:
        """Character offsets of the head words of the titles in apposition to a name."""
        return [t.idx for t in self._appositives(span)]

    def _attached_heads(self, span: tuple[int, int]) -> list[int]:
        """Character offsets of the head nouns of what a speaker or its title is "for", "at",
        "with" or "of" ("a spokesperson for the Foreign Office" → Office)."""
        tokens = self.doc.char_span(span[0], span[1], alignment_mode="expand")
        if tokens is None or len(tokens) == 0:
            return []
        heads: list[int] = []
        for head in [tokens.root, *self._appositives(span)]:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in _ATTACHING_PREPOSITIONS:
                    heads.extend(obj.idx for obj in prep.children if obj.dep_ == "pobj")
        return heads

    def _noun_phrase(self, token: Token) -> tuple[int, int]:
        """A noun with its modifiers and "of" phrases, without clauses or other prepositional
        phrases ("director of the Institute, who said …" stops before "who")."""
        inside = _phrase_tokens(token)
        phrase = self.doc[min(inside):max(inside) + 1]
        return phrase.start_char, phrase.end_char

    def _title_ranges(self, span: tuple[int, int]) -> list[tuple[int, int]]:
        """Character ranges of the words in apposition to a name, or of the noun the name is in
        apposition to, with their modifiers and "of" phrases (not their clauses)."""
        return [self._noun_phrase(token) for token in self._appositives(span)]

    def _actor_code(self, actor: Actor) -> str | None:
        if actor.code:
            return actor.code
        if actor.refers_to is not None and 0 <= actor.refers_to < len(self.actors):
            return self.actors[actor.refers_to].code
        return None


def _phrase_tokens(token: Token) -> list[int]:
    """Token indices of a noun phrase: the noun, its modifiers (with theirs) and its "of"
    phrases, no clauses and no other prepositional phrases. Iterative: a chain of thousands of
    "of" phrases in a hostile text must not exhaust the stack."""
    found: list[int] = []
    pending = [token]
    while pending:
        noun = pending.pop()
        found.append(noun.i)
        for child in noun.children:
            if child.dep_ in _TITLE_DEPS:
                found.extend(t.i for t in child.subtree)
            elif child.dep_ == "prep" and child.lower_ == "of":
                found.append(child.i)
                pending.extend(obj for obj in child.children if obj.dep_ == "pobj")
    return found


def _is_full_code(code: str) -> bool:
    """A country with a sector ("RUSGOV") or an organisation ("IGOUNO"), not a bare place."""
    return len(code) > 3


def _subject_of(verb: Token) -> Token | None:
    """Who speaks: the passive agent ("referred to by X"), the subject, or a climbing verb's."""
    current = verb
    for _ in range(4):
        if current != verb and current.lemma_.lower() == "quote":
            # "X was quoted as saying", "Y quoted X as saying": X speaks
            for child in current.children:
                if child.dep_ in ("dobj", "nsubjpass"):
                    return child
        for child in current.children:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
        for child in current.children:
            if child.dep_ in _SUBJECT_DEPS:
                return _article_subject(child)
        misparsed = _detached_subject(current)
        if misparsed is not None:
            return misparsed
        if current.dep_ not in _CLIMB_DEPS or current.head == current:
            return None
        current = current.head
    return None


_MINOR_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or",
                          "with", "by", "from", "as"})


def _title_case(words: Sequence[Token]) -> bool:
    """Two or more words, every major word capitalised (titles, slogans, headlines)."""
    major = [w for w in words if w.lower_ not in _MINOR_WORDS]
    return len(words) >= 2 and bool(major) and all(w.text[:1].isupper() for w in major)


def _entity_bounds(token: Token) -> tuple[int, int]:
    """Token indices of the named entity around `token` (the token alone when it has none)."""
    doc, start, end = token.doc, token.i, token.i + 1
    if not token.ent_type_:
        return start, end
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def _is_subject(token: Token) -> bool:
    """A subject, or the name in apposition to one ("the chairman, Brandon Lewis, said")."""
    for _ in range(3):
        if token.dep_ in ("nsubj", "nsubjpass"):
            return True
        if token.dep_ not in ("appos", "compound", "conj"):
            return False
        token = token.head
    return False


def _article_subject(subject: Token) -> Token:
    """Repair "the UN designated …" parsed with "the" as the subject and "UN" hanging on the
    verb: the name after the article is the subject."""
    doc = subject.doc
    if subject.lower_ in ("the", "a", "an") and subject.i + 1 < len(doc):
        name = doc[subject.i + 1]
        if name.head == subject.head and name.pos_ == "PROPN":
            return name
    return subject


def _detached_subject(verb: Token) -> Token | None:
    """Repair a frequent misparse of "X, referred to by Y as …, emphasizes …": the subject X is
    attached to the interrupting participle on the left instead of to the verb."""
    for child in verb.lefts:
        if child.dep_ not in ("ccomp", "parataxis") or child.tag_ not in ("VBN", "VBD"):
            continue
        for grandchild in child.lefts:
            if grandchild.dep_ == "nsubj" and any(
                    t.text == "," for t in verb.doc[grandchild.i + 1:child.i]):
                return grandchild
    # "said Dunford speaking to a conference": the subject hangs on the participle after it.
    for child in verb.rights:
        if child.dep_ in ("ccomp", "advcl", "xcomp") and child.tag_ == "VBG":
            for grandchild in child.lefts:
                if (grandchild.dep_ == "nsubj" and grandchild.pos_ in ("PROPN", "NOUN")
                        and grandchild.i - verb.i <= _INVERTED_SUBJECT_GAP):
                    return grandchild
    return None


_SENTENCE_END = re.compile(r"[.!?](?=\s)")
_ARTICLE = re.compile(r"(?i)(?:the|an?)\s+")
_POSSESSIVE = re.compile(r"[’']s?$")


def _strip_possessive(span: Span) -> tuple[int, int]:
    text = span.text
    match = _POSSESSIVE.search(text)
    end = span.end_char - (len(match.group()) if match else 0)
    return span.start_char, end


def _name_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\W_]+", text.casefold())]


def _contains(words: Sequence[str], part: Sequence[str]) -> bool:
    n = len(part)
    if not n:
        return True
    first, wanted = part[0], list(part)
    return any(words[i] == first and list(words[i:i + n]) == wanted
               for i in range(len(words) - n + 1))
