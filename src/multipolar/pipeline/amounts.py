"""Amounts: money, percentages, counts and physical quantities, normalised, with what they
measure, the period they refer to and the actors they concern.

Candidates are spaCy MONEY/PERCENT/QUANTITY/CARDINAL spans plus what a regular expression
finds that spaCy misses ("€3.4bn", "12m euros", "38.8 bcm"). Our own normaliser reads each one
(`parse_amount`): qualifiers glued to the span ("a record", "nearly", "more than", "up to")
are kept as a qualifier and left out of the value; "bn/m/tn", number words, ranges, "per cent",
currencies (`currencies.tsv`), units (`units.tsv`) and rates ("per day", "a year"). What the
amount measures comes from the nearest trigger word in its sentence (`measures.tsv`); bare
numbers are kept only when they count something listed there ("2,000 troops"). The period is
the nearest year/month/quarter date of the sentence (from DateStage); the actors come from
ActorStage (tariffs "on Chinese goods" imposed by the U.S. → USA, CHN; "bilateral" → the
document's main dyad).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.attrs import DEP, LIKE_NUM
from spacy.tokens import Doc, Span, Token

from multipolar.config import Settings
from multipolar.errors import LexiconError
from multipolar.lexicon.tsv import read_package_tsv
from multipolar.model import Actor, Amount, DateMention, Place
from multipolar.pipeline.base import Parsed, Stage, doc_text
from multipolar.pipeline.dates import sentence_index, sentence_of

__all__ = ["AmountStage", "ParsedAmount", "main_dyad", "parse_amount"]

_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
_KINDS = frozenset({"money", "percent", "count", "quantity"})

_WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "dozen": 12, "half": 0.5,
}
_MULTIPLIERS = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "m": 1e6,
    "mn": 1e6, "mln": 1e6, "mil": 1e6, "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9,
    "bln": 1e9, "trillion": 1e12, "tn": 1e12, "tr": 1e12, "trn": 1e12,
    "thousands": 1e3, "hundreds": 1e2, "crore": 1e7, "lakh": 1e5,
}
# "tens of thousands", "hundreds of millions", "dozens": vague counts, value = the floor
_VAGUE = re.compile(r"^(?:many\s+)?(tens|hundreds|thousands|millions|billions|dozens|scores)"
                    r"(?:\s+of\s+(thousands|millions|billions))?(?:\s+of)?$")
_VAGUE_VALUE = {"tens": 10.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6,
                "billions": 1e9, "dozens": 12.0, "scores": 20.0}

# qualifier phrases glued before a number, longest first; value: the qualifier we report
_QUALIFIERS: tuple[tuple[str, str | None], ...] = (
    ("in excess of", "more_than"), ("upwards of", "more_than"), ("more than", "more_than"),
    ("greater than", "more_than"), ("higher than", "more_than"), ("just over", "more_than"),
    ("over", "more_than"), ("above", "more_than"), ("at least", "at_least"),
    ("no fewer than", "at_least"), ("no less than", "at_least"), ("as many as", "up_to"),
    ("as much as", "up_to"), ("up to", "up_to"), ("at most", "up_to"),
    ("less than", "less_than"), ("fewer than", "less_than"), ("just under", "less_than"),
    ("under", "less_than"), ("below", "less_than"), ("nearly", "approximately"),
    ("almost", "approximately"), ("close to", "approximately"), ("about", "approximately"),
    ("around", "approximately"), ("approximately", "approximately"), ("roughly", "approximately"),
    ("some", "approximately"), ("an estimated", "approximately"),
    ("estimated", "approximately"), ("approx.", "approximately"), ("circa", "approximately"),
    ("a record", "record"), ("record", "record"), ("a total of", None), ("total", None),
    ("an additional", None), ("additional", None), ("another", None), ("a further", None),
    ("further", None), ("only", None), ("just", None), ("the", None), ("a", None),
    ("an", None), ("its", None), ("their", None), ("his", None), ("her", None),
    ("all", None), ("roughly", "approximately"), ("between", "range"), ("from", None),
)
_RATES = (
    (re.compile(r"^\s*(?:per|a|an|each|every)\s+(?:day|daily)\b"), "per_day"),
    (re.compile(r"^\s*(?:per|a|an|each|every)\s+(?:year|annum)\b|^\s*annually\b|^\s*per\s+yr\b"),
     "per_year"),
    (re.compile(r"^\s*(?:per|a|an|each|every)\s+month\b|^\s*monthly\b"), "per_month"),
    (re.compile(r"^\s*(?:per|a|an|each|every)\s+week\b|^\s*weekly\b"), "per_week"),
)
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")
_NUM_SUFFIX = re.compile(r"^(\d+(?:,\d{3})*(?:\.\d+)?)(k|m|mn|bn|b|tn|trn)$")
_PERCENT = re.compile(r"^(?:%|per\s*cent|percent|pct)")
_POINTS = re.compile(r"^(?:percentage|%)\s+points?\b")
_RANGE_SEP = re.compile(r"^\s*(?:-|to|and|or)\s*")

# money/percent/quantity the spaCy model misses: "€3.4bn", "12m euros", "38.8 bcm", "$5m"
_MISSED = re.compile(
    r"(?:(?:US|NT|HK|A|C)?[$€£¥₹₽])\s?\d[\d,.]*(?:\s?(?:bn|m|mn|tn|k|billion|million|trillion)"
    r"\b)?|\b\d[\d,.]*\s?(?:bn|m|mn|tn|k)?\s?(?:billion|million|trillion)?\s?"
    r"(?:euros?|dollars|pounds|yuan|roubles|rubles|rupees|bcm|bpd|barrels|tonnes|per cent|"
    r"percent|%)(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ParsedAmount:
    """What the normaliser reads in an amount's words."""

    value: float
    unit: str
    kind: str  # money, percent, count, quantity
    qualifier: str | None = None
    value_max: float | None = None  # upper bound of a range
    measure: str | None = None  # implied by the unit ("bcm" → gas_volume)
    consumed: int = 0  # characters of the text read (trailing words are not part of it)


