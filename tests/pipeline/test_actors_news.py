"""ActorStage on everyday news (issue 13, round 3): surnames of people in office, agents placed by
their sentence, modifiers between a demonym and its agent term, place names before an agent,
stateless peoples' officials, jihadists, private people named with their age.

One small hand-written sentence per rule; each checks the code and, where there is one, the clue.
"""

from __future__ import annotations

import pytest
from actor_find import find

from multipolar.model import Resolution


@pytest.fixture(scope="module")
def resolve(resolver):  # type: ignore[no-untyped-def]
    return resolver("2019-02-20")


# --- surnames of curated people ---------------------------------------------------------------

def test_a_surname_alone_names_the_person_in_office(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("During a three-day trip to Asia, Hunt told Sky News that peace was far off.")
    hunt = find(actors, "Hunt")
    assert hunt is not None and hunt.code == "GBRGOV"  # foreign secretary 2018-07 .. 2019-07
    sky = find(actors, "Sky News")
    assert sky is not None and sky.code == "GBRMED"


def test_a_surname_out_of_office_or_undated_is_no_one(resolve) -> None:  # type: ignore[no-untyped-def]
    text = "Hunt told reporters that peace was far off."
    for day in ("2024-03-01", None):
        hunt = find(resolve(text, day), "Hunt")
        assert hunt is None or hunt.code is None


def test_a_surname_the_tagger_missed(resolve) -> None:  # type: ignore[no-untyped-def]
    # spaCy tags "Fallon" as nothing and "De Mistura" as a place in such sentences
    fallon = find(resolve("Fallon said the strikes would go on.", "2017-10-12"), "Fallon")
    assert fallon is not None and fallon.code == "GBRGOV"


def test_a_common_surname_is_no_one(resolve) -> None:  # type: ignore[no-untyped-def]
    # Ilham Ahmed (people_news.tsv) has no dates, and Abiy Ahmed (in office on this date) has a
    # surname that is the given name of other curated people (Ahmed Aboul Gheit)
    ahmed = find(resolve("Ahmed said the talks had failed."), "Ahmed")
    assert ahmed is None or ahmed.code is None


# --- the sentence's places --------------------------------------------------------------------

def test_non_state_agents_take_the_one_place_of_the_sentence(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("Turkey's offensive has killed scores of civilians in Afrin.")
    civilians = find(actors, "civilians")
    assert civilians is not None and civilians.code == "SYRCVL"
    assert civilians.resolution is Resolution.CONTEXT and civilians.clue == "place:Afrin"


def test_the_states_forces_acting_on_them_give_no_country(resolve) -> None:  # type: ignore[no-untyped-def]
    protesters = find(resolve("Israeli troops fired on protesters."), "protesters")
    assert protesters is not None and protesters.code is None


def test_a_place_name_before_the_agent_term(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("Trump was accused of legal violations by the New York attorney general.")
    general = next(a for a in actors if a.text.endswith("attorney general"))
    assert general.code == "USAJUD" and general.clue == "in-phrase:New York"


# --- phrases ----------------------------------------------------------------------------------

def test_modifiers_between_a_demonym_and_its_agent(resolve) -> None:  # type: ignore[no-untyped-def]
    jets = find(resolve("Turkish military jets dropped fliers over the town."),
                "Turkish military jets")
    assert jets is not None and jets.code == "TURMIL"
    born = find(resolve("British-born citizens cannot be left stateless."), "British-born citizens")
    assert born is not None and born.code == "GBRCVL"


def test_a_backer_is_still_no_country(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("The US-backed militia has fought Isis for years.")
    assert not any(a.code == "USAREB" for a in actors)


def test_officials_of_a_stateless_people(resolve) -> None:  # type: ignore[no-untyped-def]
    officials = find(resolve("Kurdish officials said the talks were promising."),
                     "Kurdish officials")
    assert officials is not None and officials.code == "KURGOV"
    people = find(resolve("The Kurdish people have suffered."), "Kurdish people")
    assert people is not None and people.code == "KUR"


def test_jihadists_and_the_militants_after_a_group(resolve) -> None:  # type: ignore[no-untyped-def]
    jihadists = find(resolve("Washington works with the YPG in the fight against jihadists."),
                     "jihadists")
    assert jihadists is not None and jihadists.code == "IMGMUS"
    actors = resolve("The army reclaimed the town from Isis, clearing the militants from "
                     "their last redoubt.")
    militants = find(actors, "militants")
    assert militants is not None and militants.code == "IMGMUSISI"
    assert militants.clue == "group:Isis"


def test_the_soviet_union_is_no_union(resolve) -> None:  # type: ignore[no-untyped-def]
    union = next(a for a in resolve("The Soviet Union invaded Afghanistan.", "1980-01-10")
                 if "Soviet" in a.text)
    assert union.code == "USR"


def test_a_name_with_an_age_is_a_private_person(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("Joe Robinson, 24, from Accrington, is facing up to 16 years in prison.")
    robinson = find(actors, "Joe Robinson")
    assert robinson is not None and robinson.code == "GBRCVL"
    assert robinson.clue == "from:Accrington"


def test_an_agent_allied_to_a_coded_actor_is_its(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("She said he had surrendered to fighters allied to the Syrian Democratic "
                     "Forces.")
    fighters = find(actors, "fighters")
    assert fighters is not None and fighters.code == "SYRREB"
    assert fighters.clue is not None and fighters.clue.startswith("loyal:")


def test_a_gazetteer_place_names_the_state_of_officials(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("Meanwhile, authorities have suspended internet service in all districts "
                     "south of Srinagar.")
    authorities = find(actors, "authorities")
    assert authorities is not None and authorities.code == "INDGOV"
    assert authorities.clue == "sentence:Srinagar"
