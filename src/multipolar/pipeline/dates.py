"""Dates: spaCy DATE/TIME spans normalised against the publication date.

spaCy finds the spans; our own rules classify them first (durations such as "four-day" or "five
years", ages, ordinals such as "the 80th", decades, bare years), and dateparser's
`DateDataParser` resolves the rest relative to the publication date. Month-day dates without a
year are put in the year that brings them closest to the publication date (dateparser can flip a
date a day after publication into the previous year). Without a publication date only absolute
dates (with a year) are resolved, so the output never depends on the day the code runs.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from typing import Any

from spacy.tokens import Doc, Span

from multipolar.model import DateMention, is_historical
from multipolar.pipeline.base import Parsed, Stage

__all__ = ["DateStage", "is_historical", "normalize_date"]

_LABELS = frozenset({"DATE", "TIME"})

_NUMBER = (r"(?:\d+(?:[.,]\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
           r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
           r"forty|fifty|sixty|seventy|eighty|ninety|hundred|several|few|many|some|"
           r"a few|a couple of|couple of|dozens of|hundreds of|thousands of|"
           r"twenty-\w+|thirty-\w+|forty-\w+|fifty-\w+|sixty-\w+|seventy-\w+|eighty-\w+|"
           r"ninety-\w+)")
_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade|century|centuries)"
# "four-day", "five years", "the past two weeks", "three-and-a-half years", "48 hours"
_DURATION = re.compile(
    rf"^(?:(?:more\s+than|less\s+than|fewer\s+than|almost|nearly|about|around|over|under|"
    rf"at\s+least|just|only|up\s+to|within|some|roughly|for|another)\s+)*"
    rf"(?:the\s+)?(?:(?:past|last|next|first|coming|previous|following|recent|upcoming)\s+)?"
    rf"(?:{_NUMBER}(?:[\s-]+(?:and[\s-]+a[\s-]+half|and\s+a\s+half|more|or\s+so|"
    rf"(?:or|to)\s+{_NUMBER}))?[\s-]+)+(?:(?:long|brutal|full|straight|consecutive|whole|"
    rf"difficult|hard|short)\s+)?{_UNIT}s?(?:[\s-]+long)?$",
    re.IGNORECASE,
)
_AGE = re.compile(rf"^{_NUMBER}[\s-]+(?:year|month|week|day)s?[\s-]+old$", re.IGNORECASE)
_AGO = re.compile(r"\bago$", re.IGNORECASE)
_AGE_WORDS = re.compile(r"\b(?:aged?|age of)\b|\b(?:years?|months?)[\s-]+old$", re.IGNORECASE)
_PAST_PERIOD = re.compile(r"^(?:the\s+)?(?:past|last|coming|next|previous|recent)\s+"
                          r"(?:few\s+|several\s+|couple\s+of\s+)?"
                          r"(?:days|weeks|months|years|decades)$|"
                          r"^the\s+(?:past|last|coming)\s+(?:day|week|month|year|decade)$",
                          re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^(?:the\s+)?\d{1,2}$")
_REL_UNIT = re.compile(r"^(last|this|next)\s+(week|month|year)$", re.IGNORECASE)
_REL_AGO = re.compile(r"^(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                      r"\d{1,3})\s+(day|week|month|year)s?\s+ago$", re.IGNORECASE)
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last night": -1}


def _relative_fast(text: str, published: dt.date) -> tuple[dt.date, str] | None:
    """"last week", "this month", "next year", "two years ago", "yesterday" without dateparser."""
    lower = text.lower()
    if lower in _DAY_WORDS:
        return published + dt.timedelta(days=_DAY_WORDS[lower]), "day"
    if m := _REL_UNIT.match(text):
        step = {"last": -1, "this": 0, "next": 1}[m.group(1).lower()]
        return _shift(published, m.group(2).lower(), step)
    if m := _REL_AGO.match(text):
        n = _SMALL.get(m.group(1).lower()) or int(m.group(1))
        return _shift(published, m.group(2).lower(), -n)
    return None


def _shift(published: dt.date, unit: str, step: int) -> tuple[dt.date, str] | None:
    if unit == "day":
        return published + dt.timedelta(days=step), "day"
    if unit == "week":
        return published + dt.timedelta(weeks=step), "week"
    if unit == "month":
        index = published.year * 12 + published.month - 1 + step
        return dt.date(index // 12, index % 12 + 1, 1), "month"
    year = published.year + step
    return (dt.date(year, 1, 1), "year") if 1 <= year <= 9999 else None
_ANNIVERSARY = re.compile(r"^(?:the\s+)?(\d+)(?:st|nd|rd|th)\s+anniversary$", re.IGNORECASE)
_ORDINAL = re.compile(r"^(?:the\s+)?\d+(?:st|nd|rd|th)(?:\s+anniversary)?$", re.IGNORECASE)
_CENTURY = re.compile(r"^(?:the\s+)?(?:(early|mid|late)[\s-]+)?(\d{1,2})(?:st|nd|rd|th)"
                      r"[\s-]+century$", re.IGNORECASE)
_DECADE = re.compile(r"^(?:the\s+)?(?:(early|mid|late)[\s-]+)?(1\d|20)(\d)0s$", re.IGNORECASE)
_SHORT_DECADE = re.compile(r"^(?:the\s+)?'?([1-9])0s$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:(?:in|of|since|from|until|by|during|the\s+year|early|late|mid)[\s-]+)?"
                   r"((?:1[5-9]|20)\d\d)$", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"^(?:(?:in|from|since|between)\s+)?((?:1[5-9]|20)\d\d)\s*[-/]\s*"
                         r"(?:\d\d|(?:1[5-9]|20)\d\d)$")
_FISCAL = re.compile(r"^(?:fiscal|fy|financial\s+year)\s*((?:19|20)\d\d)$", re.IGNORECASE)
_QUARTER = re.compile(r"^(?:the\s+)?(first|second|third|fourth|q1|q2|q3|q4)(?:\s+quarter)?"
                      r"(?:\s+of)?\s+((?:19|20)\d\d)$", re.IGNORECASE)
_EXPLICIT_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b|'\d\d\b")
_WEEKDAY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
                      re.IGNORECASE)
_STRIP = re.compile(r"^(?:(?:on|in|at|since|until|till|by|from|during|through|before|after|as of|"
                    r"the|this|that|earlier|later|early|late|mid|around|about|only|just)"
                    r"[\s-]+)+", re.IGNORECASE)
_VAGUE = re.compile(r"^(?:the\s+)?(?:recent|past|coming|following|previous|present|future|"
                    r"current|same|modern|medieval|ancient|years|months|weeks|days|decades|"
                    r"recent\s+\w+|those\s+\w+|these\s+\w+|that\s+time|the\s+time|"
                    r"the\s+moment|now|recently|currently|once|long|annual|daily|weekly|"
                    r"monthly|quarterly|yearly|season|seasons|holiday|holidays|weekend|"
                    r"morning|afternoon|evening|night|tonight|day|days|week|month|year|hours|"
                    r"minutes|winter|spring|summer|autumn|fall|christmas|easter|ramadan|eid|"
                    r"every\s+\w+|each\s+\w+|modern-day|"
                    r"the\s+weekend|the\s+end\s+of\s+the\s+year)$", re.IGNORECASE)
_TODAY = re.compile(r"^(?:today|tonight|this\s+morning|this\s+afternoon|this\s+evening)$",
                    re.IGNORECASE)
_QUARTERS = {"first": 1, "q1": 1, "second": 2, "q2": 2, "third": 3, "q3": 3, "fourth": 4, "q4": 4}
_GRANULARITY = {"day": "day", "week": "week", "month": "month", "year": "year",
                "time": "day", "part_of_day": "day", "hour": "day", "minute": "day",
                "second": "day"}
_FUTURE_WORDS = frozenset({"will", "shall", "'ll", "next", "coming", "upcoming", "scheduled",
                           "due", "expected", "plans", "planned", "set"})


class DateStage(Stage):
    """Adds `result.dates`: every DATE/TIME span, classified and resolved, and anniversaries
    ("the 80th anniversary": kind `anniversary`, valued with the year it commemorates)."""

    name = "dates"
    version = "1.0"

    def __call__(self, item: Parsed) -> Parsed:
        published = item.result.document.published
        spans = [span for span in item.doc.ents if span.label_ in _LABELS]
        spans.extend(_anniversaries(item.doc))
        spans.sort(key=lambda span: span.start)
        mentions = tuple(_mention(span, sentence_index(item.doc, span.start), published)
                         for span in spans)
        return item.with_result(dates=mentions)


def _anniversaries(doc: Doc) -> list[Span]:
    """ORDINAL entities followed by "anniversary" ("the 80th anniversary")."""
    found = []
    for ent in doc.ents:
        if ent.label_ == "ORDINAL" and ent.end < len(doc) and \
                doc[ent.end].lower_ in {"anniversary", "anniversaries"}:
            found.append(doc[ent.start:ent.end + 1])
    return found


def sentence_index(doc: Doc, token_index: int) -> int:
    """Index of the sentence holding token `token_index` (sentence starts cached per doc)."""
    return max(0, bisect.bisect_right(_sentence_starts(doc), token_index) - 1)


def _sentence_starts(doc: Doc) -> list[int]:
    """Token index where each sentence starts, computed once per doc and kept in `user_data`
    as plain ints (`Token.sent` walks the whole doc again at every call)."""
    starts = doc.user_data.get("multipolar.sentence_starts")
    if starts is None:
        starts = [s.start for s in doc.sents] if len(doc) else [0]
        doc.user_data["multipolar.sentence_starts"] = starts
    return starts


def sentence_of(doc: Doc, token_index: int) -> Span:
    """The sentence holding token `token_index`."""
    starts = _sentence_starts(doc)
    i = sentence_index(doc, token_index)
    end = starts[i + 1] if i + 1 < len(starts) else len(doc)
    return doc[starts[i]:end]


def _mention(span: Span, sentence: int, published: dt.date | None) -> DateMention:
    text = span.text
    future = _looks_future(span)
    value, granularity, kind = normalize_date(text, published=published, future=future)
    return DateMention(text=text, start=span.start_char, end=span.end_char, sentence=sentence,
                       value=value, granularity=granularity, kind=kind)


def _looks_future(span: Span) -> bool:
    """Whether the clause around a weekday speaks of the future ("will meet on Thursday",
    "is expected to arrive on Friday", "next Monday")."""
    words = {t.lower_ for t in span}
    verb = span.root
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"} or verb.head == verb:
            break
        verb = verb.head
    chain = [verb]
    if verb.dep_ in {"xcomp", "conj"} and verb.head != verb:
        chain.append(verb.head)
    for token in chain:
        words.add(token.lower_)
        words.update(c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass", "advmod"})
    return bool(words & _FUTURE_WORDS)


@functools.lru_cache(maxsize=8192)
def normalize_date(
    text: str, *, published: dt.date | None, future: bool = False
) -> tuple[dt.date | None, str, str]:
    """(value, granularity, kind) for one date expression.

    `granularity`: day, week, month, quarter, year, decade, century, duration or unknown;
    `kind`: date, duration, ordinal or anniversary (valued with the year it commemorates:
    "the 80th anniversary" in 2025 → 1945). Periods are dated by their first day.
    """
    clean = " ".join(text.replace("\u2019", "'").replace("\u2013", "-").split()).strip(" ,.")
    if not clean:
        return None, "unknown", "date"
    if _AGE.match(clean) or _AGE_WORDS.search(clean) or _PAST_PERIOD.match(clean) or (
            _DURATION.match(clean) and not _AGO.search(clean)):
        return None, "duration", "duration"
    if _BARE_NUMBER.match(clean):  # "19": an age or a day with no month
        return None, "unknown", "date"
    if published is not None and (fast := _relative_fast(clean, published)
                                  or _relative_fast(_SOFT.sub("", clean).strip(), published)):
        return fast[0], fast[1], "date"
    if m := _ANNIVERSARY.match(clean):
        years = int(m.group(1))
        if published is None or years >= published.year:
            return None, "unknown", "anniversary"
        return dt.date(published.year - years, 1, 1), "year", "anniversary"
    if _ORDINAL.match(clean):
        return None, "unknown", "ordinal"
    if m := _CENTURY.match(clean):
        n = int(m.group(2))
        return (dt.date((n - 1) * 100 + 1, 1, 1) if 1 <= n <= 21 else None), "century", "date"
    if m := _DECADE.match(clean):
        return dt.date(int(m.group(2) + m.group(3) + "0"), 1, 1), "decade", "date"
    if (m := _SHORT_DECADE.match(clean)) and published is not None:
        decade = 1900 + int(m.group(1)) * 10
        return dt.date(decade, 1, 1), "decade", "date"
    if m := _YEAR.match(clean):
        return dt.date(int(m.group(1)), 1, 1), "year", "date"
    if m := _YEAR_RANGE.match(clean):
        return dt.date(int(m.group(1)), 1, 1), "year", "date"
    if m := _FISCAL.match(clean):
        return dt.date(int(m.group(1)), 1, 1), "year", "date"
    if m := _QUARTER.match(clean):
        quarter = _QUARTERS[m.group(1).lower()]
        return dt.date(int(m.group(2)), 3 * quarter - 2, 1), "quarter", "date"
    if _TODAY.match(clean):
        return published, ("day" if published else "unknown"), "date"
    if _ANCHORED.search(clean):  # "three days after", "the following day": anchored elsewhere
        return None, "unknown", "date"
    if published is not None and (month := _relative_month(_SOFT.sub("", clean), published)):
        return month, "month", "date"
    stripped = _STRIP.sub("", clean).strip()
    if not stripped or _VAGUE.match(stripped) or _VAGUE.match(clean):
        return None, "unknown", "date"
    has_year = bool(_EXPLICIT_YEAR.search(stripped))
    if published is None and not has_year:
        return None, "unknown", "date"
    soft = _SOFT.sub("", clean).strip()
    attempts = (clean, soft, stripped) if _is_relative(clean) else (stripped, soft, clean)
    parsed = _fast_parse(stripped, published) or next(
        (p for a in dict.fromkeys(attempts) if a and (p := _parse(a, published))), None)
    if parsed is None:
        if m := _TRAILING_YEAR.search(clean):  # "the summer of 2014", "the end of 2017"
            return dt.date(int(m.group(1)), 1, 1), "year", "date"
        return None, "unknown", "date"
    value, period = parsed
    granularity = _GRANULARITY.get(period, "unknown")
    if not 1000 <= value.year <= 2200:
        return None, "unknown", "date"
    if published is not None and not has_year:
        if granularity in {"day", "month"} and not _WEEKDAY.search(stripped) \
                and not _is_relative(stripped):
            value = _nearest_year(value, published, future=future)
        elif _WEEKDAY.search(stripped) and future and value < published:
            value += dt.timedelta(days=7)
    if granularity == "month":
        value = value.replace(day=1)
    elif granularity == "year":
        value = dt.date(value.year, 1, 1)
    return value, granularity, "date"


_RELATIVE = re.compile(r"\b(?:ago|last|next|yesterday|tomorrow|today|previous|this|past|"
                       r"coming|earlier|later)\b", re.IGNORECASE)


def _is_relative(text: str) -> bool:
    return bool(_RELATIVE.search(text))


def _nearest_year(value: dt.date, published: dt.date, *, future: bool = False) -> dt.date:
    """The same month and day in the year (published.year ± 1) closest to `published`.

    News mostly reports the past: a date after publication counts three times its distance,
    unless the clause speaks of the future ("will meet on 11 September")."""
    best = value
    best_gap: int | None = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidate = value.replace(year=year)
        except ValueError:  # 29 February
            continue
        gap = (candidate - published).days
        cost = abs(gap) if gap <= 0 or future else 3 * gap
        if best_gap is None or cost < best_gap:
            best, best_gap = candidate, cost
    return best


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_RELATIVE_MONTH = re.compile(r"^(last|this|next|past)\s+(" + "|".join(_MONTHS) + r")$",
                             re.IGNORECASE)
_TRAILING_YEAR = re.compile(r"\b(?:of|in)\s+((?:1[5-9]|20)\d\d)$", re.IGNORECASE)
_ANCHORED = re.compile(r"\b(?:before|after|later|earlier|previous|following|that|same)$|"
                       r"^(?:the\s+)?(?:previous|following|same)\s+(?:day|week|month|year|"
                       r"morning|night|evening)$|^the\s+next\s+(?:day|morning|night|evening)$|^(?:that|the)\s+(?:day|week|month|year)$",
                       re.IGNORECASE)
_SOFT = re.compile(r"^(?:(?:the|earlier|later|early|late|mid|around|about)[\s-]+)+",
                   re.IGNORECASE)


_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(_MONTHS)} | {"sept": 9}
_MONTH_WORD = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
              r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MONTH_DAY = re.compile(rf"^{_MONTH_WORD}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?$",
                        re.IGNORECASE)
_DAY_MONTH = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_WORD}"
                        rf"(?:,?\s+(\d{{4}}))?$", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"^{_MONTH_WORD}(?:,?\s+(\d{{4}}))?$", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_ONLY = re.compile(r"^(" + "|".join(_WEEKDAYS) + r")(?:\s+(?:morning|afternoon|"
                           r"evening|night))?$", re.IGNORECASE)


def _fast_parse(text: str, published: dt.date | None) -> tuple[dt.date, str] | None:
    """The common forms ("May 7", "7 February 2018", "March 2011", "Tuesday night") without
    dateparser, which costs milliseconds a call; None for everything else."""
    def month_of(word: str) -> int:
        return _MONTH_ABBR[word.lower().rstrip(".")[:4] if word.lower().startswith("sept")
                           else word.lower()[:3]]

    year = published.year if published is not None else None
    try:
        if m := _MONTH_DAY.match(text):
            y = int(m.group(3)) if m.group(3) else year
            return (dt.date(y, month_of(m.group(1)), int(m.group(2))), "day") if y else None
        if m := _DAY_MONTH.match(text):
            y = int(m.group(3)) if m.group(3) else year
            return (dt.date(y, month_of(m.group(2)), int(m.group(1))), "day") if y else None
        if m := _MONTH_YEAR.match(text):
            if text.lower().rstrip(".") in {"may", "march"} and not m.group(2):
                return None  # also verbs and names: let the full parser decide
            y = int(m.group(2)) if m.group(2) else year
            return (dt.date(y, month_of(m.group(1)), 1), "month") if y else None
    except ValueError:  # 31 February
        return None
    if (m := _WEEKDAY_ONLY.match(text)) and published is not None:
        back = (published.weekday() - _WEEKDAYS.index(m.group(1).lower())) % 7
        return published - dt.timedelta(days=back), "day"
    return None


def _relative_month(text: str, published: dt.date) -> dt.date | None:
    m = _RELATIVE_MONTH.match(text)
    if m is None:
        return None
    month = _MONTHS.index(m.group(2).lower()) + 1
    which = m.group(1).lower()
    year = published.year
    if which in {"last", "past"}:
        year -= 0 if month < published.month else 1
    elif which == "next":
        year += 0 if month > published.month else 1
    return dt.date(year, month, 1)


def _parse(text: str, published: dt.date | None) -> tuple[dt.date, str] | None:
    parser = _parser(published)
    try:
        data = parser.get_date_data(text)
    except (ValueError, OverflowError, TypeError):
        return None
    if data.date_obj is None:
        return None
    return data.date_obj.date(), str(data.period or "day")


@functools.lru_cache(maxsize=64)
def _parser(published: dt.date | None) -> Any:
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"RETURN_TIME_AS_PERIOD": True,
                                "PREFER_DATES_FROM": "current_period",
                                "PREFER_DAY_OF_MONTH": "first"}
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime(published.year, published.month, published.day)
    return DateDataParser(languages=["en"], locales=["en"], settings=settings)