@dataclass(frozen=True, slots=True)
class _Measure:
    name: str
    kinds: frozenset[str]
    counted: bool
    words: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    rank: int


@dataclass(frozen=True, slots=True)
class _Unit:
    unit: str
    factor: float
    measure: str | None


def _currencies(directories: tuple[Path, ...]) -> dict[str, str]:
    table: dict[str, str] = {}
    for line_no, row in read_package_tsv("currencies.tsv", ("form", "code"), directories):
        code = row["code"]
        if not (len(code) == 3 and code.isalpha() and code.isupper()):
            raise LexiconError("currencies.tsv", line_no, f"{code!r} is not an ISO 4217 code")
        table[row["form"].lower()] = code
    return table


def _units(directories: tuple[Path, ...]) -> dict[str, _Unit]:
    table: dict[str, _Unit] = {}
    for line_no, row in read_package_tsv("units.tsv", ("form", "unit", "factor", "measure"),
                                         directories):
        try:
            factor = float(row["factor"])
        except ValueError:
            raise LexiconError("units.tsv", line_no, f"factor {row['factor']!r} is not a number"
                               ) from None
        table[row["form"].lower()] = _Unit(row["unit"], factor, row["measure"] or None)
    return table


def _measures(directories: tuple[Path, ...]) -> tuple[_Measure, ...]:
    measures: list[_Measure] = []
    for line_no, row in read_package_tsv("measures.tsv",
                                         ("measure", "kinds", "counted", "triggers"),
                                         directories):
        kinds = frozenset(k.strip() for k in row["kinds"].split("|") if k.strip())
        if not kinds or not kinds <= _KINDS:
            raise LexiconError("measures.tsv", line_no,
                               f"kinds {row['kinds']!r} must be among {sorted(_KINDS)}")
        if row["counted"] not in {"", "yes"}:
            raise LexiconError("measures.tsv", line_no, "counted must be 'yes' or empty")
        triggers = [t.strip().lower() for t in row["triggers"].split("|") if t.strip()]
        if not triggers:
            raise LexiconError("measures.tsv", line_no, "no trigger words")
        singles = [t for t in triggers if " " not in t]
        # plural triggers also match their singular ("civilians" → "civilian")
        words = frozenset(singles + [t[:-1] for t in singles if t.endswith("s") and len(t) > 3])
        phrases = tuple(tuple(t.split()) for t in triggers if " " in t)
        measures.append(_Measure(row["measure"], kinds, row["counted"] == "yes", words, phrases,
                                 len(measures)))
    return tuple(measures)


