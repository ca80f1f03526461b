"""AmountStage: the normaliser on hand-written expressions, then measures, periods and actors."""

from __future__ import annotations

import datetime as dt

import pytest

from multipolar.model import Actor, AnalysisResult, Document, Mention, Resolution
from multipolar.pipeline.amounts import AmountStage, main_dyad, parse_amount
from multipolar.pipeline.base import Parsed
from multipolar.pipeline.dates import DateStage
from multipolar.pipeline.geo import GeoStage


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("a record $237 billion", 2.37e11, "USD", "record"),
        ("145%", 145.0, "percent", None),
        ("145 per cent", 145.0, "percent", None),
        ("€3.4bn", 3.4e9, "EUR", None),
        ("12m euros", 1.2e7, "EUR", None),
        ("38.8 bcm", 3.88e10, "cubic_metres", None),
        ("2 million barrels per day", 2e6, "barrels_per_day", None),
        ("more than 330,000", 330000.0, "count", "more_than"),
        ("nearly 500", 500.0, "count", "approximately"),
        ("up to 200", 200.0, "count", "up_to"),
        ("tens of thousands", 1e4, "count", "at_least"),
        ("$1bn per annum", 1e9, "USD_per_year", None),
        ("£7.6bn", 7.6e9, "GBP", None),
        ("NT$518", 518.0, "TWD", None),
        ("US$1.2 trillion", 1.2e12, "USD", None),
        ("two million", 2e6, "count", None),
        ("1.5 percentage points", 1.5, "percentage_points", None),
        ("100km", 100.0, "kilometres", None),
        ("a dozen", 12.0, "count", None),
        ("two dozen", 24.0, "count", None),
        ("three dozen", 36.0, "count", None),
        ("half a dozen", 6.0, "count", None),
    ],
)
def test_normaliser(text: str, value: float, unit: str, qualifier: str | None) -> None:
    parsed = parse_amount(text)
    assert parsed is not None
    assert parsed.value == pytest.approx(value)
    assert (parsed.unit, parsed.qualifier) == (unit, qualifier)


def test_ranges_keep_both_bounds() -> None:
    parsed = parse_amount("between 20 and 30 percent")
    assert parsed is not None
    assert (parsed.value, parsed.value_max, parsed.qualifier) == (20.0, 30.0, "range")
    parsed = parse_amount("3-4 billion dollars")
    assert parsed is not None
    assert (parsed.value, parsed.value_max, parsed.unit) == (3e9, 4e9, "USD")


def test_not_amounts() -> None:
    assert parse_amount("several") is None
    assert parse_amount("") is None


@pytest.fixture(scope="module")
def run(nlp):  # type: ignore[no-untyped-def]
    """Dates, places and amounts on a text, with actors given by hand (text → code)."""

    def analyse(text: str, actors: dict[str, str] | None = None) -> AnalysisResult:
        doc = nlp(text)
        records = []
        for name, code in (actors or {}).items():
            start = text.index(name)
            mention = Mention(name, start, start + len(name), 0, "GPE")
            records.append(Actor(mention, code, country=code[:3],
                                 resolution=Resolution.DICTIONARY))
        item = Parsed(doc, AnalysisResult(document=Document(text=text,
                                                            published=dt.date(2025, 5, 7))))
        item = GeoStage()(DateStage()(item))
        item = item.with_result(actors=tuple(records))
        return AmountStage()(item).result

    return analyse


def test_tariff_imposer_and_target(run) -> None:  # type: ignore[no-untyped-def]
    result = run("Washington imposed 25% tariffs on Canadian steel last year.",
                 {"Washington": "USAGOV", "Canadian": "CAN"})
    (amount,) = result.amounts
    assert (amount.value, amount.unit, amount.measure) == (25.0, "percent", "tariff")
    assert amount.actors == ("USA", "CAN")
    assert amount.period == "2024"


