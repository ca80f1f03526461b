"""Our event-trigger lexicon: verb and noun rows mapped to CAMEO codes, plus modality cue words.

Three data files in `multipolar/lexicon/data/` (each with a '#' header naming its sources):

- `verbs.tsv`: trigger rows (`TriggerEntry`): lemma, optional phrasal particle, optional required
  object, where the target is, CAMEO code, flags.
- `modality.tsv`: cue words by role (speech, future, intent, deny, fail, aux_future, aux_hypo,
  mark_hypo, doubt) and noun classes (abstract, armed, place).
- `intents.tsv`: the act-code → governor-code mapping for "pledged to …", "threatened to …",
  "urged X to …", "demanded that …", "refused to …", "accused X of …".
- `refine.tsv`: modifier → sub-code ("military aid" 072, "air strikes" 195).
- `one_sided.tsv`: the code families that stand without a target (statements, protests…), and
  what their target is then (none, or the government of the country where the act happens).
- `statements.tsv`: the speech verbs whose political subject's own comment is a statement (01x),
  and the complement words that make it pessimistic (012) or optimistic (013).

`VerbLexicon.load(directories)` reads the same files from user directories (missing files
fall back to the bundled ones), so a `multipolar:DIR` lexicon can replace any of them.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from multipolar.errors import LexiconError
from multipolar.lexicon.tsv import data_source, read_tsv
from multipolar.ontology import cameo

__all__ = [
    "FLAGS",
    "GOVERNORS",
    "MODALITY_ROLES",
    "ONE_SIDED_TARGETS",
    "PLACE_OBJECT",
    "SPEECH_KINDS",
    "STATEMENT_KINDS",
    "Flag",
    "TriggerEntry",
    "VerbLexicon",
    "default_lexicon",
]

_VERB_COLUMNS = ("id", "pos", "lemma", "particle", "object", "target", "code", "flags",
                 "example")
_MODALITY_COLUMNS = ("lemma", "role", "note")
_INTENT_COLUMNS = ("governor", "act", "code")
_REFINE_COLUMNS = ("modifier", "code", "refined")
_ONE_SIDED_COLUMNS = ("code", "target", "note")
ONE_SIDED_TARGETS = frozenset({"none", "government", "country", "never"})
_STATEMENT_COLUMNS = ("lemma", "kind", "code", "note")
# statements.tsv kinds of a word that says something itself (a speech verb, a verb of belief,
# a verb of keeping silent); the other kinds are cues, voices or nouns
SPEECH_KINDS = frozenset({"verb", "belief", "silence", "announce"})
# statements.tsv: each kind with the codes its rows may take
_STATEMENT_CODES = {"verb": ("010", "012", "013"), "belief": ("010",), "silence": ("010", "016"),
                    "announce": ("010",),
                    "noun": ("010", "012", "013"), "utter": ("",),
                    "pessimistic": ("012",), "optimistic": ("013",), "empathetic": ("018",),
                    "denial": ("016",), "voice": ("",), "voiceless": ("",),
                    "anonymous": ("",)}
STATEMENT_KINDS = frozenset(_STATEMENT_CODES)

class Flag(StrEnum):
    """What a verbs.tsv row says beyond its code (the `flags` column; see the file's header)."""

    RECIP = "recip"  # reciprocal: both directions
    MUTUAL = "mutual"  # conjoined sources act on each other when there is no target
    CLAUSE = "clause"  # fires only with the clause it governs ("agreed to …")
    ABSORB = "absorb"  # the act in its complement is not coded on its own
    OBJTARGET = "objtarget"  # the actor of the required object is the target
    NOPRED = "nopred"  # not with an object predicate ("called X a terrorist")
    ARMED = "armed"  # refined with "armed" when the target is an armed force
    INTENT = "intent"  # the governors: an act in the complement refines the code
    THREAT = "threat"
    APPEAL = "appeal"
    DEMAND = "demand"
    REFUSE = "refuse"
    ACCUSE = "accuse"
    CONSIDER = "consider"
    ALONE = "alone"  # an act noun that stands without a target when it names its own actor
    SWAP = "swap"  # the party of the target slot acts on the subject ("fell to X": X took it)


GOVERNORS = (Flag.INTENT, Flag.THREAT, Flag.APPEAL, Flag.DEMAND, Flag.REFUSE, Flag.ACCUSE,
             Flag.CONSIDER)
FLAGS = frozenset(Flag)
PLACE_OBJECT = "@place"
"""In the object column: any proper name of a place ("captured Raqqa")."""
MODALITY_ROLES = frozenset({"rebut", "force_noun", "backing", "speech", "channel", "neg_prep",
                            "future", "intent", "threat", "deny", "fail", "aux_future",
                            "aux_hypo", "mark_hypo", "abstract", "armed",
                            "place", "doubt", "ready", "accede",
                            "frame", "caution", "nonforce", "anticipation",
                            "traveller", "unrealised", "undergo", "purpose", "relation",
                            "dismiss", "command", "locative", "plan", "plan_verb", "defend",
                            "matter", "perform", "quantity", "protester",
                            "partitive", "aim", "figurative",
                            "custody", "open_space",
                            # the material round's (docs/events.md)
                            "casualty", "partner", "participant", "utterance",
                            # the material recall round's
                            "contest", "holder_verb", "holder_noun", "withdrawal",
                            # the events round 8's
                            "anonymity", "query", "topic", "subjective"})
_TARGET_SLOTS = frozenset({"dobj", "dative"})


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One row of verbs.tsv."""

    id: str
    pos: str  # VERB | NOUN
    lemmas: tuple[str, ...]
    particle: str | None
    objects: frozenset[str]
    targets: tuple[str, ...]  # "dobj", "dative" or prepositions, in order of preference
    code: str
    flags: frozenset[Flag] = field(default_factory=frozenset)
    example: str = ""

    @property
    def specificity(self) -> int:
        """Rows with a particle and/or a required object are tried before bare rows."""
        return 2 * bool(self.objects) + bool(self.particle)


class VerbLexicon:
    """Trigger rows indexed by (pos, lemma), with modality cues and intent mapping."""

    def __init__(
        self,
        entries: Iterable[TriggerEntry],
        modality: Mapping[str, frozenset[str]],
        intents: Mapping[tuple[str, str], str],
        refinements: Mapping[tuple[str, str], str] | None = None,
        one_sided: Mapping[str, str] | None = None,
        statements: Mapping[tuple[str, bool], tuple[str, str]] | None = None,
    ) -> None:
        self.entries: tuple[TriggerEntry, ...] = tuple(entries)
        index: dict[tuple[str, str], list[TriggerEntry]] = defaultdict(list)
        for entry in self.entries:
            for lemma in entry.lemmas:
                index[entry.pos, lemma].append(entry)
        # Most specific first; stable within equal specificity (file order).
        self._index = {k: tuple(sorted(v, key=lambda e: -e.specificity))
                       for k, v in index.items()}
        self.modality = dict(modality)
        self.intents = dict(intents)
        self.refinements = dict(refinements or {})
        self.one_sided_rules = dict(one_sided or {})
        # statements.tsv: (lemma, is a noun row) -> (kind, code)
        self.statement_words = dict(statements or {})
        self.by_id = {e.id: e for e in self.entries}
        self._lemmas = frozenset(lemma for _, lemma in self._index)  # read once per trigger

    def candidates(self, pos: str, lemma: str) -> tuple[TriggerEntry, ...]:
        return self._index.get((pos, lemma), ())

    def has_role(self, lemma: str, role: str) -> bool:
        return lemma in self.modality.get(role, frozenset())

    def refine(self, code: str, modifiers: Iterable[str]) -> str:
        """The sub-code a modifier selects ("military" + 070 → 072), else `code`."""
        for modifier in modifiers:
            refined = self.refinements.get((modifier, code))
            if refined is not None:
                return refined
        return code

    def intent_code(self, governor: str, act_code: str) -> str | None:
        """The governor's code for an act in its complement (intents.tsv), longest prefix."""
        for cut in range(len(act_code), 1, -1):
            code = self.intents.get((governor, act_code[:cut]))
            if code is not None:
                return code
        return None

    def one_sided(self, code: str) -> str | None:
        """How an act with this code and no target is coded (one_sided.tsv, longest prefix):
        "none", "government", "country", or None when it needs a target."""
        for cut in range(len(code), 1, -1):
            rule = self.one_sided_rules.get(code[:cut])
            if rule is not None:
                return None if rule == "never" else rule
        return None

    def statement_word(self, lemma: str, *, noun: bool = False) -> tuple[str, str] | None:
        """(kind, code) of a statements.tsv word: a speech verb (`SPEECH_KINDS`), a cue of
        the complement ("pessimistic", "optimistic", "empathetic", "denial"), a noun of an
        official voice ("voice") or a sector code of speakers whose sayings are no statements
        ("voiceless"), a verb that utters a saying noun ("utter"); with `noun`, a noun of
        saying ("noun": "claims", "warning"); None if it is not listed."""
        return self.statement_words.get((lemma, noun))

    @property
    def statement_verbs(self) -> frozenset[str]:
        """The speech verbs of statements.tsv (`SPEECH_KINDS`)."""
        return frozenset(w for (w, _), (kind, _) in self.statement_words.items()
                         if kind in SPEECH_KINDS)

    @property
    def lemmas(self) -> frozenset[str]:
        return self._lemmas

    @classmethod
    def load(cls, directories: Path | Sequence[Path] = ()) -> VerbLexicon:
        """Read verbs.tsv, modality.tsv, intents.tsv, refine.tsv, one_sided.tsv and
        statements.tsv, each from
        the last of `directories` that has it, else the bundled one (`data_source`)."""
        dirs = (directories,) if isinstance(directories, Path) else tuple(directories)
        entries = _read_entries(*data_source("verbs.tsv", dirs))
        modality = _read_modality(*data_source("modality.tsv", dirs))
        intents = _read_intents(*data_source("intents.tsv", dirs))
        refinements = _read_refinements(*data_source("refine.tsv", dirs))
        one_sided = _read_one_sided(*data_source("one_sided.tsv", dirs))
        statements = _read_statements(*data_source("statements.tsv", dirs))
        return cls(entries, modality, intents, refinements, one_sided, statements)


def _alternatives(cell: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a.strip().lower() for a in cell.split("|") if a.strip()))


