"""A reader for PETRARCH/TABARI verb dictionaries (e.g. Phoenix `CAMEO.2.0.txt`).

The format (PETRARCH2 `docs/source/dictionaries.rst`):

- Synonym sets: `&LABEL` then lines `+WORD` or `+TWO_WORDS` (regular plurals are generated unless
  the label or the phrase ends with `_`).
- Verb blocks: `---  NAME  [code]  ---`, then verb lines `VERB {IRREGULAR FORMS} [code]` or
  phrasal verbs `+VERB_PARTICLE {…}`, then patterns `- pre words * post words [code] # note`.
  In a pattern `*` is the verb, `{A B}` a noun phrase of consecutive words, `(PREP …)` a
  prepositional phrase, `&SET` a synonym set, `A/B` alternatives, `+` the target, `$` the source
  (`^` and `%` are accepted and ignored). Codes are `[020]`, `[042:043]` (the second code is the
  reverse direction: "X visited Y" gives X 042 Y and Y 043 X), `[:020]` (reverse only) or
  `[---]` (no event). Comments start with `#` or `;`; `<!-- … -->` is skipped, within a line or
  across lines (it ends at the first `-->`, as in PETRARCH2).
- What PETRARCH2's reader also accepts: verb blocks with no `# VERB PATTERNS` section header (a
  block header starts the verb section), single spaces in block headers (`--- SEND [070] ---`),
  and older KEDS/TABARI-derived files with no block headers, where each verb line is followed by
  its own patterns (`ACCUSE [112]` then `- * OF ESPIONAGE [1121]`): a verb line that follows
  patterns starts a new block named after the verb.
- The transformations section (`~ …`) is not used.

Discard lists (`*discards*.txt`): a phrase makes its sentence uncodable; a phrase starting with
`+` makes the whole story uncodable.

This module only reads dictionaries; `multipolar.pipeline.petrarch_match` matches them on spaCy
parses. Patterns whose code is not in our CAMEO table are skipped on load and counted in
`PetrarchVerbs.skipped`.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from multipolar.errors import LexiconError
from multipolar.ontology import cameo

__all__ = [
    "Element",
    "PetrarchPattern",
    "PetrarchVerbs",
    "VerbBlock",
    "VerbEntry",
    "find_dictionary_files",
    "load_petrarch_verbs",
    "parse_verb_dictionary",
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

    @functools.cached_property
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
class VerbEntry:
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
    verbs: dict[str, list[VerbEntry]]  # by base form and by irregular form
    skipped: int = 0
    sentence_discards: tuple[tuple[str, ...], ...] = ()
    story_discards: tuple[tuple[str, ...], ...] = ()
    # the discard phrases by first word (story: True / sentence: False), built on first use
    _discard_indexes: dict[bool, dict[str, list[tuple[str, ...]]]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    @property
    def pattern_count(self) -> int:
        return sum(len(b.patterns) for b in self.blocks)

    def discards(self, words: Sequence[str], *, story: bool = False) -> bool:
        """Does this word sequence (upper case) hold a discard phrase?"""
        index = self._discard_indexes.get(story)
        if index is None:
            index = self._discard_indexes[story] = _discard_index(
                self.story_discards if story else self.sentence_discards)
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


def _strip_html_comments(text: str) -> str:
    """Remove `<!-- … -->` comments, multi-line ones too, keeping line numbers (an unclosed
    comment runs to the end of the file, as in PETRARCH2)."""
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            out.append(text[pos:])
            break
        out.append(text[pos:start])
        end = text.find("-->", start + 4)
        stop = len(text) if end < 0 else end + 3
        out.append("\n" * text.count("\n", start, stop))
        pos = stop
    return "".join(out)


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
    verbs: dict[str, list[VerbEntry]] = {}
    skipped = 0
    current_set: str | None = None
    set_plurals = True
    set_items: list[tuple[str, ...]] = []
    block: VerbBlock | None = None
    implicit = False  # the block was opened by a verb line (TABARI layout), not a header
    in_verbs = False
    text = _strip_html_comments(text)

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
        head = _BLOCK.match(line)
        if head:
            in_verbs = True  # a block header opens the verb section even without its header
            code, reverse, ok = _parse_code(head.group(2), name, line_no)
            block = VerbBlock(head.group(1), code, reverse, line_no)
            blocks.append(block)
            implicit = False
            continue
        if line.startswith("~"):
            continue
        if not in_verbs and not (line.startswith("-") or _CODE.search(line)):
            continue  # preamble text before any verb entry
        in_verbs = True
        if line.startswith("-"):
            if block is None:
                continue  # a pattern before any verb: nothing to attach it to
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
        if block is None or (implicit and block.patterns):
            # TABARI layout: each verb line (after the previous verb's patterns) opens a block
            word0 = _CODE.sub("", _FORMS.sub("", line)).split()
            label = word0[0].strip("+").upper() if word0 else f"LINE{line_no}"
            code, reverse, _ = (_parse_code(code_m.group(1), name, line_no) if code_m
                                else (None, None, True))
            block = VerbBlock(label, code, reverse, line_no)
            blocks.append(block)
            implicit = True
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
        entry = VerbEntry(block, tuple(parts[1:]), own_code, own_rev)
        keys = {parts[0]} | {f.split("_")[0] for f in forms}
        for key in keys:
            verbs.setdefault(key, []).append(entry)
    close_set()
    if not blocks:
        raise LexiconError(name, None, "no verb blocks ('---  NAME  [code]  ---') or verb "
                                       "lines ('VERB [code]') found; is this a PETRARCH verb "
                                       "dictionary?")
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


# keyed on Settings.lexicons: a few entries, each a whole lexicon
@functools.lru_cache(maxsize=16)
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


@functools.cache
def bundled_phoenix_verbs() -> PetrarchVerbs:
    """The Phoenix verb patterns and discards bundled with the package (converted by
    scripts/convert_phoenix_verbs.py; MIT, see data/NOTICE-phoenix-verbs.txt), read once."""
    data = resources.files("multipolar.lexicon").joinpath("data")
    verbs = parse_verb_dictionary(data.joinpath("phoenix_verbs.txt").read_text(encoding="utf-8"),
                                  "phoenix_verbs.txt")
    sentence, _ = parse_discards(data.joinpath("phoenix_discards.txt").read_text(encoding="utf-8"))
    verbs.sentence_discards = sentence
    return verbs
