"""The event coder: who did what to whom, from the dependency parse, in CAMEO and PLOVER.

For every sentence that holds at least one resolved actor, each token whose lemma is a trigger in
the lexicon (`lexicon/verbs.tsv`; optionally a PETRARCH verb dictionary) is matched against the
lexicon rows, most specific first (particle and required object before bare lemma). A match says
which CAMEO code fires and where the target is (direct object, dative, or a preposition). Then:

- Source: the verb's subject; for a passive verb the `by` agent (and the passive subject is the
  target); for a verb without a subject, the subject of the clause it hangs from (conjoined verb,
  xcomp, advcl, relative clause, participle). For a noun trigger ("Xi's visit to Moscow",
  "Western sanctions on Russia"): its possessive, compound or adjectival actor, or a `by` phrase,
  else the subject of the verb it is the object of.
- Actors of a noun phrase: resolved actors overlapping the head, its compounds, adjectives,
  possessives, appositions and conjuncts ("China and Russia": one event per member).
- Locations: when the target slot names a place and no actor ("arrived in Moscow"), the place's
  country is the target.
- Reciprocal rows (meet, talks, sign an agreement): both directions; "X and Y met" → X→Y, Y→X.
- Chains: an act in the xcomp of a commitment verb ("pledged to send aid", "agreed to hold
  talks") becomes the 03x intent, of a threat verb ("threatened to impose sanctions") the 13x
  threat (`lexicon/intents.tsv`); an act under an "absorbing" trigger ("urged X to halt attacks",
  "accused X of attacking", "denied attacking") is not coded on its own.
- Modality (`lexicon/modality.tsv`), strongest first: negated (a `not`/`never` on the verb or
  its governor, "failed/refused to", "denied"): not emitted; hypothetical ("would", "could",
  "if" clauses): emitted, flagged; future ("will", "plans/expected to"): emitted with the act's
  code, flagged `future`; reported (in the complement of a speech verb, or "according to"):
  emitted with the real actor as source and the speaker in `reported_by`; else asserted.
- An event needs a resolved source and a target (PETRARCH's convention); source and target are
  never the same code.
- Precision rules (docs/events.md, "Precision rules"): purpose clauses and planned, wished or
  prevented acts are not asserted; force verbs on figures, persons fired or "the sidelines" are no
  force; backers, relation appositives, resisters, places and governments of no country are no
  party; acknowledged facts, views considered and orders to one's own forces keep no code of
  their own.
- Date: a resolved date in the trigger's own clause, else one in the main clause (not for acts in
  relative or adverbial clauses), else the publication date. Location: a place in an in/at/to
  phrase of the trigger, else the first place in the sentence that does not stand for an actor.
- With PETRARCH dictionaries loaded (`petrarch:DIR`), their verb patterns are tried after our
  lexicon (or alone with `EventStage(settings, builtin=False)`), and their discard phrases drop
  sentences and stories.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from multipolar.config import Settings
from multipolar.lexicon.actors import EntryKind, actor_lexicon, state_codes
from multipolar.lexicon.petrarch_verbs import (
    PetrarchVerbs,
    bundled_phoenix_verbs,
    load_petrarch_verbs,
)
from multipolar.lexicon.verbs import (
    GOVERNORS,
    PLACE_OBJECT,
    SPEECH_KINDS,
    Flag,
    TriggerEntry,
    VerbLexicon,
    default_lexicon,
)
from multipolar.model import (
    Actor,
    AnalysisResult,
    DateMention,
    Event,
    Evidence,
    Modality,
    Place,
)
from multipolar.ontology import cameo
from multipolar.pipeline.base import Parsed, Stage
from multipolar.pipeline.geo import gazetteer
from multipolar.pipeline.petrarch_match import petrarch_matcher
from multipolar.pipeline.triggers import Matcher, TriggerMatch
from multipolar.pipeline.word_filter import Children, WordFilter, token_rows

__all__ = ["EventStage", "TriggerMatch"]

log = logging.getLogger(__name__)

_NP_DEPS = frozenset({"compound", "amod", "poss", "nmod", "flat", "appos", "conj", "npadvmod"})
_SOURCE_NOUN_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
_REL_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_REFLEXIVES = frozenset({"itself", "themselves", "himself", "herself"})
_MAX_CLIMB = 6
_FORCE_ROOTS = frozenset({"18", "19", "20"})
# modality.tsv roles that say how a verb frames a nearby act or only describe the words around
# an act (a plan noun and the verb that makes it, a relation noun), not what the verb itself
# means: a word listed only there is still left to the Phoenix base ("fled", "resisted",
# "returned", "continue", "drive")
_CONTEXT_ROLES = frozenset({"unrealised", "undergo", "purpose", "relation", "dismiss",
                            "command", "locative", "plan", "plan_verb", "defend", "matter",
                            # the conflict round's context words (docs/events.md)
                            "perform", "quantity", "protester", "partitive", "aim",
                            "figurative", "custody", "open_space",
                            # the material round's
                            "casualty", "partner", "participant", "utterance",
                            # the material recall round's
                            "contest", "holder_verb", "holder_noun", "withdrawal",
                            # the events round 8's
                            "anonymity", "query", "topic", "subjective"})
# entity types of a proper name that is no private person
_NOT_PARTY = frozenset({"GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", "PRODUCT", "DATE", "TIME"})
_COMMENT_ROOTS = frozenset({"01", "11", "12"})  # comments, criticism, rejections
# demands, criticism, rejections (material round; not threats: "the threat from Islamic State"
# is a danger, no one's act)
_VERBAL_CONFLICT_ROOTS = frozenset({"10", "11", "12"})


def owned_lemmas(lexicon: VerbLexicon) -> frozenset[str]:
    """The verbs our lexicon owns (its rows and its modality cues, not the context roles): the
    bundled Phoenix base is silent on them (`EventStage.matchers`; the pre-filter reads the
    same set)."""
    return lexicon.lemmas | frozenset().union(
        *(words for role, words in lexicon.modality.items() if role not in _CONTEXT_ROLES))
_WORD = re.compile(r"[\w'’.-]*\w")

_ORDER = {Modality.NEGATED: 4, Modality.HYPOTHETICAL: 3, Modality.FUTURE: 2,
          Modality.REPORTED: 1, Modality.ASSERTED: 0}




# ---------------------------------------------------------------------------------------------
# matching our lexicon


def _children(token: Token, *deps: str) -> list[Token]:
    """`[c for c in token.children if c.dep_ in deps]`, read from the document's arrays."""
    return _CHILDREN.of(token, deps)


_CHILDREN = Children()


def _prep_objects(token: Token, *words: str) -> list[Token]:
    """The objects of `token`'s prepositions `words`: "the custody of Kurdish forces", `of` ->
    [forces]."""
    return [o for prep in _children(token, "prep") if prep.lower_ in words
            for o in _children(prep, "pobj")]


def _is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    # a participle with a "by" agent: "militias supported by US troops", "Assad, shored up and
    # propelled forward by his Russian backers" (the agent may hang from the last conjunct)
    return _participle(verb).dep_ in ("acl", "advcl") and bool(_agent_phrases(verb))


def _participle(verb: Token) -> Token:
    """The first of conjoined participles ("the Kurds, armed and supported by the US"): the
    one that hangs from the noun they describe."""
    node = verb
    while node.dep_ == "conj" and node.head.i != node.i and (
            node.head.tag_ in ("VBN", "VBD") or node.head.dep_ in ("acl", "advcl")):
        node = node.head
    return node


def _participle_adjective(token: Token) -> bool:
    """A participle the tagger calls an adjective, with a "by" agent: "armed" in "the Kurds,
    armed and supported by the US military"."""
    return (token.pos_ == "ADJ" and token.tag_ == "JJ" and token.lower_.endswith("ed")
            and token.dep_ in ("acl", "advcl") and bool(_agent_phrases(token)))


def _agent_phrases(verb: Token) -> list[Token]:
    """The "by" agents of a verb, or of its subjectless conjunct ("shored up and propelled
    forward by X")."""
    agents = _children(verb, "agent")
    if not agents:
        agents = [a for c in _children(verb, "conj") if not _children(c, *_SUBJECT_DEPS)
                  for a in _children(c, "agent")]
    if not agents and _children(verb, "auxpass"):
        # "is supported in its fight against Isis by the US military": the parser hangs the
        # passive's "by" phrase on the noun of its prepositional phrase
        agents = [b for p in _children(verb, "prep") for o in _children(p, "pobj")
                  for b in _children(o, "prep") if _stray_agent(b)]
    return agents


def _agent_objects(verb: Token) -> list[Token]:
    """The nouns of a verb's "by" agents (`_agent_phrases`): "the attack carried out by Isis"
    gives Isis."""
    return [o for a in _agent_phrases(verb) for o in _children(a, "pobj")]


def _participle_agents(noun: Token, index: _Index,
                       keep: Callable[[str], bool] = lambda lemma: True) -> list[_Party]:
    """The parties of the "by" agents of the past participles that describe `noun` and whose
    lemma `keep` accepts: "positions held by Isis" (holder verbs), "air strikes launched by the
    coalition" (verbs of carrying out). The one home of the participle → agent → party chain."""
    return [p for part in _children(noun, "acl")
            if part.tag_ == "VBN" and keep(part.lemma_.lower())
            for o in _agent_objects(part) for p in _np_parties(o, index)]


def _possessor_parties(noun: Token, index: _Index) -> list[_Party]:
    """The parties of a noun's possessor; a possessive pronoun on the second of two conjoined
    nouns stands for the first ("Assad and his Russian backers": Assad)."""
    owners = _children(noun, "poss")
    parties = [p for o in owners if o.pos_ != "PRON" for p in _np_parties(o, index)]
    if not parties and any(o.pos_ == "PRON" for o in owners) and noun.dep_ == "conj":
        own = {t.i for t in noun.subtree}
        parties = _parties([t for t in _np_tokens(noun.head) if t.i not in own], index)
    return parties


def _stray_agent(prep: Token) -> bool:
    """A "by" phrase on the noun of a passive verb's prepositional phrase, when the verb has
    no agent of its own: the verb's agent ("supported in its fight by the US military")."""
    noun = prep.head
    if prep.lower_ != "by" or prep.dep_ != "prep" or noun.dep_ != "pobj":
        return False
    verb = noun.head.head
    return (noun.head.dep_ == "prep" and noun.head.lower_ != "by" and verb.pos_ == "VERB"
            and bool(_children(verb, "auxpass")) and not _children(verb, "agent"))


def _passive_patients(verb: Token) -> list[Token]:
    """Who undergoes a passive verb: its passive subject, else the noun a participle modifies
    ("militias supported by US troops"), else the subject of the clause an adverbial participle
    hangs from ("Assad is confident, shored up by his backers")."""
    patients = _children(verb, "nsubjpass")
    if not patients and verb.dep_ == "conj" and _children(verb, "auxpass"):
        # "the YPG is not a terrorist group and is supported by the US": a passive conjunct
        # shares the subject of the clause it is conjoined to
        patients = _children(verb.head, "nsubj", "nsubjpass")
    if patients or not _agent_phrases(verb):
        return patients
    first = _participle(verb)
    if first.dep_ == "acl" and first.head.pos_ in ("NOUN", "PROPN"):
        return [first.head]
    if first.dep_ == "advcl":
        return _children(first.head, "nsubj", "nsubjpass")
    return []


def _object_of(verb: Token, particle: Token | None = None) -> list[Token]:
    """Candidate objects: direct object (passive subject), then "with" or particle objects."""
    objs = _children(verb, "dobj")
    if _is_passive(verb):
        objs += _passive_patients(verb)
    if verb.dep_ == "relcl" and (not objs or objs[0].lower_ in _REL_PRONOUNS):
        objs = [verb.head, *objs]  # "the sanctions that the EU imposed on Russia"
    # "threatened China with tariffs", "supplied Iran with jets", "agreed to a ceasefire"
    particle_i = particle.i if particle is not None else -1
    for prep in verb.children:
        if prep.dep_ == "prep" and (prep.lower_ == "with" or prep.i == particle_i):
            objs += _children(prep, "pobj")
            # "pulled out of the deal": the object of the particle's own "of"
            objs += [o for of in _children(prep, "prep") if of.lower_ == "of"
                     for o in _children(of, "pobj")]
    # "pledged 500 million euros in aid", "$150 million in humanitarian aid": the amount's
    # "in/of" noun is the object the row asks for
    objs += [o for obj in list(objs) if _is_amount(obj) for o in _prep_objects(obj, "in", "of")]
    # "impose new sanctions and tariffs": conjoined objects count too
    objs += [c for o in list(objs) for c in o.children if c.dep_ == "conj"]
    return objs


def _is_amount(token: Token) -> bool:
    """A quantity noun: money ("$150 million", "500 million euros") or a counted number."""
    return token.ent_type_ in ("MONEY", "QUANTITY", "CARDINAL") or any(
        c.dep_ in ("nummod", "quantmod") for c in token.children)


def _particle_token(verb: Token, particle: str) -> Token | None:
    """The particle child ("call for"); "by phone" needs the preposition and its object.
    "called for Russia to withdraw" parses "for" as the mark of a clause: it counts."""
    word, _, obj = particle.partition(" ")
    if not obj:
        for clause in _children(verb, "advcl"):
            for mark in _children(clause, "mark"):
                if mark.lower_ == word and mark.i < clause.i and _children(clause, "nsubj"):
                    return mark
    for c in verb.children:
        # oprd/acomp: an object predicate ("held Russia responsible")
        if c.dep_ in ("prt", "prep", "advmod", "agent", "oprd", "acomp", "ccomp") and (
                c.lower_ == word) and (
                not obj or any(o.lemma_.lower() == obj for o in _children(c, "pobj"))) and not (
                c.dep_ == "prep" and any(o.ent_type_ in ("DATE", "TIME")
                                         for o in _children(c, "pobj"))):
            # "called on Tuesday" is no "call on"
            return c
    return None


def _has_predicate(verb: Token) -> bool:
    """An object predicate: "called the accusation ludicrous", "called him a terrorist"."""
    return any(c.dep_ in ("oprd", "acomp") or (c.dep_ in ("xcomp", "ccomp")
                                                and c.pos_ in ("ADJ", "NOUN", "PROPN"))
               for c in verb.children)


def match_entry(token: Token, entry: TriggerEntry,
                frames: Callable[[str], bool] = lambda _lemma: False) -> TriggerMatch | None:
    """Does `entry` fire at `token`? Checks particle, required object and `nopred`; `frames`
    says which object nouns frame an act whose noun counts as the object."""
    if Flag.NOPRED in entry.flags and _has_predicate(token):
        return None
    extra: list[Token] = []
    part: Token | None = None
    if entry.particle:
        part = _particle_token(token, entry.particle)
        if part is None:
            return None
        extra.append(part)
    obj: Token | None = None
    if entry.objects:
        candidates = _object_of(token, part) if entry.pos == "VERB" else []
        # "rejected the proposal for direct talks": the framed act is the object too
        candidates += [o for c in list(candidates) if frames(c.lemma_.lower())
                       for o in _prep_objects(c, "for", "of")]
        for cand in candidates:
            if cand.lemma_.lower() in entry.objects or cand.lower_ in entry.objects or (
                    PLACE_OBJECT in entry.objects and _named_place(cand)):
                obj = cand
                break
        if obj is None:
            return None
        extra.append(obj)
    return TriggerMatch(token, entry.code, entry.id, entry.pos, tuple(extra), obj,
                        entry.targets, None, None, entry.flags)


def _named_place(tok: Token) -> bool:
    """A proper name of a place, as a required object (`@place` in verbs.tsv: "captured
    Raqqa", "retook Abu Kamal"): tagged a place, or a name the tagger missed whose gazetteer
    entries all lie in one country ("Baghouz", "Khan Sheikhun")."""
    if tok.pos_ != "PROPN" or tok.dep_ == "compound":
        return False
    if tok.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    if tok.ent_type_ not in _UNTAGGED_PLACE:
        return False
    return _city_country(_full_name(tok)) is not None


def _full_name(tok: Token) -> str:
    """A proper name with its proper-noun compounds ("Khan Sheikhun", "Tal Afar")."""
    parts = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"
             and c.i < tok.i]
    if not parts:
        return tok.text
    return tok.doc[parts[0].i:tok.i + 1].text


def lexicon_matcher(lexicon: VerbLexicon) -> Matcher:
    """A matcher over our lexicon: the most specific row that fires at the token."""

    def frames(lemma: str) -> bool:
        return lexicon.has_role(lemma, "frame")

    def match(token: Token) -> TriggerMatch | None:
        pos = _pos_of(token)
        if pos is None:
            return None
        for lemma in _lemmas(token, pos, lexicon):
            for entry in lexicon.candidates(pos, lemma):
                found = match_entry(token, entry, frames)
                if found is not None:
                    return found
        return None

    return match


_INFLECTED = {"VBD": ("ed", "d"), "VBN": ("ed", "d"), "VBG": ("ing",), "VBZ": ("es", "s")}


def _lemmas(token: Token, pos: str, lexicon: VerbLexicon) -> tuple[str, ...]:
    """The tagger's lemma, else (when it is no trigger) the base forms the word's inflection
    allows: the lemmatizer turns some verbs into other words ("staged" → "stag")."""
    lemma = token.lemma_.lower()
    if pos != "VERB" or lexicon.candidates(pos, lemma):
        return (lemma,)
    return (lemma, *(f for f in _stems(token) if lexicon.candidates(pos, f)))


def _stems(token: Token) -> list[str]:
    """Base forms an inflected verb may have ("staged" → stag, stage; "patrolled" → patrol)."""
    return _stems_of(token.lower_, "VBN" if _participle_adjective(token) else token.tag_)


def _stems_of(word: str, tag: str) -> list[str]:
    """`_stems` of a lower-case word with this tag."""
    forms: list[str] = []
    for suffix in _INFLECTED.get(tag, ()):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            forms += [stem, stem + "e"]
            if suffix == "ed" and stem.endswith("i"):
                forms.append(stem[:-1] + "y")  # "occupied"
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # "patrolled"
    return list(dict.fromkeys(forms))


def _pos_of(token: Token) -> str | None:
    if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ not in ("aux", "auxpass")):
        return "VERB"
    if token.pos_ == "NOUN":
        return "NOUN"
    if _participle_adjective(token):
        return "VERB"
    return None


# ---------------------------------------------------------------------------------------------
# actors in the parse


class _Index:
    """Actors and places by token, dates by sentence, for one document."""

    def __init__(self, doc: Doc, result: AnalysisResult,
                 capitals: Callable[[str], str | None] | None = None,
                 words: Mapping[str, frozenset[str]] | None = None) -> None:
        # word classes of modality.tsv the actor helpers need ("force" nouns, backing verbs)
        self.words = words or default_lexicon().modality
        # the country of a capital the tagger left untagged ("struck Kyiv"): the actor stage
        # judges it a location, the geo stage never sees it
        self.capital_country = capitals or (lambda _name: None)
        # the tokens of each record by position (`char_span`'s tokens, no span created)
        rows = token_rows(doc)
        self.actors: dict[int, list[Actor]] = defaultdict(list)
        for actor in result.actors:
            if not actor.agent_code:  # the code, or the sector alone of a country-less agent
                continue
            for i in rows.char_tokens(actor.start, actor.end) or ():
                self.actors[i].append(actor)
        self.places: dict[int, Place] = {}
        for place in result.places:
            for i in rows.char_tokens(place.start, place.end) or ():
                self.places.setdefault(i, place)
        self.dates: dict[int, list[DateMention]] = defaultdict(list)
        for date in result.dates:
            self.dates[date.sentence].append(date)
        self.sentence_places: dict[int, list[Place]] = defaultdict(list)
        for place in result.places:
            self.sentence_places[place.sentence].append(place)

    def has_role(self, lemma: str, role: str) -> bool:
        return lemma in self.words.get(role, frozenset())

    def has_actor(self, sent: Span) -> bool:
        return not self.actors.keys().isdisjoint(range(sent.start, sent.end))


@dataclass(frozen=True, slots=True)
class _Party:
    code: str
    text: str
    place: bool = False  # a place standing for its country: it does not act back


def _np_tokens(token: Token, depth: int = 0) -> list[Token]:
    """The head and its name-like modifiers and conjuncts (not relative clauses or preps)."""
    out = [token]
    if depth > 4:
        return out
    negs = [c.i for c in token.children if c.dep_ == "neg"]
    for child in token.children:
        if child.dep_ in ("conj", "appos") and (
                any(i < child.i for i in negs) or _children(child, "neg")):
            continue  # "fighting Isis, not Assad": the contrasted one is no party
        if child.dep_ in _NP_DEPS:
            out.extend(_np_tokens(child, depth + 1))
    return out


