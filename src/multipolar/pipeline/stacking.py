"""The classifier's stacking layer: the textcat's scores read together with the rule coder's output.

The spaCy text classifier (pipeline/classifier.py) sees only the words of a sentence. The stages
before it know more: whether the rule coder coded an event there and with which root, how many
actors the actor stage resolved and of which sectors, whether there is a quotation. A small
logistic regression (`stack.json` beside the spaCy model, written by
`training/classifier.py`) combines them into the final P(EVENT), and the rule coder's roots add
weight to the same roots of the classifier's root scores. Labels never come from the coder: its
output is only an input feature here, and the weights were fitted on hand labels
(docs/classifier.md).

`SentenceEvidence` is what the other stages found in one sentence (or a span of sentences);
`Stacker.apply` turns the textcat's label probabilities and that evidence into new ones, with
the same keys, so `event_class` reads them as before. A model folder without `stack.json` is used
as the textcat alone.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.attrs import DEP, LEMMA, POS
from spacy.strings import StringStore
from spacy.symbols import NOUN, VERB
from spacy.tokens import Span, Token

from multipolar.errors import ClassifierNotInstalled
from multipolar.lexicon.petrarch_verbs import PetrarchVerbs
from multipolar.lexicon.verbs import VerbLexicon
from multipolar.model import Actor, AnalysisResult, Event, Modality
from multipolar.ontology import quad_class_of_root

STACK_FILE = "stack.json"
STACK_VERSION = 1
EVENT = "EVENT"  # the label of the classifier's optional "relevance" component
# the layer's calibrated P(EVENT), before the decision threshold was folded into its bias: the
# quad class is read from it (`pipeline.classifier.event_class`)
CALIBRATED = "EVENT_calibrated"
ROOTS = tuple(f"{n:02d}" for n in range(1, 21))
_ROOT_SET = frozenset(ROOTS)
_VERB, _NOUN = int(VERB), int(NOUN)  # `Token.pos` ids
_MEMO_SIZE = 100_000  # lemmas remembered by `TriggerRoots`
# modalities under which a rule event counts as "the rules coded an event here"
CODED = frozenset({Modality.ASSERTED, Modality.REPORTED, Modality.FUTURE})


@dataclass(frozen=True, slots=True)
class SentenceEvidence:
    """What the stages before the classifier found in a sentence."""

    rule_roots: frozenset[str] = frozenset()  # roots of asserted/reported/future rule events
    other_rule_events: bool = False  # negated or hypothetical rule events only
    actors: int = 0  # resolved actors (with a code)
    sectors: frozenset[str] = frozenset()  # their sectors (GOV, MIL, REB, CVL…)
    quotation: bool = False
    # roots of the trigger words in the sentence, whether or not the rules built an event:
    # our lexicon's rows that need no particle or object (lexicon/data/verbs.tsv), and the
    # Phoenix verb dictionary's verbs (lexicon/data/phoenix_verbs.txt)
    lexicon_roots: frozenset[str] = frozenset()
    phoenix_roots: frozenset[str] = frozenset()
    main_verb_trigger: bool = False  # the root of a sentence's parse is one of those triggers


class TriggerRoots:
    """The CAMEO roots the trigger words of a span can stand for, from the event coder's own
    lexicons (loaded on first use; the event stage has usually loaded them already)."""

    def __init__(self) -> None:
        self._lexicon: VerbLexicon | None = None
        self._phoenix: PetrarchVerbs | None = None
        # (part of speech, lemma) string ids → `_roots` (bounded: cleared when full)
        self._memo: dict[tuple[int, int], tuple[frozenset[str], frozenset[str]]] = {}

    def __call__(self, tokens: Iterable[Token]
                 ) -> tuple[frozenset[str], frozenset[str], bool]:
        toks = list(tokens)
        if not toks:
            return frozenset(), frozenset(), False
        return self._scan([(t.pos, t.lemma, t.dep) for t in toks], toks[0].vocab.strings)

    def of_sentences(self, sentences: Sequence[Iterable[Token]]
                     ) -> list[tuple[frozenset[str], frozenset[str], bool]]:
        """`self(tokens)` of each sentence; when the sentences are spans of one document, read
        from its attribute arrays in one pass (no `Token` objects)."""
        spans = [s for s in sentences if isinstance(s, Span)]
        if not spans or len(spans) != len(sentences) or any(
                s.doc is not spans[0].doc for s in spans):
            return [self(tokens) for tokens in sentences]
        doc = spans[0].doc
        rows = doc.to_array([POS, LEMMA, DEP]).tolist()
        return [self._scan(rows[s.start:s.end], doc.vocab.strings) for s in spans]

    def _scan(self, rows: Iterable[Sequence[int]], strings: StringStore
              ) -> tuple[frozenset[str], frozenset[str], bool]:
        """The roots of tokens given as (POS, LEMMA, DEP) ids, and whether a trigger is the
        root of the parse."""
        self._load()
        own: set[str] = set()
        phoenix: set[str] = set()
        main = False
        memo = self._memo
        for pos, lemma, dep in rows:
            if pos != _VERB and pos != _NOUN:
                continue
            key = (pos, lemma)
            roots = memo.get(key)
            if roots is None:
                roots = self._roots(strings[pos], strings[lemma].lower())
                if len(memo) >= _MEMO_SIZE:
                    memo.clear()
                memo[key] = roots
            mine, theirs = roots
            own |= mine
            phoenix |= theirs
            if not main and (mine or theirs):
                main = strings[dep] == "ROOT"
        return frozenset(own), frozenset(phoenix), main

    @property
    def lexicon(self) -> VerbLexicon:
        """The event coder's own trigger lexicon (loaded on first use)."""
        self._load()
        assert self._lexicon is not None
        return self._lexicon

    def _load(self) -> None:
        if self._lexicon is None or self._phoenix is None:
            from multipolar.lexicon.petrarch_verbs import bundled_phoenix_verbs
            from multipolar.lexicon.verbs import default_lexicon

            self._lexicon = default_lexicon()
            self._phoenix = bundled_phoenix_verbs()

    def codes(self, token: Token, root: str) -> tuple[str, ...]:
        """The CAMEO codes under `root` that this VERB or NOUN stands for on its own: our
        lexicon's rows that need no particle or object, then (verbs) the Phoenix verbs with no
        particle; the lexicon's first."""
        self._load()
        assert self._lexicon is not None and self._phoenix is not None
        if token.pos not in (_VERB, _NOUN):
            return ()
        lemma = token.lemma_.lower()
        found = [e.code for e in self._lexicon.candidates(token.pos_, lemma)
                 if not e.objects and not e.particle and e.code[:2] == root]
        if token.pos == _VERB:
            found += [v.code for v in self._phoenix.verbs.get(lemma.upper(), ())
                      if v.code and v.code[:2] == root and not v.particles]
        return tuple(dict.fromkeys(found))

    def _roots(self, pos: str, lemma: str) -> tuple[frozenset[str], frozenset[str]]:
        """The roots a VERB or NOUN with this lemma stands for in our lexicon and (verbs) in
        the Phoenix dictionary."""
        assert self._lexicon is not None and self._phoenix is not None
        mine = frozenset({e.code[:2] for e in self._lexicon.candidates(pos, lemma)
                          if not e.objects and not e.particle} & _ROOT_SET)
        theirs = frozenset({v.code[:2] for v in self._phoenix.verbs.get(lemma.upper(), ())
                            if v.code and v.code[:2] in _ROOT_SET} if pos == "VERB" else ())
        return mine, theirs


