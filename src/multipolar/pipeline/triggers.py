"""What a trigger match is: a lexicon row (ours or PETRARCH's) that fired at a token."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from multipolar.lexicon.verbs import Flag

__all__ = ["Matcher", "TriggerMatch"]


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """A lexicon row (ours or PETRARCH's) matched at a token.

    `target_slots` says where to look for the target (our rows); `target_tokens` /
    `source_tokens`, when not None, give the noun phrases directly (PETRARCH `+` / `$` marks).
    """

    trigger: Token
    code: str
    rule: str
    pos: str  # VERB | NOUN
    extra: tuple[Token, ...] = ()  # particle / object tokens, for the evidence span
    obj: Token | None = None  # the required object, never a target itself
    target_slots: tuple[str, ...] = ("dobj",)
    target_tokens: tuple[Token, ...] | None = None
    source_tokens: tuple[Token, ...] | None = None
    flags: frozenset[Flag] = field(default_factory=frozenset)
    reverse_code: str | None = None  # PETRARCH [042:043]: the target→source code; "" code = none


Matcher = Callable[[Token], "TriggerMatch | None"]
"""A matcher: the row that fires at a token, or None."""
