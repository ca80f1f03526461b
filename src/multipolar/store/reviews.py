"""Analysts' reviews of coded events: stored apart from the coding, applied to every view.

A review says of one deduplicated event (by id) either

- `not_event`: the sentence reports no such event ("six countries hit the 0.7% aid target" is
  not a use of military force): the event leaves the `events` table;
- `corrected`: the event is real but its code and/or actors are wrong: the `events` row takes
  the corrected code (with its label, QuadClass, Goldstein and PLOVER fields from the CAMEO
  table) and actors (with their names, countries and sectors);
- `correct`: checked and right, nothing changes but the `reviewed` flag.

Each review records who, when and why, and a copy of what was coded (code, actors, sentence),
so it can be exported as a gold line even once the event is gone. The latest review of an event
is the one applied. Reviews live in their own table: re-ingesting documents rebuilds `events`
rows from their mentions (`Store._recompute`), and the reviews of those events are then applied
again in the same transaction, so a correction survives any later ingest.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from multipolar.errors import InvalidArgument
from multipolar.lexicon.names import actor_name
from multipolar.model import stable_id
from multipolar.ontology import cameo
from multipolar.serialize import plain

VERDICTS = ("not_event", "corrected", "correct")
MAX_REASON = 2000
MAX_REVIEWER = 100

# The latest review of each event among `ids`.
_LATEST = """
    SELECT * FROM reviews WHERE event_id IN (SELECT unnest($ids::VARCHAR[]))
    QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY reviewed_at DESC, id DESC) = 1
"""


@dataclass(frozen=True, slots=True)
class Review:
    """One analyst's judgement of one event."""

    event_id: str
    verdict: str
    reviewer: str
    reason: str
    code: str | None = None
    actor1: str | None = None
    actor2: str | None = None


def check(review: Review) -> Review:
    """Validate a review (typed, actionable errors) and normalise its codes."""
    if review.verdict not in VERDICTS:
        raise InvalidArgument(f"verdict must be one of {', '.join(VERDICTS)}, "
                              f"got {review.verdict!r}")
    reviewer = review.reviewer.strip()
    if not reviewer or len(reviewer) > MAX_REVIEWER:
        raise InvalidArgument(f"give who reviews (1 to {MAX_REVIEWER} characters), "
                              "e.g. --by alice")
    reason = review.reason.strip()
    if len(reason) > MAX_REASON:
        raise InvalidArgument(f"the reason is {len(reason)} characters, above {MAX_REASON}")
    code = (review.code or "").strip() or None
    actor1 = (review.actor1 or "").strip().upper() or None
    actor2 = (review.actor2 or "").strip().upper() or None
    if review.verdict == "corrected":
        if code is None and actor1 is None and actor2 is None:
            raise InvalidArgument("a correction needs a new code and/or actors "
                                  "(--code 036, --actor1 RUSGOV, --actor2 UKR)")
        if code is not None and code not in cameo():
            raise InvalidArgument(f"{code!r} is not a CAMEO code; give one such as 036 or 190")
        for side in (actor1, actor2):
            if side is not None and not (3 <= len(side) <= 15 and side[:3].isalpha()
                                         and side.isalnum()):
                raise InvalidArgument(f"{side!r} is not an actor code; give one such as RUS, "
                                      "RUSGOV or IGOUNO")
    elif code or actor1 or actor2:
        raise InvalidArgument(f"a {review.verdict!r} review takes no code or actors; "
                              "use the verdict 'corrected'")
    return Review(review.event_id, review.verdict, reviewer, reason, code, actor1, actor2)


def add(con: Any, review: Review, *, when: dt.datetime | None = None) -> dict[str, Any]:
    """Record `review` (already checked, event id resolved) and apply it; return it as a dict.

    Runs inside the caller's transaction."""
    when = when or dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    # What was coded: from the events row if the event is still there, else from an earlier
    # review of it (an event marked "not an event" and reviewed again).
    found = con.execute(
        "SELECT code, actor1, actor2, first_doc_id, evidence, date FROM events WHERE id = ?",
        [review.event_id]).fetchall()
    if found:
        original = found[0]
        before = con.execute(
            "SELECT original_code, original_actor1, original_actor2 FROM reviews "
            "WHERE event_id = ? ORDER BY reviewed_at, id LIMIT 1", [review.event_id]).fetchall()
        if before:  # a corrected row shows the correction: keep the coder's own output
            original = (*before[0], *original[3:])
    else:
        earlier = con.execute(
            "SELECT original_code, original_actor1, original_actor2, doc_id, sentence, date "
            "FROM reviews WHERE event_id = ? ORDER BY reviewed_at, id LIMIT 1",
            [review.event_id]).fetchall()
        if not earlier:
            raise InvalidArgument(f"no event {review.event_id!r} in the store")
        original = earlier[0]
    review_id = stable_id("review", review.event_id, review.reviewer, when.isoformat(),
                          review.verdict, review.code or "", review.actor1 or "",
                          review.actor2 or "")
    row = {"id": review_id, "event_id": review.event_id, "verdict": review.verdict,
           "code": review.code, "actor1": review.actor1, "actor2": review.actor2,
           "reviewer": review.reviewer, "reason": review.reason, "reviewed_at": when,
           "original_code": original[0], "original_actor1": original[1],
           "original_actor2": original[2], "doc_id": original[3], "sentence": original[4],
           "date": original[5]}
    con.execute("INSERT OR REPLACE INTO reviews VALUES ($id, $event_id, $verdict, $code, "
                "$actor1, $actor2, $reviewer, $reason, $reviewed_at, $original_code, "
                "$original_actor1, $original_actor2, $doc_id, $sentence, $date)", row)
    if review.verdict != "not_event" and not found:
        raise InvalidArgument(f"event {review.event_id!r} was marked 'not an event'; it can "
                              "only be marked 'not_event' again (its coded row is gone)")
    apply(con, [review.event_id])
    return plain(row)