def evidence_of(result: AnalysisResult, sentences: Iterable[int], *,
                tokens: Iterable[Token] = (), triggers: TriggerRoots | None = None,
                ) -> SentenceEvidence:
    """The evidence of the given sentence indices of an analysis (one sentence in the pipeline;
    every sentence of a labelled text, which the parser may split, in training); `tokens` are
    those sentences' tokens, read for trigger words when `triggers` is given."""
    wanted = set(sentences)
    events = [e for e in result.events
              if e.evidence.sentence_index in wanted and e.rule != "classifier"]
    actors = [a for a in result.actors if a.mention.sentence in wanted and a.code]
    lexicon_roots, phoenix_roots, main = (triggers(tokens) if triggers is not None
                                          else (frozenset(), frozenset(), False))
    return _evidence(events, actors,
                     quotation=any(q.sentence in wanted for q in result.quotations),
                     lexicon_roots=lexicon_roots, phoenix_roots=phoenix_roots,
                     main_verb_trigger=main)


def evidence_by_sentence(result: AnalysisResult, sentences: Sequence[Iterable[Token]], *,
                         triggers: TriggerRoots) -> list[SentenceEvidence]:
    """The evidence of every sentence of an analysis (`sentences`: their tokens, in order),
    the events, actors and quotations grouped by sentence in one pass."""
    events: dict[int, list[Event]] = {}
    actors: dict[int, list[Actor]] = {}
    quoted: set[int] = {q.sentence for q in result.quotations}
    for event in result.events:
        if event.rule != "classifier":
            events.setdefault(event.evidence.sentence_index, []).append(event)
    for actor in result.actors:
        if actor.code:
            actors.setdefault(actor.mention.sentence, []).append(actor)
    out = []
    for index, (lexicon_roots, phoenix_roots, main) in enumerate(
            triggers.of_sentences(sentences)):
        out.append(_evidence(events.get(index, []), actors.get(index, []),
                             quotation=index in quoted, lexicon_roots=lexicon_roots,
                             phoenix_roots=phoenix_roots, main_verb_trigger=main))
    return out


