"""`multipolar:DIR` replaces any bundled data file, for every stage that reads one."""

from __future__ import annotations

from pathlib import Path

import pytest

from multipolar.analyzer import Analyzer
from multipolar.config import Settings
from multipolar.errors import LexiconError
from multipolar.lexicon.tsv import data_source
from multipolar.lexicon.verbs import VerbLexicon
from multipolar.pipeline.amounts import amount_tables, parse_amount


def test_the_last_directory_that_has_a_file_wins(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "themes.tsv").write_text("first", encoding="utf-8")
    (second / "themes.tsv").write_text("second", encoding="utf-8")
    assert data_source("themes.tsv", (first, second)) == (str(second / "themes.tsv"), "second")
    assert data_source("themes.tsv", (second, first))[1] == "first"
    name, text = data_source("themes.tsv", (tmp_path,))  # no such file there: the bundled one
    assert name == "themes.tsv" and "theme\tparent\ttriggers" in text


def test_the_verb_lexicon_reads_each_file_from_every_directory(tmp_path: Path) -> None:
    verbs_dir, intents_dir = tmp_path / "verbs", tmp_path / "intents"
    verbs_dir.mkdir()
    intents_dir.mkdir()
    header = "id\tpos\tlemma\tparticle\tobject\ttarget\tcode\tflags\texample\n"
    (verbs_dir / "verbs.tsv").write_text(header + "x.snub\tVERB\tsnub\t\t\t\t125\t\t\n",
                                         encoding="utf-8")
    (intents_dir / "intents.tsv").write_text("governor\tact\tcode\nintent\t04\t0311\n",
                                             encoding="utf-8")
    lexicon = VerbLexicon.load((verbs_dir, intents_dir))
    assert [e.id for e in lexicon.entries] == ["x.snub"]  # from the first directory
    assert lexicon.intent_code("intent", "04") == "0311"  # from the second


def test_amount_tables_come_from_the_directory(tmp_path: Path) -> None:
    (tmp_path / "currencies.tsv").write_text("form\tcode\nthaler\tXTL\n", encoding="utf-8")
    tables = amount_tables((tmp_path,))
    assert tables.currencies == {"thaler": "XTL"}
    parsed = parse_amount("5 thaler", tables=tables)
    assert parsed is not None and (parsed.value, parsed.unit) == (5.0, "XTL")
    bundled = parse_amount("5 thaler")
    assert bundled is None or bundled.unit != "XTL"
    assert amount_tables().currencies["euros"] == "EUR"  # the bundled tables are untouched


def test_a_broken_replacement_names_its_path(tmp_path: Path) -> None:
    (tmp_path / "currencies.tsv").write_text("form\tcode\nthaler\tthaler\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="ISO 4217"):
        amount_tables((tmp_path,))


def test_every_fact_stage_reads_the_directory(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "themes.tsv").write_text(
        "theme\tparent\ttriggers\nfisheries\t\tcod|trawler\n", encoding="utf-8")
    (tmp_path / "speech_verbs.tsv").write_text("lemma\tframe\nopine\tsay\n", encoding="utf-8")
    (tmp_path / "place_aliases.tsv").write_text(
        "alias\tcountry\tgeonameid\tnote\nAlbion\tGB\t\t\n", encoding="utf-8")
    (tmp_path / "currencies.tsv").write_text("form\tcode\nthaler\tXTL\n", encoding="utf-8")
    settings = Settings(lexicons=(f"multipolar:{tmp_path}",), classifier=False)
    text = ('"The cod war is over," Putin opined in Albion on Monday. '
            "Trawlers paid 500 thaler in fines.")
    custom = Analyzer(settings, nlp=nlp).analyze(text)
    bundled = Analyzer(settings.replace(lexicons=()), nlp=nlp).analyze(text)
    assert [t.name for t in custom.themes if t.sentence is None] == ["fisheries"]
    assert "fisheries" not in {t.name for t in bundled.themes}
    assert [(q.speaker, q.verb) for q in custom.quotations] == [("Putin", "opine")]
    assert all(q.verb != "opine" for q in bundled.quotations)
    albion = [p for p in custom.places if p.name == "Albion"]
    assert albion and albion[0].country == "GBR"
    assert any(a.unit == "XTL" and a.value == 500 for a in custom.amounts)
    assert not any(a.unit == "XTL" for a in bundled.amounts)
