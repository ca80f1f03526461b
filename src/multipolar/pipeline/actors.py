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
import functools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from multipolar.config import Settings
from multipolar.lexicon.actors import (
    ORGANISATION_TYPES,
    ActorEntry,
    ActorLexicon,
    ActorWords,
    EntryKind,
    actor_lexicon,
    actor_words,
    state_codes,
)
from multipolar.model import Actor, Mention, Resolution
from multipolar.pipeline.base import Parsed, Stage
from multipolar.pipeline.geo import PlaceCandidate, gazetteer
from multipolar.pipeline.quotes import speech_verbs
from multipolar.pipeline.word_filter import TokenRows, token_rows

__all__ = ["ActorStage", "actor_at"]

# Dependency labels under which a capital stands for its government.
_AGENTIVE = frozenset({"nsubj", "nsubjpass", "poss", "dobj", "dative", "attr", "agent", "ROOT",
                       "csubj", "appos", "oprd"})
# Entity types inside which a country name is part of another name ("America First").
_NAME_LABELS = frozenset({"WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "FAC", "LANGUAGE"})
_PRONOUNS = frozenset({"he", "she"})
_JOINERS = frozenset({",", "and", "&"})
_POSSESSIVE = frozenset({"'s", "\u2019s", "'"})
_WORDS = actor_words  # the shared word lists (actor_words.tsv), read on first use
_CONFIDENCE = {Resolution.DICTIONARY: 0.95, Resolution.PERSON: 0.95, Resolution.TITLE: 0.85,
               Resolution.METONYM: 0.8, Resolution.DEMONYM: 0.75, Resolution.COREFERENCE: 0.7,
               Resolution.CONTEXT: 0.6, Resolution.SECTOR: 0.5, Resolution.UNRESOLVED: 0.0}
_ENTITY_LABELS = frozenset({"PERSON", "ORG", "NORP"})
_BASE_SOURCES = frozenset({"petrarch", "phoenix"})  # dictionaries with people and groups mixed
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
        if entry is None:
            entry = next((e for e in self.entries if self._base_person(e)), None)
        return entry

    def _base_person(self, entry: ActorEntry) -> bool:
        """A PETRARCH actor that spaCy calls a PERSON, or a Phoenix one with terms of office."""
        return entry.kind == EntryKind.ACTOR and entry.source in _BASE_SOURCES and (
            self.person_ent or (entry.source == "phoenix" and entry.individual))

    def org_entry(self) -> ActorEntry | None:
        """A named group or organisation (groups.tsv, or a PETRARCH actor that is no person)."""
        for entry in self.entries:
            if entry.kind == EntryKind.ACTOR and not self._base_person(entry):
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
    tokens: tuple[int, int] = (0, 0)  # the group's tokens [start, end)
    context: int = 0  # may take its country from the context: 0 no, 1 strong clues, 2 all
    alone: bool = False  # with no country clue, the sector alone is its code ("COP")
    clue: str | None = None
    affiliation: str | None = None


class ActorStage(Stage):
    """Resolve actor mentions to CAMEO codes (see the module docstring)."""

    name = "actors"
    version = "1.0"

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._lexicon: ActorLexicon | None = None
        self._by_end: dict[int, _Item] = {}  # the current document's items by end token
        self._starts: set[int] = set()  # … and their start tokens

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
        self._by_end = {item.end: item for item in items}
        self._starts = {item.start for item in items}
        for group in groups:
            for member in group.members or [group]:
                _extend(resolved, self._resolve_group(doc, member, group, published, sent_of))
        self._pronouns_and_pairs(doc, resolved, sent_of)
        _Context(doc, resolved, items, sent_of, lexicon=self.lexicon).resolve()
        _byline(doc, resolved)
        return _finish(resolved)

    # --- finding candidate items -------------------------------------------------------------

    def _items(self, doc: Doc, published: dt.date | None) -> list[_Item]:
        rows = token_rows(doc)
        iob, types, pos = rows.ent_iob, rows.ent_type, rows.pos
        matches = {m.start: m for m in self.lexicon.scan(rows.text)}
        starts = sorted(matches)
        items: list[_Item] = []
        i = 0
        n = len(doc)
        while i < n:
            match = matches.get(i)
            if iob[i] == "B" and types[i] in _ENTITY_LABELS:
                ent_end = _entity_end(doc, i)
                k = bisect.bisect_left(starts, i)
                if k == len(starts) or starts[k] >= ent_end:  # no lexicon phrase inside
                    known = self._surname(doc, i, ent_end, published)
                    items.append(_Item(i, ent_end, (known,), person_ent=True) if known
                                 else _Item(i, ent_end, label=types[i]))
                    i = ent_end
                    continue
            if match is None and pos[i] == "PROPN" and (
                    iob[i] == "O" or (iob[i] == "B" and types[i] == "GPE")):
                # a surname the tagger missed or took for a place ("Fallon said", "De Mistura")
                end = _entity_end(doc, i) if iob[i] == "B" else i + 1
                known = self._surname(doc, i, end, published)
                if known is not None:
                    items.append(_Item(i, end, (known,), person_ent=True))
                    i = end
                    continue
            if match is not None and iob[i] == "B" and types[i] == "PERSON":
                split = self._titled_name(doc, match.start, match.end, match.entries,
                                          starts=starts)
                if split is not None:
                    items.extend(split)
                    i = split[-1].end
                    continue
            if match is None and iob[i] == "O" and pos[i] in _NAME_POS \
                    and (end := _untagged_name(doc, i, matches.keys())):
                items.append(_Item(i, end, label="PERSON"))
                i = end
                continue
            if match is not None:
                person_ent = types[i] == "PERSON"
                entries = _usable(doc, match.start, match.end,
                                  _by_date(_in_office(match.entries, published,
                                                      full_name=match.end - match.start > 1
                                                      and person_ent
                                                      and not _titled(doc, match.start)),
                                           published),
                                  self.lexicon)
                if entries:
                    items.append(_Item(match.start, match.end, entries, person_ent=person_ent))
                i = match.end
                continue
            i += 1
        return items

    def _titled_name(self, doc: Doc, start: int, end: int, entries: tuple[ActorEntry, ...],
                     *, starts: list[int]) -> list[_Item] | None:
        """'Canadian Hanna Bohman', 'Spaniard Arges Artiaga', 'President Hadi': a person entity
        that opens with a demonym or a title the lexicon knows, followed by a name it does not
        know, is the demonym or title and an unknown name (the tagger put both in one entity).
        A country name ("Jordan Peterson", "Chad Smith") is a first name, not a place."""
        ent_end = _entity_end(doc, start)
        if ent_end <= end or not all(_name_word(t) for t in doc[end:ent_end]):
            return None
        kept = tuple(e for e in entries if e.kind == EntryKind.ADJECTIVE
                     or (e.kind == EntryKind.ROLE and e.individual))
        k = bisect.bisect_left(starts, end)
        if not kept or (k < len(starts) and starts[k] < ent_end):
            return None  # a name the lexicon knows follows: read as usual ("President Hadi")
        return [_Item(start, end, kept), _Item(end, ent_end, label="PERSON")]

    def _surname(self, doc: Doc, start: int, end: int,
                 published: dt.date | None) -> ActorEntry | None:
        """'Hunt told Sky News', 'Ms Begum', 'De Mistura': a name (an entity of any label, or
        a proper noun outside entities) that is the surname of one curated person (the people
        files) in a dated office on the article date (a row with no start date does not count)
        and no curated person's given name ("Ahmed": Abiy Ahmed, but also Ahmed Aboul Gheit); an
        honorific before it is passed over. Without a date, or with two such people, none."""
        if published is None:
            return None
        while start < end - 1 and doc[start].lower_ in _WORDS().honorific:
            start += 1
        if end - start > 1 and doc[end - 1].tag_ == "POS":
            end -= 1  # "Ms Begum’s baby": the name without its possessive ending
        text = doc[start:end].text
        if not text[:1].isupper() or text.lower() in self.lexicon.given_names:
            return None  # "Ahmed" is also a given name (Ahmed Aboul Gheit): no one in particular
        people = [p for p in self.lexicon.surnames.get(text.lower(), ())
                  if (t := p.tenure_at(published)) is not None and t.start is not None]
        return people[0] if len(people) == 1 else None

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
        # "pro-Russia rebels", "US-backed forces": a place that backs or is favoured by the
        # actor is its affiliation, not its country
        affiliation = _backer(doc, group.start, self._by_end)
        if place is not None and roles and place[1].kind in {EntryKind.COUNTRY,
                                                              EntryKind.ADJECTIVE} \
                and _stance_before(doc, place[0].start):
            affiliation, place = place[1].code, None
        modifier = _modifier_sector(doc, group.start)
        mention = Mention(doc[span_start:span_end].text, doc[span_start].idx,
                          doc[span_end - 1].idx + len(doc[span_end - 1]), sentence, kind)

        def make(code: str | None, resolution: Resolution, entry: str | None, *,
                 country: str | None = None, sector: str | None = None,
                 name: str | None = None, role: str | None = None,
                 is_person: bool = False) -> list[_Resolved]:
            if code is not None and country is None:
                country = code[:3] if not code.startswith(ORGANISATION_TYPES) else None
            return [_Resolved(mention, code, country, sector, name, resolution, entry,
                              role=role, subject=subject, person=is_person,
                              tokens=(group.start, group.end))]

        # A known person: the role held on the article date decides the code.
        if person is not None and person[1] is not None:
            entry = person[1]
            tenure = entry.tenure_at(published)
            position = group.items.index(person[0])
            after = [r for it in group.items[position + 1:]
                     if (r := it.first(EntryKind.ROLE)) is not None]  # "the Assad regime"
            if tenure is not None and after and not tenure.code.startswith(ORGANISATION_TYPES):
                own = after[-1].sector or ""
                return make(tenure.code[:3] + own, Resolution.TITLE, "rule:person+role",
                            sector=own or None)
            if tenure is not None and not group.former:
                return make(tenure.code, Resolution.PERSON, tenure.entry, name=entry.name,
                            sector=_sector_of(tenure.code), role=tenure.role, is_person=True)
            past = entry.ended_before(published) if not group.former else (
                entry.tenure_at(published) or entry.ended_before(published))
            if past is not None and past.code.startswith(ORGANISATION_TYPES):
                # a former leader of an organisation is still coded as its member
                return make(past.code, Resolution.PERSON, past.entry + ":former",
                            name=entry.name, role=past.role, is_person=True)
            if past is not None:
                return make(past.code[:3] + "ELI", Resolution.PERSON, past.entry + ":former",
                            name=entry.name, sector="ELI", role=past.role, is_person=True)
            before = [r for it in group.items[:position]
                      if (r := it.first(EntryKind.ROLE)) is not None]
            if entry.country and not entry.country.startswith(ORGANISATION_TYPES) and before \
                    and before[-1].sector and past is None:
                # "Senator Marco Rubio" before his dated offices: the title gives the sector
                return make(entry.country + before[-1].sector, Resolution.TITLE,
                            "rule:person+title", name=entry.name, sector=before[-1].sector,
                            is_person=True)
            if entry.country and not entry.country.startswith(ORGANISATION_TYPES):
                return make(entry.country, Resolution.PERSON, entry.entry, name=entry.name,
                            is_person=True)
            return make(None, Resolution.UNRESOLVED, entry.entry, name=entry.name,
                        is_person=True)

        specific = [r for r in roles if r.name not in _WORDS().generic_role]
        role = (specific or roles)[-1] if roles else None
        person_name = person[0] if person is not None else None
        name = doc[person_name.start:person_name.end].text if person_name is not None else None

        if place is not None and not roles and person is None and _backs(doc, group.end,
                                                                           self._starts):
            return []  # "US-backed forces": the US is the forces' affiliation (see below)
        if place is not None:
            item, where = place
            if where.kind in {EntryKind.IGO, EntryKind.ACTOR}:
                resolution = Resolution.TITLE if role is not None else Resolution.DICTIONARY
                rule = "rule:igo+title" if role is not None else where.entry
                code = where.code_at(published)
                if code is None:
                    return make(None, Resolution.UNRESOLVED, where.entry, name=where.name)
                if role is not None and role.sector == "MIL" and len(code) == 3 \
                        and code not in state_codes() and name is None:
                    # "Kurdish forces": the armed forces of a people with no state of its own
                    # are rebels (KURREB); its leaders keep the people's code
                    result = make(code + "REB", Resolution.TITLE, "rule:group+forces",
                                  country=code, sector="REB")
                    result[0].affiliation = affiliation
                    return result
                if role is not None and role.sector and role.sector not in _ARMED | {"REB"} \
                        and len(code) == 3 \
                        and code not in state_codes() and where.kind == EntryKind.ACTOR \
                        and not code.startswith(ORGANISATION_TYPES) and name is None \
                        and role.name not in _PEOPLE_FIGURES:
                    # "Kurdish officials" KURGOV, "a Kurdish intelligence official" KURSPY
                    return make(code + role.sector, Resolution.TITLE, "rule:group+title",
                                country=code, sector=role.sector)
                if role is not None and role.sector in _PARTY_OFFICES and _party(where) \
                        and len(code) == 6:
                    # "Republican senators", "Labour MPs": members of a party in an office of
                    # the state are coded by the office
                    return make(code[:3] + role.sector, Resolution.TITLE, "rule:party+title",
                                name=name, sector=role.sector, is_person=name is not None)
                if role is not None and role.individual and group.former and _party(where) \
                        and code[:3] in state_codes():
                    # "the former Liberal Democrat leader": a party's former office holder is
                    # an elite, as a state's is
                    return make(code[:3] + "ELI", Resolution.TITLE, "rule:party+former",
                                name=name, sector="ELI", is_person=True)
                if role is None and where.tenures:
                    rule = (where.tenure_at(published) or where.tenures[0]).entry
                return make(code, resolution, rule, name=name or where.name,
                            sector=_sector_of(code), is_person=name is not None)
            if role is not None and name is None and role.name in _WORDS().nation_noun \
                    and where.kind in {EntryKind.ADJECTIVE, EntryKind.COUNTRY} \
                    and len(group.items) == 2 and modifier is None:
                # "the Syrian people": the nation, coded as its country alone (as a demonym
                # used as a noun is); "Syrian activists" keep their sector
                code = (where.code_at(published) if where.kind == EntryKind.COUNTRY
                        else where.code)
                if code:
                    return make(code, Resolution.DEMONYM, "rule:demonym+people",
                                country=code if len(code) == 3 else None)
            if role is not None:
                country = (where.code_at(published) if where.kind == EntryKind.COUNTRY
                           else where.code) or ""
                sector = modifier or role.sector
                if role.country and role.country.startswith(ORGANISATION_TYPES) and role.plover:
                    sector = role.plover  # "British jihadists": a state's own rebels, GBRREB
                sector = "ELI" if group.former and sector == "GOV" else sector
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
                result[0].affiliation = affiliation
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
                if _state_noun(doc, item.end) and where.code in state_codes():
                    # "the Turkish state": the state as a body is its government
                    return make(where.code + "GOV", Resolution.TITLE, "rule:demonym+state",
                                country=where.code, sector="GOV")
                shared = self._shared_role(doc, item)
                if shared is not None and where.code in state_codes():
                    # "Russian and Iranian forces", "British and US spies": the first of two
                    # coordinated demonyms shares the agent term of the second
                    sector = "ELI" if group.former and shared == "GOV" else shared
                    return make(where.code + shared, Resolution.TITLE, "rule:demonym+conjunct",
                                country=where.code, sector=sector)
                return make(where.code, Resolution.DEMONYM, where.entry,
                            country=where.code if where.code and len(where.code) == 3 else None)
            code = (where.code or "") + (where.sector or "GOV")
            return make(code, Resolution.METONYM, where.entry, country=where.code,
                        sector=where.sector or "GOV")

        if role is not None and role.country is not None:
            return make(role.country + (role.sector or ""), Resolution.TITLE, role.entry,
                        country=role.country, sector=role.sector, name=name)
        if role is not None:
            # A role with no country: "the president" refers back to a person with that role;
            # what is left takes its country from the context (_Context), and an agent with no
            # country clue is coded by its sector alone ("COP").
            sector = modifier or role.sector
            former = group.former and sector == "GOV" and (role.individual or name is not None)
            result = make(None, Resolution.UNRESOLVED, role.entry,
                          sector="ELI" if former else sector, name=name,
                          role=role.name if role.individual else None,
                          is_person=role.individual or name is not None)
            # agents, and one-person roles below the government ("a judge", "a senator"); a
            # government title alone ("the president") only takes a country from strong clues
            agent = role.entry.startswith("agents:") or not role.individual \
                or role.sector != "GOV" or _indefinite(head)
            result[0].context = 2 if agent else 1
            result[0].alone = agent or former
            result[0].affiliation = affiliation
            return result
        label = group.items[0].label
        sector = _name_type(doc, group) if label != "PERSON" else None
        if sector is not None:
            # "the Orange Democratic Movement", "the Arakan Army": an unknown name whose last
            # word says what it is; its country only from strong clues ("Kenya's …", "… of X")
            result = make(None, Resolution.UNRESOLVED, "rule:name-type", name=mention.text,
                          sector=sector)
            result[0].context = 1
            result[0].alone = True
            return result
        return make(None, Resolution.UNRESOLVED, None, name=mention.text,
                    is_person=label == "PERSON")

    def _shared_role(self, doc: Doc, item: _Item) -> str | None:
        """The sector of the agent term a demonym shares with the demonym or country
        coordinated with it ("Russian and Iranian forces": MIL for "Russian")."""
        token = doc[item.end - 1]
        head = token.head
        if token.dep_ not in {"amod", "compound", "nmod"} or head.i <= token.i \
                or head.pos_ != "NOUN" or not any(
                    c.dep_ == "conj" and c.i < head.i for c in token.children):
            return None
        roles = [e for e in self.lexicon.lookup(head.lower_) if e.kind == EntryKind.ROLE]
        if not roles or roles[0].sector is None or roles[0].country is not None:
            return None
        return roles[0].sector

    # --- document-level resolution -----------------------------------------------------------

    def _pronouns_and_pairs(self, doc: Doc, resolved: list[_Resolved],
                            sent_of: list[int]) -> None:
        _drop_out_of_context(resolved)
        _link_coreference(resolved)
        lowers = token_rows(doc).lower
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
    if code.startswith(ORGANISATION_TYPES):
        return None
    return code[3:6] or None


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        index[sent.start:sent.end] = [number] * (sent.end - sent.start)
    return index


def _entity_end(doc: Doc, i: int) -> int:
    iob = token_rows(doc).ent_iob
    j = i + 1
    while j < len(iob) and iob[j] == "I":
        j += 1
    return j


_NAME_WORDS = 4  # words of an unknown name the tagger missed ("Ciyager Amed")
_NAME_DEPS = frozenset({"nsubj", "nsubjpass", "appos"})
_NAME_POS = frozenset({"PROPN", "NOUN"})  # the tags of a word of a name (`_name_word`)


def _name_word(token: Token) -> bool:
    """A capitalised word of a name: a proper noun, letters with hyphens or apostrophes."""
    return _name_word_at(token_rows(token.doc), token.i)


def _name_word_at(rows: TokenRows, i: int) -> bool:
    """`_name_word` of token i, read from the document's rows."""
    pos = rows.pos[i]
    if pos != "PROPN" and (pos != "NOUN" or rows.sent_start[i] != 1):
        return False
    text = rows.text[i]
    return text[:1].isupper() and not text.isupper() \
        and text.replace("-", "").replace("'", "").replace("\u2019", "").isalpha()


def _untagged_name(doc: Doc, i: int, matched: Iterable[int]) -> int:
    """'Ciyager Amed, an SDF leader, said', 'Kolender, the county sheriff, said': proper
    nouns outside any entity, with no lexicon phrase among them, that stand in apposition to a
    common noun (a title, an agent) are a name the tagger missed. Returns the name's end
    token, or 0 when it is none. Up to four words; a word in capitals (an acronym) is none."""
    rows = token_rows(doc)
    iob = rows.ent_iob
    if iob[i] != "O" or not _name_word_at(rows, i) or (i > 0 and _name_word_at(rows, i - 1)):
        return 0
    taken = set(matched)
    end = i + 1
    size = len(iob)
    while end < size and end - i < _NAME_WORDS and end not in taken \
            and iob[end] == "O" and _name_word_at(rows, end):
        end += 1
    if end < size and _name_word_at(rows, end):
        return 0  # longer than a name
    heads = rows.head
    if any(not i <= heads[t] < end for t in range(i, end - 1)):
        return 0  # the words are not one phrase
    if gazetteer().candidates(doc[i:end].text):
        return 0  # "Idlib, the last pocket of Syria": a place
    last = doc[end - 1]
    nouns = [c for c in last.children if c.dep_ == "appos"
             and end < size and rows.text[end] == ","]  # "Ciyager Amed, an SDF leader"
    if last.dep_ == "appos" and i > 0 and rows.text[i - 1] == ",":
        nouns.append(last.head)  # "the group's leader, Abdurrahim Attoun"
    if last.dep_ not in _NAME_DEPS or not any(
            n.pos_ == "NOUN" and n.lower_ not in _WORDS().place_noun for n in nouns):
        return 0
    return end


def _speaker_or_audience(head: Token) -> bool:
    """The subject of a reporting verb ("one diplomat said") or the one told ("told
    reporters")."""
    verb = head.head
    if verb.pos_ not in {"VERB", "AUX"} or speech_verbs().get(verb.lemma_.lower()) != "say":
        return False
    return head.dep_ in {"nsubj", "dative"} or (head.dep_ == "dobj" and verb.lemma_ == "tell")


def _titled(doc: Doc, start: int) -> bool:
    """A common noun right before a name is a title the sentence gives ("EU commissioner Neven
    Mimica"): the office it names, not a past one, is the person's."""
    return start > 0 and doc[start - 1].pos_ == "NOUN"


def _in_office(entries: tuple[ActorEntry, ...], published: dt.date | None, *,
               full_name: bool = False) -> tuple[ActorEntry, ...]:
    """Phoenix people count only while in one of their offices: out of office, a name from
    that broad list is more often a namesake than the former office holder. A full name (two
    words or more, tagged a person) of someone whose office ended before the date is the
    former office holder ("Yasser Arafat" in 2018: an elite, PSEELI)."""
    if not any(e.source == "phoenix" and e.individual for e in entries):
        return entries
    return tuple(e for e in entries if not (
        e.source == "phoenix" and e.individual and e.tenure_at(published) is None
        and not (full_name and e.ended_before(published) is not None)))


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
                          EntryKind.REGION} and (_inside_other_name(doc, start, end,
                                                                    country=entry.kind in {
                                                                        EntryKind.COUNTRY,
                                                                        EntryKind.ADJECTIVE})
                                                 or _dateline(doc, start, end)):
            continue
        if entry.kind == EntryKind.PERSON and (_after_first_name(doc, start, lexicon)
                                               or _part_of_other_name(doc, start, end)):
            continue  # "Jeb Bush" is not George W. Bush, nor "Trump Tower" Donald Trump
        if entry.kind == EntryKind.ACTOR and _word_of_other_name(doc, start, end, lexicon):
            continue  # "Social Democrats" is not the US Democrats
        kept.append(entry)
    return tuple(kept)


def _role_noun(doc: Doc, last: Token, lexicon: ActorLexicon) -> bool:
    """A role noun heading its phrase: not an adjective, not a modifier ('regime change')."""
    if last.pos_ not in {"NOUN", "PROPN"} and not _owned_body(doc, last, lexicon) \
            and not _noun_tagged_verb(last):
        return False
    head = last.head
    if last.dep_ in {"compound", "amod", "nmod"} and head.i > last.i and head.pos_ == "NOUN":
        # a modifier of a common noun: a role only if that noun is one too ("army commander",
        # "PLA honor guard"), not in "regime change", "police station"
        phrases = (head.text, doc[max(head.i - 1, last.i + 1):head.i + 1].text)
        if any(e.kind == EntryKind.ROLE for p in phrases for e in lexicon.lookup(p.lower())):
            return True
        # "UK government advice", "Turkish military operations": a state's body right after
        # its demonym or name owns the thing, and is the actor
        return _owned_body(doc, last, lexicon)
    return True


def _noun_tagged_verb(token: Token) -> bool:
    """'According to ITV, detectives working on …': a plural role noun the tagger took for
    a verb but parsed where only a noun stands (a subject or an object)."""
    return token.pos_ == "VERB" and token.tag_ == "VBZ" \
        and token.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}


