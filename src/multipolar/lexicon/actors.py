"""The actor lexicon: countries, regions, IGOs, role nouns and people, loaded from data files.

Every name is indexed by its token sequence (tokenized with spaCy's English tokenizer, the one the
models use), so the ActorStage finds phrases with one dict lookup per token and no regex. Each
entry keeps where it came from (`entry` ids such as "countries:RUS" or "people:xi-jinping#2") so
a resolved actor can say which line of which file coded it.

Extra sources given in `Settings.lexicons` ("petrarch:DIR" or "multipolar:DIR") are merged on
top of the bundled files: for a phrase they define, their entries replace ours.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from multipolar.config import LexiconSpec
from multipolar.errors import LexiconError
from multipolar.lexicon.actor_entries import (
    ORGANISATION_TYPES,
    ActorEntry,
    ActorLexicon,
    DeferredEntry,
    EntryKind,
    Match,
    Tenure,
    normalize_phrase,
    normalize_word,
    tokenize,
)
from multipolar.lexicon.petrarch_actors import load_petrarch_directory
from multipolar.lexicon.tsv import check_data_directory, read_package_tsv, read_tsv

__all__ = [
    "ORGANISATION_TYPES",
    "ActorEntry",
    "ActorLexicon",
    "ActorWords",
    "EntryKind",
    "Match",
    "Tenure",
    "actor_lexicon",
    "actor_words",
    "normalize_word",
    "plover_type",
    "state_codes",
    "tokenize",
]

# --- bundled data files -----------------------------------------------------------------------

_COUNTRY_COLUMNS = ("code", "iso2", "name", "aliases", "adjectives", "capitals", "seats")
_REGION_COLUMNS = ("code", "name", "aliases", "adjectives")
_IGO_COLUMNS = ("code", "name", "aliases")
_ROLE_COLUMNS = ("form", "sector", "plover", "person", "country")
_PEOPLE_COLUMNS = ("id", "name", "aliases", "code", "role", "start", "end")
_GROUP_COLUMNS = ("id", "name", "aliases", "code", "start", "end")
_CONTEXTUAL_COLUMNS = ("form", "code", "requires")


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _check_code(code: str, name: str, line: int, *, what: str) -> str:
    if not code or not code.isalpha() or not code.isupper() or len(code) % 3:
        raise LexiconError(name, line, f"{what} code {code!r} is not upper-case letters in "
                                       "groups of three (e.g. RUS, RUSGOV, IGOUNO)")
    return code


def _parse_date(raw: str, name: str, line: int) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise LexiconError(name, line, f"date {raw!r} is not YYYY-MM-DD") from None


def _rows(name: str, columns: Sequence[str], directory: Path | None
          ) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a bundled data file, or of the same file in a user directory."""
    if directory is None:
        return read_package_tsv(name, columns)
    path = directory / name
    return read_tsv(path.read_text(encoding="utf-8"), str(path), columns)


def _load_countries(lexicon: ActorLexicon, text: str | None = None,
                    name: str = "countries.tsv", directory: Path | None = None) -> None:
    rows = (read_tsv(text, name, _COUNTRY_COLUMNS) if text is not None
            else _rows(name, _COUNTRY_COLUMNS, directory))
    seen: set[str] = set()
    for line, row in rows:
        code = _check_code(row["code"], name, line, what="country")
        if len(code) != 3:
            raise LexiconError(name, line, f"country code {code!r} must have three letters")
        if code in seen:
            raise LexiconError(name, line, f"country {code} is listed twice")
        seen.add(code)
        ident = f"countries:{code}"
        country = ActorEntry(EntryKind.COUNTRY, ident, row["name"], code=code, country=code)
        for phrase in [row["name"], *_split(row["aliases"])]:
            lexicon.add(phrase, country)
        adjective = ActorEntry(EntryKind.ADJECTIVE, ident + "#adjective", row["name"],
                               code=code, country=code)
        for phrase in _split(row["adjectives"]):
            lexicon.add(phrase, adjective)
        capital = ActorEntry(EntryKind.CAPITAL, ident + "#capital", row["name"], code=code,
                             country=code, sector="GOV")
        for phrase in _split(row["capitals"]):
            lexicon.add(phrase, capital)
        for seat in _split(row["seats"]):
            phrase, _, sector = seat.partition("=")
            sector = _check_code(sector or "GOV", name, line, what="sector")
            entry = ActorEntry(EntryKind.SEAT, f"{ident}#seat:{phrase.strip()}", phrase.strip(),
                               code=code, country=code, sector=sector)
            lexicon.add(phrase, entry)


