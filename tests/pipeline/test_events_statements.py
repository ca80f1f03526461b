"""EventStage statements (CAMEO 01x, docs/events.md "Statements"): a named political actor's own
comment, through the real pipeline; one hand-written sentence per rule."""

from __future__ import annotations

import pytest


def statements(got: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    return {t for t in got if t[2][:2] == "01"}


@pytest.mark.parametrize(("text", "expected"), [
    # a quote set before its speaker, neutral: no target
    ("“We will hold the line,” the Turkish foreign minister said on Monday.",
     ("TURGOV", "---", "010")),
    # inverted speaker ("said X"), pessimistic cue
    ("“Idlib is a ticking bomb,” said the Turkish foreign minister.", ("TURGOV", "---", "012")),
    # the party commented on is the target; "a real problem" is pessimistic
    ("The French president said Iran was a real problem.", ("FRAGOV", "IRN", "012")),
    # optimistic cue
    ("The Iraqi government said there had been real progress.", ("IRQGOV", "---", "013")),
    # a verb of warning is pessimistic by itself
    ("The German chancellor warned that the talks could collapse.", ("DEUGOV", "---", "012")),
    # sympathy; a spokesman speaks for his office, though the article is indefinite
    ("A British government spokesman said the death of the child was tragic.",
     ("GBRGOV", "---", "018")),
    # a participle of saying shares the subject of its clause
    ("The French president gave a speech in Paris, adding that Iran was a real problem.",
     ("FRAGOV", "IRN", "012")),
    # an infinitive of the saying is the speaker's own act: a comment, not a report
    ("Russia and the United States claim to have destroyed their chemical stocks.",
     ("RUS", "---", "010")),
    # a party of the speaker's own country is no target of the comment
    ("Democrats contend that the recount would give the Democratic candidate a victory.",
     ("USAPTY", "---", "010")),
])
def test_own_comments_are_statements(code, text: str, expected: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    got = statements(code(text))
    assert expected in got, got


def test_silence_is_a_declined_comment(code) -> None:  # type: ignore[no-untyped-def]
    # a refused denial declines comment; an asserted one is a denial
    got = statements(code("The Turkish foreign minister refused to deny that the talks had "
                          "failed."))
    assert ("TURGOV", "---", "011") in got, got
    assert ("USAGOV", "---", "011") in code("The White House did not comment.")
    assert ("USAGOV", "---", "011") in code("The White House declined to comment.")
    # asserted, a verb of silence with nothing said is no statement
    assert not statements(code("The Kremlin responded with a raid on the office."))


@pytest.mark.parametrize("text", [
    # a report of another party's act: the act is the event, the saying none (CODING.md)
    "The Russian defence ministry said Ukrainian forces shelled the village.",
    # an act the coder cannot give a party is still a report
    "The Ukrainian foreign ministry said the journalist was detained in Moscow.",
    # private speakers, monitors and unnamed speakers make no statements
    "A Syrian refugee said the situation was a disaster.",
    "The Syrian Observatory for Human Rights said the situation was a disaster.",
    "A Turkish official said the situation was a disaster.",
    # an act noun as what is said: a report
    "The United Nations says the airstrikes have driven 160,000 people from their homes.",
    # pronoun speakers and sectors with no country
    "He said the situation was a disaster.",
    "The regime said the situation was a disaster.",
    # hypothetical sayings and background relative clauses
    "The Turkish foreign minister may say the situation is a disaster.",
    # a participle of saying that spells out the act of its clause
    "Cuba blames U.S. migration policy for the problem, saying the law is the reason.",
    # a directive, not a comment
    "The US president told the Pentagon to withdraw the troops.",
    # nothing said: a verb of saying with no clause
    "The US intends to maintain a military presence in Syria.",
    # the speaker is an uncoded person whom only a modifier places ("the US envoy" is coded)
    "Brian Smith, the US point man on Iran, said the situation was a disaster.",
    # a party of another country does what is said: a report, even of an act with no row
    "The Russian defence ministry said Syrian military police had begun patrolling Douma.",
])
def test_no_statement(code, text: str) -> None:  # type: ignore[no-untyped-def]
    got = statements(code(text))
    assert not {t for t in got if t[2] in ("010", "012", "013", "018")}, got


def test_cues_under_negation_and_in_conditions(code) -> None:  # type: ignore[no-untyped-def]
    # a negated optimistic cue is pessimistic
    got = statements(code("The Iraqi prime minister said there had been no progress."))
    assert ("IRQGOV", "---", "012") in got, got
    # an inability is pessimistic, not a refusal
    got = statements(code("“We cannot protect our interests without allies,” the US defence "
                          "secretary wrote."))
    assert ("USAGOV", "---", "012") in got, got
    # a cue in a condition ("until …") is not the comment's tone
    got = statements(code("The Iraqi prime minister said the situation would remain calm "
                          "until the crisis ends."))
    assert got and not {t for t in got if t[2] == "012"}, got


def test_saying_nouns(code) -> None:  # type: ignore[no-untyped-def]
    # a political possessor's saying noun, with its that-clause and cue
    got = statements(code("The row followed the French president's claims that Isis had been "
                          "defeated."))
    assert ("FRAGOV", "IMGMUSISI", "013") in got, got
    # the object of an uttering verb, with its topic phrase
    got = statements(code("The German defence minister issued a warning about the threat from "
                          "Islamic State."))
    assert ("DEUGOV", "IMGMUSISI", "012") in got, got
    # the object of another act: that act is the event, the saying none
    got = statements(code("Iran rejected the French president's claims."))
    assert not {t for t in got if t[0] == "FRAGOV"}, got
