"""Matching PETRARCH verb patterns (read by `multipolar.lexicon.petrarch_verbs`) on a spaCy parse.

A verb token is looked up by lemma (or word form); phrasal verbs need their particle among the
verb's dependents. The block's patterns are tried on the words of the verb's clause: pre-verb
elements against the subject and the words left of the verb, post-verb elements in order against
the words right of the verb within its subtree, `(PREP …)` against a preposition the verb's
subtree holds. The matching pattern with the most elements wins; without one, the verb's own
code, else the block's, applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.attrs import LEMMA, ORTH
from spacy.tokens import Doc, Token

from multipolar.lexicon.petrarch_verbs import Element, PetrarchPattern, PetrarchVerbs, VerbEntry
from multipolar.pipeline.triggers import Matcher, TriggerMatch
from multipolar.pipeline.word_filter import LastDoc

__all__ = ["petrarch_matcher"]


class _Region:
    """Tokens in order with their upper-case forms and lemmas (computed once)."""

    __slots__ = ("forms", "index", "tokens")

    def __init__(self, tokens: Iterable[Token]) -> None:
        self.tokens = sorted(tokens, key=lambda t: t.i)
        self.forms = [(t.text.upper(), t.lemma_.upper()) for t in self.tokens]
        self.index = {t.i: k for k, t in enumerate(self.tokens)}

    def words(self) -> set[str]:
        return {w for pair in self.forms for w in pair}

    def phrase_at(self, start: int, phrase: Sequence[str]) -> bool:
        if start + len(phrase) > len(self.tokens):
            return False
        for k, word in enumerate(phrase):
            if word not in self.forms[start + k]:
                return False
            if k and self.tokens[start + k].i != self.tokens[start + k - 1].i + 1:
                return False
        return True


@dataclass(slots=True)
class _Bind:
    target: list[Token] = field(default_factory=list)
    source: list[Token] = field(default_factory=list)


def _is_object_phrase(tok: Token, verb: Token) -> bool:
    """Is `tok` in the verb's own object noun phrase (its direct object, or the object of one of
    its prepositions), not in a clause or phrase further down?"""
    node = tok
    for _ in range(4):
        if node.head.i == verb.i:
            return node.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative")
        if node.dep_ == "pobj" and node.head.head.i == verb.i:
            return True
        if node.dep_ not in ("compound", "amod", "nmod", "poss", "conj", "nummod"):
            return False
        node = node.head
    return False


def _match_elems(elems: Sequence[Element], region: _Region, verb: Token, bind: _Bind,
                 *, after_verb: bool, strict: bool = False) -> bool:
    """Match elements in order over `region`; `strict`: words after the verb must stand in its
    own object phrase."""
    pos = 0
    tokens = region.tokens
    for elem in elems:
        if elem.kind == "words":
            first = elem.first
            found = -1
            for i in range(pos, len(tokens)):
                text, lemma = region.forms[i]
                if (text in first or lemma in first) and any(
                        region.phrase_at(i, p) for p in elem.words) and not (
                        strict and after_verb and not _is_object_phrase(tokens[i], verb)):
                    found = i
                    break
            if found < 0:
                return False
            pos = found + 1
        elif elem.kind == "prep":
            found = -1
            for i in range(pos, len(tokens)):
                tok = tokens[i]
                if region.forms[i][0] in elem.first and tok.dep_ in (
                        "prep", "agent", "dative", "prt"):
                    inner_bind = _Bind()
                    inner = _Region(t for t in tok.subtree if t.i != tok.i)
                    if _match_elems(elem.inner, inner, tok, inner_bind, after_verb=True):
                        bind.target += inner_bind.target
                        bind.source += inner_bind.source
                        found = i
                        break
            if found < 0:
                return False
            pos = found + 1
        else:  # target / source: the next noun phrase
            slot = bind.target if elem.kind == "target" else bind.source
            if after_verb:
                heads = [t for t in tokens[pos:] if t.dep_ in ("dobj", "pobj", "dative",
                                                               "nsubjpass", "attr")]
            else:
                heads = [t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass")]
            if not heads:
                return False
            slot.append(heads[0])
            pos = region.index.get(heads[0].i, pos - 1) + 1
    return True


def _regions(verb: Token) -> tuple[_Region, _Region]:
    subtree = list(verb.subtree)
    pre = [t for t in subtree if t.i < verb.i]
    if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        for subj in verb.head.children:
            if subj.dep_ in ("nsubj", "nsubjpass"):
                pre = list({t.i: t for t in (*pre, *subj.subtree)}.values())
    return _Region(pre), _Region(t for t in subtree if t.i > verb.i)


_MEMO_SIZE = 200_000  # string ids whose upper-case form `_DocForms` remembers


class _DocForms:
    """The words of a stretch of a document's tokens (upper-case text and lemma, as `_Region`
    reads them), from the document's arrays (read once per document: the last one is kept,
    `LastDoc`)."""

    __slots__ = ("rows", "upper")

    def __init__(self) -> None:
        self.rows: LastDoc[list[list[int]]] = LastDoc(self._rows)  # (ORTH, LEMMA) per token
        self.upper: dict[int, str] = {}  # string id → its upper-case form

    def _rows(self, doc: Doc) -> list[list[int]]:
        if len(self.upper) >= _MEMO_SIZE:
            self.upper.clear()
        return list(doc.to_array([ORTH, LEMMA]).tolist()) if len(doc) else []

    def around(self, verb: Token) -> set[str]:
        """The words of the tokens from the leftmost to the rightmost of the verb's subtree
        and of its head's subjects: everything `_regions` reads, and perhaps more."""
        doc = verb.doc
        rows = self.rows.get(doc)
        lo, hi = verb.left_edge.i, verb.right_edge.i
        if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
            for subj in verb.head.children:
                if subj.dep_ in ("nsubj", "nsubjpass"):
                    lo, hi = min(lo, subj.left_edge.i), max(hi, subj.right_edge.i)
        upper, strings = self.upper, doc.vocab.strings
        words = set()
        for row in rows[lo:hi + 1]:
            for key in row:
                word = upper.get(key)
                if word is None:
                    word = upper[key] = strings[key].upper()
                words.add(word)
        return words


