"""Property-based tests of `Analyzer.analyze` on arbitrary Unicode.

Whatever the text (control characters, mixed scripts, right-to-left text, emoji, very long tokens
and sentences, HTML fragments, only punctuation), analysis must not raise, must finish within a
time bounded by the text's length, and every offset it reports must point inside the text, at
the very characters the record quotes. Documents above `Settings.max_chars` are refused with
`DocumentTooLarge` before any parsing.

Runs the real pipeline (the session `analyzer` fixture); examples are derandomized so CI sees
the same cases every run.
"""

from __future__ import annotations

import json
import signal
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multipolar.analyzer import Analyzer
from multipolar.config import Settings
from multipolar.errors import DocumentTooLarge, InputError
from multipolar.model import AnalysisResult

# Time bound for one analysis: a fixed allowance (first-call warm-up, a loaded shared CI
# machine) plus a per-character budget. Unloaded, the pipeline takes about 0.2 ms per character
# of news text and up to 1.5 ms per character when every character is a token (emoji,
# punctuation); 5 ms per character leaves room for a busy CI machine and still catches the
# quadratic cases found here: spaCy's tokenizer on 10,000 '!' in a row took minutes before
# `BoundedTokenizer`, and a list of 1,500 country names 50 s in the actor and event stages.
BASE_SECONDS = 10.0
SECONDS_PER_CHAR = 0.005

FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=40,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- building blocks of hostile text ---------------------------------------------------------

NEWS = [
    "Chinese President Xi Jinping arrived in Moscow on Wednesday for a state visit.",
    "Putin praised China, and the two leaders signed 20 agreements.",
    "The United States imposed tariffs of 145% on Chinese goods on April 9, 2025.",
    "Trade between China and Russia reached $237 billion in 2024, officials said.",
    '"We will never accept this," the Iranian foreign minister said in Tehran.',
    "Nato condemned the attack; Ukraine accused Russian forces of shelling Kharkiv.",
    "The EU will provide €50bn in aid to Kyiv, according to Ursula von der Leyen.",
    "India and Pakistan did not sign the deal.",
    # Verbless headlines: the amounts stage once looped forever climbing to a verb here.
    "The $5bn deal.",
    "Tariffs: 145% on Chinese goods",
    "Russia's $237bn trade with China",
]
CONTROL = [chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))] + [
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2028", "\u2029", "\u202a", "\u202b",
    "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\ufffd",
    "\ufffe", "\uffff", "\u00ad", "\u0300", "\u0301\u0302\u0303",
]
RTL = ["مرحبا بالعالم", "الرئيس الروسي فلاديمير بوتين", "שלום עולם", "ירושלים",
       "پاکستان", "ܐܠܗܐ", "\u202eReversed text\u202c"]
SCRIPTS = ["习近平抵达莫斯科", "Владимир Путин", "東京", "서울", "ภาษาไทย", "हिन्दी",
           "Ελλάδα", "Ⓒⓗⓘⓝⓐ", "ＣＨＩＮＡ", "𝐂𝐡𝐢𝐧𝐚", "Z̷̢a̶l̴g̸o̵", "ﬁnance", "Ǆ ǅ ǆ",
           "İstanbul", "straße", "ß", "ΣΑΣ"]
EMOJI = ["🇨🇳", "🇷🇺🇺🇸", "👩‍👩‍👧‍👦", "👍🏽", "🤝", "💥💥", "❤️", "1️⃣", "🏳️‍🌈", "🫡",
         "\U0001f600" * 30]
HTML = ["<p>", "</p>", "<script>alert('x')</script>", "<b>China</b>", "&amp;", "&nbsp;",
        "&#x202E;", "<!-- comment -->", "<a href=\"http://x.y/?a=1&b=2\">link</a>",
        "<![CDATA[ ]]>", "<div class='a'>Russia</div>", "<br/>", "<?xml version='1.0'?>"]
PUNCT = [*".,;:!?\"'“”‘’«»()[]{}…—–-/\\|@#$%^&*_~`+=<>", "...", "?!", "--", "“”", "''"]

fragment = st.one_of(
    st.sampled_from(NEWS),
    st.sampled_from(CONTROL),
    st.sampled_from(RTL),
    st.sampled_from(SCRIPTS),
    st.sampled_from(EMOJI),
    st.sampled_from(HTML),
    st.sampled_from(PUNCT),
    st.text(max_size=40),  # arbitrary code points (no surrogates)
    st.integers(min_value=-10**12, max_value=10**12).map(str),
)
separator = st.sampled_from(["", " ", "\n", "\n\n", "\t", "\r\n", " . ", "\u00a0", "\u3000"])


@st.composite
def hostile_texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(fragment, separator), min_size=1, max_size=25))
    return "".join(p + s for p, s in parts)


@pytest.fixture(autouse=True, scope="module")
def _warm(seed_result: AnalysisResult) -> None:
    """Analyze the reference article once first: the first call loads every lexicon, which
    is start-up cost, not analysis time."""
    assert seed_result.events


# --- the properties --------------------------------------------------------------------------


