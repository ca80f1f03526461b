"""Score the event coder against a hand-coded gold file.

Each line of the gold file is a JSON object `{"id", "text", "date", "expected": [{"source",
"target", "code"}], "no_event": bool}` (see tests/gold/EVENTS_RULES.md for the coding rules).

Matching (one-to-one, per sentence):

- Actor codes agree when equal or when one is a prefix of the other at a 3-letter boundary
  ("RUS" agrees with "RUSGOV", "RUSGOV" does not agree with "RUSMIL"): the gold code may stop at
  the country when the text names no sector.
- Exact triple: source, target and full CAMEO code agree. Precision = matched / predicted,
  recall = matched / expected, F1 their harmonic mean.
- Root accuracy: of the expected events whose dyad (source and target) the coder found with any
  code, the share where it gave the right root (first two digits).
- Dyad accuracy: of the expected events whose root the coder found in that sentence, the share
  where it had the right source and target countries (first three letters).
- One-sided events: a gold target `---` says the act has no target (a statement, a strike with
  no government named); a predicted event with no target, or the target `---`, agrees with it.
  A sub-state actor with no country is its sector alone ("COP"); `---COP` is read as "COP".
  A gold file that codes no one-sided event and no country-less agent at all (no `---` target,
  no sector-only code: files written under the older rules "acts without a coded target are not
  events" and "an unnamed actor leaves the event out") is scored within that scope: predictions
  with no target, or with a country-less agent ("COP", "REB": the sectors of agents.tsv) as
  source or target, are left out, as hypothetical ones are. The report says which (`one_sided`).
- Sentence events: each sentence either has an event or not, in the gold and in the predictions
  (any scored event); precision, recall and F1 of "this sentence has an event".
- Hypothetical events are flagged, not asserted: they are left out of the predictions scored.
  Negated acts are never emitted.
- Per-line record: `EventReport.lines` says, for each gold line, how many events matched and
  whether the line passed (nothing missing, nothing spurious); `write_record` saves them as a
  TSV, `regressions` names the lines that passed in a saved record and fail now, unless the
  record's `note` column acknowledges the change.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from multipolar.analyzer import Analyzer
from multipolar.errors import InputError
from multipolar.evaluate.gold import Score, gold_lines
from multipolar.lexicon.tsv import read_package_tsv
from multipolar.model import Event, Modality

__all__ = ["NO_TARGET", "EventReport", "GoldSentence", "LineResult", "RecordedLine", "Triple",
           "actors_agree", "codes_one_sided", "countryless", "evaluate_events", "normalize_actor",
           "read_gold", "read_record", "regressions", "score_sentences", "write_record"]

_SCORED = frozenset({Modality.ASSERTED, Modality.FUTURE, Modality.REPORTED})
NO_TARGET = "---"
"""The target of a one-sided event (GDELT and PETRARCH write `---` for a missing actor)."""
_RECORD_COLUMNS = ("id", "status", "expected", "predicted", "matched", "note")


@dataclass(frozen=True, slots=True)
class Triple:
    source: str
    target: str
    code: str

    @property
    def root(self) -> str:
        return self.code[:2]

    def __str__(self) -> str:
        return f"{self.source} -{self.code}-> {self.target}"


@dataclass(frozen=True, slots=True)
class GoldSentence:
    id: str
    text: str
    date: str | None
    expected: tuple[Triple, ...]
    no_event: bool
    line: int = 0


def normalize_actor(code: str) -> str:
    """`---COP` (GDELT's sector with no country) is the sector alone; an empty code is `---`."""
    code = code.strip().upper()
    if not code:
        return NO_TARGET
    if code.startswith(NO_TARGET) and len(code) > len(NO_TARGET):
        return code[len(NO_TARGET):]
    return code


def actors_agree(gold: str, predicted: str) -> bool:
    """Equal, or one is the other plus sector/sub-codes (3-letter blocks); `---` (no actor)
    agrees only with itself."""
    gold, predicted = normalize_actor(gold), normalize_actor(predicted)
    if gold == predicted:
        return True
    if NO_TARGET in (gold, predicted):
        return False
    short, long_ = sorted((gold, predicted), key=len)
    return len(short) % 3 == 0 and long_.startswith(short)


def _country(code: str) -> str:
    return code[:3]


def read_gold(path: Path) -> list[GoldSentence]:
    """Read and check a gold JSONL file; errors name the line."""
    sentences: list[GoldSentence] = []
    seen: set[str] = set()
    for where, obj in gold_lines(path):
        line_no = int(where.rsplit(":", 1)[1])
        ident = str(obj.get("id") or f"line-{line_no}")
        if ident in seen:
            raise InputError(f"{where}: duplicate id {ident!r}")
        seen.add(ident)
        expected = []
        for item in obj.get("expected") or []:
            try:
                expected.append(Triple(normalize_actor(str(item["source"])),
                                       normalize_actor(str(item["target"])),
                                       str(item["code"])))
            except (KeyError, TypeError):
                raise InputError(f"{where}: each expected event needs source, "
                                 "target and code") from None
        no_event = bool(obj.get("no_event", not expected))
        if no_event and expected:
            raise InputError(f"{where}: no_event is true but events are expected")
        date = obj.get("date")
        sentences.append(GoldSentence(ident, obj["text"], str(date) if date else None,
                                      tuple(expected), no_event, line_no))
    if not sentences:
        raise InputError(f"{path}: the gold file holds no sentences")
    return sentences


@dataclass(slots=True)
class _Counts:
    tp: int = 0
    predicted: int = 0
    expected: int = 0
    dyad_found: int = 0
    root_right: int = 0
    root_found: int = 0
    dyad_right: int = 0
    sent_tp: int = 0
    sent_predicted: int = 0
    sent_expected: int = 0


def _score(expected: int, predicted: int, matched: int) -> Score:
    """Counts of expected, predicted and matched items as true/false positives/negatives."""
    return Score(tp=matched, fp=predicted - matched, fn=expected - matched)


@dataclass(frozen=True, slots=True)
class LineResult:
    """How one gold line fared: it passes when nothing is missing and nothing spurious."""

    id: str
    expected: int
    predicted: int
    matched: int

    @property
    def passed(self) -> bool:
        return self.matched == self.expected == self.predicted


@dataclass(frozen=True, slots=True)
class Failure:
    id: str
    text: str
    missing: tuple[Triple, ...]
    spurious: tuple[Triple, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text,
                "missing": [str(t) for t in self.missing],
                "spurious": [str(t) for t in self.spurious]}


@dataclass(frozen=True, slots=True)
class EventReport:
    """The scores of one gold file."""

    path: str
    sentences: int
    expected: int
    predicted: int
    matched: int
    root_accuracy: float
    root_support: int
    dyad_accuracy: float
    dyad_support: int
    confusion: dict[str, Counter[str]] = field(default_factory=dict)
    failures: tuple[Failure, ...] = ()
    groups: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    """(expected, predicted, matched) by id prefix ("ref-001" → "ref")."""
    sentence_counts: tuple[int, int, int] = (0, 0, 0)
    """Sentences with an event: (in the gold, in the predictions, in both)."""
    lines: tuple[LineResult, ...] = ()
    one_sided: bool = True
    """Were predictions with no target scored (the gold file codes one-sided events)?"""

    @property
    def sentence_score(self) -> Score:
        expected, predicted, both = self.sentence_counts
        return _score(expected, predicted, both)

    @property
    def sentence_precision(self) -> float:
        return self.sentence_score.precision

    @property
    def sentence_recall(self) -> float:
        return self.sentence_score.recall

    @property
    def sentence_f1(self) -> float:
        return self.sentence_score.f1

    def group_scores(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for name, (expected, predicted, matched) in sorted(self.groups.items()):
            score = _score(expected, predicted, matched)
            out[name] = {"expected": expected, "predicted": predicted, "matched": matched,
                         "precision": round(score.precision, 4),
                         "recall": round(score.recall, 4), "f1": round(score.f1, 4)}
        return out

    @property
    def score(self) -> Score:
        return _score(self.expected, self.predicted, self.matched)

    @property
    def precision(self) -> float:
        return self.score.precision

    @property
    def recall(self) -> float:
        return self.score.recall

    @property
    def f1(self) -> float:
        return self.score.f1

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sentences": self.sentences,
            "expected": self.expected,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "root_accuracy": round(self.root_accuracy, 4),
            "root_support": self.root_support,
            "dyad_accuracy": round(self.dyad_accuracy, 4),
            "dyad_support": self.dyad_support,
            "one_sided": self.one_sided,
            "sentence_event": {
                "gold": self.sentence_counts[0], "predicted": self.sentence_counts[1],
                "both": self.sentence_counts[2],
                "precision": round(self.sentence_precision, 4),
                "recall": round(self.sentence_recall, 4),
                "f1": round(self.sentence_f1, 4)},
            "groups": self.group_scores(),
            "confusion": {g: dict(sorted(c.items())) for g, c in sorted(self.confusion.items())},
            "failures": [f.to_dict() for f in self.failures],
        }

    def render(self, *, max_failures: int = 40) -> str:
        lines = [
            f"events gold file: {self.path}",
            f"  sentences {self.sentences}, expected events {self.expected}, "
            f"predicted {self.predicted}, exact-triple matches {self.matched}"
            + ("" if self.one_sided else " (two-sided events only: the file codes no '---')"),
            f"  precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}",
            f"  root accuracy {self.root_accuracy:.3f} (n={self.root_support})  "
            f"dyad accuracy {self.dyad_accuracy:.3f} (n={self.dyad_support})",
            f"  sentences with an event: precision {self.sentence_precision:.3f}  recall "
            f"{self.sentence_recall:.3f}  F1 {self.sentence_f1:.3f} "
            f"(gold {self.sentence_counts[0]}, predicted {self.sentence_counts[1]})",
        ]
        groups = self.group_scores()
        if len(groups) > 1:
            lines.append("  by id prefix: " + "; ".join(
                f"{name} P {g['precision']:.3f} R {g['recall']:.3f} F1 {g['f1']:.3f} "
                f"(n={int(g['expected'])})" for name, g in groups.items()))
        lines += ["", "  confusion by root (rows: gold, columns: predicted; '--' = none)"]
        roots = sorted({r for c in self.confusion.values() for r in c} | set(self.confusion))
        if roots:
            lines.append("        " + " ".join(f"{r:>3}" for r in roots))
            for gold_root in roots:
                row = self.confusion.get(gold_root, Counter())
                cells = " ".join(f"{row.get(r, 0) or '.':>3}" for r in roots)
                lines.append(f"    {gold_root:>3} {cells}")
        if self.failures and max_failures:
            lines += ["", f"  failures ({len(self.failures)} sentences; first {max_failures}):"]
            for failure in self.failures[:max_failures]:
                lines.append(f"  - {failure.id}: {failure.text[:110]}")
                for t in failure.missing:
                    lines.append(f"      missing  {t}")
                for t in failure.spurious:
                    lines.append(f"      spurious {t}")
        return "\n".join(lines)


@functools.cache
def _sectors() -> frozenset[str]:
    """The agent sectors (agents.tsv): a code that starts with one names no country."""
    return frozenset(row["sector"] for _, row in read_package_tsv(
        "agents.tsv", ("form", "sector", "plover", "person", "country")))


def countryless(code: str) -> bool:
    """A sector with no country ("COP", "---COP", "REBMIL")."""
    return normalize_actor(code)[:3] in _sectors()


def _in_scope(event: Event, *, one_sided: bool) -> bool:
    if event.modality not in _SCORED:
        return False
    if one_sided:
        return True
    return bool(event.target) and not any(countryless(c) for c in (*event.source, *event.target))


def _triples(events: Iterable[Event], *, one_sided: bool = True) -> list[Triple]:
    out: list[Triple] = []
    for e in events:
        if not _in_scope(e, one_sided=one_sided):
            continue
        for s in e.source:
            for t in e.target or (NO_TARGET,):
                triple = Triple(normalize_actor(s), normalize_actor(t), e.code)
                if triple not in out:
                    out.append(triple)
    return out


def _match(gold: Sequence[Triple], pred: Sequence[Triple], same: Any) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, predicted index) under `same`."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and same(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def _dyad(g: Triple, p: Triple) -> bool:
    return actors_agree(g.source, p.source) and actors_agree(g.target, p.target)


