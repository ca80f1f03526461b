"""ActorStage: places that are locations or topics, nations, typed names and possessive places
(docs/actors.md, "Places, topics and names"). Each rule has a case it must code and one it must
leave alone."""

from __future__ import annotations

import pytest

from multipolar.model import Actor, Resolution
from multipolar.pipeline.actors import _dominant_city
from multipolar.pipeline.geo import PlaceCandidate


@pytest.fixture(scope="module")
def resolve(resolver):  # type: ignore[no-untyped-def]
    return resolver("2018-05-07")


def codes(actors: tuple[Actor, ...]) -> dict[str, str | None]:
    return {a.text: a.agent_code for a in actors}


def test_a_country_after_a_direction_word_is_a_location(resolve) -> None:  # type: ignore[no-untyped-def]
    found = codes(resolve("He sees northern Syria as Turkey's main security challenge."))
    assert not any("Syria" in text for text in found)
    assert found.get("Turkey") == "TUR"
    assert codes(resolve("Western powers condemned the attack.")).get("Western powers") == "WST"


def test_a_country_left_or_crossed_is_a_place(resolve) -> None:  # type: ignore[no-untyped-def]
    found = codes(resolve("When I left Syria, I was 18. Fighters kept crossing Turkey's border."))
    assert "Syria" not in found and "Turkey" not in found
    kept = codes(resolve("Trump's policies have left America isolated and alone, he said."))
    assert kept.get("America") == "USA"  # a complement: America is the one left so


def test_parts_borders_and_the_whole_of_a_country(resolve) -> None:  # type: ignore[no-untyped-def]
    found = codes(resolve("The territory is equivalent in size to the whole of Britain. "
                          "The militants held pockets of the frontier with Iraq. "
                          "The Americans must get out of Syria."))
    assert not {"Britain", "Iraq", "Syria"} & set(found)
    assert codes(resolve("Iran's proxy wars worry Riyadh.")).get("Iran") == "IRN"


def test_a_country_as_a_topic_or_an_example_is_no_actor(resolve) -> None:  # type: ignore[no-untyped-def]
    found = codes(resolve("Trump has been tweeting today but so far not about Syria. Refugees "
                          "live in countries such as Jordan and Lebanon."))
    assert not {"Syria", "Jordan", "Lebanon"} & {t.split()[0] for t in found}
    kept = codes(resolve("The test raised the question whether countries such as Australia "
                         "should seek missile defences."))
    assert kept.get("Australia") == "AUS"  # the countries are the subject: they act


def test_the_people_of_a_demonym_is_the_nation(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("The Syrian people will decide. Syrian activists said so.")
    people = next(a for a in actors if a.text.endswith("Syrian people"))
    assert people.code == "SYR" and people.resolution is Resolution.DEMONYM
    assert codes(actors).get("Syrian activists") == "SYROPP"


def test_a_demonym_before_a_jihadist_noun_gives_the_states_rebels(resolve) -> None:  # type: ignore[no-untyped-def]
    assert codes(resolve("British jihadists returned."))["British jihadists"] == "GBRREB"
    assert codes(resolve("Jihadists and Islamists attacked the town."))["Islamists"] == "IMGMUS"


def test_a_possessive_state_and_modifiers_join_the_agent(resolve) -> None:  # type: ignore[no-untyped-def]
    found = codes(resolve("Israel's rightwing government approved the plan."))
    assert found.get("Israel's rightwing government") == "ISRGOV"


def test_an_unknown_name_is_coded_by_its_type_word(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("Kenya's Orange Democratic Movement said the vote was rigged.")
    odm = next(a for a in actors if a.text.endswith("Orange Democratic Movement"))
    assert odm.agent_code == "KENOPP" and odm.clue == "possessive:Kenya"
    alone = resolve("The court ruled against the Free Patriotic Movement.")
    fpm = next(a for a in alone if a.text.endswith("Free Patriotic Movement"))
    assert fpm.code is None and fpm.agent_code == "OPP"  # no clue: the sector alone
    assert not [a for a in resolve("The movement of troops slowed.") if a.text.endswith("movement")]


def test_a_possessive_place_gives_the_agent_its_state(resolve) -> None:  # type: ignore[no-untyped-def]
    actor = next(a for a in resolve("Vermont's attorney general could not be reached.")
                 if a.text.endswith("attorney general"))
    assert actor.code == "USAJUD" and actor.clue == "possessive:Vermont"


def test_a_dominant_city_reading_names_its_country(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("Could he lead the Los Angeles Police Department on a slow chase?")
    lapd = next(a for a in actors if a.text.endswith("Police Department"))
    assert lapd.code == "USACOP"
    balanced = (PlaceCandidate(name="Victoria", country="CAN", lat=0.0, lon=0.0, feature="city",
                               population=289_625),
                PlaceCandidate(name="Victoria", country="BRA", lat=0.0, lon=0.0, feature="city",
                               population=312_656))
    assert _dominant_city(balanced) is None


def test_agent_nouns_added_this_round(resolve) -> None:  # type: ignore[no-untyped-def]
    found = codes(resolve("Officers said the suspect was arrested. Non-governmental "
                          "organisations helped."))
    assert found.get("Officers") == "COP"
    assert found.get("suspect") == "CRM"
    assert found.get("Non-governmental organisations") == "NGO"
    assert codes(resolve("The OPCW said its inspectors were ready.")).get("The OPCW") == "IGOOPC"


def test_a_state_body_modifying_a_noun_is_the_actor(resolve) -> None:  # type: ignore[no-untyped-def]
    found = codes(resolve("Anyone who travelled there against UK government advice will be "
                          "investigated."))
    assert found.get("UK government") == "GBRGOV"
    assert not [a for a in resolve("The police station was closed.") if "police" in a.text]


def test_a_state_of_origin_is_a_place(resolve) -> None:  # type: ignore[no-untyped-def]
    for text, place in (("Iftakar, whose wife is from Pakistan, remembers the war.", "Pakistan"),
                        ("Shikder is originally from Bangladesh.", "Bangladesh"),
                        ("Their parents took them to Syria in 2014.", "Syria")):
        assert not [a for a in resolve(text) if a.text == place and a.code], text


def test_a_country_after_a_topic_noun_and_of_is_a_topic(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("Russia wants a say in the reconstruction of Syria.")
    assert not [a for a in actors if a.text == "Syria" and a.code]
    assert [a for a in actors if a.text == "Russia" and a.code == "RUS"]


def test_a_state_owning_a_place_or_its_civil_war_is_a_place(resolve) -> None:  # type: ignore[no-untyped-def]
    assert "Canada" not in codes(resolve("It helped transform Toronto, Canada's largest city."))
    assert "Colombia" not in codes(resolve("The peace deal ended Colombia’s long-running civil "
                                           "war."))
    assert "Syria" not in codes(resolve("Western diplomats want a say over Syria’s future."))
    # a war the state wages, and its revolution, keep it an actor
    assert codes(resolve("As we have seen from Iran’s proxy wars, Iran seeks dominance."))
    assert codes(resolve("That is why Syria’s revolution was misunderstood."))["Syria"] == "SYR"
