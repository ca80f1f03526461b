"""EventStage rules of the conflict side (CAMEO 10-20) of issue 14, round 4 (docs/events.md,
"Conflict round"): protests whose protesters the text implies, domestic coercion, a state's
bombing, counted act nouns as instruments, the agents of act nouns carried out, and trigger
rows added as data. One hand-written sentence per class, with a near sentence that must not
get the event."""

from __future__ import annotations


def test_a_protest_noun_as_subject_is_a_protest_where_it_happens(code) -> None:  # type: ignore[no-untyped-def]
    got = code("In Kenya, more protests against President Ruto ended in bloodshed last week.")
    assert ("KENOPP", "KENGOV", "141") in got
    # (a sentence with no actor at all is not coded: "In Kenya, more protests ended…")
    got = code("There is Sudan, and the Democratic Republic of the Congo, where more protests "
               "ended in bloodshed last week.")
    assert ("CODOPP", "CODGOV", "141") in got


def test_a_protest_noun_as_attribute_or_object_is_none(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code("Misleading content about the protests in Kenya was shared by "
                                "President Ruto.") if c[2][:2] == "14"]
    assert not [c for c in code("The main problem in Kenya was the protests.")
                if c[2][:2] == "14"]


def test_protesters_acting_protest(code) -> None:  # type: ignore[no-untyped-def]
    got = code("In Nairobi, the protesters chanted slogans against President Ruto.")
    assert ("KENOPP", "KENGOV", "141") in got


def test_protesters_described_or_saying_do_not_protest(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code("In Nairobi, the protesters were mostly students.")
                if c[2][:2] == "14"]
    assert not [c for c in code("In Nairobi, the protesters said they were tired.")
                if c[2][:2] == "14"]


