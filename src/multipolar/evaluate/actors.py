"""Score actor resolution against a hand-coded gold file.

Each line of the gold file is a JSON object::

    {"id": "…", "text": "…", "date": "YYYY-MM-DD" | null,
     "mentions": [{"text": "Chinese President Xi Jinping", "code": "CHNGOV"}, …]}

Mentions are listed in the order they occur; each is found (as whole words) after the end of
the previous one, or at `"start"` when given. Two mentions in a row with the same text and
different codes are the members of one compound span ("China and Russia" -> CHN, RUS).
`"code": null` marks a phrase that must NOT be a resolved actor (a place used as a location,
"arrived in Moscow"). A code with no country is its sector alone ("COP"; "---COP" is read the
same way). `"agent": true` marks a common-noun agent below the state ("police", "protesters"):
the report also gives the share of those coded at all and coded exactly.

A gold mention is matched to a system actor whose span overlaps it and that no earlier gold
mention took, preferring one with the same code. Scores: exact code, country part (first three
letters, or the whole code for IGO/NGO/IMG organisations) and sector part (the rest).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from multipolar.errors import InputError
from multipolar.evaluate.gold import gold_lines
from multipolar.lexicon.actors import ORGANISATION_TYPES, actor_lexicon, state_codes
from multipolar.model import Actor
from multipolar.pipeline.actors import ActorStage, actor_at

if TYPE_CHECKING:
    from multipolar.analyzer import Analyzer

__all__ = ["ActorFailure", "ActorReport", "GoldMention", "evaluate_actors", "read_gold"]


@dataclass(frozen=True, slots=True)
class GoldMention:
    doc_id: str
    text: str
    code: str | None
    start: int
    end: int
    agent: bool = False  # a common-noun agent below the state ("police", "protesters")


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    text: str
    date: dt.date | None
    mentions: tuple[GoldMention, ...]


@dataclass(frozen=True, slots=True)
class ActorFailure:
    """A gold mention the system did not code exactly."""

    doc_id: str
    text: str
    start: int
    gold: str | None
    predicted: str | None
    resolution: str | None
    entry: str | None


@dataclass(frozen=True, slots=True)
class ActorReport:
    """Accuracy of actor codes on a gold file."""

    documents: int
    mentions: int  # gold mentions with a code
    exact: int
    country: int
    sector: int
    found: int  # gold mentions with an overlapping resolved system actor
    negatives: int  # gold phrases that must not be actors
    negatives_correct: int
    by_resolution: dict[str, int] = field(default_factory=dict)  # exact hits per resolution
    failures: tuple[ActorFailure, ...] = ()
    agents: int = 0  # gold mentions marked `"agent": true` with a code
    agents_coded: int = 0  # … that overlap a system actor with any code
    agents_exact: int = 0  # … coded exactly

    def agent_rate(self, value: int) -> float:
        return value / self.agents if self.agents else 0.0

    def rate(self, value: int) -> float:
        return value / self.mentions if self.mentions else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "mentions": self.mentions,
            "exact": self.exact,
            "country": self.country,
            "sector": self.sector,
            "found": self.found,
            "accuracy": {
                "exact": round(self.rate(self.exact), 4),
                "country": round(self.rate(self.country), 4),
                "sector": round(self.rate(self.sector), 4),
                "found": round(self.rate(self.found), 4),
            },
            "agents": {
                "mentions": self.agents,
                "coded": self.agents_coded,
                "exact": self.agents_exact,
                "coded_rate": round(self.agent_rate(self.agents_coded), 4),
                "exact_rate": round(self.agent_rate(self.agents_exact), 4),
            },
            "negatives": self.negatives,
            "negatives_correct": self.negatives_correct,
            "by_resolution": dict(self.by_resolution),
            "failures": [asdict(f) for f in self.failures],
        }

    def render(self, *, max_failures: int = 50) -> str:
        lines = [
            f"actors: {self.mentions} gold mentions in {self.documents} documents",
            f"  exact code    {self.rate(self.exact):6.1%}  ({self.exact}/{self.mentions})",
            f"  country part  {self.rate(self.country):6.1%}  ({self.country}/{self.mentions})",
            f"  sector part   {self.rate(self.sector):6.1%}  ({self.sector}/{self.mentions})",
            f"  found         {self.rate(self.found):6.1%}  ({self.found}/{self.mentions})",
        ]
        if self.agents:
            lines.append(f"  agents coded  {self.agent_rate(self.agents_coded):6.1%}  "
                         f"({self.agents_coded}/{self.agents} agent mentions with any code)")
            lines.append(f"  agents exact  {self.agent_rate(self.agents_exact):6.1%}  "
                         f"({self.agents_exact}/{self.agents})")
        if self.negatives:
            lines.append(f"  not actors    {self.negatives_correct}/{self.negatives} correctly "
                         "left out")
        if self.by_resolution:
            parts = ", ".join(f"{k} {v}" for k, v in sorted(self.by_resolution.items()))
            lines.append(f"  exact hits by resolution: {parts}")
        if self.failures and max_failures:
            lines.append(f"failures ({len(self.failures)}):")
            for f in self.failures[:max_failures]:
                how = f" [{f.resolution}: {f.entry}]" if f.resolution else ""
                lines.append(f"  {f.doc_id} @{f.start} {f.text!r}: gold {f.gold or '-'}, "
                             f"got {f.predicted or '-'}{how}")
            if len(self.failures) > max_failures:
                lines.append(f"  … {len(self.failures) - max_failures} more")
        return "\n".join(lines)


def _sector_only(code: str) -> bool:
    """A code that is a sector alone ("COP", "MIL"): a sector of the role lexicon that names
    no state or region."""

    return len(code) == 3 and code not in state_codes() and code in {
        e.sector for e in actor_lexicon().entries.values() if e.sector}


def _country_part(code: str | None) -> str | None:
    if code is None:
        return None
    if _sector_only(code):
        return "---"
    return code if code.startswith(ORGANISATION_TYPES) else code[:3]


def _sector_part(code: str | None) -> str | None:
    if code is None:
        return None
    if _sector_only(code):
        return code
    return "" if code.startswith(ORGANISATION_TYPES) else code[3:]


def read_gold(path: Path) -> list[GoldDocument]:
    """Read and check a gold file; errors name the line."""
    documents = []
    for where, record in gold_lines(path):
        number = int(where.rsplit(":", 1)[1])
        try:
            documents.append(_gold_document(record, number))
        except (KeyError, TypeError, ValueError) as error:
            raise InputError(f"{where}: {error}") from None
    return documents


def _gold_document(record: dict[str, Any], number: int) -> GoldDocument:
    text = record["text"]
    doc_id = str(record.get("id") or f"line-{number}")
    date = dt.date.fromisoformat(record["date"][:10]) if record.get("date") else None
    mentions: list[GoldMention] = []
    cursor = 0
    for item in record["mentions"]:
        mention_text = item["text"]
        code = item.get("code") or None
        if code is not None:
            code = code.removeprefix("---") or None  # "---COP": a sector with no country
        previous = mentions[-1] if mentions else None
        if "start" in item:
            start = int(item["start"])
            if text[start:start + len(mention_text)] != mention_text:
                raise ValueError(f"mention {mention_text!r} is not at {start}")
        elif previous is not None and previous.text == mention_text and previous.code != code:
            start = previous.start  # another member of the same compound span
        else:
            start = _find_word(text, mention_text, cursor)
            if start < 0:
                raise ValueError(f"mention {mention_text!r} not found after offset {cursor}")
        mentions.append(GoldMention(doc_id, mention_text, code, start,
                                    start + len(mention_text), agent=bool(item.get("agent"))))
        cursor = start + len(mention_text)
    return GoldDocument(doc_id, text, date, tuple(mentions))


def _find_word(text: str, phrase: str, cursor: int) -> int:
    """The first occurrence of `phrase` at or after `cursor` that is not inside a word."""
    start = text.find(phrase, cursor)
    while start >= 0:
        end = start + len(phrase)
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return start
        start = text.find(phrase, start + 1)
    return -1


def _score_document(gold: GoldDocument, actors: Sequence[Actor], counts: Counter[str],
                    failures: list[ActorFailure], by_resolution: Counter[str]) -> None:
    used: set[int] = set()
    index = {id(a): i for i, a in enumerate(actors)}
    for mention in gold.mentions:
        overlapping = [a for a in actor_at(actors, mention.start, mention.end)
                       if a.agent_code is not None]
        if mention.code is None:
            counts["negatives"] += 1
            if overlapping:
                wrong = overlapping[0]
                failures.append(ActorFailure(gold.id, mention.text, mention.start, None,
                                             wrong.agent_code, wrong.resolution.value,
                                             wrong.entry))
            else:
                counts["negatives_correct"] += 1
            continue
        counts["mentions"] += 1
        free = [a for a in overlapping if index[id(a)] not in used]
        same = [a for a in free if a.agent_code == mention.code]
        best = same[0] if same else (free[0] if free else None)
        if mention.agent:
            counts["agents"] += 1
            counts["agents_coded"] += best is not None
            counts["agents_exact"] += best is not None and best.agent_code == mention.code
        if best is None:
            failures.append(ActorFailure(gold.id, mention.text, mention.start, mention.code,
                                         None, None, None))
            continue
        used.add(index[id(best)])
        counts["found"] += 1
        if best.agent_code == mention.code:
            counts["exact"] += 1
            by_resolution[best.resolution.value] += 1
        else:
            failures.append(ActorFailure(gold.id, mention.text, mention.start, mention.code,
                                         best.agent_code, best.resolution.value, best.entry))
        if _country_part(best.agent_code) == _country_part(mention.code):
            counts["country"] += 1
        if _sector_part(best.agent_code) == _sector_part(mention.code):
            counts["sector"] += 1


def evaluate_actors(path: Path | str, *, analyzer: Analyzer) -> ActorReport:
    """Run actor resolution (the analyzer's model and settings) over a gold file and score it.

    Only the spaCy parse and the ActorStage run: the other stages do not change actors.
    """
    documents = read_gold(Path(path))
    stage = ActorStage(analyzer.settings)
    counts: Counter[str] = Counter()
    by_resolution: Counter[str] = Counter()
    failures: list[ActorFailure] = []
    docs = analyzer.nlp.pipe((d.text for d in documents), batch_size=analyzer.settings.batch_size)
    for gold, doc in zip(documents, docs, strict=True):
        actors = stage.resolve(doc, published=gold.date)
        _score_document(gold, actors, counts, failures, by_resolution)
    return ActorReport(
        documents=len(documents), mentions=counts["mentions"], exact=counts["exact"],
        country=counts["country"], sector=counts["sector"], found=counts["found"],
        negatives=counts["negatives"], negatives_correct=counts["negatives_correct"],
        by_resolution=dict(by_resolution), failures=tuple(failures),
        agents=counts["agents"], agents_coded=counts["agents_coded"],
        agents_exact=counts["agents_exact"],
    )