def _parties(tokens: Iterable[Token], index: _Index) -> list[_Party]:
    """Actor codes on these tokens, in order, without duplicates or bare-country prefixes."""
    found: dict[str, str] = {}
    at: dict[str, Token] = {}
    for tok in sorted(tokens, key=lambda t: t.i):
        for actor in index.actors.get(tok.i, ()):
            code = actor.agent_code
            if code and code not in found:
                found[code] = actor.text
                at[code] = tok
    codes = list(found)
    # "Russian President Putin" may give RUS (demonym) and RUSGOV: keep the more specific.
    keep = [c for c in codes if not any(o != c and o.startswith(c) for o in codes)]
    # "Syrian Kurdish fighters", "British Isis militants": the state adjective only locates a
    # group named by a non-state code (KUR, IMGMUSISI), so the group alone is the party
    groups = {at[c].i for c in keep if c[:3] not in state_codes()
              and not c.startswith("IGO")}

    keep = [c for c in keep if not (c in state_codes() and at[c].dep_ == "amod"
                                    and at[c].i + 1 in groups)]
    if any(at[c].pos_ == "PROPN" and c not in state_codes() and c[:3] in state_codes()
           for c in keep):
        # "the Kurdish PKK forces": the named group (TURREB) is the party, not the group its
        # adjective names (KUR; EVENTS_RANDOM_RULES: Kurds named by a group take its code)
        keep = [c for c in keep if not (at[c].dep_ == "amod" and at[c].pos_ != "PROPN"
                                        and c[:3] not in state_codes()
                                        and not c.startswith("IGO"))]
    named = {at[c].i for c in keep if at[c].i in groups and at[c].pos_ == "PROPN"}
    if named:
        # "Islamic State (IS) militants": the named group is the party, not the agent noun's
        # code with a country from context (IRQREB)
        keep = [c for c in keep if at[c].i in named or not _agent_code(c, at[c], index)]
    return [_Party(c, found[c]) for c in keep]


def _agent_code(code: str, token: Token, index: _Index) -> bool:
    """Is `code` on `token` an agent noun's code (sector, country from context if any)?"""
    return any(a.agent_code == code and a.sector and a.mention.kind == "ROLE" and a.name is None
               for a in index.actors.get(token.i, ()))


def _antecedent(token: Token) -> Token:
    """A relative pronoun stands for the noun its clause describes ("Masri, who is detained by
    Kurdish forces", "the PKK, with whom Ankara has fought a civil war"); any other token, and a
    pronoun of no relative clause, for itself."""
    if token.lower_ not in _REL_PRONOUNS:
        return token
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head  # "with whom", "against which"
    return head.head if head.dep_ == "relcl" else token


def _np_parties(token: Token, index: _Index) -> list[_Party]:
    antecedent = _antecedent(token)
    if antecedent is not token:
        token = antecedent
    elif token.lower_ in _REL_PRONOUNS and token.i > 0 and token.doc[token.i - 1].dep_ == "attr":
        token = token.doc[token.i - 1]  # cleft: "it was India which violated…"
    if token.dep_ == "appos" and token.pos_ == "NOUN" and token.head.pos_ == "PROPN":
        # "the PKK, a designated terrorist group that has fought…": the appositive restates
        # the name it follows, whose code is the party
        restated = {t.i for t in token.subtree}
        named = _parties([t for t in _np_tokens(token.head) if t.i not in restated], index)
        if named:
            return named
    tokens = [t for t in _described_apart(_np_tokens(token), index) if not _is_pro(t)]
    if index.has_role(token.lemma_.lower(), "relation"):
        # "the US military's Kurdish partners", "Iran's Syrian allies": a relation noun's
        # possessor is whose partner the party is; the party is the one the noun names
        owners = {t.i for c in token.children if c.dep_ == "poss" for t in c.subtree}
        if owners and _parties([t for t in tokens if t.i not in owners], index):
            tokens = [t for t in tokens if t.i not in owners]
    if any((a.clue or "").startswith("possessive:") for a in index.actors.get(token.i, ())):
        # "Assad's forces", "Bush's attorneys": the noun's own code already took its
        # possessor's state (pipeline/actors.py); the possessor is no second party
        owners = {t.i for c in token.children if c.dep_ == "poss" for t in c.subtree}
        tokens = [t for t in tokens if t.i not in owners]
    # "European countries, including the UK"
    tokens += [t for tok in list(tokens) for o in _prep_objects(tok, "including")
               for t in _np_tokens(o)]
    # "the US-backed Syrian Democratic Forces": the backer in a participle modifier is not
    # the party when the head names one of its own ("the US-led coalition" keeps the US)
    participles = [c for tok in tokens for c in tok.children
                   if c.dep_ == "amod" and c.tag_ == "VBN"]
    backers = {t.i for c in participles for t in c.subtree}
    # "the US and EU-backed Kurdish forces": a modifier coordinated into the participle
    backers |= {t.i for c in participles for m in tokens if m.i != token.i
                and m.right_edge.dep_ == "cc" and m.right_edge.i + 1 == c.left_edge.i
                for t in m.subtree}
    parties = _parties([t for t in tokens if t.i not in backers], index) if backers else []
    if not parties:
        # "the US-led coalition" is the US; "US-backed forces" are not ("Isis fighters
        # captured by US-backed forces": the captors are unnamed)
        outside = {t.i for c in participles if index.has_role(c.lemma_.lower(), "backing")
                   for t in c.subtree}
        parties = _parties([t for t in tokens if t.i not in outside], index)
    loyal = [o for a in token.children if a.dep_ == "amod" and a.lower_ == "loyal"
             for o in _prep_objects(a, "to")]
    forces = index.has_role(token.lemma_.lower(), "force_noun") and not _has_country(token, index)
    if loyal and forces:
        # "forces loyal to Bashar al-Assad": his military
        masters = [_military(p) for p in
                   _parties([t for o in loyal for t in _np_tokens(o)], index)]
        parties = masters + [p for p in parties if p.code not in {m.code for m in masters}]
    if parties and forces and any(c.dep_ == "poss" for c in token.children):
        # "Assad's forces", "Russia's troops": the possessor's military (the noun's own
        # country-less agent code, "MIL", gives way to it)
        own = {a.agent_code for a in index.actors.get(token.i, ())}
        parties = [_military(p) for p in parties if p.code not in own] or parties
    if not parties:
        # "the government of China", "leaders from Brazil"
        for prep in _children(token, "prep"):
            if prep.lower_ in ("of", "from"):
                for pobj in _children(prep, "pobj"):
                    parties = _parties(_np_tokens(pobj), index)
                    if parties:
                        return parties
    return parties


def _described_apart(tokens: list[Token], index: _Index) -> list[Token]:
    """`tokens` less the appositives that relate the head to another party ("Turkey, a Nato
    member", "Iran, an ally of Syria": modality.tsv `relation`): that party is no party of the
    head's act."""
    apart = {t.i for tok in tokens for c in tok.children
             if c.dep_ == "appos" and c.pos_ == "NOUN" and index.has_role(c.lemma_.lower(),
                                                                          "relation")
             for t in c.subtree}

    return [t for t in tokens if t.i not in apart] if apart else tokens


def _has_country(token: Token, index: _Index) -> bool:
    """Does an actor on this token name a state or group (not a bare agent sector)?"""
    return any(a.code and a.country for a in index.actors.get(token.i, ()))


def _place_parties(token: Token, index: _Index) -> list[_Party]:
    """Countries of the places in a noun phrase ("Kyiv", "the city of Kharkiv", "targets in
    southern Lebanon"): where an act lands when no actor is named."""
    found: dict[str, str] = {}
    tokens = _np_tokens(token)
    tokens += [t for tok in list(tokens)
               for o in _prep_objects(tok, "of", "in", "near", "inside") for t in _np_tokens(o)]
    for tok in tokens:
        place = index.places.get(tok.i)
        if place is not None and place.country and place.country not in found:
            found[place.country] = place.name
        elif place is None and tok.pos_ == "PROPN":
            country = (index.capital_country(tok.text) or _region_country(tok.text)
                       or (_city_country(tok.text) if _lone_name(tok, index) else None)
                       or (_city_country(_full_name(tok)) if _compound_name(tok, index)
                           else None))
            if country is not None and country not in found:
                found[country] = tok.text
    return [_Party(code, name, place=True) for code, name in found.items()]


_UNTAGGED_PLACE = frozenset({"", "GPE", "LOC", "FAC", "ORG", "PERSON"})


def _lone_name(tok: Token, index: _Index) -> bool:
    """A one-word proper name with no entity type but a place's and no coded actor: "Afrin",
    not the "Dalai" of "Dalai Lama"."""
    return (tok.ent_type_ in _UNTAGGED_PLACE
            and not any(a.code or a.agent_code for a in index.actors.get(tok.i, ()))
            and tok.dep_ != "compound" and not any(
                c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children))


def _compound_name(tok: Token, index: _Index) -> bool:
    """A proper name of several words the tagger left untagged or took for a person or an
    organisation, with no coded actor on it: "Khan Sheikhun", "Abu Kamal"."""
    parts = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return (bool(parts) and tok.dep_ != "compound"
            and all(t.ent_type_ in _UNTAGGED_PLACE for t in (tok, *parts))
            and not any(a.code or a.agent_code for t in (tok, *parts)
                        for a in index.actors.get(t.i, ())))


@functools.lru_cache(maxsize=4096)  # bounded: keyed on text
def _city_country(name: str) -> str | None:
    """The country of a town the tagger did not tag as a place ("Afrin was attacked by
    Turkey", where spaCy gives "Afrin" no entity), when every gazetteer entry of the name lies
    in one country; an ambiguous name (Paris: France, the US) stays unresolved."""
    cands = [c for c in gazetteer().candidates(name) if c.country]
    countries = {c.country for c in cands}
    if len(countries) == 1 and all(c.feature in ("city", "capital", "region") for c in cands):
        return countries.pop()
    return None


def _military(party: _Party) -> _Party:
    """A state or its government as the military it commands (IGOs and groups unchanged)."""
    code = party.code
    if len(code) in (3, 6) and code[:3] in state_codes():
        return _Party(code[:3] + "MIL", party.text)
    return party


@functools.lru_cache(maxsize=4096)  # bounded: keyed on text (issue 16)
def _region_country(name: str) -> str | None:
    """The country of a region in geo_regions.tsv the tagger did not tag as a place
    ("annexed Crimea", where spaCy tags "Crimea" as an organisation)."""
    for cand in gazetteer().candidates(name):
        if cand.feature == "region" and cand.country:
            return cand.country
    return None


def _subject_parties(verb: Token, index: _Index) -> list[_Party]:
    """The parties named in the subjects of `verb` (`_subject_tokens`)."""
    return [p for t in _subject_tokens(verb, index) for p in _np_parties(t, index)]


def _swallowed_subject(verb: Token) -> list[Token]:
    """The subject the parser reads as the object of a leading date's preposition ("On Sunday
    Çavuşoğlu said…", "In mid-October General Joseph Dunford … issued…": the name is the
    "pobj" of On/In with the date as its compound), for a verb with no subject of its own
    (events round 8)."""
    for prep in _children(verb, "prep"):
        if prep.i > verb.i:
            continue
        for pobj in _children(prep, "pobj"):
            if pobj.pos_ == "PROPN" and pobj.ent_type_ != "DATE" and any(
                    c.ent_type_ == "DATE" for c in _children(pobj, "compound")):
                return [pobj]
    return []


def _subject_tokens(verb: Token, index: _Index | None = None) -> list[Token]:
    """The subject of `verb`, climbing to the clause it depends on when it has none."""
    node = verb
    for _ in range(_MAX_CLIMB):
        subj = _children(node, *_SUBJECT_DEPS)
        if (len(subj) == 1 and subj[0].lower_ in ("it", "they") and node.dep_ == "ccomp"
                and node.head.pos_ == "VERB" and index is not None
                and not _np_parties(subj[0], index)):
            # "New Delhi claimed it had conducted strikes", "the ministry confirmed it had hit
            # Idlib": an unresolved pronoun in a reported clause is the reporter
            outer = _children(node.head, *_SUBJECT_DEPS)
            plural = bool(outer) and outer[0].tag_ in ("NNS", "NNPS")
            if (outer and plural == (subj[0].lower_ == "they")
                    and any(_np_parties(t, index) for t in outer)):
                return outer
        if (len(subj) == 1 and subj[0].lower_ in _REFLEXIVES and node.head.i != node.i
                and node.dep_ in ("ccomp", "xcomp", "conj")):
            # "the opposition finds itself waging a battle": the reflexive is the subject of
            # the clause it sits in
            node = node.head
            continue
        if subj:
            return subj
        swallowed = _swallowed_subject(node)
        if swallowed:
            return swallowed
        if _is_passive(node):
            return _agent_objects(node)
        dep = node.dep_
        head = node.head
        if head.i == node.i:
            return []
        if dep in ("conj", "advcl", "ccomp", "acomp"):  # acomp: "are due to discuss"
            node = head
        elif dep == "xcomp":
            objs = _children(head, "dobj") or _children(head, "nsubjpass")
            if objs:  # "pushed both nations to deepen…", "Iran is expected to sign…"
                return objs
            node = head
        elif dep == "relcl":
            if head.pos_ not in ("NOUN", "PROPN", "PRON"):
                return []
            if index is None or _np_parties(head, index):
                return [head]
            node = head  # "a state visit to attend … and hold talks": climb past the noun
        elif dep == "acl":
            if node.tag_ == "VBG":
                if (index is not None and head.dep_ in ("dobj", "nsubjpass")
                        and head.head.pos_ == "VERB" and not _np_parties(head, index)):
                    # "Hezbollah released a statement demanding…": who issued it demands
                    node = head.head
                    continue
                return [head]
            if head.pos_ == "NOUN" and any(c.dep_ == "aux" and c.lower_ == "to"
                                           for c in node.children):
                # "Trump's move to reimpose sanctions", "Russia's decision to expel…": the
                # possessor of the decision acts
                owner = [c for c in head.children if c.dep_ == "poss"]
                planner = None if owner or index is None else _plan_verb(head, index)
                if planner is None:
                    return owner
                node = planner  # "troops are making plans to attack X": the planners act
                continue
            return []
        elif dep == "pcomp":
            if head.dep_ == "prep" and head.lower_ == "for":
                # "thanked X for supporting…", "praised X for…": X is the one who acts
                gov = head.head
                objs = _children(gov, "dobj") + _prep_objects(gov, "to")
                if objs:
                    return objs
            node = head.head if head.dep_ == "prep" else head
        elif dep == "pobj" or dep == "prep":
            node = head
        else:
            return []
    return []


def _plan_verb(noun: Token, index: _Index) -> Token | None:
    """The verb whose subject does the act of a plan noun's to-infinitive: `noun` is a plan
    noun (modality.tsv `plan`: plans, efforts, operation, bid), the object of a verb with no
    act of its own (`plan_verb`) or of an "of" under that object ("are making plans to
    attack", "launched the final phase of the operation to take the town"). None when a party
    modifies the plan ("a US plan to …": someone else's) or the verb is an act verb ("rejected
    the plan to …")."""
    if not index.has_role(noun.lemma_.lower(), "plan") or _parties(
            [t for c in noun.children if c.dep_ in _SOURCE_NOUN_DEPS
             for t in _np_tokens(c)], index):
        return None
    obj = noun
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "dobj":
        obj = noun.head.head
    verb = obj.head
    if obj.dep_ != "dobj" or verb.pos_ != "VERB" or not index.has_role(
            verb.lemma_.lower(), "plan_verb"):
        return None
    return verb


def _verb_sources(match: TriggerMatch, index: _Index) -> list[_Party]:
    if match.source_tokens is not None:
        return [p for t in match.source_tokens for p in _np_parties(t, index)]
    parties: list[_Party] = []
    subjects = _subject_tokens(match.trigger, index)
    own_subject = bool(_children(match.trigger, *_SUBJECT_DEPS, "nsubjpass")) or (
        match.trigger.dep_ == "relcl" or (match.trigger.dep_ == "acl"
                                          and match.trigger.tag_ == "VBG"))
    # "mercenaries fighting Turkey's battles": the participle's noun is its subject
    if match.obj is not None and Flag.OBJTARGET not in match.flags and not own_subject:
        # "(the US imposing tariffs and) intensifying Western sanctions on Russia": with no
        # subject of its own, the act noun's own actor is its agent; with one, even unresolved,
        # it is not ("the leader rejected a US offer": the US made the offer, it does not reject
        # it). "anti-X" names the target.
        mods = [c for c in match.obj.children if c.dep_ in _SOURCE_NOUN_DEPS
                and not _is_anti(c)]
        parties = _parties([t for m in mods for t in _np_tokens(m)], index)
        if parties:
            return parties
    for tok in subjects:
        found = _np_parties(tok, index)
        if not found and tok.pos_ == "NOUN":
            found = _agent_parties(tok, index)
        parties += found
    if not subjects:
        parties = _issuer_parties(match.trigger, index)
    return parties


def _issuer_parties(verb: Token, index: _Index) -> list[_Party]:
    """The to-infinitive on the object of a verb of carrying out or issuing (modality.tsv
    `perform`) is done by that verb's subject: "Unicef issued a statement to express its
    outrage", "Turkey launched an operation to clear out the YPG"."""
    noun = verb.head
    if not (verb.dep_ == "acl" and verb.tag_ == "VB" and _children(verb, "aux")
            and noun.dep_ == "dobj" and index.has_role(noun.head.lemma_.lower(), "perform")):
        return []
    return _subject_parties(noun.head, index)


def _is_anti(token: Token) -> bool:
    """"anti-PKK", "anti-Isis": a modifier naming what the act is against."""
    doc = token.doc
    first = doc[token.left_edge.i]
    return first.lower_ in ("anti", "anti-") or first.lower_.startswith("anti-") or (
        token.i + 1 < len(doc) and token.i > 0 and doc[token.i - 1].lower_ == "-"
        and token.i > 1 and doc[token.i - 2].lower_ == "anti")


def _backing(modifier: Token, index: _Index) -> bool:
    """"the Russian-approved Turkish occupation", "a US-backed offensive": a participle of
    backing (modality.tsv `backing`) names who approves or backs the act, not who does it."""
    return modifier.tag_ == "VBN" and index.has_role(modifier.lemma_.lower(), "backing")


def _is_pro(token: Token) -> bool:
    """"pro-western Kurds", "pro-Russian separatists": a modifier naming whom the group
    favours, not the group (CODING.md: pro-Russian separatists in Ukraine are UKRREB)."""
    if token.dep_ not in ("amod", "compound", "npadvmod") or token.i == token.head.i:
        return False
    doc = token.doc
    first = doc[token.left_edge.i]
    return first.lower_ in ("pro", "pro-") or token.lower_.startswith("pro-") or (
        token.i > 1 and doc[token.i - 1].lower_ == "-" and doc[token.i - 2].lower_ == "pro")


def _agent_parties(noun: Token, index: _Index) -> list[_Party]:
    """The agent of an act noun that is the subject ("an attack by X killed…", "a bombing
    claimed by X killed…")."""
    parties = [p for o in _prep_objects(noun, "by") for p in _np_parties(o, index)]
    # not a backer: "a coalition, supported by the US"
    return parties + _participle_agents(noun, index,
                                        lambda lemma: not index.has_role(lemma, "backing"))