def _owned_body(doc: Doc, last: Token, lexicon: ActorLexicon) -> bool:
    """'UK government advice', 'Turkish military operations': a state body (`owning_role`)
    right after its demonym or country name, modifying another noun, is still the actor."""
    return last.lower_ in _WORDS().owning_role and last.i > 0 and last.head.i > last.i \
        and last.head.pos_ == "NOUN" and any(
            e.kind in {EntryKind.COUNTRY, EntryKind.ADJECTIVE}
            for e in lexicon.lookup(doc[last.i - 1].text))




def _after_first_name(doc: Doc, start: int, lexicon: ActorLexicon) -> bool:
    """A surname alias preceded by another given name in the same PERSON entity."""
    token = doc[start]
    if start == 0 or token.ent_iob_ != "I" or token.ent_type_ != "PERSON":
        return False
    before = doc[start - 1]
    if before.lower_ in _WORDS().honorific or before.pos_ != "PROPN":
        return False
    return not any(e.kind == EntryKind.ROLE for e in lexicon.lookup(before.lower_))


_PLACE_POPULATION = 200_000  # a town this large is more often meant than a namesake


def _part_of_other_name(doc: Doc, start: int, end: int) -> bool:
    """A person's name used in a place or building name, or as a first name ("Kerry
    Packer"). A name the tagger took for a place on its own ("advice to Pompeo", tagged GPE)
    is still the person unless it follows a locative word or the gazetteer knows it as a
    country, a capital or a large town."""
    if doc[start].ent_type_ in {"GPE", "LOC", "FAC"}:
        return not _surname_as_place(doc, start, end)
    following = doc[end] if end < len(doc) else None
    return (following is not None and end - start == 1 and following.ent_iob_ == "I"
            and following.ent_type_ == "PERSON" and following.pos_ == "PROPN")


