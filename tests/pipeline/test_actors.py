"""ActorStage: one test per resolution path, on small hand-written sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from multipolar.model import Actor, Resolution
from multipolar.pipeline.actors import ActorStage, actor_at


@pytest.fixture(scope="module")
def resolve(resolver):  # type: ignore[no-untyped-def]
    return resolver("2025-05-07")


def codes(actors: tuple[Actor, ...]) -> list[tuple[str, str | None]]:
    return [(a.text, a.code) for a in actors]


def test_country_names_short_forms_and_abbreviations(resolve) -> None:  # type: ignore[no-untyped-def]
    found = codes(resolve("The U.S. and Britain criticised Russia. US officials met Iran."))
    assert ("The U.S. and Britain", "USA") in found or ("U.S. and Britain", "USA") in found
    assert any(code == "GBR" for _, code in found)
    assert ("Russia", "RUS") in found
    assert ("US officials", "USAGOV") in found
    assert ("Iran", "IRN") in found


def test_lowercase_us_is_not_a_country(resolve) -> None:  # type: ignore[no-untyped-def]
    assert all(a.code != "USA" for a in resolve("He told us that the plan failed."))


def test_demonyms(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("Washington imposed tariffs on Chinese goods despite Western objections.")
    by_text = {a.text: a for a in found}
    assert by_text["Chinese"].code == "CHN"
    assert by_text["Chinese"].resolution == Resolution.DEMONYM
    assert by_text["Western"].code == "WST"


def test_capital_as_actor_but_not_as_location(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("Xi arrived in Moscow on Monday. Moscow said the talks in Beijing went well.")
    moscow = [a for a in found if a.text == "Moscow"]
    assert len(moscow) == 1
    assert moscow[0].code == "RUSGOV"
    assert moscow[0].resolution == Resolution.METONYM
    assert moscow[0].mention.sentence == 1
    assert not [a for a in found if a.text == "Beijing"]


def test_possessive_capital_and_seat(resolve) -> None:  # type: ignore[no-untyped-def]
    found = codes(resolve("Moscow's efforts were praised by the Kremlin and the White House."))
    assert ("Moscow", "RUSGOV") in found
    assert any(code == "RUSGOV" and "Kremlin" in text for text, code in found)
    assert any(code == "USAGOV" and "White House" in text for text, code in found)


def test_title_with_demonym_is_one_mention(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("Russian Foreign Minister Sergei Lavrov met the Chinese People's "
                    "Liberation Army delegation.")
    assert found[0].text == "Russian Foreign Minister Sergei Lavrov"
    assert found[0].code == "RUSGOV"
    pla = [a for a in found if "Liberation Army" in a.text]
    assert pla and pla[0].code == "CHNMIL"
    assert pla[0].resolution == Resolution.TITLE


def test_title_with_unknown_person_uses_the_title(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("Kenyan Defence Minister Otieno Kamau visited the border.")
    assert found[0].code == "KENGOV"
    assert found[0].entry == "rule:title+demonym"


def test_person_by_date(resolve) -> None:  # type: ignore[no-untyped-def]
    (putin_2009,) = resolve("Vladimir Putin spoke.", "2009-06-01")
    assert putin_2009.code == "RUSGOV"
    assert putin_2009.entry == "people:vladimir-putin#3"  # prime minister then
    (biden_2026,) = resolve("Joe Biden spoke.", "2026-03-01")
    assert biden_2026.code == "USAELI"
    (biden_2022,) = resolve("Joe Biden spoke.", "2022-03-01")
    assert biden_2022.code == "USAGOV"


def test_surname_refers_back(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("Chinese President Xi Jinping met Putin. Xi praised the deal.")
    xi = next(a for a in found if a.text == "Xi")
    assert xi.code == "CHNGOV"
    assert xi.resolution == Resolution.COREFERENCE
    assert xi.refers_to is not None and found[xi.refers_to].name == "Xi Jinping"


def test_the_russian_president_refers_back(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("Vladimir Putin arrived. Later the Russian president spoke.")
    later = next(a for a in found if "president" in a.text)
    assert later.code == "RUSGOV"
    assert later.resolution == Resolution.COREFERENCE
    assert later.name == "Vladimir Putin"


def test_pronoun_subject_carried_from_previous_sentence(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("Xi Jinping thanked Moscow. He said the ties were strong.")
    he = next(a for a in found if a.text == "He")
    assert he.code == "CHNGOV"
    assert he.resolution == Resolution.COREFERENCE
    assert found[he.refers_to or 0].name == "Xi Jinping"


def test_both_countries_is_the_main_dyad(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("China met Russia. China and Russia signed deals. Both countries gain.")
    pair = [a for a in found if a.text == "Both countries"]
    assert sorted(a.code or "" for a in pair) == ["CHN", "RUS"]
    assert pair[0].mention == pair[1].mention


def test_compound_actor_shares_one_span(resolve) -> None:  # type: ignore[no-untyped-def]
    found = [a for a in resolve("China and Russia oppose hegemony.") if a.code]
    assert [a.code for a in found] == ["CHN", "RUS"]
    assert found[0].mention == found[1].mention
    assert found[0].text == "China and Russia"


def test_igo(resolve) -> None:  # type: ignore[no-untyped-def]
    found = codes(resolve("NATO and the UN condemned the attack; the EU imposed sanctions."))
    flat = {code for _, code in found}
    assert {"IGOWSTNAT", "IGOUNO", "IGOEUREEC"} <= flat


def test_unknown_names_stay_unresolved(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("Zorblax Quintavion criticised the plan.")
    assert found and found[0].code is None
    assert found[0].resolution == Resolution.UNRESOLVED


def test_sorted_and_actor_at(resolve) -> None:  # type: ignore[no-untyped-def]
    text = "Chinese President Xi Jinping arrived in Moscow to meet Vladimir Putin."
    found = resolve(text)
    assert [a.start for a in found] == sorted(a.start for a in found)
    start = text.index("Xi")
    assert [a.code for a in actor_at(found, start, start + 2)] == ["CHNGOV"]
    assert actor_at(found, text.index("arrived"), text.index("arrived") + 7) == []


def test_stage_on_the_seed_article(resolve, seed_text: str) -> None:  # type: ignore[no-untyped-def]
    actors = resolve(seed_text)
    first = actors[0]
    assert (first.text, first.code) == ("Chinese President Xi Jinping", "CHNGOV")
    assert any(a.text == "Russian President Vladimir Putin" and a.code == "RUSGOV"
               for a in actors)
    assert not any(a.text == "Moscow" and a.mention.sentence == 0 for a in actors)


def test_group_codes_follow_the_date(resolve) -> None:  # type: ignore[no-untyped-def]
    (before,) = resolve("The Taliban attacked a checkpoint.", "2019-01-01")
    (after,) = resolve("The Taliban attacked a checkpoint.", "2022-01-01")
    assert (before.code, after.code) == ("AFGREB", "AFGGOV")
    assert after.entry == "groups:taliban#3"


def test_namesakes_are_told_apart_by_date(resolve) -> None:  # type: ignore[no-untyped-def]
    (bush_1990,) = resolve("President Bush spoke.", "1990-06-01")
    (bush_2003,) = resolve("President Bush spoke.", "2003-06-01")
    assert bush_1990.name == "George H. W. Bush" and bush_1990.code == "USAGOV"
    assert bush_2003.name == "George W. Bush"
    assert not any(a.name == "George W. Bush" for a in resolve("Jeb Bush spoke.", "2003-06-01"))


def test_location_rules(resolve) -> None:  # type: ignore[no-untyped-def]
    found = codes(resolve("Russian officials warned of a strike in Syria. Rockets hit the "
                          "Israeli city of Tel Aviv. The Syria crisis deepened. "
                          "Damascus granted the UN access.", "2018-04-10"))
    assert ("Russian officials", "RUSGOV") in found
    assert not any(text in {"Syria", "Tel Aviv", "Israeli"} for text, _ in found)
    assert ("Damascus", "SYRGOV") in found


def test_place_after_a_partner_noun_is_the_state(resolve) -> None:  # type: ignore[no-untyped-def]
    found = codes(resolve("Washington relies on its allies in Ankara. The rebels praised "
                          "relations with their backers in Moscow. Officials met in Ankara.",
                          "2018-04-10"))
    assert found.count(("Ankara", "TURGOV")) == 1  # the ally, not the meeting place
    assert ("Moscow", "RUSGOV") in found


def test_role_of_places_and_context_country(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("Leaders from Brazil and India arrived.", "2025-05-07")
    assert sorted(a.code or "" for a in found) == ["BRAGOV", "INDGOV"]
    text = ("Obama met Secretary of State Hillary Clinton and National Security Adviser "
            "Tom Donilon.")
    donilon = resolve(text, "2011-03-20")[-1]
    assert (donilon.code, donilon.entry) == ("USAGOV", "rule:title+context-country")


def test_user_petrarch_entries_win(nlp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from multipolar.config import Settings

    (tmp_path / "Mine.actors.txt").write_text("XI_JINPING [CHNMIL]\n+XI_\n", encoding="utf-8")
    stage = ActorStage(Settings(lexicons=(f"petrarch:{tmp_path}",)))
    (xi,) = stage.resolve(nlp("Xi Jinping spoke."), published=dt.date(2025, 5, 7))
    assert xi.code == "CHNMIL"
    assert xi.entry is not None and xi.entry.startswith("petrarch:Mine.actors.txt")


def test_names_inside_other_names(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("Jay Carney spoke at Trump Tower in New Mexico.", "2019-01-01")
    assert not any(a.code in {"CANGOV", "USAGOV", "MEX"} for a in found)


def test_contextual_names_need_their_context(resolve) -> None:  # type: ignore[no-untyped-def]
    korea = codes(resolve("Pyongyang fired missiles. The South said the North must stop."))
    assert ("The South", "KOR") in korea and ("the North", "PRK") in korea
    # "Voters" is an agent coded by its sector alone (CVL): no country, from "the North" or else
    assert not [a for a in resolve("Voters in the North backed the plan.") if a.country]
    assert not [a for a in resolve("The North will vote tomorrow.") if a.code]