def _noun_sources(match: TriggerMatch, index: _Index, lexicon_lemmas: frozenset[str]
                  ) -> list[_Party]:
    if match.source_tokens is not None:
        return [p for t in match.source_tokens for p in _np_parties(t, index)]
    noun = match.trigger
    mods = [c for c in noun.children if c.dep_ in _SOURCE_NOUN_DEPS and not _is_anti(c)
            and not _backing(c, index)]
    parties = _parties([t for m in mods for t in _np_tokens(m)], index)
    if match.code[:2] in _FORCE_ROOTS:
        # "the YPG were prominent partners in the US-led fight against Isis": the partners
        # fight too
        parties += [p for p in _participants(noun, index)
                    if p.code not in {q.code for q in parties}]
    if parties:
        return parties
    for prep in _children(noun, "prep"):
        if prep.lower_ == "by" and not _stray_agent(prep):
            for pobj in _children(prep, "pobj"):
                parties += _np_parties(pobj, index)
    if parties:
        return parties
    parties = _performer_parties(noun, index)
    if parties:
        return parties
    if match.code[:2] in _VERBAL_CONFLICT_ROOTS:
        # "these accusations from Moscow", "anger from the regime over…": a verbal act
        # noun's "from" phrase names who makes it (not a force act's: "an attack from Syrian
        # territory" names where it came from)
        parties = [p for o in _prep_objects(noun, "from") for p in _np_parties(o, index)]
        if parties:
            return parties
    if index.has_role(noun.lemma_.lower(), "custody"):
        # "in the custody of Kurdish forces": who holds
        return [p for o in _prep_objects(noun, "of") for p in _np_parties(o, index)]
    head = noun.head
    if (noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB"
            and _children(head.head, "auxpass")
            and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in noun.children)):
        # "the YPG is supported in its fight against Isis by the US": in a passive clause the
        # possessive pronoun stands for the passive subject (the "by" agent is elsewhere; in
        # an active clause the subject is found below, "in a phone call with Putin, Macron…")
        clause = head.head
        subjects = _children(clause, "nsubj", "nsubjpass")
        if not subjects and clause.dep_ == "conj":
            subjects = _children(clause.head, "nsubj", "nsubjpass")
        parties = [p for t in subjects for p in _np_parties(t, index)]
        if parties:
            return parties
    if _characterises(head):
        return parties  # "sees the anti-Isis fight as…": the seer does not fight
    pred = noun
    if (noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in ("one", "among")
            and head.head.dep_ == "attr"):
        pred = head.head  # "Erdoğan was one of the main backers of …"
    if pred.dep_ == "attr" and pred.head.lemma_ == "be" and not _children(pred, "relcl"):
        # "Iran is the main sponsor of Hezbollah": a role noun predicated of the subject
        for tok in _children(pred.head, "nsubj"):
            parties += _np_parties(tok, index)
        if parties:
            return parties
    if noun.dep_ == "dobj" and head.pos_ == "VERB" and (
            head.lemma_.lower() not in lexicon_lemmas or index.has_role(head.lemma_.lower(),
                                                                        "command")
    ) and not _undergoes(head, index):
        # "ordered a limited missile strike": who orders an act does it
        for tok in _subject_tokens(head, index):
            parties += _np_parties(tok, index)
    elif (noun.dep_ == "pobj" and head.lower_ == "in" and Flag.RECIP in match.flags
          and head.head.dep_ == "dobj" and head.head.head.pos_ == "VERB"
          and not _parties(_np_tokens(head.head), index)):
        # "defeated the threat in cooperation with western allies": the parser hangs the
        # manner phrase of a mutual act on the object; the clause's subject takes part
        for tok in _subject_tokens(head.head.head, index):
            parties += _np_parties(tok, index)
    elif noun.dep_ == "pobj" and head.lower_ in ("in", "during") and head.head.pos_ == "VERB" \
            and not (head.lower_ == "during" and match.code[:2] in _FORCE_ROOTS
                     and Flag.RECIP not in match.flags):
        # (not "sent troops during a civil war in Somalia": a one-way force act during which
        # the clause happens is no act of its subject; "engaged in the fight against" is)
        # "In a phone call with Putin, Macron urged…": the clause's subject made the call
        for tok in _subject_tokens(head.head, index):
            parties += _np_parties(tok, index)
        if not parties and Flag.RECIP in match.flags:
            # "protesters were injured in clashes with Israeli forces": who suffers a mutual
            # act took part in it
            for tok in _children(head.head, "nsubjpass"):
                parties += _np_parties(tok, index)
    if not parties and not _called_for(noun) and noun.dep_ != "dobj":
        # "the resignation of Mattis", "the withdrawal of US troops": who resigns, withdraws
        # (events round 8); not an act that is another verb's object ("demanded that Erdoğan
        # force the withdrawal of jihadist forces": asked of someone, not done)
        parties = _subjective_doers(noun, index)
    return parties


def _called_for(noun: Token) -> bool:
    """An act noun in a "for" phrase ("demands for the resignation of Assad", "preparing for a
    withdrawal"): called or prepared for, not done."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "for"


def _subjective_doers(noun: Token, index: _Index) -> list[_Party]:
    """The parties of the "of" phrase of an act noun whose "of" names who acts (modality.tsv
    `subjective`: "the resignation of Mattis", "the withdrawal of US troops")."""
    if not index.has_role(noun.lemma_.lower(), "subjective"):
        return []
    return [p for o in _prep_objects(noun, "of") for p in _np_parties(o, index)]


def _participants(noun: Token, index: _Index) -> list[_Party]:
    """Who takes part in a fight noun (modality.tsv `participant`): the subject of a clause
    whose attribute or object is a partner, role or force "in" it ("Kurdish fighters were key
    partners in the fight against Isis", "Iran played a decisive role in the war against Isis",
    "the SDF has been the critical fighting force in the war on Isis"). "Russia has no
    interest in the war" takes no part."""
    head = noun.head
    if not (noun.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ == "NOUN"
            and head.head.dep_ in ("attr", "dobj")
            and index.has_role(head.head.lemma_.lower(), "participant")):
        return []
    return _subject_parties(head.head.head, index)


def _performer_parties(noun: Token, index: _Index) -> list[_Party]:
    """The "by" agent of a participle of carrying out on an act noun (modality.tsv `perform`):
    "one of the accusations made by Russia", "the attack carried out by Isis", "air strikes
    launched by the coalition" are the agent's acts."""
    return _participle_agents(noun, index, lambda lemma: index.has_role(lemma, "perform"))


def _undergoes(verb: Token, index: _Index) -> bool:
    """Does the subject of `verb` meet or resist its object act rather than do it ("American
    forces repelling an assault", "faces an attack": modality.tsv `undergo`)? A particle counts
    ("fend off")."""
    return index.has_role(verb.lemma_.lower(), "undergo")


def _slot_tokens(match: TriggerMatch, slot: str) -> list[Token]:
    trig = match.trigger
    obj_i = match.obj.i if match.obj is not None else -1
    if slot == "dobj":
        toks = [t for t in _children(trig, "dobj") if t.i != obj_i]
        if match.pos == "VERB" and _is_passive(trig):
            toks += [t for t in _passive_patients(trig) if t.i != obj_i]
        if match.pos == "VERB" and not toks:
            toks += _children(trig, "attr")
        if match.pos == "VERB" and not toks:
            # "holding Russia responsible": the subject of a small-clause complement
            toks += [s for c in _children(trig, "ccomp") if c.pos_ == "ADJ"
                     for s in _children(c, "nsubj")]
        return toks
    if slot == "dative":
        return _children(trig, "dative")
    heads = [trig] + ([match.obj] if match.obj is not None else _children(trig, "dobj"))
    if match.pos == "NOUN" and slot == "between" and trig.dep_ == "nsubj":
        heads.append(trig.head)  # "fighting broke out between X and Y"
    out: list[Token] = []
    for head in heads:
        for prep in head.children:
            if prep.dep_ in ("prep", "dative", "prt", "agent") and prep.lower_ == slot:
                out += _children(prep, "pobj")
                # "called on Iran to …" parses "on" as particle with Iran as its object
    return out


def _slot_heads(match: TriggerMatch, index: _Index, *, dative: bool = True) -> list[Token]:
    """The tokens of a row's target slots, in slot order, each read through its partitive
    (`_partitive_head`: "arrested some of the protesters" names the protesters); without the
    dative slot when `dative` is false (a place is never a dative)."""
    return [_partitive_head(t, index) for slot in match.target_slots
            if dative or slot != "dative" for t in _slot_tokens(match, slot)]


def _partitive_head(tok: Token, index: _Index) -> Token:
    """The noun a partitive stands for (modality.tsv `partitive`): "an assault on one of the
    few peaceful corners of Syria", "arrested some of the protesters" (a number too: "killed
    two of the soldiers"; a range of numbers: "800 to 900 Isis fighters were held")."""
    for _ in range(3):
        if not (index.has_role(tok.lower_, "partitive") or tok.pos_ == "NUM"):
            return tok
        nxt = next(iter(_prep_objects(tok, "of") or (
            _prep_objects(tok, "to") if tok.pos_ == "NUM" else [])), None)
        if nxt is None:
            return tok
        tok = nxt
    return tok


def _defended(noun: Token, index: _Index, places: frozenset[str]
              ) -> tuple[list[_Party], Token | None]:
    """The target of an attack noun that something is defended against: what is defended
    ("defend Afrin against the Turkish assault": the assault is on Afrin, SYR)."""
    head = noun.head
    if not (noun.pos_ == "NOUN" and noun.dep_ == "pobj" and head.lower_ == "against"
            and index.has_role(head.head.lemma_.lower(), "defend")):
        return [], None
    for obj in _children(head.head, "dobj"):
        parties = _np_parties(obj, index)
        if not parties or obj.lemma_.lower() in places:
            parties = _place_parties(obj, index) or parties
        if parties:
            return parties, obj
    return [], None


def _up_to_verb(token: Token, limit: int = 4) -> list[Token]:
    """`token` and its heads up to the first verb (included), at most `limit` steps: the
    phrase an act noun hangs in ("playing a role in an offensive": in, role, playing)."""
    out = [token]
    node = token
    for _ in range(limit):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            break
        node = node.head
        out.append(node)
    return out


def _abstract_object(tok: Token, index: _Index, abstract: frozenset[str]) -> bool:
    """An object noun that names an act, state or policy, not a party ("supporting Taiwan's
    reunification", "following America's lead"): its possessor or modifier is not the target."""
    return (tok.pos_ == "NOUN" and tok.lemma_.lower() in abstract
            and tok.i not in index.actors)


def _describes(tok: Token, noun: Token) -> bool:
    """Is an actor token an adjective of the noun: "Kurdish" in "the Kurdish enclave", or the
    actor of a participle adjective in "the Kurdish-held district", "Russian-controlled town"?"""
    if tok.dep_ == "amod":
        return True
    head = tok.head
    return (tok.dep_ in ("npadvmod", "advmod", "compound") and head.dep_ == "amod"
            and head.tag_ in ("VBN", "VBD") and head.head == noun)


def _targets(match: TriggerMatch, index: _Index, abstract: frozenset[str] = frozenset(),
             places: frozenset[str] = frozenset()) -> tuple[list[_Party], Token | None]:
    if match.target_tokens is not None:
        parties = [p for t in match.target_tokens for p in _np_parties(t, index)]
        if not parties:
            parties = [p for t in match.target_tokens for p in _place_parties(t, index)]
        return parties, (match.target_tokens[0] if match.target_tokens else None)
    if match.obj is not None and Flag.OBJTARGET in match.flags:
        # "reclaimed the town of Albu Kamal from Isis": whom a place is taken from is the
        # target, before the place's country
        parties = [p for t in (_slot_tokens(match, "from") if "from" in match.target_slots
                               else []) for p in _np_parties(t, index)]
        if parties:
            return parties, match.obj
        # "expelled three Russian diplomats": the diplomats' state is the target
        parties = _np_parties(match.obj, index)
        if not parties:
            # "denied Kyiv's claims" where the tagger took "Kyiv" for a person
            owners = _children(match.obj, "poss") + [  # "Kiev’s claims" parsed as nsubj
                t for t in _children(match.obj, "nsubj") if _children(t, "case")]
            parties = [p for o in owners for p in _np_parties(o, index)]
            if not parties:
                parties = [_Party(country, p.text) for p in owners
                           if p.pos_ == "PROPN" and p.i not in index.actors
                           and (country := index.capital_country(p.text)) is not None]
                parties = [_Party(c.code + "GOV", c.text) for c in parties]
        if not parties and _named_place(match.obj):
            parties = _place_parties(match.obj, index)  # "retook Abu Kamal": its country
        if parties:
            return parties, match.obj
    for tok in _slot_heads(match, index):
        if _abstract_object(tok, index, abstract):
            continue
        parties = _np_parties(tok, index)
        if parties and tok.lemma_.lower() in places and all(
                _describes(t, tok) for t in _np_tokens(tok) if t.i in index.actors):
            # "the Kurdish enclave of Afrin", "the Kurdish-held district of Afrin": a named
            # place wins over the adjective that describes it (the place stands for its
            # country; who holds a place is not whom its attack is on)
            parties = _place_parties(tok, index) or parties
        if parties:
            return parties, tok
    head = match.obj if match.obj is not None else (
        match.trigger if match.pos == "NOUN" else None)
    if match.obj is not None and match.code[:2] == "12":
        # "rejected a US offer": whose offer is rejected is the target
        mods = [c for c in match.obj.children if c.dep_ in _SOURCE_NOUN_DEPS]
        parties = _parties([t for m in mods for t in _np_tokens(m)], index)
        if parties:
            return parties, mods[0]
    if match.code[:2] in _JUDGED_ROOTS:
        # "lambasted decisions by Donald Trump", "anger over proposals from the United
        # States": whose act or proposal is judged is the target; not an utterance rebutted
        # ("rejected an accusation by Russia": Russia's accusation of the one who rejects it)
        rebuts = index.has_role(match.trigger.lemma_.lower(), "rebut")
        for slot in match.target_slots:
            for tok in _slot_tokens(match, slot):
                if rebuts and index.has_role(tok.lemma_.lower(), "utterance"):
                    continue
                parties = _matter_agents(tok, index)
                if parties:
                    return parties, tok
    if head is not None:
        # "launched an anti-PKK operation": what the act is against
        antis = [c for c in head.children if c.dep_ in _SOURCE_NOUN_DEPS and _is_anti(c)]
        parties = _parties([t for m in antis for t in _np_tokens(m)], index)
        if parties:
            return parties, antis[0]
    for tok in _slot_heads(match, index, dative=False):
        if _abstract_object(tok, index, abstract):
            continue
        parties = _place_parties(tok, index)
        if parties:
            return parties, tok
    defended, defended_tok = _defended(match.trigger, index, places)
    if defended:
        return defended, defended_tok
    if match.pos == "NOUN" and match.code[:2] in _FORCE_ROOTS and match.trigger.dep_ == "pobj":
        # "took part in a Turkish offensive into Syria", the parser hanging "into Syria" on the
        # verb: the place the verb's own into/inside phrase names is where the act lands; also
        # through the noun the act noun hangs on ("playing a role in a Turkish offensive into
        # Syria", "into Syria" on "playing")
        for node in _up_to_verb(match.trigger.head):
            for prep in _children(node, "prep"):
                if prep.lower_ in ("into", "inside") and prep.i > match.trigger.i:
                    for tok in _children(prep, "pobj"):
                        parties = _place_parties(tok, index)
                        if parties:
                            return parties, tok
    if match.pos == "VERB" and match.code[:2] in _FORCE_ROOTS and _children(match.trigger, "dobj"):
        # "a strike hit the Tuffah district in eastern Gaza City": the site's place, named in
        # the verb's own "in" phrase, stands for its country
        for prep in _children(match.trigger, "prep"):
            if prep.lower_ in ("in", "inside"):
                for tok in _children(prep, "pobj"):
                    parties = _place_parties(tok, index)
                    if parties:
                        return parties, tok
    if match.pos == "NOUN" and index.has_role(match.trigger.lemma_.lower(), "custody"):
        return _held(match.trigger, index)
    if match.code[:2] in _FORCE_ROOTS:
        met = _met_by(match, index)
        if met:
            return met, match.trigger
        return _aim_targets(match, index)
    return [], None


_JUDGED_ROOTS = frozenset({"11", "12"})
"""Criticism and rejection: their object may be an act whose agent is whom they judge."""
_AGENT_PREPS = frozenset({"by", "from"})


def _matter_agents(noun: Token, index: _Index) -> list[_Party]:
    """The parties of the "by"/"from" phrase of an act or proposal noun ("decisions by Donald
    Trump", "proposals from the United States, Saudi Arabia…"): who made it. Only for a
    common noun that names no party itself ("criticism of Turkish actions" names TUR on its
    own)."""
    if noun.pos_ != "NOUN" or _np_parties(noun, index):
        return []
    return [p for prep in noun.children
            if prep.dep_ in ("prep", "agent") and prep.lower_ in _AGENT_PREPS
            for t in _children(prep, "pobj") for p in _np_parties(t, index)]


def _held(noun: Token, index: _Index) -> tuple[list[_Party], Token | None]:
    """Who is in custody: the subject of the clause the "in custody" phrase hangs on, or the
    noun it describes ("hundreds of Britons who were now in the custody of Kurdish forces")."""
    head = noun.head
    if noun.dep_ != "pobj" or head.lower_ not in ("in", "into") or head.head.pos_ not in (
            "VERB", "AUX"):
        return [], None
    for tok in _subject_tokens(head.head, index) + _children(head.head, "nsubjpass"):
        tok = _partitive_head(tok, index)
        tok = _antecedent(tok)
        parties = _np_parties(tok, index)
        if parties:
            return parties, tok
    return [], None


def _swapped(match: TriggerMatch, named: list[_Party], index: _Index
             ) -> tuple[list[_Party], list[_Party], Token | None]:
    """A row flagged `swap`: the party its target slot names acts on the verb's subject
    ("Raqqa fell to Kurdish forces": KUR 192 SYR, a place subject standing for its country;
    "the MAC came under fire from Legislator Huang": TWNLEG 111 the MAC; "Trump angered Iraqi
    politicians": IRQGOV 110 USAGOV). Ground taken is the place's country, else its holder
    ("the villages held by Islamic State fell to the Kurds": KUR 192 IMGMUSISI), never the
    people a place noun implies. `named` comes without private people ("the decision angered
    many people" is no one's act). Sources, targets and the target's token."""
    for tok in _subject_tokens(match.trigger, index):
        tok = _antecedent(tok)
        if match.code[:2] == "19" and match.code != "190":
            subjects = _place_parties(tok, index) or [
                p for t in _np_tokens(tok) for p in _participle_agents(t, index)]
        else:
            subjects = _np_parties(tok, index) or _place_parties(tok, index)
        if subjects:
            codes = {p.code for p in named}
            return named, [p for p in subjects if p.code not in codes], tok
    return named, [], None


def _met_by(match: TriggerMatch, index: _Index) -> list[_Party]:
    """Who meets or resists an attack noun is whom it is on (modality.tsv `undergo`): "the
    YPG repel Turkey's attack", "Kurdish forces faced a Turkish offensive" (TUR 190 KUR)."""
    noun = match.trigger
    if match.pos != "NOUN" or noun.dep_ != "dobj" or not index.has_role(
            noun.head.lemma_.lower(), "undergo"):
        return []
    return _subject_parties(noun.head, index)


def _aim_targets(match: TriggerMatch, index: _Index) -> tuple[list[_Party], Token | None]:
    """The object of an attack's to-infinitive of aim (modality.tsv `aim`) is whom it is
    against ("launched the Afrin campaign to clear out the YPG", "an offensive to dislodge Isis
    from Raqqa"); "an offensive to please its voters" is aimed at no one."""
    heads = [match.trigger] + ([match.obj] if match.obj is not None else [])
    for aim in [c for h in heads for c in _children(h, "acl", "relcl", "advcl", "xcomp")]:
        if (aim.tag_ != "VB" or not _children(aim, "aux")
                or not index.has_role(aim.lemma_.lower(), "aim")):
            continue
        for tok in _children(aim, "dobj"):
            parties = _np_parties(tok, index) or _place_parties(tok, index)
            if parties:
                return parties, tok
    return [], None


# ---------------------------------------------------------------------------------------------
# modality


@dataclass(frozen=True, slots=True)
class _Mood:
    modality: Modality
    reported_by: tuple[str, ...] = ()


