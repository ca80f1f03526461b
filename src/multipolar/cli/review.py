"""`multipolar review`: mark coded events right or wrong, list the reviews, export them as gold.

    multipolar review mark 3f2a9c1d --not-event --by alice --why "aid target, not force"
    multipolar review mark 3f2a9c1d --code 036 --actor2 UKR --by alice --why "intent, not act"
    multipolar review list
    multipolar review export reviewed.jsonl   # then: multipolar eval reviewed.jsonl
"""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Annotated

import typer

from multipolar.cli.store import DEFAULT_DB, DbOption, JsonOption
from multipolar.errors import InputError
from multipolar.lexicon.names import actor_label
from multipolar.store import open_store

review_app = typer.Typer(help="Mark coded events right or wrong (stored with who, when and "
                              "why; applied to every view and export), list, export as gold.",
                         no_args_is_help=True)


def _default_reviewer() -> str:
    try:
        return os.environ.get("MULTIPOLAR_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        return ""


@review_app.command("mark")
def mark(
    event_id: Annotated[str, typer.Argument(help="Event id, or a unique prefix of 8+ chars.")],
    not_event: Annotated[bool, typer.Option(
        "--not-event", help="The sentence reports no such event.")] = False,
    right: Annotated[bool, typer.Option("--right", help="Checked: the coding is right.")
                     ] = False,
    code: Annotated[str | None, typer.Option(help="The right CAMEO code, e.g. 036.")] = None,
    actor1: Annotated[str | None, typer.Option(help="The right source actor code.")] = None,
    actor2: Annotated[str | None, typer.Option(help="The right target actor code.")] = None,
    by: Annotated[str | None, typer.Option(
        "--by", help="Who reviews (default: $MULTIPOLAR_REVIEWER or the login name).")] = None,
    why: Annotated[str, typer.Option("--why", help="Why (kept with the review).")] = "",
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Review one event: --not-event, --right, or a correction (--code/--actor1/--actor2)."""

    corrected = any(v is not None for v in (code, actor1, actor2))
    if sum((not_event, right, corrected)) != 1:
        raise InputError("give one verdict: --not-event, --right, or a correction with "
                         "--code/--actor1/--actor2")
    verdict = "not_event" if not_event else "correct" if right else "corrected"
    with open_store(db) as store:
        row = store.review(event_id, verdict, reviewer=by or _default_reviewer(), reason=why,
                           code=code, actor1=actor1, actor2=actor2)
    if as_json:
        typer.echo(json.dumps(row, indent=2, ensure_ascii=False))
        return
    typer.echo(f"reviewed event {row['event_id']}: {verdict.replace('_', ' ')} "
               f"(by {row['reviewer']}, {row['reviewed_at']})", err=True)


@review_app.command("list")
def list_reviews(
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(min=1, help="At most this many.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """The reviews, newest first."""

    with open_store(db, read_only=True) as store:
        rows = store.reviews(limit=limit)
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        typer.echo("no reviews yet; mark one with `multipolar review mark EVENT_ID ...`",
                   err=True)
        return
    for r in rows:
        was = (f"{actor_label(r['original_actor1']) or '-'} {r['original_code']} "
               f"{actor_label(r['original_actor2']) or '-'}")
        now = ""
        if r["verdict"] == "corrected":
            now = " → " + " ".join(filter(None, (
                actor_label(r["actor1"]) or None, r["code"] or None,
                actor_label(r["actor2"]) or None)))
        typer.echo(f"{r['reviewed_at']}  {r['reviewer']}  {r['event_id'][:8]}  "
                   f"{r['verdict']}: {was}{now}  {r['reason']}")


@review_app.command("export")
def export_gold(
    out: Annotated[str, typer.Argument(help="The gold JSONL file to write.")],
    db: DbOption = DEFAULT_DB,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
) -> None:
    """Write the reviewed sentences as a gold file that `multipolar eval` reads."""

    path = Path(out)
    if path.exists() and not overwrite:
        raise InputError(f"{path} exists; remove it or pass --overwrite")
    with open_store(db, read_only=True) as store:
        n = store.export_gold(path)
    typer.echo(f"wrote {n:,} reviewed sentence(s) to {path}; score the coder with "
               f"`multipolar eval {path}`", err=True)


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
