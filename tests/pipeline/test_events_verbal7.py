"""EventStage rules of the verbal round 7 (CAMEO 01-05; docs/events.md, "Verbal round 7"):
quotes the parser hangs under the saying after them, sayings by a gerund after a preposition,
statements of a body's statement noun, "but" conjuncts that do not share a negation, the verb
"announce", denials of an affiliation, and tone cues. One hand-written sentence per class, with a
near sentence that must not get the event."""

from __future__ import annotations


def roots(got: set[tuple[str, str, str]], root: str) -> set[tuple[str, str, str]]:
    return {t for t in got if t[2][:2] == root}


def test_a_quote_hung_under_the_saying_after_it_is_what_is_said(code) -> None:  # type: ignore[no-untyped-def]
    got = code("“Once purported as fierce, now pathetic and a lost cause,” Brett McGurk, the US "
               "special presidential envoy for the coalition, tweeted.")
    assert ("USAGOV", "---", "010") in got
    # a saying with nothing before it and no clause says nothing
    assert not roots(code("Brett McGurk, the US special presidential envoy, tweeted."), "01")


def test_a_gerund_of_saying_after_a_preposition_has_its_verb_s_subject(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Erdoğan responded by saying that Isis had been 99% defeated.")
    assert ("TURGOV", "IMGMUSISI", "013") in got
    # the gerund of a noun's preposition has no such speaker
    assert not roots(code("The risk of saying that the economy was in trouble grew."), "01")


def test_a_body_s_statement_noun_speaks_for_the_body(code) -> None:  # type: ignore[no-untyped-def]
    got = code("The situation in the north is calm, a Syrian army statement said.")
    assert ("SYRMIL", "---", "010") in got
    # an unnamed official with an indefinite article still makes no statement
    assert not roots(code("The town is quiet, a Syrian official said."), "01")


def test_a_but_conjunct_does_not_share_the_negation(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Trump did not claim victory but said on Friday that Iran was a real problem.")
    assert ("USAGOV", "IRN", "012") in got
    # a conjunct with no contrast shares it
    assert not roots(code("Trump did not travel or say that Iran was a real problem."), "01")


def test_announce_is_a_speech_verb(code) -> None:  # type: ignore[no-untyped-def]
    assert ("USAMIL", "---", "010") in code(
        "The Pentagon announced that there were 11,000 troops serving in Afghanistan.")
    # an own act announced is that act, not a statement
    got = code("The Pentagon announced that it would send troops to Syria.")
    assert not roots(got, "01")
    # also one the lexicon does not code
    assert not roots(code("Russia announced it had postponed the Sochi conference."), "01")


def test_denying_an_affiliation_is_a_denial(code) -> None:  # type: ignore[no-untyped-def]
    assert ("SYRREB", "---", "016") in code("The YPG denies any affiliation with the PKK.")
    # denying someone a thing is no denial
    assert not roots(code("The YPG denied the villagers access to water."), "01")


def test_tone_cues_of_a_bleak_comment(code) -> None:  # type: ignore[no-untyped-def]
    assert ("IGOUNO", "---", "012") in code(
        "The United Nations said the influx of exiles was overwhelming local communities.")
    assert ("GBRGOV", "---", "012") in code(
        "“It would send a terrible signal to our allies,” the British foreign secretary said.")
    # a plain comment stays neutral
    assert ("IGOUNO", "---", "010") in code(
        "The United Nations said the exiles were living in local communities.")


def test_a_but_conjunct_shares_the_auxiliary(code) -> None:  # type: ignore[no-untyped-def]
    got = code("France announced it would accept – but prosecute – any adult French Isis members.")
    assert ("FRA", "IMGMUSISI", "115") in got


def test_anonymous_sources_make_no_statement(code) -> None:  # type: ignore[no-untyped-def]
    assert not roots(code("The town is calm, Palestinian security sources said."), "01")
    # nor as the conjunct of a named speaker
    got = code("The town is calm, the Israeli army and Palestinian security sources said.")
    assert ("ISRMIL", "---", "010") in got
    assert not {t for t in got if t[0] == "PSE"}


def test_a_demonym_with_an_article_is_an_unnamed_speaker(code) -> None:  # type: ignore[no-untyped-def]
    assert not roots(code("A second Briton has said the camp is cold."), "01")
    # a named country still speaks
    assert ("GBR", "---", "010") in code("Britain has said the camp is cold.")


def test_acknowledging_a_state_of_affairs_is_a_comment(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Britain acknowledged that it is yet to decide on the children.")
    assert ("GBR", "---", "010") in got
    assert ("GBR", "---", "015") not in got
    got = code("Begum is entitled to return to the UK, as the British home secretary has "
               "acknowledged.")
    assert ("GBRGOV", "---", "010") in got
    # an own act acknowledged is a claim of responsibility
    assert ("USAMIL", "---", "015") in code("The Pentagon admitted it had bombed the hospital.")
    # refusing to concede defeat is no declined comment
    assert not roots(code("The Mexican opposition leader is refusing to concede defeat."), "01")


def test_a_saying_in_an_as_clause_says_its_main_clause(code) -> None:  # type: ignore[no-untyped-def]
    assert ("USAGOV", "IRN", "012") in code("As Trump said on Monday, Iran is a real problem.")
    # a reported act stays the event
    got = code("Turkey attacked the Kurdish town of Afrin, as the Pentagon said.")
    assert not roots(got, "01")


def test_a_speech_given_or_owned_is_a_statement(code) -> None:  # type: ignore[no-untyped-def]
    assert ("USAGOV", "---", "010") in code("Trump gave a speech in Ohio on Monday.")
    assert ("USAGOV", "---", "010") in code(
        "The US secretary of state’s address was in line with earlier ones.")
    assert ("RUSGOV", "---", "010") in code(
        "RT is showing a press briefing by Russian foreign ministry spokeswoman Maria Zakharova.")
    # a briefing received is none of the receiver's
    assert not roots(code("Trump received a daily intelligence briefing."), "01")


def test_a_saying_as_a_clause_s_subject_is_not_made(code) -> None:  # type: ignore[no-untyped-def]
    assert not roots(code("For Putin to acknowledge that the men were there would have "
                          "belied his claim."), "01")
    assert ("RUSGOV", "---", "010") in code("Putin acknowledged that the men were there.")


def test_talking_to_the_media_is_no_consultation(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Speaking to NBC, the French foreign minister said the economy was in trouble.")
    assert not roots(got, "04")
    assert ("FRAGOV", "---", "010") in got
    # a meeting of two governments stays one
    assert ("FRAGOV", "GBRGOV", "040") in code(
        "The French president met the British prime minister.")


def test_seeking_an_inquiry_or_approval_is_an_appeal(code) -> None:  # type: ignore[no-untyped-def]
    assert ("TUR", "IGOUNO", "020") in code("Turkey is seeking a UN-led investigation.")
    assert ("TUR", "RUS", "020") in code("Turkey sought Russia's blessing for the offensive.")
    # a possessor the coder cannot code is a named target: no one-sided appeal
    assert not roots(code("Turkey sought their approval for the offensive."), "02")
    # seeking to act is trying, no appeal
    assert not roots(code("Turkey seeks to expand its influence in Syria."), "02")


def test_an_act_after_without_is_not_done(code) -> None:  # type: ignore[no-untyped-def]
    got = code("Britain acted without seeking an assurance from the United States.")
    assert not roots(got, "02")
    assert ("GBR", "USA", "020") in code("Britain sought an assurance from the United States.")