def _mood(token: Token, lexicon: VerbLexicon, index: _Index) -> _Mood:
    """The strongest modality along the chain of clauses above `token`."""
    best = Modality.ASSERTED
    reporter: tuple[str, ...] = ()
    would = conditional = False  # "said it would attack": future in the past, unless "if"

    def raise_to(m: Modality) -> None:
        nonlocal best
        if _ORDER[m] > _ORDER[best]:
            best = m

    if token.pos_ == "NOUN" and (
            any(lexicon.has_role(c.lemma_.lower(), "anticipation")
                for c in token.children if c.dep_ in ("amod", "compound"))
            or (token.dep_ == "nsubj" and any(
                lexicon.has_role(c.lemma_.lower(), "anticipation")
                for c in token.head.children if c.dep_ in ("attr", "acomp")))):
        # "an anticipated US strike", "clashes are now a distinct possibility": not asserted
        raise_to(Modality.HYPOTHETICAL)
    prospect = _prospect(token, lexicon)
    if prospect is not None:
        raise_to(prospect)
    node = token
    if token.pos_ == "NOUN" and token.dep_ in ("dobj", "nsubjpass", "pobj", "nsubj", "attr"):
        # "attr": "it would be the most lethal clash" takes the copula's "would"
        node = token.head.head if token.dep_ == "pobj" else token.head
    own_clause = False  # a conjunct with its own auxiliary or subject: the negation and
    # auxiliaries of the clause it is conjoined to are not its own ("the YPG is not a
    # terrorist group and is supported by the US military")
    contrast = False  # a "but" conjunct does not share the negation ("did not claim … but
    # said"), though it shares the auxiliaries ("would accept – but prosecute")
    for _ in range(_MAX_CLIMB):
        for child in node.children:
            low = child.lower_
            lemma = child.lemma_.lower()
            if (own_clause or contrast) and (child.dep_ == "neg" or (
                    child.dep_ == "advmod" and low in ("never", "longer"))):
                continue
            if own_clause and child.dep_ in ("aux", "auxpass"):
                continue
            if child.dep_ == "neg" or (child.dep_ == "advmod" and low == "never") or (
                    child.dep_ == "advmod" and low == "longer" and _children(child, "neg")):
                raise_to(Modality.NEGATED)  # "no longer" negates too
            elif child.dep_ == "aux":
                if lexicon.has_role(low, "aux_future") or lexicon.has_role(lemma, "aux_future"):
                    raise_to(Modality.FUTURE)
                elif lexicon.has_role(low, "aux_hypo"):
                    raise_to(Modality.HYPOTHETICAL)
                    would = would or low in ("would", "'d")
            elif child.dep_ == "mark" and lexicon.has_role(low, "mark_hypo"):
                raise_to(Modality.HYPOTHETICAL)
                conditional = True
            elif _conditional_clause(child, lexicon):
                conditional = True
            elif child.dep_ == "prep" and low == "according":
                raise_to(Modality.REPORTED)
                reporter = tuple(p.code for pp in _children(child, "prep")
                                 for o in _children(pp, "pobj") for p in _np_parties(o, index))
        dep = node.dep_
        head = node.head
        if head.i == node.i:
            break
        hl = head.lemma_.lower()
        own_clause = contrast = False
        if dep == "conj":
            own_clause = bool(_children(node, "aux", "auxpass", "nsubj", "nsubjpass"))
            contrast = _contrasted(node)
            node = head
            continue
        if dep == "xcomp":
            if lexicon.has_role(hl, "future"):
                raise_to(Modality.FUTURE)
            elif lexicon.has_role(hl, "fail") or lexicon.has_role(hl, "deny"):
                raise_to(Modality.NEGATED)
            elif hl == "go" and head.tag_ == "VBG":  # "is going to sign"
                raise_to(Modality.FUTURE)
            elif _purpose_of(node, lexicon) or lexicon.has_role(hl, "unrealised") or (
                    head.pos_ == "ADJ" and lexicon.has_role(hl, "anticipation")):
                raise_to(Modality.HYPOTHETICAL)  # "tribesmen armed to fight Isis", "avoid
                # attacking", "the area most likely to be invaded"
            node = head
            continue
        if dep == "ccomp":
            if lexicon.has_role(hl, "speech"):
                if best is Modality.HYPOTHETICAL and would and not conditional:
                    best = Modality.FUTURE
                raise_to(Modality.REPORTED)
                if not reporter:
                    reporter = tuple(p.code for t in _subject_tokens(head)
                                     for p in _np_parties(t, index))
            elif lexicon.has_role(hl, "deny"):
                raise_to(Modality.NEGATED)
            elif lexicon.has_role(hl, "doubt") or any(
                    c.dep_ == "acomp" and lexicon.has_role(c.lemma_.lower(), "doubt")
                    for c in head.children):
                raise_to(Modality.HYPOTHETICAL)  # "is sceptical that Trump will attack"
            node = head
            continue
        if dep == "pcomp" and lexicon.has_role(head.head.lemma_.lower(), "deny"):
            raise_to(Modality.NEGATED)
        if dep == "pcomp" and head.dep_ == "prep" and lexicon.has_role(head.lower_, "neg_prep"):
            raise_to(Modality.NEGATED)  # "without seeking an assurance": not done
        if dep == "pcomp" and lexicon.has_role(head.head.lemma_.lower(), "unrealised"):
            raise_to(Modality.HYPOTHETICAL)  # "prevent the fighters from being slaughtered"
        if dep == "pcomp" and head.lower_ == "than":
            raise_to(Modality.HYPOTHETICAL)  # "a safer bet than allying with…": not done
        if dep == "acl" and head.pos_ == "NOUN" and lexicon.has_role(hl, "future") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
            raise_to(Modality.FUTURE)  # "Cameron's plan to order British forces to join…"
        if dep == "advcl" and _purpose_of(node, lexicon):
            raise_to(Modality.HYPOTHETICAL)  # "travelled to Syria to fight against Isis"
        if dep in ("advcl", "pcomp", "relcl", "acomp"):  # acomp: "were not prepared to fight"
            node = head
            continue
        break
    return _Mood(best, reporter if best is Modality.REPORTED else ())


_CONTRAST = frozenset({"but", "yet"})


def _contrasted(conjunct: Token) -> bool:
    """A conjunct joined by "but" or "yet" to the verb it depends on ("Trump did not claim
    the end of the caliphate but said that Isis was being beaten"): it does not share that
    verb's negation or auxiliaries."""
    head = conjunct.head
    return any(c.dep_ == "cc" and c.lower_ in _CONTRAST and head.i < c.i < conjunct.i
               for c in head.children)


def _conditional_clause(clause: Token, lexicon: VerbLexicon) -> bool:
    """Is `clause` an adverbial clause of condition: an advcl marked by an if/unless word
    (modality.tsv `mark_hypo`: "… if the Kurds are given a role")? The one home of this check
    for `_mood`, `_conditional` and `_conditional_force`."""
    return clause.dep_ == "advcl" and any(
        m.dep_ == "mark" and lexicon.has_role(m.lower_, "mark_hypo") for m in clause.children)


def _prospect(token: Token, lexicon: VerbLexicon) -> Modality | None:
    """An act noun that is the object of a verb of planning ("prepare a devastating offensive":
    future) or of a verb under which it has not happened ("advocated air strikes", "averted an
    attack", "fear an offensive": hypothetical; modality.tsv `future`, `unrealised`)."""
    if token.pos_ != "NOUN" or token.dep_ != "dobj" or token.head.pos_ != "VERB":
        return None
    lemma = token.head.lemma_.lower()
    if lexicon.has_role(lemma, "unrealised"):
        return Modality.HYPOTHETICAL
    if lexicon.has_role(lemma, "future"):
        return Modality.FUTURE
    return None


def _purpose_of(clause: Token, lexicon: VerbLexicon) -> bool:
    """Is `clause` the to-infinitive purpose of a verb of going or equipping ("travelled to
    Syria to fight Isis", "armed to fight", "raise and train groups to fight Assad":
    modality.tsv `purpose`)? The purpose is not a done act. "is going to sign" is a future."""
    head = clause.head
    return (clause.dep_ in ("advcl", "xcomp") and head.i != clause.i and head.tag_ != "VBG"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
            and lexicon.has_role(head.lemma_.lower(), "purpose"))


# ---------------------------------------------------------------------------------------------
# the stage


@dataclass(slots=True)
class _Found:
    match: TriggerMatch
    code: str
    rule: str
    sources: list[_Party]
    targets: list[_Party]
    target_tok: Token | None
    suppressed: bool = False
    implied: bool = False  # the source is implied by the act noun ("the protests": protesters)


class EventStage(Stage):
    """Codes events from the parse and the actors found by the ActorStage."""

    name = "events"
    version = "1.0"

    def __init__(self, settings: Settings | None = None, *, builtin: bool = True,
                 base: bool = True) -> None:
        """`builtin=False` leaves out our lexicon; `base=False` the bundled Phoenix patterns
        that lie underneath it."""
        self.settings = settings or Settings()
        self.builtin = builtin
        self.base = base
        self._petrarch_dirs = list(self.settings.lexicon_directories("petrarch"))
        self._custom_dirs = list(self.settings.lexicon_directories("multipolar"))

    @functools.cached_property
    def lexicon(self) -> VerbLexicon:
        if self._custom_dirs:
            return VerbLexicon.load(self._custom_dirs)
        return default_lexicon()

    @functools.cached_property
    def petrarch(self) -> list[PetrarchVerbs]:
        """The PETRARCH verb dictionaries named by `Settings.lexicons` ("petrarch:DIR")."""
        loaded = [load_petrarch_verbs(d) for d in self._petrarch_dirs]
        if self.base:
            loaded.append(bundled_phoenix_verbs())
        return [v for v in loaded if v is not None]

    @functools.cached_property
    def matchers(self) -> list[Matcher]:
        """Our lexicon first (unless `builtin=False`), then each PETRARCH dictionary, then the
        bundled Phoenix patterns (unless `base=False`)."""
        matchers: list[Matcher] = []
        if self.builtin:
            matchers.append(lexicon_matcher(self.lexicon))
        for verbs in self.petrarch:
            if verbs.source == "phoenix_verbs.txt":  # the bundled base: word patterns only,
                # for verbs our lexicon does not know (ours owns the verbs it has rows or
                # modality cues for: "expected" is a future cue, not a prediction)
                base = petrarch_matcher(verbs, defaults=False, min_size=2)
                owned = owned_lemmas(self.lexicon) if self.builtin else frozenset()
                matchers.append(_unless_owned(base, owned))
            else:
                matchers.append(petrarch_matcher(verbs))
        return matchers

    @functools.cached_property
    def _trigger_words(self) -> frozenset[str]:
        """Lemmas (and PETRARCH word forms) worth matching: a fast filter."""
        words = set(self.lexicon.lemmas) if self.builtin else set()
        for verbs in self.petrarch:
            words.update(k.lower() for k in verbs.verbs)
        return frozenset(words)

    @functools.cached_property
    def _maybe_triggers(self) -> WordFilter:
        """The tokens `_match` may match: its word test, with the base forms of every
        inflection (whatever the tag), decided once per (lemma, word)."""
        words = self._trigger_words
        return WordFilter(lemma=words.__contains__, lower=lambda lower: lower in words or any(
            stem in words for tag in _INFLECTED for stem in _stems_of(lower, tag)))

    @functools.cached_property
    def _maybe_sayings(self) -> WordFilter:
        """The tokens `_verb_saying` or `_noun_saying` may take: a statements.tsv word."""
        lexicon = self.lexicon
        return WordFilter(lemma=lambda lemma: lexicon.statement_word(lemma) is not None
                          or lexicon.statement_word(lemma, noun=True) is not None)

    def _capital_country(self, name: str) -> str | None:
        """The country whose capital `name` is, from the actor lexicon (countries.tsv)."""
        return _capital_lookup(tuple(self.settings.lexicons), name)

    def __call__(self, item: Parsed) -> Parsed:
        events = tuple(self.code(item.doc, item.result))
        return item.with_result(events=events)

    def code(self, doc: Doc, result: AnalysisResult) -> list[Event]:
        """All events of one parsed document, in text order."""
        if not result.actors:
            return []
        discards = [v for v in self.petrarch if v.sentence_discards or v.story_discards]
        text = result.document.text
        if discards:
            words = _WORD.findall(text.upper())
            if any(v.discards(words, story=True) for v in discards):
                return []
        index = _Index(doc, result, self._capital_country, self.lexicon.modality)
        events: list[Event] = []
        seen: set[tuple[object, ...]] = set()
        for s_index, sent in enumerate(doc.sents):
            if not index.has_actor(sent):
                continue
            if discards:
                words = _WORD.findall(text[sent.start_char:sent.end_char].upper())
                if any(v.discards(words) for v in discards):
                    continue
            for event in self._code_sentence(sent, s_index, index, result):
                key = (s_index, event.source, event.target, event.code)
                if key not in seen:
                    seen.add(key)
                    events.append(event)
        return events

    def _match(self, token: Token) -> TriggerMatch | None:
        words = self._trigger_words
        if token.lemma_.lower() not in words and token.lower_ not in words and (
                (token.tag_ not in _INFLECTED and not _participle_adjective(token))
                or not any(stem in words for stem in _stems(token))):
            return None
        for matcher in self.matchers:
            found = matcher(token)
            if found is not None:
                return found
        return None

    def _find(self, sent: Span, index: _Index) -> dict[int, _Found]:
        """Pass 1: every trigger of the sentence with its sources, targets and refined code."""
        lexicon = self.lexicon
        found: dict[int, _Found] = {}
        consumed: set[int] = set()
        for token in self._maybe_triggers.tokens(sent):  # the others cannot match
            match = self._match(token)
            if match is None:
                continue
            if match.pos == "NOUN" and token.i in consumed:
                continue
            if Flag.CLAUSE in match.flags and not _children(token, "xcomp", "ccomp"):
                continue  # "agreed to …" needs the clause it agrees to
            if Flag.CONSIDER in match.flags and _judgement(token):
                continue  # "consider Isis to have been defeated": a view, not a weighed act
            consumed.update(t.i for t in match.extra)
            if match.pos == "VERB":
                sources = _verb_sources(match, index)
            else:
                sources = _noun_sources(match, index, lexicon.lemmas)
            targets, target_tok = _targets(match, index,
                                           lexicon.modality.get("abstract", frozenset()),
                                           lexicon.modality.get("place", frozenset()))
            if not targets and (Flag.ABSORB in match.flags or match.code[:2] in ("09", "11")):
                # "investigate how the White House handles…": the clause's subject too
                # "demanded that Turkey use its influence…": the clause's subject
                # "expressed disappointment that the Kurds had not left": the that-clause of
                # the required object names whom the criticism is of
                heads = [token] + ([match.obj] if match.obj is not None else [])
                for clause in _children(token, "ccomp") + [
                        c for h in heads for c in _children(h, "acl")
                        if _that_clause_of_noun(c)]:
                    targets = [p for subj in _children(clause, "nsubj")
                               for p in _np_parties(subj, index)
                               if p.code not in {s.code for s in sources}]
                    if targets:
                        break
            if not targets and match.pos == "NOUN" and match.code[:2] == "11" and (
                    token.dep_ == "dobj" and lexicon.has_role(token.head.lemma_.lower(), "rebut")):
                # "Britain rejected an accusation by Russia": the accused is who rejects it
                targets = [p for p in _subject_parties(token.head, index)
                           if p.code not in {s.code for s in sources}]
            if not targets and match.pos == "NOUN" and lexicon.has_role(token.lemma_.lower(),
                                                                      "relation"):
                # "Assad's Russian backers", "Assad and his Iranian backers": the possessor of
                # a relation noun is whom the relation is to, its adjectives who holds it
                owners = _possessor_parties(token, index)
                if owners:
                    targets, target_tok = owners, token
                    sources = [s for s in sources if s.code not in {o.code for o in owners}]
            if not sources and match.pos == "NOUN" and target_tok is not None and \
                    target_tok.head.lower_ == "between" and len(targets) > 1:
                sources = targets  # "talks between Cuba and the United States"
            code = lexicon.refine(match.code, _modifiers(match)) if match.code else ""
            if Flag.ARMED in match.flags and code and (
                    _armed(target_tok, targets, lexicon)
                    or (Flag.RECIP in match.flags and _armed(None, sources, lexicon))
                    or (targets and any(s.code[3:6] == "MIL" for s in sources))):
                # "supported the Syrian Kurdish fighters", "backed the SDF": material aid;
                # a mutual act with an armed party on either side ("the YPG, in cooperation
                # with western allies"): military cooperation; support given by a military
                # ("armed and supported by the US military") is material too
                code = lexicon.refine(code, ["armed"])
            if code and sources and all(_state_force(s.code) for s in sources):
                # "the Turks bombed a YPJ position": a state's bombing is an air strike (195),
                # not a non-military bombing (183; refine.tsv modifier "state")
                code = lexicon.refine(code, ["state"])
            if Flag.SWAP in match.flags:
                sources, targets, target_tok = _swapped(
                    match, [t for t in targets if not _private(t.code, lexicon)], index)
            found[token.i] = _Found(match, code, match.rule, sources, targets, target_tok)
        return found

    def _code_sentence(self, sent: Span, s_index: int, index: _Index,
                       result: AnalysisResult) -> list[Event]:
        """The passes over one sentence, in order (each is tested on its own)."""
        lexicon = self.lexicon
        found = self._find(sent, index)
        _instrument_pass(found, lexicon.modality.get("quantity", frozenset()))
        _toll_pass(found, lexicon.modality.get("casualty", frozenset()))
        _protest_pass(found, sent, s_index, index, lexicon)
        _defence_pass(found, index)
        _purpose_pass(found)
        _material_pass(found, index, lexicon)
        _chain_pass(found, lexicon)
        _decline_comment_pass(found, lexicon)
        _anonymity_pass(found, lexicon)
        _framing_pass(found, lexicon)
        _retort_pass(found, lexicon.modality.get("utterance", frozenset()), index)
        events: list[Event] = []
        for f in found.values():
            if f.suppressed or not f.sources:
                continue
            mood = _mood(f.match.trigger, lexicon, index)
            if mood.modality in (Modality.FUTURE, Modality.HYPOTHETICAL) and \
                    _conditional_force(f, lexicon, index):
                # "Turkey said it would hit back at the troops if…": a threat of force (138)
                f.code, f.rule = "138", f"threat>{f.rule}"
                mood = _Mood(Modality.ASSERTED, mood.reported_by)
            if mood.modality is Modality.NEGATED:
                refusal = _refusal(f, lexicon)
                if refusal is None:
                    continue
                # "would no longer accept migrants", "will not lift the sanctions": a refusal
                f.code, f.rule = refusal, f"refuse>{f.rule}"
                mood = _Mood(Modality.ASSERTED)
            pairs: list[tuple[_Party, _Party | None]] = list(
                _pairs(f, recip=Flag.RECIP in f.match.flags, mutual=Flag.MUTUAL in f.match.flags,
                       private=lambda code: _private(code, lexicon)))
            if _intended_force(f, mood):
                pairs = [(s, t) for s, t in pairs if s.code in {p.code for p in f.sources}]
            if not pairs and not f.targets:
                pairs = _one_sided(f, lexicon, index, s_index)
            if f.code[:2] == "01":
                # comments of private people (residents, refugees, journalists) are no events:
                # statements are a political actor's (EVENTS_RANDOM_RULES)
                pairs = [(s, t) for s, t in pairs if not _private(s.code, lexicon)]
            if f.code[:2] == "04":
                # "Speaking to NBC, Birx criticised…": talking to the media is the channel of
                # a saying, no consultation (modality.tsv `channel`)
                pairs = [(s, t) for s, t in pairs if not any(
                    p is not None and lexicon.has_role(p.code[-3:].lower(), "channel")
                    for p in (s, t))]
            for src, tgt in pairs:
                if _unnamed_government(src, tgt):
                    continue
                tgt = _domestic_target(f.code, src, tgt)
                if f.code:
                    events.append(self._event(f, f.code, src, tgt, mood, sent, s_index, index,
                                              result))
                if f.match.reverse_code and tgt is not None and not tgt.place:
                    events.append(self._event(f, f.match.reverse_code, tgt, src, mood, sent,
                                              s_index, index, result))
        if self.builtin:  # statements.tsv is part of our lexicon
            events.extend(self._statements(sent, s_index, index, result, found, events))
        events.sort(key=lambda e: e.evidence.trigger_start)
        return events

    def _statements(self, sent: Span, s_index: int, index: _Index, result: AnalysisResult,
                    found: Mapping[int, _Found], events: Sequence[Event]) -> list[Event]:
        """Statements (01x): a speech verb of statements.tsv whose subject is a named political
        actor (`_verb_saying`), or a saying noun of such an actor (`_noun_saying`: "Trump's
        claims that …"), makes a statement when what it says is the speaker's own comment, not
        a report of an act that is an event of its own (CODING.md reported speech; see
        `_reports_act`). The code comes from the word and the complement's cues
        (`_comment_code`), the target is the party commented on (`_commented_on`); "did not
        comment" is 011."""
        lexicon = self.lexicon
        starts = {e.evidence.trigger_start for e in events}
        out: list[Event] = []
        for token in self._maybe_sayings.tokens(sent):  # the others say nothing
            said = (_verb_saying(token, index, lexicon, found)
                    or _noun_saying(token, index, lexicon, found))
            if said is None or token.idx in starts:
                continue  # a trigger of its own ("warned Iran to …", "denied"): that event
            triggers = _event_tokens(sent, starts)
            kind, code, saying = said
            mood = _mood(token, lexicon, index)
            if mood.modality is Modality.NEGATED and kind == "silence":
                code, mood = "011", _Mood(Modality.ASSERTED, mood.reported_by)
            elif mood.modality in (Modality.NEGATED, Modality.HYPOTHETICAL):
                continue
            if code != "011":
                if (kind != "noun" and not saying.complement) or _imperative(
                        saying.complement) or _reports_act(
                        saying, found, triggers, index, lexicon):
                    continue  # nothing said, or a report: the reported act is the event
                code = _comment_code(code, saying.complement, lexicon)
                if code == "010" and _denies_own_act(saying, found, index, lexicon):
                    code = "016"  # "Russia never attacked civilians, the Kremlin said"
            target = (_commented_on(saying.complement, index, saying.sources, lexicon)
                      or _addressee(token, index, saying.sources, lexicon))
            match = TriggerMatch(token, code, "statement", token.pos_)
            f = _Found(match, code, "statement", list(saying.sources), [], None)
            out.extend(self._event(f, code, src, target, mood, sent, s_index, index, result)
                       for src in saying.sources)
        return out

    def _event(self, f: _Found, code: str, src: _Party, tgt: _Party | None, mood: _Mood,
               sent: Span,
               s_index: int, index: _Index, result: AnalysisResult) -> Event:
        entry = cameo()[code]
        toks = [f.match.trigger, *f.match.extra]
        t_start = min(t.idx for t in toks)
        t_end = max(t.idx + len(t.text) for t in toks)
        text = result.document.text
        evidence = Evidence(sentence=sent.text, sentence_index=s_index, start=sent.start_char,
                            end=sent.end_char, trigger=text[t_start:t_end],
                            trigger_start=t_start, trigger_end=t_end)
        return Event(
            source=(src.code,),
            target=(tgt.code,) if tgt is not None else (),
            **entry.event_fields(),
            modality=mood.modality,
            date=_date(f.match.trigger, index.dates.get(s_index, ()), result),
            location=_location(f, index, s_index),
            evidence=evidence,
            rule=f.rule,
            source_text=src.text,
            target_text=tgt.text if tgt is not None else "",
            reported_by=mood.reported_by,
        )


