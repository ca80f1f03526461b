"""ActorStage: finds actor mentions and resolves them to CAMEO actor codes for the article date.

Resolution paths (each Actor says which one in `resolution` and `entry`):

- dictionary: a country, region, IGO or armed group name ("Russia", "U.S.", "NATO", "Hamas";
  groups by date: the Taliban are AFGGOV from 2021-08-15);
- demonym: a country or region adjective alone ("Chinese goods", "Western sanctions");
- metonym: a capital or seat of power standing for a government ("Moscow said", "the Kremlin"),
  never a place used as a location ("arrived in Moscow", "camps in Syria");
- title: a role composed with a country ("Russian Foreign Minister" -> RUSGOV, "Chinese People's
  Liberation Army" -> CHNMIL, "leaders from Brazil" -> BRAGOV, "the Assad regime" -> SYRGOV), or
  with the country of the officials named around it ("National Security Adviser Tom Donilon");
- person: a known person, coded by the role held on the article date ("Putin" in 2009 -> RUSGOV
  as prime minister; a national leader after leaving office -> the country's ELI sector;
  namesakes such as the two Presidents Bush told apart by the date);
- coreference: a later surname, "the Russian president", "the president", a subject pronoun
  carried from the previous sentence, "the two nations" / "both countries" (the document's
  main dyad: two actors sharing one span), and names that stand for a country only in context
  ("the North" when the document is about the Koreas).

Coordinated actors ("China and Russia") give one Actor per member sharing the whole span.
Mentions that look like actors but cannot be coded (unknown people and organisations, roles with
no country) stay in the output with `code=None`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from multipolar.config import Settings
from multipolar.lexicon.actors import ActorEntry, ActorLexicon, EntryKind, actor_lexicon
from multipolar.model import Actor, Mention, Resolution
from multipolar.pipeline.base import Parsed, Stage

__all__ = ["ActorStage", "actor_at"]

# Prepositions after which a place name is a location, not an actor.
_LOCATIVE = frozenset({"in", "at", "near", "inside", "outside", "within", "throughout", "across",
                       "around", "into", "onto", "via", "beyond", "along"})
# Prepositions that make a place a location only after a verb or noun of motion.
_DIRECTIONAL = frozenset({"to", "from", "toward", "towards"})
_MOTION = frozenset({"arrive", "travel", "fly", "go", "come", "return", "head", "move", "flee",
                     "trip", "journey", "visit", "relocate", "migrate", "sail", "drive", "walk",
                     "march", "evacuate", "escape", "deport", "transfer", "ship", "export",
                     "import", "route", "drift", "arrival", "tour", "leave", "depart", "way",
                     "road", "flight", "mission", "delegation", "pilgrimage", "invite"})
# Nouns that an adjective of place modifies as a place or thing, not as an actor.
_PLACE_NOUNS = frozenset({"territory", "soil", "border", "town", "city", "village", "capital",
                          "province", "region", "coast", "waters", "airspace", "side", "language",
                          "time", "style", "food", "camp", "cuisine", "new", "year", "holiday",
                          "economy", "market", "stock", "currency", "death", "toll",
                          "crisis", "war", "conflict", "revolution", "civil"})
# Nouns naming a part of a place ("the north of the Gaza Strip").
_PART_NOUNS = frozenset({"north", "south", "east", "west", "part", "centre", "center",
                         "outskirts", "heart", "rest", "area", "edge", "northeast", "northwest",
                         "southeast", "southwest", "suburb", "suburbs"})
# Verbs whose direct object is a place ("seized Kabul"), for capitals.
_PLACE_VERBS = frozenset({"seize", "capture", "take", "retake", "enter", "reach", "visit", "tour",
                          "bomb", "shell", "strike", "hit", "leave", "flee", "control", "besiege",
                          "surround", "liberate", "storm", "evacuate", "invade", "occupy",
                          "overrun", "encircle", "approach", "bombard", "rock", "shake",
                          "host", "attend"})
# Dependency labels under which a capital stands for its government.
_AGENTIVE = frozenset({"nsubj", "nsubjpass", "poss", "dobj", "dative", "attr", "agent", "ROOT",
                       "csubj", "appos", "oprd"})
# Nouns that a country name modifies as a topic or place rather than as an actor.
_TOPIC_NOUNS = frozenset({"conflict", "war", "crisis", "issue", "question", "problem", "file",
                          "dossier", "situation", "ceasefire", "truce", "border", "region",
                          "peace", "settlement", "front", "theatre", "theater", "campaign",
                          "visit", "trip", "tour", "office", "bureau", "correspondent",
                          "edition", "desk", "time", "team"})
# Entity types inside which a country name is part of another name ("America First").
_NAME_LABELS = frozenset({"WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "FAC", "LANGUAGE"})
# Roles that take the sector of a more specific role before them ("army spokesman" -> MIL).
_GENERIC_ROLES = frozenset({"delegation", "spokesperson", "spokesman", "spokeswoman", "official",
                            "officials", "leader", "leaders", "chief", "envoy", "commander",
                            "commanders"})
# Sectors of state officials, whose country may come from the context.
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
_PRONOUNS = frozenset({"he", "she"})
_GROUP_NOUNS = {"nations": None, "countries": None, "states": None, "sides": None,
                "powers": None, "neighbours": None, "neighbors": None, "allies": None,
                "partners": None, "governments": "GOV", "leaders": "GOV", "presidents": "GOV",
                "capitals": "GOV", "militaries": "MIL", "armies": "MIL"}
_JOINERS = frozenset({",", "and", "&"})
_POSSESSIVE = frozenset({"'s", "\u2019s", "'"})
_FORMER = frozenset({"former", "ex", "ex-", "then", "late"})
_CONFIDENCE = {Resolution.DICTIONARY: 0.95, Resolution.PERSON: 0.95, Resolution.TITLE: 0.85,
               Resolution.METONYM: 0.8, Resolution.DEMONYM: 0.75, Resolution.COREFERENCE: 0.7,
               Resolution.UNRESOLVED: 0.0}
_ENTITY_LABELS = frozenset({"PERSON", "ORG", "NORP"})
_ORGANISATIONS = ("IGO", "NGO", "IMG")
_LOCATION_KINDS = frozenset({EntryKind.COUNTRY, EntryKind.CAPITAL, EntryKind.REGION})


def actor_at(actors: Sequence[Actor], start: int, end: int) -> list[Actor]:
    """The actors whose mention overlaps the character span [start, end)."""
    return [a for a in actors if a.mention.start < end and start < a.mention.end]


@dataclass(slots=True)
class _Item:
    """A lexicon match or an unknown named entity, in tokens [start, end)."""

    start: int
    end: int
    entries: tuple[ActorEntry, ...] = ()
    label: str | None = None  # spaCy entity label for unknown entities
    person_ent: bool = False  # spaCy tagged the first token PERSON

    def first(self, *kinds: EntryKind) -> ActorEntry | None:
        for entry in self.entries:
            if entry.kind in kinds:
                return entry
        return None

    def person_entry(self) -> ActorEntry | None:
        """A person: our people file, or a dated PETRARCH actor that spaCy calls a PERSON."""
        entry = self.first(EntryKind.PERSON)
        if entry is None and self.person_ent:
            entry = next((e for e in self.entries
                          if e.kind == EntryKind.ACTOR and e.source == "petrarch"), None)
        return entry

    def org_entry(self) -> ActorEntry | None:
        """A named group or organisation (groups.tsv, or a PETRARCH actor that is no person)."""
        for entry in self.entries:
            if entry.kind == EntryKind.ACTOR and not (self.person_ent
                                                      and entry.source == "petrarch"):
                return entry
        return None

    @property
    def kind(self) -> EntryKind | None:
        return self.entries[0].kind if self.entries else None


@dataclass(slots=True)
class _Group:
    """Adjacent items forming one actor phrase: [place] [role…] [person]."""

    items: list[_Item]
    start: int = 0
    end: int = 0
    definite: bool = False
    former: bool = False
    members: list[_Group] = field(default_factory=list)  # coordinated groups

    def __post_init__(self) -> None:
        self.start = self.items[0].start
        self.end = self.items[-1].end

    def part(self, *kinds: EntryKind) -> tuple[_Item, ActorEntry] | None:
        for item in self.items:
            entry = item.first(*kinds)
            if entry is not None:
                return item, entry
        return None

    @property
    def place(self) -> tuple[_Item, ActorEntry] | None:
        found = self.part(EntryKind.COUNTRY, EntryKind.ADJECTIVE, EntryKind.CAPITAL,
                          EntryKind.SEAT, EntryKind.REGION, EntryKind.IGO,
                          EntryKind.CONTEXTUAL)
        if found is not None:
            return found
        for item in self.items:
            entry = item.org_entry()
            if entry is not None:
                return item, entry
        return None

    @property
    def roles(self) -> list[ActorEntry]:
        return [e for i in self.items if (e := i.first(EntryKind.ROLE)) is not None]

    @property
    def person(self) -> tuple[_Item, ActorEntry | None] | None:
        for item in self.items:
            entry = item.person_entry()
            if entry is not None:
                return item, entry
            if item.label == "PERSON":
                return item, None
        return None


@dataclass(slots=True)
class _Resolved:
    """An actor before final indexing; `antecedent` points into the list being built."""

    mention: Mention
    code: str | None
    country: str | None
    sector: str | None
    name: str | None
    resolution: Resolution
    entry: str | None
    antecedent: int | None = None
    role: str | None = None  # role of a person, for "the president"
    subject: bool = False
    person: bool = False
    requires: tuple[str, ...] = ()  # countries the document must mention ("the North")


class ActorStage(Stage):
    """Resolve actor mentions to CAMEO codes (see the module docstring)."""

    name = "actors"
    version = "1.0"

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._lexicon: ActorLexicon | None = None

    @property
    def lexicon(self) -> ActorLexicon:
        if self._lexicon is None:
            self._lexicon = actor_lexicon(tuple(self.settings.lexicons))
        return self._lexicon

    def __call__(self, item: Parsed) -> Parsed:
        actors = self.resolve(item.doc, published=item.result.document.published)
        return item.with_result(actors=actors)

    def resolve(self, doc: Doc, *, published: dt.date | None) -> tuple[Actor, ...]:
        """Find and resolve the actors of a parsed document."""
        items = self._items(doc, published)
        groups = _attach_of(doc, _coordinate(doc, _group(doc, items)))
        resolved: list[_Resolved] = []
        sent_of = _sentence_index(doc)
        for group in groups:
            for member in group.members or [group]:
                _extend(resolved, self._resolve_group(doc, member, group, published, sent_of))
        self._pronouns_and_pairs(doc, resolved, sent_of)
        return _finish(resolved)

    # --- finding candidate items -------------------------------------------------------------

    def _items(self, doc: Doc, published: dt.date | None) -> list[_Item]:
        words = [t.text for t in doc]
        matches = {m.start: m for m in self.lexicon.scan(words)}
        starts = sorted(matches)
        items: list[_Item] = []
        i = 0
        while i < len(doc):
            token = doc[i]
            match = matches.get(i)
            if token.ent_iob_ == "B" and token.ent_type_ in _ENTITY_LABELS:
                ent_end = _entity_end(doc, i)
                k = bisect.bisect_left(starts, i)
                if k == len(starts) or starts[k] >= ent_end:  # no lexicon phrase inside
                    items.append(_Item(i, ent_end, label=token.ent_type_))
                    i = ent_end
                    continue
            if match is not None:
                entries = _usable(doc, match.start, match.end,
                                  _by_date(match.entries, published), self.lexicon)
                if entries:
                    items.append(_Item(match.start, match.end, entries,
                                       person_ent=token.ent_type_ == "PERSON"))
                i = match.end
                continue
            i += 1
        return items

    # --- resolving a group ---------------------------------------------------------------------

    def _resolve_group(self, doc: Doc, group: _Group, outer: _Group, published: dt.date | None,
                       sent_of: list[int]) -> list[_Resolved]:
        span_start, span_end = (outer.start, outer.end) if outer.members else (group.start,
                                                                                group.end)
        sentence = sent_of[group.start]
        head = _head(doc, outer.start, outer.end)
        subject = head.dep_ in {"nsubj", "nsubjpass"}
        place = group.place
        roles = group.roles
        person = group.person
        kind = _mention_kind(group)
        mention = Mention(doc[span_start:span_end].text, doc[span_start].idx,
                          doc[span_end - 1].idx + len(doc[span_end - 1]), sentence, kind)

        def make(code: str | None, resolution: Resolution, entry: str | None, *,
                 country: str | None = None, sector: str | None = None,
                 name: str | None = None, role: str | None = None,
                 is_person: bool = False) -> list[_Resolved]:
            if code is not None and country is None:
                country = code[:3] if not code.startswith(_ORGANISATIONS) else None
            return [_Resolved(mention, code, country, sector, name, resolution, entry,
                              role=role, subject=subject, person=is_person)]

        # A known person: the role held on the article date decides the code.
        if person is not None and person[1] is not None:
            entry = person[1]
            tenure = entry.tenure_at(published)
            position = group.items.index(person[0])
            after = [r for it in group.items[position + 1:]
                     if (r := it.first(EntryKind.ROLE)) is not None]  # "the Assad regime"
            if tenure is not None and after and not tenure.code.startswith(_ORGANISATIONS):
                own = after[-1].sector or ""
                return make(tenure.code[:3] + own, Resolution.TITLE, "rule:person+role",
                            sector=own or None)
            if tenure is not None and not group.former:
                return make(tenure.code, Resolution.PERSON, tenure.entry, name=entry.name,
                            sector=_sector_of(tenure.code), role=tenure.role, is_person=True)
            past = entry.ended_before(published) if not group.former else (
                entry.tenure_at(published) or entry.ended_before(published))
            if past is not None and past.code.startswith(_ORGANISATIONS):
                # a former leader of an organisation is still coded as its member
                return make(past.code, Resolution.PERSON, past.entry + ":former",
                            name=entry.name, role=past.role, is_person=True)
            if past is not None:
                return make(past.code[:3] + "ELI", Resolution.PERSON, past.entry + ":former",
                            name=entry.name, sector="ELI", role=past.role, is_person=True)
            if entry.country and not entry.country.startswith(_ORGANISATIONS):
                return make(entry.country, Resolution.PERSON, entry.entry, name=entry.name,
                            is_person=True)
            return make(None, Resolution.UNRESOLVED, entry.entry, name=entry.name,
                        is_person=True)

        specific = [r for r in roles if r.name not in _GENERIC_ROLES]
        role = (specific or roles)[-1] if roles else None
        person_name = person[0] if person is not None else None
        name = doc[person_name.start:person_name.end].text if person_name is not None else None

        if place is not None:
            item, where = place
            if where.kind in {EntryKind.IGO, EntryKind.ACTOR}:
                resolution = Resolution.TITLE if role is not None else Resolution.DICTIONARY
                rule = "rule:igo+title" if role is not None else where.entry
                code = where.code_at(published)
                if code is None:
                    return make(None, Resolution.UNRESOLVED, where.entry, name=where.name)
                if role is None and where.tenures:
                    rule = (where.tenure_at(published) or where.tenures[0]).entry
                return make(code, resolution, rule, name=name or where.name,
                            sector=_sector_of(code), is_person=name is not None)
            if role is not None:
                country = (where.code_at(published) if where.kind == EntryKind.COUNTRY
                           else where.code) or ""
                sector = "ELI" if group.former and role.sector == "GOV" else role.sector
                rule = {EntryKind.ADJECTIVE: "rule:title+demonym",
                        EntryKind.COUNTRY: "rule:title+country",
                        EntryKind.CAPITAL: "rule:title+capital",
                        EntryKind.SEAT: "rule:title+seat",
                        EntryKind.REGION: "rule:title+region",
                        EntryKind.CONTEXTUAL: "rule:title+contextual"}[where.kind]
                result = make(country + (sector or ""), Resolution.TITLE, rule,
                              country=country if len(country) == 3 else None, sector=sector,
                              name=name, role=role.name if role.individual else None,
                              is_person=role.individual or name is not None)
                if group.definite and role.individual and name is None:
                    result[0].resolution = Resolution.COREFERENCE
                result[0].requires = where.requires
                return result
            if name is not None and where.kind in {EntryKind.COUNTRY, EntryKind.ADJECTIVE}:
                # "Russia's Ivanov", "Syrian Mohammed X": an unknown person of a country
                return make(where.code, Resolution.DEMONYM, "rule:country+name", name=name,
                            is_person=True)
            if where.kind in _LOCATION_KINDS and _is_location(doc, outer, where.kind):
                return []
            if where.kind == EntryKind.CONTEXTUAL:
                if _is_location(doc, outer, EntryKind.COUNTRY):
                    return []
                result = make(where.code, Resolution.COREFERENCE, where.entry)
                result[0].requires = where.requires
                return result
            if where.kind == EntryKind.COUNTRY:
                code = where.code_at(published)
                if code is None:
                    return []
                return make(code, Resolution.DICTIONARY, where.entry)
            if where.kind == EntryKind.REGION:
                return make(where.code, Resolution.DICTIONARY, where.entry,
                            country=where.code)
            if where.kind == EntryKind.ADJECTIVE:
                if _adjective_of_location(doc, item):
                    return []
                return make(where.code, Resolution.DEMONYM, where.entry,
                            country=where.code if where.code and len(where.code) == 3 else None)
            code = (where.code or "") + (where.sector or "GOV")
            return make(code, Resolution.METONYM, where.entry, country=where.code,
                        sector=where.sector or "GOV")

        if role is not None and role.country is not None:
            return make(role.country + (role.sector or ""), Resolution.TITLE, role.entry,
                        country=role.country, sector=role.sector, name=name)
        if role is not None:
            # A role with no country: "the president" refers back to a person with that role.
            return make(None, Resolution.UNRESOLVED, role.entry, sector=role.sector, name=name,
                        role=role.name if role.individual else None,
                        is_person=role.individual or name is not None)
        label = group.items[0].label
        return make(None, Resolution.UNRESOLVED, None, name=mention.text,
                    is_person=label == "PERSON")

    # --- document-level resolution -----------------------------------------------------------

    def _pronouns_and_pairs(self, doc: Doc, resolved: list[_Resolved],
                            sent_of: list[int]) -> None:
        _drop_out_of_context(resolved)
        _link_coreference(resolved)
        lowers = [t.lower_ for t in doc]
        pronouns = _pronoun_mentions(doc, sent_of, lowers)
        pairs = _pair_mentions(doc, sent_of, lowers)
        if not pronouns and not pairs:
            return
        extra: list[_Resolved] = []
        people = _people_by_sentence(resolved)
        for mention in pronouns:
            antecedent = _pronoun_antecedent(resolved, people, mention.sentence)
            if antecedent is None:
                continue
            source = resolved[antecedent]
            extra.append(_Resolved(mention, source.code, source.country, source.sector,
                                   source.name, Resolution.COREFERENCE, "rule:pronoun",
                                   antecedent=antecedent, role=source.role, subject=True,
                                   person=True))
        dyad = _main_dyad(resolved)
        for mention, sector in pairs:
            if dyad is None:
                extra.append(_Resolved(mention, None, None, sector, None,
                                       Resolution.UNRESOLVED, "rule:pair"))
                continue
            for country, antecedent in dyad:
                extra.append(_Resolved(mention, country + (sector or ""), country, sector, None,
                                       Resolution.COREFERENCE, "rule:pair", antecedent))
        resolved.extend(extra)


# --- helpers ---------------------------------------------------------------------------------


def _sector_of(code: str) -> str | None:
    if code.startswith(_ORGANISATIONS):
        return None
    return code[3:6] or None


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def _entity_end(doc: Doc, i: int) -> int:
    j = i + 1
    while j < len(doc) and doc[j].ent_iob_ == "I":
        j += 1
    return j


def _by_date(entries: tuple[ActorEntry, ...], published: dt.date | None
             ) -> tuple[ActorEntry, ...]:
    """Put first, among people sharing a name ("Bush"), the one in office on the date."""
    people = [e for e in entries if e.kind == EntryKind.PERSON]
    if len(people) < 2:
        return entries

    def rank(entry: ActorEntry) -> tuple[int, dt.date]:
        if entry.kind != EntryKind.PERSON:
            return (3, dt.date.min)
        if entry.tenure_at(published) is not None:
            return (0, dt.date.min)
        past = entry.ended_before(published)
        if past is not None and past.end is not None:
            return (1, dt.date.max - (published - past.end if published else dt.timedelta(0)))
        return (2, dt.date.min)

    return tuple(sorted(entries, key=rank))


def _usable(doc: Doc, start: int, end: int, entries: tuple[ActorEntry, ...],
            lexicon: ActorLexicon) -> tuple[ActorEntry, ...]:
    """Drop readings the context rules out (roles that are not nouns, names inside names)."""
    last = doc[end - 1]
    kept = []
    for entry in entries:
        if entry.kind == EntryKind.ROLE and not _role_noun(doc, last, lexicon):
            continue
        if entry.kind in {EntryKind.COUNTRY, EntryKind.CAPITAL, EntryKind.ADJECTIVE,
                          EntryKind.REGION} and (_inside_other_name(doc, start, end)
                                                 or _dateline(doc, start, end)):
            continue
        if entry.kind == EntryKind.PERSON and (_after_first_name(doc, start, lexicon)
                                               or _part_of_other_name(doc, start, end)):
            continue  # "Jeb Bush" is not George W. Bush, nor "Trump Tower" Donald Trump
        kept.append(entry)
    return tuple(kept)


def _role_noun(doc: Doc, last: Token, lexicon: ActorLexicon) -> bool:
    """A role noun heading its phrase: not an adjective, not a modifier ('regime change')."""
    if last.pos_ not in {"NOUN", "PROPN"}:
        return False
    head = last.head
    if last.dep_ in {"compound", "amod", "nmod"} and head.i > last.i and head.pos_ == "NOUN":
        # a modifier of a common noun: a role only if that noun is one too ("army commander",
        # "PLA honor guard"), not in "regime change", "police station"
        phrases = (head.text, doc[max(head.i - 1, last.i + 1):head.i + 1].text)
        return any(e.kind == EntryKind.ROLE for p in phrases for e in lexicon.lookup(p.lower()))
    return True


_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lord",
                         "lady", "madame", "gov.", "sen.", "rep.", "sheikh", "prince", "gen.",
                         "president", "premier", "minister", "chancellor", "king", "queen"})


def _after_first_name(doc: Doc, start: int, lexicon: ActorLexicon) -> bool:
    """A surname alias preceded by another given name in the same PERSON entity."""
    token = doc[start]
    if start == 0 or token.ent_iob_ != "I" or token.ent_type_ != "PERSON":
        return False
    before = doc[start - 1]
    if before.lower_ in _HONORIFICS or before.pos_ != "PROPN":
        return False
    return not any(e.kind == EntryKind.ROLE for e in lexicon.lookup(before.lower_))


def _part_of_other_name(doc: Doc, start: int, end: int) -> bool:
    """A person's name used in a place or building name, or as a first name ("Kerry
    Packer")."""
    if doc[start].ent_type_ in {"GPE", "LOC", "FAC"}:
        return True
    following = doc[end] if end < len(doc) else None
    return (following is not None and end - start == 1 and following.ent_iob_ == "I"
            and following.ent_type_ == "PERSON" and following.pos_ == "PROPN")