def test_bilateral_gives_the_main_dyad(run) -> None:  # type: ignore[no-untyped-def]
    text = ("India and Brazil signed a deal. India praised Brazil. "
            "Bilateral trade rose to $15 billion in 2023.")
    result = run(text, {"India": "IND", "Brazil": "BRA"})
    (amount,) = result.amounts
    assert amount.measure == "trade"
    assert set(amount.actors) == {"IND", "BRA"}
    assert amount.period == "2023"


def test_counts_need_a_counted_noun(run) -> None:  # type: ignore[no-untyped-def]
    result = run("The two sides met. More than 330,000 people have been killed in Syria. "
                 "Trump ordered the withdrawal of over 2,000 US troops.")
    by_text = {a.text: a for a in result.amounts}
    assert "two" not in by_text
    killed = by_text["More than 330,000"]
    assert (killed.measure, killed.qualifier, killed.unit) == ("casualties", "more_than", "count")
    troops = by_text["over 2,000"]
    assert (troops.measure, troops.value) == ("troops", 2000.0)


def test_missed_spans_and_units(run) -> None:  # type: ignore[no-untyped-def]
    text = ("The EU pledged €3.4bn in aid to Ukraine. Germany bought 12m euros of gas. "
            "Russia exported 38.8 bcm of gas to China. Saudi Arabia pumps 2 million barrels "
            "per day.")
    by_text = {a.text: a for a in run(text).amounts}
    assert by_text["€3.4bn"].measure == "aid"
    assert by_text["12m euros"].unit == "EUR"
    assert by_text["38.8 bcm"].measure == "gas_volume"
    assert by_text["2 million barrels per day"].unit == "barrels_per_day"
    for amount in by_text.values():
        assert text[amount.start:amount.end] == amount.text


def test_main_dyad_is_unordered_and_needs_two_countries() -> None:
    def actor(code: str, at: int) -> Actor:
        return Actor(Mention(code, at, at + 3, 0, "GPE"), code, country=code)

    actors = [actor("RUS", 0), actor("CHN", 5), actor("RUS", 10), actor("USA", 15)]
    assert main_dyad(actors) == ("CHN", "RUS")
    assert main_dyad(actors[:1]) == ()


def test_seed_amounts(seed_result) -> None:  # type: ignore[no-untyped-def]
    by_text = {a.text: a for a in seed_result.amounts}
    trade = by_text["a record $237 billion"]
    assert (trade.value, trade.unit, trade.measure, trade.period) == (
        2.37e11, "USD", "trade", "2024")
    assert trade.qualifier == "record"
    assert set(trade.actors) == {"CHN", "RUS"}
    tariff = by_text["145%"]
    assert (tariff.value, tariff.unit, tariff.measure) == (145.0, "percent", "tariff")
    assert tariff.actors == ("USA", "CHN")


def test_known_groups_are_not_amounts(run) -> None:  # type: ignore[no-untyped-def]
    result = run("The two men were captured. Their three children fled. "
                 "Three journalists were arrested.")
    texts = [a.text for a in result.amounts]
    assert texts == ["Three"]
    assert result.amounts[0].measure == "detainees"


def test_gold_file_scores(nlp, settings) -> None:  # type: ignore[no-untyped-def]
    """The hand-coded amounts of tests/gold/facts_amounts.jsonl (rules in AMOUNTS_RULES.md),
    scored with `multipolar eval facts`; figures in AMOUNTS_RULES.md."""
    from pathlib import Path

    from multipolar.analyzer import Analyzer
    from multipolar.evaluate.facts import evaluate_facts
    from multipolar.pipeline.actors import ActorStage

    gold = Path(__file__).resolve().parents[1] / "gold" / "facts_amounts.jsonl"
    analyzer = Analyzer(settings, nlp=nlp, stages=[DateStage(), GeoStage(), ActorStage(),
                                                   AmountStage()])
    report = evaluate_facts([gold], analyzer=analyzer)
    strict = report.strict["amounts"]
    assert strict.tp + strict.fn >= 150  # the gold file holds at least 60 amounts (159 now)
    assert strict.precision >= 0.95 and strict.recall >= 0.9
    measure = report.fields["amounts"]["measure"]
    assert measure.total >= 100 and measure.agree / measure.total >= 0.8