def _load_regions(lexicon: ActorLexicon, directory: Path | None = None) -> None:
    name = "regions.tsv"
    for line, row in _rows(name, _REGION_COLUMNS, directory):
        code = _check_code(row["code"], name, line, what="region")
        region = ActorEntry(EntryKind.REGION, f"regions:{code}", row["name"], code=code)
        for phrase in [row["name"], *_split(row["aliases"])]:
            lexicon.add(phrase, region)
        adjective = ActorEntry(EntryKind.ADJECTIVE, f"regions:{code}#adjective", row["name"],
                               code=code)
        for phrase in _split(row["adjectives"]):
            lexicon.add(phrase, adjective)


def _load_igos(lexicon: ActorLexicon, directory: Path | None = None) -> None:
    name = "igos.tsv"
    for line, row in _rows(name, _IGO_COLUMNS, directory):
        code = _check_code(row["code"], name, line, what="IGO")
        if code[:3] not in {"IGO", "NGO"}:
            raise LexiconError(name, line, f"IGO code {code!r} must start with IGO or NGO")
        entry = ActorEntry(EntryKind.IGO, f"igos:{code}", row["name"], code=code)
        for phrase in [row["name"], *_split(row["aliases"])]:
            lexicon.add(phrase, entry)


def _load_contextual(lexicon: ActorLexicon) -> None:
    name = "contextual.tsv"
    for line, row in read_package_tsv(name, _CONTEXTUAL_COLUMNS):
        code = _check_code(row["code"], name, line, what="country")
        requires = tuple(_check_code(c, name, line, what="required")
                         for c in _split(row["requires"]))
        if not requires:
            raise LexiconError(name, line, "requires must name at least one country code")
        entry = ActorEntry(EntryKind.CONTEXTUAL, f"contextual:{row['form']}", row["form"],
                           code=code, country=code, requires=requires)
        lexicon.add(row["form"], entry)


def _load_roles(lexicon: ActorLexicon, directory: Path | None = None,
                name: str = "roles.tsv", *, seen: dict[str, str] | None = None) -> None:
    """roles.tsv or agents.tsv (same columns); `seen` maps forms already loaded to their file,
    so a form listed in both files is an error."""
    prefix = name.removesuffix(".tsv")
    seen = {} if seen is None else seen
    for line, row in _rows(name, _ROLE_COLUMNS, directory):
        form = row["form"]
        if form in seen:
            raise LexiconError(name, line, f"role {form!r} is already listed in {seen[form]}")
        seen[form] = name
        sector = _check_code(row["sector"], name, line, what="sector")
        if row["person"] not in {"", "yes"}:
            raise LexiconError(name, line, f"person must be 'yes' or empty, got {row['person']!r}")
        country = row["country"] or None
        if country is not None:
            _check_code(country, name, line, what="country")
        entry = ActorEntry(EntryKind.ROLE, f"{prefix}:{row['form']}", row["form"], code=sector,
                           country=country, sector=sector, plover=row["plover"] or None,
                           individual=row["person"] == "yes")
        lexicon.add(row["form"], entry)
        if country is not None and row["form"].isalpha() and len(row["form"]) <= 5:
            lexicon.add(row["form"].upper(), entry)  # "pla" -> also "PLA"