def _particles_ok(verb: Token, particles: Sequence[str]) -> list[Token] | None:
    found: list[Token] = []
    near = [t for t in verb.subtree if verb.i < t.i <= verb.i + 3]
    for word in particles:
        tok = next((t for t in verb.children if t.text.upper() == word), None) or next(
            (t for t in near if t.text.upper() == word), None)
        if tok is None:
            return None
        found.append(tok)
    return found


def petrarch_matcher(verbs: PetrarchVerbs, *, defaults: bool = True, min_size: int = 0
                     ) -> Matcher:
    """A Matcher (token → TriggerMatch | None) over a PETRARCH verb dictionary.

    `defaults=False` drops the verb's or block's own code when no pattern matched and asks the
    pattern's words after the verb to stand in the verb's own object phrase, and `min_size`
    drops the patterns with fewer words (a word weighs 2, a preposition 1): the bundled
    Phoenix base is used that way, because its bare verb codes ("described" 036, "led" 060)
    are wrong on most news sentences while its word patterns ("- * &FOOD [073]") are not.
    """

    # verbs none of whose entries can match: no pattern of `min_size` and no default code
    # to fall back on (most of the Phoenix base's verbs): no need to read their clause
    hopeless = {id(entries) for entries in verbs.verbs.values()
                if not defaults and not any(pattern.size >= min_size for entry in entries
                                            for pattern in entry.block.patterns)}

    # without default codes only a pattern can match: for each verb, the words one of which
    # the clause must hold for any of its patterns of `min_size` to match (each pattern's
    # first required words; None: a pattern requires none), so that other clauses are passed
    # over before their regions are built
    keys: dict[int, frozenset[str] | None] = {}
    if not defaults:
        for entries in verbs.verbs.values():
            sized = [p for entry in entries for p in entry.block.patterns if p.size >= min_size]
            keys[id(entries)] = None if any(not p.required for p in sized) else frozenset(
                w for p in sized for w in p.required[0])
    forms = _DocForms()

    def match(token: Token) -> TriggerMatch | None:
        if token.pos_ != "VERB":
            return None
        entries = verbs.verbs.get(token.lemma_.upper()) or verbs.verbs.get(token.text.upper())
        if not entries or id(entries) in hopeless:
            return None
        key = keys.get(id(entries))
        if key is not None and key.isdisjoint(forms.around(token)):
            return None
        pre, post = _regions(token)
        clause = pre.words() | post.words()
        best: tuple[tuple[int, int], PetrarchPattern, _Bind, VerbEntry, list[Token]] | None = None
        default: tuple[VerbEntry, list[Token]] | None = None
        for entry in entries:
            particles = _particles_ok(token, entry.particles) if entry.particles else []
            if particles is None:
                continue
            for pattern in entry.block.patterns:
                if pattern.size < min_size:
                    continue
                if not all(req & clause for req in pattern.required):
                    continue
                bind = _Bind()
                if not _match_elems(pattern.pre, pre, token, bind, after_verb=False):
                    continue
                if not _match_elems(pattern.post, post, token, bind, after_verb=True,
                                    strict=not defaults):
                    continue
                score = (len(entry.particles), pattern.size)
                if best is None or score > best[0]:
                    best = (score, pattern, bind, entry, particles)
            if defaults and default is None and (entry.code or entry.reverse):
                default = (entry, particles)
        if best is not None:
            _, pattern, bind, entry, particles = best
            code, reverse = pattern.code, pattern.reverse
            rule = f"petrarch:{entry.block.name}:{pattern.line}"
            targets = tuple(bind.target) or None
            sources = tuple(bind.source) or None
        elif default is not None:
            entry, particles = default
            code, reverse = entry.code, entry.reverse
            rule = f"petrarch:{entry.block.name}"
            targets = sources = None
        else:
            return None
        if code is None and reverse is None:
            return None  # an explicit [---]: this use of the verb is not an event
        return TriggerMatch(
            trigger=token, code=code or "", rule=rule, pos="VERB", extra=tuple(particles),
            target_slots=("dobj", "dative", "to", "with", "against", "on", "at", "in",
                          "from", "for", "into"),
            target_tokens=targets, source_tokens=sources, reverse_code=reverse)

    return match