def _surname_as_place(doc: Doc, start: int, end: int) -> bool:
    """A whole place entity that is no known place and stands where a person can."""
    if doc[start].ent_iob_ != "B" or _entity_end(doc, start) != end:
        return False  # part of a longer place name ("Trump Tower")
    if start > 0 and doc[start - 1].lower_ in _WORDS().locative:
        return False  # "in Lincoln"
    return not any(c.feature in {"country", "capital"} or (c.population or 0) >= _PLACE_POPULATION
                   for c in gazetteer().candidates(doc[start:end].text))


def _party(entry: ActorEntry) -> bool:
    """A political party: coded PTY, or dated GOV/OPP after a first PTY row (the parties
    whose time in government is public record: "Labour" GBROPP in 2018)."""
    return (entry.code or "").endswith("PTY") or any(t.code.endswith("PTY")
                                                      for t in entry.tenures)


_INDEFINITE = frozenset({"a", "an", "one", "another"})


def _indefinite(head: Token) -> bool:
    """'a senior official', 'one diplomat': an unnamed holder of a role, not "the president"
    (who refers back to someone), so the role is coded like an agent."""
    return any(c.lower_ in _INDEFINITE and c.dep_ in {"det", "nummod"} and c.i < head.i
               for c in head.children)


def _acronym_agent(token: Token) -> bool:
    """'Hunt told MPs': a plural acronym outside any entity is a common agent noun."""
    text = token.text
    return token.ent_iob_ == "O" and len(text) >= 3 and text.endswith("s") \
        and text[:-1].isupper()


def _named_hyphen(token: Token) -> bool:
    """'the Qamishli-based administration', 'US-led forces': a hyphenated modifier that names
    a place or backer (a capitalised word other than the sentence's first, or a backing
    word), unlike 'counter-terrorism officials'."""
    backing = _WORDS().backing
    return any((t.text[:1].isupper() and not t.is_sent_start) or t.lower_ in backing
               or t.lower_ == "based" for t in token.subtree)


def _the_country(token: Token) -> bool:
    """'the country', 'that country', 'this country' (singular, referring back)."""
    return token.lower_ == "country" and any(
        c.dep_ == "det" and c.lower_ in {"the", "that", "this"} for c in token.children)


def _word_of_other_name(doc: Doc, start: int, end: int, lexicon: ActorLexicon) -> bool:
    """A one-word organisation name inside a longer name the tagger found ("Social
    Democrats", "Sweden Democrats"), unless the word before is a country or demonym ("the
    Lebanese Hezbollah")."""
    if end - start != 1 or start == 0 or doc[start].ent_iob_ != "I":
        return False
    before = doc[start - 1]
    if not before.text[:1].isupper() or before.pos_ not in {"PROPN", "ADJ"}:
        return False  # "The PKK" is the PKK
    return not any(e.kind in {EntryKind.COUNTRY, EntryKind.ADJECTIVE, EntryKind.REGION}
                   for e in lexicon.lookup(before.text))


def _dateline(doc: Doc, start: int, end: int) -> bool:
    """'SEOUL:', 'GAZA CITY: …', 'DHAKA, Bangladesh (AP) —' at the start of a text: where it
    was filed, not an actor."""
    if start > _DATELINE_WORDS + 5:
        return False
    span = _dateline_tokens(doc)
    if span is None:
        return False
    words, country = span
    return start <= (country or words)[-1].i


def _inside_other_name(doc: Doc, start: int, end: int, *, country: bool = False) -> bool:
    """'Mexico' in 'New Mexico', 'Washington' in 'George Washington', 'Jordan' in a person."""
    token = doc[start]
    if token.ent_type_ in _NAME_LABELS:
        return True
    if token.ent_type_ == "PERSON" and doc[end - 1].ent_type_ == "PERSON" \
            and not (country and _whole_entity(doc, start, end)):
        return True  # "Jordan Peterson"; but a country the tagger calls a person ("Niger")
        # is still the country
    if start > 0 and token.ent_iob_ == "I":
        before = doc[start - 1]
        if before.pos_ == "PROPN" and before.ent_type_ in {"GPE", "PERSON", "LOC", "FAC"}:
            return True
    return False


def _relation_noun(head: Token) -> bool:
    """"proxies", "allies", "backers": a relation to whoever owns them, not membership
    (`partner_noun` in actor_words.tsv, and "proxy")."""
    lemma = head.lemma_.lower()
    return lemma in _WORDS().partner_noun or head.lower_ in _WORDS().partner_noun \
        or lemma.startswith("prox")


def _possessive_adjectives(doc: Doc, start: int, end: int) -> bool:
    """"Ukraine's fragmented opposition": a possessive and up to three adjectives."""
    gap = doc[start:end]
    return 1 < len(gap) <= 4 and gap[0].text in _POSSESSIVE \
        and all(t.pos_ in {"ADJ", "ADV"} for t in gap[1:])


def _whole_entity(doc: Doc, start: int, end: int) -> bool:
    """The tokens [start, end) are one whole entity, nothing more."""
    return doc[start].ent_iob_ == "B" and (end == len(doc) or doc[end].ent_iob_ != "I")


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
            group.former = any(w in _WORDS().former for w in window[-2:]) \
                and "current" not in window
            groups.append(group)
            current.clear()

    for n, item in enumerate(items):
        if current and (_joins(doc, current, item) or _envoy(doc, current, item, items, n)):
            current.append(item)
            continue
        close()
        current.append(item)
    close()
    return groups


def _envoy(doc: Doc, current: list[_Item], item: _Item, items: list[_Item], n: int) -> bool:
    """"Britain's UN ambassador", "the Chinese UN envoy": a country's official at an
    organisation is the country's, so the country, the organisation and the role are one
    phrase (the country comes first in it and gives the code)."""
    last = current[-1]
    if last.first(EntryKind.COUNTRY, EntryKind.ADJECTIVE) is None or \
            item.first(EntryKind.IGO) is None or len(current) > 1:
        return False
    if not _all_in(doc, last.end, item.start, _POSSESSIVE):
        return False
    following = items[n + 1] if n + 1 < len(items) else None
    role = following.first(EntryKind.ROLE) if following is not None else None
    return role is not None and role.individual and following is not None \
        and following.start == item.end


def _all_in(doc: Doc, start: int, end: int, words: frozenset[str], *,
            lower: bool = False) -> bool:
    """Is every token of [start, end) one of `words` (True when empty)? Stops at the first
    other token, so a long gap between two phrases costs one look, not a list of its words."""
    for j in range(start, end):
        token = doc[j]
        if (token.lower_ if lower else token.text) not in words:
            return False
    return True


def _skip_back(doc: Doc, i: int) -> int | None:
    j = i - 1
    while j >= 0 and doc[j].lower_ in _WORDS().former | {"-"}:
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
    gap = item.start > last.end  # the words between are read lazily: the gap may be long
    before, after = _stage(last), _stage(item)
    if after == 3 or before == 3:
        return False
    if before == 2:
        # "the Assad regime", "the Trump administration": a person's organisation
        role = item.first(EntryKind.ROLE)
        return after == 1 and not gap and role is not None and not role.individual
    if gap and not (before == 0 and _all_in(doc, last.end, item.start, _POSSESSIVE)) \
            and not (before == 0 and after == 1 and (
                _possessive_adjectives(doc, last.end, item.start)
                or _modifiers_between(doc, last, item))):
        return False
    if before == 0 and after == 0:
        return False
    if before == 1 and after == 1:
        return True
    return after > before


_MODIFIER_GAP = 4  # words between a demonym and its agent term ("Turkish military jets")
_MODIFIER_POS = frozenset({"ADJ", "NOUN", "VERB", "PUNCT", "ADV"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "advmod", "punct", "poss"})


