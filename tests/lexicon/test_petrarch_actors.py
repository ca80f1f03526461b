"""The PETRARCH actor/agent reader, on small hand-written files and on the Phoenix set."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from multipolar.errors import LexiconError
from multipolar.lexicon.actors import EntryKind
from multipolar.lexicon.petrarch_actors import (
    load_petrarch_directory,
    parse_date,
    read_actor_file,
    read_agent_file,
)
from testpaths import shared_path

ACTORS = """\
# comment line
AFGHANISTAN_  [AFG]
+AFGHAN_
+KABUL_

XI_JINPING
+PRESIDENT_XI_JINPING
\t[CHNGOV >20121115]
JAMES_BYRNES_  ; CountryInfo.txt
\t[USAELI 18970101-450703]
\t[USAGOV 450703-470121]
SOLANA_ [IGOEUREEC 950701-951231][IGOWSTNAT 951205-991006] # two on one line
NOBODY_ [---]
"""

AGENTS = """\
!MINIST! = MINISTER, MINISTERS, MINISTRY
FOREIGN_!MINIST! [~GOV]
POLICE {} [~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]
MILITANT [~REB]
HUMAN_RIGHTS_BODY  [NGO~]
"""


@pytest.fixture()
def directory(tmp_path: Path) -> Path:
    (tmp_path / "Test.actors.txt").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "Test.agents.txt").write_text(AGENTS, encoding="utf-8")
    (tmp_path / "README.txt").write_text("not a dictionary", encoding="utf-8")
    return tmp_path


def test_dates() -> None:
    assert parse_date("450703", "x", 1) == dt.date(1945, 7, 3)
    assert parse_date("121115", "x", 1) == dt.date(2012, 11, 15)
    assert parse_date("20121115", "x", 1) == dt.date(2012, 11, 15)
    with pytest.raises(LexiconError):
        parse_date("2004017", "x", 1)


def test_actor_records(directory: Path) -> None:
    records = list(read_actor_file(directory / "Test.actors.txt"))
    assert [r.phrases[0] for r in records] == ["AFGHANISTAN", "XI JINPING", "JAMES BYRNES",
                                               "SOLANA", "NOBODY"]
    assert records[0].phrases == ["AFGHANISTAN", "AFGHAN", "KABUL"]
    assert records[0].default == "AFG"
    (xi,) = records[1].tenures
    assert (xi.code, xi.start, xi.end) == ("CHNGOV", dt.date(2012, 11, 15), None)
    byrnes = records[2].tenures
    assert byrnes[1].covers(dt.date(1947, 1, 21))  # limits are inclusive
    assert not byrnes[1].covers(dt.date(1947, 1, 22))
    assert [t.code for t in records[3].tenures] == ["IGOEUREEC", "IGOWSTNAT"]
    assert records[4].default is None and not records[4].tenures


def test_agents(directory: Path) -> None:
    found = {(phrase, sector) for _, phrase, sector in read_agent_file(directory /
                                                                       "Test.agents.txt")}
    assert ("FOREIGN MINISTRY", "GOV") in found
    assert ("FOREIGN MINISTERS", "GOV") in found
    assert ("POLICE", "COP") in found and ("POLICES", "COP") not in found
    assert ("ATTORNEYS GENERAL", "JUD") in found
    assert ("MILITANTS", "REB") in found
    assert ("HUMAN RIGHTS BODY", "NGO") in found


def test_malformed_lines_fail_in_strict_mode(tmp_path: Path) -> None:
    path = tmp_path / "Bad.actors.txt"
    path.write_text("X_\n\t[ABC 2004017-20050101]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"Bad\.actors\.txt:2"):
        list(read_actor_file(path, strict=True))
    assert next(iter(read_actor_file(path))).tenures == []


def test_directory_lexicon(directory: Path) -> None:
    lexicon = load_petrarch_directory(directory)
    (xi,) = lexicon.lookup("Xi Jinping")
    assert xi.code_at(dt.date(2015, 1, 1)) == "CHNGOV"
    assert xi.code_at(dt.date(2010, 1, 1)) is None
    assert {e.kind for e in lexicon.lookup("Kabul")} == {EntryKind.COUNTRY}
    assert not lexicon.lookup("kabul")  # names need their capital letter
    assert lexicon.lookup("foreign ministers")[0].sector == "GOV"


def test_directory_without_dictionaries(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=r"no \*actors\*\.txt"):
        load_petrarch_directory(tmp_path)


@pytest.mark.slow
def test_phoenix_dictionaries_load() -> None:
    lexicon = load_petrarch_directory(shared_path("dictionaries", "phoenix"))
    assert len(lexicon.entries) > 27_000
    (xi,) = [e for e in lexicon.lookup("Xi Jinping") if e.tenures][:1]
    assert xi.code_at(dt.date(2014, 1, 1)) == "CHNGOV"
    assert lexicon.lookup("Nato")[0].code_at(None) == "IGOWSTNAT"