def test_a_states_coercion_of_a_countryless_sector_is_domestic(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The Ukrainian government used violence against protesters.")
    assert ("UKRGOV", "UKROPP", "175") in got


def test_an_armed_countryless_target_keeps_no_country(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Ukraine's drone attack on Russian airfields destroyed several bombers.")
    assert not [c for c in got if c[1] == "UKRMIL"]


def test_a_states_bombing_is_an_air_strike(code) -> None:  # type: ignore[no-untyped-def]
    assert ("TUR", "SYRREB", "195") in code("The Turks bombed a YPJ position.")


def test_a_rebel_bombing_stays_a_bombing(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Hamas militants bombed an Israeli bus.")
    assert not [c for c in got if c[2] == "195"]


def test_a_counted_act_noun_gives_the_killing_its_code(code) -> None:  # type: ignore[no-untyped-def]
    got = code("A series of airstrikes by Russian jets killed 120 Islamic State fighters.")
    assert ("RUSMIL", "IMGMUSISI", "195") in got
    assert ("RUSMIL", "IMGMUSISI", "1823") not in got


def test_a_killing_by_people_keeps_its_code(code) -> None:  # type: ignore[no-untyped-def]
    got = code("A group of Russian soldiers killed 120 Islamic State fighters.")
    assert not [c for c in got if c[2] == "195"]


def test_the_agent_of_an_act_noun_carried_out_is_its_source(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The attack on Kobane carried out by Islamic State shocked the world.")
    assert ("IMGMUSISI", "SYR", "190") in got


def test_the_agent_of_another_participle_is_no_source(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The attack on Kobane reported by Russia shocked the world.")
    assert not [c for c in got if c[0].startswith("RUS") and c[2] == "190"]


def test_trigger_rows_of_the_conflict_side(code) -> None:  # type: ignore[no-untyped-def]
    assert ("IMGMUS", "TUNCOP", "1823") in code(
        "A Tunisian police commander was stabbed to death by an Islamic extremist.")
    assert ("USAGOV", "KUR", "111") in code("Trump lashed out at the Kurds.")
    assert ("RUS", "IGOUNO", "129") in code("Russia's veto of a UN investigation angered Britain.")
    assert ("TUR", "KUR", "138") in code(
        "Turkey has threatened a full-scale military offensive against the Kurds.")
    assert ("REB", "SYR", "1821") in code("Armed groups raped women in the village of Douma.")


def test_a_stabbing_is_an_assault_and_no_killing(code) -> None:  # type: ignore[no-untyped-def]
    got = code("A Tunisian police commander was stabbed by an Islamic extremist.")
    assert ("IMGMUS", "TUNCOP", "182") in got and not [c for c in got if c[2] == "1823"]


def test_a_place_of_another_act_is_not_where_a_protest_happens(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The protests were thought to be part of a campaign over Turkish attacks on the "
               "district of Afrin in northern Syria.")
    assert not [c for c in got if c[2][:2] == "14"]


def test_a_partitive_target_stands_for_its_of_phrase(code) -> None:  # type: ignore[no-untyped-def]
    assert ("TUR", "SYR", "190") in code(
        "Turkey launched an unprovoked assault on one of the few peaceful corners of Syria.")
    assert ("RUSCOP", "RUSOPP", "173") in code("Police arrested some of the protesters in Moscow.")


def test_a_partitive_of_nothing_coded_is_no_target(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Turkey launched an unprovoked assault on one of the hills.")
    assert not [c for c in got if c[1] not in ("---",) and c[2] == "190"]


def test_the_infinitive_on_an_issued_object_is_the_issuers_act(code) -> None:  # type: ignore[no-untyped-def]
    assert ("IGOUNOKID", "---", "111") in code("Unicef issued a statement to express its outrage.")
    # a verb that is no carrying out or issuing does not lend its subject
    got = code("Unicef read a statement to express its outrage.")
    assert not [c for c in got if c[2] == "111"]


def test_the_aim_of_an_attack_names_its_target(code) -> None:  # type: ignore[no-untyped-def]
    assert ("TUR", "SYRREB", "190") in code(
        "Turkey launched an operation to clear out the YPG from Afrin.")
    got = code("Turkey launched an offensive to please its voters.")
    assert not [c for c in got if c[2] == "190" and c[1] != "---"]


def test_whom_an_attack_is_met_by_is_its_target(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The YPG faced a Turkish offensive.")
    assert ("TUR", "SYRREB", "190") in got
    # a verb of doing, not of meeting, makes its subject the source
    got = code("The YPG launched a Turkish-style offensive.")
    assert ("TUR", "SYRREB", "190") not in got


def test_war_bans_crackdowns_disapproval_and_inflicted_losses_as_data(code) -> None:  # type: ignore[no-untyped-def]
    assert ("RUS", "UKR", "190") in code("Russia's war against Ukraine continued.")
    assert ("USAGOV", "SYRREF", "172") in code("Trump's ban on Syrian refugees angered Canada.")
    assert ("EUR", "USA", "110") in code("There is growing European anger at US policy in Syria.")
    assert ("KUR", "TURMIL", "190") in code(
        "The Kurds inflicted heavy losses on Turkey's proxy forces.")


def test_a_trade_war_and_a_war_during_which_one_acts_are_no_force(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code("The US-China trade war hurt American farmers.")
                if c[2][:2] == "19"]
    got = code("President Bush sent U.S. troops to Mogadishu during a civil war in Somalia.")
    assert not [c for c in got if c[2][:2] == "19"]


def test_force_a_party_says_it_would_use_under_a_condition_is_a_threat(code) -> None:  # type: ignore[no-untyped-def]
    assert ("TUR", "KUR", "138") in code(
        "Turkey said it would attack the Kurds if they did not withdraw.")


def test_a_condition_told_by_the_writer_or_another_speaker_is_no_threat(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code("If Turkey attacked, the US would strike the Turkish army.")
                if c[2] == "138"]
    assert not [c for c in code("Erdogan said Russia would attack the Kurds if they did not "
                                "withdraw.") if c[2] == "138"]
    # no condition: the act stays a future act, no threat
    assert not [c for c in code("Turkey said it would attack the Kurds.") if c[2] == "138"]


def test_who_is_in_someones_custody_is_held_by_them(code) -> None:  # type: ignore[no-untyped-def]
    assert ("KURREB", "GBR", "173") in code(
        "Hundreds of Britons were now in the custody of Kurdish forces.")
    assert ("TUR", "IRNMIL", "173") in code("The Iranian sailors remain in Turkish custody.")


def test_custody_as_a_modifier_holds_no_one(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code("Turkish custody rules for Iranian sailors are strict.")
                if c[2] == "173"]


def test_whom_a_place_is_taken_from_is_the_target(code) -> None:  # type: ignore[no-untyped-def]
    assert ("SYRMIL", "IMGMUSISI", "192") in code(
        "The Syrian military reclaimed the border town of Albu Kamal from Isis.")
    assert ("IRQMIL", "IMGMUSISI", "192") in code("Iraqi forces retook Mosul from Isis.")
    # with no "from" phrase the place stands for its country
    assert ("IRQMIL", "IRQ", "192") in code("Iraqi forces retook Mosul.")


def test_fired_mortars_are_artillery(code) -> None:  # type: ignore[no-untyped-def]
    assert ("WSTMIL", "---", "194") in code(
        "Mortars fired by western special forces rained down on the holdouts.")
    got = code("Hamas fired rockets at Israel.")
    assert ("PSEREB", "ISR", "190") in got and not [c for c in got if c[2] == "194"]


def test_a_jail_sentence_is_detention(code) -> None:  # type: ignore[no-untyped-def]
    assert ("TURGOV", "TURMED", "173") in code(
        "The Turkish government has sentenced 13 journalists to long jail terms.")
    got = code("The Turkish government has convicted 13 journalists.")
    assert [c for c in got if c[2] == "116"] and not [c for c in got if c[2] == "173"]


def test_context_words_of_this_round_leave_the_phoenix_base_open(code) -> None:  # type: ignore[no-untyped-def]
    # "drive" is an `aim` word (modality.tsv): a context word, which does not own the verb;
    # "drive out" is a row of ours since the material recall round (driving out an armed
    # party is fighting it, 190; anyone else, a mass expulsion, 201, as the base codes it)
    assert ("IRQMIL", "IMGMUS", "190") in code(
        "The Iraqi army drove the jihadists out of Mosul in 2017.")
    assert [c for c in code("The Iraqi army drove thousands of Sunni villagers out of Mosul.")
            if c[0] == "IRQMIL" and c[2] == "201"]


def test_fighting_between_two_parties_is_mutual(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Heavy fighting between Syrian government forces and rebels continued in Idlib.")
    assert ("SYRMIL", "SYRREB", "190") in got and ("SYRREB", "SYRMIL", "190") in got
    got = code("Fighting broke out between Armenian and Azerbaijani troops on Sunday.")
    assert [c for c in got if c[2] == "190"]
    # fighting with no parties between is no event
    assert not [c for c in code("Fighting for votes, the Syrian president toured Aleppo.")
                if c[2] == "190"]


def test_killed_in_an_attack_is_the_attackers_act_on_the_killed(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Two Iraqi soldiers were killed in an Isis attack on their base.")
    assert ("IMGMUSISI", "IRQMIL", "190") in got
    got = code("At least 200 civilians were killed in Russian air strikes on Ghouta.")
    assert ("RUS", "SYRCVL", "195") in got or ("RUS", "CVL", "195") in got
    # an attack the killed were not in ("killed before the attack") lends no source
    assert not [c for c in code("Two Iraqi soldiers were killed before an Isis attack.")
                if c[0] == "IMGMUSISI" and c[1] == "IRQMIL"]


def test_missiles_fired_into_the_sea_or_tested_are_a_show_of_force(code) -> None:  # type: ignore[no-untyped-def]
    assert ("PRK", "---", "150") in code("North Korea fired a ballistic missile into the sea.")
    assert ("PRK", "---", "150") in code("North Korea tested a ballistic missile on Sunday.")
    got = code("North Korea fired a ballistic missile at Japan.")
    assert ("PRK", "JPN", "190") in got and not [c for c in got if c[2] == "150"]


def test_tear_gas_fired_at_protesters_is_repression(code) -> None:  # type: ignore[no-untyped-def]
    assert ("KENCOP", "KENOPP", "175") in code(
        "Kenyan police fired tear gas at protesters in Nairobi.")
    got = code("Kenyan police fired on protesters in Nairobi.")
    assert not [c for c in got if c[2] == "175"]


def test_a_stab_in_the_back_and_the_cold_war_are_no_force(code) -> None:  # type: ignore[no-untyped-def]
    assert not [c for c in code("The US, he said, had stabbed Turkey in the back.")
                if c[2][:2] in ("18", "19")]
    # the suppressed act noun reports nothing: the saying stays a statement
    got = code("“The cold war is back with a vengeance,” UN chief Guterres said.")
    assert not [c for c in got if c[2][:2] == "19"]
    assert [c for c in got if c[2][:2] == "01"]
