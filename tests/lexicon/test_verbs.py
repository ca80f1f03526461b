"""Our verb/noun lexicon: the bundled data files load, cover CAMEO, and are checked on load."""

from __future__ import annotations

from pathlib import Path

import pytest

from multipolar.errors import LexiconError
from multipolar.lexicon.verbs import FLAGS, VerbLexicon, default_lexicon
from multipolar.ontology import cameo

HEADER = "id\tpos\tlemma\tparticle\tobject\ttarget\tcode\tflags\texample\n"


def test_bundled_lexicon_covers_all_20_roots_with_valid_codes() -> None:
    lexicon = default_lexicon()
    roots = {e.code[:2] for e in lexicon.entries}
    assert roots == {f"{r:02d}" for r in range(1, 21)}
    assert len(lexicon.entries) >= 150
    for entry in lexicon.entries:
        assert entry.code in cameo()
        assert entry.flags <= FLAGS
    assert len({e.id for e in lexicon.entries}) == len(lexicon.entries)


@pytest.mark.parametrize(("pos", "lemma", "code"), [
    ("VERB", "visit", "042"), ("VERB", "host", "043"), ("VERB", "meet", "040"),
    ("VERB", "urge", "020"), ("VERB", "accuse", "112"), ("VERB", "condemn", "111"),
    ("VERB", "threaten", "130"), ("VERB", "protest", "141"), ("VERB", "arrest", "173"),
    ("VERB", "attack", "190"), ("NOUN", "visit", "042"), ("NOUN", "sanction", "163"),
])
def test_common_news_triggers_are_present(pos: str, lemma: str, code: str) -> None:
    codes = {e.code for e in default_lexicon().candidates(pos, lemma)}
    assert code in codes


def test_object_rows_come_before_bare_rows() -> None:
    rows = default_lexicon().candidates("VERB", "impose")
    assert rows and all(r.objects for r in rows)
    hold = default_lexicon().candidates("VERB", "hold")
    assert hold[0].specificity >= hold[-1].specificity


def test_intent_mapping_uses_the_longest_prefix() -> None:
    lexicon = default_lexicon()
    assert lexicon.intent_code("intent", "073") == "0333"
    assert lexicon.intent_code("intent", "0874") == "0356"
    assert lexicon.intent_code("appeal", "0841") == "0253"
    assert lexicon.intent_code("threat", "163") == "1312"
    assert lexicon.intent_code("refuse", "040") == "125"
    assert lexicon.intent_code("accuse", "111") is None


def test_modifiers_refine_codes() -> None:
    lexicon = default_lexicon()
    assert lexicon.refine("070", ["new", "military"]) == "072"
    assert lexicon.refine("190", ["air"]) == "195"
    assert lexicon.refine("163", ["military"]) == "163"


def test_modality_cues_are_loaded() -> None:
    lexicon = default_lexicon()
    assert lexicon.has_role("say", "speech")
    assert lexicon.has_role("will", "aux_future")
    assert lexicon.has_role("plan", "future")
    assert not lexicon.has_role("attack", "speech")


def test_a_directory_may_replace_one_file(tmp_path: Path) -> None:
    (tmp_path / "verbs.tsv").write_text(
        "# one row\n" + HEADER + "x.snub\tVERB\tsnub|cold-shoulder\t\t\t\t125\t\t\n",
        encoding="utf-8")
    lexicon = VerbLexicon.load(tmp_path)
    assert [e.id for e in lexicon.entries] == ["x.snub"]
    assert lexicon.candidates("VERB", "snub")[0].targets == ("dobj",)
    assert lexicon.intent_code("intent", "04") == "036"  # the bundled intents.tsv


@pytest.mark.parametrize(("row", "problem"), [
    ("x.a\tVERB\tsnub\t\t\t\t999\t\t", "unknown CAMEO code"),
    ("x.a\tADJ\tsnub\t\t\t\t120\t\t", "pos must be VERB or NOUN"),
    ("x.a\tVERB\tsnub\t\t\t\t120\tloud\t", "unknown flags"),
    ("x.a\tVERB\t\t\t\t\t120\t\t", "empty lemma"),
    ("x.a\tVERB\tsnub\t\t\tto-1\t120\t\t", "bad target slot"),
])
def test_bad_rows_are_rejected_with_their_line(tmp_path: Path, row: str, problem: str) -> None:
    (tmp_path / "verbs.tsv").write_text("# broken\n" + HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=problem) as info:
        VerbLexicon.load(tmp_path)
    assert info.value.line == 3


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    row = "x.a\tVERB\tsnub\t\t\t\t120\t\t\n"
    (tmp_path / "verbs.tsv").write_text(HEADER + row + row, encoding="utf-8")
    with pytest.raises(LexiconError, match="duplicate id"):
        VerbLexicon.load(tmp_path)


def test_statement_words_are_loaded() -> None:
    lexicon = default_lexicon()
    assert lexicon.statement_word("say") == ("verb", "010")
    assert lexicon.statement_word("warn") == ("verb", "012")
    assert lexicon.statement_word("comment") == ("silence", "010")
    assert lexicon.statement_word("problem") == ("pessimistic", "012")
    assert lexicon.statement_word("ngo") == ("voiceless", "")
    # a noun row may share its lemma with a verb row
    assert lexicon.statement_word("claim", noun=True) == ("noun", "010")
    assert {"say", "contend", "comment"} <= lexicon.statement_verbs
    assert "problem" not in lexicon.statement_verbs


@pytest.mark.parametrize(("row", "problem"), [
    ("say\tnoise\t010\t", "kind must be one of"),
    ("say\tverb\t190\t", "a verb row takes code"),
    ("gloom\tpessimistic\t013\t", "a pessimistic row takes code 012"),
    ("ngo\tvoiceless\t010\t", "takes code none"),
])
def test_bad_statement_rows_are_rejected(tmp_path: Path, row: str, problem: str) -> None:
    (tmp_path / "statements.tsv").write_text("lemma\tkind\tcode\tnote\n" + row + "\n",
                                             encoding="utf-8")
    with pytest.raises(LexiconError, match=problem) as info:
        VerbLexicon.load(tmp_path)
    assert info.value.line == 2