def check_result(result: AnalysisResult, text: str) -> None:
    """Every record's offsets lie inside `text` and slice out the text the record reports."""
    n = len(text)
    assert result.document.text == text

    def span(kind: str, start: int, end: int, quoted: str | None = None) -> None:
        assert isinstance(start, int) and isinstance(end, int), (kind, start, end)
        assert 0 <= start <= end <= n, f"{kind} offsets {start}:{end} outside 0:{n}"
        if quoted is not None:
            assert text[start:end] == quoted, (
                f"{kind} {start}:{end} slices {text[start:end]!r}, record says {quoted!r}")

    previous_end = 0
    for start, end in result.sentences:
        span("sentence", start, end)
        assert start >= previous_end, "sentences overlap or are out of order"
        previous_end = end
    sentence_count = len(result.sentences)

    def sentence_ok(kind: str, index: int | None) -> None:
        if index is not None:
            assert 0 <= index < max(sentence_count, 1), (
                f"{kind} sentence {index} of {sentence_count}")

    for actor in result.actors:
        m = actor.mention
        span("actor", m.start, m.end, m.text)
        sentence_ok("actor", m.sentence)
        if actor.refers_to is not None:
            assert 0 <= actor.refers_to < len(result.actors)
    for event in result.events:
        ev = event.evidence
        span("evidence", ev.start, ev.end, ev.sentence)
        span("trigger", ev.trigger_start, ev.trigger_end, ev.trigger)
        assert ev.start <= ev.trigger_start <= ev.trigger_end <= ev.end, "trigger outside sentence"
        sentence_ok("event", ev.sentence_index)
    for amount in result.amounts:
        span("amount", amount.start, amount.end, amount.text)
        sentence_ok("amount", amount.sentence)
    for quote in result.quotations:
        span("quotation", quote.start, quote.end, quote.text)
        sentence_ok("quotation", quote.sentence)
    for date in result.dates:
        span("date", date.start, date.end, date.text)
        sentence_ok("date", date.sentence)
    for place in result.places:
        span("place", place.start, place.end, place.name)
        sentence_ok("place", place.sentence)
    for theme in result.themes:
        sentence_ok("theme", theme.sentence)
    assert len(result.sentence_tones) in (0, sentence_count)
    # The JSON the CLI and the API print must be strict JSON (no NaN or Infinity).
    json.dumps(result.to_dict(), allow_nan=False)


class AnalysisHung(Exception):
    pass


def timed_analyze(analyzer: Analyzer, text: str) -> AnalysisResult:
    """Analyze within the time bound; a SIGALRM interrupts an analysis that overruns it (an
    endless loop fails the test instead of hanging CI)."""
    bound = BASE_SECONDS + SECONDS_PER_CHAR * len(text)

    def overrun(signum: int, frame: object) -> None:
        raise AnalysisHung(f"{len(text):,} characters: no result after {bound:.1f}s: "
                           f"{text[:80]!r}")

    previous = signal.signal(signal.SIGALRM, overrun)
    signal.setitimer(signal.ITIMER_REAL, bound)
    started = time.perf_counter()
    try:
        result = analyzer.analyze(text, published="2025-05-07")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.perf_counter() - started
    assert elapsed <= bound, f"{len(text):,} characters took {elapsed:.1f}s (bound {bound:.1f}s)"
    return result


@FUZZ
@given(text=hostile_texts())
def test_hostile_text_never_breaks_analysis(analyzer: Analyzer, text: str) -> None:
    check_result(timed_analyze(analyzer, text), text)


@settings(derandomize=True, database=None, deadline=None, max_examples=40)
@given(text=st.text(min_size=0, max_size=400))
def test_arbitrary_unicode_never_breaks_analysis(analyzer: Analyzer, text: str) -> None:
    check_result(timed_analyze(analyzer, text), text)


@settings(derandomize=True, database=None, deadline=None, max_examples=25)
@given(text=st.text(alphabet=st.sampled_from([p for p in PUNCT if len(p) == 1] + [" ", "\n"]),
                   min_size=1, max_size=300))
def test_only_punctuation(analyzer: Analyzer, text: str) -> None:
    result = timed_analyze(analyzer, text)
    check_result(result, text)
    # spaCy's NER sometimes labels punctuation (";)&" as ORG, "-%" as GPE); it may surface as an
    # unresolved mention or place, but nothing may be coded from it.
    assert not result.events
    assert not [a for a in result.actors if a.resolved]
    assert not [p for p in result.places if p.country or p.geonameid]


@settings(derandomize=True, database=None, deadline=None, max_examples=15)
@given(news=st.lists(st.sampled_from(NEWS), min_size=1, max_size=4),
       noise=st.lists(st.sampled_from(CONTROL + EMOJI + HTML), min_size=1, max_size=8))
