"""The event scorer on hand-built predictions, and the coder against the gold file (the bar)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from multipolar.analyzer import Analyzer
from multipolar.errors import InputError
from multipolar.evaluate.events import (
    GoldSentence,
    Triple,
    actors_agree,
    evaluate_events,
    read_gold,
    score_sentences,
)
from multipolar.model import Event, Evidence, Modality, Plover

GOLD = Path(__file__).resolve().parents[1] / "gold" / "events.jsonl"


def event(source: str, target: str, code: str, modality: Modality = Modality.ASSERTED
          ) -> Event:
    ev = Evidence("s", 0, 0, 1, "s", 0, 1)
    return Event((source,), (target,), code, code[:2], "", 1, 0.0, Plover(None, None, None),
                 modality, dt.date(2025, 1, 1), None, ev, "test")


def gold(ident: str, *triples: tuple[str, str, str]) -> GoldSentence:
    return GoldSentence(ident, f"text {ident}", None, tuple(Triple(*t) for t in triples),
                        not triples)


def test_actor_codes_agree_on_3_letter_blocks() -> None:
    assert actors_agree("RUS", "RUSGOV")
    assert actors_agree("RUSGOV", "RUS")
    assert not actors_agree("RUSGOV", "RUSMIL")
    assert not actors_agree("RU", "RUS")


def test_scores_on_hand_built_predictions() -> None:
    sentences = [
        gold("a", ("CHN", "RUS", "042")),  # right
        gold("b", ("USA", "CHN", "163")),  # right root, wrong code
        gold("c", ("IRN", "ISR", "190")),  # missed
        gold("d"),  # no event, one spurious
        gold("e", ("FRA", "DEU", "057")),  # right code, wrong target country
    ]
    predictions = [
        [event("CHNGOV", "RUS", "042")],
        [event("USA", "CHN", "160")],
        [event("IRN", "ISR", "190", Modality.HYPOTHETICAL)],  # flagged: not scored
        [event("GBR", "FRA", "111")],
        [event("FRA", "ITA", "057")],
    ]
    report = score_sentences(sentences, predictions, path="x")
    assert (report.expected, report.predicted, report.matched) == (4, 4, 1)
    assert report.precision == pytest.approx(0.25) and report.recall == pytest.approx(0.25)
    assert report.f1 == pytest.approx(0.25)
    assert report.root_accuracy == pytest.approx(1.0) and report.root_support == 2
    assert report.dyad_accuracy == pytest.approx(2 / 3) and report.dyad_support == 3
    assert report.confusion["16"]["16"] == 1 and report.confusion["19"]["--"] == 1
    assert report.confusion["--"]["11"] == 1
    assert [f.id for f in report.failures] == ["b", "c", "d", "e"]
    payload = json.loads(json.dumps(report.to_dict()))
    assert payload["f1"] == 0.25 and payload["failures"][0]["missing"] == ["USA -163-> CHN"]
    text = report.render()
    assert "precision 0.250" in text and "missing  IRN -190-> ISR" in text


@pytest.mark.parametrize(("line", "problem"), [
    ("{not json", "line 1|:1: not valid JSON"),
    ('{"id": "a"}', "'text'"),
    ('{"text": "x", "expected": [{"source": "A"}]}', "source, target and code"),
    ('{"text": "x", "no_event": true, "expected": [{"source": "A", "target": "B", '
     '"code": "010"}]}', "no_event is true"),
])
def test_bad_gold_lines_name_the_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        read_gold(path)


def test_gold_file_is_well_formed() -> None:
    sentences = read_gold(GOLD)
    assert len(sentences) >= 200
    assert sum(len(s.expected) for s in sentences) >= 200
    assert {s.id.split("-")[0] for s in sentences} == {"ref", "corpus", "own", "heldout", "blind",
                                                          "blind2", "blind3", "blind4",
                                                          "blind5"}
    roots = {t.root for s in sentences for t in s.expected}
    assert len(roots) == 20
    assert sum(s.no_event for s in sentences) >= 20


def test_coder_meets_the_bar_on_the_gold_file(analyzer: Analyzer) -> None:
    report = evaluate_events(GOLD, analyzer=analyzer)
    assert report.f1 >= 0.70, report.render()
    assert report.root_accuracy >= 0.80, report.render()
