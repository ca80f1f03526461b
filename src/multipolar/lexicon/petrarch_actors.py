"""Reader for PETRARCH / TABARI actor and agent dictionaries (e.g. the Phoenix set).

Format (openeventdata/petrarch2, docs/source/dictionaries.rst):

- Actors: a primary phrase with an optional default `[CODE]`, synonym lines starting with '+',
  and date restrictions on lines starting with a tab: `[CODE <date]`, `[CODE >date]`,
  `[CODE date-date]` (limits inclusive; dates YYYYMMDD or YYMMDD, YY 00-30 meaning 20YY).
  Several restrictions may also follow a phrase on one line. Words are separated by blanks or
  underscores; a final underscore is dropped. `[---]` is the null code.
- Agents: `PHRASE {PLURAL} [~SECTOR]` (plural generated when absent; `{}`: none),
  substitution sets `!NAME! = A, B`. A code `~GOV` is added after the actor code; `NGO~`
  (before it) is read as the sector NGO as well.
- Comments: '#', ';' to end of line, and `<!-- … -->`.

Phrases in these files are upper case. A phrase's first word must be capitalised in the text
(abbreviations of up to three letters must match exactly); agents match in any case.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from multipolar.errors import LexiconError
from multipolar.lexicon.actor_entries import ActorEntry, ActorLexicon, EntryKind, Tenure, tokenize

__all__ = ["PetrarchRecord", "load_petrarch_directory", "read_actor_file", "read_agent_file"]

_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_PLURAL_BLOCK = re.compile(r"\{([^}]*)\}")
_SUBSTITUTION = re.compile(r"^!(\w+)!\s*=\s*(.+)$")
_COMMENT = re.compile(r"<!--.*?-->")
_ONE_DAY = dt.timedelta(days=1)

log = logging.getLogger(__name__)


@dataclass(slots=True)
class PetrarchRecord:
    """One actor record: its phrases and its (possibly dated) codes."""

    phrases: list[str]
    line: int
    default: str | None = None
    tenures: list[Tenure] = field(default_factory=list)


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _clean_lines(text: str) -> Iterator[tuple[int, str]]:
    """Lines without comments (keeping leading whitespace, which marks date restrictions)."""
    in_comment = False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_comment:
            if "-->" in line:
                line = line.split("-->", 1)[1]
                in_comment = False
            else:
                continue
        line = _COMMENT.sub("", line)
        if "<!--" in line:
            line, in_comment = line.split("<!--", 1)[0], True
        line = line.split("#", 1)[0].split(";", 1)[0].rstrip()
        if line.strip():
            yield number, line


def parse_date(raw: str, source: str, line: int) -> dt.date:
    """YYYYMMDD or YYMMDD (YY 00-30 -> 20YY, else 19YY), as PETRARCH reads them."""
    digits = raw.strip()
    if not digits.isdigit() or len(digits) not in (6, 8):
        raise LexiconError(source, line, f"date {raw!r} is not YYMMDD or YYYYMMDD")
    if len(digits) == 6:
        yy = int(digits[:2])
        digits = f"{2000 + yy if yy <= 30 else 1900 + yy}{digits[2:]}"
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise LexiconError(source, line, f"date {raw!r} is not a calendar date") from None


def _parse_code(block: str, source: str, line: int, ident: str) -> tuple[str | None, Tenure | None]:
    """'CHNGOV >20121115' -> (None, Tenure); 'AFG' -> ('AFG', None); '---' -> (None, None)."""
    parts = block.split()
    if not parts:
        return None, None
    code = parts[0]
    if code.startswith("---"):
        return None, None
    if not code.isalnum():
        raise LexiconError(source, line, f"code {code!r} is not letters and digits")
    if len(parts) == 1:
        return code.upper(), None
    restriction = "".join(parts[1:])
    if restriction.startswith("<"):
        end = parse_date(restriction[1:], source, line) + _ONE_DAY
        return None, Tenure(code.upper(), None, end, entry=ident)
    if restriction.startswith(">"):
        start = parse_date(restriction[1:], source, line)
        return None, Tenure(code.upper(), start, None, entry=ident)
    first, dash, last = restriction.partition("-")
    if not dash:
        raise LexiconError(source, line, f"date restriction {restriction!r} is not <d, >d or d-d")
    start = parse_date(first, source, line)
    end = parse_date(last, source, line) + _ONE_DAY
    return None, Tenure(code.upper(), start, end, entry=ident)


def _phrase(raw: str) -> str:
    words = [w for w in re.split(r"[\s_]+", raw.strip()) if w]
    return " ".join(words)


def read_actor_file(path: Path, *, strict: bool = False) -> Iterator[PetrarchRecord]:
    """Yield the records of a PETRARCH actor dictionary.

    A malformed code or date restriction raises LexiconError when `strict`, else it is skipped
    (the Phoenix files hold a few, e.g. a seven-digit date) and one warning per file says how
    many.
    """
    source = str(path)
    skipped: list[LexiconError] = []
    record: PetrarchRecord | None = None
    for number, line in _clean_lines(_read_text(path)):
        stripped = line.strip()
        codes_at = stripped.find("[")
        phrase_part = stripped if codes_at < 0 else stripped[:codes_at]
        blocks = _CODE_BLOCK.findall(stripped)
        if line[0] in " \t" and stripped.startswith("["):
            if record is None:
                raise LexiconError(source, number, "date restriction before any actor phrase")
        elif stripped.startswith("+"):
            if record is None:
                raise LexiconError(source, number, "synonym '+' before any actor phrase")
            phrase = _phrase(phrase_part[1:])
            if phrase:
                record.phrases.append(phrase)
        else:
            if record is not None:
                yield record
            record = PetrarchRecord([_phrase(phrase_part)], number)
        for k, block in enumerate(blocks):
            ident = f"petrarch:{path.name}:{record.line}#{len(record.tenures) + k + 1}"
            try:
                default, tenure = _parse_code(block, source, number, ident)
            except LexiconError as error:
                if strict:
                    raise
                log.debug("skipped: %s", error)
                skipped.append(error)
                continue
            if default is not None:
                record.default = record.default or default
            if tenure is not None:
                record.tenures.append(tenure)
    if record is not None:
        yield record
    _report(path, skipped)


def _report(path: Path, skipped: list[LexiconError]) -> None:
    if skipped:
        log.warning("%s: skipped %d malformed line(s), first: %s", path.name, len(skipped),
                    skipped[0].problem)


def _plurals(root: str) -> list[str]:
    if root.endswith("Y") and not root.endswith(("AY", "EY", "OY", "UY")):
        return [root[:-1] + "IES"]
    if root.endswith(("SS", "SH", "CH", "X")):
        return [root + "ES"]
    if root.endswith("S"):
        return []
    return [root + "S"]


def read_agent_file(path: Path, *, strict: bool = False) -> Iterator[tuple[int, str, str]]:
    """Yield (line, phrase, sector) for every phrase of a PETRARCH agents dictionary.

    A line without a code raises LexiconError when `strict`, else it is logged and skipped.
    """
    source = str(path)
    skipped: list[LexiconError] = []
    substitutions: dict[str, list[str]] = {}
    for number, line in _clean_lines(_read_text(path)):
        stripped = line.strip()
        sub = _SUBSTITUTION.match(stripped)
        if sub:
            substitutions[sub.group(1)] = [w.strip() for w in sub.group(2).split(",")
                                           if w.strip()]
            continue
        code_match = re.search(r"\[([^\]\}]*)[\]\}]", stripped)
        sector = code_match.group(1).replace("~", "").strip().upper() if code_match else ""
        if code_match is None or not sector.isalnum():
            error = LexiconError(source, number, f"agent line {stripped!r} has no [~CODE] or "
                                                 "[CODE~]")
            if strict:
                raise error
            log.debug("skipped: %s", error)
            skipped.append(error)
            continue
        head = stripped[:code_match.start()]
        plural_match = _PLURAL_BLOCK.search(head)
        root = _PLURAL_BLOCK.sub("", head).strip()
        root = _phrase(root) if root else ""
        if not root:
            continue
        forms = [root]
        if "!" not in root:
            if plural_match is not None:
                forms += [_phrase(p) for p in plural_match.group(1).split(",") if p.strip()]
            else:
                forms += _plurals(root)
        for form in forms:
            for expanded in _expand(form, substitutions, source, number):
                yield number, expanded, sector
    _report(path, skipped)


def _expand(form: str, substitutions: dict[str, list[str]], source: str, line: int
            ) -> list[str]:
    match = re.search(r"!(\w+)!", form)
    if match is None:
        return [form]
    values = substitutions.get(match.group(1))
    if values is None:
        raise LexiconError(source, line, f"substitution set !{match.group(1)}! is not defined")
    out: list[str] = []
    for value in values:
        out += _expand(form[:match.start()] + value + form[match.end():], substitutions,
                       source, line)
    return out


def _actor_tokens(phrase: str) -> list[str]:
    """Case pattern for an upper-case phrase: first word capitalised, short abbreviations kept."""
    tokens = list(tokenize(phrase))
    if not tokens:
        return tokens
    first = tokens[0]
    letters = [c for c in first if c.isalpha()]
    if not (len(tokens) == 1 and len(letters) <= 3):
        first = first[:1] + first[1:].lower()
    return [first] + [t.lower() for t in tokens[1:]]


def _entry_for(record: PetrarchRecord, path: Path) -> ActorEntry | None:
    ident = f"petrarch:{path.name}:{record.line}"
    tenures = list(record.tenures)
    if record.default is not None:
        tenures.append(Tenure(record.default, entry=ident))
    if not tenures:
        return None
    name = record.phrases[0].title()
    if all(len(t.code) == 3 and t.code.isalpha() for t in tenures):
        # a country (its dated codes are countries too: Serbia and Montenegro, Yugoslavia…)
        code = record.default or tenures[-1].code
        return ActorEntry(EntryKind.COUNTRY, ident, name, code=code, country=code,
                          tenures=tuple(tenures) if record.tenures else (), source="petrarch")
    if not record.tenures:
        return ActorEntry(EntryKind.ACTOR, ident, name, code=record.default,
                          tenures=tuple(tenures), source="petrarch")
    return ActorEntry(EntryKind.ACTOR, ident, name, code=record.default,
                      country=tenures[0].code[:3], individual=True, tenures=tuple(tenures),
                      source="petrarch")


def load_petrarch_directory(directory: Path) -> ActorLexicon:
    """Load every `*actors*.txt` and `*agents*.txt` file of a directory."""
    lexicon = ActorLexicon()
    files = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix == ".txt")
    actors = [p for p in files if "actors" in p.name.lower()]
    agents = [p for p in files if "agents" in p.name.lower()]
    if not actors and not agents:
        raise LexiconError(str(directory), None, "no *actors*.txt or *agents*.txt files here; "
                                                 "is this a PETRARCH dictionary directory?")
    for path in actors:
        for record in read_actor_file(path):
            entry = _entry_for(record, path)
            if entry is None:
                continue
            for phrase in record.phrases:
                lexicon.add_tokens(_actor_tokens(phrase), entry)
    for path in agents:
        for line, phrase, sector in read_agent_file(path):
            entry = ActorEntry(EntryKind.ROLE, f"petrarch:{path.name}:{line}", phrase.lower(),
                               code=sector, sector=sector, source="petrarch")
            lexicon.add(phrase.lower(), entry)
    return lexicon