def _evidence(events: Sequence[Event], actors: Sequence[Actor], *, quotation: bool,
              lexicon_roots: frozenset[str], phoenix_roots: frozenset[str],
              main_verb_trigger: bool) -> SentenceEvidence:
    coded = [e for e in events if e.modality in CODED]
    return SentenceEvidence(rule_roots=frozenset(e.root for e in coded),
                    other_rule_events=bool(events) and not coded,
                    actors=len(actors),
                    sectors=frozenset(a.sector for a in actors if a.sector),
                    quotation=quotation, lexicon_roots=lexicon_roots,
                    phoenix_roots=phoenix_roots, main_verb_trigger=main_verb_trigger)


def logit(p: float) -> float:
    """log(p / (1 - p)), with p kept 1e-4 inside (0, 1)."""
    p = min(max(p, 1e-4), 1.0 - 1e-4)
    return math.log(p / (1.0 - p))


def sigmoid(z: float) -> float:
    """1 / (1 + e^-z), with z clipped to [-30, 30]."""
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@dataclass(frozen=True, slots=True)
class Stacker:
    """Logistic regression for P(EVENT) over the textcat's logit and the evidence, and a weight
    for the rule coder's roots among the root scores."""

    sector_groups: Mapping[str, frozenset[str]]
    weights: Mapping[str, float]  # by feature name (see `feature_names`), plus "bias"
    # added to a root's share of the textcat's root scores when the rules coded it / a trigger
    # word of our lexicon / of the Phoenix dictionary stands for it
    root_weights: Mapping[str, float]
    # the decision threshold folded into the bias (0.5: none); `apply` undoes it for
    # `CALIBRATED`
    threshold: float = 0.5
    # the weights in the order of `feature_names` (0 for a feature without one), built once
    _row: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_row", tuple(self.weights.get(name, 0.0)
                                               for name in self.feature_names))

    @staticmethod
    def names(sector_groups: Iterable[str]) -> tuple[str, ...]:
        return ("textcat_logit", "rule_event", "rule_event_other", "rule_quad_1", "rule_quad_2",
                "rule_quad_3", "rule_quad_4", "actors_1", "actors_2", "actors_3_or_more",
                *(f"sector_{g}" for g in sector_groups), "quotation", "lexicon_trigger",
                "phoenix_trigger", *(f"trigger_quad_{q}" for q in (1, 2, 3, 4)),
                "main_verb_trigger", "draw_convention")

    @property
    def feature_names(self) -> tuple[str, ...]:
        return self.names(self.sector_groups)

    def features(self, cats: Mapping[str, float], evidence: SentenceEvidence, *,
                 convention: float = 1.0) -> list[float]:
        return feature_vector(self.sector_groups, cats, evidence, convention=convention)

    def _z(self, cats: Mapping[str, float], evidence: SentenceEvidence, convention: float
           ) -> float:
        return self.weights.get("bias", 0.0) + sum(
            weight * value
            for weight, value in zip(self._row,
                                     self.features(cats, evidence, convention=convention),
                                     strict=True))

    def relevance(self, cats: Mapping[str, float], evidence: SentenceEvidence, *,
                  convention: float = 1.0) -> float:
        return sigmoid(self._z(cats, evidence, convention))

    def apply(self, cats: Mapping[str, float], evidence: SentenceEvidence, *,
              convention: float = 1.0) -> dict[str, float]:
        """New label probabilities: P(EVENT) from the regression (`CALIBRATED`: the same
        without the decision threshold); each root's score becomes its share of the textcat's
        root scores plus the root weight of each source (rules, lexicon triggers, Phoenix
        triggers) that names it. `convention`: see `feature_vector` (1 in use)."""
        out = dict(cats)
        z = self._z(cats, evidence, convention)
        out[EVENT] = sigmoid(z)
        out[CALIBRATED] = sigmoid(z + logit(self.threshold))
        out.update(combine_roots(cats, evidence, self.root_weights))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"version": STACK_VERSION,
                "sector_groups": {g: sorted(s) for g, s in self.sector_groups.items()},
                "weights": {k: round(v, 6) for k, v in self.weights.items()},
                "root_weights": dict(self.root_weights), "threshold": self.threshold}

    def write(self, folder: Path) -> Path:
        path = folder / STACK_FILE
        path.write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")
        return path

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "stack") -> Stacker:
        try:
            if data["version"] != STACK_VERSION:
                raise ValueError(f"version {data['version']!r}, expected {STACK_VERSION}")
            groups = {str(g): frozenset(str(s) for s in sectors)
                      for g, sectors in data["sector_groups"].items()}
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            root_weights = {str(k): float(v) for k, v in data["root_weights"].items()}
            threshold = float(data.get("threshold", 0.5))
            if not 0.0 < threshold < 1.0:
                raise ValueError(f"threshold {threshold} is not between 0 and 1")
            if set(root_weights) != set(ROOT_SOURCES):
                raise ValueError(f"root_weights needs {ROOT_SOURCES}")
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ClassifierNotInstalled(f"{source} (not a stacking layer: {exc})") from None
        unknown = set(weights) - {*cls.names(groups), "bias"}
        if unknown:
            raise ClassifierNotInstalled(f"{source} (unknown features {sorted(unknown)})")
        return cls(sector_groups=groups, weights=weights, root_weights=root_weights,
                   threshold=threshold)

    @classmethod
    def read(cls, folder: Path) -> Stacker | None:
        """The stacking layer of a model folder, or None when it has none."""
        path = folder / STACK_FILE
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ClassifierNotInstalled(f"{path} (not JSON: {exc})") from None
        return cls.from_dict(data, source=str(path))