def _dateline(doc: Doc, start: int, end: int) -> bool:
    """'SEOUL:', 'GAZA CITY: …' at the start of a text: where it was filed, not an actor."""
    text = doc[start:end].text
    following = doc[end].text if end < len(doc) else ""
    return len(text) >= 4 and text.isupper() and following in {":", "—", "--", "("} \
        and start <= 3


def _inside_other_name(doc: Doc, start: int, end: int) -> bool:
    """'Mexico' in 'New Mexico', 'Washington' in 'George Washington', 'Jordan' in a person."""
    token = doc[start]
    if token.ent_type_ in _NAME_LABELS:
        return True
    if token.ent_type_ == "PERSON" and doc[end - 1].ent_type_ == "PERSON":
        return True
    if start > 0 and token.ent_iob_ == "I":
        before = doc[start - 1]
        if before.pos_ == "PROPN" and before.ent_type_ in {"GPE", "PERSON", "LOC", "FAC"}:
            return True
    return False


def _group(doc: Doc, items: list[_Item]) -> list[_Group]:
    """Join adjacent items into phrases: [the] [place ['s]] [role…] [person]."""
    groups: list[_Group] = []
    current: list[_Item] = []

    def close() -> None:
        if current:
            group = _Group(list(current))
            before = _skip_back(doc, group.start)
            group.definite = before is not None and doc[before].lower_ in {"the", "this", "that"}
            window = [doc[j].lower_ for j in range(max(0, group.start - 4), group.start)]
            group.former = any(w in _FORMER for w in window[-2:]) and "current" not in window
            groups.append(group)
            current.clear()

    for item in items:
        if current and _joins(doc, current, item):
            current.append(item)
            continue
        close()
        current.append(item)
    close()
    return groups