def _act_noun(tok: Token, lexicon: VerbLexicon) -> bool:
    """A noun naming an act, not a party: a noun trigger of the lexicon ("attack", "talks"),
    a frame ("proposal", "plan") or a matter (modality.tsv `matter`: "decision", "report"), or
    a demonstrative pronoun of the matter role ("this is opposed by the regime")."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "PRON":  # ("condemned those who attacked…" names people)
        return lexicon.has_role(lemma, "matter") and not list(tok.children)
    return tok.pos_ == "NOUN" and (
        bool(lexicon.candidates("NOUN", lemma)) or lexicon.has_role(lemma, "frame")
        or lexicon.has_role(lemma, "matter"))


def _private(code: str, lexicon: VerbLexicon) -> bool:
    """Is `code` a private people's (modality.tsv `traveller` sectors: civilians, refugees,
    media, business…)? Their travel is no visit and their comments no statements."""
    return lexicon.has_role(code[-3:].lower(), "traveller")


def _speech_word(token: Token, lexicon: VerbLexicon) -> tuple[str, str] | None:
    """(kind, code) of a speech verb of statements.tsv heading its own clause (also one the
    tagger reads as a noun but that has a subject: "Russia and the US claim to…"); None for
    other words and for sayings that only describe a noun ("a statement released saying…", "the
    so-called…"), set in a relative clause as background ("which Turkey feared would…") or
    judge an object ("declared the act unconstitutional": a ruling)."""
    word = lexicon.statement_word(token.lemma_.lower())
    if word is None or word[0] not in SPEECH_KINDS:
        return None
    verb = token.pos_ == "VERB" or (token.pos_ == "NOUN" and _children(token, *_SUBJECT_DEPS))
    if not verb or token.dep_ in ("amod", "acl") or _has_predicate(token):
        return None
    if token.dep_ == "relcl" and not (
            _children(token, "ccomp")
            and any(s.lower_ in _REL_PRONOUNS for s in _children(token, "nsubj"))):
        return None  # "which Turkey feared would…": background; but "Russia, who have said
        # that no attack happened", "the Iraqi government, which has told the ICRC that…":
        # the relative pronoun is the speaker, who says a clause
    if token.dep_ in ("csubj", "csubjpass"):
        return None  # "For Putin to admit that the men were there would have belied his
        # claim": a saying that is a clause's subject is put as a case, not made
    if _children(token, "auxpass", "nsubjpass"):
        return None  # "Iran is widely believed to be supporting…", "is said to have…": a
        # passive, no saying of the subject's
    if word[0] == "belief" and not _children(token, "ccomp"):
        return None  # "850 Britons believed to have joined", "the Isis men, believed to be
        # Iraqi": a belief states a clause; with an infinitive it is the passive, misread
    return word


def _verb_saying(token: Token, index: _Index, lexicon: VerbLexicon,
                 found: Mapping[int, _Found]) -> tuple[str, str, _Saying] | None:
    """(kind, code, saying) of a speech verb with political speakers ("Bolton said …")."""
    word = _speech_word(token, lexicon)
    if word is None or _elaborates(token, found):
        return None
    if word[0] == "belief" and any(_a_person(t, index) for t in _speaker_tokens(token, index)):
        return None  # "the president believes …": the writer's reading of a mind
    sources = _speakers(token, index, lexicon)
    if not sources:
        return None
    kind = "verb" if word[0] == "belief" else word[0]
    saying = _Saying(token, tuple(sources), tuple(_complement(token, lexicon)))
    if kind == "announce":
        if _announces_own_act(saying, index):
            return None  # "Russia announced it had postponed the conference": that act
        kind = "verb"
    return kind, word[1], saying


_PERSONAL = frozenset({"i", "we", "he", "she", "it", "they"})


def _announces_own_act(saying: _Saying, index: _Index) -> bool:
    """Does an announcement announce an act of the speakers' own ("Russia announced it had
    postponed a conference", "announcing he was bringing the troops home", "the administration
    announced it would slash the target")? A verb of what is said (not a copula: "announced
    that there were 11,000 troops") whose subject is a personal pronoun or the speakers
    themselves. The act is the event (RANDOM5_RULES), whether the lexicon codes it or not."""
    own = {p.code for p in saying.sources}
    for verb in saying.complement:
        if verb.pos_ != "VERB" or verb.dep_ not in _CLAUSE_DEPS:
            continue
        for subj in _children(verb, "nsubj", "nsubjpass"):
            if subj.lower_ in _PERSONAL:
                return True
            parties = _np_parties(subj, index)
            if parties and all(p.code in own for p in parties):
                return True
    return False


def _a_person(subject: Token, index: _Index) -> bool:
    """A speaker who is one person: a person's name, or a role the actor lexicon gives one
    holder ("the president", "the home secretary"), not a body ("the SDF", "US officials")."""
    if subject.ent_type_ == "PERSON" or subject.pos_ == "PRON":
        return True
    if subject.tag_ in ("NNS", "NNPS"):
        return False
    return any(e.kind is EntryKind.ROLE and e.individual
               for e in actor_lexicon().lookup(subject.lemma_.lower()))


_ABOUT = frozenset({"about", "on", "over", "of"})
"""Prepositions of a saying noun's topic ("a warning about the threat from Islamic State")."""


def _noun_saying(token: Token, index: _Index, lexicon: VerbLexicon,
                 found: Mapping[int, _Found]) -> tuple[str, str, _Saying] | None:
    """(kind, code, saying) of a saying noun of statements.tsv whose speaker is a political
    possessor ("Trump's claims that Isis had been defeated", "the US president's remarks"), its
    "by"/"from" agent ("a briefing by the Russian foreign ministry spokeswoman") or
    the subject of an `utter` verb it is the object of ("issued a warning about …"). What it
    says: its clause and its topic phrase. Not when it is the object of another act ("rejected
    Trump's claims": the rejection is the event, CODING.md)."""
    word = lexicon.statement_word(token.lemma_.lower(), noun=True) if token.pos_ == "NOUN" \
        else None
    if word is None or token.i in found or token.head.i in found:
        return None
    owners = [t for t in _children(token, "poss") if t.pos_ != "PRON"] or [
        o for o in _prep_objects(token, *_AGENT_PREPS) if o.pos_ == "PROPN"
        or o.i in index.actors]  # "a press briefing by Maria Zakharova", "speeches from Trump"
    utter = lexicon.statement_word(token.head.lemma_.lower())
    if owners:
        sources = [p for t in owners if _coded_head(t, index) for p in _np_parties(t, index)
                   if _political(p.code, lexicon)]
    elif token.dep_ == "dobj" and utter is not None and utter[0] == "utter":
        sources = _speakers(token.head, index, lexicon)
    else:
        return None
    said = [c for c in token.children if c.dep_ in ("acl", "ccomp")
            or (c.dep_ == "prep" and c.lower_ in _ABOUT)]
    complement = tuple(t for c in said for t in c.subtree)
    return (word[0], word[1], _Saying(token, tuple(sources), complement)) if sources else None


def _addressee(verb: Token, index: _Index, sources: Sequence[_Party],
               lexicon: VerbLexicon) -> _Party | None:
    """Whom a saying is addressed to, when the text names a political party ("told the
    ICRC that …", "Boies tells Florida Supreme Court there's time"): the statement's target
    (CAMEO 01: a comment made to someone) when what is said names no other party (the party
    commented on comes first: "told the security council … the threat Daesh continues to
    pose" is a comment on Isis). Reporters, the media and private people are
    the channel, not the target ("told reporters", "told Sky News"); a party of the speakers'
    own country or organisation is none ("Guterres told the UN Human Rights Council", "told
    the US attorney general the UK does not intend…", parsed with "the UK" as the object)."""
    if verb.pos_ != "VERB":
        return None
    own = {p.code[:3] for p in sources}
    return next((p for t in _children(verb, "dobj", "dative") + _prep_objects(verb, "to")
                 for p in _np_parties(t, index)
                 if p.code[:3] not in own and _political(p.code, lexicon)), None)


def _political(code: str, lexicon: VerbLexicon) -> bool:
    """A code that can make statements: not private people, `voiceless` sectors (monitors,
    rights groups, lawyers) or sectors with no country."""
    return not (_private(code, lexicon) or _voiceless(code, lexicon) or _countryless(code))


def _elaborates(verb: Token, found: Mapping[int, _Found]) -> bool:
    """A participle of saying that spells out the act of its clause ("Havana blames U.S.
    policy for the problem, saying …"): the act is the event, the saying none."""
    return verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.i in found


def _speakers(verb: Token, index: _Index, lexicon: VerbLexicon) -> list[_Party]:
    """The named political actors who say: the verb's subject ("Bolton said", "said Pence"),
    without private people (journalists, residents, academics: EVENTS_RANDOM_RULES), the
    `voiceless` sectors of statements.tsv (monitors, rights groups, lawyers), pronouns ("he
    said": actors left out by the gold rules) and sectors with no country ("the regime said":
    "the government" is coded only where the sentence names its country)."""
    parties = [p for t in map(_antecedent, _speaker_tokens(verb, index))
               if t.pos_ != "PRON" and not _unnamed(t, lexicon) and _coded_head(t, index)
               for p in _np_parties(t, index) if _political(p.code, lexicon)
               and p.code not in _unnamed_conjuncts(t, index, lexicon)]
    # "Pakistan's ambassador, Jalil Abbas Jilani": PAK and PAKGOV are one speaker, the finer
    return [p for p in dict((p.code, p) for p in parties).values()
            if not any(o.code != p.code and o.code.startswith(p.code) for o in parties)]


def _unnamed_conjuncts(subject: Token, index: _Index, lexicon: VerbLexicon) -> set[str]:
    """The codes of the unnamed conjuncts of a named speaker ("the army and Palestinian
    security sources said": PSE is no speaker)."""
    return {p.code for c in subject.conjuncts if c.i > subject.i and _unnamed(c, lexicon)
            for p in _np_parties(c, index)}


def _speaker_tokens(verb: Token, index: _Index) -> list[Token]:
    """The subject of a speech verb: its own ("said Pence"), or that of the verb it is
    coordinated with, the infinitive or the participle of ("arrived and said", "declined to
    comment", "said …, adding that …"); never that of a clause it is reported in ("X said Y
    said": Y's saying is X's report)."""
    subjects = _children(verb, *_SUBJECT_DEPS) or _swallowed_subject(verb)
    if not subjects and verb.dep_ == "pcomp" and verb.tag_ == "VBG" and \
            verb.head.dep_ == "prep" and verb.head.head.pos_ == "VERB":
        # "Erdoğan responded by saying that…", "Putin took the lead in stressing…": the
        # subject of the verb the gerund's preposition hangs on
        return _subject_tokens(verb.head.head, index)
    if subjects or not (verb.dep_ in ("conj", "xcomp")
                        or (verb.dep_ == "advcl" and verb.tag_ == "VBG")):
        return subjects
    return _subject_tokens(verb.head, index)


def _coded_head(subject: Token, index: _Index) -> bool:
    """Does the actor stage code the speaker itself (the subject, a name or title before it,
    an apposition or a conjunct), not only a modifier of an uncoded person ("Brian Hook, the
    US special representative": the US is no speaker)?"""
    heads = [subject, *_children(subject, "appos", "compound", "conj")]
    return any(t.i in index.actors for t in heads)


_INDEFINITE = frozenset({"a", "an", "one", "another"})


def _unnamed(subject: Token, lexicon: VerbLexicon) -> bool:
    """An unnamed speaker: a common noun with an indefinite article ("a Turkish official",
    "one western diplomat") or an informant (statements.tsv `anonymous`: "security sources
    said"), whose sayings are no statements (EVENTS_RANDOM_RULES), unless it is an
    institution's official voice ("a government spokesman") or a body's statement ("a Syrian
    army statement said", statements.tsv)."""
    voice = lexicon.statement_word(subject.lemma_.lower(), noun=True) or \
        lexicon.statement_word(subject.lemma_.lower())
    if voice is not None and voice[0] == "anonymous":
        return True  # "Palestinian security sources said"
    # "a second Briton": a demonym the tagger reads as a name is no name with an article
    return (subject.pos_ in ("NOUN", "PROPN")
            and (voice is None or voice[0] not in ("voice", "noun"))
            and any(c.lower_ in _INDEFINITE for c in _children(subject, "det", "nummod")))


def _voiceless(code: str, lexicon: VerbLexicon) -> bool:
    word = lexicon.statement_word(code[-3:].lower())
    return word is not None and word[0] == "voiceless"


_SAID_DEPS = frozenset({"ccomp", "parataxis", "xcomp"})
"""The children of a speech verb that hold what is said ("said that …", "said: “…”", "claim to
have …")."""
_FIRST_PERSON = frozenset({"i", "we"})


def _complement(verb: Token, lexicon: VerbLexicon) -> list[Token]:
    """What `verb` says: its clausal children; for a saying set after its quote ("“…,” Bolton
    said", parsed with the quote as the head) the head clause without the saying; for a verb
    that says a topic (modality.tsv `topic`: "stressed the need to restore the ceasefire",
    "mentioned the importance of India") with no clause, its object. A
    to-infinitive after an object is no saying but a directive ("told the Pentagon to
    extricate its troops": the lexicon's appeal or demand). A condition ("will stay until Isis
    is defeated", "if …") is left out: it is neither the comment's tone nor its topic."""
    objects = bool(_children(verb, "dobj", "dative"))
    said = [c for c in verb.children if c.dep_ in _SAID_DEPS
            and not (c.dep_ == "xcomp" and objects)]
    tokens = [t for c in said for t in c.subtree]
    if not tokens and verb.dep_ in ("ccomp", "parataxis") and verb.head.pos_ in ("VERB", "AUX"):
        inner = {t.i for t in verb.subtree}
        tokens = [t for t in verb.head.subtree if t.i not in inner]
    if not tokens:
        tokens = _quoted_before(verb)
    if not tokens and lexicon.has_role(verb.lemma_.lower(), "topic"):
        # "Putin took the lead in stressing the need to restore the ceasefire" (events round 8)
        tokens = [t for o in _children(verb, "dobj") for t in o.subtree]
    if not tokens and _as_clause(verb) and not _children(verb, "dobj"):
        # "Begum is entitled to return, as the minister has acknowledged": the clause it is in
        inner = {t.i for t in verb.subtree}
        tokens = [t for t in verb.head.subtree if t.i not in inner]
    conditions = {t.i for c in tokens if c.dep_ == "advcl" and _children(c, "mark")
                  for t in c.subtree}
    return [t for t in tokens if t.i not in conditions]


_CLOSING_QUOTES = frozenset({"''", "”", "’", '"'})


def _as_clause(verb: Token) -> bool:
    """A saying in an "as" clause of the clause it comments on ("…, as the minister has
    acknowledged", "as Trump said")."""
    return verb.dep_ == "advcl" and verb.head.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


def _quoted_before(verb: Token) -> list[Token]:
    """What a saying set after its quote says when the parser hangs the quote under the
    saying as a modifier ("“Once purported as fierce, now pathetic,” Brett McGurk, the US
    envoy, tweeted": the quote is an adverbial clause of "tweeted"): the subtrees of the
    verb's children before its subject, when a closing quote mark ends them."""
    subjects = _children(verb, *_SUBJECT_DEPS)
    if not subjects:
        return []
    first = min(t.i for s in subjects for t in s.subtree)
    before = [c for c in verb.children if c.i < first and c.dep_ not in (
        "punct", "nsubj", "nsubjpass", "aux", "neg", "cc", "mark")]
    if not before:
        return []
    doc = verb.doc
    gap = [doc[i] for i in range(max(t.i for c in before for t in c.subtree) + 1, first)]
    if not any(t.text in _CLOSING_QUOTES for t in gap) or any(
            t.pos_ not in ("PUNCT", "SPACE") for t in gap):
        return []
    return [t for c in before for t in c.subtree]


def _event_tokens(sent: Span, starts: set[int]) -> frozenset[int]:
    """The indices of the sentence's tokens that start an event's trigger (`starts`: their
    character offsets)."""
    return frozenset(t.i for t in sent if t.idx in starts) if starts else frozenset()


@dataclass(frozen=True, slots=True)
class _Saying:
    """A speech verb, its political speakers and what it says (`_complement`)."""

    verb: Token
    sources: tuple[_Party, ...]
    complement: tuple[Token, ...]


def _reports_act(saying: _Saying, found: Mapping[int, _Found], triggers: frozenset[int],
                 index: _Index, lexicon: VerbLexicon) -> bool:
    """Does what is said report an act, which is the event instead of the saying (CODING.md
    reported speech: "said Ukrainian forces attacked the village")? It does when it holds a
    coded event, a trigger the coder found with a source other than the speakers, a verb that
    tells an act (`_reported_verb`: "was detained", "the group discussed") or an act noun as a
    clause's subject (`_reported_noun`: "fighting has driven 160,000 people from their
    homes")."""
    inside = {t.i for t in saying.complement}
    own = {p.code for p in saying.sources}
    if inside & triggers or any(i in inside and {s.code for s in f.sources} - own
                                and not _undone(f.match.trigger, lexicon, index)
                                for i, f in found.items()):
        return True
    return any(_reported_verb(t, saying, found, index, lexicon)
               or _reported_noun(t, found) for t in saying.complement)


_UNDONE = frozenset({Modality.NEGATED, Modality.HYPOTHETICAL})


def _undone(token: Token, lexicon: VerbLexicon, index: _Index) -> bool:
    """An act of what is said that no party does: negated or hypothetical ("Russian jet
    fighters cannot afford attacks", "he could envisage a US contingent helping", "could not
    provide an estimate"). Saying it is the speaker's comment, not a report of an act. A
    refusal or failure is an act of its own ("the administration refused to comply": the
    refusal is reported)."""
    node = token
    for _ in range(_MAX_CLIMB):
        if node.dep_ != "xcomp" or node.head.i == node.i:
            break
        node = node.head
        lemma = node.lemma_.lower()
        if lexicon.has_role(lemma, "deny") or lexicon.has_role(lemma, "fail"):
            return False
    return _mood(token, lexicon, index).modality in _UNDONE


def _reported_verb(verb: Token, saying: _Saying, found: Mapping[int, _Found],
                   index: _Index, lexicon: VerbLexicon) -> bool:
    """A verb of what is said that tells an act: an active verb whose subject is a named
    party other than the speakers ("said its military police had begun patrolling Douma"; not
    private people, "the fleeing families were complicating the advance"), or a verb of the
    lexicon, unless the speaker does it ("we will try to prevent any damage", "claim to have
    destroyed their stocks": the speaker's own comment; "we are not looking to grant
    waivers": negated, a refusal the lexicon codes)."""
    if verb.pos_ != "VERB" or verb.dep_ not in _CLAUSE_DEPS:
        return False
    own = {p.code for p in saying.sources}
    if any(p.code not in own and not _countryless(p.code) and not _private(p.code, lexicon)
           for s in _children(verb, "nsubj") for p in _np_parties(s, index)):
        return not _undone(verb, lexicon, index)
    chain = [verb]  # "we are not looking to grant…": the infinitive's subject and negation
    while chain[-1].dep_ == "xcomp" and len(chain) < _MAX_CLIMB:
        chain.append(chain[-1].head)
    speaker_acts = (chain[-1].i == saying.verb.i
                    or any(s.lower_ in _FIRST_PERSON for v in chain
                           for s in _children(v, "nsubj")))
    refusal = any(_negated(v) and not _unable(v) for v in chain)
    if speaker_acts:
        return verb.i in found and refusal
    return verb.i in found and not _undone(verb, lexicon, index)


_MODALS = frozenset({"would", "could", "can", "ca", "should", "might", "may", "must", "will",
                     "wo", "shall", "'d", "'ll"})


def _denies_own_act(saying: _Saying, found: Mapping[int, _Found], index: _Index,
                    lexicon: VerbLexicon) -> bool:
    """Does what is said deny a done act of the speakers' own state ("Russia never attacked
    Ukrainian civilians, the Kremlin said", "said Britain was not involved")? A denial (016,
    CAMEO "deny responsibility"; RANDOM3_RULES 0510). Not an act with no party ("masks don't
    work"), another body of the same country ("the Republicans would not issue a subpoena",
    Democrats speaking), an inability ("cannot protect": a lament) or a conditional ("would
    not")."""
    inside = {t.i for t in saying.complement}
    own = {c for p in saying.sources for c in (p.code, p.code[:3])}
    if any(i in inside and f.sources and all(p.code in own for p in f.sources)
           and not any(a.lower_ in _MODALS for a in _children(f.match.trigger, "aux"))
           and _negated(f.match.trigger)  # not "does not intend to request": a refusal
           and _mood(f.match.trigger, lexicon, index).modality is Modality.NEGATED
           for i, f in found.items()):
        return True
    # a negated verb of no lexicon row whose subject is the speakers' own state: "said that
    # Britain was not involved in the attack", "says Russia was not tracking Skripal"
    for verb in saying.complement:
        if (verb.pos_ != "VERB" or verb.dep_ not in _CLAUSE_DEPS or not _negated(verb)
                or _children(verb, "xcomp")  # "does not intend to request": a refusal
                or lexicon.statement_word(verb.lemma_.lower()) is not None
                or any(a.lower_ in _MODALS for a in _children(verb, "aux"))):
            continue
        parties = [p for s in _children(verb, "nsubj", "nsubjpass") for p in _np_parties(s, index)]
        if parties and all(p.code in own for p in parties):
            return True
    return False


_ABILITY = frozenset({"can", "could"})


def _unable(verb: Token) -> bool:
    """"cannot", "could not": an inability the speaker laments, not a refusal."""
    return any(c.lower_ in _ABILITY for c in _children(verb, "aux"))


def _reported_noun(noun: Token, found: Mapping[int, _Found]) -> bool:
    """An act noun as the subject of what is said ("fighting has driven 160,000 people from
    their homes")."""
    return (noun.pos_ == "NOUN" and noun.dep_ in ("nsubj", "nsubjpass")
            and noun.head.dep_ in _CLAUSE_DEPS and noun.i in found
            and not found[noun.i].suppressed)  # "the cold war is back": no act


_CLAUSE_DEPS = frozenset({"ccomp", "parataxis", "xcomp", "conj", "ROOT"})
"""The verbs that make up what is said, not those of its modifiers ("an agreement with the goal
of fighting terrorism")."""


def _imperative(complement: Sequence[Token]) -> bool:
    """A quoted order ("“Get him out of here,” Kuchma says"): an appeal or demand, no comment."""
    heads = [t for t in complement if t.head.i not in {c.i for c in complement}]
    return any(t.tag_ == "VB" and not _children(t, *_SUBJECT_DEPS, "aux", "nsubjpass")
               for t in heads)


_CUE_CODES = {"denial": "016", "empathetic": "018", "pessimistic": "012", "optimistic": "013"}


def _comment_code(code: str, complement: Sequence[Token], lexicon: VerbLexicon) -> str:
    """A neutral saying (010) is empathetic (018) with a cue of sympathy in its complement
    (statements.tsv: "tragic", "condolences"), else pessimistic (012) with a pessimistic cue
    ("a real problem", "a ticking bomb") or a negated optimistic one, else optimistic (013)
    with an optimistic cue ("promising negotiations", "has been defeated"). A negated
    pessimistic cue is neutral; an inability ("cannot protect") is pessimistic. A denial cue
    ("baseless", "unfounded") makes it a denial (016). Other verbs keep their own code (warn
    012, hope 013)."""
    if code != "010":
        return code
    cues: set[str] = set()
    for tok in complement:
        word = lexicon.statement_word(tok.lemma_.lower()) or lexicon.statement_word(tok.lower_)
        if tok.pos_ == "VERB" and _negated(tok) and _unable(tok):
            cues.add("012")  # "we cannot protect our interests": pessimistic
        if word is None or word[0] not in _CUE_CODES:
            continue
        if not (_negated(tok) or _negated(tok.head)):
            cues.add(_CUE_CODES[word[0]])
        elif word[0] == "optimistic":
            cues.add("012")  # "no progress", "will not succeed"
    return next((c for c in ("016", "018", "012", "013") if c in cues), code)


def _negated(token: Token) -> bool:
    """"not", "never" or the determiner "no" on a word ("no progress", "did not improve")."""
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no")
               for c in token.children)


