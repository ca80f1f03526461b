"""What the foundation issue requires `multipolar demo` to show on the reference article."""

from __future__ import annotations

import datetime as dt

from multipolar.model import AnalysisResult, Event


def _find(result: AnalysisResult, *, source: str, code_prefix: str, target: str,
          trigger_in: str | None = None) -> list[Event]:
    return [
        e for e in result.events
        if any(s.startswith(source) for s in e.source)
        and any(t.startswith(target) for t in e.target)
        and e.code.startswith(code_prefix)
        and (trigger_in is None or trigger_in in e.evidence.sentence)
    ]


def test_xi_visits_russia_on_may_7(seed_result: AnalysisResult) -> None:
    visits = _find(seed_result, source="CHNGOV", code_prefix="042", target="RUS")
    assert visits, [(e.source, e.code, e.target) for e in seed_result.events]
    assert visits[0].date == dt.date(2025, 5, 7)
    assert "arrived in Moscow" in visits[0].evidence.sentence


def test_us_tariffs_on_china_and_western_sanctions_on_russia(seed_result: AnalysisResult
                                                             ) -> None:
    assert _find(seed_result, source="USA", code_prefix="163", target="CHN",
                 trigger_in="145% tariffs")
    assert _find(seed_result, source="WST", code_prefix="163", target="RUS",
                 trigger_in="Western sanctions on Russia")


def test_xi_thanks_moscow(seed_result: AnalysisResult) -> None:
    assert _find(seed_result, source="CHNGOV", code_prefix="051", target="RUS",
                 trigger_in="expressed gratitude")


def test_xi_and_putin_talks(seed_result: AnalysisResult) -> None:
    talks = _find(seed_result, source="CHNGOV", code_prefix="04", target="RUSGOV",
                  trigger_in="hold talks")
    assert talks


def test_trade_and_tariff_amounts(seed_result: AnalysisResult) -> None:
    by_text = {a.text: a for a in seed_result.amounts}
    trade = next(a for t, a in by_text.items() if "237 billion" in t)
    assert trade.value == 237e9 and trade.unit == "USD" and trade.measure == "trade"
    assert trade.period == "2024"
    tariff = next(a for t, a in by_text.items() if "145%" in t)
    assert tariff.value == 145 and tariff.unit == "percent" and tariff.measure == "tariff"


def test_every_event_has_evidence_inside_the_text(seed_result: AnalysisResult) -> None:
    text = seed_result.document.text
    assert seed_result.events
    for e in seed_result.events:
        ev = e.evidence
        assert text[ev.start:ev.end] == ev.sentence
        assert text[ev.trigger_start:ev.trigger_end] == ev.trigger
        assert ev.start <= ev.trigger_start < ev.trigger_end <= ev.end