def _skip_back(doc: Doc, i: int) -> int | None:
    j = i - 1
    while j >= 0 and doc[j].lower_ in _FORMER | {"-"}:
        j -= 1
    return j if j >= 0 else None


def _stage(item: _Item) -> int:
    """Order of parts in a phrase: place 0, role 1, person 2."""
    if item.label == "PERSON" or item.person_entry() is not None:
        return 2
    if item.label is not None:
        return 3
    if item.first(EntryKind.ROLE):
        return 1
    return 0


def _joins(doc: Doc, current: list[_Item], item: _Item) -> bool:
    last = current[-1]
    gap = [t.text for t in doc[last.end:item.start]]
    before, after = _stage(last), _stage(item)
    if after == 3 or before == 3:
        return False
    if before == 2:
        # "the Assad regime", "the Trump administration": a person's organisation
        role = item.first(EntryKind.ROLE)
        return after == 1 and not gap and role is not None and not role.individual
    if gap and not (before == 0 and all(g in _POSSESSIVE for g in gap)):
        return False
    if before == 0 and after == 0:
        return False
    if before == 1 and after == 1:
        return True
    return after > before


# A coordinated list longer than this starts a new group: checking each new member against
# the list so far is quadratic, and a hostile text of thousands of names would stall analysis.
_MAX_COORDINATED = 64