def _load_dated(lexicon: ActorLexicon, name: str, columns: Sequence[str], kind: EntryKind,
                roles: set[str] | None, directory: Path | None = None, *,
                ids: dict[str, str] | None = None) -> None:
    """people.tsv / people_world.tsv / groups.tsv / organisations.tsv: rows grouped by id,
    each row one dated code.

    An optional last column `source` says where the row's fact comes from; it is kept on the
    row's Tenure. `ids` maps ids already loaded from another file to that file: an id may not
    appear in two files.
    """
    prefix = name.removesuffix(".tsv")
    rows: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, row in _rows(name, columns, directory):
        if not row["id"] or not row["name"]:
            raise LexiconError(name, line, "id and name are required")
        if ids is not None:
            other = ids.get(row["id"])
            if other is not None and other != name:
                raise LexiconError(name, line, f"id {row['id']!r} is already used in {other}")
            ids[row["id"]] = name
        rows.setdefault(row["id"], []).append((line, row))
    for ident, entity_rows in rows.items():
        tenures = []
        aliases: list[str] = []
        for number, (line, row) in enumerate(entity_rows, start=1):
            code = _check_code(row["code"], name, line, what="actor")
            start = _parse_date(row["start"], name, line)
            end = _parse_date(row["end"], name, line)
            if start and end and end <= start:
                raise LexiconError(name, line, f"end {end} is not after start {start}")
            role = row.get("role") or None
            if roles is not None and role not in roles:
                raise LexiconError(name, line, f"role {role!r} is not a form in roles.tsv")
            tenures.append(Tenure(code, start, end, role, f"{prefix}:{ident}#{number}",
                                  source=row.get("source") or None))
            aliases += [a for a in _split(row["aliases"]) if a not in aliases]
        _check_overlaps(name, entity_rows[0][0], ident, tenures)
        first = entity_rows[0][1]
        country = tenures[0].code[:3]
        entry = ActorEntry(kind, f"{prefix}:{ident}", first["name"], country=country,
                           code=tenures[0].code if len(tenures) == 1 else None,
                           individual=kind == EntryKind.PERSON, tenures=tuple(tenures))
        for phrase in [first["name"], *aliases]:
            lexicon.add(phrase, entry)
        if kind == EntryKind.PERSON:
            lexicon.add_surname(first["name"], entry,
                                family_first=country.lower() in actor_words().family_first)


def _check_overlaps(name: str, line: int, ident: str, tenures: list[Tenure]) -> None:
    """Two offices of one person may overlap only if they give the same code."""
    for i, a in enumerate(tenures):
        for b in tenures[i + 1:]:
            if a.code == b.code:
                continue
            a_start, b_start = a.start or dt.date.min, b.start or dt.date.min
            a_end, b_end = a.end or dt.date.max, b.end or dt.date.max
            if a_start < b_end and b_start < a_end:
                raise LexiconError(name, line, f"{ident}: {a.entry} and {b.entry} overlap "
                                               f"with different codes ({a.code}, {b.code})")


def bundled_lexicon() -> ActorLexicon:
    """The lexicon built from the package's data files (a fresh object each call)."""
    lexicon = ActorLexicon()
    _load_countries(lexicon)
    _load_regions(lexicon)
    _load_igos(lexicon)
    _load_contextual(lexicon)
    forms: dict[str, str] = {}
    _load_roles(lexicon, seen=forms)
    _load_roles(lexicon, name="agents.tsv", seen=forms)
    roles = {e.name for e in lexicon.entries.values() if e.kind == EntryKind.ROLE}
    ids: dict[str, str] = {}
    for name in _PEOPLE_FILES:
        if _package_has(name):
            _load_dated(lexicon, name, _PEOPLE_COLUMNS, EntryKind.PERSON, roles, ids=ids)
    _load_dated(lexicon, "groups.tsv", _GROUP_COLUMNS, EntryKind.ACTOR, None)
    _load_dated(lexicon, "organisations.tsv", _GROUP_COLUMNS, EntryKind.ACTOR, None)
    return lexicon


# People files read in this order; people_world.tsv (heads of state and government and
# ministers of every state) is optional. An id may appear in one file only.
_PEOPLE_FILES = ("people.tsv", "people_world.tsv", "people_news.tsv")


def _package_has(name: str) -> bool:
    from importlib import resources

    return resources.files("multipolar.lexicon").joinpath("data", name).is_file()


def _load_source(spec: str) -> ActorLexicon:
    source = LexiconSpec.parse(spec)
    if source.kind == "petrarch":
        return load_petrarch_directory(source.directory)
    return _load_multipolar_directory(source.directory)