@dataclass(frozen=True, slots=True)
class AmountTables:
    """What the amount stage reads from currencies.tsv, units.tsv and measures.tsv, with the
    forms derived from them, built once per set of `multipolar:DIR` directories."""

    currencies: dict[str, str]
    units: dict[str, _Unit]
    measures: tuple[_Measure, ...]
    currency_forms: tuple[str, ...]  # longest first
    unit_forms: tuple[str, ...]  # longest first
    unit_heads: frozenset[str]  # last words of unit forms: the noun a number modifies
    counted_nouns: frozenset[str]
    # the words a measure's trigger can start with (its words and its phrases' first words):
    # `_measure` passes over the other tokens
    measure_cues: frozenset[str]


@functools.lru_cache(maxsize=4)
def amount_tables(directories: tuple[Path, ...] = ()) -> AmountTables:
    """The tables of the bundled data files, or of their replacements in `directories`."""
    currencies, units, measures = (_currencies(directories), _units(directories),
                                   _measures(directories))
    return AmountTables(
        currencies=currencies, units=units, measures=measures,
        currency_forms=tuple(sorted(currencies, key=len, reverse=True)),
        unit_forms=tuple(sorted(units, key=len, reverse=True)),
        unit_heads=frozenset(f.split()[-1] for f in units),
        counted_nouns=frozenset(w for m in measures if m.counted for w in m.words),
        measure_cues=frozenset(w for m in measures
                               for w in (*m.words, *(p[0] for p in m.phrases))),
    )


# --------------------------------------------------------------------------------------------
# the normaliser


