"""ThemeStage: the taxonomy file, sentence and document themes with their triggers."""

from __future__ import annotations

from multipolar.model import AnalysisResult, Document
from multipolar.pipeline.base import Parsed
from multipolar.pipeline.themes import ThemeStage, taxonomy

PLOVER_GENERAL_CONTEXTS = {
    "political", "military", "intelligence", "peacekeeping", "economic", "diplomatic",
    "resource", "culture", "disease", "enviro_disaster", "migration", "humanitarian", "legal",
    "human_rights", "rights_freedoms", "gender", "lgbt", "terrorism", "human_security",
    "religion_ethnicity", "government", "election", "legislative", "cbrn", "cyber",
    "political_institutions", "corruption", "crime", "crime_murder", "crime_theft",
    "crime_drugs", "crime_sexual",
}


def test_taxonomy_covers_plover_and_economic_themes() -> None:
    tax = taxonomy()
    assert set(tax.parents) >= PLOVER_GENERAL_CONTEXTS
    for theme in ("trade", "tariffs", "sanctions", "energy", "pipelines", "finance"):
        assert theme in tax.parents
    assert tax.ancestors("tariffs") == ["trade", "economic"]
    assert tax.ancestors("pipelines") == ["energy", "economic"]


def themes_of(nlp, text: str) -> AnalysisResult:  # type: ignore[no-untyped-def]
    item = Parsed(nlp(text), AnalysisResult(document=Document(text=text)))
    return ThemeStage()(item).result


def test_sentence_themes_with_triggers(nlp) -> None:  # type: ignore[no-untyped-def]
    result = themes_of(nlp, "Washington raised tariffs on Chinese goods. "
                            "Refugees fled the fighting as the army shelled the town.")
    first = {t.name: t for t in result.themes if t.sentence == 0}
    assert first["tariffs"].triggers == ("tariffs",)
    assert "trade" in first and "economic" in first  # parents inherit the trigger
    second = {t.name: t for t in result.themes if t.sentence == 1}
    assert "migration" in second and "military" in second
    assert "tariffs" not in second


def test_document_themes_count_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    result = themes_of(nlp, "The gas pipeline opened. Oil prices rose. The pipeline leaks.")
    document = {t.name: t for t in result.themes if t.sentence is None}
    assert document["energy"].score == 3.0
    assert document["pipelines"].score == 2.0
    assert "pipeline" in document["pipelines"].triggers


def test_multiword_triggers_and_lemmas(nlp) -> None:  # type: ignore[no-untyped-def]
    result = themes_of(nlp, "The court heard that chemical weapons were used. "
                            "The minister was sanctioned.")
    names = {(t.sentence, t.name) for t in result.themes}
    assert (0, "cbrn") in names and (0, "legal") in names
    assert (1, "sanctions") in names  # "sanctioned" → lemma "sanction"


def test_no_theme_in_plain_text(nlp) -> None:  # type: ignore[no-untyped-def]
    assert themes_of(nlp, "The cat sat on the mat.").themes == ()


def test_seed_themes(seed_result) -> None:  # type: ignore[no-untyped-def]
    document = {t.name for t in seed_result.themes if t.sentence is None}
    assert {"diplomatic", "trade", "tariffs", "sanctions", "energy", "pipelines",
            "military"} <= document


def test_sentence_words_are_the_tokens_words(nlp) -> None:  # type: ignore[no-untyped-def]
    """The stage reads each sentence's words and lemmas from the document's arrays: the same
    as the tokens' own attributes (no spaces or punctuation; lemmas of nouns, verbs and proper
    nouns only)."""
    from multipolar.pipeline.themes import _LEMMA_POS, _sentence_words

    doc = nlp("Tariffs were raised on steel imports.\n\nThe WTO, in Geneva, ruled against it!")
    by_tokens = [([t.lower_ for t in s if not (t.is_space or t.is_punct)],
                  [t.lemma_.lower() if t.pos_ in _LEMMA_POS else None
                   for t in s if not (t.is_space or t.is_punct)]) for s in doc.sents]
    assert _sentence_words(doc) == by_tokens
    assert any(lemma is None for _, lemmas in by_tokens for lemma in lemmas)
    assert any(lemma == "raise" for _, lemmas in by_tokens for lemma in lemmas)