def _modifiers_between(doc: Doc, last: _Item, item: _Item) -> bool:
    """'Turkish military jets', 'Russian anti-aircraft missile systems', 'British-born
    citizens': a demonym or country and the agent term with only lower-case modifiers of the
    same noun phrase between them are one phrase. The demonym and every word between must hang
    (through each other) on the agent term."""
    if last.first(EntryKind.ADJECTIVE, EntryKind.COUNTRY) is None \
            or item.start - last.end > _MODIFIER_GAP:
        return False
    for j in range(last.end - 1, item.start):
        token = doc[j]
        if j == last.end and token.dep_ == "case" and token.lower_ in _POSSESSIVE:
            continue  # "Israel's rightwing government"
        if j >= last.end and (token.pos_ not in _MODIFIER_POS or token.text[:1].isupper()
                              or token.text in {",", "and", "or"}
                              or token.lower_ in _WORDS().backing):  # "US-backed militia"
            return False
        if token.dep_ not in _MODIFIER_DEPS or not token.i < token.head.i < item.end:
            return False
    return True


# A coordinated list longer than this starts a new group: checking each new member against
# the list so far is quadratic, and a hostile text of thousands of names would stall analysis.
_MAX_COORDINATED = 64
_PLACE_KINDS = frozenset({EntryKind.COUNTRY, EntryKind.CAPITAL, EntryKind.REGION})


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
    if left.end >= right.start or not _all_in(doc, left.end, right.start, _JOINERS,
                                              lower=True):
        return False
    gap = [t.lower_ for t in doc[left.end:right.start]]  # joiners only, so short
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
            gap = [t.lower_ for t in doc[group.end:places.start]] \
                if places.start - group.end <= 2 else None  # only two-word gaps count
            members = places.members or [places]
            if gap and gap[0] == "from" and _removed(_head(doc, group.start, group.end)):
                gap = None  # "withdraw troops from Syria": a place left, not their state
            if gap in (["of"], ["from"], ["of", "the"], ["from", "the"]) and all(
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


def _removed(noun: Token) -> bool:
    """Is the noun what a word of taking away (`removal`) acts on: "withdraw troops", "the
    withdrawal of US troops"?"""
    removal = _WORDS().removal
    if noun.pos_ not in {"NOUN", "PROPN"}:
        return False
    if noun.dep_ in {"dobj", "nsubjpass"}:
        return noun.head.lemma_.lower() in removal
    return noun.dep_ == "pobj" and noun.head.lower_ == "of" \
        and noun.head.head.lemma_.lower() in removal


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
    words = _WORDS()
    if kind in _PLACE_KINDS and _compass_before(doc, group.start, words.compass,
                                                inside=kind != EntryKind.REGION):
        return True  # "northern Syria", "south-east Turkey": a location
    if kind in _PLACE_KINDS and dep == "poss" and (
            head.head.lemma_.lower() in words.part_noun
            or head.head.lemma_.lower() in words.border_noun
            or _place_of(head.head, words)
            or (head.head.pos_ == "PROPN" and head.head.ent_type_ in {"GPE", "LOC", "FAC"})):
        return True  # "Turkey's border", "Damascus's suburbs", "Taiwan's Miaoli County",
        # "Syria's civil war", "Canada's largest city": a place, as in "the Syrian war"
    if kind == EntryKind.COUNTRY and dep == "dobj" and head.head.lemma_.lower() in \
            words.exit_verb and not _complement_after(head):
        return True  # "left Syria", "crossing Turkey's border"; not "left America isolated"
    if kind in {EntryKind.COUNTRY, EntryKind.REGION} and dep in {"compound", "nmod"} \
            and head.head.lemma_.lower() in words.topic_noun:
        return True  # "the Ukraine conflict", "the Syria crisis": a topic, not an actor
    if kind == EntryKind.COUNTRY and dep in {"compound", "nmod"} and head.head.pos_ == "PROPN" \
            and not group.start <= head.head.i < group.end:
        return True  # part of another name: "America First", "China Daily"
    if dep == "pobj":
        prep = head.head
        word = prep.lower_
        if word == "in" and _after_partner(doc, prep):
            return False  # "its ally in Ankara", "backers in Moscow": the state itself
        if word in words.locative:
            return True
        if word == "of" and (prep.head.lemma_.lower() in words.place_noun
                             or prep.head.lemma_.lower() in words.part_noun
                             or prep.head.lemma_.lower() in words.of_topic
                             or prep.head.lower_ == "out"):
            return True  # "the north of the Gaza Strip", "the city of Tel Aviv", "out of Syria"
        if word == "with" and prep.head.lemma_.lower() in words.border_noun:
            return True  # "the frontier with Iraq"
        if kind in _PLACE_KINDS and _topic(prep, words):
            return True  # "not about Syria", "US policymaking on Iran", "countries such as Jordan"
        if word in words.directional and prep.head.lemma_.lower() in words.motion:
            return True
        if word == "from" and (_removed(prep.head)
                               or prep.head.lemma_.lower() in words.removal):
            return True  # "withdraw troops from Syria": the place they leave
        # "withdrew from Syria", "she is from Pakistan", "originally from Bangladesh": origin
        return bool(word == "from" and prep.head.pos_ in {"VERB", "AUX", "ADV"})
    if kind == EntryKind.CAPITAL:
        if _hyphen_pair(doc, group):
            return False  # "a Seoul-Washington exercise": two governments
        if dep == "dobj" and head.head.lemma_.lower() in words.place_verb:
            return True  # "seized Kabul", "visited Beijing"
        return dep not in _AGENTIVE
    if kind == EntryKind.REGION and group.end < len(doc) and doc[group.end].lower_ == "of":
        return True  # "the west of the country"
    return bool(kind == EntryKind.REGION and dep in {"compound", "npadvmod"})


def _place_of(noun: Token, words: ActorWords) -> bool:
    """A possessor's noun that makes the possessor a place: a `place_noun` ("Canada's largest
    city", "Syria's future") that is no topic noun, or a war that is civil ("Syria's civil
    war"); "Iran's proxy wars", "Syria's revolution" keep the state as the actor."""
    lemma = noun.lemma_.lower()
    if lemma not in words.place_noun:
        return False
    return lemma not in words.topic_noun or any(
        c.lower_ in words.place_noun and c.dep_ == "amod" for c in noun.children)


def _name_type(doc: Doc, group: _Group) -> str | None:
    """The sector an unknown capitalised name gives itself by its last word ("… Party" PTY,
    "… Ministry" GOV, "… Army" REB; `name_type` in actor_words.tsv)."""
    last = doc[group.end - 1]
    if not last.text[:1].isupper() or group.end - group.start < 2:
        return None
    if not all(t.text[:1].isupper() or t.pos_ in {"ADP", "DET", "CCONJ", "PUNCT", "PART"}
               for t in doc[group.start:group.end]):
        return None
    types = _WORDS().name_type
    head = _find_head(doc, group.start, group.end)
    if head.i < group.end - 1 and head.text[:1].isupper() and head.lower_ in types \
            and doc[head.i + 1].lower_ == "of":
        return types[head.lower_]  # "Ministry of Defence", "University of Nairobi"
    return types.get(last.lower_)


def _topic(prep: Token, words: ActorWords) -> bool:
    """A place after "about", after "on" with a noun or verb of a topic, or given as an example
    of countries ("countries such as Jordan", "countries including China"; not when those
    countries are the subject): no actor."""
    word = prep.lower_
    if word == "about":
        return True
    if word == "on":
        lemma = prep.head.lemma_.lower()
        return lemma in words.topic_head or lemma in words.topic_noun
    if word in {"as", "including", "like"}:
        # "such as", "as varied as": the noun is above the adjective
        noun = prep.head.head if word == "as" and prep.head.lower_ in {"such", "varied"} \
            else prep.head
        return noun.pos_ == "NOUN" and noun.lemma_.lower() in words.example_noun \
            and noun.dep_ not in {"nsubj", "nsubjpass"}  # "countries such as Australia should"
    return False


def _compass_before(doc: Doc, start: int, compass: frozenset[str], *, inside: bool) -> bool:
    """A direction word right before a place: "northern Syria", "north-east Syria" (or the
    phrase's own first word when `inside`; a region such as "western countries" is named so)."""
    if inside and doc[start].lower_ in compass:
        return True
    if start == 0:
        return False
    prev = doc[start - 1]
    if prev.lower_ in compass:
        return True
    return (prev.lower_ in {"east", "west"} and start >= 3 and doc[start - 2].text == "-"
            and doc[start - 3].lower_ in {"north", "south"})


def _complement_after(obj: Token) -> bool:
    """A verb's object followed by its own complement: "left America isolated", "leave the US
    searching for a partner" (the object is an actor in a state, not a place left)."""
    verb = obj.head
    return any(c.i > obj.i and c.dep_ in {"xcomp", "ccomp", "oprd", "acomp", "advcl"}
               for c in verb.children) or any(c.dep_ in {"acl", "amod"} and c.i > obj.i
                                              for c in obj.children)


def _after_partner(doc: Doc, prep: Token) -> bool:
    """'in' after a noun of a relation to a state ("allies in Ankara"), by the parse or, as the
    parser often hangs the 'in' on the verb, by the word just before it."""
    nouns = [prep.head] + ([doc[prep.i - 1]] if prep.i > 0 else [])
    partner = _WORDS().partner_noun
    return any(t.pos_ == "NOUN" and (t.lemma_.lower() in partner or t.lower_ in partner)
               for t in nouns)


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
    return head.lemma_.lower() in _WORDS().place_noun


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
    elif actor.code is None and actor.name is not None and actor.sector in _WORDS().state_sector:
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
        if k < len(doc) and doc[k].lower_ in _WORDS().group_noun:
            end = k + 1
            found.append((Mention(doc[start:end].text, doc[start].idx,
                                  doc[end - 1].idx + len(doc[end - 1]), sent_of[start],
                                  "GROUP"), _WORDS().group_noun[doc[k].lower_]))
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
        resolution = r.resolution if r.code is not None or r.resolution is Resolution.SECTOR \
            else Resolution.UNRESOLVED
        actors.append(Actor(
            mention=r.mention, code=r.code, country=r.country, sector=r.sector, name=r.name,
            resolution=resolution, entry=r.entry, confidence=_CONFIDENCE[resolution],
            refers_to=antecedent, clue=r.clue if r.code is not None else None,
            affiliation=r.affiliation,
        ))
    return tuple(actors)



# --- bylines ----------------------------------------------------------------------------------

_BYLINE_JOINS = frozenset({"|", ",", "and", "&"})
_BYLINE_NAME = 4  # words of one name at most


def _byline(doc: Doc, resolved: list[_Resolved]) -> None:
    """'By: Florence VILLEMINOT | Kate WILLIAMS 1 min': the names of a byline at the start of a
    text are journalists, coded by their sector alone (MED); any other reading of them goes."""
    if len(doc) < 3 or doc[0].text != "By" or doc[1].text != ":":
        return
    names: list[tuple[int, int]] = []
    i = 2
    while i < len(doc):
        start = i
        while i < len(doc) and i - start < _BYLINE_NAME and doc[i].is_alpha \
                and doc[i].text[:1].isupper():
            i += 1
            if doc[i - 1].is_upper and len(doc[i - 1]) > 1:
                break  # the surname, in capitals, ends the name ("Florence VILLEMINOT")
        if i - start < 2:
            break
        names.append((start, i))
        if i < len(doc) and doc[i].lower_ in _BYLINE_JOINS:
            i += 1
            continue
        break
    for start, end in names:
        span = doc[start:end]
        mention = Mention(span.text, span.start_char, span.end_char, 0, "PERSON")
        byline = _Resolved(mention, None, None, "MED", span.text, Resolution.SECTOR,
                           "rule:byline", person=True, tokens=(start, end))
        # an earlier reading of the name is replaced in place (antecedents are list indices)
        overlapping = [n for n, r in enumerate(resolved)
                       if r.tokens[0] < end and r.tokens[1] > start]
        if overlapping:
            resolved[overlapping[0]] = byline
            for n in overlapping[1:]:
                resolved[n].code, resolved[n].sector = None, None
                resolved[n].resolution = Resolution.UNRESOLVED
        else:
            resolved.append(byline)


# --- affiliation and modifiers -----------------------------------------------------------------


def _backer(doc: Doc, start: int, by_end: dict[int, _Item]) -> str | None:
    """'US-backed forces', 'Iranian-backed militias': the place before '-backed' (or '-led'…),
    ending just before the phrase, is a backer of the actor, not its country."""
    if start < 3 or doc[start - 1].lower_ not in _WORDS().backing or doc[start - 2].text != "-":
        return None
    item = by_end.get(start - 2)
    if item is None:
        return None
    entry = item.first(EntryKind.COUNTRY, EntryKind.ADJECTIVE, EntryKind.CAPITAL,
                       EntryKind.REGION)
    if entry is None:
        entry = item.org_entry()
    return entry.code if entry is not None else None


def _state_noun(doc: Doc, i: int) -> bool:
    """Token i is the noun "state" heading the phrase ("the Turkish state"), not a modifier
    ("Turkish state media") or a name ("Islamic State")."""
    if i >= len(doc) or doc[i].text != "state":
        return False
    return i + 1 == len(doc) or (doc[i + 1].pos_ not in {"NOUN", "PROPN", "ADJ"}
                                 and doc[i + 1].text != "-")


def _backs(doc: Doc, end: int, starts: set[int]) -> bool:
    """A place followed by '-backed' (or '-led'…) and then another actor phrase."""
    return end + 2 < len(doc) and doc[end].text == "-" \
        and doc[end + 1].lower_ in _WORDS().backing and end + 2 in starts


def _stance_before(doc: Doc, start: int) -> bool:
    """'pro-Russia', 'anti-American': a stance towards the place, not the place itself."""
    return start >= 2 and doc[start - 1].text == "-" \
        and doc[start - 2].lower_ in _WORDS().stance_prefix


def _modifier_sector(doc: Doc, start: int) -> str | None:
    """The sector an agent modifier right before the phrase gives ('riot', 'opposition',
    'anti-government', 'pro-government'); None when there is none or it keeps the role's."""
    modifiers = _WORDS().agent_modifier
    if start >= 3 and doc[start - 2].text == "-":
        word = doc[start - 3].lower_ + "-" + doc[start - 1].lower_
        if word in modifiers:
            return modifiers[word]
    if start >= 1 and doc[start - 1].pos_ in {"ADJ", "NOUN", "PROPN"}:
        return modifiers.get(doc[start - 1].lower_)
    return None


# --- country from the context ----------------------------------------------------------------

# Prepositions that attach a place to an agent phrase ("soldiers in Niger", "the governor of
# Kherson", "students from Lima") or to its clause ("clashed … in Yerevan").
_ATTACHING = frozenset({"in", "of", "from", "at"})
_CLAUSE = frozenset({"in", "at"})
_UP_DEPS = frozenset({"conj", "advcl", "xcomp", "ccomp", "acl", "relcl", "prep", "pobj",
                      "agent", "pcomp", "dobj", "nsubj", "nsubjpass"})
_DATELINE_END = frozenset({"(", "—", "–", "-", "--", ":"})
_DATELINE_WORDS = 6
_STORY_SENTENCES = 3  # a story's main country is used only in texts of this many sentences
_CLIMB = 5
_PARTY_OFFICES = frozenset({"LEG", "JUD"})  # a party member's office that decides the sector
_OF_CHAIN = 3  # of-phrases followed from a title to find its apposition
# mentions coded by their own name, which a name in apposition to them does not share
_NAMED_RESOLUTIONS = frozenset({Resolution.PERSON, Resolution.DICTIONARY, Resolution.METONYM,
                                Resolution.DEMONYM})
# "X, a fellow at the Centre …", "X, spokeswoman for the Red Cross": a post at a body
_POST_PREPOSITIONS = frozenset({"at", "of", "for", "with"})
# "Kurdish leaders", "the Kurdish people" stay KUR, as the gold files code them
_PEOPLE_FIGURES = frozenset({"leader", "leaders", "people"})
_ARMED = frozenset({"MIL", "COP"})  # a state's forces
_STATE_OPPONENTS = frozenset({"REB", "OPP", "INS", "UAF"})  # a state's armed opponents
_OPPONENTS = frozenset({"OPP"})  # the opposition of the one government a sentence names
_PLACE_WORDS = 3  # words of a place name before an agent term ("New York attorney general")
# lexicon files of named organisations and groups (an "of" after a role names its body)
_BODY_SOURCES = ("groups:", "organisations:", "igos:", "phoenix:")


class _Context:
    """Give agents and titles with no country in their phrase the country their context gives.

    Clues, tried in this order (docs/actors.md): a possessive pronoun's antecedent ("its
    citizens"), an apposition ("Ali Bako, Niger's interior minister"), a conjunct ("US generals
    and spies"), a place attached to the phrase ("soldiers in Niger", "the governor of
    Kherson"), the subject of a verb of deployment ("Erdoğan … sending aircraft"), the place of
    the clause ("clashed … in Yerevan", "Tallahassee, where a judge …"), the dateline ("DHAKA,
    Bangladesh (AP) —"), the story's main country when it clearly has one. With none, an agent is
    coded by its sector alone.
    """

    def __init__(self, doc: Doc, resolved: list[_Resolved], items: list[_Item],
                 sent_of: list[int], *, lexicon: ActorLexicon) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.resolved = resolved
        self.sent_of = sent_of
        self.at: dict[int, _Item] = {}
        for item in items:
            for i in range(item.start, item.end):
                self.at[i] = item
        # the items of `at`, each once, in its order, and by sentence (read once per sentence)
        self.items: list[_Item] = list({id(item): item for item in self.at.values()}.values())
        self.items_in: dict[int, list[_Item]] = {}
        for item in self.items:
            self.items_in.setdefault(sent_of[item.start], []).append(item)
        self.owner: dict[int, int] = {}  # token -> index of the resolved actor covering it
        self.by_sentence: dict[int, list[_Resolved]] = {}  # bounded scans in long texts
        for n, r in enumerate(resolved):
            for i in range(*r.tokens):
                self.owner.setdefault(i, n)
            self.by_sentence.setdefault(r.mention.sentence, []).append(r)
        self._dateline: tuple[str, str] | bool | None = False
        self._sentence_states: dict[int, tuple[str, str] | None] = {}
        self._sentence_places: dict[int, dict[str, str]] = {}
        self._located: dict[int, dict[str, str]] = {}  # `_located_states`, by sentence
        self._story: str | bool | None = False
        self._done: set[int] = set()  # titles and agents already coded from their context

    def resolve(self) -> None:
        names: list[_Resolved] = []  # unknown names: coded after the titles they stand by
        for r in self.resolved:
            if r.entry == "rule:group+forces":
                self._placed_forces(r)
                continue
            if r.code is not None and r.code.endswith("PTY") and len(r.code) == 6:
                self._named_by(r)  # "Senator Jesse Helms, the Republican from North Carolina"
                continue
            if r.entry == "rule:role-coreference":
                # "Mitch McConnell, the Senate majority leader" after "the Turkish leader": the
                # person the title stands beside, not the role's last holder in the story
                if self._named_by(r):
                    r.entry = None
                continue
            if r.code is not None or r.mention.kind in {"PRONOUN", "GROUP"}:
                continue
            if r.context == 0 and r.name is not None and (
                    r.person or (r.entry is None and r.resolution == Resolution.UNRESOLVED)):
                names.append(r)  # an unknown name (the tagger may call it an organisation)
                continue
            if r.context == 0 or r.sector is None:
                continue
            self._from_context(r)
        for r in names:
            if self._at_place(r):
                continue  # "bombs rained down on Baghuz, …": a place the tagger took for a name
            self._apposition(r)
            if r.person and r.code is None and r.resolution == Resolution.UNRESOLVED:
                self._private_person(r)
        self._remembered_names(names)

    def _from_context(self, r: _Resolved) -> None:
        """Code a title or agent from its context clues (once: a spokesman's principal may be
        coded first, when the spokesman asks for it)."""
        if id(r) in self._done:
            return
        self._done.add(id(r))
        if r.person and r.name is None and self._named_by(r):
            return  # "the secretary of state, Mike Pompeo": the named person's code
        found = self._clue(r)
        if found is not None and len(found[0]) > 3:
            r.code, r.country, r.sector = found[0], None, None  # an organisation's own
            r.resolution, r.clue = Resolution.CONTEXT, found[1]
        elif found is not None:
            country, clue = found
            r.code, r.country = country + (r.sector or ""), country
            r.resolution, r.clue = Resolution.CONTEXT, clue
        elif r.alone:
            r.resolution = Resolution.SECTOR  # code stays None: see Actor.agent_code

    # -- clues --

    def _clue(self, r: _Resolved) -> tuple[str, str] | None:
        head = _head(self.doc, *r.tokens)
        strong = (self._organisation(r, head) or self._armed_group(r) or self._own_government(r)
                  or self._possessive(r, head) or self._conjunct(r, head)
                  or self._attached(head) or self._speaks_for(r, head)
                  or self._loyal_to(r, head)
                  or self._named_place_before(r))
        if strong is None and r.context == 1 and r.name is not None and r.person:
            # "Foreign Minister Joao Mendes": a named office holder is of the state the
            # dateline or the whole story gives (not of a state the sentence merely names)
            return self._dateline_country() or self._story_country()
        if strong is not None or r.context < 2:
            return strong
        return (self._deployer(head) or self._clause(head) or self._dateline_country()
                or self._sentence_state(r) or self._story_country())

    def _organisation(self, r: _Resolved, head: Token) -> tuple[str, str] | None:
        """'Islamic State (IS) militants': a named group modifying the agent is its own."""
        for child in head.children:
            if child.dep_ not in {"compound", "nmod", "amod", "poss"} or child.i >= head.i:
                continue
            other = self._mention_of(child.i)
            if other is not None and other is not r and other.code is not None \
                    and other.code.startswith(ORGANISATION_TYPES):
                return other.code, f"modifier:{other.mention.text}"
        return None

    def _armed_group(self, r: _Resolved) -> tuple[str, str] | None:
        """'… reclaimed the town from Isis, clearing the militants from their last redoubt':
        a definite rebel agent ("the militants", "the extremists") refers to the one armed
        group with a code of its own (an IMG group) named in its sentence or the one before."""
        start = r.tokens[0]
        if r.sector != "REB" or start == 0 or self.doc[start - 1].lower_ != "the":
            return None
        sentence = r.mention.sentence
        groups = {o.code: o.mention.text
                  for n in (sentence - 1, sentence) for o in self.by_sentence.get(n, [])
                  if o is not r and o.code is not None and o.code.startswith("IMG")
                  and o.tokens[1] <= start}
        if len(groups) != 1:
            return None
        code, text = next(iter(groups.items()))
        return code, f"group:{text}"

    def _placed_forces(self, r: _Resolved) -> None:
        """'In Raqqa …, where US-backed Kurdish forces have taken the Old City': the forces of a
        stateless people are rebels of the state where the sentence places them (a place
        attached to them or to their clause, not a state named as an actor: "Turkey … drive
        Kurdish forces from its borders" says nothing of where they are), and only a state of
        the people's homeland (actor_words.tsv `homeland`); else KURREB stays."""
        head = _head(self.doc, *r.tokens)
        found = self._attached(head) or self._clause(head)
        if found is None:
            # "Kurdish militias fighting … in the Syrian enclave of Afrin": the one state where
            # the sentence places things (not a state it names as an actor)
            place = self._sentence_place(r.mention.sentence)
            found = (place[0], f"place:{place[1]}") if place is not None \
                and place[0] != r.affiliation and not self._taken_by(head, place[0]) else None
        if found is not None and found[0] in state_codes() \
                and _WORDS().may_place(r.country or "", found[0]):
            r.code, r.country = found[0] + "REB", found[0]
            r.resolution, r.clue = Resolution.CONTEXT, found[1]

    def _taken_by(self, head: Token, country: str) -> bool:
        """'Kurdish forces captured Baghouz': a place the forces act on (the object of their
        verb) is where they go, not where they are placed."""
        if head.dep_ != "nsubj":
            return False
        return any(c.dep_ == "dobj" and (found := self._place_token(c)) is not None
                   and found[0] == country for c in head.head.children)

    def _own_government(self, r: _Resolved) -> tuple[str, str] | None:
        """'the Iraqi government-backed army': an agent backed by a state's own government is
        that state's (a foreign backer, "US-backed forces", is only an affiliation)."""
        start = r.tokens[0]
        if start < 3 or self.doc[start - 2].text != "-" \
                or self.doc[start - 1].lower_ not in _WORDS().backing:
            return None
        other = self._mention_of(start - 3)
        if other is None or other is r or other.sector != "GOV" \
                or other.country not in state_codes():
            return None
        if r.sector == "REB":
            r.sector = "MIL"  # government-backed militias fight for it, as "pro-government"
        return other.country, f"backed:{other.mention.text}"

    def _possessive(self, r: _Resolved, head: Token) -> tuple[str, str] | None:
        pronoun = next((c for c in head.children if c.dep_ == "poss"
                        and c.lower_ in _WORDS().possessive_pronoun), None)
        if pronoun is None:
            return self._possessive_state(r, head)
        near = self.by_sentence.get(r.mention.sentence - 1, []) + \
            self.by_sentence.get(r.mention.sentence, [])
        before = [o for o in near if o.code is not None and o is not r
                  and o.tokens[1] <= pronoun.i and o.mention.kind != "PRONOUN"
                  and (o.country in state_codes() or o.code.startswith(ORGANISATION_TYPES))]
        if not before:
            return None
        other = max(before, key=lambda o: o.tokens[1])
        if other.code is not None and other.code.startswith(ORGANISATION_TYPES):
            return other.code, f"possessive:{other.mention.text}"
        if other.country is None or other.country not in state_codes():
            return None
        return other.country, f"possessive:{other.mention.text}"

    def _possessive_state(self, r: _Resolved, head: Token) -> tuple[str, str] | None:
        """'Kenya's Orange Democratic Movement': a state named in the possessive owns it."""
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is None:
            return None
        for other in self.by_sentence.get(r.mention.sentence, []):
            start, end = other.tokens
            if other is not r and start <= owner.i < end and other.code is not None \
                    and other.country in state_codes() and (
                        other.code == other.country
                        or (other.person and other.mention.kind != "PRONOUN"
                            and not _relation_noun(head))):
                # "Kenya's Orange Democratic Movement"; "Erdoğan's spokesman", "Bush's
                # attorneys", "Assad's forces": a person's staff and forces are of the
                # person's state; not "Turkey's proxies", "Putin's allies" (an affiliation)
                return other.country, f"possessive:{other.mention.text}"
        if owner.pos_ == "PROPN" and owner.i not in self.owner:
            found = self._place_token(owner)  # "Vermont's attorney general", "Rukban's residents"
            if found is not None:
                return found[0], f"possessive:{found[1]}"
        return None

    def _conjunct(self, r: _Resolved, head: Token) -> tuple[str, str] | None:
        if head.dep_ != "conj":
            return None
        other = self._mention_of(head.head.i)
        if other is None or other is r or other.country not in state_codes():
            return None
        return other.country, f"conjunct:{other.mention.text}"

    def _attached(self, head: Token) -> tuple[str, str] | None:
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is not None and _the_country(owner):  # "the country's fragile government"
            found = self._country_antecedent(owner)
            if found is not None:
                return found[0], f"country:{found[1]}"
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in _ATTACHING:
                found = self._place(prep)
                if found is None and prep.lower_ == "of":
                    found = self._named_body(prep)
                if found is not None:
                    return found[0], f"{prep.lower_}:{found[1]}"
        for prep in head.children:
            # "a volunteer at an aid centre in Ghouta", "a doctor at a hospital in Idlib": the
            # place of the common noun the agent is at or of
            if prep.dep_ != "prep" or prep.lower_ not in {"at", "of"}:
                continue
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None or pobj.pos_ != "NOUN" or pobj.i in self.owner:
                continue
            for inner in pobj.children:
                if inner.dep_ == "prep" and inner.lower_ == "in":
                    found = self._place(inner)
                    if found is not None:
                        return found[0], f"in:{found[1]}"
        for verb in head.children:
            # "a police official posted in Shopian", "soldiers stationed in Niger"
            if verb.dep_ != "acl" or verb.i < head.i or verb.lower_ not in _WORDS().posting_verb:
                continue
            for prep in verb.children:
                if prep.dep_ == "prep" and prep.lower_ in _CLAUSE:
                    found = self._place(prep)
                    if found is not None:
                        return found[0], f"{prep.lower_}:{found[1]}"
        return None

    def _mention_of(self, token_index: int) -> _Resolved | None:
        """The resolved mention that holds this token, if any."""
        n = self.owner.get(token_index)
        return self.resolved[n] if n is not None else None

    def _speaks_for(self, r: _Resolved, head: Token) -> tuple[str, str] | None:
        """'a spokesman for the Kurdish militia', 'a spokeswoman for the Turkish military': a
        one-person role speaking for a coded body is the body's (its full code; a state or
        people coded by its country alone gives the country and the role's sector)."""
        if not self._individual(r):
            return None
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"for", "to"}:
                continue
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            other = self._mention_of(pobj.i) if pobj is not None else None
            if other is not None and other is not r and other.code is None and other.context \
                    and other.sector is not None and other.mention.kind not in {"PRONOUN",
                                                                                 "GROUP"}:
                # "a spokeswoman for New York Attorney General Barbara Underwood": the
                # principal first takes the code its own context gives
                self._from_context(other)
            if other is not None and other.code is not None and other.mention.kind != "PRONOUN" \
                    and not other.person and not (other.entry or "").startswith("regions:"):
                return other.code, f"{prep.lower_}:{other.mention.text}"
            if other is not None and other is not r and other.person \
                    and other.mention.kind != "PRONOUN" and other.country in state_codes():
                # "an aide to Theresa May", "a spokesman for Erdoğan": the principal's state
                return other.country, f"{prep.lower_}:{other.mention.text}"
            if other is not None and other is not r and other.code is None \
                    and other.sector is not None and other.name is None \
                    and other.context and r.sector == "GOV":
                # "a spokesman for the provincial police chief": the principal's sector, and
                # the country the principal's context gives
                r.sector, r.context = other.sector, max(r.context, other.context)
                r.alone = r.alone or other.alone
                return None
        return None

    def _loyal_to(self, r: _Resolved, head: Token) -> tuple[str, str] | None:
        """'fighters allied to the Syrian Democratic Forces' SYRREB, 'foreign fighters close to
        Baghdadi' IMGMUSISI: an agent allied to a coded actor (an `allegiance` word) is of that
        actor's state (or, for a group with a code of its own, is that group). "Forces loyal to
        X" are left to the event stage, which makes them X's military."""
        for word in head.children:
            if word.dep_ not in {"amod", "acl"} or word.i < head.i \
                    or word.lower_ not in _WORDS().allegiance:
                continue
            for prep in word.children:
                if prep.dep_ != "prep" or prep.lower_ != "to":
                    continue
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                other = self._mention_of(pobj.i) if pobj is not None else None
                if other is None or other is r or other.code is None:
                    continue
                if other.country in state_codes():
                    return other.country, f"loyal:{other.mention.text}"
                if other.code.startswith(ORGANISATION_TYPES):
                    return other.code, f"loyal:{other.mention.text}"
        return None

    def _named_place_before(self, r: _Resolved) -> tuple[str, str] | None:
        """'the New York attorney general', 'Miami attorney Richard J. Burton', 'the former
        Massachusetts governor': a place name (no lexicon entry; a state, province or city of
        the gazetteer) right before the agent term, inside its phrase, gives its country."""
        start, end = r.tokens
        j = start
        while j > 0 and start - j < _PLACE_WORDS:
            token = self.doc[j - 1]
            if token.pos_ != "PROPN" or not token.text[:1].isupper() or token.i in self.owner \
                    or token.i in self.at or not token.i < token.head.i < end + 2:
                break
            j -= 1
        if j == start:
            return None
        name = self.doc[j:start].text
        country = _gazetteer_country(name) if _place_name(name) else None
        return (country, f"in-phrase:{name}") if country is not None else None

    def _named_body(self, prep: Token) -> tuple[str, str] | None:
        """'the co-chairs of the Syrian Democratic Council': a named organisation or group
        (from the lexicon) after "of" gives the role its own code."""
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        other = self._mention_of(pobj.i) if pobj is not None else None
        if other is None or other.code is None or len(other.code) <= 3 \
                or other.resolution != Resolution.DICTIONARY \
                or not (other.entry or "").startswith(_BODY_SOURCES):
            return None
        return other.code, other.mention.text

    def _deployer(self, head: Token) -> tuple[str, str] | None:
        verb = head.head
        if head.dep_ != "dobj" or verb.lemma_.lower() not in _WORDS().deploy_verb:
            return None
        for _ in range(3):
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                other = self._mention_of(subject.i)
                if other is not None and other.country in state_codes():
                    return other.country, f"subject:{other.mention.text}"
                return None
            if verb.dep_ not in {"advcl", "xcomp", "conj"} or verb.head is verb:
                return None
            verb = verb.head
        return None

    def _clause(self, head: Token) -> tuple[str, str] | None:
        token = head
        for _ in range(_CLIMB):
            if token.dep_ not in _UP_DEPS or token.head is token:
                break
            token = token.head
            if token.dep_ == "relcl" and token.head.ent_type_ in {"GPE", "LOC", "FAC"}:
                found = self._place_token(token.head)  # "Tallahassee, where a judge ordered"
                if found is not None:
                    return found[0], f"clause:{found[1]}"
            if token.pos_ not in {"VERB", "AUX"}:
                continue
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in _CLAUSE and prep.i != head.i:
                    found = self._place(prep)
                    if found is not None:
                        return found[0], f"clause:{found[1]}"
        return None

    def _place(self, prep: Token) -> tuple[str, str] | None:
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        return self._place_token(pobj) if pobj is not None else None

    def _place_token(self, token: Token) -> tuple[str, str] | None:
        """The state a place token names: a lexicon country or capital, else the gazetteer."""
        if _the_country(token):  # "the leaders of that country"
            return self._country_antecedent(token)
        item = self.at.get(token.i)
        if item is not None:
            entry = item.first(EntryKind.COUNTRY, EntryKind.CAPITAL)
            if entry is not None and entry.country in state_codes():
                return entry.country, self.doc[item.start:item.end].text
            if item.first(EntryKind.PERSON, EntryKind.ACTOR, EntryKind.IGO) is not None:
                return None
            if item.label is not None:  # a place the tagger called a person or organisation
                name = self.doc[item.start:item.end].text
                country = _gazetteer_country(name) if _place_name(name) else None
                return (country, name) if country is not None else None
        if token.ent_type_ in {"GPE", "LOC", "FAC"}:
            start, end = token.i, token.i + 1
            while start > 0 and self.doc[start - 1].ent_iob_ == "I" and token.ent_iob_ == "I":
                start -= 1
            if token.ent_iob_ == "I":
                while start > 0 and self.doc[start].ent_iob_ == "I":
                    start -= 1
            while end < len(self.doc) and self.doc[end].ent_iob_ == "I":
                end += 1
            name = self.doc[start:end].text
        else:
            parts = [c for c in token.children if c.dep_ == "compound" and c.i < token.i
                     and c.ent_type_ in {"GPE", "LOC", "FAC"}]
            if not parts:
                return None
            name = " ".join(c.text for c in parts)
        country = _gazetteer_country(name) if _place_name(name) else None
        return (country, name) if country is not None else None

    def _country_antecedent(self, token: Token) -> tuple[str, str] | None:
        """The country "the country" / "that country" refers to: the nearest state named
        before it in its sentence or the one before, passing over states that are the subject
        of their clause when there is another ("… in Syria, which France will contribute to …
        the leaders of that country": Syria, not France)."""
        sentence = self.sent_of[token.i]
        best: tuple[int, str, str] | None = None  # the nearest that is no subject
        nearest: tuple[int, str, str] | None = None  # else the nearest
        for item in (*self.items_in.get(sentence - 1, ()), *self.items_in.get(sentence, ())):
            if item.end > token.i:
                continue
            entry = item.first(EntryKind.COUNTRY)
            if entry is None or entry.country not in state_codes():
                continue
            word = self.doc[item.end - 1]
            subject = word.dep_ in {"nsubj", "nsubjpass"} or (
                word.dep_ == "conj" and word.head.dep_ in {"nsubj", "nsubjpass"})
            found = (item.start, entry.country, self.doc[item.start:item.end].text)
            if not subject and (best is None or item.start > best[0]):
                best = found
            if nearest is None or item.start > nearest[0]:
                nearest = found
        best = best or nearest
        return (best[1], best[2]) if best is not None else None

    def _appositives(self, r: _Resolved, *, sector: bool = False) -> Iterator[_Resolved]:
        """The coded mentions in apposition to `r` ("the minister, Ali Bako"); with `sector`,
        also those coded by their sector alone."""
        head = _head(self.doc, *r.tokens)
        others = [head.head] if head.dep_ == "appos" else []
        # "the chairman of the joint chiefs of staff, Gen Joseph Dunford": the parser often
        # hangs the apposition on the last noun of the title's of-phrases
        nouns = [head]
        for token in nouns:
            if len(nouns) > _OF_CHAIN:
                break
            nouns += [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                      for p in c.children if p.dep_ == "pobj"]
        others += [c for token in nouns for c in token.children if c.dep_ == "appos"]
        end = r.tokens[1]
        if end + 1 < len(self.doc) and self.doc[end].text == ",":
            # "Vince Cable and Ian Blackford, leader of the SNP": the parser hangs the
            # apposition right after the name on the first conjunct
            after = self.doc[end + 1]
            others += [t for t in after.head.children if t.dep_ == "appos"
                       and t.left_edge.i == end + 1 and t.head.i < r.tokens[0]]
        for token in others:
            other = self._mention_of(token.i)
            if other is not None and other is not r and (
                    other.code is not None or (sector and other.sector is not None
                                               and other.resolution == Resolution.SECTOR)):
                yield other

    @staticmethod
    def _take_code(r: _Resolved, other: _Resolved) -> None:
        r.code, r.country, r.sector = other.code, other.country, other.sector
        r.resolution, r.clue = Resolution.CONTEXT, f"apposition:{other.mention.text}"

    def _named_by(self, r: _Resolved) -> bool:
        """A title in apposition to a known person takes the person's code."""
        for other in self._appositives(r):
            if other.person and other.name is not None:
                self._take_code(r, other)
                return True
        return False

    def _apposition(self, r: _Resolved) -> None:
        """'Niger's interior minister, Ali Bako', 'the government spokesman Bekir Bozdağ',
        'Ciyager Amed, an SDF leader': an unknown name takes the code of the title, agent or
        member of a body in apposition to it; 'Nicholas Heras, a fellow at the Centre for a
        New American Security': a name whose apposition is a post at a body takes the body's
        code. A title with no country gives its sector alone ('an activist' OPP)."""
        for other in self._appositives(r, sector=True):
            if other.resolution in _NAMED_RESOLUTIONS or other.mention.kind == "PRONOUN":
                continue  # another known person, or a body named on its own
            if _head(self.doc, *other.tokens).lower_ in _WORDS().place_noun:
                continue  # "al Keshma, a village next to Baghouz": a place
            if not r.person and not self._individual(other):
                continue  # a name the tagger took for no person: only a person's title
            if other.code is None:
                r.sector, r.resolution = other.sector, Resolution.SECTOR
                r.clue = f"apposition:{other.mention.text}"
                return
            self._take_code(r, other)
            return
        body = self._post_at_body(r) if r.person else None
        if body is not None:
            self._take_code(r, body)
            return
        if r.person:
            self._demonym_apposition(r)

    def _demonym_apposition(self, r: _Resolved) -> None:
        """'a German woman, Laura Hensel', 'his Bulgarian fiancee, Mira Rojkan': a name in
        apposition to an uncoded noun that a demonym or country modifies is of that country."""
        head = _head(self.doc, *r.tokens)
        nouns = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "appos":
            nouns.append(head.head)
        for noun in nouns:
            if noun.pos_ != "NOUN" or noun.i in self.owner:
                continue
            for child in noun.children:
                other = self._mention_of(child.i) if child.dep_ in {"amod", "compound"} else None
                if other is not None and other.resolution == Resolution.DEMONYM \
                        and other.code is not None and len(other.code) == 3:
                    r.code, r.country = other.code, other.code
                    r.resolution, r.clue = Resolution.CONTEXT, f"apposition:{other.mention.text}"
                    return

    def _at_place(self, r: _Resolved) -> bool:
        head = _head(self.doc, *r.tokens)
        return head.dep_ == "pobj" and (head.head.lower_ in _WORDS().locative
                                        or head.head.lower_ == "on")

    def _individual(self, r: _Resolved) -> bool:
        """A mention headed by a role of one person ("the government spokesman")."""
        if r.role is not None:
            return True
        head = _head(self.doc, *r.tokens)
        return any(e.kind == EntryKind.ROLE and e.individual
                   for e in self.lexicon.lookup(head.lower_))

    def _post_at_body(self, r: _Resolved) -> _Resolved | None:
        """'X, a fellow at the Centre …', 'X, spokeswoman for the Red Cross': an uncoded noun
        in apposition to the name, with an at/of/for/with phrase naming a coded body."""
        head = _head(self.doc, *r.tokens)
        posts = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"
                 and ((m := self._mention_of(c.i)) is None or m.code is None)]
        if head.dep_ == "appos" and head.head.pos_ == "NOUN" and head.head.i < head.i \
                and ((m := self._mention_of(head.head.i)) is None or m.code is None):
            posts.append(head.head)  # "Unicef's regional director …, Geert Cappelaere"
        for post in posts:
            for child in post.children:
                # "Misty Buswell, the International Rescue Committee's advocacy director"
                body = self._mention_of(child.i) if child.dep_ == "poss" else None
                if body is not None and self._body(body):
                    return body
            for prep in post.children:
                if prep.dep_ != "prep" or prep.lower_ not in _POST_PREPOSITIONS:
                    continue
                for obj in prep.children:
                    body = self._mention_of(obj.i) if obj.dep_ == "pobj" else None
                    if body is not None and body.code is not None and not body.person \
                            and (len(body.code) > 3 or self._body(body)):
                        return body
        for prep in head.children:
            # "Tanya Lokshina, of Human Rights Watch", "Thomas Mann of think tank the Brookings
            # Institution": a named organisation right after the name (not a place: "Joe
            # Robinson of Leeds")
            if prep.dep_ != "prep" or prep.lower_ not in {"of", "at"}:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                for token in (obj, *(c for c in obj.children if c.dep_ == "appos")):
                    body = self._mention_of(token.i)
                    if body is not None and self._body(body):
                        return body
        return None

    @staticmethod
    def _body(other: _Resolved) -> bool:
        """A named organisation or group of the lexicon (not a place, person or state)."""
        return other.code is not None and not other.person \
            and (len(other.code) > 3 or other.code not in state_codes()) \
            and other.resolution == Resolution.DICTIONARY \
            and (other.entry or "").startswith(_BODY_SOURCES)

    def _remembered_names(self, names: list[_Resolved]) -> None:
        """A name coded from its context ('Ali Bako, Niger's interior minister') keeps its code
        for later mentions of its surname in the same document ('Bako said …')."""
        known: dict[str, _Resolved] = {}
        for r in names:
            words = (r.name or "").split()
            if r.code is not None and len(words) >= 2 and r.resolution == Resolution.CONTEXT:
                known.setdefault(words[-1].lower(), r)
                continue
            if r.code is not None or r.resolution != Resolution.UNRESOLVED or len(words) != 1:
                continue
            first = known.get(words[0].lower())
            if first is not None and first.mention.start < r.mention.start:
                r.code, r.country, r.sector = first.code, first.country, first.sector
                r.resolution, r.clue = Resolution.CONTEXT, f"surname:{first.name}"

    def _private_person(self, r: _Resolved) -> None:
        """'Shiyar Khalil, 32, said …', 'Joe Robinson, 24, from Accrington': an unknown name
        followed by an age is a private person (CVL), of the state of a place attached to the
        name, else of the one state where the sentence places things, when there is one."""
        end = r.tokens[1]
        if end + 2 >= len(self.doc) or self.doc[end].text != "," \
                or not self.doc[end + 1].like_num or self.doc[end + 2].text not in {",", "."}:
            return
        r.sector = "CVL"
        found = self._attached(_head(self.doc, *r.tokens))
        if found is None:
            place = self._sentence_place(r.mention.sentence)
            found = (place[0], f"place:{place[1]}") if place is not None else None
        if found is not None:
            r.code, r.country = found[0] + "CVL", found[0]
            r.resolution, r.clue = Resolution.CONTEXT, found[1]
        else:
            r.resolution = Resolution.SECTOR

    def _dateline_country(self) -> tuple[str, str] | None:
        if self._dateline is False:
            self._dateline = _dateline_of(self.doc, self.at)
        return self._dateline if self._dateline else None  # type: ignore[return-value]

    def _sentence_state(self, r: _Resolved) -> tuple[str, str] | None:
        """An agent with no other clue takes the sentence's state.

        A state official ("diplomats", "the board") belongs to the one state the sentence
        names, when it names exactly one (as an actor or a place; a backer before '-backed'
        does not count). Other agents (civilians, refugees, the opposition, rebels) are as
        often the opponents or the victims of a state the sentence names as an actor ("Russian
        jets bombed rebels"), so they take the one state where the sentence places things
        (the places it names as locations: "civilians … in Afrin", "opposition communities …
        elsewhere in Syria"), and not the state it names otherwise ("an Israeli strike …
        killing 16 people": the people are not Israeli), except that the opposition is of the
        one government the sentence names ("Assad … negotiate with a divided opposition")."""
        if not self._sentence_agent(r):
            return None
        sentence = r.mention.sentence
        if sentence not in self._sentence_states:
            self._sentence_states[sentence] = self._states_named(sentence)
        found = self._sentence_states[sentence]
        if r.sector not in _WORDS().state_sector:
            place = self._sentence_place(sentence)
            if place is not None:
                return place[0], f"place:{place[1]}"
            if r.sector in _OPPONENTS:
                rulers = {o.country: o.mention.text for o in self.by_sentence.get(sentence, [])
                          if o.sector == "GOV" and o.country in state_codes()
                          and o.resolution != Resolution.CONTEXT
                          and o.mention.kind != "PRONOUN"}
                if len(rulers) == 1:  # "Assad felt no need to negotiate with the opposition"
                    country, text = next(iter(rulers.items()))
                    return country, f"government:{text}"
            return None  # no place: the state it names may be the one acting on them
        if found is None and not any(c.dep_ == "prep" and c.lower_ in _CLAUSE
                                     for c in _head(self.doc, *r.tokens).children):
            # "anger from the regime over proposals from the United States, Saudi Arabia …
            # and France" (in Syria): with several states named, the one state where the
            # sentence places things, unless the agent's own "in" phrase placed it elsewhere
            # ("Authorities in Syria's Kurdish autonomous region")
            located = self._located_states(sentence)
            if len(located) == 1:
                country, name = next(iter(located.items()))
                return country, f"place:{name}"
        return (found[0], f"sentence:{found[1]}") if found is not None else None

    def _located_states(self, sentence: int) -> dict[str, str]:
        """The states of the places a sentence names after a locative preposition ("in
        Damascus", "at Raqqa"), no actor: where things happen, not a topic ("the Ukraine
        conflict")."""
        if sentence in self._located:
            return self._located[sentence]
        found: dict[str, str] = {}
        tokens = self.doc[bisect.bisect_left(self.sent_of, sentence):
                          bisect.bisect_right(self.sent_of, sentence)]
        for token in tokens:
            if token.dep_ != "pobj" or token.head.lower_ not in _WORDS().locative \
                    or token.i in self.owner:
                continue
            for member in [token, *(c for c in token.children if c.dep_ == "conj")]:
                place = self._place_token(member)  # "in Syria and Iraq": both
                if place is not None:
                    found.setdefault(place[0], place[1])
        self._located[sentence] = found
        return found

    def _sentence_agent(self, r: _Resolved) -> bool:
        """May this agent take its country from its sentence? Not when its phrase says whose
        it is or that it is no one state's."""
        start, end = r.tokens
        if start > 0 and self.doc[start - 1].lower_ in _WORDS().stateless_modifier:
            return False  # "international forces"
        head = _head(self.doc, start, end)
        if (r.sector == "MED" or (r.sector == "GOV" and _indefinite(head))) \
                and _speaker_or_audience(head):
            return False  # "'Baffling behaviour from the US,' one diplomat said", "Jaafari told
            # reporters": an unnamed source or the press is not the state the statement names
        if head.lower_ in _WORDS().group_noun or (head.text[:1].isupper() and head.i > 0
                                                  and not _acronym_agent(head)):
            return False  # "many governments"; "the Council on Foreign Relations"
        if any(c.dep_ == "poss" or (("-" in c.text or any(t.text == "-" for t in c.subtree))
                                    and _named_hyphen(c))
               or (c.dep_ in {"compound", "nmod"} and c.text[:1].isupper())
               for c in head.children if c.i < head.i):
            return False  # "Campbell's brigade", "the Qamishli-based administration": whose
            # it is, is in the phrase and is not the sentence's state ("the state department",
            # "a police commander": a common noun before the head says nothing of whose)
        if any(c.dep_ == "amod" and c.i < head.i and c.text[:1].isupper()
               and not (c.is_sent_start and c.i + 1 < len(self.doc)
                        and self.doc[c.i + 1].text == "-")  # "Counter-terrorism officials"
               for c in head.children):
            return False  # "Azerbaijani troops": a nationality the lexicon missed
        if any(c.dep_ in {"amod", "acl"} and c.i > head.i for c in head.children):
            return False  # "forces loyal to Bashar al-Assad": the phrase says whose they are
        # "to seek justice": a bare singular role noun names no one
        return not (r.person and r.name is None
                    and not any(c.dep_ == "det" or (c.dep_ == "nummod" and c.lower_ == "one")
                                for c in head.children))

    def _sentence_place(self, sentence: int) -> tuple[str, str] | None:
        """The one state of the places a sentence names as locations, if there is one."""
        found = self._place_states(sentence)
        return next(iter(found.items())) if len(found) == 1 else None

    def _place_states(self, sentence: int) -> dict[str, str]:
        """The states of the places a sentence names as locations (countries and capitals that
        are no actor, and places of the gazetteer), each with the first name that gave it."""
        if sentence in self._sentence_places:
            return self._sentence_places[sentence]
        found: dict[str, str] = {}
        tokens = self.doc[bisect.bisect_left(self.sent_of, sentence):
                          bisect.bisect_right(self.sent_of, sentence)]
        seen: set[int] = set()
        for token in tokens:
            if token.i in self.owner or token.i in seen:
                continue  # an actor, not a place
            item = self.at.get(token.i)
            if item is not None:
                seen.update(range(item.start, item.end))
                entry = item.first(EntryKind.COUNTRY, EntryKind.CAPITAL)
                if entry is not None and entry.country in state_codes() \
                        and not _backs(self.doc, item.end, {item.end + 2}):
                    # ("the US-backed YPG": a backer is no place)
                    found.setdefault(entry.country, self.doc[item.start:item.end].text)
                continue
            if token.ent_type_ in {"GPE", "LOC"} and token.ent_iob_ == "B":
                end = _entity_end(self.doc, token.i)
                seen.update(range(token.i, end))
                name = self.doc[token.i:end].text
                country = _gazetteer_country(name) if _place_name(name) else None
                if country is not None:
                    found.setdefault(country, name)
        self._sentence_places[sentence] = found
        return found

    def _states_named(self, sentence: int) -> tuple[str, str] | None:
        named: dict[str, str] = {}
        for other in self.by_sentence.get(sentence, []):
            if other.code is None or other.resolution == Resolution.CONTEXT \
                    or other.mention.kind == "PRONOUN" or other.country not in state_codes():
                continue
            if other.resolution == Resolution.DEMONYM \
                    and _head(self.doc, *other.tokens).pos_ != "ADJ":
                continue  # "the first Briton": a person of the state, not the state
            if _sector_of(other.code) in _STATE_OPPONENTS:
                continue  # "the SDF" (SYRREB) names Syria's rebels, not the Syrian state
            named.setdefault(other.country, other.mention.text)
        for item in self.items_in.get(sentence, ()):
            entry = item.first(EntryKind.COUNTRY, EntryKind.CAPITAL, EntryKind.ADJECTIVE)
            if entry is None or entry.country not in state_codes():
                continue
            if entry.kind == EntryKind.ADJECTIVE and self.doc[item.end - 1].pos_ != "ADJ":
                continue  # a demonym used as a noun names people, not the state
            end = item.end
            if end + 1 < len(self.doc) and self.doc[end].text == "-" \
                    and self.doc[end + 1].lower_ in _WORDS().backing:
                continue  # "US-backed": an affiliation
            named.setdefault(entry.country, self.doc[item.start:item.end].text)
        for country, name in self._place_states(sentence).items():
            named.setdefault(country, name)  # "authorities … south of Srinagar"
        if len(named) != 1:
            return None
        return next(iter(named.items()))

    def _story_country(self) -> tuple[str, str] | None:
        if self._story is False:
            self._story = self._main_country()
        return (self._story, f"story:{self._story}") if self._story else None  # type: ignore

    def _main_country(self) -> str | None:
        """The state the story is clearly about: named at least three times (as an actor or a
        place), at least twice as often as any other, in a text of several sentences."""
        if not self.sent_of or self.sent_of[-1] + 1 < _STORY_SENTENCES:
            return None
        counts: Counter[str] = Counter()
        for item in self.items:
            entry = item.first(EntryKind.COUNTRY, EntryKind.CAPITAL, EntryKind.ADJECTIVE)
            if entry is not None and entry.country in state_codes():
                counts[entry.country] += 1
        top = counts.most_common(2)
        if not top or top[0][1] < 3 or (len(top) > 1 and top[0][1] < 2 * top[1][1]):
            return None
        return top[0][0]


