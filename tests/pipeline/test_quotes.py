"""QuotationStage: pairing quote marks, kinds, speakers (before, after, inside), codes."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from multipolar.analyzer import Analyzer
from multipolar.config import Settings
from multipolar.model import Actor, AnalysisResult, Document, Mention, Quotation, Resolution
from multipolar.pipeline.actors import ActorStage
from multipolar.pipeline.base import Parsed
from multipolar.pipeline.quotes import QuotationStage, find_quote_spans, speech_verbs

SEED_PUBLISHED = "2025-05-07"

# ---------------------------------------------------------------------------------------------
# Pairing marks (pure text, no model)


def quoted(text: str) -> list[str]:
    return [text[s.start:s.end] for s in find_quote_spans(text)]


def test_curly_and_straight_quotes_without_edge_punctuation() -> None:
    assert quoted("He called it “special,” and left.") == ["special"]
    assert quoted('She said "we will win." Then she left.') == ["we will win."]


def test_apostrophes_are_not_quotes() -> None:
    assert quoted("Russia’s trade and the countries’ leaders don't agree; it's the 1990s.") == []


def test_single_quotes_outside_double_quotes_only() -> None:
    assert quoted("Headline: Putin calls Xi ‘main guest’ at parade") == ["main guest"]
    assert quoted("“They told us ‘have faith’,” he said.") == ["They told us ‘have faith’"]


def test_new_opening_mark_closes_a_quote_left_open_at_a_paragraph_end() -> None:
    text = "He said: “First paragraph goes on. “Second paragraph ends here.” Then more."
    assert quoted(text) == ["First paragraph goes on.", "Second paragraph ends here."]
    spans = find_quote_spans(text)
    assert [s.balanced for s in spans] == [False, True]


def test_unclosed_quote_ends_at_the_newline() -> None:
    text = "He said: “This never closes.\nNext paragraph is the reporter's."
    assert quoted(text) == ["This never closes."]


@pytest.mark.parametrize("text", ["”", "“", '"', "“”", "“ ”", "” stray closer “", "‘", "'''",
                                  "“" * 50, "a “b\n”c", ""])
def test_odd_marks_never_fail(text: str) -> None:
    for span in find_quote_spans(text):
        assert 0 <= span.start < span.end <= len(text)


def test_speech_verb_lexicon_loads_with_both_frames() -> None:
    verbs = speech_verbs()
    assert verbs["say"] == "say"
    assert verbs["describe"] == "name"
    assert set(verbs.values()) == {"say", "name"}


# ---------------------------------------------------------------------------------------------
# The stage on hand-built texts, parsed once

CASES = {
    "after": "“We will not back down,” the foreign minister, Sergei Lavrov, said on Monday.",
    "inverted": "“The talks were useful and frank,” said Wang Yi, China’s foreign minister.",
    "colon": "Angela Merkel told reporters: “We must act now, before it is too late.”",
    "according": "According to the defence ministry, the strikes were a “provocation”.",
    "inside": "Xi, referred to by Putin as the “main guest,” emphasized the need for unity.",
    "pronoun": "Angela Merkel arrived in Paris on Monday. “We must act now,” she said.",
    "fullname": ("Vladimir Putin met the delegation on Tuesday. Later, Putin described the "
                 "visit as “special”."),
    "sentences": "“The army is ready. The people are ready. We will win,” the general said.",
    "paragraphs": ("Misty Buswell, the agency’s director, said: “The camp is at breaking point. "
                   "“There is now an urgent need for tents.” The agency said 100 people died."),
    "split": ("“It’s the flow of foreign fighters,” said Joseph Dunford, “the ability to move "
              "resources and the ideology that allows these groups to operate.”"),
    "scare": "The so-called “peace plan” failed, and the “America First” policy stayed.",
    "unbalanced": "The minister said: “We will never accept this, and nobody can make us",
    "quoted_as": "The envoy quoted the UN rights office as saying that “both sides have failed.”",
    "long_attribution": (
        "“We need a proper plan for these fighters,” Shiraz Maher, director at the International "
        "Centre for the Study of Radicalisation at King’s College London, said on Twitter. “They "
        "need to be prosecuted properly.”"),
    "they": ("Members of Congress accused Ankara of “undermining US interests”. Turkey, they "
             "said, “has made a practice of targeting US allies”."),
}


@pytest.fixture(scope="module")
def quotes(nlp) -> dict[str, tuple[Quotation, ...]]:  # type: ignore[no-untyped-def]
    stage = QuotationStage()
    out: dict[str, tuple[Quotation, ...]] = {}
    for name, doc in zip(CASES, nlp.pipe(CASES.values()), strict=True):
        out[name] = stage(_parsed(doc, ())).result.quotations
    return out


def _parsed(doc, actors: Sequence[Actor]) -> Parsed:  # type: ignore[no-untyped-def]
    sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
    result = AnalysisResult(document=Document(text=doc.text), actors=tuple(actors),
                            sentences=sentences)
    return Parsed(doc, result)


def one(quotes: dict[str, tuple[Quotation, ...]], name: str) -> Quotation:
    assert len(quotes[name]) == 1, quotes[name]
    return quotes[name][0]


def test_offsets_point_at_the_quoted_words(quotes: dict[str, tuple[Quotation, ...]]) -> None:
    for name, found in quotes.items():
        for q in found:
            assert CASES[name][q.start:q.end] == q.text


def test_speaker_after_the_quote_is_the_named_person(quotes) -> None:  # type: ignore[no-untyped-def]
    q = one(quotes, "after")
    assert (q.text, q.speaker, q.verb, q.kind) == (
        "We will not back down", "Sergei Lavrov", "say", "speech")


def test_inverted_said_x(quotes) -> None:  # type: ignore[no-untyped-def]
    q = one(quotes, "inverted")
    assert q.speaker == "Wang Yi"
    assert q.kind == "speech"


def test_speaker_before_a_colon(quotes) -> None:  # type: ignore[no-untyped-def]
    q = one(quotes, "colon")
    assert (q.speaker, q.verb, q.kind) == ("Angela Merkel", "tell", "speech")


def test_according_to(quotes) -> None:  # type: ignore[no-untyped-def]
    q = one(quotes, "according")
    assert q.speaker == "defence ministry"
    assert q.kind == "phrase"


def test_speaker_inside_the_sentence_as_passive_agent(quotes) -> None:  # type: ignore[no-untyped-def]
    q = one(quotes, "inside")
    assert (q.text, q.speaker, q.verb, q.kind) == ("main guest", "Putin", "refer", "phrase")


def test_pronoun_resolves_to_the_previous_person(quotes) -> None:  # type: ignore[no-untyped-def]
    assert one(quotes, "pronoun").speaker == "Angela Merkel"


def test_short_name_is_given_in_full(quotes) -> None:  # type: ignore[no-untyped-def]
    q = one(quotes, "fullname")
    assert (q.text, q.speaker, q.verb) == ("special", "Vladimir Putin", "describe")


def test_quote_over_several_sentences_is_one_speech(quotes) -> None:  # type: ignore[no-untyped-def]
    q = one(quotes, "sentences")
    assert q.text.startswith("The army is ready.") and q.text.endswith("We will win")
    assert q.speaker == "general"
    assert q.kind == "speech"


def test_quote_continued_in_a_new_paragraph_keeps_its_speaker(quotes) -> None:  # type: ignore[no-untyped-def]
    first, second = quotes["paragraphs"]
    assert first.text == "The camp is at breaking point."
    assert second.text == "There is now an urgent need for tents."
    assert first.speaker == second.speaker == "Misty Buswell"
    assert second.verb is None  # inherited, not read off a verb


def test_quote_after_a_long_attribution_sentence_keeps_its_speaker(quotes) -> None:  # type: ignore[no-untyped-def]
    first, second = quotes["long_attribution"]
    assert first.speaker == second.speaker == "Shiraz Maher"


def test_sentence_split_by_its_attribution(quotes) -> None:  # type: ignore[no-untyped-def]
    first, second = quotes["split"]
    assert first.speaker == second.speaker == "Joseph Dunford"
    assert first.kind == second.kind == "speech"


def test_scare_quotes_and_titles_are_phrases_without_speaker(quotes) -> None:  # type: ignore[no-untyped-def]
    assert [(q.text, q.kind, q.speaker) for q in quotes["scare"]] == [
        ("peace plan", "phrase", None), ("America First", "phrase", None)]


def test_unbalanced_quote_runs_to_the_end(quotes) -> None:  # type: ignore[no-untyped-def]
    q = one(quotes, "unbalanced")
    assert q.text.endswith("nobody can make us")
    assert q.kind == "speech"
    assert q.speaker == "minister"


def test_quoted_as_saying_gives_the_quoted_source(quotes) -> None:  # type: ignore[no-untyped-def]
    q = one(quotes, "quoted_as")
    assert q.speaker is not None and "rights office" in q.speaker


def test_they_said_resolves_to_a_plural_subject(quotes) -> None:  # type: ignore[no-untyped-def]
    first, second = quotes["they"]
    assert first.speaker == "Members of Congress"
    assert second.speaker == "Members of Congress"


def test_speaker_code_comes_from_the_actor_records(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Later, Putin described the visit as “special”."
    doc = nlp(text)
    start = text.index("Putin")
    putin = Actor(Mention("Putin", start, start + 5, 0, "PERSON"), "RUSGOV", country="RUS",
                  sector="GOV", resolution=Resolution.PERSON)
    (q,) = QuotationStage()(_parsed(doc, [putin])).result.quotations
    assert (q.speaker, q.speaker_code) == ("Putin", "RUSGOV")


def test_no_quotes_no_records(nlp) -> None:  # type: ignore[no-untyped-def]
    item = _parsed(nlp("Nothing is quoted here."), ())
    assert QuotationStage()(item).result.quotations == ()


def test_cost_stays_small_next_to_parsing_on_quote_heavy_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Putin said “yes” and he said “no”. Xi called it “a” and Li said “b” " * 300
    began = time.process_time()
    doc = nlp(text)
    parsed = time.process_time() - began
    began = time.process_time()
    found = QuotationStage()(_parsed(doc, ())).result.quotations
    staged = time.process_time() - began
    assert len(found) == 1200
    assert staged < 0.5 * parsed, (staged, parsed)  # no per-quote scans of the whole document


# ---------------------------------------------------------------------------------------------
# The reference article, through the real actor stage


@pytest.fixture(scope="module")
def seed_quotes(nlp, seed_text: str) -> dict[str, Quotation]:  # type: ignore[no-untyped-def]
    settings = Settings()
    analyzer = Analyzer(settings, nlp=nlp, stages=[ActorStage(settings), QuotationStage()])
    result = analyzer.analyze(seed_text, published=SEED_PUBLISHED)
    return {q.text: q for q in result.quotations}


def test_reference_article_main_guest(seed_quotes: dict[str, Quotation]) -> None:
    q = seed_quotes["main guest"]
    assert (q.speaker, q.speaker_code, q.kind) == ("Vladimir Putin", "RUSGOV", "phrase")


def test_reference_article_xi_statements(seed_quotes: dict[str, Quotation]) -> None:
    for text, verb in (("power politics", "state"), ("hegemony and power politics", "emphasize")):
        q = seed_quotes[text]
        assert (q.speaker, q.speaker_code, q.verb) == ("Xi Jinping", "CHNGOV", verb)
    special = seed_quotes["special"]
    assert (special.speaker, special.speaker_code, special.verb) == (
        "Vladimir Putin", "RUSGOV", "describe")


def test_reference_article_unattributed_phrases(seed_quotes: dict[str, Quotation]) -> None:
    for text in ("hegemonism", "deeply strategic", "America First", "neutral"):
        assert seed_quotes[text].speaker is None
        assert seed_quotes[text].kind == "phrase"


# ---------------------------------------------------------------------------------------------
# Speaker codes from what the text says about the speaker, through the real actor stage
# (invented names, so that no lexicon entry for the person can give the code)

CODE_CASES = {
    "title_after_other_actors": ("Germany pledged to act. “We must be ready,” the German defence "
                                 "minister, Anna Schmidt, said."),
    "title_country_name_sector": ("“The threat remains,” said General Mark Tolliver, the chairman "
                                  "of the US joint chiefs of staff."),
    "title_country_and_role": ("Karim Hassan, Iraq’s deputy speaker of parliament, said the "
                               "strikes were a “blatant violation”."),
    "spokesperson_for": "A spokesperson for the Foreign Office said: “Our priority is safety.”",
    "office_in_context": ("The French foreign minister spoke first. Marie Dupont, the justice "
                          "minister, said France now faced “a new context”."),
    "spokesman_in_context": ("A spokesman for the militias said they held the town. “Turkish "
                             "troops have not entered one inch of it,” the spokesman said."),
    "pronoun": ("Anna Schmidt, the German defence minister, spoke on Monday. “We are ready,” she "
                "said."),
    "article_subject": "In 1993, the UN designated Srebrenica a “safe area”.",
    "place_in_organisation": ("“It is a gamble,” said Tom Baker, a senior analyst with the "
                              "Brussels-based International Crisis Group."),
    "role_in_organisation": ("The British foreign secretary spoke first. “It was a pact,” said "
                             "Omar Hale, director of the Centre for Security at King’s College "
                             "London."),
    "former_office": ("The French foreign minister spoke first. “They will be displaced,” said "
                      "Paul West, a former senior defence minister."),
    "title_linked_elsewhere": ("Bashar al-Assad spoke in Damascus. “The strikes were a "
                               "mistake,” said Richard Haass, president of the Council on "
                               "Foreign Relations."),
    "country_in_organisation": ("“The silence is unacceptable,” said Ilham Ahmad, the co-chair "
                                "of the Syrian Democratic Council."),
    "bare_country_context": ("Israel faces a boycott campaign. “This bill is wrong,” said "
                             "Senator Anna Brook."),
}


@pytest.fixture(scope="module")
def coded(nlp) -> dict[str, tuple[Quotation, ...]]:  # type: ignore[no-untyped-def]
    settings = Settings()
    analyzer = Analyzer(settings, nlp=nlp, stages=[ActorStage(settings), QuotationStage()])
    results = analyzer.pipe((text, "2019-02-18") for text in CODE_CASES.values())
    return {name: r.quotations for name, r in zip(CODE_CASES, results, strict=True)}


def speaker_codes(coded: dict[str, tuple[Quotation, ...]], name: str
                  ) -> list[tuple[str | None, str | None]]:
    return [(q.speaker, q.speaker_code) for q in coded[name]]


def test_code_of_the_title_in_apposition_whatever_comes_before(coded) -> None:  # type: ignore[no-untyped-def]
    # the title's actor is found even when other actors come first in the document
    assert speaker_codes(coded, "title_after_other_actors") == [("Anna Schmidt", "DEUGOV")]


def test_country_of_the_title_with_the_sector_of_the_name(coded) -> None:  # type: ignore[no-untyped-def]
    ((speaker, code),) = speaker_codes(coded, "title_country_name_sector")
    assert speaker is not None and speaker.endswith("Mark Tolliver")
    assert code == "USAMIL"  # USA from the title, MIL from "General"


def test_country_and_role_inside_the_title(coded) -> None:  # type: ignore[no-untyped-def]
    assert speaker_codes(coded, "title_country_and_role") == [("Karim Hassan", "IRQLEG")]


def test_a_spokesperson_takes_the_code_of_whom_it_speaks_for(coded) -> None:  # type: ignore[no-untyped-def]
    assert speaker_codes(coded, "spokesperson_for") == [("spokesperson", "GBRGOV")]


def test_an_office_without_country_takes_the_country_of_the_context(coded) -> None:  # type: ignore[no-untyped-def]
    assert speaker_codes(coded, "office_in_context") == [("Marie Dupont", "FRAGOV")]


def test_a_spokesman_gets_no_country_from_the_context(coded) -> None:  # type: ignore[no-untyped-def]
    # "Turkish troops" is named nearby, but the spokesman speaks for the militias
    assert speaker_codes(coded, "spokesman_in_context") == [("spokesman", None)]


def test_a_pronoun_speaker_takes_the_code_of_its_antecedent(coded) -> None:  # type: ignore[no-untyped-def]
    assert speaker_codes(coded, "pronoun") == [("Anna Schmidt", "DEUGOV")]


def test_an_organisation_after_an_article_misparsed_as_subject(coded) -> None:  # type: ignore[no-untyped-def]
    # the parser makes "the" the subject of "designated" and hangs "UN" on the verb
    assert speaker_codes(coded, "article_subject") == [("UN", "IGOUNO")]


@pytest.mark.parametrize("name", ["place_in_organisation", "role_in_organisation",
                                  "former_office", "bare_country_context",
                                  "title_linked_elsewhere"])
def test_no_code_from_words_that_do_not_say_whose_the_speaker_is(coded, name: str) -> None:  # type: ignore[no-untyped-def]
    # a place or role inside an organisation's name, a former office, a country merely named
    ((speaker, code),) = speaker_codes(coded, name)
    assert speaker is not None
    if name == "place_in_organisation":
        # the Phoenix base knows the International Crisis Group (NGOICG): the speaker may take
        # the organisation's code, never the place's ("Brussels-based")
        assert code in {None, "NGOICG"}, (name, speaker, code)
        return
    if name == "title_linked_elsewhere":
        # the lexicon knows the Council on Foreign Relations (USANGO): the speaker may take the
        # organisation's code, never Syria's from Assad in the sentence before
        assert code in {None, "USANGO"}, (name, speaker, code)
        return
    assert code is None, (name, speaker, code)


def test_a_country_inside_an_organisation_name_gives_no_sector(coded) -> None:  # type: ignore[no-untyped-def]
    # "co-chair" is a GOV role and "Syrian" a country, but the council is not Syria's state
    ((speaker, code),) = speaker_codes(coded, "country_in_organisation")
    assert speaker == "Ilham Ahmad"
    assert code != "SYRGOV"


def test_speaker_code_agreement_on_the_gold_file(nlp) -> None:  # type: ignore[no-untyped-def]
    from multipolar.evaluate.facts import evaluate_facts

    gold = Path(__file__).resolve().parents[1] / "gold" / "facts_quotations.jsonl"
    settings = Settings()
    analyzer = Analyzer(settings, nlp=nlp, stages=[ActorStage(settings), QuotationStage()])
    report = evaluate_facts([gold], analyzer=analyzer)
    # A floor a little under the 56/80 (0.700) measured in FACTS_RULES.md (0.488 before)
    assert report.fields["quotations"]["speaker_code"].rate >= 0.65
    assert report.strict["quotations"].recall >= 0.95


# ---------------------------------------------------------------------------------------------
# Robustness over the shared corpora


@pytest.mark.slow
def test_no_crash_over_every_corpus_document(corpus_before_events: list[Parsed]) -> None:
    assert len(corpus_before_events) == 249 + 3079
    with_quotes = [p for p in corpus_before_events if find_quote_spans(p.doc.text)]
    assert len(with_quotes) > 500
    stage = QuotationStage()
    total = spoken = 0
    for item in with_quotes:
        for q in stage(item).result.quotations:
            assert item.doc.text[q.start:q.end] == q.text
            assert q.kind in ("speech", "phrase")
            total += 1
            spoken += q.speaker is not None
    assert total > 2000
    assert spoken > total / 3