def apply(con: Any, event_ids: Iterable[str]) -> int:
    """Apply the latest review of each of `event_ids` to its `events` row; return how many."""
    ids = sorted(set(event_ids))
    if not ids:
        return 0
    latest = con.execute(_LATEST, {"ids": ids}).fetchall()
    names = [d[0] for d in con.description]
    applied = 0
    for values in latest:
        r = dict(zip(names, values, strict=True))
        applied += 1
        if r["verdict"] == "not_event":
            con.execute("DELETE FROM events WHERE id = ?", [r["event_id"]])
            continue
        con.execute("UPDATE events SET reviewed = true WHERE id = ?", [r["event_id"]])
        if r["verdict"] != "corrected":
            continue
        if r["code"]:
            c = cameo()[r["code"]]
            con.execute(
                "UPDATE events SET code = $code, base_code = left($code, 3), "
                "root_code = left($code, 2), label = $label, quad_class = $quad, "
                "goldstein = $goldstein, plover_event = $pe, plover_mode = $pm, "
                "plover_context = $pc WHERE id = $id",
                {"code": c.code, "label": c.label, "quad": c.quad_class,
                 "goldstein": c.goldstein, "pe": c.plover_event, "pm": c.plover_mode,
                 "pc": c.plover_context, "id": r["event_id"]})
        for side in ("actor1", "actor2"):
            code = r[side]
            if code:
                country, sector = _country_sector(code)
                # `side` is one of our two column prefixes, never user input
                con.execute(
                    f"UPDATE events SET {side} = $code, {side}_name = $name, "
                    f"{side}_country = $country, {side}_sector = $sector WHERE id = $id",
                    {"code": code, "name": actor_name(code), "country": country,
                     "sector": sector, "id": r["event_id"]})
    return applied


def reapply_all(con: Any) -> int:
    ids = [r[0] for r in con.execute("SELECT DISTINCT event_id FROM reviews").fetchall()]
    return apply(con, ids)


def listing(con: Any, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Every review, newest first."""
    query = "SELECT * FROM reviews ORDER BY reviewed_at DESC, id DESC"
    params: dict[str, Any] = {}
    if limit is not None:
        query += " LIMIT $limit"
        params["limit"] = limit
    cursor = con.execute(query, params)
    names = [d[0] for d in cursor.description]
    return [plain(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


def gold_lines(con: Any) -> list[dict[str, Any]]:
    """The reviewed sentences as gold lines for `multipolar eval` (tests/gold/events.jsonl's
    shape): each sentence with a reviewed event, and as `expected` every event the store holds
    for that sentence after the reviews (unreviewed events in it are taken as right), or
    `no_event` when none is left."""
    sentences = con.execute("""
        SELECT DISTINCT r.doc_id, m.sentence_index, m.sentence, d.published
        FROM reviews r
        JOIN mentions m ON m.event_id = r.event_id AND m.doc_id = r.doc_id
        JOIN documents d ON d.id = r.doc_id
        ORDER BY r.doc_id, m.sentence_index""").fetchall()
    out: list[dict[str, Any]] = []
    for doc_id, index, sentence, published in sentences:
        rows = con.execute("""
            SELECT DISTINCT e.actor1, e.actor2, e.code FROM mentions m
            JOIN events e ON e.id = m.event_id
            WHERE m.doc_id = ? AND m.sentence_index = ? AND e.actor1 IS NOT NULL
              AND e.actor2 IS NOT NULL AND m.modality IN ('asserted', 'reported', 'future')
            ORDER BY 1, 2, 3""", [doc_id, index]).fetchall()
        expected = [{"source": a, "target": b, "code": code} for a, b, code in rows]
        out.append({"id": f"review-{doc_id[:12]}-{index}", "text": sentence,
                    "date": published.isoformat() if published else None,
                    "expected": expected, "no_event": not expected})
    return out


def write_gold(con: Any, path: Path) -> int:
    lines = gold_lines(con)
    with path.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return len(lines)


def _country_sector(code: str) -> tuple[str | None, str | None]:
    if code.startswith(("IGO", "NGO")):
        return None, code[3:6] or None
    return code[:3], code[3:6] or None
