"""Score amounts and quotations against hand-coded gold files (`multipolar eval facts`).

A gold file is JSON Lines; each line is one text with the facts a careful reader finds in it:

    {"id": "...", "text": "...", "date": "YYYY-MM-DD" | null,
     "amounts": [{"text", "value", "unit", "measure"}, ...],            (optional)
     "quotations": [{"text", "speaker", "speaker_code", "kind"}, ...]}  (optional)

A line may carry `amounts`, `quotations` or both; a fact type is only scored on the lines that
carry it (an empty list means "there are none here", so every prediction there is spurious).
Gold facts name their words (`text`, an exact substring of the line's text); an optional `start`
picks one occurrence when the words appear more than once.

Matching, one to one, per document and fact type:

- amounts: a predicted amount whose span overlaps the gold words, with the same value (relative
  tolerance 1e-6; both null also match) and the same unit (case-insensitive);
- quotations: a predicted quotation whose span overlaps the gold words, with the same speaker.
  Speakers match when both are null or when one name's words appear, in order, in the other's
  ("Putin" ~ "Vladimir Putin"; a leading "the"/"a" is ignored).

Each type also gets a span-only score (overlap alone), and the matched pairs are checked for the
secondary fields: the measure of amounts, the kind and the speaker code of quotations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from multipolar.errors import InputError
from multipolar.evaluate.gold import Score, gold_lines
from multipolar.model import Amount, AnalysisResult, Quotation

if TYPE_CHECKING:
    from multipolar.analyzer import Analyzer

__all__ = ["FactsReport", "GoldFact", "GoldText", "Score", "evaluate_facts", "load_gold",
           "score_results"]

FACT_TYPES = ("amounts", "quotations")
_ARTICLES = frozenset({"the", "a", "an"})


@dataclass(frozen=True, slots=True)
class GoldFact:
    """One hand-coded fact: its words (located in the text) and its fields."""

    text: str
    start: int
    end: int
    fields: dict[str, Any]


@dataclass(frozen=True, slots=True)
class GoldText:
    id: str
    text: str
    date: str | None
    facts: dict[str, tuple[GoldFact, ...]]  # fact type → facts; only the types the line carries
    source: str  # "path:line"


@dataclass(frozen=True, slots=True)
class Agreement:
    """How often a secondary field agrees on matched pairs where the gold gives it."""

    agree: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.agree / self.total if self.total else 0.0

    def __add__(self, other: Agreement) -> Agreement:
        return Agreement(self.agree + other.agree, self.total + other.total)

    def to_dict(self) -> dict[str, Any]:
        return {"agree": self.agree, "total": self.total, "rate": round(self.rate, 4)}


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A gold fact missed or wrongly valued, or a spurious prediction (for auditing)."""

    doc_id: str
    fact_type: str
    kind: str  # missed | spurious | wrong
    gold: dict[str, Any] | None
    predicted: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.doc_id, "type": self.fact_type, "kind": self.kind,
                "gold": self.gold, "predicted": self.predicted}


@dataclass(frozen=True, slots=True)
class FactsReport:
    files: tuple[str, ...]
    documents: int
    strict: dict[str, Score]
    span: dict[str, Score]
    fields: dict[str, dict[str, Agreement]]
    mismatches: tuple[Mismatch, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": list(self.files),
            "documents": self.documents,
            "facts": {
                name: {
                    "strict": self.strict[name].to_dict(),
                    "span": self.span[name].to_dict(),
                    "fields": {k: v.to_dict() for k, v in self.fields.get(name, {}).items()},
                }
                for name in self.strict
            },
            "mismatches": [m.to_dict() for m in self.mismatches],
        }

    def render(self, *, max_mismatches: int = 20) -> str:
        lines = [f"facts: {self.documents} gold texts from {', '.join(self.files)}",
                 f"{'type':<12}{'match':<8}{'tp':>5}{'fp':>5}{'fn':>5}"
                 f"{'precision':>11}{'recall':>8}{'F1':>7}"]
        for name in self.strict:
            for label, score in (("strict", self.strict[name]), ("span", self.span[name])):
                lines.append(f"{name:<12}{label:<8}{score.tp:>5}{score.fp:>5}{score.fn:>5}"
                             f"{score.precision:>11.3f}{score.recall:>8.3f}{score.f1:>7.3f}")
            for key, agreement in self.fields.get(name, {}).items():
                lines.append(f"{'':<12}{key} agrees on {agreement.agree}/{agreement.total} "
                             f"span-matched facts ({agreement.rate:.3f})")
        if self.mismatches and max_mismatches > 0:
            lines.append(f"first {min(max_mismatches, len(self.mismatches))} of "
                         f"{len(self.mismatches)} mismatches:")
            for m in self.mismatches[:max_mismatches]:
                what = m.gold if m.gold is not None else m.predicted
                extra = f" predicted {m.predicted}" if m.kind == "wrong" else ""
                lines.append(f"  {m.doc_id} {m.fact_type} {m.kind}: {what}{extra}")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Reading gold files


