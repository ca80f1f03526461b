"""Request parameters shared by the JSON API and the dashboard pages: the patterns of ids and
actor codes, the period bounds, and their validation (one rule each, see `check_period`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Path, Query

from multipolar.analysis.common import check_period
from multipolar.store.core import MIN_ID_PREFIX

ACTOR_PATTERN = r"^[A-Za-z]{3}[A-Za-z0-9]{0,12}$"
CODE_PATTERN = r"^[0-9]{2,4}$"
# A document or event id, or a prefix of one: too short a prefix is answered by the store with
# "prefix too short" (the same rule and message as the CLI), not by this pattern.
ID_PATTERN = r"^[0-9a-fA-F]{1,64}$"
DOC_ID_PATTERN = ID_PATTERN
DYAD_PATTERN = r"^[A-Za-z0-9]{3,15}:[A-Za-z0-9]{3,15}$"
MAX_LIMIT = 500

Since = Annotated[dt.date | None, Query(description="first day included (YYYY-MM-DD)")]
Until = Annotated[dt.date | None, Query(description="last day included (YYYY-MM-DD)")]
Actor = Annotated[str, Path(pattern=ACTOR_PATTERN, description="actor code, e.g. CHN or RUSGOV")]
Directed = Annotated[bool, Query(
    description="false (default): A:B means events between A and B in either direction; "
                "true: only events from A to B")]
Historical = Annotated[bool, Query(
    description="include events dated to a past year the text mentions (left out by default)")]

__all__ = ["ACTOR_PATTERN", "CODE_PATTERN", "DOC_ID_PATTERN", "DYAD_PATTERN", "ID_PATTERN",
           "MAX_LIMIT", "MIN_ID_PREFIX", "Actor", "Directed", "Historical", "Since", "Until",
           "check_period"]