def _load_multipolar_directory(directory: Path) -> ActorLexicon:
    """A directory with files in our own format and names (countries.tsv, regions.tsv,
    igos.tsv, roles.tsv, agents.tsv, people.tsv, people_world.tsv, people_news.tsv, groups.tsv,
    organisations.tsv); any subset.
    People's roles are checked against the bundled roles plus the directory's."""
    known = ("countries.tsv", "regions.tsv", "igos.tsv", "roles.tsv", "agents.tsv",
             "people.tsv", "people_world.tsv", "people_news.tsv", "groups.tsv",
             "organisations.tsv")
    check_data_directory(directory)  # it may hold only other stages' files
    present = {name for name in known if (directory / name).is_file()}
    lexicon = ActorLexicon()
    if "countries.tsv" in present:
        _load_countries(lexicon, directory=directory)
    if "regions.tsv" in present:
        _load_regions(lexicon, directory)
    if "igos.tsv" in present:
        _load_igos(lexicon, directory)
    forms: dict[str, str] = {}
    for name in ("roles.tsv", "agents.tsv"):
        if name in present:
            _load_roles(lexicon, directory, name, seen=forms)
    ids: dict[str, str] = {}
    for name in _PEOPLE_FILES:
        if name in present:
            roles = {e.name for e in bundled_lexicon().entries.values()
                     if e.kind == EntryKind.ROLE}
            roles |= {e.name for e in lexicon.entries.values() if e.kind == EntryKind.ROLE}
            _load_dated(lexicon, name, _PEOPLE_COLUMNS, EntryKind.PERSON, roles, directory,
                        ids=ids)
    for name in ("groups.tsv", "organisations.tsv"):
        if name in present:
            _load_dated(lexicon, name, _GROUP_COLUMNS, EntryKind.ACTOR, None, directory)
    return lexicon


@functools.cache
def state_codes() -> frozenset[str]:
    """The three-letter codes of the states in the bundled countries.tsv."""
    return frozenset(row["code"] for _, row in read_package_tsv("countries.tsv",
                                                                _COUNTRY_COLUMNS))


@functools.cache
def _plover_types() -> dict[str, str]:
    types: dict[str, str] = {}
    for _, row in read_package_tsv("roles.tsv", _ROLE_COLUMNS):
        if row["plover"]:
            types.setdefault(row["sector"], row["plover"])
    return types


def plover_type(code: str | None) -> str | None:
    """The PLOVER actor type of a CAMEO actor code ("RUSGOV" -> "GOV", "SYRINS" -> "REB",
    "IGOUNO" -> "IGO"), from the sector column of roles.tsv; None if it has no sector."""
    if not code:
        return None
    if code.startswith(("IGO", "NGO")):
        return code[:3]
    if code.startswith("IMG"):
        return "REB"
    return _plover_types().get(code[3:6]) if len(code) >= 6 else None


# keyed on Settings.lexicons: a few entries, each a whole lexicon
@functools.lru_cache(maxsize=16)
def actor_lexicon(sources: tuple[str, ...] = (), *, base: bool = True) -> ActorLexicon:
    """The bundled lexicon, on top of the Phoenix base knowledge (`base`), merged with
    `sources` (later sources win), loaded once."""
    with _no_gc():
        curated = bundled_lexicon()
        if base:
            lexicon = phoenix_lexicon(curated)
            lexicon.merge(curated)
        else:
            lexicon = curated
        for spec in sources:
            lexicon.merge(_load_source(spec))
    return lexicon


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading: building ~100,000 small objects
    otherwise sets off a full collection again and again (over half the load time). The
    objects built here hold no cycles; the collector's previous state is restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- Phoenix base knowledge (converted by scripts/convert_phoenix.py) -------------------------

_PHOENIX_ACTOR_COLUMNS = ("id", "name", "aliases", "code", "start", "end", "source")
_PHOENIX_AGENT_COLUMNS = ("form", "sector", "source")


