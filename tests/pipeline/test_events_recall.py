"""EventStage recall rules of issue 14, round 2: one hand-written sentence per failure class
(docs/events.md, "Recall round 2"), through the real pipeline."""

from __future__ import annotations


def test_reflexive_subject_is_the_subject_of_its_clause(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Syria's armed opposition now finds itself waging a battle against Kurdish "
               "militias.")
    assert ("SYRREB", "KUR", "190") in got


def test_plan_noun_passes_its_act_to_the_planner(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Turkish troops are making final plans to attack Kurdish militias in northern "
               "Syria.")
    assert ("TURMIL", "KUR", "190") in got


def test_someone_elses_plan_is_not_the_subjects_act(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Iran rejected a US plan to attack Kurdish militias.")
    assert not any(c[:2] == "19" for _, _, c in got)


def test_relation_noun_possessor_is_not_the_party(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Turkish jets bombed the US military's Kurdish partners.")
    assert ("TURMIL", "KUR", "195") in got
    assert not any(t == "USAMIL" for _, t, _ in got)


def test_mutual_act_noun_on_the_object_takes_the_clause_subject(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The YPG have defeated the region's worst terrorist threat in cooperation "
               "with western allies.")
    assert {("SYRREB", "WST", "062"), ("WST", "SYRREB", "062")} <= got


def test_act_noun_lands_in_the_into_phrase_of_its_verb(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Last week the rebels were called into action, playing a prominent role in a new "
               "Turkish offensive into Syria.")
    assert ("TUR", "SYR", "190") in got


def test_support_by_a_military_is_material_aid(code) -> None:  # type: ignore[no-untyped-def]
    assert ("USAMIL", "KUR", "070") in code("The Kurds were supported by the US military.")


def test_defending_against_an_attack_is_fighting_the_attacker(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The YPG defended Afrin against the Turkish assault.")
    assert ("SYRREB", "TUR", "190") in got
    assert ("TUR", "SYR", "190") in got  # the assault lands on what is defended


def test_defending_against_an_armed_group_is_fighting_it(code) -> None:  # type: ignore[no-untyped-def]
    assert ("KUR", "IMGMUSISI", "190") in code("Kurdish fighters defended Kobani against Isis.")


def test_defending_a_decision_against_criticism_is_no_fighting(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Russia defended Syria against Western criticism.")
    assert not any(c[:2] == "19" for _, _, c in got)


def test_winning_the_battle_for_a_place_is_taking_it(code) -> None:  # type: ignore[no-untyped-def]
    assert ("IRQMIL", "IRQ", "192") in code("Iraqi forces won the battle for Mosul.")


def test_expressed_concern_is_a_pessimistic_comment(code) -> None:  # type: ignore[no-untyped-def]
    assert ("CHN", "USA", "012") in code("China expressed concern over the US deployment in "
                                         "South Korea.")


def test_comments_of_private_people_are_no_statements(code) -> None:  # type: ignore[no-untyped-def]
    for text in ("Refugees in Lebanon expressed fears about returning to Syria.",
                 "Syrian refugees declared that they had lost everything.",
                 "Local journalists reaffirmed the report."):
        assert not any(c[:2] == "01" for _, _, c in code(text)), text


def test_condemning_an_act_with_no_actor_named_stands_alone(code) -> None:  # type: ignore[no-untyped-def]
    assert ("PAKGOV", "---", "111") in code("The Pakistani government condemned the attack.")
    assert ("IRN", "---", "120") in code("Iran rejected the proposal.")


def test_opened_fire_on_is_fighting(code) -> None:  # type: ignore[no-untyped-def]
    assert ("IRQCOP", "IRQOPP", "190") in code("Iraqi police opened fire on demonstrators in "
                                               "Baghdad.")


def test_an_ordered_strike_is_the_orderers_strike(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Trump ordered cruise missile strikes on the Syrian airbase.")
    assert ("USAGOV", "SYR", "190") in got
    assert not any(c == "100" for _, _, c in got)


def test_own_forces_ordered_to_withdraw_withdraw(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Putin ordered the Russian military to withdraw from Syria.")
    assert ("RUSMIL", "SYR", "087") in got  # a state's withdrawal: 087 (material recall round)
    assert ("GBR", "IRN", "1053") in code("Britain ordered Iran to release the sailors.")


def test_capturing_a_named_place_is_taking_its_country(code) -> None:  # type: ignore[no-untyped-def]
    assert ("KURREB", "SYR", "192") in code("Kurdish forces captured Baghouz.")
    assert ("RUS", "UKR", "192") in code("Russia seized Crimea in 2014.")
    got = code("Police captured the suspect in Paris.")
    assert not any(c == "192" for _, _, c in got)


def test_using_chemical_weapons_is_mass_violence(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The Syrian army used chemical weapons against civilians in Douma.")
    assert ("SYRMIL", "SYRCVL", "2041") in got
    assert ("COP", "OPP", "190") in code("Police used weapons against protesters.")


def test_government_force_on_its_own_ground_keeps_the_country(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The Syrian government launched an offensive on Idlib.")
    assert ("SYRGOV", "SYR", "190") in got


def test_criticising_a_decision_stands_alone(code) -> None:  # type: ignore[no-untyped-def]
    assert ("DEU", "---", "111") in code("Germany criticized the decision.")


def test_warning_of_a_danger_is_a_pessimistic_comment(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Russia warned of a dangerous escalation.")
    assert ("RUS", "---", "012") in got
    assert not any(c[:2] == "13" for _, _, c in got)
    assert ("IRN", "USA", "130") in code("Iran warned the US of serious consequences.")