def _coordinate(doc: Doc, groups: list[_Group]) -> list[_Group]:
    """Merge 'A and B' / 'A, B and C' of places or people into one group with members."""
    out: list[_Group] = []
    for group in groups:
        previous = out[-1] if out else None
        if previous is not None and len(previous.members) < _MAX_COORDINATED \
                and _coordinated(doc, previous, group):
            members = previous.members or [previous]
            merged = _Group(previous.items + group.items)
            merged.members = [*members, group]
            merged.definite = previous.definite
            out[-1] = merged
            continue
        out.append(group)
    return out


def _simple(group: _Group) -> bool:
    """A bare place or person (no role), which can be coordinated."""
    if group.roles:
        return False
    place = group.place
    if place is not None and place[1].kind == EntryKind.ADJECTIVE:
        return False
    return place is not None or group.person is not None


def _coordinated(doc: Doc, left: _Group, right: _Group) -> bool:
    gap = [t.lower_ for t in doc[left.end:right.start]]
    if not gap or not all(g in _JOINERS for g in gap):
        return False
    members = left.members or [left]
    if not all(_simple(m) for m in members) or not _simple(right):
        return False
    if any((m.person is None) != (right.person is None) for m in members):
        return False  # "According to the Kremlin, Xi and Putin": no place/person mix
    if "and" in gap or "&" in gap:
        return True  # the parser often attaches the second conjunct elsewhere: trust "and"
    # "A, B and C": a comma alone continues a list the parser sees, ending with "and" later on
    root = _head(doc, right.start, right.end)
    if root.dep_ not in {"conj", "appos"} or not any(
            m.start <= root.head.i < m.end for m in members):
        return False
    k = right.end
    return k < len(doc) and doc[k].lower_ in {",", "and"}


