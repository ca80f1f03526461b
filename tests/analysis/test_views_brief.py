"""Briefs: every number and text comes from the store; sections say when data is missing."""

from __future__ import annotations

import datetime as dt
import re

from views_factories import ARTICLE_A, build

from multipolar.analysis.brief import brief, collect
from multipolar.analysis.documents import stored_result
from multipolar.store import Store


def test_dyad_brief_numbers_evidence_amounts_and_quotes(world: Store) -> None:
    text = brief(world.con, "CHN", "RUS")
    assert text.startswith("# Brief: China (CHN) and Russia (RUS)\n")
    assert ("- 3 events between China (CHN) and Russia (RUS) (both directions), "
            "dated 2025-05-07 to 2025-05-07, reported in 2 documents from 2 sources.") in text
    assert "- By QuadClass: 3 verbal cooperation, 0 material cooperation" in text
    assert "- Mean Goldstein score: +6.0" in text
    assert "| 2025-05 | 3 | 3 | 0 | +6.0 |" in text
    # The evidence sentence of the top events and their source, escaped for Markdown.
    assert "> China and Russia signed an energy agreement worth $20 billion." in text
    assert "Source: Wire A, [Xi arrives in Moscow](https://example.org/a)" in text
    # The amount of the signing sentence, once although two copies of the story carry it.
    assert text.count("| $20 billion | 20,000,000,000 | USD | trade |") == 1
    # The quotation by a Russian government speaker, Markdown characters escaped.
    assert ("“\\*at their best\\* in history” — Vladimir Putin "
            "(Russia (government) (RUSGOV))") in text
    # The negated attack is not an event of this brief.
    assert "190" not in text and "Russia did not attack" not in text


def test_actor_brief_has_partners_and_trend(world: Store) -> None:
    text = brief(world.con, "UKR")
    assert "- 4 events involving Ukraine (UKR), dated 2025-04-10 to 2025-05-20" in text
    partners = text.split("## Partners", 1)[1].split("##", 1)[0]
    assert "| France (government) (FRAGOV) | 2 | +5.2 |" in partners
    assert re.search(r"the mean Goldstein score rose from -2\.0 to \+0\.1\.", text)
    assert "No amounts were found" in text and "No quotations were found" in text


def test_brief_for_a_period_only_counts_that_period(world: Store) -> None:
    text = brief(world.con, "USA", "CHN", since=dt.date(2025, 5, 1), until=dt.date(2025, 5, 31))
    assert "Period: 2025-05-01 to 2025-05-31." in text
    assert "- 2 events between United States (USA) and China (CHN)" in text
    assert "145 per cent" in text and "| tariff |" in text
    assert "praised" not in text  # the April 051 is outside the period


def test_brief_without_events_says_so(world: Store) -> None:
    text = brief(world.con, "DEU")
    assert "The store holds no events involving Germany (DEU) in this period." in text
    assert "##" not in text


def test_every_event_line_is_a_stored_event(world: Store) -> None:
    data = collect(world.con, "CHN")
    text = brief(world.con, "CHN")
    stored = {e["id"] for e in world.events(actor="CHN").to_dicts()}
    quoted = set(re.findall(r"event `([0-9a-f]+)`", text))
    assert quoted and quoted <= stored
    assert {e["id"] for e in data.events} <= stored


def test_stored_document_round_trips_the_records(world: Store) -> None:
    original = build(ARTICLE_A)
    restored = stored_result(world.con, original.document.id)
    assert restored is not None
    assert restored.document.text == original.document.text
    assert restored.document.published == original.document.published
    assert [(a.code, a.start, a.end) for a in restored.actors] == [
        (a.code, a.start, a.end) for a in original.actors]
    assert [(m.text, m.value, m.unit) for m in restored.amounts] == [
        (m.text, m.value, m.unit) for m in original.amounts]
    assert [(q.text, q.speaker_code) for q in restored.quotations] == [
        (q.text, q.speaker_code) for q in original.quotations]
    # One event per stored mention (source × target), with the deduplicated event's id.
    assert sorted((e.source, e.target, e.code, e.evidence.trigger_start)
                  for e in restored.events) == sorted(
        (e.source, e.target, e.code, e.evidence.trigger_start) for e in original.events)
    event_ids = {r["id"] for r in world.events(doc_id=original.document.id).to_dicts()}
    assert {e.id for e in restored.events} == event_ids
    assert stored_result(world.con, "0" * 16) is None