def _commented_on(complement: Sequence[Token], index: _Index,
                  sources: Sequence[_Party], lexicon: VerbLexicon) -> _Party | None:
    """The party a comment is about: the first party of the complement of another country
    than the speakers' ("Trump said Iran was a real problem" → IRN), else none (`---`: a
    comment on the speaker's own politics, "Democrats contend … Gore a victory over Bush").
    Private people and sectors with no country ("the families", "the opposition") are no
    target the sentence names."""
    countries = {p.code[:3] for p in sources}
    named = [t for t in complement if not _private_head(t, lexicon)]
    return next((_Party(p.code, p.text) for p in _parties(named, index)
                 if p.code[:3] not in countries and not _private(p.code, lexicon)
                 and not _countryless(p.code)), None)


def _private_head(token: Token, lexicon: VerbLexicon) -> bool:
    """Is the token (or the noun it modifies) a noun of private people ("the Syrian people",
    "Isis children": the actor lexicon's role nouns of the `traveller` sectors)? They are no
    party a comment is about, whatever code their modifier gives them (events round 8)."""
    head = token
    while head.dep_ in ("amod", "compound", "nmod") and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head
    return head.pos_ == "NOUN" and any(
        e.kind is EntryKind.ROLE and e.sector and _private(e.sector, lexicon)
        for form in {head.lower_, head.lemma_.lower()} for e in actor_lexicon().lookup(form))


@functools.cache
def _agent_sectors() -> frozenset[str]:
    return frozenset(e.sector for e in actor_lexicon().entries.values() if e.sector)


def _countryless(code: str) -> bool:
    """Sectors alone ("OPP", "CVL", "REBMIL"), naming no state, IGO or group (IGOUNO and
    IMGMUSISI end in a name, not a sector)."""
    chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
    return bool(chunks) and all(c in _agent_sectors() for c in chunks)


def _characterises(verb: Token) -> bool:
    """A verb with an object predicate or an "as" phrase ("described the visit as special",
    "sees the fight as a priority"): it characterises its object, it does not do it."""
    return _has_predicate(verb) or any(c.dep_ == "prep" and c.lower_ == "as"
                                       for c in verb.children)


def _unless_owned(matcher: Matcher, owned: frozenset[str]) -> Matcher:
    """`matcher`, silent on tokens whose lemma our lexicon has rows for, and on verbs with an
    object predicate."""

    def match(token: Token) -> TriggerMatch | None:
        if token.lemma_.lower() in owned:
            return None
        found = matcher(token)
        if found is not None and _characterises(token):
            return None  # "described Xi's visit as special": a characterisation, not the act
        return found

    return match


def _modifiers(match: TriggerMatch) -> list[str]:
    """Lemmas of the adjectives and compounds on the act noun ("military aid", "air strikes")."""
    head = match.obj if match.obj is not None else (
        match.trigger if match.pos == "NOUN" else None)
    mods = [] if head is None else [c.lemma_.lower() for c in head.children
                                    if c.dep_ in ("amod", "compound")]
    if match.obj is not None:
        # the required object itself: "fired mortars", "mortars fired by…" (194)
        mods.append(match.obj.lemma_.lower())
    if head is not None and any(t.ent_type_ == "MONEY" for c in head.children
                                if c.dep_ in ("amod", "compound", "nummod", "quantmod", "nmod")
                                for t in c.subtree):
        # "a €225m support package", "$5bn in loans": money is economic aid, unless a word
        # before says otherwise ("$1bn in military aid")
        mods.append("economic")
    if match.pos == "VERB":
        # the instrument as subject: "Israeli jets struck…", "Turkish drones hit…"
        mods += [s.lemma_.lower() for s in _children(match.trigger, "nsubj")]
        # the instrument of "using": "struck Libyan air defenses using warships and fighter jets"
        uses = _children(match.trigger, "advcl", "xcomp", "conj") + [
            c for o in _children(match.trigger, "dobj") for c in _children(o, "acl")]
        for use in uses:
            if use.lemma_.lower() == "use":
                tools = _children(use, "dobj")
                tools += [c for t in tools for c in t.children if c.dep_ == "conj"]
                mods += [m.lemma_.lower() for t in tools for m in
                         (t, *(c for c in t.children if c.dep_ in ("amod", "compound")))]
    return mods


def _armed(target_tok: Token | None, targets: Sequence[_Party], lexicon: VerbLexicon) -> bool:
    """Is the target an armed force: a military or rebel code, or an `armed` noun ("forces",
    "militias", "fighters")?"""
    if any(len(t.code) >= 6 and t.code[3:6] in ("MIL", "REB") for t in targets):
        return True
    return target_tok is not None and targets != [] and lexicon.has_role(
        target_tok.lemma_.lower(), "armed")


def _that_clause_of_noun(token: Token) -> bool:
    return (token.dep_ == "acl" and token.head.pos_ == "NOUN"
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children))


def _governor(token: Token, future: Callable[[str], bool] | None = None
              ) -> tuple[Token, str] | None:
    """The word a clause hangs from (xcomp/ccomp head, or the verb of 'of/for + -ing'), with
    the relation. Through a planning verb in a that-clause ("a warning that it planned to
    fire", "threatened that it would plan to…") the planned act is the governor's xcomp, as
    in "threatened to fire"."""
    node = token
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if future is not None and node.dep_ == "xcomp" and future(node.head.lemma_.lower()) and (
            node.head.dep_ == "ccomp" or _that_clause_of_noun(node.head)):
        planned = node.head
        return planned.head, "xcomp"
    if node.dep_ in ("xcomp", "ccomp"):
        return node.head, node.dep_
    if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "for"
                                    for c in node.children):
        return node.head, "ccomp"  # "called for Russia to withdraw": the clause called for
    if _addressed_infinitive(node):
        return node.head, "xcomp"  # "pleaded with Russia to halt the offensive"
    if _that_clause_of_noun(node):  # "Trump's demand that Germany repatriate…"
        return node.head, "ccomp"
    if node.dep_ == "pcomp" and node.head.dep_ == "prep":
        return node.head.head, "pcomp"
    return None


_ADDRESS_PREPS = frozenset({"with", "to", "on"})


def _addressed_infinitive(node: Token) -> bool:
    """A to-infinitive the parser hangs as an adverbial clause after a prepositional addressee
    ("pleaded with Russia and Iran to halt any offensive", "appealed to the UN to send aid"):
    what the addressee is asked to do, as the xcomp of "urged Russia to halt". The chain pass
    reads it only under appeals, demands and other governors ("visited Moscow to hold talks"
    stays two acts; "invited the leaders to Paris to discuss…" has its addressee as object)."""
    head = node.head
    return (node.dep_ == "advcl" and head.i != node.i and node.tag_ == "VB"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
            and not _children(node, *_SUBJECT_DEPS) and not _children(head, "dobj")
            and any(c.dep_ == "prep" and c.lower_ in _ADDRESS_PREPS and c.i < node.i
                    and _children(c, "pobj") for c in head.children))


def _shares_subject(match: TriggerMatch) -> bool:
    """Are the sources the act's own (conjoined) subject, directly or through xcomp/conj
    ("X and Y met", "X and Y are due to meet")? A participle or adverbial clause borrows a
    subject that is no party to its act ("prosecute their citizens fighting in Syria")."""
    node = match.trigger
    if match.pos != "VERB" or match.source_tokens is not None:
        return True
    for _ in range(_MAX_CLIMB):
        if _children(node, *_SUBJECT_DEPS):
            return True
        if node.dep_ not in ("xcomp", "conj", "acomp") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _unnamed_government(src: _Party, tgt: _Party | None) -> bool:
    """A two-sided event with a government of no country ("GOV": "the regime's attacks",
    "sided with authoritarian foreign leaders", "a call between the two leaders" beside the
    leaders' own codes): CODING.md codes "the government" only when the text names whose, so
    the event is left out. A one-sided statement by unnamed officials keeps its speaker."""
    return tgt is not None and "GOV" in (src.code, tgt.code)


def _same_actor(a: _Party, b: _Party) -> bool:
    """Equal codes, or a state and its government ("GBRGOV" and "GBR"): an actor does not act
    on itself. "SYR" and "SYRREB" (a state and its rebels) stay apart."""
    short, long_ = sorted((a.code, b.code), key=len)
    return long_ in (short, short + "GOV")


_INTERNAL_ROOTS = frozenset({"02", "10", "11", "12"})
"""Appeals, demands, criticism and rejections: between two named parts of one body they are
events ("Birx criticised the Trump administration", "Trump rebuffed Mattis's arguments": USAGOV
to USAGOV in the blind draws), unlike force or cooperation, which an actor does not do to itself."""
_PERSONAL_WORDS = _PERSONAL | {"him", "her", "them", "his", "its", "their"}


def _distinct_mentions(a: _Party, b: _Party) -> bool:
    """Two parties with one sector code named by different phrases, neither a pronoun nor a
    part of the other ("Deborah Birx" and "the Trump administration", not "the US" and "the
    United States": a bare country code is one actor) (events round 8)."""
    x, y = a.text.lower().strip(), b.text.lower().strip()
    return (len(a.code) > 3 and bool(x) and bool(y) and x not in y and y not in x
            and not {x, y} & _PERSONAL_WORDS)


def _pairs(f: _Found, *, recip: bool, mutual: bool = False,
           private: Callable[[str], bool] = lambda _code: False) -> list[tuple[_Party, _Party]]:
    """Source-target pairs; `recip` adds the reverse of each, `mutual` pairs conjoined
    sources with each other when there is no target ("X and Y agreed to …")."""
    pairs: list[tuple[_Party, _Party]] = []
    sources = f.sources

    def same(s: _Party, t: _Party) -> bool:
        # force by a government on a place of its own country keeps the country on both
        # sides ("Syrian air blitz on Ghouta" SYR 195 SYR; EVENTS_RANDOM_RULES): the place
        # stands for the country, not for the government itself
        # (so do restrictions a government imposes on a place of its own: "imposed a curfew
        # in Cairo" EGYGOV 1723 EGY)
        if f.code[:2] in _INTERNAL_ROOTS and s.code == t.code and _distinct_mentions(s, t):
            return False  # "Birx criticised the Trump administration": USAGOV 111 USAGOV
        return _same_actor(s, t) and (recip or not (
            (f.code[:2] in _FORCE_ROOTS or f.code[:3] == "172")
            and len(t.code) == 3 and len(s.code) > 3))

    targets = [t for t in f.targets if not any(same(s, t) for s in sources)]
    if f.code[:3] in ("042", "043"):
        # travel within one's own country is no visit ("Spanish miners arrived in Madrid"), and
        # the travel of private people is none either ("journalists travelled to Tripoli",
        # "refugees arrived in Poland": CODING.md; modality.tsv `traveller` sectors)
        targets = [t for t in targets if not any(t.code[:3] == s.code[:3] for s in sources)]
        sources = [s for s in sources if not private(s.code)]
    if targets:
        for s in sources:
            for t in targets:
                if not same(s, t):
                    pairs.append((s, t))
                    if recip and not t.place:  # "fought a defence of Kobane": no reply
                        pairs.append((t, s))
    elif (recip or mutual) and len(sources) > 1 and _shares_subject(f.match) and not (
            f.match.pos == "NOUN" and f.match.trigger.dep_ == "dobj"
            and f.match.trigger.head.pos_ == "VERB"):
        # "X and Y cooperated"; not "X and Y will discuss strengthening bilateral
        # cooperation", where the act noun is the matter of another act
        for s in sources:
            for t in sources:
                if not _same_actor(s, t):
                    pairs.append((s, t))
    return pairs


def _intended_force(f: _Found, mood: _Mood) -> bool:
    """A fight one side means or plans to wage ("the US would leave while continuing to fight
    ISIS", "intends to stay … to fight Isis") is that side's act alone: the foe's reply, the
    reverse of a reciprocal force act, is coded only when the fighting is told as done ("X
    and Y will clash": both are its sources, and both directions stay)."""
    return f.code[:2] in _FORCE_ROOTS and mood.modality is Modality.FUTURE


def _instrument_pass(found: dict[int, _Found], quantity: frozenset[str] = frozenset()
                     ) -> None:
    """A force verb takes the code of its act-noun subject ("a suicide bombing killed…"); a
    noun counting acts (modality.tsv `quantity`) stands for the act noun of its "of" phrase
    ("a series of airstrikes by Russian jets killed…": 195, not 1823)."""
    # "a suicide bombing killed four Americans", "an air strike killed…": the force verb
    # takes the act noun's (more specific) code, and the noun is not coded on its own
    for f in found.values():
        if f.match.pos != "VERB" or f.code[:2] not in _FORCE_ROOTS:
            continue
        instruments = _children(f.match.trigger, "nsubj") + _agent_objects(f.match.trigger)
        instruments += [o for t in list(instruments) if t.lemma_.lower() in quantity
                        for o in _prep_objects(t, "of")]
        if not f.sources and _is_passive(f.match.trigger):
            # "five soldiers were killed in a Taliban attack": the attack's actor killed them
            for prep in _children(f.match.trigger, "prep"):
                g = next((found[o.i] for o in _children(prep, "pobj") if o.i in found), None)
                if (prep.lower_ == "in" and g is not None and g.match.pos == "NOUN"
                        and g.code[:2] in _FORCE_ROOTS and g.sources):
                    f.code, f.rule = g.code, f"{f.rule}<{g.rule}"
                    f.sources = list(g.sources)
                    g.suppressed = not g.targets or all(t.place for t in g.targets)
        for subj in instruments:  # "were killed by a US-led coalition strike": the strike's
            g = found.get(subj.i)
            if g is not None and g.match.pos == "NOUN" and g.code[:2] in _FORCE_ROOTS:
                f.code, f.rule = g.code, f"{f.rule}<{g.rule}"
                # "Russia's attack on Kyiv killed…" keeps the noun's own dyad
                g.suppressed = not g.targets or g.targets == f.targets


def _toll_pass(found: dict[int, _Found], casualty: frozenset[str]) -> None:
    """A killing or wounding (modality.tsv `casualty`) told as the toll of a force act of the
    same actor is part of that act, not an event of its own ("renewed their bombardment of
    Idlib, killing four people": 195 only; "the Turks bombed a YPJ position and killed 12
    women"; "gunmen shot and killed a policeman": 193 on the policeman, whom the shooting
    takes as its target when it names none). A killing with no force act before it stays."""
    # (an attack whose named target is uncoded, "attacking the city of al-Habit", does not
    # take the toll's victims as its target)
    for f in found.values():
        verb = f.match.trigger
        if (f.match.pos != "VERB" or f.suppressed or verb.lemma_.lower() not in casualty
                or verb.dep_ not in ("advcl", "conj") or _children(verb, *_SUBJECT_DEPS)):
            continue
        head = verb.head
        heads = [head, *_children(head, "dobj")]
        g = next((found[h.i] for h in heads if h.i in found and h.i != verb.i), None)
        if (g is None or g.suppressed or g.code[:2] not in _FORCE_ROOTS or verb.i < head.i
                or not g.sources or {s.code for s in f.sources} - {s.code for s in g.sources}):
            continue
        f.suppressed = True
        if not g.targets and f.targets and not any(
                _slot_tokens(g.match, slot) for slot in g.match.target_slots):
            g.targets, g.target_tok = list(f.targets), f.target_tok


_DOMESTIC_COERCION = frozenset({"172", "173", "174", "175"})  # restrictions, arrests, repression
_ARMED_SECTORS = frozenset({"MIL", "REB", "INS", "SPY", "UAF"})
_STATE_AGENTS = frozenset({"COP", "JUD"})
"""Sectors that coerce on a state's behalf besides its government and military: police, courts."""


def _domestic_target(code: str, src: _Party, tgt: _Party | None) -> _Party | None:
    """Coercion (CAMEO 172-175: restrictions, arrests, expulsions, repression) by a state or its
    agent (its government, military, police or courts: `_STATE_AGENTS`) of a sector the text
    gives no country, not an armed one, is domestic: the sector is of the state's country ("the
    government used violence against protesters" UKRGOV 175 UKROPP; "Nigeria's police nab 56
    criminal suspects" NGACOP 173 NGACRM; docs/events.md, domestic events)."""
    if (tgt is None or code[:3] not in _DOMESTIC_COERCION or not (
            _state_force(src.code) or (src.code[:3] in state_codes()
                                       and src.code[3:6] in _STATE_AGENTS))
            or not _countryless(tgt.code) or tgt.code[:3] in _ARMED_SECTORS):
        return tgt  # "destroyed several bombers": an armed force may be anyone's
    return _Party(src.code[:3] + tgt.code, tgt.text, tgt.place)


def _state_force(code: str) -> bool:
    """A state itself, its government or its military ("TUR", "GBRGOV", "RUSMIL")."""
    return code[:3] in state_codes() and code[3:6] in ("", "GOV", "MIL")