def load_gold(paths: Iterable[Path | str]) -> list[GoldText]:
    """Read and check gold files; errors name the file and line."""
    texts: list[GoldText] = []
    for path in map(Path, paths):
        texts.extend(_gold_line(row, where) for where, row in gold_lines(path))
    if not texts:
        raise InputError("the gold files hold no lines; each line is a JSON object with "
                         "'id', 'text' and 'amounts' and/or 'quotations'")
    return texts


def _gold_line(row: dict[str, Any], where: str) -> GoldText:
    if "id" not in row:
        raise InputError(f"{where}: a gold line needs 'id' and 'text' (a string)")
    present = [name for name in FACT_TYPES if name in row]
    if not present:
        raise InputError(f"{where}: a gold line needs 'amounts' or 'quotations' (lists)")
    text = row["text"]
    facts: dict[str, tuple[GoldFact, ...]] = {}
    for name in present:
        items = row[name]
        if not isinstance(items, list):
            raise InputError(f"{where}: {name!r} must be a list")
        facts[name] = tuple(_gold_fact(text, item, where, name) for item in items)
    date = row.get("date")
    return GoldText(str(row["id"]), text, str(date) if date else None, facts, where)


def _gold_fact(text: str, item: object, where: str, name: str) -> GoldFact:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"]:
        raise InputError(f"{where}: each of {name!r} needs a non-empty 'text'")
    words = item["text"]
    start = item.get("start")
    if start is None:
        start = text.find(words)
    if not isinstance(start, int) or start < 0 or text[start:start + len(words)] != words:
        raise InputError(f"{where}: {name} text {words!r} is not in the line's text "
                         "(copy it exactly, or give its 'start' offset)")
    fields = {k: v for k, v in item.items() if k not in ("text", "start")}
    return GoldFact(words, start, start + len(words), fields)


# ---------------------------------------------------------------------------------------------
# Matching


def evaluate_facts(paths: Sequence[Path | str], *, analyzer: Analyzer) -> FactsReport:
    """Run `analyzer` on every gold text and score its amounts and quotations."""
    gold = load_gold(paths)
    results = list(analyzer.pipe((g.text, g.date) for g in gold))
    return score_results(gold, results, files=tuple(str(p) for p in paths))


def score_results(gold: Sequence[GoldText], results: Sequence[AnalysisResult], *,
                  files: tuple[str, ...] = ()) -> FactsReport:
    """Score analysis results against gold texts (same order)."""
    if len(gold) != len(results):
        raise ValueError(f"{len(gold)} gold texts but {len(results)} results")
    strict = {name: Score() for name in FACT_TYPES}
    span = {name: Score() for name in FACT_TYPES}
    fields: dict[str, dict[str, Agreement]] = {
        "amounts": {"measure": Agreement()},
        "quotations": {"kind": Agreement(), "speaker_code": Agreement()},
    }
    mismatches: list[Mismatch] = []
    used = set()
    for item, result in zip(gold, results, strict=True):
        for name, facts in item.facts.items():
            used.add(name)
            predicted: Sequence[Amount | Quotation] = getattr(result, name)
            same = _same_amount if name == "amounts" else _same_quotation
            outcome = _match(item.id, name, facts, predicted, same)
            strict[name] += outcome.strict
            span[name] += outcome.span
            for key in fields[name]:
                fields[name][key] += _agreement(outcome.pairs, key)
            mismatches.extend(outcome.mismatches)
    names = [n for n in FACT_TYPES if n in used]
    return FactsReport(
        files=files,
        documents=len(gold),
        strict={n: strict[n] for n in names},
        span={n: span[n] for n in names},
        fields={n: fields[n] for n in names},
        mismatches=tuple(mismatches),
    )


