"""EventStage rules of the verbal and cooperative side (CAMEO 01-07) of issue 14, round 5
(docs/events.md, "Verbal round"): statements whose content no party does, denials of one's own
acts, stated beliefs and repeated insistences, conversations, fighting alongside, de-escalation
and appeals whose infinitive the parser hangs as an adverbial clause. One hand-written sentence
per class, with a near sentence that must not get the event."""

from __future__ import annotations


def roots(got: set[tuple[str, str, str]], root: str) -> set[tuple[str, str, str]]:
    return {t for t in got if t[2][:2] == root}


def test_an_act_no_party_does_leaves_the_saying_a_statement(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The Turkish foreign minister said Russian jets cannot afford attacks while "
               "Turkish soldiers are there.")
    assert ("TURGOV", "RUSMIL", "012") in got


def test_a_reported_act_is_no_statement(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The Turkish foreign minister said Russian jets attacked the town.")
    assert not roots(got, "01")
    # a refusal is an act of its own: the refusal is reported, no statement
    got = code("The Turkish foreign minister said the US administration refused to withdraw its "
               "troops from Syria.")
    assert not roots(got, "01")
    assert roots(got, "12")


def test_denying_ones_own_act_is_a_denial(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Russia never attacked Ukrainian civilians, the Kremlin said.")
    assert ("RUSGOV", "---", "016") in got
    assert not roots(got, "19")  # the negated act itself is not coded


def test_another_sides_negated_act_is_no_denial(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The Kremlin said Ukraine never attacked Russian civilians.")
    assert not {t for t in got if t[2] == "016"}
    # a negated intention to act is no denial of a done act
    got = code("The British home secretary told the US attorney general the UK does not intend "
               "to request the transfer of the two men.")
    assert not {t for t in got if t[2] == "016"}


def test_a_stated_belief_is_a_statement(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The Syrian Democratic Forces believe senior Isis fighters may be trying to "
               "bribe the regime.")
    assert ("SYRREB", "IMGMUSISI", "010") in got


def test_private_beliefs_are_none(code) -> None:  # type: ignore[no-untyped-def]
    assert not roots(code("Many residents in Damascus believe the war will end soon."), "01")


def test_a_repeated_insistence_is_a_statement(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Erdoğan repeated his insistence that there was no distinction between the YPG "
               "and the PKK.")
    assert ("TURGOV", "SYRREB", "010") in got
    assert not roots(code("The Turkish army repeated the attack on the town."), "01")


def test_a_phone_conversation_between_two_leaders(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The decision was triggered by a phone conversation between the French president "
               "and the Iranian president.")
    assert {("FRAGOV", "IRNGOV", "041"), ("IRNGOV", "FRAGOV", "041")} <= got


def test_a_conversation_with_no_counterpart_is_none(code) -> None:  # type: ignore[no-untyped-def]
    assert not roots(code("The French president had a long conversation about Syria."), "04")


def test_fighting_alongside_is_military_cooperation(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The SDF has fought alongside the US in the campaign to defeat Isis.")
    assert {("SYRREB", "USA", "062"), ("USA", "SYRREB", "062")} <= got
    assert ("SYRREB", "USA", "190") not in got


def test_fighting_against_stays_fighting(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Kurdish forces fought against Isis in Raqqa.")
    assert not roots(got, "06")
    assert roots(got, "19")


def test_halting_an_offensive_and_restraint_are_de_escalation(code) -> None:  # type: ignore[no-untyped-def]
    assert ("RUS", "SYR", "087") in code("Russia halted its offensive on Idlib.")
    assert ("IRQMIL", "---", "087") in code("The Iraqi army showed restraint in Kirkuk.")


def test_suspended_business_operations_are_no_de_escalation(code) -> None:  # type: ignore[no-untyped-def]
    assert not roots(code("The Turkish company suspended operations in Syria."), "08")


def test_an_appeal_whose_infinitive_hangs_as_adverbial_clause(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Erdoğan pleaded with Russia and Iran to halt any forthcoming offensive.")
    assert {("TURGOV", "RUS", "0256"), ("TURGOV", "IRN", "0256")} <= got
    assert ("FRAGOV", "RUS", "0256") in code("Macron appealed to Russia to halt the offensive.")


def test_an_invitation_to_a_place_keeps_its_own_code(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The French president has invited two Kurdish leaders to Paris to discuss the "
               "crisis.")
    assert ("FRAGOV", "KUR", "020") in got
    assert ("FRAGOV", "KUR", "026") not in got


def test_a_persons_belief_and_passive_belief_are_none(code) -> None:  # type: ignore[no-untyped-def]
    # a person's belief is the writer's reading of a mind
    assert not roots(code("The French president clearly believes that Iran wants a deal."), "01")
    # passives, also where the tagger reads "believed" as a past tense
    assert not roots(code("Iran is widely believed to be supporting the Houthis."), "01")
    assert not roots(code("An estimated 850 Britons believed to have joined Isis in Syria "
                          "returned."), "01")


def test_denying_ones_own_state_did_something_with_no_lexicon_row(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The Russian ambassador says Russia was not tracking Sergei Skripal in the UK.")
    assert ("RUSGOV", "---", "016") in got
    # another state's negated act is a comment on it, no denial
    got = code("The French president said Iran did not want a deal.")
    assert ("FRAGOV", "IRN", "010") in got