_PROTEST_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def _protest_pass(found: dict[int, _Found], sent: Span, s_index: int, index: _Index,
                  lexicon: VerbLexicon) -> None:
    """Protests whose protesters the text implies (CAMEO 141; the random draws' gold): a
    protest noun with no actor of its own that is the subject of a clause ("more protests
    ended in bloodshed", "Toronto rallies have been outnumbered"), and protesters (modality.tsv
    `protester`) as the active subject of a clause that codes no act of its own ("the
    protesters chanted…"). The protesters are the opposition (OPP) of the country where it
    happens (`_scene_country`); the target is that country's government (one_sided.tsv)."""
    for f in found.values():
        noun = f.match.trigger
        if (f.match.pos != "NOUN" or f.code[:2] != "14" or f.sources
                or noun.dep_ not in _PROTEST_SUBJECT_DEPS or noun.head.lemma_ == "be"):
            continue
        country = _scene_country(noun, index, s_index, found)
        if country is None:
            continue  # protesters of no known country: an unnamed actor (CODING.md)
        f.sources = [_Party(country + "OPP", noun.text)]
        f.implied = True
    doc = sent.doc
    deps = token_rows(doc).dep
    for i in range(sent.start, sent.end):
        if deps[i] != "nsubj":  # read from the rows: most tokens are no subject
            continue
        tok = doc[i]
        verb = tok.head
        if (not index.has_role(tok.lemma_.lower(), "protester")
                or verb.pos_ != "VERB" or verb.i in found or verb.lemma_ == "be"
                or index.has_role(verb.lemma_.lower(), "speech")
                or lexicon.statement_word(verb.lemma_.lower()) is not None):
            continue
        parties = _np_parties(tok, index)
        if not parties:
            continue
        country = _scene_country(tok, index, s_index, found) or ""
        # "Kenyan protesters" keep their country; "the protesters" take the scene's
        sources = [p if p.code[:3] in state_codes() else _Party(country + p.code, p.text)
                   for p in parties]
        match = TriggerMatch(tok, "141", "n.protester", "NOUN")
        found[tok.i] = _Found(match, "141", "n.protester", sources, [], None, implied=True)


def _in_other_act(token: Token, place: Place, found: Mapping[int, _Found]) -> bool:
    span = token.doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    return any(a.i in found and a.i != token.i and found[a.i].match.pos == "NOUN"
               for a in span.root.ancestors)


def _scene_country(token: Token, index: _Index, s_index: int,
                   found: Mapping[int, _Found]) -> str | None:
    """Where an act with an implied actor happens: the country of the sentence's place
    nearest to it ("the Democratic Republic of the Congo, where more protests ended…"), else
    the one country all the sentence's state actors share ("The protesters chanted “No
    Pompeo” and one interrupted Republican senator Pat Roberts")."""
    places = [p for p in index.sentence_places.get(s_index, ()) if p.country]
    if places:
        # "to raise awareness of Turkish attacks on Afrin in northern Syria": a place that
        # is another act's argument is not where this one happens
        here = token.idx
        own = [p for p in places if not _in_other_act(token, p, found)]
        if not own:
            return None
        return min(own, key=lambda p: min(abs(p.start - here), abs(p.end - here))).country
    sent = token.sent
    countries = {a.agent_code[:3] for t in sent for a in index.actors.get(t.i, ())
                 if a.agent_code and a.agent_code[:3] in state_codes()
                 and a.agent_code[3:6] != "MED"}  # "…, Reuters reports": not the scene
    return next(iter(countries)) if len(countries) == 1 else None


def _defence_pass(found: dict[int, _Found], index: _Index) -> None:
    """Defending against an attack or an armed party is fighting it: "defended Afrin against
    the Turkish assault" (190 against Turkey; the assault lands on Afrin, `_defended`),
    "defended Kobani against Isis". Defending a decision against criticism stays support."""
    for f in found.values():
        tok = f.match.trigger
        if f.match.pos != "VERB" or not index.has_role(tok.lemma_.lower(), "defend"):
            continue
        for obj in _prep_objects(tok, "against"):
            g = found.get(obj.i)
            if g is not None and g.match.pos == "NOUN" and g.code[:2] in _FORCE_ROOTS:
                enemies = g.sources
            else:
                enemies = [p for p in _np_parties(obj, index) if _is_armed_code(p.code)]
            if enemies:
                f.code, f.rule = "190", f"{f.rule}:against"
                f.targets, f.target_tok = list(enemies), obj
                break


def _is_armed_code(code: str) -> bool:
    """A military, rebel, insurgent or militarised group's code ("TURMIL", "SYRREB",
    "IMGMUSISI")."""
    return code[3:6] in ("MIL", "REB", "INS", "UAF") or code[:3] in ("IMG", "REB", "MIL",
                                                                      "INS", "UAF")