def _check_code(name: str, line_no: int, code: str) -> None:
    if code not in cameo():
        raise LexiconError(name, line_no, f"unknown CAMEO code {code!r}; see ontology/cameo.tsv")


def _read_entries(name: str, text: str) -> list[TriggerEntry]:
    entries: list[TriggerEntry] = []
    seen: set[str] = set()
    for line_no, row in read_tsv(text, name, _VERB_COLUMNS):
        ident = row["id"]
        if not ident or ident in seen:
            raise LexiconError(name, line_no, f"missing or duplicate id {ident!r}")
        seen.add(ident)
        pos = row["pos"].upper()
        if pos not in {"VERB", "NOUN"}:
            raise LexiconError(name, line_no, f"pos must be VERB or NOUN, got {row['pos']!r}")
        lemmas = _alternatives(row["lemma"])
        if not lemmas:
            raise LexiconError(name, line_no, "empty lemma")
        targets = _alternatives(row["target"]) or (("dobj",) if pos == "VERB" else ())
        for slot in targets:
            if not (slot in _TARGET_SLOTS or slot.isalpha()):
                raise LexiconError(name, line_no, f"bad target slot {slot!r}")
        words = frozenset(_alternatives(row["flags"]))
        unknown = words - {f.value for f in Flag}
        if unknown:
            raise LexiconError(name, line_no, f"unknown flags {sorted(unknown)}; "
                                              f"known: {sorted(f.value for f in Flag)}")
        flags = frozenset(Flag(w) for w in words)
        _check_code(name, line_no, row["code"])
        particle = row["particle"].strip().lower() or None
        entries.append(TriggerEntry(ident, pos, lemmas, particle,
                                    frozenset(_alternatives(row["object"])), targets, row["code"],
                                    flags, row["example"]))
    if not entries:
        raise LexiconError(name, None, "no trigger rows")
    return entries


