"""The bundled actor lexicon: loads, is checked on load, and finds phrases with case rules."""

from __future__ import annotations

import datetime as dt

import pytest

from multipolar.errors import LexiconError
from multipolar.lexicon.actor_entries import ActorEntry
from multipolar.lexicon.actors import ActorLexicon, EntryKind, _load_countries, actor_lexicon


@pytest.fixture(scope="module")
def lexicon() -> ActorLexicon:
    return actor_lexicon(())


def kinds(lexicon: ActorLexicon, phrase: str) -> set[tuple[str, str | None]]:
    return {(e.kind.value, e.code) for e in lexicon.lookup(phrase)}


def test_every_iso_country_is_there(lexicon: ActorLexicon) -> None:
    countries = {e.code for e in lexicon.entries.values() if e.kind == EntryKind.COUNTRY}
    assert len(countries) >= 235
    assert {"USA", "CHN", "RUS", "GBR", "FRA", "SYR", "UKR", "KSV", "PSE"} <= countries


@pytest.mark.parametrize(("phrase", "kind", "code"), [
    ("U.S.", "country", "USA"), ("US", "country", "USA"), ("America", "country", "USA"),
    ("UK", "country", "GBR"), ("Britain", "country", "GBR"), ("Chinese", "adjective", "CHN"),
    ("Western", "adjective", "WST"), ("the West", "region", "WST"), ("Moscow", "capital", "RUS"),
    ("the Kremlin", "seat", "RUS"), ("Downing Street", "seat", "GBR"), ("NATO", "igo", "IGOWSTNAT"),
    ("UN", "igo", "IGOUNO"), ("foreign minister", "role", "GOV"), ("army", "role", "MIL"),
])
def test_phrases(lexicon: ActorLexicon, phrase: str, kind: str, code: str) -> None:
    assert (kind, code) in kinds(lexicon, phrase)


def test_case_rules(lexicon: ActorLexicon) -> None:
    assert not lexicon.lookup("us")  # the pronoun
    assert not lexicon.lookup("china")  # porcelain
    assert lexicon.lookup("Foreign Minister")  # role nouns match in any case
    assert lexicon.lookup("The Kremlin")


def test_people_have_dated_roles(lexicon: ActorLexicon) -> None:
    (putin,) = [e for e in lexicon.lookup("Vladimir Putin") if e.kind == EntryKind.PERSON]
    as_pm = putin.tenure_at(dt.date(2010, 1, 1))
    assert as_pm is not None and as_pm.role == "prime minister" and as_pm.code == "RUSGOV"
    assert putin.tenure_at(dt.date(2020, 1, 1)).role == "president"  # type: ignore[union-attr]
    (biden,) = [e for e in lexicon.lookup("Biden") if e.kind == EntryKind.PERSON]
    assert biden.tenure_at(dt.date(2026, 1, 1)) is None
    assert biden.ended_before(dt.date(2026, 1, 1)) is not None


def test_people_file_has_required_offices(lexicon: ActorLexicon) -> None:
    people = [e for e in lexicon.entries.values() if e.kind == EntryKind.PERSON]
    tenures = [t for e in people for t in e.tenures]
    assert len(people) >= 25
    # people.tsv, and people_world.tsv, people_news.tsv when there (ids of one file only)
    assert all(t.entry.startswith(("people:", "people_world:", "people_news:")) for t in tenures)
    assert any(t.entry.startswith("people:") for t in tenures)


def test_bad_country_file_is_rejected() -> None:
    bad = "code\tiso2\tname\taliases\tadjectives\tcapitals\tseats\nRU\tRU\tRussia\t\t\t\t\n"
    with pytest.raises(LexiconError, match=r"test\.tsv:2"):
        _load_countries(ActorLexicon(), bad, "test.tsv")
    twice = ("code\tiso2\tname\taliases\tadjectives\tcapitals\tseats\n"
             "RUS\tRU\tRussia\t\t\t\t\nRUS\tRU\tRussia\t\t\t\t\n")
    with pytest.raises(LexiconError, match="listed twice"):
        _load_countries(ActorLexicon(), twice, "test.tsv")


def test_user_directory_in_our_format(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "people.tsv").write_text(
        "id\tname\taliases\tcode\trole\tstart\tend\n"
        "jane-roe\tJane Roe\tRoe\tKENGOV\tpresident\t2030-01-01\t\n", encoding="utf-8")
    merged = actor_lexicon((f"multipolar:{tmp_path}",))
    (roe,) = merged.lookup("Jane Roe")
    assert roe.entry == "people:jane-roe"
    assert roe.code_at(dt.date(2031, 1, 1)) == "KENGOV"
    assert merged.lookup("Vladimir Putin")  # the bundled entries are still there


