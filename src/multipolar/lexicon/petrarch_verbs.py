"""A reader and matcher for PETRARCH/TABARI verb dictionaries (e.g. Phoenix `CAMEO.2.0.txt`).

The format (PETRARCH2 `docs/source/dictionaries.rst`):

- Synonym sets: `&LABEL` then lines `+WORD` or `+TWO_WORDS` (regular plurals are generated unless
  the label or the phrase ends with `_`).
- Verb blocks: `---  NAME  [code]  ---`, then verb lines `VERB {IRREGULAR FORMS} [code]` or
  phrasal verbs `+VERB_PARTICLE {…}`, then patterns `- pre words * post words [code] # note`.
  In a pattern `*` is the verb, `{A B}` a noun phrase of consecutive words, `(PREP …)` a
  prepositional phrase, `&SET` a synonym set, `A/B` alternatives, `+` the target, `$` the source
  (`^` and `%` are accepted and ignored). Codes are `[020]`, `[042:043]` (the second code is the
  reverse direction: "X visited Y" gives X 042 Y and Y 043 X), `[:020]` (reverse only) or
  `[---]` (no event). Comments start with `#` or `;`; `<!-- … -->` on one line is skipped.
- The transformations section (`~ …`) is not used.

Discard lists (`*discards*.txt`): a phrase makes its sentence uncodable; a phrase starting with
`+` makes the whole story uncodable.

Matching on a spaCy parse: a verb token is looked up by lemma (or word form); phrasal verbs need
their particle among the verb's dependents. The block's patterns are tried on the words of the
verb's clause: pre-verb elements against the subject and the words left of the verb, post-verb
elements in order against the words right of the verb within its subtree, `(PREP …)` against a
preposition the verb's subtree holds. The matching pattern with the most elements wins; without
one, the verb's own code, else the block's, applies. Patterns whose code is not in our CAMEO table
are skipped on load and counted in `PetrarchVerbs.skipped`.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Token

from multipolar.errors import LexiconError
from multipolar.ontology import cameo

__all__ = [
    "Element",
    "PetrarchPattern",
    "PetrarchVerbs",
    "VerbBlock",
    "find_dictionary_files",
    "load_petrarch_verbs",
    "parse_verb_dictionary",
    "petrarch_matcher",
]

log = logging.getLogger(__name__)

_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_CODE = re.compile(r"\[([^\]]*)\]")
_FORMS = re.compile(r"\{[^}]*\}")
_HTML_COMMENT = re.compile(r"<!--.*?-->")


@dataclass(frozen=True)
class Element:
    """One pattern element.

    kind: "words" (alternatives of consecutive-word phrases), "prep" (preposition alternatives in
    `words`, inner elements in `inner`), "target" (+), "source" ($).
    """

    kind: str
    words: tuple[tuple[str, ...], ...] = ()
    inner: tuple[Element, ...] = ()

    @functools.cached_property
    def first(self) -> frozenset[str]:
        """First words of the alternatives (a fast pre-check)."""
        return frozenset(p[0] for p in self.words if p)


@dataclass(frozen=True)
class PetrarchPattern:
    pre: tuple[Element, ...]
    post: tuple[Element, ...]
    code: str | None
    reverse: str | None
    line: int
    text: str

    @functools.cached_property
    def required(self) -> tuple[frozenset[str], ...]:
        """For each word element (nested too), the words one of which the clause must hold."""
        def walk(elems: Sequence[Element]) -> list[frozenset[str]]:
            out: list[frozenset[str]] = []
            for e in elems:
                if e.kind in ("words", "prep"):
                    out.append(e.first)
                out += walk(e.inner)
            return out

        return tuple(walk(self.pre) + walk(self.post))

    @property
    def size(self) -> int:
        """Specificity: words weigh 2, a preposition 1, target/source marks 0."""
        def count(elems: Sequence[Element]) -> int:
            return sum({"words": 2, "prep": 1}.get(e.kind, 0) + count(e.inner) for e in elems)

        return count(self.pre) + count(self.post)


@dataclass(slots=True)
class VerbBlock:
    name: str
    code: str | None
    reverse: str | None
    line: int
    patterns: list[PetrarchPattern] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _VerbEntry:
    block: VerbBlock
    particles: tuple[str, ...]
    code: str | None  # the verb's own code, else the block's
    reverse: str | None


@dataclass(slots=True)
class PetrarchVerbs:
    """A parsed verb dictionary (plus optional discard phrases)."""

    source: str
    synsets: dict[str, tuple[tuple[str, ...], ...]]
    blocks: list[VerbBlock]
    verbs: dict[str, list[_VerbEntry]]  # by base form and by irregular form
    skipped: int = 0
    sentence_discards: tuple[tuple[str, ...], ...] = ()
    story_discards: tuple[tuple[str, ...], ...] = ()

    @property
    def pattern_count(self) -> int:
        return sum(len(b.patterns) for b in self.blocks)

    def discards(self, words: Sequence[str], *, story: bool = False) -> bool:
        """Does this word sequence (upper case) hold a discard phrase?"""
        index = _discard_index(self.story_discards if story else self.sentence_discards)
        for i, word in enumerate(words):
            for phrase in index.get(word, ()):
                if tuple(words[i:i + len(phrase)]) == phrase:
                    return True
        return False


@functools.cache
def _discard_index(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        if phrase:
            index.setdefault(phrase[0], []).append(phrase)
    return index


def _strip_comment(line: str) -> str:
    line = _HTML_COMMENT.sub("", line)
    for mark in ("#", ";"):
        cut = line.find(mark)
        if cut >= 0:
            line = line[:cut]
    return line.rstrip()


def _plurals(phrase: str) -> list[str]:
    if phrase.endswith("Y") and not phrase.endswith(("AY", "EY", "OY", "UY")):
        return [phrase, phrase[:-1] + "IES"]
    if phrase.endswith(("SS", "SH", "CH", "X")):
        return [phrase, phrase + "ES"]
    if phrase.endswith("S"):
        return [phrase]
    return [phrase, phrase + "S"]


def _parse_code(raw: str, name: str, line_no: int) -> tuple[str | None, str | None, bool]:
    """'042:043' → ('042', '043'); '---' → (None, None); third item False if a code is unknown."""
    table = cameo()
    forward, _, reverse = raw.strip().partition(":")
    out: list[str | None] = []
    ok = True
    for part in (forward.strip(), reverse.strip()):
        if not part or part.startswith("-"):
            out.append(None)
        elif part.isdigit():
            if part in table:
                out.append(part)
            else:
                out.append(None)
                ok = False
        else:  # a typo such as [080!]: the row is skipped and counted, not fatal
            log.debug("%s:%d: bad code [%s]", name, line_no, raw)
            out.append(None)
            ok = False
    return out[0], out[1], ok


def _tokenize(body: str) -> list[str]:
    tokens = re.findall(r"\{[^}]*\}|\([^)]*\)|\S+", body)
    return ["*" if t == "**" else t for t in tokens]  # older files mark the verb '**'



def _elements(tokens: Iterable[str], synsets: dict[str, tuple[tuple[str, ...], ...]],
              name: str, line_no: int) -> tuple[Element, ...] | None:
    """Pattern tokens to elements; None when a synset is undefined (the pattern is skipped)."""
    elems: list[Element] = []
    for tok in tokens:
        if tok in ("^", "%"):
            continue
        if tok == "+":
            elems.append(Element("target"))
        elif tok == "$":
            elems.append(Element("source"))
        elif tok.startswith("{"):
            words = tuple(w for w in tok.strip("{}").replace("_", " ").split())
            inner_ok = all(not w.startswith("&") for w in words)
            if not inner_ok:
                sub = _elements(words, synsets, name, line_no)
                if sub is None:
                    return None
                elems.extend(sub)
            elif words:
                elems.append(Element("words", (words,)))
        elif tok.startswith("("):
            parts = tok.strip("()").split()
            if not parts:
                continue
            preps = tuple((p,) for p in parts[0].split("/") if p)
            inner = _elements(parts[1:], synsets, name, line_no)
            if inner is None:
                return None
            elems.append(Element("prep", preps, inner))
        elif tok.startswith("&"):
            phrases = synsets.get(tok)
            if phrases is None:
                return None
            elems.append(Element("words", phrases))
        else:
            alts = tuple(tuple(a.replace("_", " ").split()) for a in tok.split("/") if a.strip("_"))
            if alts:
                elems.append(Element("words", alts))
    return tuple(elems)


def parse_verb_dictionary(text: str, name: str = "<verbs>") -> PetrarchVerbs:
    """Parse the text of a PETRARCH verb dictionary."""
    synsets: dict[str, tuple[tuple[str, ...], ...]] = {}
    blocks: list[VerbBlock] = []
    verbs: dict[str, list[_VerbEntry]] = {}
    skipped = 0
    current_set: str | None = None
    set_plurals = True
    set_items: list[tuple[str, ...]] = []
    block: VerbBlock | None = None
    in_verbs = False

    def close_set() -> None:
        nonlocal current_set, set_items
        if current_set is not None:
            phrases = tuple(dict.fromkeys(set_items))
            synsets[current_set] = phrases
            synsets[current_set.rstrip("_")] = phrases
        current_set, set_items = None, []

    for line_no, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("#") and "TRANSFORMATIONS" in stripped:
            break
        if stripped.startswith("#") and "VERB PATTERNS" in stripped:
            close_set()
            in_verbs = True
            continue
        line = _strip_comment(raw).strip()
        if not line:
            continue
        if line.startswith("&"):
            close_set()
            current_set = line.split()[0]  # patterns may write it with or without the '_'
            set_plurals = not current_set.endswith("_")
            continue
        if current_set is not None and line.startswith("+"):
            phrase = line[1:].strip()
            no_plural = phrase.endswith("_") or not set_plurals
            phrase = phrase.strip("_").upper()
            forms = [phrase] if no_plural else _plurals(phrase)
            set_items.extend(tuple(f.replace("_", " ").split()) for f in forms)
            continue
        close_set()
        if not in_verbs:
            continue
        head = _BLOCK.match(line)
        if head:
            code, reverse, ok = _parse_code(head.group(2), name, line_no)
            block = VerbBlock(head.group(1), code, reverse, line_no)
            blocks.append(block)
            continue
        if block is None or line.startswith("~"):
            continue
        if line.startswith("-"):
            match = _CODE.search(line)
            if not match:
                raise LexiconError(name, line_no, "pattern without a [code]")
            code, reverse, ok = _parse_code(match.group(1), name, line_no)
            if not ok:
                skipped += 1
                continue
            body = line[1:match.start()].strip()
            tokens = _tokenize(body)
            if "*" not in tokens:
                skipped += 1
                continue
            star = tokens.index("*")
            pre = _elements(tokens[:star], synsets, name, line_no)
            post = _elements(tokens[star + 1:], synsets, name, line_no)
            if pre is None or post is None:
                skipped += 1
                continue
            block.patterns.append(PetrarchPattern(pre, post, code, reverse, line_no, body))
            continue
        # a verb line: WORD {FORMS} [code] or +VERB_PARTICLE {FORMS} [code]
        forms = [f.strip("+").upper() for m in _FORMS.findall(line)
                 for f in m.strip("{}").replace(",", " ").split()]
        code_m = _CODE.search(line)
        own_code, own_rev = block.code, block.reverse
        if code_m:
            code, reverse, ok = _parse_code(code_m.group(1), name, line_no)
            if ok:
                own_code, own_rev = code, reverse
        word = _CODE.sub("", _FORMS.sub("", line)).split()
        if not word:
            continue
        parts = word[0].strip("+").upper().split("_")
        parts = [p for p in parts if p]
        if not parts:
            continue
        entry = _VerbEntry(block, tuple(parts[1:]), own_code, own_rev)
        keys = {parts[0]} | {f.split("_")[0] for f in forms}
        for key in keys:
            verbs.setdefault(key, []).append(entry)
    close_set()
    if not blocks:
        raise LexiconError(name, None, "no verb blocks ('---  NAME  [code]  ---') found; "
                                       "is this a PETRARCH verb dictionary?")
    for entries in verbs.values():
        entries.sort(key=lambda e: -len(e.particles))  # phrasal verbs first
    return PetrarchVerbs(name, synsets, blocks, verbs, skipped)


def parse_discards(text: str) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    sentence: list[tuple[str, ...]] = []
    story: list[tuple[str, ...]] = []
    for raw in text.splitlines():
        line = _strip_comment(raw).strip()
        if not line:
            continue
        target = story if line.startswith("+") else sentence
        words = tuple(line.lstrip("+").replace("_", " ").upper().split())
        if words:
            target.append(words)
    return tuple(sentence), tuple(story)


def find_dictionary_files(directory: Path) -> tuple[list[Path], list[Path]]:
    """Verb dictionaries (`*verbs*.txt`, `CAMEO*.txt`) and discard lists in `directory`."""
    files = sorted(p for p in directory.iterdir() if p.is_file())
    verbs = [p for p in files if p.suffix.lower() == ".txt" and (
        "verbs" in p.name.lower() or p.name.upper().startswith("CAMEO"))]
    discards = [p for p in files if p.suffix.lower() == ".txt" and "discard" in p.name.lower()]
    return verbs, discards


@functools.cache
def load_petrarch_verbs(directory: Path) -> PetrarchVerbs | None:
    """Read the verb dictionary (and discards) of a PETRARCH dictionary directory.

    Returns None when the directory holds no verb dictionary (it may hold actors only).
    """
    if not directory.is_dir():
        raise LexiconError(str(directory), None, "not a directory; pass petrarch:DIR with "
                                                 "the folder holding CAMEO*.txt")
    verb_files, discard_files = find_dictionary_files(directory)
    if not verb_files:
        log.info("no PETRARCH verb dictionary in %s", directory)
        return None
    parsed = [parse_verb_dictionary(p.read_text(encoding="utf-8", errors="replace"), str(p))
              for p in verb_files]
    verbs = parsed[0]
    for other in parsed[1:]:
        verbs.synsets.update(other.synsets)
        verbs.blocks.extend(other.blocks)
        for key, entries in other.verbs.items():
            verbs.verbs.setdefault(key, []).extend(entries)
        verbs.skipped += other.skipped
    sentence: list[tuple[str, ...]] = []
    story: list[tuple[str, ...]] = []
    for path in discard_files:
        s, t = parse_discards(path.read_text(encoding="utf-8", errors="replace"))
        sentence += s
        story += t
    verbs.sentence_discards, verbs.story_discards = tuple(sentence), tuple(story)
    log.info("PETRARCH verbs from %s: %d blocks, %d patterns (%d skipped)", directory,
             len(verbs.blocks), verbs.pattern_count, verbs.skipped)
    return verbs


# ---------------------------------------------------------------------------------------------
# matching on spaCy parses


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


def _match_elems(elems: Sequence[Element], region: _Region, verb: Token, bind: _Bind,
                 *, after_verb: bool) -> bool:
    """Match elements in order over `region`."""
    pos = 0
    tokens = region.tokens
    for elem in elems:
        if elem.kind == "words":
            first = elem.first
            found = -1
            for i in range(pos, len(tokens)):
                text, lemma = region.forms[i]
                if (text in first or lemma in first) and any(
                        region.phrase_at(i, p) for p in elem.words):
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


def petrarch_matcher(verbs: PetrarchVerbs):  # type: ignore[no-untyped-def]
    """A Matcher (token → TriggerMatch | None) over a PETRARCH verb dictionary."""
    from multipolar.pipeline.events import TriggerMatch

    def match(token: Token) -> TriggerMatch | None:
        if token.pos_ != "VERB":
            return None
        entries = verbs.verbs.get(token.lemma_.upper()) or verbs.verbs.get(token.text.upper())
        if not entries:
            return None
        pre, post = _regions(token)
        clause = pre.words() | post.words()
        best: tuple[tuple[int, int], PetrarchPattern, _Bind, _VerbEntry, list[Token]] | None = None
        default: tuple[_VerbEntry, list[Token]] | None = None
        for entry in entries:
            particles = _particles_ok(token, entry.particles) if entry.particles else []
            if particles is None:
                continue
            for pattern in entry.block.patterns:
                if not all(req & clause for req in pattern.required):
                    continue
                bind = _Bind()
                if not _match_elems(pattern.pre, pre, token, bind, after_verb=False):
                    continue
                if not _match_elems(pattern.post, post, token, bind, after_verb=True):
                    continue
                score = (len(entry.particles), pattern.size)
                if best is None or score > best[0]:
                    best = (score, pattern, bind, entry, particles)
            if default is None and (entry.code or entry.reverse):
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