def codes_one_sided(gold: Sequence[GoldSentence]) -> bool:
    """Does this gold file code one-sided events or country-less agents (any `---` target or
    sector-only code)?"""
    return any(t.target == NO_TARGET or countryless(t.source) or countryless(t.target)
               for s in gold for t in s.expected)


def score_sentences(gold: Sequence[GoldSentence], predictions: Sequence[Sequence[Event]],
                    *, path: str = "", one_sided: bool | None = None) -> EventReport:
    """Score predicted events (one sequence per gold sentence, same order). `one_sided`: score
    predictions with no target (default: when the gold file codes any)."""
    if one_sided is None:
        one_sided = codes_one_sided(gold)
    counts = _Counts()
    confusion: dict[str, Counter[str]] = {}
    failures: list[Failure] = []
    groups: dict[str, list[int]] = {}
    lines: list[LineResult] = []
    for sentence, events in zip(gold, predictions, strict=True):
        pred = _triples(events, one_sided=one_sided)
        exp = list(sentence.expected)
        counts.predicted += len(pred)
        counts.expected += len(exp)
        counts.sent_expected += bool(exp)
        counts.sent_predicted += bool(pred)
        counts.sent_tp += bool(exp) and bool(pred)
        exact = _match(exp, pred, lambda g, p: _dyad(g, p) and g.code == p.code)
        counts.tp += len(exact)
        lines.append(LineResult(sentence.id, len(exp), len(pred), len(exact)))
        group = groups.setdefault(sentence.id.split("-")[0], [0, 0, 0])
        group[0] += len(exp)
        group[1] += len(pred)
        group[2] += len(exact)
        # root accuracy over dyads found
        dyads = _match(exp, pred, lambda g, p: _dyad(g, p) and g.root == p.root) or []
        dyad_pairs = dict(dyads)
        for gi, g in enumerate(exp):
            if gi in dyad_pairs:
                continue
            alt = next((p for p in pred if _dyad(g, p)), None)
            if alt is not None:
                dyad_pairs[gi] = pred.index(alt)
        counts.dyad_found += len(dyad_pairs)
        counts.root_right += sum(1 for gi, pi in dyad_pairs.items()
                                 if exp[gi].root == pred[pi].root)
        # dyad accuracy over roots found
        roots = _match(exp, pred, lambda g, p: g.root == p.root and _country(g.source) ==
                       _country(p.source) and _country(g.target) == _country(p.target))
        root_pairs = dict(roots)
        for gi, g in enumerate(exp):
            if gi in root_pairs:
                continue
            alt = next((p for p in pred if p.root == g.root), None)
            if alt is not None:
                root_pairs[gi] = pred.index(alt)
        counts.root_found += len(root_pairs)
        counts.dyad_right += sum(
            1 for gi, pi in root_pairs.items()
            if _country(exp[gi].source) == _country(pred[pi].source)
            and _country(exp[gi].target) == _country(pred[pi].target))
        # confusion by root, over dyads (gold root -> predicted root, '--' when none)
        for gi, g in enumerate(exp):
            pi_opt = dyad_pairs.get(gi)
            got = pred[pi_opt].root if pi_opt is not None else "--"
            confusion.setdefault(g.root, Counter())[got] += 1
        matched_pred = set(dyad_pairs.values())
        for pi, p in enumerate(pred):
            if pi not in matched_pred:
                confusion.setdefault("--", Counter())[p.root] += 1
        hit_gold = {gi for gi, _ in exact}
        hit_pred = {pi for _, pi in exact}
        missing = tuple(g for gi, g in enumerate(exp) if gi not in hit_gold)
        spurious = tuple(p for pi, p in enumerate(pred) if pi not in hit_pred)
        if missing or spurious:
            failures.append(Failure(sentence.id, sentence.text, missing, spurious))
    return EventReport(
        path=path,
        sentences=len(gold),
        expected=counts.expected,
        predicted=counts.predicted,
        matched=counts.tp,
        root_accuracy=counts.root_right / counts.dyad_found if counts.dyad_found else 0.0,
        root_support=counts.dyad_found,
        dyad_accuracy=counts.dyad_right / counts.root_found if counts.root_found else 0.0,
        dyad_support=counts.root_found,
        confusion=confusion,
        failures=tuple(failures),
        groups={k: (v[0], v[1], v[2]) for k, v in groups.items()},
        sentence_counts=(counts.sent_expected, counts.sent_predicted, counts.sent_tp),
        lines=tuple(lines),
        one_sided=one_sided,
    )


