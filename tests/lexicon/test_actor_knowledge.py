"""Agents, word lists, the world people file and the Phoenix base knowledge (lexicon/actors.py)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from multipolar.errors import LexiconError
from multipolar.lexicon.actors import (
    EntryKind,
    actor_lexicon,
    actor_words,
    bundled_lexicon,
    read_actor_words,
)

ROOT = Path(__file__).resolve().parents[2]
PHOENIX = ROOT.parent / "shared" / "dictionaries" / "phoenix"


def test_agents_are_roles_with_sectors() -> None:
    lexicon = bundled_lexicon()
    (police,) = lexicon.lookup("riot police")
    assert police.kind == EntryKind.ROLE and police.sector == "COP"
    assert police.entry == "agents:riot police"
    assert {e.sector for e in lexicon.lookup("refugees")} == {"REF"}
    assert {e.sector for e in lexicon.lookup("journalist")} == {"MED"}


def test_a_form_in_roles_and_agents_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    header = "form\tsector\tplover\tperson\tcountry\n"
    (tmp_path / "roles.tsv").write_text(header + "sheriff\tCOP\tCOP\t\t\n", encoding="utf-8")
    (tmp_path / "agents.tsv").write_text(header + "sheriff\tCOP\tCOP\t\t\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"agents\.tsv:2: role 'sheriff' is already listed"):
        actor_lexicon((f"multipolar:{tmp_path}",))


def test_word_lists_are_read_once_and_checked() -> None:
    words = actor_words()
    assert "in" in words.locative and "former" in words.former
    assert words.state_sector >= {"GOV", "MIL", "COP"}
    assert words.agent_modifier["riot"] == "COP" and words.agent_modifier["federal"] is None
    assert words.group_noun["governments"] == "GOV"
    with pytest.raises(LexiconError, match=r"w\.tsv:2: list 'nouns' is not one of"):
        read_actor_words("list\tword\tvalue\nnouns\tx\t\n", "w.tsv")
    with pytest.raises(LexiconError, match="takes no value"):
        read_actor_words("list\tword\tvalue\nlocative\tin\tGOV\n", "w.tsv")
    with pytest.raises(LexiconError, match="listed twice"):
        read_actor_words("list\tword\tvalue\nlocative\tin\t\nlocative\tin\t\n", "w.tsv")
    assert words.name_type["party"] == "PTY" and "northern" in words.compass
    assert "leave" in words.exit_verb and "people" in words.nation_noun
    with pytest.raises(LexiconError, match="a name_type row needs its sector"):
        read_actor_words("list\tword\tvalue\nname_type\tparty\t\n", "w.tsv")
    with pytest.raises(LexiconError, match="sector"):
        read_actor_words("list\tword\tvalue\nname_type\tparty\tparty\n", "w.tsv")


def test_world_people_file_with_sources(tmp_path) -> None:  # type: ignore[no-untyped-def]
    header = "id\tname\taliases\tcode\trole\tstart\tend\tsource\n"
    (tmp_path / "people.tsv").write_text(
        header + "jane-roe\tJane Roe\t\tKENGOV\tpresident\t2030-01-01\t\tgazette 2030\n",
        encoding="utf-8")
    (tmp_path / "people_world.tsv").write_text(
        header + "john-doe\tJohn Doe\t\tUGAGOV\tforeign minister\t2031-02-01\t\thttps://x.test\n",
        encoding="utf-8")
    merged = actor_lexicon((f"multipolar:{tmp_path}",))
    (doe,) = merged.lookup("John Doe")
    assert doe.entry == "people_world:john-doe"
    tenure = doe.tenure_at(dt.date(2032, 1, 1))
    assert tenure is not None and tenure.code == "UGAGOV" and tenure.source == "https://x.test"
    (roe,) = merged.lookup("Jane Roe")
    assert roe.tenures[0].source == "gazette 2030"
    twice = tmp_path / "twice"  # a new directory: actor_lexicon caches by its arguments
    twice.mkdir()
    (twice / "people.tsv").write_text((tmp_path / "people.tsv").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    (twice / "people_world.tsv").write_text(
        header + "jane-roe\tJane Roe\t\tKENGOV\tpresident\t2035-01-01\t\tx\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"people_world\.tsv:2: id 'jane-roe' is already"):
        actor_lexicon((f"multipolar:{twice}",))


def test_phoenix_base_is_under_the_curated_data() -> None:
    lexicon = actor_lexicon()
    # an organisation only the Phoenix base knows
    assert any(e.source == "phoenix" and e.code == "USASPY" for e in lexicon.lookup("CIA"))
    # a person the curated people file has: the curated entry (and its dates) win
    assert {e.source for e in lexicon.lookup("Vladimir Putin")} == {"multipolar"}
    assert {e.source for e in lexicon.lookup("President Obama")} <= {"multipolar"}
    # a curated role keeps its sector where the Phoenix agents differ
    assert {e.sector for e in lexicon.lookup("protesters")} == {"OPP"}
    # a Phoenix company ("MNCUSAHLH") is its home country's business sector
    assert {e.code for e in lexicon.lookup("Pfizer")} == {"USABUS"}
    # a curated organisation wins over a Phoenix one (SYROPP there)
    assert {e.code_at(None) for e in lexicon.lookup("Syrian Observatory for Human Rights")} \
        == {"SYRNGO"}


def test_stale_phoenix_terms_are_cut_by_curated_terms() -> None:
    from multipolar.lexicon.actors import _cut

    starts = [dt.date(2012, 5, 7), dt.date(2018, 5, 7)]
    assert _cut(starts, dt.date(2010, 1, 1)) == dt.date(2012, 5, 7)
    assert _cut(starts, dt.date(2013, 1, 1)) == dt.date(2018, 5, 7)
    assert _cut(starts, dt.date(2019, 1, 1)) is None
    lexicon = actor_lexicon()
    open_ended = [t for e in lexicon.entries.values() if e.source == "phoenix"
                  for t in e.tenures if t.end is None and t.start is not None
                  and t.code == "RUSGOV"]
    assert not open_ended  # every open Phoenix RUSGOV term ends where a curated one starts


@pytest.mark.skipif(not PHOENIX.is_dir(), reason="../shared/dictionaries/phoenix is absent "
                                                  "(a bare clone): the converter reads it")
def test_converter_on_lines_of_the_real_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "phoenix"
    source.mkdir()
    (source / "LICENSE").write_text((PHOENIX / "LICENSE").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    countries = (PHOENIX / "Phoenix.Countries.actors.txt").read_text(encoding="utf-8")
    start = countries.index("AFGHANISTAN_")
    (source / "Phoenix.Countries.actors.txt").write_text(countries[:start + 4000],
                                                         encoding="utf-8")
    for name in ("Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"):
        (source / name).write_text("", encoding="utf-8")
    agents = (PHOENIX / "Phoenix.agents.txt").read_text(encoding="latin-1").splitlines()
    keep = [line for line in agents if line.startswith(("!PERSON!", "!MINIST!", "FARMER",
                                                        "RIOT_POLICE", "MAN ", "PEOPLE "))]
    (source / "Phoenix.agents.txt").write_text("\n".join(keep) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    subprocess.run([sys.executable, str(ROOT / "scripts" / "convert_phoenix.py"),
                    "--phoenix", str(source), "--out", str(out)], check=True,
                   capture_output=True)
    actors = (out / "phoenix_actors.tsv").read_text(encoding="utf-8")
    assert "Afghan national security forces" in actors and "\tAFGMIL\t" in actors
    assert "\tAFG\t" not in actors  # bare countries come from countries.tsv
    rows = [line.split("\t") for line in (out / "phoenix_agents.tsv").read_text(
        encoding="utf-8").splitlines() if not line.startswith("#")]
    forms = {row[0]: row[1] for row in rows[1:]}
    assert forms["farmer"] == "AGR" and forms["riot police"] == "COP"
    assert "man" not in forms and "people" not in forms  # people in general are no actors
    assert "MIT" in (out / "NOTICE-phoenix.txt").read_text(encoding="utf-8")