@dataclass(frozen=True, slots=True)
class _Outcome:
    strict: Score
    span: Score
    pairs: list[tuple[GoldFact, Amount | Quotation]]
    mismatches: list[Mismatch]


def _match(doc_id: str, name: str, facts: Sequence[GoldFact],
           predicted: Sequence[Amount | Quotation],
           same: Callable[[GoldFact, Any], bool]) -> _Outcome:
    def overlaps(g: GoldFact, p: Amount | Quotation) -> bool:
        return p.start < g.end and g.start < p.end

    # Strict: overlap and same values first; then overlap alone among what is left.
    strict_pairs = _greedy(facts, predicted, lambda g, p: overlaps(g, p) and same(g, p), {})
    span_pairs = _greedy(facts, predicted, overlaps, strict_pairs)
    mismatches: list[Mismatch] = []
    for i, g in enumerate(facts):
        if i in strict_pairs:
            continue
        k = span_pairs.get(i)
        mismatches.append(Mismatch(doc_id, name, "missed" if k is None else "wrong",
                                   _gold_dict(g), None if k is None else _pred_dict(predicted[k])))
    matched = set(span_pairs.values())
    mismatches.extend(Mismatch(doc_id, name, "spurious", None, _pred_dict(p))
                      for k, p in enumerate(predicted) if k not in matched)
    n_strict, n_span = len(strict_pairs), len(span_pairs)
    return _Outcome(
        strict=Score(n_strict, len(predicted) - n_strict, len(facts) - n_strict),
        span=Score(n_span, len(predicted) - n_span, len(facts) - n_span),
        pairs=[(facts[i], predicted[k]) for i, k in span_pairs.items()],
        mismatches=mismatches,
    )


def _greedy(facts: Sequence[GoldFact], predicted: Sequence[Any],
            accept: Callable[[GoldFact, Any], bool], fixed: dict[int, int]) -> dict[int, int]:
    """One-to-one pairs (gold index → predicted index) extending `fixed`: each free gold fact
    takes the first free acceptable prediction."""
    pairs = dict(fixed)
    taken = set(fixed.values())
    for i, g in enumerate(facts):
        if i in pairs:
            continue
        for k, p in enumerate(predicted):
            if k not in taken and accept(g, p):
                pairs[i] = k
                taken.add(k)
                break
    return pairs


def _same_amount(gold: GoldFact, predicted: Amount) -> bool:
    value, unit = gold.fields.get("value"), gold.fields.get("unit")
    if value is None or predicted.value is None:
        same_value = value is None and predicted.value is None
    else:
        same_value = math.isclose(float(value), predicted.value, rel_tol=1e-6)
    return same_value and str(unit or "").casefold() == str(predicted.unit or "").casefold()


def _same_quotation(gold: GoldFact, predicted: Quotation) -> bool:
    return same_speaker(gold.fields.get("speaker"), predicted.speaker)


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    """Both absent, or one name's words appear in order in the other's ("Putin" ~ "Vladimir
    Putin"); case, punctuation and a leading article are ignored."""
    a, b = _words(gold), _words(predicted)
    if not a or not b:
        return not a and not b
    short, long = sorted((a, b), key=len)
    n = len(short)
    return any(long[i:i + n] == short for i in range(len(long) - n + 1))


def _words(name: str | None) -> list[str]:
    words = re.findall(r"[^\W_]+", (name or "").casefold())
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return words


def _agreement(pairs: Iterable[tuple[GoldFact, Any]], key: str) -> Agreement:
    agree = total = 0
    for gold, predicted in pairs:
        expected = gold.fields.get(key)
        if expected is None:
            continue
        total += 1
        agree += int(str(getattr(predicted, key, None) or "").casefold()
                     == str(expected).casefold())
    return Agreement(agree, total)


def _gold_dict(fact: GoldFact) -> dict[str, Any]:
    return {"text": fact.text, "start": fact.start, **fact.fields}


def _pred_dict(fact: Amount | Quotation) -> dict[str, Any]:
    if isinstance(fact, Amount):
        return {"text": fact.text, "start": fact.start, "value": fact.value, "unit": fact.unit,
                "measure": fact.measure}
    return {"text": fact.text, "start": fact.start, "speaker": fact.speaker,
            "speaker_code": fact.speaker_code, "kind": fact.kind}