def evaluate_events(path: Path | str, *, analyzer: Analyzer) -> EventReport:
    """Analyze every gold sentence (with its date) and score the events."""
    path = Path(path)
    gold = read_gold(path)
    results = analyzer.pipe((g.text, g.date) for g in gold)
    predictions = [r.events for r in results]
    return score_sentences(gold, predictions, path=str(path))


@dataclass(frozen=True, slots=True)
class RecordedLine:
    """One row of a saved per-line record."""

    id: str
    passed: bool
    note: str = ""


def write_record(report: EventReport, path: Path | str, *,
                 notes: dict[str, str] | None = None) -> None:
    """Save the per-line results as a TSV (`id status expected predicted matched note`);
    `notes` keeps acknowledgements of lines that stopped passing."""
    notes = notes or {}
    rows = ["\t".join(_RECORD_COLUMNS)]
    for line in report.lines:
        status = "pass" if line.passed else "fail"
        rows.append("\t".join((line.id, status, str(line.expected), str(line.predicted),
                               str(line.matched), notes.get(line.id, ""))))
    Path(path).write_text("# per-line results of `multipolar eval` on the gold file; a line "
                          "that passed and fails now must be acknowledged in `note`\n"
                          + "\n".join(rows) + "\n", encoding="utf-8")


def read_record(path: Path | str) -> dict[str, RecordedLine]:
    """Read a record written by `write_record`; errors name the line."""
    out: dict[str, RecordedLine] = {}
    text = Path(path).read_text(encoding="utf-8")
    header_seen = False
    for line_no, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if not header_seen:
            if tuple(cells[:len(_RECORD_COLUMNS)]) != _RECORD_COLUMNS:
                raise InputError(f"{path}:{line_no}: header must be "
                                 f"{chr(9).join(_RECORD_COLUMNS)!r}")
            header_seen = True
            continue
        if len(cells) < 2 or cells[1] not in ("pass", "fail"):
            raise InputError(f"{path}:{line_no}: status must be 'pass' or 'fail'")
        note = cells[5] if len(cells) > 5 else ""
        out[cells[0]] = RecordedLine(cells[0], cells[1] == "pass", note)
    return out


def regressions(report: EventReport, record: dict[str, RecordedLine]) -> list[str]:
    """Ids of lines recorded as passing that fail now, unless their note acknowledges it."""
    return [line.id for line in report.lines
            if not line.passed and (rec := record.get(line.id)) is not None
            and rec.passed and not rec.note]