def _attach_of(doc: Doc, groups: list[_Group]) -> list[_Group]:
    """'leaders from Brazil, Serbia and Slovakia', 'the president of France': role + places."""
    out: list[_Group] = []
    i = 0
    while i < len(groups):
        group = groups[i]
        if i + 1 < len(groups) and group.roles and group.place is None and group.person is None:
            places = groups[i + 1]
            gap = [t.lower_ for t in doc[group.end:places.start]]
            members = places.members or [places]
            if gap in (["of"], ["from"]) and all(
                    m.place is not None and m.person is None and not m.roles and
                    m.place[1].kind in {EntryKind.COUNTRY, EntryKind.CAPITAL, EntryKind.IGO,
                                        EntryKind.REGION} for m in members):
                merged = _Group(group.items + places.items)
                merged.members = [_Group(group.items + m.items) for m in members]
                merged.definite = group.definite
                out.append(merged)
                i += 2
                continue
        out.append(group)
        i += 1
    return out


def _head(doc: Doc, start: int, end: int) -> Token:
    """The syntactic head of a span: its last content word whose head lies outside it.

    Cached per Doc (token index in `doc.user_data`): each member of a coordinated list asks for
    the head of the whole list, which was quadratic in the list's length.
    """
    cache = doc.user_data.setdefault("multipolar.actors.head", {})
    index = cache.get((start, end))
    if index is None:
        index = cache[(start, end)] = _find_head(doc, start, end).i
    return doc[index]


