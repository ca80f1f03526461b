"""EventStage rules of the material round (CAMEO 08-20) of issue 14 (docs/events.md,
"Material round"): ground that falls to a party, criticism and attack one comes under,
anger one causes, the toll of a force act, reciprocal force that is only intended, fighting
alongside a partner, relative pronouns in prepositional phrases, and trigger rows added as
data. One hand-written sentence per class, with a near sentence that must not get the event."""

from __future__ import annotations


def test_a_place_that_falls_to_a_party_is_taken_by_it(code) -> None:  # type: ignore[no-untyped-def]
    assert ("KURREB", "SYR", "192") in code("Raqqa fell to Kurdish forces last week.")
    # a place noun names no target; its holder does
    assert ("KUR", "---", "192") in code("These final strongholds fell to Kurdish fighters.")
    assert ("KUR", "IMGMUSISI", "192") in code(
        "The last villages held by Islamic State fell to the advancing Kurds.")


def test_falling_to_a_level_is_no_capture(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code("Oil prices in Russia fell to their lowest level in a decade.")
                if c[2] == "192"]
    # "the villages" are no one's people: a place noun with no holder gives no party
    assert not [c for c in code("The villages fell to the Kurds.") if c[1] == "CVL"]


def test_coming_under_fire_from_a_party_is_its_act(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The Taiwanese government came under fire from the opposition Kuomintang.")
    assert [c for c in got if c[2] == "111" and c[1] == "TWNGOV"]
    # from an armed party it is shooting
    got = code("The Iraqi convoy came under fire from Islamic State fighters near Mosul.")
    assert ("IMGMUSISI", "IRQ", "190") in got and not [c for c in got if c[2] == "111"]


def test_catching_fire_is_no_event(code) -> None:  # type: ignore[no-untyped-def]
    assert not code("The Iraqi convoy caught fire near Mosul.")


def test_whom_one_angers_disapproves(code) -> None:  # type: ignore[no-untyped-def]
    assert ("UKRGOV", "RUSGOV", "110") in code(
        "Putin's remarks infuriated the Ukrainian president.")


def test_anger_at_nothing_named_is_no_event(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code("The decision angered many people.") if c[2] == "110"]
    assert ("GBR", "---", "110") in code("The decision angered Britain.")


def test_the_toll_of_a_force_act_is_part_of_it(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Russian jets renewed their bombardment of southern Idlib, killing four people.")
    assert ("RUSMIL", "SYR", "195") in got and not [c for c in got if c[2] == "1823"]
    got = code("The gunmen shot and killed a Malaysian policeman.")
    assert ("REB", "MYSCOP", "193") in got and not [c for c in got if c[2] == "1823"]


def test_a_killing_of_its_own_stays(code) -> None:  # type: ignore[no-untyped-def]
    assert ("IMGMUSISI", "SYRMIL", "1823") in code(
        "Islamic State militants killed 80 Syrian soldiers.")
    # a killing by another actor than the bombing's is no toll of it
    got = code("Russian jets bombed Idlib, and Islamic State militants killed 80 Syrian soldiers.")
    assert ("IMGMUSISI", "SYRMIL", "1823") in got


def test_an_intended_fight_has_no_reply(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Trump said the US would leave Syria while continuing to fight ISIS.")
    assert ("USA", "IMGMUSISI", "190") in got and ("IMGMUSISI", "USA", "190") not in got


def test_a_fight_told_as_done_is_mutual(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Turkey fought the PKK for four decades.")
    assert ("TUR", "TURREB", "190") in got and ("TURREB", "TUR", "190") in got


def test_fighting_alongside_a_partner_names_no_foe(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code("Greek anarchists fighting alongside the Kurds left their mark.")
                if c[2][:2] == "19"]


def test_fighting_with_no_partner_stands_alone(code) -> None:  # type: ignore[no-untyped-def]
    assert ("GRCOPP", "---", "190") in code("Greek anarchists fought in Raqqa.")
    got = code("The airstrikes are carried out with impunity by Syrian forces.")
    assert ("SYRMIL", "---", "195") in got


def test_a_relative_pronoun_in_a_prepositional_phrase(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Erdoğan condemned the PKK, with whom Ankara has fought a long civil war.")
    assert ("TURGOV", "TURREB", "190") in got


def test_trigger_rows_of_the_material_round(code) -> None:  # type: ignore[no-untyped-def]
    assert ("USA", "RUSUAF", "190") in code(
        "Up to 200 Russian mercenaries were killed by a US counterattack.")
    assert ("ISRMIL", "PSE", "190") in code("Israeli commandos made a ground incursion in Gaza.")
    assert ("KURREB", "SYR", "190") in code("Kurdish forces advanced on Baghuz.")


def test_advancing_with_no_foe_is_no_attack(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code("Kurdish forces advanced via Baghuz.") if c[2][:2] == "19"]
    assert not [c for c in code("Israel's economy advanced on strong exports.")
                if c[2][:2] == "19"]


def test_a_verbal_act_nouns_from_phrase_is_its_source(code) -> None:  # type: ignore[no-untyped-def]
    assert ("RUSGOV", "GBR", "112") in code("Accusations from Moscow against Britain have grown.")
    # "the threat from Islamic State" is a danger, no one's act
    assert not [c for c in code("The threat from Islamic State against Europe has grown.")
                if c[0] == "IMGMUSISI"]
    # a force act noun's from phrase is where it came from
    got = code("An attack from Syrian territory on Israel killed two soldiers.")
    assert not [c for c in got if c[0] == "SYR"]


def test_what_one_can_do_is_no_act(analyzer) -> None:  # type: ignore[no-untyped-def]
    def modality(text: str) -> set[str]:
        return {e.modality.value for e in analyzer.analyze(text, published="2025-06-01").events
                if e.code[:2] == "19"}
    assert modality("The Syrian army knows it can bomb the Syrian opposition.") == {"hypothetical"}
    assert modality("The Syrian army bombed the Syrian opposition.") == {"asserted"}


def test_a_partner_in_a_fight_fights(code) -> None:  # type: ignore[no-untyped-def]
    assert ("KUR", "IMGMUSISI", "190") in code(
        "Kurdish fighters were key partners in the fight against Isis.")
    got = code("The YPG and the PKK have been prominent partners in the US-led fight against Isis.")
    assert {("USA", "IMGMUSISI", "190"), ("SYRREB", "IMGMUSISI", "190")} <= got


def test_an_interest_in_a_war_is_no_part_in_it(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code("Russia has no interest in the war against Isis.")
                if c[0] == "RUS"]
    # joining a war names no foe: its place is where it is fought
    assert not [c for c in code("Hundreds of Britons joined the war in Syria.")
                if c[0] == "GBR"]


def test_hitting_back_at_words_is_criticism(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Iraq's president has hit back at comments made by Donald Trump.")
    assert ("IRQGOV", "USAGOV", "111") in got and not [c for c in got if c[2][:2] == "19"]
    assert ("TURGOV", "FRAGOV", "111") in code(
        "The Turkish president hit back at Macron's remarks.")


def test_hitting_back_at_a_party_is_no_criticism(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The Turkish army struck back at Kurdish fighters in Afrin.")
    assert not [c for c in got if c[2] == "111"]


def test_a_demonstrative_commented_on_is_a_matter(code) -> None:  # type: ignore[no-untyped-def]
    assert ("GBR", "---", "120") in code("Britain rejected this on Monday.")
    assert ("SYRGOV", "---", "110") in code(
        "Naturally, this is opposed by the Syrian government in Damascus.")


def test_a_demonstrative_naming_people_is_no_matter(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The Turkish government condemned those who attacked the embassy.")
    assert not [c for c in got if c[2] == "111"]