def _dateline_tokens(doc: Doc) -> tuple[list[Token], list[Token]] | None:
    """The place words and the country words of a dateline at the start of the text
    ('DHAKA, Bangladesh (AP) —' -> [DHAKA], [Bangladesh]; 'CARACAS (Reuters) -'; 'NEW YORK:')."""
    words: list[Token] = []
    for token in doc[:_DATELINE_WORDS + 1]:
        if (token.is_upper and token.is_alpha) or (token.text in {".", "'"} and words):
            words.append(token)
            continue
        break
    if not words or len("".join(t.text for t in words)) < 3:
        return None
    k = words[-1].i + 1
    country_tokens: list[Token] = []
    if k < len(doc) and doc[k].text == ",":
        k += 1
        while k < len(doc) and doc[k].text not in _DATELINE_END and len(country_tokens) < 4:
            country_tokens.append(doc[k])
            k += 1
    if k >= len(doc) or doc[k].text not in _DATELINE_END:
        return None
    return words, country_tokens


def _dateline_of(doc: Doc, at: dict[int, _Item]) -> tuple[str, str] | None:
    """The country of the dateline, and the clue ("dateline:DHAKA")."""
    found = _dateline_tokens(doc)
    if found is None:
        return None
    words, country_tokens = found
    name = " ".join(t.text for t in words)
    for tokens in (country_tokens, words):
        if not tokens:
            continue
        item = at.get(tokens[0].i)
        entry = item.first(EntryKind.COUNTRY, EntryKind.CAPITAL) if item is not None else None
        if entry is not None and entry.country in state_codes():
            return entry.country, f"dateline:{name}"
        text = " ".join(t.text for t in tokens)
        country = _gazetteer_country(text if not text.isupper() else text.title())
        if country is not None:
            return country, f"dateline:{name}"
    return None