def _find_head(doc: Doc, start: int, end: int) -> Token:
    outside = [t for t in doc[start:end]
               if not start <= t.head.i < end or t.head.i == t.i]
    content = [t for t in outside if t.pos_ not in {"DET", "PUNCT", "PART", "CCONJ"}]
    if content:
        return content[-1]
    return outside[-1] if outside else doc[start:end].root


def _is_location(doc: Doc, group: _Group, kind: EntryKind) -> bool:
    """A place used as a location ('in Moscow'), not as an actor ('Moscow said')."""
    head = _head(doc, group.start, group.end)
    for _ in range(_MAX_COORDINATED):  # bounded: a chain of thousands of conjuncts stays linear
        if head.dep_ not in {"conj", "appos"} or head.head == head:
            break
        head = head.head  # "Brazil and Russia", "Baghuz, eastern Syria": the first one's role
    dep = head.dep_
    if kind in {EntryKind.COUNTRY, EntryKind.REGION} and dep in {"compound", "nmod"} \
            and head.head.lemma_.lower() in _TOPIC_NOUNS:
        return True  # "the Ukraine conflict", "the Syria crisis": a topic, not an actor
    if kind == EntryKind.COUNTRY and dep in {"compound", "nmod"} and head.head.pos_ == "PROPN" \
            and not group.start <= head.head.i < group.end:
        return True  # part of another name: "America First", "China Daily"
    if dep == "pobj":
        prep = head.head
        word = prep.lower_
        if word in _LOCATIVE:
            return True
        if word == "of" and prep.head.lemma_.lower() in _PLACE_NOUNS | _PART_NOUNS:
            return True  # "the north of the Gaza Strip", "the city of Tel Aviv"
        if word in _DIRECTIONAL and (prep.head.lemma_.lower() in _MOTION):
            return True
        return bool(word == "from" and prep.head.pos_ == "VERB")
    if kind == EntryKind.CAPITAL:
        if _hyphen_pair(doc, group):
            return False  # "a Seoul-Washington exercise": two governments
        if dep == "dobj" and head.head.lemma_.lower() in _PLACE_VERBS:
            return True  # "seized Kabul", "visited Beijing"
        return dep not in _AGENTIVE
    if kind == EntryKind.REGION and group.end < len(doc) and doc[group.end].lower_ == "of":
        return True  # "the west of the country"
    return bool(kind == EntryKind.REGION and dep in {"compound", "npadvmod"})


