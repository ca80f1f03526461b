"""The event scorer on hand-built predictions, and the coder against the gold file (the bar)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from multipolar.analyzer import Analyzer
from multipolar.errors import InputError
from multipolar.evaluate.events import (
    EventReport,
    GoldSentence,
    Triple,
    actors_agree,
    evaluate_events,
    read_gold,
    read_record,
    regressions,
    score_sentences,
    write_record,
)
from multipolar.model import Event, Evidence, Modality, Plover

GOLD = Path(__file__).resolve().parents[1] / "gold" / "events.jsonl"
RECORD = GOLD.with_name("events.record.tsv")
RANDOM_DEV = GOLD.with_name("events_random_dev.jsonl")
RANDOM2 = GOLD.with_name("events_random2_test.jsonl")


def event(source: str, target: str | None, code: str,
          modality: Modality = Modality.ASSERTED) -> Event:
    ev = Evidence("s", 0, 0, 1, "s", 0, 1)
    return Event((source,), (target,) if target else (), code, code[:2], "", 1, 0.0,
                 Plover(None, None, None), modality, dt.date(2025, 1, 1), None, ev, "test")


def gold(ident: str, *triples: tuple[str, str, str]) -> GoldSentence:
    return GoldSentence(ident, f"text {ident}", None, tuple(Triple(*t) for t in triples),
                        not triples)


def test_actor_codes_agree_on_3_letter_blocks() -> None:
    assert actors_agree("RUS", "RUSGOV")
    assert actors_agree("RUSGOV", "RUS")
    assert not actors_agree("RUSGOV", "RUSMIL")
    assert not actors_agree("RU", "RUS")


def test_no_actor_and_sector_only_codes() -> None:
    assert actors_agree("---", "---")
    assert not actors_agree("---", "RUS") and not actors_agree("RUS", "---")
    assert actors_agree("---COP", "COP") and actors_agree("COP", "---COP")
    assert not actors_agree("COP", "NGACOP")  # the gold says the text gives no country
    assert not actors_agree("---", "---COP")


def test_one_sided_events_and_sentence_scores() -> None:
    sentences = [
        gold("a", ("FRAGOV", "---", "010")),  # a statement: no target
        gold("b", ("COP", "OPP", "173")),  # sector-only codes
        gold("c"),  # no event, none predicted
        gold("d", ("KENOPP", "KENGOV", "141")),  # missed entirely
        gold("e"),  # no event, one predicted
    ]
    predictions = [
        [event("FRAGOV", None, "010")],
        [event("---COP", "---OPP", "173")],
        [],
        [],
        [event("USA", None, "010")],
    ]
    report = score_sentences(sentences, predictions)
    assert (report.expected, report.predicted, report.matched) == (3, 3, 2)
    # sentences with an event: gold a, b, d; predicted a, b, e; both a, b
    assert report.sentence_counts == (3, 3, 2)
    assert report.sentence_f1 == pytest.approx(2 / 3)
    assert [line.passed for line in report.lines] == [True, True, True, False, False]
    assert report.to_dict()["sentence_event"]["f1"] == pytest.approx(0.6667)
    assert "sentences with an event" in report.render()


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
    # figures only, as scripts/score_frozen.py prints a frozen set: no sentence shows
    brief = report.render(max_failures=0)
    assert "precision 0.250" in brief and "missing" not in brief and "failures" not in brief


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


def test_record_names_lines_that_stopped_passing(tmp_path: Path) -> None:
    sentences = [gold("a", ("FRA", "DEU", "057")), gold("b", ("FRA", "DEU", "057")),
                 gold("c", ("FRA", "DEU", "057"))]
    right = [[event("FRA", "DEU", "057")]] * 3
    path = tmp_path / "record.tsv"
    write_record(score_sentences(sentences, right), path)
    record = read_record(path)
    assert all(r.passed for r in record.values())
    worse = score_sentences(sentences, [[event("FRA", "DEU", "057")], [], []])
    assert regressions(worse, record) == ["b", "c"]
    # a note acknowledges the change: that line is no longer reported
    write_record(score_sentences(sentences, right), path, notes={"c": "gold corrected"})
    assert regressions(worse, read_record(path)) == ["b"]
    path.write_text("id\tstatus\nb\tmaybe\n", encoding="utf-8")
    with pytest.raises(InputError, match="header must be"):
        read_record(path)


@pytest.fixture(scope="module")
def gold_report(analyzer: Analyzer) -> EventReport:
    return evaluate_events(GOLD, analyzer=analyzer)


def test_coder_meets_the_bar_on_the_gold_file(gold_report: EventReport) -> None:
    # floors about 1.5 points under the measured figures (README: accuracy)
    report = gold_report
    # measured (session 8): F1 0.864, P 0.905, R 0.828, root 0.994, sentences with an event F1
    # 0.920 (session 7: 0.863, 0.902, 0.828, 0.994, 0.922); P fell from 0.910 when "Arab" got
    # its ARB code: a militia line the file codes without events. The F1 floor is the issue's
    # bar (0.85)
    assert report.f1 >= 0.850, report.render()
    assert report.precision >= 0.887, report.render()
    assert report.recall >= 0.813, report.render()
    assert report.root_accuracy >= 0.979, report.render()
    assert report.sentence_f1 >= 0.907, report.render()


def test_no_gold_line_that_passed_fails_now(gold_report: EventReport) -> None:
    """Regenerate with `multipolar eval tests/gold/events.jsonl --record
    tests/gold/events.record.tsv`; a line that passed and now fails needs a note there."""
    record = read_record(RECORD)
    assert {line.id for line in gold_report.lines} == set(record), "record out of date"
    failing = regressions(gold_report, record)
    assert not failing, f"gold lines that passed and fail now: {failing}"


def test_coder_on_the_blind_random_dev_draw(analyzer: Analyzer) -> None:
    """The dev half of the blind random draw (no filter, one-sided events coded): floors 1.5 to
    2 points under the measured figures (the test half is scored once, by hand, never here)."""
    report = evaluate_events(RANDOM_DEV, analyzer=analyzer)
    assert report.one_sided
    # measured (session 7): F1 0.566, P 0.744, R 0.457, sentences with an event F1 0.706;
    # floors 1.5 to 2 points under
    assert report.f1 >= 0.551, report.render()
    assert report.precision >= 0.729, report.render()
    assert report.recall >= 0.442, report.render()
    assert report.sentence_f1 >= 0.691, report.render()


def test_coder_on_the_retired_random2_draw(analyzer: Analyzer) -> None:
    """The retired test file of blind draw 2 (600 sentences, now in the tuning pool): floors 1.5
    points under the measured figures, which the statement rules (docs/events.md
    "Statements"), recall round 3 and the conflict round raised from F1 0.120."""
    report = evaluate_events(RANDOM2, analyzer=analyzer)
    assert report.one_sided
    # measured (session 8): F1 0.387, P 0.515, R 0.309, sentences with an event F1 0.651
    # (session 7: 0.368, 0.500, 0.291, 0.643; the conflict round of session 4 left 0.321,
    # 0.458, 0.247, 0.582; before it 0.256, 0.381, 0.193, 0.553)
    assert report.f1 >= 0.372, report.render()
    assert report.precision >= 0.500, report.render()
    assert report.recall >= 0.294, report.render()
    assert report.sentence_f1 >= 0.636, report.render()
