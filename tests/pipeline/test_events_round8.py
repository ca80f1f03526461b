"""EventStage rules of the events round 8 (issue 14; docs/events.md, "Events round 8"): a
speech verb whose object is what it says, and a request for one's own anonymity that appeals to
no one. Each class has a sentence of the tuning draws, a hand-written one and a near sentence that
must not change."""

from __future__ import annotations


def roots(got: set[tuple[str, str, str]], root: str) -> set[tuple[str, str, str]]:
    return {t for t in got if t[2][:2] == root}


def test_a_speech_verb_s_object_is_what_it_says(code) -> None:  # type: ignore[no-untyped-def]
    # retired draw 2 (r2-0098) and draw 4 (r4-0393)
    assert ("USAGOV", "IND", "010") in code(
        "Although he was addressing an APEC business leaders meeting, Trump repeatedly referred "
        "to the Indo-Pacific region and mentioned the importance of India in his speech.")
    assert ("RUSGOV", "---", "010") in code(
        "He also tamely tagged along in Helsinki when Putin took the lead in stressing the need "
        "to restore the 1974 Golan Heights ceasefire.")
    assert ("DEUGOV", "---", "010") in code(
        "The German chancellor stressed the importance of a political solution.")
    # a verb of saying with an object that is not a `topic` verb says nothing ("told reporters")
    assert not roots(code("The German chancellor told reporters in Berlin."), "01")
    # the statement's report rule still holds: an act in the object is the event
    got = code("The German chancellor mentioned the Russian attack on Ukraine.")
    assert not roots(got, "01")


def test_asking_not_to_be_named_is_no_appeal(code) -> None:  # type: ignore[no-untyped-def]
    # retired draw 2 (r2-0021): no event at all
    assert not code("“It is an unsustainable situation,” said a Kafranbel resident, who asked "
                    "not to be named for fear of retaliation.")
    got = code("An Iraqi official, who asked not to be identified, said Turkey had attacked the "
               "village.")
    assert not roots(got, "02")
    assert not roots(code("Iranian officials requested anonymity."), "02")
    # asking a question of someone is none either (found on the Guardian sample)
    assert not roots(code("Trump asked the same question of his national security adviser, "
                          "John Bolton."), "02")
    # asking a party to act is still an appeal
    assert ("DEU", "RUS", "0256") in code("Germany asked Russia to withdraw.")
    assert roots(code("Germany asked Russia to name the suspects."), "02")


def test_committing_massacres_and_atrocities(code) -> None:  # type: ignore[no-untyped-def]
    # retired draw 3 (r3-0149, r3-0106)
    assert ("TUR", "---", "202") in code("Huge massacres have been committed by the Turks.")
    assert ("IMGMUSISI", "IRQCVL", "180") in code(
        "Renas says she was first drawn to Syria after seeing the atrocities Isis were "
        "committing against civilians in Iraq and Syria.")
    assert ("TUR", "ARM", "202") in code("The Turks committed massacres against the Armenians.")
    # committing to a plan, or troops, is no violence
    assert not roots(code("Turkey committed troops to the operation."), "20")
    assert not roots(code("Turkey committed troops to the operation."), "18")


def test_voicing_criticism_is_criticism(code) -> None:  # type: ignore[no-untyped-def]
    assert ("FRAGOV", "---", "111") in code(
        "The French foreign minister voiced criticism of the decision.")
    # voicing support stays support
    assert not roots(code("The French foreign minister voiced support for the decision."), "11")


def test_the_of_phrase_of_a_resignation_or_withdrawal_is_who_acts(code) -> None:  # type: ignore[no-untyped-def]
    # retired draws 2 and 3 (r2-0314, r3-0174)
    got = code("The resignation of US defence secretary James Mattis was triggered by a phone "
               "conversation between Donald Trump and the Turkish president.")
    # (Mattis is USAELI on the fixture's date, 2025)
    assert any(s[:3] == "USA" and t == "---" for s, t, _ in roots(got, "08"))
    assert ("USAMIL", "SYR", "087") in code(
        "The withdrawal of US troops from Syria began on Friday.")
    # an act called or prepared for is not done
    assert not roots(code("Iran's foreign minister criticized demands for the resignation of "
                          "the Syrian president."), "08")
    assert not roots(code("Hunt voiced his qualms about calls for the withdrawal of US troops "
                          "from Syria."), "08")
    # nor an act that is another verb's object: asked of someone, not done
    assert not roots(code("Russia has demanded that Erdoğan force the withdrawal of jihadist "
                          "forces from Idlib."), "08")


def test_private_people_are_no_party_a_comment_is_about(code) -> None:  # type: ignore[no-untyped-def]
    # retired draws 2 and 4 (r2-0367, r4-0347): the comment has no target
    got = roots(code("“We will try to prevent any damage to the Syrian people and complete the "
                     "process of clearing extremists,” the Iranian foreign minister said."), "01")
    assert got and all(t == "---" for _, t, _ in got)
    got = roots(code("So far, the response has been largely muted, with Britain, France, "
                     "Australia and much of Europe acknowledging that they are yet to decide on "
                     "what to do about Isis children in particular."), "01")
    assert ("GBR", "---", "010") in got
    assert not any(t == "IMGMUSISI" for _, t, _ in got)
    # a state named in what is said stays the target
    assert ("USAGOV", "IRN", "012") in code("Trump said Iran was a real problem.")


def test_a_name_after_a_leading_date_is_the_subject(code) -> None:  # type: ignore[no-untyped-def]
    # retired draws 2 and 3 (r2-0528, r3-0094): the parser reads the name as the object of On/In
    # (Dunford is USAELI on the fixture's date, 2025; USAMIL in 2017)
    got = roots(code(
        "In mid-October General Joseph Dunford, the chairman of the US joint chiefs of staff, "
        "issued a discreet warning about the continuing threat from Islamic State."), "01")
    assert any(s[:3] == "USA" and t == "IMGMUSISI" and c == "012" for s, t, c in got)
    got = roots(code("On Sunday Çavuşoğlu said he could envisage Turkey accepting Assad "
                     "remaining as president if he was elected in free and fair elections."), "01")
    assert any(s[:3] == "TUR" and t[:3] == "SYR" and c == "010" for s, t, c in got)
    # a place after the preposition is no subject
    assert not roots(code("In Moscow officials said the talks had ended."), "01")


def test_criticism_between_two_named_parts_of_one_government(code) -> None:  # type: ignore[no-untyped-def]
    # retired draws 1 and 3 (rtest-0214, r3-0176)
    assert ("USAGOV", "USAGOV", "111") in code(
        "Speaking to NBC, Dr Deborah Birx, the White House coronavirus task force co-ordinator, "
        "criticised the Trump administration for flouting guidelines.")
    # a pronoun or the same name is no second party
    assert not roots(code("The Trump administration criticised itself."), "11")
    # force and cooperation stay between different actors
    assert not roots(code("The US Secretary of State met the US defence secretary."), "04")
