"""evaluate_actors: scoring rules on a small hand-written gold file, and the real gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from multipolar.analyzer import Analyzer
from multipolar.errors import InputError
from multipolar.evaluate.actors import evaluate_actors, read_gold

GOLD = Path(__file__).resolve().parents[1] / "gold" / "actors.jsonl"


def write(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_scores_exact_country_sector_and_failures(tmp_path: Path, analyzer: Analyzer) -> None:
    gold = write(tmp_path / "g.jsonl", [{
        "id": "a", "date": "2025-05-07",
        "text": "Chinese President Xi Jinping arrived in Moscow. China and Russia signed deals. "
                "Russia protested.",
        "mentions": [
            {"text": "Chinese President Xi Jinping", "code": "CHNGOV"},
            {"text": "Moscow", "code": None},
            {"text": "China and Russia", "code": "CHN"},
            {"text": "China and Russia", "code": "RUS"},
            {"text": "Russia", "code": "RUSGOV"},  # the text names no sector: a failure
        ],
    }])
    report = evaluate_actors(gold, analyzer=analyzer)
    assert report.mentions == 4
    assert report.negatives == 1 and report.negatives_correct == 1
    assert report.exact == 3 and report.country == 4 and report.sector == 3
    assert len(report.failures) == 1
    data = report.to_dict()
    assert data["accuracy"]["exact"] == 0.75
    text = report.render()
    assert "exact code" in text and "RUSGOV" in text
    brief = report.render(max_failures=0)  # figures only: no mention shows
    assert "exact code" in brief and "RUSGOV" not in brief and "failures" not in brief


def test_gold_lookup_is_word_bounded(tmp_path: Path) -> None:
    gold = write(tmp_path / "g.jsonl", [{
        "id": "b", "date": None, "text": "Australian officials flew to Australia.",
        "mentions": [{"text": "Australia", "code": None}],
    }])
    (doc,) = read_gold(gold)
    assert doc.mentions[0].start == doc.text.index("to Australia") + 3


def test_bad_gold_line_names_its_number(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "text": "Hi", "mentions": []}\n{not json}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2"):
        read_gold(path)
    missing = write(tmp_path / "m.jsonl", [{"id": "y", "text": "Russia.", "date": None,
                                             "mentions": [{"text": "China", "code": "CHN"}]}])
    with pytest.raises(InputError, match="not found"):
        read_gold(missing)


def test_gold_file_size_and_rules() -> None:
    documents = read_gold(GOLD)
    coded = [m for d in documents for m in d.mentions if m.code]
    assert len(coded) >= 150
    assert (GOLD.parent / "ACTORS_RULES.md").exists()


@pytest.mark.slow
def test_gold_file_accuracy(analyzer: Analyzer) -> None:
    report = evaluate_actors(GOLD, analyzer=analyzer)
    assert report.mentions >= 150
    # measured (session 7): exact 0.981, country 0.984 (ACTORS_RULES.md); floors 1.5 points under
    assert report.rate(report.exact) >= 0.966
    assert report.rate(report.country) >= 0.969


def test_agents_coded_at_all_and_exact(tmp_path: Path, analyzer: Analyzer) -> None:
    gold = write(tmp_path / "a.jsonl", [{
        "id": "b", "date": "2024-05-07",
        "text": "Soldiers in Niger detained the president. Protesters marched. Judges resigned.",
        "mentions": [
            {"text": "Soldiers", "code": "NERMIL", "agent": True},
            {"text": "Protesters", "code": "---OPP", "agent": True},  # "---" + sector
            {"text": "Judges", "code": "LBRJUD", "agent": True},  # coded, not exactly
        ],
    }])
    report = evaluate_actors(gold, analyzer=analyzer)
    assert (report.agents, report.agents_coded, report.agents_exact) == (3, 3, 2)
    assert report.country == 2  # "OPP" alone has the country part "---" as the gold
    assert report.to_dict()["agents"]["coded_rate"] == 1.0
    assert "agents coded" in report.render()


DEV = GOLD.parent / "actors_random_dev.jsonl"


@pytest.mark.slow
def test_random_dev_accuracy(analyzer: Analyzer) -> None:
    # the dev half of the blind random draw (tuned on; the test half is scored once elsewhere):
    # measured (session 7) on 115 lines, exact 0.893, agents coded 0.981; floors 1.5 to 2
    # points under
    report = evaluate_actors(DEV, analyzer=analyzer)
    assert report.rate(report.exact) >= 0.877
    assert report.agent_rate(report.agents_coded) >= 0.962


RANDOM2 = GOLD.parent / "actors_random2_test.jsonl"


@pytest.mark.slow
def test_random2_accuracy(analyzer: Analyzer) -> None:
    # draw 2's test half, scored once (69.2% exact) and then retired into the tuning pool:
    # measured (session 8) on 852 coded mentions, exact 0.817 (session 7: 0.813), agents coded
    # 0.950; floors 1.5 points under
    report = evaluate_actors(RANDOM2, analyzer=analyzer)
    assert report.rate(report.exact) >= 0.802
    assert report.agent_rate(report.agents_coded) >= 0.935