def _place_name(name: str) -> bool:
    """A capitalised name that is no bare direction ("the North" is no town in Ohio)."""
    words = name.split()
    return bool(words) and all(w[:1].isupper() for w in words if w.isalpha()) \
        and name.lower().removeprefix("the ") not in _WORDS().part_noun


_DOMINANT_CITY = 10  # "Los Angeles" (3.9 million) over Los Ángeles, Chile (0.2 million)
_DOMINANT_MIN = 500_000


def _dominant_city(candidates: Sequence[PlaceCandidate]) -> str | None:
    """The country of a city name's reading that outweighs every reading in another country
    tenfold, for a city of at least half a million."""
    best = max(candidates, key=lambda c: c.population or 0)
    if not best.country or (best.population or 0) < _DOMINANT_MIN:
        return None
    others = [c.population or 0 for c in candidates if c.country != best.country]
    return best.country if all(p * _DOMINANT_CITY <= (best.population or 0)
                               for p in others) else None


@functools.lru_cache(maxsize=4096)
def _gazetteer_country(name: str) -> str | None:
    """The state of a place name in the gazetteer: its only country, or the country of its
    first reading when that reading is a country or a capital."""
    candidates = gazetteer().candidates(name)
    if not candidates:
        return None
    countries = {c.country for c in candidates if c.country}
    country: str | None
    if len(countries) == 1:
        country = next(iter(countries))
    elif candidates[0].feature in {"country", "capital"}:
        country = candidates[0].country
    else:
        country = _dominant_city(candidates)
        if country is None:
            return None
    return country if country in state_codes() else None