def _hyphen_pair(doc: Doc, group: _Group) -> bool:
    after = group.end + 1
    before = group.start - 2
    return (group.end < len(doc) and doc[group.end].text == "-" and after < len(doc)
            and doc[after].ent_type_ == "GPE") or \
           (before >= 0 and doc[group.start - 1].text == "-" and doc[before].ent_type_ == "GPE")


def _adjective_of_location(doc: Doc, item: _Item) -> bool:
    """'Russian territory', 'Syrian town': an adjective of place on a place noun is no actor."""
    head = doc[item.end - 1].head
    for _ in range(3):  # "western Syria", "Indian-controlled Kashmir"
        if head.pos_ == "PROPN" and head.ent_type_ in {"GPE", "LOC"} and head.i >= item.end:
            return True
        if head.pos_ not in {"ADJ", "VERB", "PUNCT"} or head.head == head:
            break
        head = head.head
    head = doc[item.end - 1].head
    return head.lemma_.lower() in _PLACE_NOUNS


def _mention_kind(group: _Group) -> str:
    if group.person is not None:
        last = group.items[-1]
        return "ROLE" if last.first(EntryKind.ROLE) and last is not group.person[0] else "PERSON"
    place = group.place
    if group.roles:
        return "ROLE"
    if place is None:
        return group.items[0].label or "ROLE"
    return {EntryKind.COUNTRY: "GPE", EntryKind.CAPITAL: "GPE", EntryKind.ADJECTIVE: "NORP",
            EntryKind.SEAT: "FAC", EntryKind.REGION: "LOC", EntryKind.IGO: "ORG",
            EntryKind.CONTEXTUAL: "GPE"}.get(
                place[1].kind, "ORG")


def _extend(resolved: list[_Resolved], new: Iterable[_Resolved]) -> None:
    resolved.extend(new)


def _drop_out_of_context(resolved: list[_Resolved]) -> None:
    """Remove contextual names ("the North") whose countries the document never mentions."""
    if not any(r.requires for r in resolved):
        return
    present = {r.country for r in resolved if not r.requires and r.country}
    resolved[:] = [r for r in resolved if not r.requires or present & set(r.requires)]


def _link_coreference(resolved: list[_Resolved]) -> None:
    """Point later mentions of a person (surname, 'the Russian president') to earlier ones.

    One pass with indexes of what has been seen, so long documents stay linear.
    """
    first_by_name: dict[str, int] = {}  # a named person's first mention
    last_by_code: dict[str, int] = {}  # the last named person with a code
    last_by_role: dict[str, int] = {}  # the last person with a role and a code
    last_official: int | None = None  # the last named person with a country
    for i, actor in enumerate(resolved):
        if actor.antecedent is None:
            _link_one(resolved, i, first_by_name, last_by_code, last_by_role, last_official)
        if actor.person and actor.name is not None:
            first_by_name.setdefault(actor.name, i)
            if actor.code is not None:
                last_by_code[actor.code] = i
            if actor.country is not None and actor.code is not None:
                last_official = i
        if actor.person and actor.role is not None and actor.code is not None:
            last_by_role[actor.role] = i


