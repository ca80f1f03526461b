"""EventStage recall rules of issue 14, round 3 (docs/events.md, "Recall round 3"): targets the
coder cannot code, act nouns that stand alone, and trigger classes added as data. One
hand-written sentence per class, with a near sentence that must stay without the event."""

from __future__ import annotations

import pytest


def test_a_private_person_named_as_target_is_no_target(code) -> None:  # type: ignore[no-untyped-def]
    assert ("COP", "---", "173") in code("Police arrested Pawan Agarwal on Tuesday.")
    got = code("The Indian government blocked the return of Hoda Muthana.")
    assert ("INDGOV", "---", "129") in got


def test_a_pronoun_or_an_unknown_place_as_target_still_leaves_the_event_out(code) -> None:  # type: ignore[no-untyped-def]
    assert not code("Police arrested him on Tuesday.")
    # a place noun names a place, not a person: its unknown name gives no `---` target
    assert not [c for c in code("Iraqi troops shelled the town of Tal Afar.") if c[2][:2] == "19"]


def test_act_noun_flagged_alone_with_its_own_actor_stands_without_target(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Media reports pointed to a heavy deployment of military hardware by the Turkish "
               "army to its southern border area.")
    assert ("TURMIL", "---", "154") in got


def test_an_attack_noun_needs_a_target(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Such an abrupt withdrawal would leave the SDF vulnerable to Turkish attack.")
    assert not [c for c in got if c[1] == "---" and c[2][:2] == "19"]


def test_drills_with_no_partner_are_a_show_of_force(code) -> None:  # type: ignore[no-untyped-def]
    assert ("RUSMIL", "---", "150") in code(
        "The Russian navy held training drills in the Black Sea.")
    got = code("Russia held joint exercises with China.")
    assert ("RUS", "CHN", "062") in got and not [c for c in got if c[2] == "150"]


def test_cooperation_verb_without_its_object_is_no_show_of_force(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Units of the Russian military police are working in the town of Douma.")
    assert not [c for c in got if c[2] == "150"]


@pytest.mark.parametrize(("text", "expected"), [
    # a ruling voids an act: administrative sanction on whose act it was (Kenyatta left office
    # in 2022: a former office holder on the test's date, ELI)
    ("The Kenyan supreme court annulled Uhuru Kenyatta's election victory.",
     ("KENJUD", "KENELI", "172")),
    # held in custody / prison (passive with a "by" agent, and active)
    ("She said 800 Isis fighters were held in prison by the Kurds.",
     ("KUR", "IMGMUSISI", "173")),
    ("The Kurds are holding 800 Isis fighters in custody.", ("KUR", "IMGMUSISI", "173")),
    # lobbying is an appeal
    ("Turkey is lobbying Iraqi officials for access to Sinjar.", ("TUR", "IRQGOV", "020")),
    # "state of emergency": the frame noun's of-phrase is the object; extending it counts
    # (a state of emergency or an internet shutdown is on the source's own country:
    # one_sided.tsv `country`, docs/events.md "Material round")
    ("Tunisia's president extended the state of emergency.", ("TUNGOV", "TUN", "1724")),
    # cutting the internet or a newspaper is a restriction of freedoms
    ("Indian authorities shut down the internet in Kashmir.", ("INDGOV", "IND", "1721")),
])
def test_trigger_classes_added_as_data(code, text: str, expected: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    got = code(text)
    assert expected in got, got


def test_held_in_a_place_is_no_detention(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code("The talks between Iran and Iraq were held in Geneva.")
                if c[2] == "173"]


def test_relative_pronoun_target_is_the_noun_it_stands_for(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Jack Letts, who is currently detained by Kurdish forces, wants to go home.")
    assert ("KURREB", "---", "173") in got
    # a common noun the coder cannot code still leaves the event out
    assert not code("The men, who were detained by Kurdish forces, want to go home.")


def test_a_name_with_an_article_is_no_private_person(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code("Democrats are set to take control of the House next month.")
                if c[2][:2] == "19"]


def test_an_act_noun_that_is_the_object_of_our_verb_does_not_stand_alone(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The Riyadh agreement, which demands Assad's resignation, was rejected.")
    assert not [c for c in got if c[2] == "0831"]
    got = code("The Pakistani prime minister's resignation came on Monday.")
    assert ("PAKGOV", "---", "0831") in got


def test_disapproval_is_of_the_subject_of_its_that_clause(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Erdoğan expressed disappointment that Kurdish fighters had not left Manbij.")
    assert ("TURGOV", "KUR", "111") in got
    assert ("DEU", "USA", "111") in code("Germany voiced frustration with the US over trade.")


def test_a_by_phrase_hung_on_the_noun_of_a_passive_is_its_agent(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The YPG is supported in its fight against Isis by the US military.")
    # the US supports; the YPG (its = the passive subject) fights
    assert ("USAMIL", "SYRREB", "070") in got and ("SYRREB", "IMGMUSISI", "190") in got
    assert ("USAMIL", "IMGMUSISI", "190") not in got
    # a "by" phrase of an act noun that is no passive's prepositional object stays its actor
    got = code("Iran condemned the attack on its embassy by Saudi protesters.")
    assert not [c for c in got if c[0][:3] == "IRN" and c[2][:2] == "19"]


def test_a_passive_conjunct_with_its_own_auxiliary_is_not_under_the_first_negation(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The YPG is not a proscribed terrorist group in the UK and is supported in its "
               "fight against Isis by the US military.")
    assert ("USAMIL", "SYRREB", "070") in got
    # with no auxiliary of its own the conjunct shares the negation
    assert not code("Russia did not attack Ukraine and invade Georgia.")


def test_a_backers_possessor_is_whom_it_backs(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The Syrian government and its Russian and Iranian backers can expect to have a "
               "free hand.")
    assert {("RUS", "SYRGOV", "070"), ("IRN", "SYRGOV", "070")} <= got
    assert ("RUS", "SYRGOV", "070") in code("The Syrian government's Russian backers expect a "
                                            "free hand.")
    # the "of" phrase still names whom it backs; a noun that is no relation keeps its possessor
    # as the actor
    assert ("IRN", "LBNREB", "070") in code("Iran is the main backer of Hezbollah.")
    assert ("RUS", "UKR", "190") in code("Russia's attack on Ukraine began at dawn.")