def _read_modality(name: str, text: str) -> dict[str, frozenset[str]]:
    roles: dict[str, set[str]] = defaultdict(set)
    for line_no, row in read_tsv(text, name, _MODALITY_COLUMNS):
        if row["role"] not in MODALITY_ROLES:
            raise LexiconError(name, line_no, f"unknown role {row['role']!r}; "
                                              f"known: {sorted(MODALITY_ROLES)}")
        roles[row["role"]].add(row["lemma"].lower())
    return {role: frozenset(words) for role, words in roles.items()}


def _read_intents(name: str, text: str) -> dict[tuple[str, str], str]:
    mapping: dict[tuple[str, str], str] = {}
    for line_no, row in read_tsv(text, name, _INTENT_COLUMNS):
        if row["governor"] not in GOVERNORS:
            raise LexiconError(name, line_no, f"governor must be one of {list(GOVERNORS)}")
        if not row["act"].isdigit():
            raise LexiconError(name, line_no, f"act must be a code prefix, got {row['act']!r}")
        _check_code(name, line_no, row["code"])
        key = (row["governor"], row["act"])
        if key in mapping:
            raise LexiconError(name, line_no, f"duplicate mapping {key}")
        mapping[key] = row["code"]
    return mapping


def _read_refinements(name: str, text: str) -> dict[tuple[str, str], str]:
    mapping: dict[tuple[str, str], str] = {}
    for line_no, row in read_tsv(text, name, _REFINE_COLUMNS):
        _check_code(name, line_no, row["code"])
        _check_code(name, line_no, row["refined"])
        key = (row["modifier"].lower(), row["code"])
        if key in mapping:
            raise LexiconError(name, line_no, f"duplicate refinement {key}")
        mapping[key] = row["refined"]
    return mapping