def _clean(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(text.split()).lower()


def _take_qualifiers(s: str) -> tuple[str, str | None]:
    qualifier: str | None = None
    changed = True
    while changed:
        changed = False
        for phrase, name in _QUALIFIERS:
            if s.startswith(phrase + " ") or (phrase == "a record" and s.startswith("a record$")):
                s = s[len(phrase):].lstrip()
                if name is not None and qualifier is None:
                    qualifier = name
                changed = True
                break
    return s, qualifier


def _take_currency(s: str, tables: AmountTables) -> tuple[str, str | None]:
    for form in tables.currency_forms:
        if not s.startswith(form):
            continue
        rest = s[len(form):]
        if form[-1].isalpha() and rest[:1].isalpha():
            continue
        if form[-1].isalpha() and rest[:1].isalnum():
            continue
        return rest.lstrip(), tables.currencies[form]
    return s, None


def _take_number(s: str) -> tuple[str, float | None, str | None, float]:
    """(rest, value, vague qualifier, multiplier) for digits with a multiplier or words."""
    m = re.match(r"^(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)", s)
    if m:
        value = float(m.group(1).replace(",", ""))
        rest, factor = _take_multiplier(s[m.end():])
        return rest, value * factor, None, factor
    words = re.match(r"^([a-z]+(?:[- ][a-z]+)*)", s)
    if not words:
        return s, None, None, 1.0
    tokens = re.split(r"[\s-]+", words.group(1))
    for n in range(min(len(tokens), 5), 0, -1):  # vague: "tens of thousands"
        vm = _VAGUE.match(" ".join(tokens[:n]))
        if vm:
            value = _VAGUE_VALUE[vm.group(1)]
            if vm.group(2):
                value *= _VAGUE_VALUE[vm.group(2)]
            return _skip_words(s, n).lstrip(), value, "at_least", 1.0
    if len(tokens) >= 3 and tokens[0] == "half" and tokens[1] in {"a", "an"} and \
            tokens[2] in {"million", "billion", "trillion", "thousand", "dozen"}:
        mult = 12.0 if tokens[2] == "dozen" else _MULTIPLIERS[tokens[2]]
        return _skip_words(s, 3).lstrip(), 0.5 * mult, None, mult
    total = 0.0
    current = 0.0
    used = 0
    factor = 1.0
    for token in tokens:
        if token == "dozen" and used:  # "two dozen" = 2 × 12, "a dozen" = 12
            current = (current or 1) * 12
        elif token in _WORD_NUMBERS and not (token in {"a", "an"} and used):
            current += _WORD_NUMBERS[token]
        elif token == "and" and used:
            pass
        elif token == "hundred" and used:
            current = (current or 1) * 100
        elif token in {"thousand", "million", "billion", "trillion", "crore", "lakh"} and used:
            factor = _MULTIPLIERS[token]
            total += (current or 1) * factor
            current = 0.0
        else:
            break
        used += 1
    if not used or (used == 1 and tokens[0] in {"a", "an", "half"}):
        return s, None, None, 1.0
    return _skip_words(s, used).lstrip(), total + current, None, factor


def _skip_words(s: str, n: int) -> str:
    """`s` after its first `n` words (separated by spaces or hyphens)."""
    parts = re.split(r"([\s-]+)", s)
    return "".join(parts[2 * n:]) if len(parts) > 2 * n else ""


def _take_multiplier(rest: str) -> tuple[str, float]:
    m = re.match(r"^(\s?|-)(k|m|mn|mln|mil|bn|b|bln|tn|trn|tr|million|billion|trillion|thousand|"
                 r"hundred|crore|lakh)\b(?!\$)", rest)
    if m is None:
        return rest, 1.0
    word = m.group(2)
    if m.group(1) and word in {"m", "b", "k", "tr"}:
        return rest, 1.0  # "5 m" is five metres, "5 b" is nothing we read
    return rest[m.end():], _MULTIPLIERS[word]


def parse_amount(text: str, *, tables: AmountTables | None = None) -> ParsedAmount | None:
    """Read one amount expression; None when it is not one we can normalise. `tables`: the
    currencies and units to read it with (default: the bundled ones)."""
    tables = tables or amount_tables()
    s = _clean(text)
    if not s:
        return None
    s, qualifier = _take_qualifiers(s)
    s, currency = _take_currency(s, tables)
    s, value, vague, factor = _take_number(s)
    if value is None:  # "a kilogram", "an acre": one unit
        if not re.match(r"^(?:a|an)\s", _clean(text)) or \
                not any(s.startswith(f) for f in tables.unit_forms):
            return None
        value = 1.0
    qualifier = qualifier or vague
    value_max: float | None = None
    sep = _RANGE_SEP.match(s)
    if sep:
        after, currency2 = _take_currency(s[sep.end():], tables)
        after, high, _, high_factor = _take_number(after)
        if high is not None:
            if factor == 1.0 and high_factor != 1.0:  # "3-4 billion", "between 20 and 30m"
                value *= high_factor
            if high >= value:
                value_max = high
                qualifier = "range"
                currency = currency or currency2
                s = after
    s = s.lstrip()
    kind = "count"
    unit = "count"
    measure: str | None = None
    if _POINTS.match(s):
        kind, unit = "percent", "percentage_points"
        s = s[_POINTS.match(s).end():]  # type: ignore[union-attr]
    elif (pm := _PERCENT.match(s)) and (pm.group(0) == "%" or not s[pm.end():pm.end() + 1]
                                         .isalpha()):
        kind, unit = "percent", "percent"
        s = s[pm.end():]
    else:
        if currency is None:
            s2, currency = _take_currency(s, tables)
            if currency is not None:
                s = s2
        if currency is not None:
            kind, unit = "money", currency
        else:
            for form in tables.unit_forms:
                if s.startswith(form) and not s[len(form):len(form) + 1].isalpha():
                    u = tables.units[form]
                    kind, unit, measure = "quantity", u.unit, u.measure
                    value *= u.factor
                    if value_max is not None:
                        value_max *= u.factor
                    s = s[len(form):]
                    break
    for pattern, rate in _RATES:
        rm = pattern.match(s)
        if rm and kind in {"money", "quantity"} and not unit.endswith(rate):
            unit = f"{unit}_{rate}"
            s = s[rm.end():]
            break
    consumed = len(_clean(text)) - len(s.lstrip())
    return ParsedAmount(value=value, unit=unit, kind=kind, qualifier=qualifier,
                        value_max=value_max, measure=measure, consumed=consumed)


# --------------------------------------------------------------------------------------------
# the stage


class AmountStage(Stage):
    """Adds `result.amounts`."""

    name = "amounts"
    version = "1.0"

    def __init__(self, settings: Settings | None = None) -> None:
        self._directories = (settings.lexicon_directories("multipolar")
                             if settings is not None else ())

    def __call__(self, item: Parsed) -> Parsed:
        doc = item.doc
        result = item.result
        tables = amount_tables(self._directories)
        spans = _candidate_spans(doc, tables)
        if not spans:
            return item.with_result(amounts=())
        dyad = main_dyad(result.actors, result.places)
        amounts: list[Amount] = []
        for span in spans:
            amount = _amount(span, doc, result.actors, result.places, result.dates, dyad,
                             tables)
            if amount is not None:
                amounts.append(amount)
        return item.with_result(amounts=_share_measures(amounts, tables))


def _share_measures(amounts: list[Amount], tables: AmountTables) -> tuple[Amount, ...]:
    """An amount with no measure words of its own takes the measure of the nearest amount of
    its sentence that has one and applies to its kind: conversions ("$10bn (£7.6bn)"),
    comparisons ("NT$1.42 trillion, compared to the NT$1.3 trillion"), lists."""
    kinds_of = {m.name: m.kinds for m in tables.measures}
    shared: list[Amount] = []
    for amount in amounts:
        if amount.measure is None:
            kind = _kind_of_unit(amount.unit)
            donors = [a for a in amounts if a.sentence == amount.sentence and a.measure
                      and a is not amount and kind in kinds_of.get(a.measure, frozenset())]
            if donors:
                donor = min(donors, key=lambda a: abs(a.start - amount.start))
                amount = dataclasses.replace(amount, measure=donor.measure)
        shared.append(amount)
    return tuple(shared)


def _kind_of_unit(unit: str) -> str:
    if unit in {"percent", "percentage_points"}:
        return "percent"
    if unit == "count":
        return "count"
    base = unit.split("_per_")[0]
    return "money" if len(base) == 3 and base.isupper() else "quantity"


def _candidate_spans(doc: Doc, tables: AmountTables) -> list[Span]:
    """spaCy's spans, widened to the unit words that follow, plus the ones it misses."""
    spans: list[Span] = []
    taken: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in _LABELS:
            continue
        span = _widen(doc, ent, tables)
        spans.append(span)
        taken.update(range(span.start, span.end))
    for m in _MISSED.finditer(doc_text(doc)):
        missed = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if missed is None or any(i in taken for i in range(missed.start, missed.end)):
            continue
        spans.append(missed)
        taken.update(range(missed.start, missed.end))
    # numbers the NER left out: "over 900 people", "two crore tonnes" (the number-like
    # modifiers found from the document's arrays, without a Token object for every token)
    nummod = doc.vocab.strings["nummod"]
    numbers = [i for i, (like_num, dep) in enumerate(doc.to_array([LIKE_NUM, DEP]).tolist())
               if like_num and dep == nummod]
    for i in numbers:
        token = doc[i]
        if token.i in taken or not token.like_num or token.dep_ != "nummod":
            continue
        head = token.head
        unit = head.lower_ in tables.unit_heads
        if not (unit or _is_counted_word(head, tables)) or head.i < token.i:
            continue
        first = min([token.i, *(c.i for c in token.children if c.dep_ == "quantmod")])
        last = head.i if unit else token.i
        if any(i in taken for i in range(first, last + 1)):
            continue
        spans.append(doc[first:last + 1])
        taken.update(range(first, last + 1))
    spans.sort(key=lambda s: s.start)
    return _merge_ranges(doc, spans, tables)


_RANGE_WORDS = frozenset({"to", "-", "\u2013", "and", "or"})


def _merge_ranges(doc: Doc, spans: list[Span], tables: AmountTables) -> list[Span]:
    """Join "8,000 to 10,000", "$300-400bn", "between 20 and 30 percent" into one span."""
    merged: list[Span] = []
    for span in spans:
        if merged and span.start - merged[-1].end == 1:  # one word between the two
            last = merged[-1]
            words = [doc[last.end].lower_]
            before = doc[last.start - 1] if last.start > 0 else None
            change = before is not None and before.lower_ == "from" and not (
                last.start > 1 and doc[last.start - 2].lemma_.lower() in {"range", "vary"})
            if len(words) == 1 and words[0] in _RANGE_WORDS and not change and (
                    words[0] != "and" or (before is not None and before.lower_ == "between")):
                joined = doc.char_span(last.start_char, span.end_char, label=span.label_,
                                       alignment_mode="expand")
                if joined is not None and parse_amount(joined.text, tables=tables) is not None:
                    merged[-1] = joined
                    continue
        merged.append(span)
    return merged


_RANGE_TAIL = re.compile(r"^\s?[-\u2013]\s?[$€£]?\d[\d,.]*(?=\s?(?:k|m|mn|bn|tn|million|billion|"
                         r"trillion)\b)")
_AFTER_MULTIPLIER = re.compile(r"^\s?(?:k|m|mn|bn|tn|million|billion|trillion|crore|lakh)\b")


def _widen(doc: Doc, ent: Span, tables: AmountTables) -> Span:
    """Add what spaCy left out: a currency sign before ("€" + "3.4bn"), a multiplier, a
    currency or unit after ("12" + "m euros", "38.8" + "bcm"), a rate ("barrels" + "per day")."""
    start_char, end_char = ent.start_char, ent.end_char
    if ent.start > 0:
        before = doc[ent.start - 1]
        if before.lower_ in tables.currencies and not before.lower_.isalpha():
            start_char = before.idx
    after = doc_text(doc)[end_char:end_char + 40].lower()
    pos = 0
    if (rm := _RANGE_TAIL.match(after)) and ent.label_ in {"MONEY", "CARDINAL", "QUANTITY"}:
        pos = rm.end()  # "$300" + "-400bn"
    if (m := _AFTER_MULTIPLIER.match(after)) and ent.label_ != "PERCENT":
        pos = m.end()
    rest = after[pos:]
    for form in (*tables.currency_forms, *tables.unit_forms, "per cent", "percent", "%"):
        candidate = rest.lstrip() if form[0].isalpha() else rest
        if candidate.startswith(form) and not candidate[len(form):len(form) + 1].isalnum():
            pos += (len(rest) - len(candidate)) + len(form)
            break
    else:
        if pos and not ent.text[-1:].isdigit():
            pos = 0
    for pattern, _ in _RATES:
        if (pos or ent.label_ in {"MONEY", "QUANTITY"}) and (rm := pattern.match(after[pos:])):
            pos += rm.end()
            break
    if start_char == ent.start_char and pos == 0:
        return ent
    span = doc.char_span(start_char, end_char + pos, label=ent.label_, alignment_mode="expand")
    return span if span is not None else ent


def _amount(span: Span, doc: Doc, actors: Sequence[Actor], places: Sequence[Place],
            dates: Sequence[DateMention], dyad: tuple[str, ...],
            tables: AmountTables) -> Amount | None:
    parsed = parse_amount(span.text, tables=tables)
    if parsed is None:
        return None
    if parsed.kind == "count" and ((_counted_noun(span, tables) is None
                                    and not _counts_event(span, tables))
                                   or _known_group(span, parsed.value)):
        return None
    text_end = span.start_char + _consumed_chars(span.text, parsed.consumed)
    sentence = sentence_index(doc, span.start)
    sent = sentence_of(doc, span.start)
    measure = parsed.measure or _measure(span, sent, parsed.kind, tables)
    rate_unit = parsed.unit
    clause = _clause_tokens(span)
    period = _period(span, doc, clause, sentence, dates)
    concerned = _actors(span, sent, clause, measure, actors, places, dyad)
    return Amount(text=doc_text(doc)[span.start_char:max(text_end, span.start_char + 1)],
                  start=span.start_char, end=max(text_end, span.start_char + 1),
                  sentence=sentence, value=parsed.value, unit=rate_unit, measure=measure,
                  qualifier=parsed.qualifier, period=period, actors=concerned,
                  value_max=parsed.value_max)


def _consumed_chars(text: str, consumed: int) -> int:
    """Map a length in the cleaned text back to the raw text (whitespace may differ)."""
    cleaned = 0
    i = 0
    previous_space = False
    stripped = text.strip()
    offset = len(text) - len(text.lstrip())
    while i < len(stripped) and cleaned < consumed:
        ch = stripped[i]
        if ch.isspace():
            if not previous_space:
                cleaned += 1
            previous_space = True
        else:
            cleaned += 1
            previous_space = False
        i += 1
    return offset + i


def _counted_noun(span: Span, tables: AmountTables) -> Token | None:
    """The countable noun a bare number counts ("2,000 US troops", "180 people")."""
    nouns = tables.counted_nouns
    doc = span.doc
    for token in doc[span.end:min(span.end + 5, len(doc))]:
        if token.lower_ in nouns or token.lemma_.lower() in nouns:
            return token
        if token.ent_type_ == "NORP" and token.tag_ == "NNPS":  # "5.5 million Syrians"
            return token
        if token.pos_ not in {"ADJ", "PROPN", "NOUN", "NUM", "ADP", "DET"} and \
                token.lower_ not in {"of", "them", "whom", "including"}:
            break
    head = span.root.head
    if span.root.dep_ in {"nummod", "quantmod"} and \
            (head.lower_ in nouns or head.lemma_.lower() in nouns):
        return head
    return None


_DEFINITE = frozenset({"the", "their", "his", "her", "its", "our", "these", "those", "both",
                       "my", "your"})


def _known_group(span: Span, value: float) -> bool:
    """"the two men", "their three children": a known group, not a quantity."""
    first = span[0]
    before = span.doc[span.start - 1] if span.start > 0 else None
    definite = first.lower_ in _DEFINITE or (before is not None and before.lower_ in _DEFINITE)
    return definite and value < 10


def _counts_event(span: Span, tables: AmountTables) -> bool:
    """'killed 20', '1.7 million (were) displaced', 'the death toll rose to 35': the number is
    what a verb of a counted measure counts."""
    root = span.root
    head = root.head
    if root.dep_ not in {"dobj", "pobj", "nsubj", "nsubjpass", "attr", "conj", "appos"}:
        return False
    if _is_counted_word(head, tables):
        return True
    if head.dep_ == "prep" and head.head.lemma_.lower() in {"rise", "climb", "reach", "jump",
                                                            "bring", "increase", "take", "push"}:
        return any(t.lower_ in {"toll", "dead", "deaths", "casualties"}
                   for t in head.head.subtree)
    return False


def _is_counted_word(token: Token, tables: AmountTables) -> bool:
    words = tables.counted_nouns
    return token.lower_ in words or (token.pos_ != "VERB" and token.lemma_.lower() in words)


# who is counted ("people", "troops") gives way to what happened to them ("killed", "fled")
_GENERIC = frozenset({"people", "troops"})
_EVENTS = frozenset({"casualties", "refugees", "detainees", "protesters"})


def _measure(span: Span, sent: Span, kind: str, tables: AmountTables) -> str | None:
    """The measure whose trigger is nearest; a generic one ("people") gives way to a specific
    one close by ("180 people were killed" → casualties)."""
    tokens = list(sent)
    words = [t.lower_ for t in tokens]
    lemmas = [t.lemma_.lower() for t in tokens]
    cues = tables.measure_cues
    found: dict[str, tuple[int, int, int]] = {}
    for i, token in enumerate(tokens):
        if span.start <= token.i < span.end and kind != "count":
            continue
        word = words[i]
        if word not in cues and lemmas[i] not in cues:
            continue  # no measure's word or phrase starts here
        lemma = word if token.pos_ in {"VERB", "AUX"} else lemmas[i]
        for measure in tables.measures:
            if kind not in measure.kinds:
                continue
            length = 0
            for phrase in measure.phrases:
                n = len(phrase)
                if phrase[0] in (word, lemmas[i]) and (tuple(words[i:i + n]) == phrase
                                                       or tuple(lemmas[i:i + n]) == phrase):
                    length = n
                    break
            if not length and (word in measure.words or lemma in measure.words):
                length = 1
            if not length:
                continue
            key = (_distance(span, token.i, token.i + length), -length, measure.rank)
            if measure.name not in found or key < found[measure.name]:
                found[measure.name] = key
    ranked = sorted((key, name) for name, key in found.items() if key[0] <= 12)
    if not ranked:
        return None
    best = ranked[0][1]
    if best in _GENERIC:
        specific = [name for key, name in ranked if name in _EVENTS and key[0] <= 8]
        if specific:
            return specific[0]
    return best


def _distance(span: Span, start: int, end: int) -> int:
    if end <= span.start:
        return span.start - end + 1  # words before count a little more than words after
    if start >= span.end:
        return start - span.end
    return 0


def _period(span: Span, doc: Doc, clause: set[int], sentence: int,
            dates: Sequence[DateMention]) -> str | None:
    best: tuple[int, str] | None = None
    for date in dates:
        if date.sentence != sentence or date.value is None or date.kind != "date":
            continue
        date_span = doc.char_span(date.start, date.end, alignment_mode="expand")
        if date_span is None or date_span.root.i not in clause:
            continue
        if date.granularity not in {"year", "month", "quarter"}:
            continue
        if date.granularity == "year":
            label = f"{date.value.year}"
        elif date.granularity == "month":
            label = f"{date.value.year}-{date.value.month:02d}"
        else:
            label = f"{date.value.year}-Q{(date.value.month - 1) // 3 + 1}"
        gap = date.start - span.end_char if date.start >= span.end_char else \
            2 * (span.start_char - date.end)
        if best is None or gap < best[0]:
            best = (gap, label)
    return best[1] if best else None


_TARGET_PREPS = frozenset({"on", "against", "to", "into", "for", "from", "with"})
_DYAD_WORDS = frozenset({"bilateral", "two-way", "mutual"})


def _country(actor: Actor) -> str | None:
    if actor.country:
        return actor.country
    if actor.code and actor.code.startswith("IGO"):
        return actor.code
    if actor.code and len(actor.code) >= 3:
        return actor.code[:3]
    return None


def main_dyad(actors: Sequence[Actor], places: Sequence[Place] = ()) -> tuple[str, ...]:
    """The document's two most named countries (actors first, places if there are none),
    in alphabetical order."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    items: Iterable[tuple[str | None, int]] = (
        ((_country(a), a.start) for a in actors) if actors else
        ((p.country, p.start) for p in places if p.feature in {"country", "capital"}))
    for country, start in items:
        if country and len(country) == 3 and country.isalpha():
            counts[country] += 1
            first.setdefault(country, start)
    ranked = sorted(counts, key=lambda c: (-counts[c], first[c]))
    return tuple(sorted(ranked[:2])) if len(ranked) >= 2 else ()  # a dyad has no direction


def _actors(span: Span, sent: Span, clause: set[int], measure: str | None,
            actors: Sequence[Actor],
            places: Sequence[Place], dyad: tuple[str, ...]) -> tuple[str, ...]:
    words = {t.lower_ for t in sent}
    if words & _DYAD_WORDS and measure in {"trade", "exports", "imports", "investment", None}:
        return dyad
    doc = span.doc
    mentions: list[tuple[int, int, str]] = []  # (start char, end char, country)
    for actor in actors:
        country = _country(actor)
        if country and sent.start_char <= actor.start < sent.end_char:
            mentions.append((actor.start, actor.end, country))
    for place in places:  # countries the actor stage left out
        if place.country and place.feature == "country" and \
                sent.start_char <= place.start < sent.end_char and \
                not any(s < place.end and place.start < e for s, e, _ in mentions):
            mentions.append((place.start, place.end, place.country))
    if not mentions:
        return ()
    sources: list[str] = []
    targets: list[str] = []
    for start, end, country in sorted(mentions):
        if span.start_char <= start < span.end_char:
            continue
        token_span = doc.char_span(start, end, alignment_mode="expand")
        if token_span is None or token_span.root.i not in clause:
            continue
        preposition = _governing_preposition(token_span) if token_span is not None else None
        if preposition in _TARGET_PREPS and start > span.start_char:
            if country not in targets:
                targets.append(country)
        elif country not in sources:
            sources.append(country)
    ordered = [c for c in sources if c not in targets] + targets
    return tuple(ordered[:3])


_CLAUSE_BREAKS = frozenset({"conj", "advcl", "relcl", "ccomp", "parataxis"})


def _clause_tokens(span: Span) -> set[int]:
    """Token indices of the clause holding the amount, without coordinated or subordinate
    clauses ("imposing 145% tariffs on Chinese goods [and intensifying sanctions on Russia]")."""
    head = span.root
    while head.pos_ not in {"VERB", "AUX"} and head.head != head:
        head = head.head
    excluded: set[int] = set()
    for child in head.children:
        if child.dep_ in _CLAUSE_BREAKS and child.pos_ in {"VERB", "AUX"} and \
                not (child.left_edge.i <= span.root.i <= child.right_edge.i):
            excluded.update(t.i for t in child.subtree)
    tokens = {t.i for t in head.subtree} - excluded
    own_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in head.children)
    if head.dep_ in {"xcomp", "conj", "pcomp"} and not own_subject:  # "X moved to impose …"
        tokens.update(t.i for c in head.head.children if c.dep_ in {"nsubj", "nsubjpass"}
                      for t in c.subtree)
    return tokens


def _governing_preposition(span: Span) -> str | None:
    """The preposition above a mention ("on [Chinese goods]", "to [Russia]"), if close."""
    token = span.root
    for _ in range(3):
        if token.dep_ == "pobj" and token.head.pos_ == "ADP":
            return token.head.lower_
        if token.head == token:
            break
        token = token.head
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.pos_ == "ADP":
        return before.lower_
    return None