def phoenix_lexicon(curated: ActorLexicon | None = None) -> ActorLexicon:
    """The Phoenix actors and agents shipped in the package, as entries of source "phoenix".

    A Phoenix term of office with no end is cut where the curated people file starts another
    holder of the same code after it (the Phoenix files stop in 2014; the curated rows carry the
    later terms), so a stale office holder becomes a former one (ELI) on later dates.

    This runs at every start-up on 36,000 rows, so it works on cell tuples, normalises each
    alias once and skips the curated-phrase checks for aliases that cannot hit them.
    """
    lexicon = ActorLexicon()
    starts = _curated_starts(curated) if curated is not None else {}
    people = _person_keys(curated) if curated is not None else frozenset()
    keys = frozenset(curated._table) if curated is not None else frozenset()
    names = _name_keys(curated) if curated is not None else frozenset()
    people_firsts = frozenset(k[0] for k in people)
    name_firsts = frozenset(k[0] for k in names)
    # a phrase made of curated phrases starts with a curated phrase's first word (or a joining
    # word) and ends with a curated phrase's last word (or a joining word)
    composed_firsts = frozenset(k[0] for k in keys) | _JOINING_WORDS
    composed_lasts = frozenset(k[-1] for k in keys) | _JOINING_WORDS

    def composed(key: tuple[str, ...]) -> bool:
        return (len(key) >= 2 and key[0] in composed_firsts and key[-1] in composed_lasts
                and _composed(key, keys))

    name = "phoenix_actors.tsv"
    rows: dict[str, list[tuple[int, list[str]]]] = {}
    for line, cells in _fast_rows(name, _PHOENIX_ACTOR_COLUMNS):
        group = rows.get(cells[0])
        if group is None:
            rows[cells[0]] = [(line, cells)]
        else:
            group.append((line, cells))
    def build(ident: str, entity_rows: list[tuple[int, list[str]]], aliases: list[str],
              phrase_keys: list[tuple[str, ...]]
              ) -> tuple[ActorEntry, frozenset[tuple[str, ...]]] | None:
        if people and any(k in people for k in phrase_keys):
            return None  # a person the curated people file has: its rows (and dates) win
        # "President Obama" would hide curated Obama, "US Senate" the curated composition of a
        # country and a role (USALEG)
        kept = frozenset(k for k in phrase_keys
                         if not _holds_person(k, people, people_firsts) and not composed(k))
        if not kept:
            return None
        tenures: list[Tenure] = []
        default: str | None = None
        for number, (line, cells) in enumerate(entity_rows, start=1):
            code = _check_code(cells[3], name, line, what="actor")
            if not cells[4] and not cells[5]:
                default = code
                continue
            start = _parse_date(cells[4], name, line)
            end = _parse_date(cells[5], name, line)
            if end is None and start is not None:
                end = _cut(starts.get(code, ()), start)
            tenures.append(Tenure(code, start, end, None, f"phoenix:{ident}#{number}",
                                  source=cells[6]))
        entry = ActorEntry(
            EntryKind.ACTOR, f"phoenix:{ident}", entity_rows[0][1][1],
            code=default if not tenures else None,
            country=(tenures[0].code[:3] if tenures else None),
            individual=bool(tenures), source="phoenix", tenures=tuple(tenures))
        return entry, kept

    add_key = lexicon._add_key
    for ident, entity_rows in rows.items():
        first = entity_rows[0][1]
        # columns: id, name, aliases, code, start, end, source
        dated = any(cells[4] or cells[5] for _, cells in entity_rows)
        # a person (dated codes) counts only in office: the record's undated code (often ELI,
        # "at all other times") is left out, and so are one-word names ("Hassan")
        aliases = [a for a in first[2].split("|") if a and (not dated or " " in a)]
        if not aliases:
            continue
        phrase_keys = [tuple(normalize_phrase(a).split(" ")) for a in aliases]
        record = DeferredEntry(functools.partial(build, ident, entity_rows, aliases, phrase_keys))
        for alias, key in zip(aliases, phrase_keys, strict=True):
            add_key(tuple(alias.split(" ")), key, record)
    name = "phoenix_agents.tsv"
    for line, cells in _fast_rows(name, _PHOENIX_AGENT_COLUMNS):
        form = cells[0]
        sector = _check_code(cells[1], name, line, what="sector")
        entry = ActorEntry(EntryKind.ROLE, f"phoenix:{form}", form, code=sector,
                           sector=sector, source="phoenix")
        tokens = tuple(form.split(" "))
        key = tuple(normalize_phrase(form).split(" "))
        if not _holds_name(key, names, name_firsts) and not composed(key):
            add_key(tokens, key, entry)  # "members of congress" would hide Congress
    return lexicon


def _person_keys(curated: ActorLexicon) -> frozenset[tuple[str, ...]]:
    """The phrase keys of the curated people."""
    return frozenset(key for key, bucket in curated._buckets()
                     if any(e.kind == EntryKind.PERSON for _, e in bucket))


_JOINING_WORDS = frozenset({"of", "the", "'s", "and", "for", "-", "in"})