def test_user_directory_errors_name_the_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "people.tsv").write_text(
        "id\tname\taliases\tcode\trole\tstart\tend\n"
        "x\tX Y\t\tKENGOV\tjuggler\t2030-01-01\t\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"people\.tsv:2: role 'juggler'"):
        actor_lexicon((f"multipolar:{tmp_path}",))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(LexiconError, match="none of"):
        actor_lexicon((f"multipolar:{empty}",))


def test_plover_types() -> None:
    from multipolar.lexicon.actors import plover_type

    assert plover_type("RUSGOV") == "GOV"
    assert plover_type("AFGINS") == "REB"
    assert plover_type("IGOUNO") == "IGO"
    assert plover_type("RUS") is None and plover_type(None) is None


def test_phoenix_records_built_on_first_use_give_what_a_full_build_gives() -> None:
    from multipolar.lexicon.actors import bundled_lexicon, phoenix_lexicon

    curated = bundled_lexicon()
    lazy = phoenix_lexicon(curated)
    eager = phoenix_lexicon(curated)
    eager._build_all()
    assert not eager._unbuilt
    phrases = ["Hezbollah", "Afghan national army", "Hamas", "Ansf", "President Obama",
               "no such phrase here"]
    for phrase in phrases:
        assert lazy.lookup(phrase) == eager.lookup(phrase), phrase
    assert lazy._unbuilt  # the records no lookup reached are still deferred
    assert lazy.entries == eager.entries  # asking for every entry builds them all
    assert not lazy._unbuilt


def test_scan_finds_phrases_added_after_a_lookup() -> None:
    """The scan stops widening where no phrase goes on (its prefix set); a phrase added later
    must still be found at its full length."""
    lexicon = ActorLexicon()
    white = ActorEntry(kind=EntryKind.COUNTRY, entry="countries:TST", name="T", code="TST")
    house = ActorEntry(kind=EntryKind.SEAT, entry="seats:house", name="H", country="TST",
                       sector="GOV")
    lexicon.add("white", white)
    words = ["the", "white", "house", "said"]
    assert [(m.start, m.end) for m in lexicon.scan(words)] == [(1, 2)]
    lexicon.add("the white house", house)
    assert [(m.start, m.end, m.entries) for m in lexicon.scan(words)] == [(0, 3, (house,))]
    assert [(m.start, m.end) for m in lexicon.scan(["the", "white", "car"])] == [(1, 2)]


def test_scan_skips_words_that_start_no_phrase_and_finds_what_match_at_finds(
        lexicon: ActorLexicon) -> None:
    """The scan passes over words that begin no phrase (the first words of all phrases) without
    trying a match there: it finds what trying `match_at` at every word finds."""
    from multipolar.lexicon.actor_entries import normalize_word

    text = ("On Tuesday the White House said that the Russian foreign minister , Sergei "
            "Lavrov , met Syrian Kurdish fighters and the U.N. Security Council in "
            "Idlib\u2019s south")
    words = text.split()
    lowers = [normalize_word(w) for w in words]
    expected = []
    i = 0
    while i < len(words):
        found = lexicon.match_at(words, lowers, i)
        if found is None:
            i += 1
            continue
        expected.append(found)
        i = found.end
    got = list(lexicon.scan(words))
    assert got == expected
    assert [" ".join(words[m.start:m.end]) for m in got][:3] == [
        "the White House", "Russian", "foreign minister"]
    assert "that" not in lexicon._longest and "," not in lexicon._longest  # passed over


@pytest.mark.parametrize("words", [
    [], ["The", "U.S.", "Kurd\u2019s", "\u2018Isis"], ["\u039f\u0394\u039f\u03a3", "\u03a3"],
    ["\u03a3", "\u039f\u0394\u039f\u03a3", "\u0391\u03a3.", "'\u03a3"],
    ["\u0130stanbul", "STRASSE", "\u1e9e"],
    ["a\x00b", "C"], ["\n\n", "  ", "A-B", "\u00c9TAT"],
])
def test_normalize_words_is_normalize_word_on_each(words: list[str]) -> None:
    """The words are lower-cased in one call over their joined text: the same as one by one,
    also where lower-casing depends on the letters around (Greek final sigma) or changes the
    length ("\u0130"), and word by word where a word holds the joint."""
    from multipolar.lexicon.actor_entries import normalize_word, normalize_words

    assert normalize_words(words) == [normalize_word(w) for w in words]


def test_people_news_rows_say_where_they_come_from(lexicon: ActorLexicon) -> None:
    rows = [t for e in lexicon.entries.values() if e.kind == EntryKind.PERSON
            for t in e.tenures if t.entry.startswith("people_news:")]
    assert len(rows) >= 20
    assert all(t.source and t.source.startswith("Wikipedia:") for t in rows)


def test_curated_people_are_indexed_by_surname_and_given_name(lexicon: ActorLexicon) -> None:
    assert [e.entry for e in lexicon.surnames["hunt"]] == ["people:jeremy-hunt"]
    assert "people:staffan-de-mistura" in [e.entry for e in lexicon.surnames["de mistura"]]
    assert "ahmed" in lexicon.given_names  # Ahmed Aboul Gheit, Ahmed al-Sharaa …
    assert "hunt" not in lexicon.given_names


def test_the_soviet_union_is_a_country(lexicon: ActorLexicon) -> None:
    assert [e.code for e in lexicon.lookup("the Soviet Union")] == ["USR"]


def test_family_name_first_people_are_indexed_by_their_first_word() -> None:
    from multipolar.lexicon.actors import actor_lexicon

    lexicon = actor_lexicon()
    assert [p.name for p in lexicon.surnames.get("tsai", ())] == ["Tsai Ing-wen"]
    assert "ing-wen" not in lexicon.surnames
    assert [p.name for p in lexicon.surnames.get("hunt", ())] == ["Jeremy Hunt"]