def _read_one_sided(name: str, text: str) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for line_no, row in read_tsv(text, name, _ONE_SIDED_COLUMNS):
        code = row["code"]
        if not code.isdigit() or not 2 <= len(code) <= 4:
            raise LexiconError(name, line_no, f"code must be a CAMEO code prefix, got {code!r}")
        if row["target"] not in ONE_SIDED_TARGETS:
            raise LexiconError(name, line_no, f"target must be one of "
                                              f"{sorted(ONE_SIDED_TARGETS)}, got {row['target']!r}")
        if code in mapping:
            raise LexiconError(name, line_no, f"duplicate code {code!r}")
        mapping[code] = row["target"]
    return mapping


def _read_statements(name: str, text: str) -> dict[tuple[str, bool], tuple[str, str]]:
    mapping: dict[tuple[str, bool], tuple[str, str]] = {}
    for line_no, row in read_tsv(text, name, _STATEMENT_COLUMNS):
        lemma, kind, code = row["lemma"].lower(), row["kind"], row["code"]
        if kind not in STATEMENT_KINDS:
            raise LexiconError(name, line_no, f"kind must be one of {sorted(STATEMENT_KINDS)}, "
                                              f"got {kind!r}")
        if code not in _STATEMENT_CODES[kind]:
            raise LexiconError(name, line_no, f"a {kind} row takes code "
                                              f"{' or '.join(_STATEMENT_CODES[kind]) or 'none'}, "
                                              f"got {code!r}")
        key = (lemma, kind == "noun")  # a noun row may share its lemma with a verb row
        if not lemma or key in mapping:
            raise LexiconError(name, line_no, f"missing or duplicate lemma {lemma!r}")
        mapping[key] = (kind, code)
    return mapping


@functools.cache
def default_lexicon() -> VerbLexicon:
    """The bundled lexicon (loaded once, on first use)."""
    return VerbLexicon.load()