def _name_keys(curated: ActorLexicon) -> frozenset[tuple[str, ...]]:
    """Keys of curated names (countries, demonyms, capitals, seats, regions, IGOs, people)."""
    named = {EntryKind.COUNTRY, EntryKind.ADJECTIVE, EntryKind.CAPITAL, EntryKind.SEAT,
             EntryKind.REGION, EntryKind.IGO, EntryKind.PERSON}
    return frozenset(key for key, bucket in curated._buckets()
                     if any(e.kind in named for _, e in bucket))


def _holds_name(key: tuple[str, ...], names: frozenset[tuple[str, ...]],
               firsts: frozenset[str]) -> bool:
    n = len(key)
    if firsts.isdisjoint(key):
        return False
    return any(key[i:j] in names for i in range(n) if key[i] in firsts
               for j in range(i + 1, min(n, i + _LONGEST_NAME) + 1))


def _composed(key: tuple[str, ...], keys: frozenset[tuple[str, ...]]) -> bool:
    """The phrase is two or more curated phrases (and joining words) in a row: the curated
    rules compose it ("US Senate" = country + role)."""
    n = len(key)
    if n < 2:
        return False
    best = [-1] * (n + 1)  # fewest curated phrases covering key[:i] (-1: not coverable)
    best[0] = 0
    for i in range(n):
        if best[i] < 0:
            continue
        if key[i] in _JOINING_WORDS and (best[i + 1] < 0 or best[i] < best[i + 1]):
            best[i + 1] = best[i]
        for j in range(i + 1, n + 1):
            if key[i:j] in keys and (best[j] < 0 or best[i] + 1 < best[j]):
                best[j] = best[i] + 1
    return best[n] >= 2


_LONGEST_NAME = 4  # sub-phrases checked against curated names, in tokens


def _holds_person(key: tuple[str, ...], people: frozenset[tuple[str, ...]],
                  firsts: frozenset[str]) -> bool:
    """A proper sub-phrase of `key` is a curated person's name (`firsts`: their first words,
    to skip most sub-phrases at once)."""
    n = len(key)
    if n < 2 or firsts.isdisjoint(key):
        return False
    return any(key[i:j] in people for i in range(n) if key[i] in firsts
               for j in range(i + 1, min(n, i + _LONGEST_NAME) + 1) if j - i < n)


