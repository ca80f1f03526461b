"""ActorStage on people named with a title or an apposition (issue 13, round 4): names the tagger
missed or merged with their demonym or title, posts at a named body, spokespeople for an uncoded
principal, titled names placed by the dateline, coordinated demonyms sharing an agent term, the
armed members of a stateless people placed by their sentence.

One small hand-written sentence per rule; each checks the code and, where there is one, the clue.
"""

from __future__ import annotations

import pytest
from actor_find import find

from multipolar.model import Resolution


@pytest.fixture(scope="module")
def resolve(resolver):  # type: ignore[no-untyped-def]
    return resolver("2019-02-20")


# --- names the tagger missed or merged ----------------------------------------------------------

def test_an_untagged_name_takes_its_apposition(resolve) -> None:  # type: ignore[no-untyped-def]
    # spaCy tags neither word of "Ciyager Amed" as an entity
    actors = resolve("Ciyager Amed, an SDF leader, said a number of Isis fighters had "
                     "surrendered.")
    amed = find(actors, "Ciyager Amed")
    assert amed is not None and amed.code == "SYRREB"
    assert amed.clue == "apposition:SDF leader"


def test_an_untagged_surname_takes_the_sector_of_its_title(resolve) -> None:  # type: ignore[no-untyped-def]
    kolender = find(resolve("Kolender, the county sheriff, said the deputies acted properly."),
                    "Kolender")
    assert kolender is not None and kolender.agent_code == "COP"