def _link_one(resolved: list[_Resolved], i: int, first_by_name: dict[str, int],
              last_by_code: dict[str, int], last_by_role: dict[str, int],
              last_official: int | None) -> None:
    actor = resolved[i]
    if actor.resolution == Resolution.PERSON and actor.name is not None:
        # a later mention of a person already named: refer to the first mention
        j = first_by_name.get(actor.name)
        if j is not None and resolved[j].mention != actor.mention:
            actor.antecedent = j
            actor.resolution = Resolution.COREFERENCE
    elif actor.person and actor.code is not None and actor.name is None:
        # "the Russian president": the last named person with this code
        j = last_by_code.get(actor.code)
        if j is not None:
            actor.antecedent = j
            actor.name = resolved[j].name
            actor.resolution = Resolution.COREFERENCE
    elif actor.code is None and actor.name is not None and actor.sector in _STATE_SECTORS:
        # "National Security Adviser Tom Donilon" after "Obama": the country of the nearest
        # named official in this or the previous sentence
        if last_official is not None and \
                resolved[last_official].mention.sentence >= actor.mention.sentence - 1:
            other = resolved[last_official]
            actor.country = other.country
            actor.code = (other.country or "") + (actor.sector or "")
            actor.resolution = Resolution.TITLE
            actor.entry = "rule:title+context-country"
            actor.antecedent = last_official
    elif actor.person and actor.code is None and actor.role is not None and actor.name is None:
        # "the president": the last person who held this role
        j = last_by_role.get(actor.role)
        if j is not None:
            other = resolved[j]
            actor.antecedent = j
            actor.code, actor.country, actor.sector = other.code, other.country, other.sector
            actor.name = other.name
            actor.resolution = Resolution.COREFERENCE
            actor.entry = "rule:role-coreference"


def _pronoun_mentions(doc: Doc, sent_of: list[int], lowers: list[str]) -> list[Mention]:
    found = []
    for i in (i for i, w in enumerate(lowers) if w in _PRONOUNS):
        token = doc[i]
        if token.dep_ in {"nsubj", "nsubjpass"}:
            found.append(Mention(token.text, token.idx, token.idx + len(token),
                                 sent_of[token.i], "PRONOUN"))
    return found


def _people_by_sentence(resolved: list[_Resolved]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for i, a in enumerate(resolved):
        if a.person and a.code is not None and a.mention.kind != "PRONOUN":
            found.setdefault(a.mention.sentence, []).append(i)
    return found


def _pronoun_antecedent(resolved: list[_Resolved], people: dict[int, list[int]],
                        sentence: int) -> int | None:
    """The subject person of the closest earlier sentence (within two), else its first person;
    failing that, the first person earlier in the same sentence."""
    for back in (1, 2):
        candidates = people.get(sentence - back)
        if candidates:
            subjects = [i for i in candidates if resolved[i].subject]
            return (subjects or candidates)[0]
    same = people.get(sentence)
    return same[0] if same else None


def _pair_mentions(doc: Doc, sent_of: list[int], lowers: list[str]
                   ) -> list[tuple[Mention, str | None]]:
    """'the two nations', 'both countries', 'the two authoritarian states'…"""
    found = []
    for i in (i for i, w in enumerate(lowers) if w in {"both", "two"}):
        if lowers[i] == "both":
            start = i
        elif i > 0 and lowers[i - 1] == "the":
            start = i - 1
        else:
            continue
        j = i + 1
        k = j
        while k < len(doc) and k - j < 3 and doc[k].pos_ == "ADJ":
            k += 1
        if k < len(doc) and doc[k].lower_ in _GROUP_NOUNS:
            end = k + 1
            found.append((Mention(doc[start:end].text, doc[start].idx,
                                  doc[end - 1].idx + len(doc[end - 1]), sent_of[start],
                                  "GROUP"), _GROUP_NOUNS[doc[k].lower_]))
    return found


def _main_dyad(resolved: list[_Resolved]) -> list[tuple[str, int]] | None:
    """The two countries most mentioned in the document, in order of first mention."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, actor in enumerate(resolved):
        country = actor.country
        if country is None or len(country) != 3 or actor.resolution == Resolution.UNRESOLVED:
            continue
        counts[country] += 1
        first.setdefault(country, i)
    if len(counts) < 2:
        return None
    top = counts.most_common()
    if len(top) > 2 and top[1][1] == top[2][1]:
        tied = [c for c, n in top if n == top[1][1]]
        second = min(tied, key=lambda c: first[c])
        pair = [top[0][0], second]
    else:
        pair = [top[0][0], top[1][0]]
    pair.sort(key=lambda c: first[c])
    return [(c, first[c]) for c in pair]


def _finish(resolved: list[_Resolved]) -> tuple[Actor, ...]:
    order = sorted(range(len(resolved)),
                   key=lambda i: (resolved[i].mention.start, resolved[i].mention.end, i))
    position = {old: new for new, old in enumerate(order)}
    actors = []
    for old in order:
        r = resolved[old]
        antecedent = position.get(r.antecedent) if r.antecedent is not None else None
        resolution = r.resolution if r.code is not None else Resolution.UNRESOLVED
        actors.append(Actor(
            mention=r.mention, code=r.code, country=r.country, sector=r.sector, name=r.name,
            resolution=resolution, entry=r.entry, confidence=_CONFIDENCE[resolution],
            refers_to=antecedent,
        ))
    return tuple(actors)

