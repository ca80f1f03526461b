"""EventStage rules of the verbal round 6 (CAMEO 01-05, 10-14; docs/events.md, "Verbal round
6"): the target of a criticism or rejection through the "by"/"from" phrase of the act it judges,
sayings in a relative clause whose relative pronoun is the speaker, the addressee of a saying as
its target, and discard phrases that name a past war. One hand-written sentence per class, with a
near sentence that must not get the event."""

from __future__ import annotations


def roots(got: set[tuple[str, str, str]], root: str) -> set[tuple[str, str, str]]:
    return {t for t in got if t[2][:2] == root}


def test_criticism_of_an_act_by_a_party_targets_that_party(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The British prime minister criticised the decision by Donald Trump to withdraw "
               "the troops.")
    assert ("GBRGOV", "USAGOV", "111") in got
    got = code("Russia and Iran have spurned efforts by the UN to change the committee.")
    assert ("RUS", "IGOUNO", "120") in got
    # a rebutted utterance is the other side's accusation, not a rejection of it
    assert ("GBR", "RUS", "120") not in code("Britain rejected an accusation by Russia.")
    # an act with no party of its own still stands alone
    assert ("FRAGOV", "---", "111") in code("The French president condemned the attack.")


def test_a_relative_pronoun_that_says_is_the_speaker(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Russia, which has said that the economy is in trouble, raised its rates.")
    assert ("RUS", "---", "010") in got
    # a relative clause whose own subject says is background, not a statement
    assert not roots(code("The attack, which Turkey feared would happen, came on Monday."), "01")


def test_the_addressee_of_a_saying_is_its_target(code) -> None:  # type: ignore[no-untyped-def]
    assert ("RUSGOV", "TURGOV", "010") in code(
        "Putin told Erdogan that the economy was in trouble.")
    # reporters are the channel, not the target
    assert ("RUSGOV", "---", "010") in code(
        "Putin told reporters that the economy was in trouble.")
    # the party commented on comes first
    got = code("The British ambassador told the French president that Iran was a real problem.")
    assert ("GBRGOV", "IRN", "012") in got
    assert not {t for t in got if t[1] == "FRAGOV"}


def test_a_past_war_named_in_the_sentence_does_not_discard_it(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Erdogan said the world was living in dark times reminiscent of the second world "
               "war as he lambasted decisions by Donald Trump.")
    assert ("TURGOV", "USAGOV", "111") in got
    # a sports phrase still discards its sentence
    assert not code("Manchester United criticised the French football federation.")


def test_a_refusal_to_say_declines_comment(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The Pentagon refused to confirm whether the strike took place.")
    assert ("USAMIL", "---", "011") in got
    assert not roots(got, "12")
    got = code("The Kremlin declined to comment on the report.")
    assert got == {("RUSGOV", "---", "011")}
    # a refusal to act stays a refusal
    assert ("IRN", "USAGOV", "125") in code("Iran refused to meet the American envoy.")


def test_quitting_an_agreement_defies_it(code) -> None:  # type: ignore[no-untyped-def]
    assert ("USAGOV", "IRN", "128") in code("Trump pulled out of the Iran nuclear deal.")
    got = code("The United States withdrew from the nuclear deal with Iran.")
    assert ("USA", "IRN", "128") in got
    assert not roots(got, "08")  # no withdrawal of forces from Iran
    assert ("CANGOV", "SYRREB", "128") in code("Ottawa backed out of the agreement with the SDF.")
    # pulling out of a place is no breach of an agreement
    assert not roots(code("Russian troops pulled out of the Syrian town of Manbij."), "12")