def _purpose_pass(found: dict[int, _Found]) -> None:
    """An act with no target takes the aid target of its purpose clause ("sent troops to help
    Assad")."""
    # "sent troops to help Assad": an act with no target of its own takes the target of
    # its purpose clause when that is aid (07); "sent troops to attack X" does not
    for f in found.values():
        tok = f.match.trigger
        if not f.targets or f.code[:2] != "07" or tok.dep_ != "advcl" or (
                tok.head.i not in found) or not any(
                c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            continue
        g = found[tok.head.i]
        if not g.targets and g.code and f.code:
            g.targets, g.target_tok = list(f.targets), f.target_tok


def _sector(code: str) -> str:
    """The sector of a code: "CVL" for "CVL" and "USACVL" (a country code is three letters)."""
    return code[3:6] if len(code) >= 6 and code[:3] not in _agent_sectors() else code[:3]


_MATERIAL_ROOTS = frozenset({"15", "16", "17", "18", "19", "20"})
_EXPULSION_RULES = frozenset({"v.expel", "v.drive_out"})
_CAPTURE_RULES = frozenset({"v.capture_place", "v.capture_position"})
_LAUNCH_RULES = frozenset({"v.launch_attack", "v.begin_attack", "v.launch_air"})
_WITHDRAWAL_RULES = frozenset({"v.withdraw_troops", "v.withdraw", "n.withdrawal"})


def _material_pass(found: dict[int, _Found], index: _Index, lexicon: VerbLexicon) -> None:
    """Material recall round (CAMEO 06-09, 15-20): one named pass per rule class, in this order.

    1. `_undergone_pass`: a participle with no doer suppresses its act (before everything, so
       that no later pass gives a suppressed act a party);
    2. `_company_pass`: surrounding a person or a government is no siege;
    3. `_expulsion_pass`: expelling an armed party is fighting it (sets 190, which the partner
       pass reads);
    4. `_withdrawal_pass`: a state's troop withdrawal from a country de-escalates (087);
    5. `_war_start_pass`: an act that starts a war is that war;
    6. `_holder_pass`: ground taken is taken from its holder;
    7. `_partner_pass`: the partners of a cooperation verb fight the foe of its fight (after the
       expulsion pass, whose 190s it extends);
    8. `_backer_pass`: a backer noun with no actor names the backer in apposition or "in";
    9-12. the force guards (18-20 only, after every pass that sets a code or a source):
       `_condition_guard_pass`, `_civilian_guard_pass`, `_contest_guard_pass`,
       `_force_body_guard_pass`.

    Each pass skips acts already suppressed (by an earlier pass here or before)."""
    _undergone_pass(found)
    _company_pass(found)
    _expulsion_pass(found, lexicon)
    _withdrawal_pass(found, index)
    _war_start_pass(found, lexicon)
    _holder_pass(found, index)
    _partner_pass(found, lexicon)
    _backer_pass(found, index)
    _condition_guard_pass(found)
    _civilian_guard_pass(found)
    _contest_guard_pass(found, index)
    _force_body_guard_pass(found, lexicon)


def _live(found: dict[int, _Found]) -> list[_Found]:
    """The acts not suppressed so far, in token order."""
    return [f for f in found.values() if not f.suppressed]


def _governing_act(found: dict[int, _Found], token: Token,
                   keep: Callable[[_Found], bool]) -> _Found | None:
    """The first act coded on a verb among the heads of `token` (up to three steps, to the
    first verb: `_up_to_verb`) that `keep` accepts: the act an expulsion serves, the
    cooperation a fight is the aim of."""
    return next((g for h in _up_to_verb(token.head, 3)
                 if (g := found.get(h.i)) is not None and g.match.pos == "VERB" and keep(g)),
                None)


def _undergone_pass(found: dict[int, _Found]) -> None:
    """A passive participle with no "by" phrase names no doer: the noun it describes undergoes
    the act ("fighters pushed out of Syria", "five hospitals bombed"), as does the subject of a
    participle with no auxiliary and no object conjoined to another ("over 500 wounded and five
    hospitals bombed"; a lone one is often a past tense the tagger misread: "forces advanced on
    X"). Material acts (15-20) with no target are suppressed."""
    for f in _live(found):
        tok = f.match.trigger
        if f.code[:2] not in _MATERIAL_ROOTS or tok.tag_ != "VBN" or _agent_phrases(tok):
            continue
        if (tok.dep_ == "acl" and not f.targets) or _bare_conjoined_participle(tok):
            f.suppressed = True


def _bare_conjoined_participle(tok: Token) -> bool:
    """A participle with a subject, no auxiliary and no object, conjoined to another bare
    participle ("over 500 wounded and five hospitals bombed"): what its subject underwent."""
    return (tok.dep_ == "conj" and tok.head.tag_ in ("VBN", "JJ")
            and not _children(tok, "aux", "auxpass", "dobj")
            and not _children(tok.head, "aux", "auxpass") and bool(_children(tok, "nsubj")))


def _company_pass(found: dict[int, _Found]) -> None:
    """Surrounding a person or a government is no siege ("the extremists who surround the
    Turkish government"); a place, a country or an armed party can be besieged (`v.besiege`)."""
    for f in _live(found):
        if (f.rule == "v.besiege" and f.match.trigger.lemma_.lower() == "surround"
                and f.targets and not any(t.place or _is_armed_code(t.code) or len(t.code) == 3
                                          for t in f.targets)):
            f.suppressed = True


def _expulsion_pass(found: dict[int, _Found], lexicon: VerbLexicon) -> None:
    """Expelling an armed party is fighting it (`v.expel`, `v.drive_out`): "hopes to dislodge
    the YPG from Afrin", "Islamists drive out MNLA rebels" are 190 against that party (all the
    targets: "dislodge the PYD and its military wing"); driving out anyone else stays a mass
    expulsion (201). An expulsion with no actor of its own is the aim of the force verb it
    serves ("launched an offensive … in order to oust the YPG": TURGOV 190 SYRREB)."""
    for f in _live(found):
        if f.rule not in _EXPULSION_RULES:
            continue
        if not f.sources:
            gov = _governing_act(found, f.match.trigger, lambda g: bool(g.sources)
                                 and g.code[:2] in _FORCE_ROOTS)
            if gov is not None:
                f.sources = list(gov.sources)
        armed = [t for t in f.targets if _is_armed_code(t.code)] or (
            f.targets if f.target_tok is not None
            and lexicon.has_role(f.target_tok.lemma_.lower(), "armed") else [])
        if armed:
            f.code = "190"


def _withdrawal_pass(found: dict[int, _Found], index: _Index) -> None:
    """A state, its government or its military withdrawing (troops) from a country
    de-escalates (087, "withdrew 2,000 troops from Syria"); a retreat, a withdrawal from a place
    in a war ("from the city of Kherson") or by any other party stays 0874 ("the Isis
    withdrawal"). See `_state_withdrawal`."""
    for f in _live(found):
        if _state_withdrawal(f, index):
            f.code = "087"


def _war_start_pass(found: dict[int, _Found], lexicon: VerbLexicon) -> None:
    """An act that launches or starts a war is that war, not a second act ("the invasion of
    Iran that started an eight-year war"): a launch row whose subject is an act noun is
    suppressed."""
    for f in _live(found):
        if f.rule in _LAUNCH_RULES and any(
                _act_noun(_antecedent(t), lexicon) for t in _subject_tokens(f.match.trigger)):
            f.suppressed = True


def _holder_pass(found: dict[int, _Found], index: _Index) -> None:
    """Ground taken is taken from its holder ("captured 41 positions held by Isis": 192
    against Isis; `_holder`)."""
    for f in _live(found):
        if f.rule in _CAPTURE_RULES and f.match.obj is not None:
            held = _holder(f.match.obj, index)
            if held:
                f.targets, f.target_tok = held, f.match.obj


def _partner_pass(found: dict[int, _Found], lexicon: VerbLexicon) -> None:
    """The partners of a cooperation verb (05/06, reciprocal) fight the foe of the fight in its
    clause: a 190 that is an expulsion or a fight noun in an "in" phrase ("works closely with
    the YPG in the fight against jihadists": SYRREB 190 too; "fought alongside the SDF to oust
    Isis"); with no actor of its own the fight is the verb's subject's too ("partnered with X in
    the battle against Isis")."""
    for f in _live(found):
        tok = f.match.trigger
        if not (f.code == "190" and f.targets and (f.rule in _EXPULSION_RULES or (
                f.match.pos == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "in"))):
            continue
        partner = _governing_act(found, tok, lambda g: g.code[:2] in ("05", "06")
                                 and Flag.RECIP in g.match.flags)
        if partner is None or not {s.code for s in f.sources} <= {
                s.code for s in partner.sources}:
            continue
        if not f.sources:
            f.sources = [p for p in partner.sources
                         if p.code not in {t.code for t in f.targets}]
        known = {p.code for p in (*f.sources, *f.targets)}
        f.sources += [p for p in partner.targets if p.code not in known
                      and not _private(p.code, lexicon)]


def _backer_pass(found: dict[int, _Found], index: _Index) -> None:
    """A backer noun (07, modality.tsv `relation`) with no actor of its own names the backer in
    apposition, either way ("Assad's sponsors Russia": RUS 070 SYRGOV; "Russia and Iran, both
    backers of the Syrian regime": RUS and IRN 070 SYRGOV), else the country its "in" phrase
    names ("Trump's backers in Congress" are political allies, no aid)."""
    for f in _live(found):
        tok = f.match.trigger
        if (f.code[:2] != "07" or f.match.pos != "NOUN" or f.sources
                or not index.has_role(tok.lemma_.lower(), "relation")):
            continue
        named = [p for n in _children(tok, "appos") for p in _np_parties(n, index)]
        if tok.dep_ == "appos":
            # "Russia and Iran, both backers of the Syrian regime": the backer noun restates
            # the names it stands in apposition to
            heads = [tok.head, *_children(tok.head, "conj")]
            named += [p for n in heads for p in _np_parties(n, index)]
        named += [p for n in _prep_objects(tok, "in") for p in _np_parties(n, index)
                  if len(p.code) == 3]
        f.sources = [p for p in named if p.code not in {t.code for t in f.targets}]


def _condition_guard_pass(found: dict[int, _Found]) -> None:
    """No force (18-20) in the event of it ("in the event of US-led punitive airstrikes": a
    condition, not a report)."""
    for f in _live(found):
        if f.code[:2] in _FORCE_ROOTS and _in_the_event(f.match.trigger):
            f.suppressed = True


def _civilian_guard_pass(found: dict[int, _Found]) -> None:
    """Military force and mass violence (19-20) are never a private civilian's ("they hit the
    hospital", "they" the people fleeing); an assault (18) is ("settlers beat farmers")."""
    for f in _live(found):
        if (f.code[:2] in ("19", "20") and f.sources
                and all(_sector(s.code) == "CVL" for s in f.sources)):
            f.suppressed = True


def _contest_guard_pass(found: dict[int, _Found], index: _Index) -> None:
    """No force (18-20) in a contest between parties, legislatures, elites and courts alone
    (modality.tsv `contest`: "Talabani's clique fought against the KDP mainstream",
    "Republicans took control of Congress")."""
    for f in _live(found):
        if f.code[:2] in _FORCE_ROOTS and f.sources and f.targets and all(
                index.has_role(_sector(p.code).lower(), "contest")
                for p in (*f.sources, *f.targets)):
            f.suppressed = True


def _force_body_guard_pass(found: dict[int, _Found], lexicon: VerbLexicon) -> None:
    """A force gerund (18-20) that only names an armed body is no act ("a large-scale fighting
    force"), nor is a base-lexicon (Phoenix) force verb with no target that only frames a
    to-infinitive ("is struggling to muster a force": an effort, no fight)."""
    for f in _live(found):
        tok = f.match.trigger
        if f.code[:2] not in _FORCE_ROOTS:
            continue
        body = (tok.tag_ == "VBG" and tok.dep_ in ("amod", "compound")
                and lexicon.has_role(tok.head.lemma_.lower(), "armed"))
        effort = (f.rule.startswith("petrarch:") and not f.targets and any(
            c.tag_ == "VB" and _children(c, "aux") for c in _children(tok, "xcomp")))
        if body or effort:
            f.suppressed = True


def _in_the_event(token: Token) -> bool:
    """Is the act inside an "in the event of/that …" phrase (a condition, not a report)?"""
    node = token
    for _ in range(6):
        if node.head is node:
            return False
        node = node.head
        if node.lemma_.lower() == "event" and node.head.lower_ == "in":
            return True
    return False


def _state_withdrawal(f: _Found, index: _Index) -> bool:
    """A state, its government or its military withdrawing (troops) from a country: "the US
    withdrew its troops from Syria", "Trump's withdrawal from Syria" (087, de-escalation).
    "Russian troops withdrew from (the city of) Kherson", a place of a war and no country the
    actor stage names, is a retreat (0874)."""
    if f.rule not in _WITHDRAWAL_RULES or f.code != "0874" or not f.sources or not all(
            _state_force(s.code) for s in f.sources):
        return False
    if not index.has_role(f.match.trigger.lemma_.lower(), "withdrawal"):
        return False
    tok = f.target_tok
    if tok is None:
        return f.rule != "v.withdraw"  # "Trump's withdrawal"; the bare verb needs a country
    if tok.i in index.actors or (tok.ent_type_ == "GPE" and _city_country(_full_name(tok)) is None):
        return True  # "from Syria": a country, not a city
    # not "from the Iran deal" (the bare verb), "from Kherson" or "from the city of …"
    return f.rule != "v.withdraw" and tok.pos_ != "PROPN" and not index.has_role(
        tok.lemma_.lower(), "place")


def _holder(place: Token, index: _Index) -> list[_Party]:
    """Who holds a place noun: the agent of its "held/controlled by" participle ("positions
    held by Isis"), or the party of its "in X hands/control" phrase ("still in Isis hands")."""
    parties = _participle_agents(place, index, lambda lemma: index.has_role(lemma, "holder_verb"))
    if parties:
        return parties
    nodes = [place] + [c for c in place.children if c.dep_ == "conj"]
    nodes += [r for n in nodes for r in _children(n, "relcl")]
    for node in nodes:
        for prep in _children(node, "prep"):
            if prep.lower_ != "in":
                continue
            for obj in _children(prep, "pobj"):
                if index.has_role(obj.lemma_.lower(), "holder_noun"):
                    owners = _children(obj, "poss", "compound", "amod")
                    parties = [p for o in owners for p in _np_parties(o, index)]
                    if parties:
                        return parties
    return []


def _chain_pass(found: dict[int, _Found], lexicon: VerbLexicon) -> None:
    """Clause chains: intents, threats, appeals, demands, refusals, accusations, considerations."""
    # xcomp / ccomp chains: intents, threats, absorbed acts
    for i, f in sorted(found.items()):
        tok = f.match.trigger
        gov = _governor(tok, lambda lemma: lexicon.has_role(lemma, "future"))
        if gov is None or gov[0].i not in found:
            continue
        g = found[gov[0].i]
        if not f.code or not g.code:
            continue
        kind = next((k for k in GOVERNORS if k in g.match.flags), None)
        if kind in (Flag.INTENT, Flag.THREAT) and gov[1] != "xcomp" and not (
                kind is Flag.THREAT and _children(gov[0], "dobj")):
            kind = None  # "warned that Iran is delivering…" is a statement, not a threat
        mapped = lexicon.intent_code(kind, f.code) if kind is not None else None
        if kind is Flag.INTENT and f.code[:2] == "08" and lexicon.has_role(
                gov[0].lemma_.lower(), "accede"):
            # "agreed to lift the embargo": agreeing to yield is the yield (CAMEO 08)
            mapped = f.code
        if mapped is None and Flag.ABSORB not in g.match.flags:
            continue  # "visited Moscow to hold talks": both acts stand
        if _orders_own_forces(g, lexicon):
            g.suppressed = True  # "ordered US forces to leave Syria": the withdrawal itself
            continue
        f.suppressed = True
        if mapped is not None:
            g.code = mapped
            g.rule = f"{g.rule}>{f.rule}"
        if not g.targets:
            # "urged X to …" has X already; "demanded that Japan withdraw" takes Japan
            g.targets = f.targets or [p for p in f.sources
                                      if p.code not in {s.code for s in g.sources}]
            g.target_tok = f.target_tok
        del i


def _decline_comment_pass(found: dict[int, _Found], lexicon: VerbLexicon) -> None:
    """A refusal to say ("refused to confirm whether Jones had been killed", "declined to
    comment", "refused to say whether…") declines comment (CAMEO 011), not a rejection (120):
    a refusal row (`refuse` flag) whose infinitive is a speech word (modality.tsv `speech`,
    statements.tsv verbs and `silence` words)."""
    for f in found.values():
        if Flag.REFUSE not in f.match.flags or f.code[:2] != "12" or f.suppressed:
            continue
        for verb in _children(f.match.trigger, "xcomp"):
            lemma = verb.lemma_.lower()
            word = lexicon.statement_word(lemma)
            if lexicon.has_role(lemma, "speech") or (
                    word is not None and word[0] in ("verb", "silence")):
                f.code, f.rule = "011", f"decline>{f.rule}"
                break


def _anonymity_pass(found: dict[int, _Found], lexicon: VerbLexicon) -> None:
    """An appeal verb that asks for the asker's own anonymity, or asks a question, appeals to
    no one (events round 8): "a resident, who asked not to be named", "officials requested
    anonymity", "asked for anonymity" (modality.tsv `anonymity` words as its passive infinitive,
    its object or its "for" phrase); "asked the same question of his national security adviser"
    (`query` words as its object). No event."""
    for f in found.values():
        if not f.suppressed and Flag.APPEAL in f.match.flags and _asks_nothing(
                f.match.trigger, lexicon):
            f.suppressed = True


def _asks_nothing(verb: Token, lexicon: VerbLexicon) -> bool:
    """"asked not to be named", "requested anonymity", "asked for anonymity", "asked a
    question"."""
    def anonymity(tok: Token) -> bool:
        return lexicon.has_role(tok.lemma_.lower(), "anonymity")

    if any(anonymity(x) and _children(x, "auxpass") for x in _children(verb, "xcomp")):
        return True
    if any(anonymity(o) or lexicon.has_role(o.lemma_.lower(), "query")
           for o in _children(verb, "dobj")):
        return True
    return any(anonymity(o) for o in _prep_objects(verb, "for"))


def _orders_own_forces(g: _Found, lexicon: VerbLexicon) -> bool:
    """Does a `command` verb (modality.tsv) order the orderer's own forces ("Trump ordered US
    forces to leave Syria")? Then the ordered act is the event, done by those forces, not a
    demand (10x) on them."""
    return (lexicon.has_role(g.match.trigger.lemma_.lower(), "command") and bool(g.targets)
            and bool(g.sources)
            and all(any(t.code[:3] == s.code[:3] for s in g.sources) for t in g.targets))


def _framing_pass(found: dict[int, _Found], lexicon: VerbLexicon) -> None:
    """Readiness ("ready to hold talks": intent), statements whose content is an act, warnings
    that threaten nothing ("warned that civilians need evacuation": 012) and force verbs on a
    policy or a goal ("struck down the policy", "hit the aid target": no force)."""
    for f in found.values():
        tok = f.match.trigger
        clauses = _children(tok, "ccomp")
        if (f.code == f.match.code and f.code[:2] == "13"
                and lexicon.has_role(tok.lemma_.lower(), "caution")
                and clauses and not _children(tok, "dobj")
                and not any(_warns_of_own_act(c) or _conditional(c, lexicon)
                            for c in clauses)):
            # "warned that the capture of territory does not mean an end to Isis": 012; "warned
            # it will not stand by" (the warner's own act) stays a threat
            f.code, f.rule = "012", f"{f.rule}:warning"
        elif (f.code == f.match.code and f.code[:2] == "13"
              and lexicon.has_role(tok.lemma_.lower(), "caution")
              and not clauses and not _children(tok, "dobj", "xcomp")
              and any(p.lower_ in ("of", "about") for p in _children(tok, "prep"))):
            # "warned of a dangerous escalation": a pessimistic comment, no threat
            f.code, f.rule = "012", f"{f.rule}:warning"
        if _acknowledges_fact(f):
            f.suppressed = True
        objects = _children(tok, "dobj") + _passive_patients(tok)
        objects += [o for obj in list(objects) for o in _prep_objects(obj, "of")]  # "most of…"
        # "fired in the air", "from the sidelines", "fighting for votes"; not a purpose ("in
        # an attempt to…", "in order to…": the noun heads the infinitive of the act's aim)
        objects += [o for o in _prep_objects(tok, "in", "into", "from", "for")
                    if not any(c.tag_ == "VB" and _children(c, "aux") for c in o.children)]
        if f.match.pos == "VERB" and f.code[:2] in _FORCE_ROOTS and (
                any(lexicon.has_role(o.lemma_.lower(), "nonforce") for o in objects)
                or _measured(objects) or _dismissal(tok, lexicon)):
            f.suppressed = True
        if f.match.pos == "NOUN" and f.code[:2] in _FORCE_ROOTS and any(
                lexicon.has_role(c.lemma_.lower(), "figurative")
                for c in _children(tok, "compound", "amod")):
            f.suppressed = True  # "the US-China trade war", "a price war": no force
    for f in found.values():
        tok = f.match.trigger
        if f.suppressed or not f.code:
            continue
        if _orders_own_forces(f, lexicon):
            f.suppressed = True  # the ordered act, when coded, stands on its own
            continue
        if tok.dep_ == "xcomp" and tok.head.pos_ == "ADJ" and lexicon.has_role(
                tok.head.lemma_.lower(), "ready") and not _negated_predicate(tok.head):
            # "ready to hold talks", "willing to send troops": an intent (03x)
            mapped = lexicon.intent_code("intent", f.code)
            if mapped is not None:
                f.code, f.rule = mapped, f"ready>{f.rule}"
                # an intent is one party's: no reverse direction
                f.match = replace(f.match, flags=f.match.flags - {Flag.RECIP})
        if tok.dep_ == "acl" and tok.head.i != tok.i:
            # "released a statement demanding…": the act is the content of the statement
            for g in found.values():
                if g.match.obj is not None and g.match.obj.i == tok.head.i and (
                        g.code == "010"):
                    g.suppressed = True



def _retort_pass(found: dict[int, _Found], utterance: frozenset[str], index: _Index) -> None:
    """A force verb aimed "at" or "against" words (modality.tsv `utterance`) is a retort, not
    force: criticism (111) of whoever said them ("Iraq's president has hit back at comments
    made by Donald Trump": IRQGOV 111 USAGOV; "lashed back at critics": no one named, 111
    alone)."""
    for f in found.values():
        verb = f.match.trigger
        if f.suppressed or f.match.pos != "VERB" or f.code[:2] not in _FORCE_ROOTS:
            continue
        said = [o for o in _prep_objects(verb, "at", "against") if o.lemma_.lower() in utterance]
        if not said:
            continue
        f.code, f.rule = "111", f"{f.rule}:retort"
        f.targets = [p for o in said for p in _performer_parties(o, index)
                     + _possessor_parties(o, index)]
        f.target_tok = said[0] if f.targets else None


def _acknowledges_fact(f: _Found) -> bool:
    """"Moscow acknowledged that its nationals were killed by a US strike", "US Central Command
    conceded that the Turkish offensive crippled efforts…": acknowledging or conceding what
    another party did or what befell one is no claim of responsibility (015) and no yielding
    (080); the clause holds the event. The speaker's own act ("admitted it had shelled…")
    stays; the speaker's own state ("acknowledging that they are yet to decide": a copula) is
    a comment, and so is an acknowledgement in an "as" clause ("as the minister has
    acknowledged"): the statement pass codes them."""
    tok = f.match.trigger
    clauses = _children(tok, "ccomp")
    if f.code in ("015", "080") and f.match.code == f.code and f.match.obj is None and \
            not _children(tok, "dobj", "xcomp", "prep") and _as_clause(tok):
        return True  # "is entitled to do so, as the minister has acknowledged": a comment
    return (f.code in ("015", "080") and f.match.code == f.code and f.match.obj is None
            and not _children(tok, "dobj") and bool(clauses)
            and not any(_warns_of_own_act(c) and c.pos_ == "VERB" for c in clauses))


def _judgement(verb: Token) -> bool:
    """"consider Isis to have been defeated", "considers the YPG a terrorist group": a
    consideration verb whose complement has its own subject, or an object and a predicate,
    states a view; "is considering sending aid" weighs an act (014)."""
    return _has_predicate(verb) or any(_children(c, "nsubj", "nsubjpass")
                                       for c in _children(verb, "ccomp", "xcomp"))


def _measured(objects: Sequence[Token]) -> bool:
    """Is a force verb's object a figure ("hit the 0.7% UN aid spending target", "hit $100 a
    barrel", "struck a 5% deal")? A percentage or a sum of money in the object phrase (not in
    a clause hung on it) makes the force verb a metaphor."""
    for obj in objects:
        clauses = {t.i for c in obj.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
        if any(t.ent_type_ in ("PERCENT", "MONEY") for t in obj.subtree if t.i not in clauses):
            return True
    return False


def _dismissal(verb: Token, lexicon: VerbLexicon) -> bool:
    """"Obama fired Jim Mattis", "sacked the minister": a `dismiss` verb (modality.tsv) whose
    direct object is a person, with no "at/on" target, dismisses; it does not shoot."""
    if not lexicon.has_role(verb.lemma_.lower(), "dismiss"):
        return False
    if any(p.lower_ in ("at", "on", "upon") for p in _children(verb, "prep")):
        return False
    return any(o.ent_type_ == "PERSON" for o in _children(verb, "dobj"))


def _conditional(clause: Token, lexicon: VerbLexicon) -> bool:
    """Does a warning's clause hold a condition ("warned that the country has the power to
    allow refugees to leave if the Kurds are given a role")? A conditional warning is a threat
    (CODING.md), not a pessimistic comment."""
    stack, seen = [clause], 0
    while stack and seen < 200:  # the clause's own verbs, not clauses on its nouns ("29 who
        node = stack.pop()       # will die if they are not allowed to leave")
        seen += 1
        for child in node.children:
            if _conditional_clause(child, lexicon):
                return True
            if child.dep_ in ("xcomp", "ccomp", "conj", "dobj", "attr", "prep", "pobj"):
                stack.append(child)
    return False


def _conditional_force(f: _Found, lexicon: VerbLexicon, index: _Index) -> bool:
    """A force act (18-20) a party says it would do under a condition is its threat of force
    (CAMEO 138): "Turkey said it would hit back at the troops if their goal was to protect the
    Kurds". The act's clause holds an if/unless clause of its own (`mark_hypo`) and is what a
    verb of saying says whose subject is the act's source; a condition alone ("if
    Turkey attacked, the US would respond", told by the writer) is no threat."""
    verb = f.match.trigger
    if f.match.pos != "VERB" or f.code[:2] not in _FORCE_ROOTS or not any(
            _conditional_clause(c, lexicon) for c in verb.children):
        return False
    clause = verb
    while clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
        clause = clause.head
    speaker = clause.head
    if clause.dep_ != "ccomp" or not index.has_role(speaker.lemma_.lower(), "speech"):
        return False  # ("warned that …" is a trigger of its own: the chains code it)
    said_by = {p.code for p in _subject_parties(speaker, index)}
    # "Erdoğan said Turkey would…": a state and its government are one speaker
    return any(s.code in said_by or s.code[:3] in {c[:3] for c in said_by if _state_force(c)}
               for s in f.sources)


def _warns_of_own_act(clause: Token) -> bool:
    """Is the subject of a warning's clause the warner itself ("warned it will not stand by",
    "warned that we will respond")? A pronoun subject refers back to the warner."""
    return any(s.lower_ in ("it", "we", "they", "i") for s in _children(clause, "nsubj"))


def _negated_predicate(adj: Token) -> bool:
    """"were not prepared to fight": a negation on the adjective or on its copula."""
    return any(c.dep_ == "neg" for c in (*adj.children, *adj.head.children))


def _refusal(f: _Found, lexicon: VerbLexicon) -> str | None:
    """A negated act announced for the future ("would no longer accept", "will not lift") is a
    refusal: the 12x code of the act (intents.tsv, governor `refuse`), else None."""
    tok = f.match.trigger
    node = tok
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    aux = {c.lower_ for c in node.children if c.dep_ == "aux"}
    negated = any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never", "longer"))
                  for c in node.children)
    if not negated or not aux & {"will", "would", "'ll", "wo", "shall"}:
        return None
    return lexicon.intent_code("refuse", f.code)


def _one_sided(f: _Found, lexicon: VerbLexicon, index: _Index, s_index: int
               ) -> list[tuple[_Party, _Party | None]]:
    """An act with a source and no target (one_sided.tsv): statements, protests, resignations…
    Verb triggers, and act nouns of rows flagged `alone` that name their own actor ("the
    deployment of troops by the Turkish army", "his resignation"); other act nouns need a
    target ("vulnerable to Turkish attack" names no attack of its own). A two-sided act with no
    counterpart may stand as another code when its row's required object is there (refine.tsv
    modifier `alone`: "held military drills" with no partner is a show of force, 150; a bare
    "worked" is not)."""
    if not f.code or (f.match.pos != "VERB" and not f.implied and not (
            Flag.ALONE in f.match.flags and _own_agent(f.match.trigger, index, lexicon))):
        return []
    rule = lexicon.one_sided(f.code)
    if rule is None:
        if f.match.obj is None:
            return []  # only a verb with the object its row asks for ("held drills")
        alone = lexicon.refine(f.code, ["alone"])
        if alone == f.code or (rule := lexicon.one_sided(alone)) is None:
            return []
        f.code, f.rule = alone, f"alone>{f.rule}"
    named = _slot_heads(f.match, index)
    if Flag.OBJTARGET in f.match.flags and f.match.obj is not None:
        # "seeks their approval": the possessor of the required object is its target
        named += _children(f.match.obj, "poss")
    # "Jack Letts, who is detained by Kurdish forces": the relative pronoun stands for the
    # noun its clause describes
    named = [_antecedent(t) for t in named]
    if Flag.SWAP in f.match.flags:
        # "these final strongholds fell to Kurdish fighters": the subject is the target; a
        # place it does not name is none; with no subject found ("two weeks away from
        # falling to Kurdish forces") what fell is unknown, and there is no event
        subjects = _subject_tokens(f.match.trigger, index)
        if not subjects:
            return []
        named = [t for t in subjects
                 if not (index.has_role(t.lemma_.lower(), "place") or _named_place(t))]
    # "fought back, killing all the attackers": the participle's object is the enemy
    named += [o for c in _children(f.match.trigger, "advcl", "conj", "xcomp")
              if c.tag_ == "VBG" for o in _children(c, "dobj")]
    # "condemned the attack", "rejected the proposal": an act or a proposal commented on is no
    # party; the comment (01), criticism (11) or rejection (12) stands alone
    if f.code[:2] in _COMMENT_ROOTS and f.code != "114" and not f.rule.startswith("petrarch"):
        # (a complaint, 114, needs an addressee: "summoned a cabinet meeting" is none; the
        # Phoenix patterns are not our rows)
        named = [t for t in named if not _act_noun(t, lexicon)]
    if f.code[:2] == "19" and f.match.obj is not None and named and all(
            index.has_role(t.lemma_.lower(), "open_space") for t in named):
        # "fired a ballistic missile into the sea": aimed at no one, a show of force
        f.code, f.rule, named = "150", f"open>{f.rule}", []
    if f.code[:2] in _FORCE_ROOTS and any(
            o.pos_ == "PRON" or _np_parties(o, index) for o in _prep_objects(
                f.match.trigger, *lexicon.modality.get("partner", frozenset()))):
        # "fighting alongside Kurdish forces", "those who have fought with us": the text names
        # who fights on the actor's side, not whom it fights; no one-sided fight ("carried
        # out with impunity" names no partner)
        return []
    if f.code[:2] == "15":
        # "deployed troops to its southern border area", "patrolled the town": for a show or
        # build-up of force a place is where it happens, not whom it is aimed at
        named = [t for t in named if not (index.has_role(t.lemma_.lower(), "place")
                                          or _named_place(t))]
    if rule != "government" and any(t.pos_ in ("NOUN", "PROPN", "PRON", "NUM")
                                    and not _private_name(t, index) for t in named):
        return []  # "urged their followers", "convicted two officers": a target the text
        # names but we cannot code is not "no target" (but a private person's name is)
    out: list[tuple[_Party, _Party | None]] = []
    for src in f.sources:
        target: _Party | None = None
        if rule == "government":
            country = src.code[:3] if src.code[:3] in state_codes() else None
            if country is None and len(src.code) == 3 and src.code not in state_codes():
                # a sector with no country ("OPP"): the country of the clause's place
                country = next((p.country for p in index.sentence_places.get(s_index, ())
                                if p.country), None)
            if country is not None and src.code != country + "GOV":
                target = _Party(country + "GOV", "")
        elif rule == "country" and src.code[:3] in state_codes():
            # "Tunisia extends state of emergency": on the source's own country
            target = _Party(src.code[:3], "", place=True)
        out.append((src, target))
    return out


def _own_agent(noun: Token, index: _Index, lexicon: VerbLexicon) -> bool:
    """Does an act noun name its own actor: a possessive, compound or adjective actor, or a
    "by" phrase ("Russia's deployment", "the deployment of troops by the Turkish army")? Not
    when it is the object of a verb of ours ("demands Assad's resignation", "rejected the
    deployment"): that verb's act is the event, the noun's act did not happen."""
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in owned_lemmas(lexicon):
        return False
    mods = [c for c in noun.children if c.dep_ in _SOURCE_NOUN_DEPS and not _is_anti(c)
            and not _backing(c, index)]
    if _parties([t for m in mods for t in _np_tokens(m)], index):
        return True
    if _called_for(noun):
        return False  # "a call for the withdrawal of troops": an act called for is not done
    if _subjective_doers(noun, index):
        return True  # "the resignation of Mattis"
    return any(_np_parties(o, index) for o in _prep_objects(noun, "by"))


def _private_name(tok: Token, index: _Index) -> bool:
    """A proper name the actor stage gives no code and that names no place, organisation or
    nationality: a private person ("arrested Pawan Agarwal", "blocked the return of Hoda
    Muthana"). As a target it is written `---` (docs/events.md, "Targets the coder cannot
    code")."""
    if tok.pos_ == "NOUN":
        # "the return of Hoda Muthana", "the release of Peter Kassig": the person the act is of
        # (not "the town of Tal Afar": a place noun names a place)
        return not index.has_role(tok.lemma_.lower(), "place") and any(
            _private_name(o, index) for o in _prep_objects(tok, "of"))
    names = [t for t in _np_tokens(tok) if t.pos_ == "PROPN"]
    return (tok.pos_ == "PROPN" and bool(names)
            and not _children(tok, "det")  # "the House", "the HNC": an institution
            and not any(t.ent_type_ in _NOT_PARTY for t in names)
            and not any(a.agent_code for t in names for a in index.actors.get(t.i, ()))
            and not any(_place_parties(t, index) for t in names))


def _date(trigger: Token, dates: Sequence[DateMention], result: AnalysisResult
          ) -> dt.date | None:
    """The in-sentence date of the trigger's own clause, else of the main clause, else the
    publication date ("Putin, who visited Beijing last year, praised China": the praise is not
    dated last year)."""
    own = _clause_verb(trigger)
    fallback: dt.date | None = None
    for d in dates:
        if d.value is None or d.kind != "date":
            continue
        span = trigger.doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None:
            continue
        clause = _clause_verb(span.root)
        if clause.i == own.i:
            return d.value
        if fallback is None and clause.dep_ == "ROOT":
            fallback = d.value
    if fallback is not None and own.dep_ not in ("relcl", "advcl", "acl"):
        return fallback
    return result.document.published


def _clause_verb(token: Token) -> Token:
    """The verb heading the clause a token sits in (the token itself if it is a verb)."""
    node = token
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass"):
            return node
        if node.head.i == node.i:
            return node
        node = node.head
    return node


def _location(f: _Found, index: _Index, s_index: int) -> str | None:
    """The action's place: a place object of the trigger's in/at/to, else a place that is the
    object of a locative preposition in the sentence; never a place standing for an actor
    ("gratitude to Moscow") or naming a topic ("the Ukraine conflict")."""
    trig = f.match.trigger
    for prep in _children(trig, "prep"):
        if prep.lower_ in ("in", "at", "to"):
            for pobj in _children(prep, "pobj"):
                place = index.places.get(pobj.i)
                if place is not None and pobj.i not in index.actors:
                    return place.name
    for place in index.sentence_places.get(s_index, ()):
        span = trig.doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None or any(t.i in index.actors for t in span):
            continue
        root = span.root
        if root.dep_ == "pobj" and index.has_role(root.head.lower_, "locative"):
            return place.name
    return None


@functools.lru_cache(maxsize=4096)  # bounded: keyed on text (issue 16)
def _capital_lookup(sources: tuple[str, ...], name: str) -> str | None:
    for entry in actor_lexicon(sources).lookup(name):
        if entry.kind is EntryKind.CAPITAL and entry.country:
            return entry.country
    return None
