"""EventStage rules of the material recall round (CAMEO 06-09, 15-20) of issue 14
(docs/events.md, "Material recall round"): expelling an armed party is fighting it, ground taken
from its holder, force gerunds that only name a body, efforts framed by a base-lexicon force verb,
backers named in apposition, force by private civilians and contests of parties, training as
military aid, number ranges as patients, enslavement. One hand-written sentence per class, with
a near sentence that must not get the event (or must keep its old one)."""

from __future__ import annotations


def test_expelling_an_armed_party_is_fighting_it(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Ankara hopes to dislodge the YPG militia from the enclave of Afrin.")
    assert ("TURGOV", "SYRREB", "190") in got and not [c for c in got if c[2] == "166"]
    got = code("US troops fought alongside the Kurds to oust Islamic State from its strongholds.")
    assert ("USAMIL", "IMGMUSISI", "190") in got
    assert ("IMGMUS", "MLIREB", "190") in code("Islamists drove out Malian rebels from key areas.")


def test_expelling_diplomats_stays_an_expulsion(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Lithuania expelled three Russian diplomats.")
    assert [c for c in got if c[:1] == ("LTU",) and c[1][:3] == "RUS" and c[2] == "166"]
    # driving out anyone but an armed party is no event of this row
    assert not [c for c in code("The floods drove out the villagers.") if c[2] in ("166", "190")]


def test_ground_taken_is_taken_from_its_holder(code) -> None:  # type: ignore[no-untyped-def]
    assert ("SYRREB", "IMGMUSISI", "192") in code(
        "The SDF captured 41 positions held by Islamic State.")
    assert ("SYRREB", "IMGMUSISI", "192") in code(
        "The SDF stormed the hospital, which was still in Isis hands.")


def test_taking_a_position_is_no_capture(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code("The French government took a tough position on Iran.")
                if c[2] == "192"]


def test_a_fighting_force_is_no_fight(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code("The Syrian army wants to build a large fighting force.")
                if c[2][:2] == "19"]
    assert ("SYRMIL", "IMGMUSISI", "190") in code("The Syrian army is fighting Islamic State.")


def test_struggling_to_act_is_no_fight(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code(
        "The Syrian army, meanwhile, is struggling to muster a large force.") if c[2][:2] == "19"]
    # the same verb with its own foe still fights
    assert [c for c in code("The Syrian army is struggling against Islamic State in Deir ez-Zor.")
            if c[2][:2] == "19" and c[0] == "SYRMIL"]


def test_a_backer_in_apposition_backs(code) -> None:  # type: ignore[no-untyped-def]
    got = code(
        "Without pressure from President Bashar al-Assad's sponsors Russia, nothing will change.")
    assert [c for c in got if c[0] == "RUS" and c[1][:3] == "SYR" and c[2] == "070"]
    assert ("IRN", "LBNREB", "070") in code("Iran is a key backer of Hezbollah.")


def test_a_backer_with_no_name_backs_no_one(code) -> None:  # type: ignore[no-untyped-def]
    got = code("President Bashar al-Assad's sponsors met in Sochi.")
    assert not [c for c in got if c[2] == "070"]


def test_private_civilians_use_no_force(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code("They hit the hospital, people were fleeing.")
                if c[2][:2] in ("18", "19", "20")]
    assert not [c for c in code("A schoolgirl shot a fellow student in Ohio.")
                if c[2][:2] in ("18", "19", "20")]
    # an armed party hitting the hospital stays
    assert ("KUR", "HLH", "190") in code("Kurdish fighters hit the hospital.")


def test_a_contest_of_parties_is_no_force(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code(
        "Republicans took control of Congress after the elections.") if c[2][:2] == "19"]
    assert not [c for c in code("The Democrats fought against the Republican party.")
                if c[2][:2] == "19"]
    # a party's armed foe still fights it
    assert [c for c in code("The Democratic Union party fought against Islamic State.")
            if c[2] == "190"]


def test_training_forces_is_military_aid(code) -> None:  # type: ignore[no-untyped-def]
    assert ("USA", "KURREB", "072") in code("The Kurdish forces were trained by the US.")
    assert ("TUR", "SYRREB", "072") in code("Turkey has trained Syrian rebels.")


def test_a_range_of_numbers_stands_for_its_noun(code) -> None:  # type: ignore[no-untyped-def]
    assert ("KUR", "IMGMUSISI", "173") in code(
        "800 to 900 Isis foreign fighters are held in prison by the Kurds.")
    assert ("KUR", "IMGMUSISI", "173") in code("Isis fighters are held in prison by the Kurds.")


def test_enslaving_is_abduction(code) -> None:  # type: ignore[no-untyped-def]
    assert [c for c in code("Islamic State fighters enslaved thousands of Yazidi women in Iraq.")
            if c[0] == "IMGMUSISI" and c[2] == "181"]


def test_a_state_withdrawing_troops_de_escalates(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The United States withdrew 2,000 troops from Syria.")
    assert [c for c in got if c[0][:3] == "USA" and c[1][:3] == "SYR" and c[2] == "087"]
    assert not [c for c in got if c[2] == "0874"]


def test_a_retreat_of_an_armed_group_stays_a_retreat(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Islamic State fighters withdrew from Raqqa.")
    assert [c for c in got if c[0] == "IMGMUSISI" and c[2] == "0874"]
    # withdrawing from a deal is no troop withdrawal
    assert not [c for c in code("The United States withdrew from the Iran nuclear deal.")
                if c[2] == "087"]


def test_beginning_air_strikes_launches_them(code) -> None:  # type: ignore[no-untyped-def]
    assert ("USA", "---", "195") in code(
        "Isis sent attackers to Europe before the US-led coalition began airstrikes.")
    assert ("SYRREB", "SYR", "190") in code("The SDF began its assault on Raqqa in June.")
    # a business begins operations, a party starts a campaign: no force
    assert not [c for c in code("The company began operations in Kenya last year.")
                if c[2][:2] == "19"]
    # an act that starts a war is that war, no second act of the place it is against
    got = code("In 1980 Iraq launched the invasion of Iran that started an eight-year war.")
    assert not [c for c in got if c[0] == "IRN"]


def test_air_strikes_with_their_own_actor_stand_alone(code) -> None:  # type: ignore[no-untyped-def]
    assert ("USA", "---", "195") in code(
        "The Kurdish fighters, backed by US airstrikes, took the town.")
    # in the event of air strikes, none happened
    assert not [c for c in code(
        "Russia would retaliate in the event of US-led punitive airstrikes inside Syria.")
        if c[2] == "195"]


def test_a_passive_participle_names_no_doer(code) -> None:  # type: ignore[no-untyped-def]
    got = code("There is speculation about a return to Mosul for hundreds of fighters pushed "
               "out of Syria.")
    assert not [c for c in got if c[0] == "REB"]
    # an active participle's noun does it: "Islamic State fighters pushing out the villagers"
    assert [c for c in code("Islamic State fighters pushing out the Yazidi villagers took Sinjar.")
            if c[0] == "IMGMUSISI" and c[2][:2] in ("19", "20")]


def test_a_bare_participle_tells_what_its_subject_underwent(code) -> None:  # type: ignore[no-untyped-def]
    got = code("More than 100 dead, over 500 wounded and five hospitals bombed.")
    assert not [c for c in got if c[0] == "HLH"]
    # with its auxiliary the subject acts
    assert [c for c in code("Russian jets have bombed five hospitals in Idlib.")
            if c[0][:3] == "RUS" and c[2][:2] in ("18", "19")]


def test_surrounding_a_government_is_no_siege(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code(
        "The religious extremists who surround the Turkish government know it well.")
        if c[2] == "191"]
    assert [c for c in code("Syrian government forces surrounded the rebel-held city of Aleppo.")
            if c[0] == "SYRMIL" and c[2] == "191"]


def test_partners_in_a_fight_fight_its_foe(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Washington works closely with the YPG militia in the fight against Islamic State.")
    assert ("SYRREB", "IMGMUSISI", "190") in got
    assert [c for c in got if c[0][:3] == "USA" and c[1] == "IMGMUSISI" and c[2] == "190"]


def test_a_deal_struck_with_a_party_is_no_fight(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The remnants of Isis were allowed to flee in a deal struck with Kurdish forces.")
    assert not [c for c in got if c[2][:2] == "19"]


def test_the_aim_of_an_offensive_is_its_actors(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Ankara launched an offensive into Afrin on Saturday in order to oust the YPG "
               "militia from the enclave.")
    assert ("TURGOV", "SYRREB", "190") in got
    # a commitment to drive them out is no drive
    assert not [c for c in code(
        "Russia kept the deal despite Ankara's failure to meet its commitment of driving "
        "extremists out of the area.") if c[2] in ("190", "201")]


def test_a_retreat_from_a_city_in_a_war_stays_a_retreat(code) -> None:  # type: ignore[no-untyped-def]
    assert ("RUSMIL", "UKR", "0874") in code("Russian troops withdrew from Kherson.")
    assert [c for c in code("Trump's withdrawal from Syria shocked allies.")
            if c[0][:3] == "USA" and c[1] == "SYR" and c[2] == "087"]


def test_a_lone_past_participle_still_acts(code) -> None:  # type: ignore[no-untyped-def]
    # the tagger reads some past tenses as participles: with no conjoined participle before
    # it, the subject acts
    assert ("KURREB", "SYR", "190") in code("Kurdish forces advanced on Baghuz.")



def test_an_attack_in_an_attempt_to_act_stays(code) -> None:  # type: ignore[no-untyped-def]
    # "attempt", "effort", "order" are non-force words ("struck down the order"), but as the head
    # of the act's aim ("in an attempt to …") they are no object of the force verb
    assert ("TUR", "SYR", "190") in code(
        "Turkey launched its offensive on Afrin in an attempt to prevent the YPG from "
        "establishing a foothold.")
    assert not [c for c in code("The court struck down the order on Monday.") if c[2][:2] == "19"]