def feature_vector(sector_groups: Mapping[str, frozenset[str]], cats: Mapping[str, float],
                   evidence: SentenceEvidence, *, convention: float = 1.0) -> list[float]:
    """The regression's inputs, in the order of `Stacker.names`. `convention` is 1 for a
    sentence labelled under the blind draws' conventions (draw 2 on: more sentences count as
    events than in the first 3,200 labels), 0 for the first labels; in use it is always 1, so
    the layer predicts what the blind draws' annotators would label (docs/classifier.md)."""
    quads = {quad_class_of_root(int(r)) for r in evidence.rule_roots if r in ROOTS}
    triggered = {quad_class_of_root(int(r))
                 for r in evidence.lexicon_roots | evidence.phoenix_roots}
    n = evidence.actors
    return [logit(float(cats.get(EVENT, 0.0))),
            float(bool(evidence.rule_roots)), float(evidence.other_rule_events),
            *(float(q in quads) for q in (1, 2, 3, 4)),
            float(n == 1), float(n == 2), float(n >= 3),
            *(float(bool(evidence.sectors & s)) for s in sector_groups.values()),
            float(evidence.quotation), float(bool(evidence.lexicon_roots)),
            float(bool(evidence.phoenix_roots)),
            *(float(q in triggered) for q in (1, 2, 3, 4)),
            float(evidence.main_verb_trigger), float(convention)]


ROOT_SOURCES = ("rules", "lexicon", "phoenix")


def combine_roots(cats: Mapping[str, float], evidence: SentenceEvidence,
                  root_weights: Mapping[str, float]) -> dict[str, float]:
    """Root scores: each root's share of the textcat's root scores, plus the weight of every
    source whose roots include it."""
    scores = [float(cats.get(r, 0.0)) for r in ROOTS]
    total = sum(scores)
    sources = {"rules": evidence.rule_roots, "lexicon": evidence.lexicon_roots,
               "phoenix": evidence.phoenix_roots}
    named = [(w, sources[name]) for name, w in root_weights.items()]
    named_roots = evidence.rule_roots | evidence.lexicon_roots | evidence.phoenix_roots
    return {r: (score / total if total > 0 else 1.0 / len(ROOTS))
            + (sum(w for w, roots in named if r in roots) if r in named_roots else 0)
            for r, score in zip(ROOTS, scores, strict=True)}
