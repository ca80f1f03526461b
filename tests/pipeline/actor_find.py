"""Look up an actor of a resolved text by its mention text (shared by the actor test modules)."""

from __future__ import annotations

from multipolar.model import Actor


def find(actors: tuple[Actor, ...], text: str) -> Actor | None:
    """The first actor whose mention text is `text`, or None."""
    return next((a for a in actors if a.text == text), None)
