"""GeoStage: the gazetteer on names, disambiguation by the document's countries, the stage."""

from __future__ import annotations

import pytest

from multipolar.model import AnalysisResult, Document
from multipolar.pipeline.base import Parsed
from multipolar.pipeline.geo import GeoStage, gazetteer, places_in_sentence


@pytest.mark.parametrize(
    ("name", "country", "feature"),
    [
        ("Russia", "RUS", "country"),
        ("the United States", "USA", "country"),
        ("U.S.", "USA", "country"),
        ("Britain", "GBR", "country"),
        ("Taiwan", "TWN", "country"),
        ("Moscow", "RUS", "capital"),
        ("Kyiv", "UKR", "capital"),
        ("Kiev", "UKR", "capital"),
        ("Aleppo", "SYR", "city"),
        ("Raqqa", "SYR", "city"),
        ("Washington", "USA", "capital"),
        ("Gaza Strip", "PSE", "region"),
        ("Crimea", "UKR", "region"),
        ("Texas", "USA", "state"),
        ("Georgia", "GEO", "country"),
        ("Syria's", "SYR", "country"),
    ],
)
def test_names_resolve(name: str, country: str, feature: str) -> None:
    place = gazetteer().resolve(name)
    assert place is not None
    assert (place.country, place.feature) == (country, feature)
    assert place.lat is not None and place.lon is not None


def test_continents_and_world_regions_have_no_country() -> None:
    europe = gazetteer().resolve("Europe")
    assert europe is not None and europe.feature == "continent" and europe.country is None
    middle_east = gazetteer().resolve("the Middle East")
    assert middle_east is not None and middle_east.country is None
    assert middle_east.lat is not None


def test_population_then_document_context_disambiguate() -> None:
    gaz = gazetteer()
    moscow = gaz.resolve("Moscow")
    assert moscow is not None and moscow.country == "RUS"
    assert 55 < moscow.lat < 56 and 37 < moscow.lon < 38  # type: ignore[operator]
    # Paris, France by population and fame; Paris, Texas in a story that names Texas
    assert gaz.resolve("Paris").country == "FRA"  # type: ignore[union-attr]
    assert gaz.resolve("Paris", context={"USA"}).country == "FRA"  # type: ignore[union-attr]
    texas = gaz.resolve("Paris", context={"USA", "USA.TX"})
    assert texas is not None and texas.country == "USA" and texas.lon < -90  # type: ignore[operator]
    # Geneva, Switzerland even in a story about the United States (Geneva, Illinois is small)
    assert gaz.resolve("Geneva", context={"USA"}).country == "CHE"  # type: ignore[union-attr]
    assert gaz.resolve("Moscow", context={"USA"}).country == "RUS"  # type: ignore[union-attr]


def test_transliterations_and_suffixes() -> None:
    gaz = gazetteer()
    assert gaz.resolve("Qamishli").country == "SYR"  # type: ignore[union-attr]  # Al Qāmishlī
    assert gaz.resolve("Hasakah").country == "SYR"  # type: ignore[union-attr]
    assert gaz.resolve("Raqqa city").feature == "city"  # type: ignore[union-attr]
    assert gaz.resolve("Euphrates").feature == "river"  # type: ignore[union-attr]


def test_person_names_are_not_towns() -> None:
    # "Pompeo" is only an alternate name of a small Brazilian town
    assert gazetteer().resolve("Pompeo") is None


def test_unknown_names() -> None:
    assert gazetteer().resolve("Xqzzyville") is None


def test_country_coordinates_lie_inside_the_country() -> None:
    # population-weighted centres: rough boxes around each country
    boxes = {"FRA": (41, 52, -5, 10), "CHN": (18, 54, 73, 135), "BRA": (-34, 6, -74, -34),
             "USA": (24, 50, -125, -66), "RUS": (41, 82, 19, 180)}
    for iso3, (lat0, lat1, lon0, lon1) in boxes.items():
        place = gazetteer().country(iso3)
        assert place is not None and place.lat is not None and place.lon is not None
        assert lat0 < place.lat < lat1 and lon0 < place.lon < lon1, iso3


def test_stage_on_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Texas officials met in Paris, a small town near Dallas. "
            "Later the delegation flew to Moscow.")
    doc = nlp(text)
    item = Parsed(doc, AnalysisResult(document=Document(text=text)))
    places = GeoStage()(item).result.places
    by_name = {p.name: p for p in places}
    assert by_name["Paris"].country == "USA"  # Texas and Dallas put the story in the US
    assert by_name["Moscow"].country == "RUS"
    for place in places:
        assert text[place.start:place.end] == place.name
    first = places_in_sentence(places, 0)
    assert first and first[0].feature in {"city", "capital"}


def test_seed_places(seed_result) -> None:  # type: ignore[no-untyped-def]
    by_name = {p.name: p for p in seed_result.places}
    moscow = by_name["Moscow"]
    assert (moscow.country, moscow.feature) == ("RUS", "capital")
    assert round(moscow.lat, 1) == 55.8 and round(moscow.lon, 1) == 37.6
    assert by_name["Taiwan"].country == "TWN"
    assert by_name["Ukraine"].country == "UKR"
    assert by_name["U.S."].country == "USA"
    assert by_name["Iran"].country == "IRN"
    assert by_name["Europe"].feature == "continent"
