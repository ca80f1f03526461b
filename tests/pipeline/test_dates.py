"""DateStage: normalisation rules on hand-written expressions, then the stage on parsed text."""

from __future__ import annotations

import datetime as dt

import pytest

from multipolar.model import AnalysisResult, Document
from multipolar.pipeline.base import Parsed
from multipolar.pipeline.dates import DateStage, normalize_date

PUBLISHED = dt.date(2025, 5, 7)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [
        ("May 7", dt.date(2025, 5, 7), "day"),
        ("May 9", dt.date(2025, 5, 9), "day"),
        ("in 2024", dt.date(2024, 1, 1), "year"),
        ("2024", dt.date(2024, 1, 1), "year"),
        ("last year", dt.date(2024, 1, 1), "year"),
        ("yesterday", dt.date(2025, 5, 6), "day"),
        ("last week", dt.date(2025, 4, 30), "week"),
        ("last month", dt.date(2025, 4, 1), "month"),
        ("Dec. 31, 2000", dt.date(2000, 12, 31), "day"),
        ("September 2018", dt.date(2018, 9, 1), "month"),
        ("the first quarter of 2024", dt.date(2024, 1, 1), "quarter"),
        ("the 1990s", dt.date(1990, 1, 1), "decade"),
        ("2019-20", dt.date(2019, 1, 1), "year"),
        ("today", PUBLISHED, "day"),
        ("two years ago", dt.date(2023, 1, 1), "year"),
    ],
)
def test_dates_resolved_against_publication(text: str, value: dt.date, granularity: str) -> None:
    assert normalize_date(text, published=PUBLISHED) == (value, granularity, "date")


@pytest.mark.parametrize("text", ["four-day", "five years", "the past five years", "48 hours",
                                  "58-year-old", "three-and-a-half-year", "a year"])
def test_durations_are_not_dates(text: str) -> None:
    assert normalize_date(text, published=PUBLISHED) == (None, "duration", "duration")


def test_ordinal_is_not_a_year() -> None:
    assert normalize_date("the 80th", published=PUBLISHED) == (None, "unknown", "ordinal")


def test_anniversary_gives_the_year_it_commemorates() -> None:
    assert normalize_date("the 80th anniversary", published=PUBLISHED) == (
        dt.date(1945, 1, 1), "year", "anniversary")
    assert normalize_date("80th anniversary", published=None) == (None, "unknown",
                                                                   "anniversary")


def test_month_day_takes_the_year_nearest_publication() -> None:
    # late December in an early-January story is last year's, early January in December next
    assert normalize_date("December 30", published=dt.date(2025, 1, 3))[0] == dt.date(2024, 12, 30)
    assert normalize_date("January 2", published=dt.date(2024, 12, 28))[0] == dt.date(2025, 1, 2)
    # a day after publication stays in the same year
    assert normalize_date("May 8", published=PUBLISHED)[0] == dt.date(2025, 5, 8)


def test_weekday_past_by_default_future_when_the_clause_says_so() -> None:
    assert normalize_date("Thursday", published=PUBLISHED)[0] == dt.date(2025, 5, 1)
    assert normalize_date("Thursday", published=PUBLISHED, future=True)[0] == dt.date(2025, 5, 8)


def test_without_publication_date_only_absolute_dates_resolve() -> None:
    assert normalize_date("May 7", published=None) == (None, "unknown", "date")
    assert normalize_date("May 7, 2021", published=None)[0] == dt.date(2021, 5, 7)
    assert normalize_date("in 2024", published=None)[0] == dt.date(2024, 1, 1)


def test_vague_expressions_have_no_value() -> None:
    for text in ("recent years", "the past", "the weekend"):
        assert normalize_date(text, published=PUBLISHED)[0] is None


def test_stage_on_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The president will travel to Paris on Thursday for a three-day visit. "
            "Talks held last week failed. Exports fell in 2023.")
    doc = nlp(text)
    item = Parsed(doc, AnalysisResult(document=Document(text=text, published=PUBLISHED)))
    dates = DateStage()(item).result.dates
    by_text = {d.text: d for d in dates}
    assert by_text["Thursday"].value == dt.date(2025, 5, 8)  # "will travel": future
    assert by_text["three-day"].kind == "duration"
    assert by_text["last week"].value == dt.date(2025, 4, 30)
    assert by_text["2023"].granularity == "year"
    assert [d.sentence for d in dates] == sorted(d.sentence for d in dates)
    for d in dates:
        assert text[d.start:d.end] == d.text


def test_seed_dates(seed_result) -> None:  # type: ignore[no-untyped-def]
    by_text = {d.text: d for d in seed_result.dates}
    assert by_text["May 7"].value == dt.date(2025, 5, 7)
    assert by_text["May 9"].value == dt.date(2025, 5, 9)
    assert by_text["four-day"].kind == "duration"
    assert by_text["2024"].value == dt.date(2024, 1, 1)
    assert by_text["2024"].granularity == "year"
    anniversary = by_text["80th anniversary"]
    assert (anniversary.kind, anniversary.value) == ("anniversary", dt.date(1945, 1, 1))


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [
        ("last September", dt.date(2017, 9, 1), "month"),  # published 2018-03-14
        ("earlier this month", dt.date(2018, 3, 1), "month"),
        ("11 September", dt.date(2017, 9, 11), "day"),  # six months either way: the past
        ("the summer of 2014", dt.date(2014, 1, 1), "year"),
        ("late February", dt.date(2018, 2, 1), "month"),
    ],
)
def test_news_forms(text: str, value: dt.date, granularity: str) -> None:
    assert normalize_date(text, published=dt.date(2018, 3, 14)) == (value, granularity, "date")


@pytest.mark.parametrize("text", ["three days after", "the previous day", "that day"])
def test_dates_anchored_to_another_event_are_left_unresolved(text: str) -> None:
    assert normalize_date(text, published=PUBLISHED)[0] is None


@pytest.mark.parametrize(("date", "published", "historical"), [
    (dt.date(1967, 1, 1), dt.date(2025, 5, 7), True),  # "the 1967 war"
    (dt.date(2019, 1, 1), dt.date(2025, 5, 7), True),  # "in 2019"
    (dt.date(2024, 1, 1), dt.date(2025, 1, 3), False),  # "last year", early January
    (dt.date(2025, 5, 5), dt.date(2025, 5, 7), False),  # "on Monday"
    (dt.date(2025, 6, 1), dt.date(2025, 5, 7), False),  # a future date
    (dt.date(1980, 1, 1), None, False),  # no publication date: nothing to compare with
    (None, dt.date(2025, 5, 7), False),
])
def test_historical_rule(date: dt.date | None, published: dt.date | None,
                         historical: bool) -> None:  # noqa: FBT001
    from multipolar.pipeline.dates import is_historical

    assert is_historical(date, published) is historical
