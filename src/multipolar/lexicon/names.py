"""Names for actor codes, from the lexicon data: "TURGOV" → "Turkey (government)".

One place that turns the codes the coder emits into the words an analyst reads, used by the CLI
tables and briefs, the HTTP API (`actor1_label`…) and the dashboard (name shown, code on hover):

- a country, region, IGO or group code with its own row in `countries.tsv`, `regions.tsv`,
  `igos.tsv` or `groups.tsv` gets that row's name ("IGOUNO" → "United Nations", "KUR" →
  "Kurds", "IMGMUSISI" → "Islamic State");
- a country or IGO followed by type codes (3 letters each, `sectors.tsv`, from the CAMEO
  codebook) gets the types in brackets: "RUSGOV" → "Russia (government)", "USAMILREB" →
  "United States (military, rebels)", "IGOUNOKID" keeps its own row "UN Children's Fund";
- anything else is shown as the code itself (never a guess).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from multipolar.lexicon.actors import state_codes
from multipolar.lexicon.tsv import read_package_tsv

__all__ = ["ActorName", "actor_label", "actor_name", "country_codes", "is_country", "name_table",
           "search_actors"]


@dataclass(frozen=True, slots=True)
class ActorName:
    code: str
    name: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name}


@functools.cache
def name_table() -> dict[str, str]:
    """Every code that has a name of its own in the lexicon data → that name."""
    names: dict[str, str] = {}
    for _, row in read_package_tsv("groups.tsv", ("id", "name", "aliases", "code")):
        code = row["code"]
        # A group coded as a country's sector (HTS → SYRREB) does not name that sector.
        if code and code not in names and not _is_country_sector(code):
            names[code] = row["name"]
    for filename, columns in (("regions.tsv", ("code", "name")),
                              ("igos.tsv", ("code", "name")),
                              ("countries.tsv", ("code", "iso2", "name"))):
        for _, row in read_package_tsv(filename, columns):
            names[row["code"]] = row["name"]
    return names


@functools.cache
def _sectors() -> dict[str, str]:
    return {row["code"]: row["name"] for _, row in read_package_tsv("sectors.tsv",
                                                                     ("code", "name"))}


def country_codes() -> frozenset[str]:
    """Every country code of countries.tsv (the actor lexicon's `state_codes`)."""
    return state_codes()


def is_country(code: str | None) -> bool:
    """True for a country code of countries.tsv ("TUR"), false for regions, IGOs, groups."""
    return bool(code) and code in state_codes()


def is_sector(code: str | None) -> bool:
    """True for a bare CAMEO type code ("COP", "MIL"): an agent whose country is unknown."""
    return bool(code) and code in _sectors()


def _is_country_sector(code: str) -> bool:
    return len(code) > 3 and code[:3] in state_codes()


@functools.lru_cache(maxsize=4096)
def actor_name(code: str | None) -> str:
    """The name to show for an actor code ("" for None); the code itself when unknown."""
    if not code:
        return ""
    code = code.strip().upper()
    names = name_table()
    if code in names:
        return names[code]
    if code in _sectors():  # a bare type code: "IMG", "REB"
        return _sectors()[code]
    # the longest prefix with a name of its own, then type codes in blocks of three
    for cut in range(len(code) - 3, 2, -3):
        head, rest = code[:cut], code[cut:]
        if head in names and len(rest) % 3 == 0:
            types = [_sectors().get(rest[i:i + 3]) for i in range(0, len(rest), 3)]
            if all(types):
                return f"{names[head]} ({', '.join(t for t in types if t)})"
    return code


def actor_label(code: str | None) -> str:
    """Name and code together, for text output: "Turkey (government) [TURGOV]"."""
    if not code:
        return ""
    name = actor_name(code)
    return code if name == code else f"{name} [{code}]"


def search_actors(query: str, codes: list[str] | None = None, *, limit: int = 20
                  ) -> list[ActorName]:
    """Actors whose code starts with, or whose name contains, `query` (case-insensitive).

    `codes`: the codes to search (e.g. those in a store); by default every named code.
    Exact code matches first, then code prefixes, then names.
    """
    wanted = query.strip()
    if not wanted:
        return []
    upper, folded = wanted.upper(), wanted.casefold()
    pool = codes if codes is not None else list(name_table())
    ranked: list[tuple[int, str]] = []
    for code in pool:
        name = actor_name(code)
        if code == upper:
            rank = 0
        elif code.startswith(upper):
            rank = 1
        elif folded in name.casefold():
            rank = 2
        else:
            continue
        ranked.append((rank, code))
    ranked.sort(key=lambda rc: (rc[0], len(rc[1]), rc[1]))
    return [ActorName(code, actor_name(code)) for _, code in ranked[:limit]]