def test_noise_between_news_sentences_keeps_offsets(analyzer: Analyzer, news: list[str],
                                                     noise: list[str]) -> None:
    """Real sentences (which yield actors, events, amounts) with noise spliced in: the noise
    shifts every offset, and each record must still slice out what it reports."""
    pieces = []
    for i, sentence in enumerate(news):
        pieces.append(noise[i % len(noise)])
        pieces.append(sentence)
    text = " ".join(pieces)
    check_result(timed_analyze(analyzer, text), text)


# --- very long inputs, deterministic -----------------------------------------------------------

LONG_CASES = {
    "one 20,000-letter token": "a" * 20_000,
    "4,000 flag emoji in a row": "🇨🇳" * 4_000,
    "6,000 exclamation marks after a 10,000-letter word": "a" * 10_000 + "!" * 6_000,
    "5,000 opening brackets": "(" * 5_000,
    "a 4,000-word sentence with no full stop":
        " ".join(["China", "and", "Russia", "signed", "deals", "with", "Iran"] * 570),
    "20,000 full stops": "." * 20_000,
    "4,000 opening quotes": "“" * 4_000,
    "2,000 nested tags": "<div>" * 2_000 + "Xi met Putin." + "</div>" * 2_000,
    "10,000 newlines and tabs": "\n\t" * 5_000,
    "1,500 countries in one list": "China, Russia, " * 750 + "and Iran met.",
    "alternating scripts": "Moscow Москва 莫斯科 موسكو " * 400,
    "96 news sentences": " ".join(NEWS * 12),
}


@pytest.mark.parametrize("name", list(LONG_CASES))
def test_long_inputs_finish_in_bounded_time(analyzer: Analyzer, name: str) -> None:
    text = LONG_CASES[name]
    check_result(timed_analyze(analyzer, text), text)


@pytest.mark.parametrize("text", ["The $5bn deal.", "A 145% tariff", "$1m", "5 million barrels.",
                                  "Aid: €50bn for Ukraine's army"])
def test_verbless_amounts_do_not_hang(analyzer: Analyzer, text: str) -> None:
    result = timed_analyze(analyzer, text)
    check_result(result, text)
    assert result.amounts


def test_empty_and_whitespace_texts(analyzer: Analyzer) -> None:
    for text in ("", " ", "\n\n\n", "\u200b", "\ufeff"):
        result = analyzer.analyze(text)
        check_result(result, text)
        assert not result.events


def test_lone_surrogates_are_refused_or_analysed(analyzer: Analyzer) -> None:
    """A Python str may hold lone surrogates (e.g. from `surrogateescape`); they cannot be
    encoded as UTF-8, so analysis either handles them or refuses them with an InputError."""
    text = "China \udcff and Russia \ud800 met."
    try:
        result = analyzer.analyze(text)
    except InputError:
        return
    check_result(result, text)


# --- the maximum document size ---------------------------------------------------------------


def test_max_chars_refuses_larger_documents(nlp: object) -> None:
    small = Analyzer(Settings(max_chars=1_000), nlp=nlp)  # type: ignore[arg-type]
    text = "China and Russia met. " * 50  # 1,100 characters
    with pytest.raises(DocumentTooLarge) as caught:
        small.analyze(text)
    assert caught.value.size == len(text) and caught.value.limit == 1_000
    message = str(caught.value)
    assert "1,100" in message and "1,000" in message and "MULTIPOLAR_MAX_CHARS" in message
    assert isinstance(caught.value, InputError)
    # At the limit is accepted.
    exact = text[:1_000]
    check_result(small.analyze(exact), exact)


def test_max_chars_is_checked_before_parsing(nlp: object) -> None:
    """A huge document is refused at once, not after parsing it."""
    small = Analyzer(Settings(max_chars=10_000), nlp=nlp)  # type: ignore[arg-type]
    started = time.perf_counter()
    with pytest.raises(DocumentTooLarge):
        small.analyze("x " * 5_000_000)
    assert time.perf_counter() - started < 1.0


def test_spacy_limit_follows_max_chars(nlp: object) -> None:
    """spaCy refuses texts over its own `max_length` (1,000,000 by default) with a ValueError;
    the analyzer raises it to `max_chars` so that max_chars is the only limit."""
    big = Analyzer(Settings(max_chars=2_500_000), nlp=nlp)  # type: ignore[arg-type]
    assert big.nlp.max_length >= 2_500_000


def test_max_chars_from_environment() -> None:
    assert Settings.from_env({"MULTIPOLAR_MAX_CHARS": "1234"}).max_chars == 1234
    from multipolar.errors import ConfigError

    for bad in ("0", "-5", "lots"):
        with pytest.raises(ConfigError):
            Settings.from_env({"MULTIPOLAR_MAX_CHARS": bad})


def test_max_chars_in_a_stream_fails_only_that_document(nlp: object) -> None:
    """In `pipe`, a too-large document raises when reached; documents before it are done."""
    small = Analyzer(Settings(max_chars=100), nlp=nlp)  # type: ignore[arg-type]
    stream = small.pipe(["China met Russia.", "y" * 101, "Iran met Iraq."], batch_size=1)
    first = next(stream)
    assert first.document.text == "China met Russia."
    with pytest.raises(DocumentTooLarge):
        next(stream)