def _fast_rows(name: str, columns: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """Rows of a large generated file as cell lists in header order (no cell padding or
    stripping: the converter writes them exact); the header is checked as in read_tsv."""
    from importlib import resources

    text = resources.files("multipolar.lexicon").joinpath("data", name).read_text(
        encoding="utf-8")
    width = len(columns)
    header_seen = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line or line[0] == "#":
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(cells) != tuple(columns):
                raise LexiconError(name, number, f"header must be {list(columns)}, got {cells}")
            header_seen = True
            continue
        if len(cells) != width:
            raise LexiconError(name, number, f"{len(cells)} cells, header has {width}")
        yield number, cells


def _curated_starts(curated: ActorLexicon) -> dict[str, list[dt.date]]:
    """Start dates of the curated people's terms, by code, sorted."""
    starts: dict[str, list[dt.date]] = {}
    for entry in curated.entries.values():
        if entry.kind != EntryKind.PERSON:
            continue
        for tenure in entry.tenures:
            if tenure.start is not None:
                starts.setdefault(tenure.code, []).append(tenure.start)
    for dates in starts.values():
        dates.sort()
    return starts


def _cut(starts: Sequence[dt.date], start: dt.date) -> dt.date | None:
    """The first curated start of the same code after `start` (None: keep it open)."""
    import bisect

    k = bisect.bisect_right(starts, start)
    return starts[k] if k < len(starts) else None


# --- word lists -------------------------------------------------------------------------------

_WORD_COLUMNS = ("list", "word", "value")
_VALUED_LISTS = frozenset({"state_sector", "group_noun", "agent_modifier", "name_type"})
_WORD_LISTS = frozenset({"locative", "directional", "motion", "place_noun", "part_noun",
                         "place_verb", "topic_noun", "generic_role", "any_body", "former",
                         "honorific", "stance_prefix", "backing", "possessive_pronoun",
                         "deploy_verb", "stateless_modifier", "allegiance", "partner_noun",
                         "compass", "border_noun", "exit_verb", "nation_noun",
                         "topic_head", "example_noun", "owning_role", "of_topic",
                         "posting_verb", "removal", "family_first", "homeland"}
                        | _VALUED_LISTS)


@dataclass(frozen=True, slots=True)
class ActorWords:
    """The word lists of actor_words.tsv (see its header for what each list is for)."""

    locative: frozenset[str]
    directional: frozenset[str]
    motion: frozenset[str]
    place_noun: frozenset[str]
    part_noun: frozenset[str]
    place_verb: frozenset[str]
    topic_noun: frozenset[str]
    generic_role: frozenset[str]
    any_body: frozenset[str]
    former: frozenset[str]
    honorific: frozenset[str]
    stance_prefix: frozenset[str]
    backing: frozenset[str]
    possessive_pronoun: frozenset[str]
    deploy_verb: frozenset[str]
    stateless_modifier: frozenset[str]  # "international forces": of no one state
    allegiance: frozenset[str]  # "fighters allied to the SDF": whose the agent is
    partner_noun: frozenset[str]  # "its ally in Ankara": the place is the partner
    compass: frozenset[str]  # "northern Syria": a location
    border_noun: frozenset[str]  # "the frontier with Iraq": a location
    exit_verb: frozenset[str]  # "left Syria": the country is a place
    nation_noun: frozenset[str]  # "the Syrian people": the nation, its country alone
    topic_head: frozenset[str]  # "policymaking on Iran": a topic
    example_noun: frozenset[str]  # "countries such as Jordan": places
    owning_role: frozenset[str]  # "UK government advice": the body is the actor
    of_topic: frozenset[str]  # "the reconstruction of Syria": the country is a topic
    posting_verb: frozenset[str]  # "a police official posted in Shopian": places the agent
    removal: frozenset[str]  # "withdraw troops from Syria": the place they leave
    family_first: frozenset[str]  # countries (lower case) whose names put the family name first
    homeland: frozenset[str]  # "kur syr": a stateless people (code) lives in that state

    def may_place(self, people: str, state: str) -> bool:
        """May the forces of a stateless people (`people`, "KUR") be that state's rebels? Only
        in a state of its homeland when homeland rows list any for it ("Kurdish forces" in a
        sentence placed in London are no British rebels)."""
        prefix = people.lower() + " "
        own = [pair for pair in self.homeland if pair.startswith(prefix)]
        return not own or prefix + state.lower() in own
    state_sector: frozenset[str]  # sector codes ("GOV", "MIL"…)
    group_noun: dict[str, str | None]  # "nations" -> None, "governments" -> "GOV"
    agent_modifier: dict[str, str | None]  # "riot" -> "COP", "federal" -> None
    name_type: dict[str, str | None]  # last word of an unknown name -> its sector ("party")


def read_actor_words(text: str, name: str = "actor_words.tsv") -> ActorWords:
    """Parse and check an actor_words.tsv text."""
    lists: dict[str, dict[str, str | None]] = {key: {} for key in _WORD_LISTS}
    for line, row in read_tsv(text, name, _WORD_COLUMNS):
        kind, word, value = row["list"], row["word"], row["value"] or None
        if kind not in _WORD_LISTS:
            raise LexiconError(name, line, f"list {kind!r} is not one of "
                                           f"{', '.join(sorted(_WORD_LISTS))}")
        if not word or word != word.lower():
            raise LexiconError(name, line, f"word {word!r} must be non-empty lower case")
        if value is not None:
            if kind not in _VALUED_LISTS:
                raise LexiconError(name, line, f"list {kind!r} takes no value")
            _check_code(value, name, line, what="sector")
        if kind in {"state_sector", "name_type"} and value is None:
            raise LexiconError(name, line, f"a {kind} row needs its sector as value")
        if word in lists[kind]:
            raise LexiconError(name, line, f"{word!r} is listed twice in {kind}")
        lists[kind][word] = value
    sets = {k: frozenset(v) for k, v in lists.items() if k not in _VALUED_LISTS}
    return ActorWords(**sets,
                      state_sector=frozenset(v for v in lists["state_sector"].values() if v),
                      group_noun=dict(lists["group_noun"]),
                      agent_modifier=dict(lists["agent_modifier"]),
                      name_type=dict(lists["name_type"]))


@functools.cache
def actor_words() -> ActorWords:
    """The bundled word lists, read once (the one copy every stage uses)."""
    from importlib import resources

    name = "actor_words.tsv"
    text = resources.files("multipolar.lexicon").joinpath("data", name).read_text(
        encoding="utf-8")
    return read_actor_words(text, name)