def test_proper_nouns_without_an_apposition_are_no_new_name(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("Trump holds out promise to revive ties at Apec summit.")
    assert find(actors, "Apec") is None or find(actors, "Apec").person is False  # type: ignore[union-attr]


def test_a_demonym_merged_with_a_name_gives_its_country(resolve) -> None:  # type: ignore[no-untyped-def]
    # spaCy tags "Canadian Hanna Bohman" and "Spaniard Arges Artiaga" as one person each
    actors = resolve("“I came all this way,” said Canadian Hanna Bohman, one of the volunteers.")
    bohman = next((a for a in actors if "Bohman" in a.text), None)
    assert bohman is not None and bohman.code == "CAN"
    actors = resolve("Spaniard Arges Artiaga, who was part of the sniper unit, said it.")
    artiaga = next((a for a in actors if "Artiaga" in a.text), None)
    assert artiaga is not None and artiaga.code == "ESP"


def test_a_country_name_opening_a_person_is_a_first_name(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("Jordan Peterson said the book would sell.")
    assert all(a.code != "JOR" for a in actors)


# --- posts at a named body ------------------------------------------------------------------

def test_a_post_of_a_body_in_the_possessive(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("Geert Cappelaere, Unicef’s director for the Middle East, said it.")
    name = find(actors, "Geert Cappelaere")
    assert name is not None and name.code == "IGOUNOKID"
    assert name.clue == "apposition:Unicef"


def test_a_name_of_a_named_organisation(resolve) -> None:  # type: ignore[no-untyped-def]
    name = find(resolve("Tanya Lokshina, of Human Rights Watch, said it."), "Tanya Lokshina")
    assert name is not None and name.code == "NGOHRI"
    name = find(resolve("Thomas Mann of think tank the Brookings Institution said it."),
                "Thomas Mann")
    assert name is not None and name.code == "USANGO"


def test_a_name_of_a_place_is_no_member(resolve) -> None:  # type: ignore[no-untyped-def]
    name = find(resolve("Joe Robinson of Leeds said it."), "Joe Robinson")
    assert name is None or name.code is None or name.code.endswith("CVL")


def test_the_irc_is_an_ngo_of_no_one_state(resolve) -> None:  # type: ignore[no-untyped-def]
    name = find(resolve("Misty Buswell, the International Rescue Committee’s Middle East "
                        "advocacy director, said it."), "Misty Buswell")
    assert name is not None and name.code == "NGO"


# --- spokespeople and titled names ----------------------------------------------------------

def test_a_spokesman_for_an_uncoded_principal_takes_its_sector(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("Shah Mohmood Ashna, spokesman for the provincial police chief, said the "
                     "attacker was killed.")
    spokesman = find(actors, "spokesman")
    assert spokesman is not None and spokesman.agent_code == "COP"
    name = find(actors, "Shah Mohmood Ashna")
    assert name is not None and name.agent_code == "COP"


def test_a_titled_name_takes_the_dateline(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("DHAKA, Bangladesh (AP) — Foreign Minister Joao Mendes said the talks "
                     "would resume.")
    mendes = find(actors, "Foreign Minister Joao Mendes")
    assert mendes is not None and mendes.code == "BGDGOV"
    assert mendes.resolution is Resolution.CONTEXT and mendes.clue == "dateline:DHAKA"
    alone = find(resolve("Foreign Minister Joao Mendes said the talks would resume."),
                 "Foreign Minister Joao Mendes")
    assert alone is not None and alone.code is None


# --- coordinated demonyms and stateless forces ----------------------------------------------

def test_coordinated_demonyms_share_the_agent_term(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("Assad has been backed by both Russian and Iranian forces.")
    assert {a.code for a in actors if "Russian" in a.text or "Iranian" in a.text} \
        == {"RUSMIL", "IRNMIL"}
    first = find(actors, "Russian")
    assert first is not None and first.entry == "rule:demonym+conjunct"


def test_a_demonym_alone_keeps_its_country(resolve) -> None:  # type: ignore[no-untyped-def]
    russian = find(resolve("Russian and Iranian goods were banned."), "Russian")
    assert russian is not None and russian.code == "RUS"


def test_forces_of_a_stateless_people_are_rebels_of_the_place(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("Kurdish forces fighting against Turkey in the Syrian enclave of Afrin "
                     "have called on Damascus to intervene.")
    forces = find(actors, "Kurdish forces")
    assert forces is not None and forces.code == "SYRREB"
    assert forces.clue is not None and forces.clue.startswith("place:")
    # its militias and militants keep the people's code, as the event gold files code them
    militants = find(resolve("Kurdish militants attacked a convoy."), "Kurdish militants")
    assert militants is not None and militants.code == "KUR"


def test_a_backer_does_not_place_stateless_forces(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("It could create an open alliance between the US-backed Kurdish forces and "
                     "a government that Washington had sought to unseat.")
    forces = next((a for a in actors if "Kurdish forces" in a.text), None)
    assert forces is not None and forces.code == "KURREB"


def test_stateless_forces_are_placed_only_in_their_homeland(resolve) -> None:  # type: ignore[no-untyped-def]
    # the sentence's one place is London (the speaker's college): Kurds have no British rebels
    actors = resolve("A researcher at a college in London said hundreds of Britons were held "
                     "by Kurdish forces.")
    forces = find(actors, "Kurdish forces")
    assert forces is not None and forces.code == "KURREB"
    near = find(resolve("A researcher at a college in Aleppo said hundreds of Britons were held by "
                        "Kurdish forces."), "Kurdish forces")
    assert near is not None and near.code == "SYRREB"


def test_homeland_rows_limit_only_the_people_they_name() -> None:
    from multipolar.lexicon.actors import actor_words
    words = actor_words()
    assert words.may_place("KUR", "SYR") and words.may_place("KUR", "IRQ")
    assert not words.may_place("KUR", "GBR")
    assert words.may_place("ARB", "GBR")  # no homeland rows: no limit


# --- unnamed sources and the press ------------------------------------------------------------

def test_an_unnamed_source_is_not_the_state_its_statement_names(resolve) -> None:  # type: ignore[no-untyped-def]
    diplomat = find(resolve("“Utterly baffling behaviour from the US,” one diplomat said."),
                    "diplomat")
    assert diplomat is not None and diplomat.agent_code == "GOV"
    reporters = find(resolve("Jaafari told reporters that Syria had no such weapons."),
                     "reporters")
    assert reporters is not None and reporters.agent_code == "MED"


def test_officials_still_take_the_one_state_of_their_sentence(resolve) -> None:  # type: ignore[no-untyped-def]
    officials = find(resolve("Officials said Syria had pulled its army back."), "Officials")
    assert officials is not None and officials.code == "SYRGOV"


def test_a_backer_is_no_place(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("Turkey says the US-backed YPG is affiliated with its own Kurdish "
                     "insurgent group.")
    group = next((a for a in actors if "insurgent group" in a.text), None)
    assert group is not None and group.code != "USAREB"


def test_a_place_with_an_apposition_is_no_name(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("Idlib, the last pocket of Syria outside the regime's control, was spared.")
    idlib = find(actors, "Idlib")
    assert idlib is None or not idlib.person


# --- staff of a person ------------------------------------------------------------------------

def test_staff_of_a_person_are_of_the_persons_state(resolve) -> None:  # type: ignore[no-untyped-def]
    spokesman = find(resolve("Erdoğan's spokesman said the operation would continue.",
                             "2018-03-01"), "spokesman")
    assert spokesman is not None and spokesman.code == "TURGOV"
    assert spokesman.clue == "possessive:Erdoğan"
    actors = resolve("John Smith, an aide to Theresa May, said the vote would be held.",
                     "2018-03-01")
    aide = find(actors, "aide")
    assert aide is not None and aide.code == "GBRGOV" and aide.clue == "to:Theresa May"
    name = find(actors, "John Smith")
    assert name is not None and name.code == "GBRGOV"


def test_a_spokeswoman_for_a_titled_principal_coded_from_its_context(resolve) -> None:  # type: ignore[no-untyped-def]
    spokeswoman = find(resolve("A spokeswoman for New York Attorney General Barbara Underwood "
                               "says she believes there should be one set of rules.",
                               "2018-09-01"), "spokeswoman")
    assert spokeswoman is not None and spokeswoman.code == "USAGOV"


def test_a_party_member_in_office(resolve) -> None:  # type: ignore[no-untyped-def]
    redwood = find(resolve("Tory MP John Redwood says he remains cautious about intervention.",
                           "2018-03-01"), "Tory MP John Redwood")
    assert redwood is not None and redwood.code == "GBRLEG"


def test_an_agent_posted_in_a_place(resolve) -> None:  # type: ignore[no-untyped-def]
    official = find(resolve("A civilian has succumbed, a police official posted in Kabul said."),
                    "police official")
    assert official is not None and official.code == "AFGCOP" and official.clue == "in:Kabul"
    troops = find(resolve("The Pentagon said there were 11,000 troops serving in Afghanistan."),
                  "troops")
    assert troops is None or troops.code != "AFGMIL"  # a verb of deployment places no one


def test_troops_withdrawn_from_a_country_are_not_its_troops(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("Trump decided to withdraw troops from Syria.", "2019-01-05")
    assert all(a.code != "SYRMIL" for a in actors)
    actors = resolve("Trump ordered the withdrawal of US troops from Syria.", "2019-01-05")
    assert find(actors, "Syria") is None  # the place they leave, no actor
    students = find(resolve("Students from Lima protested."), "Students")
    assert students is not None and students.code == "PEREDU"


def test_a_bodys_post_before_the_name(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("“The message is growing stronger,” said Unicef’s regional director for the "
                     "Middle East, Geert Cappelaere.")
    name = find(actors, "Geert Cappelaere")
    assert name is not None and name.code == "IGOUNOKID"


def test_a_family_name_first_surname(resolve) -> None:  # type: ignore[no-untyped-def]
    # "Tsai Ing-wen": the family name comes first (family_first in actor_words.tsv)
    tsai = find(resolve("Tsai said the island would not be coerced.", "2019-02-20"), "Tsai")
    assert tsai is not None and tsai.code == "TWNGOV"
    assert find(resolve("Jack Ma said Alibaba would grow.", "2010-05-01"), "Ma") is None


def test_an_agent_noun_the_tagger_took_for_a_verb(resolve) -> None:  # type: ignore[no-untyped-def]
    # spaCy tags "detectives" VBZ here, but parses it as the subject
    detectives = find(resolve("According to ITV, detectives working on the investigation have "
                              "gathered evidence."), "detectives")
    assert detectives is not None and detectives.agent_code == "COP"
    jurors = find(resolve("It is the one area where jurors are found to split."), "jurors")
    assert jurors is not None and jurors.agent_code == "JUD"


def test_a_capitalised_word_before_a_dash_is_no_name(resolve) -> None:  # type: ignore[no-untyped-def]
    actors = resolve("History – particularly the exodus of extremists from Afghanistan – "
                     "suggests that those fighters return.")
    assert find(actors, "History") is None


# --- legislators and opposition politicians (people_news.tsv, dated offices) ------------------

@pytest.mark.parametrize(("date", "sentence", "name", "code"), [
    ("2018-12-19", "The House Democratic caucus chair, Hakeem Jeffries, said the shutdown was "
                   "Trump's.", "Hakeem Jeffries", "USALEG"),
    ("2019-03-08", "Following news of the boy’s death, Diane Abbott also criticised Javid’s "
                   "decision.", "Diane Abbott", "GBROPP"),
    ("2018-04-19", "Kemal Kılıçdaroğlu accused Erdoğan of wanting to rule alone.",
     "Kemal Kılıçdaroğlu", "TUROPP"),
    ("2018-04-13", "Ian Blackford said MPs should have had a vote.", "Ian Blackford", "GBROPP"),
])
def test_a_legislator_or_opposition_politician_in_office(resolver, date, sentence, name,  # type: ignore[no-untyped-def]
                                                         code) -> None:
    person = find(resolver(date)(sentence), name)
    assert person is not None and person.code == code


def test_an_opposition_leader_who_later_governs_is_coded_by_the_date(resolver) -> None:  # type: ignore[no-untyped-def]
    sentence = "Imran Khan criticised the government over the gas prices."
    before = find(resolver("2017-05-02")(sentence), "Imran Khan")
    after = find(resolver("2019-05-02")(sentence), "Imran Khan")
    assert before is not None and before.code == "PAKOPP"
    assert after is not None and after.code == "PAKGOV"


@pytest.mark.parametrize(("date", "sentence", "name", "code"), [
    ("2018-04-12", "Simon Tisdall complains that nothing has worked in Syria.", "Simon Tisdall",
     "GBRMED"),
    ("2018-10-10", "Turkish officials say Jamal Khashoggi was killed inside the consulate.",
     "Jamal Khashoggi", "SAUMED"),
    ("2018-02-06", "Nikki Haley told the security council that Russia was to blame.",
     "Nikki Haley", "USAGOV"),
    ("2018-03-10", "Pompeo, the hawkish director of the CIA, vowed to promote democracy.",
     "Pompeo", "USAGOV"),
    ("2018-06-01", "Robert Mueller has asked for more time.", "Robert Mueller", "USAJUD"),
    ("2019-02-20", "James Comey said the president had asked for his loyalty.", "James Comey",
     "USAELI"),
])
def test_officials_and_journalists_often_in_the_news(resolver, date, sentence, name,  # type: ignore[no-untyped-def]
                                                     code) -> None:
    person = find(resolver(date)(sentence), name)
    assert person is not None and person.code == code


def test_a_known_surname_with_a_possessive_ending(resolver) -> None:  # type: ignore[no-untyped-def]
    actors = resolver("2019-02-14")("Children born there, as Ms Begum’s baby soon will be, are "
                                    "British.")
    begum = next((a for a in actors if "Begum" in a.text), None)
    assert begum is not None and begum.code == "GBRCVL"


@pytest.mark.parametrize(("sentence", "name", "code"), [
    ("Officials have twice visited Prakash at a maximum security jail in Gaziantep.", "Prakash",
     "IMGMUSISI"),
    ("The Russian Embassy maintains that Yulia Skripal is being held against her will.",
     "Yulia Skripal", "RUSCVL"),
])
def test_people_at_the_centre_of_long_stories(resolver, sentence, name, code) -> None:  # type: ignore[no-untyped-def]
    person = find(resolver("2018-05-20")(sentence), name)
    assert person is not None and person.code == code


def test_a_title_beside_a_named_person_is_that_person_not_the_roles_last_holder(
        resolve) -> None:  # type: ignore[no-untyped-def]
    # "leader" would otherwise be the story's last "leader" (Erdoğan, by role coreference)
    actors = resolve("The Turkish leader, Recep Tayyip Erdoğan, spoke to Trump on Sunday. "
                     "Mitch McConnell, the Senate majority leader, warned the chamber.",
                     "2018-12-21")
    leaders = [a for a in actors if a.text == "leader"]
    assert [a.code for a in leaders] == ["USALEG"]
    assert leaders[0].clue == "apposition:Mitch McConnell"
