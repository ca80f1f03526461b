"""The word filter keeps exactly the tokens its tests pass, sentence by sentence; the children
index gives spaCy's children."""

from __future__ import annotations

from spacy.language import Language

from multipolar.pipeline.word_filter import WordFilter

TEXT = ("Russia attacked Ukraine on Tuesday. The ministers met and talked. "
        "Officials said the attacks were over. Nothing happened.")


def _by_hand(nlp: Language, keep_lemma, keep_lower) -> list[list[int]]:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    return [[t.i for t in s if keep_lemma(t.lemma_.lower()) or keep_lower(t.lower_)]
            for s in doc.sents]


def test_keeps_what_its_tests_pass_in_order(nlp: Language) -> None:
    lemmas = {"attack", "say"}
    forms = {"talked", "nothing"}
    words = WordFilter(lemma=lemmas.__contains__, lower=forms.__contains__)
    doc = nlp(TEXT)
    got = [[t.i for t in words.tokens(s)] for s in doc.sents]
    assert got == _by_hand(nlp, lemmas.__contains__, forms.__contains__)
    assert [doc[i].text for sent in got for i in sent] == [
        "attacked", "talked", "said", "attacks", "Nothing"]


def test_one_test_alone_and_a_new_document(nlp: Language) -> None:
    words = WordFilter(lower=lambda w: w.endswith("ed"))
    first = nlp(TEXT)
    assert [t.text for s in first.sents for t in words.tokens(s)] == [
        "attacked", "talked", "happened"]
    second = nlp("He voted. She walked home.")  # a new document: its own tokens
    assert [t.text for s in second.sents for t in words.tokens(s)] == ["voted", "walked"]
    assert [t.text for t in words.tokens(first[0:3])] == ["attacked"]  # back to the first
    assert list(WordFilter().tokens(first[:])) == []


def test_children_are_spacys_children_with_those_labels(nlp: Language) -> None:
    from multipolar.pipeline.word_filter import Children

    children = Children()
    first = nlp("The foreign minister, who met Lavrov, said that Iran and Iraq had agreed.")
    second = nlp("Troops withdrew.")
    for doc in (first, second, first):  # a new document, and back
        for token in doc:
            for deps in (("nsubj",), ("prep", "dobj", "ccomp"), ("conj", "cc"), ("det",)):
                assert [c.i for c in children.of(token, deps)] == [
                    c.i for c in token.children if c.dep_ in deps]
    said = next(t for t in first if t.text == "said")
    assert [c.text for c in children.of(said, ("nsubj", "ccomp"))] == ["minister", "agreed"]


def test_last_doc_builds_once_per_document_and_holds_it_weakly(nlp: Language) -> None:
    import gc

    from multipolar.pipeline.word_filter import LastDoc

    built: list[int] = []

    def build(doc):  # type: ignore[no-untyped-def]
        built.append(len(doc))
        return len(doc)

    cache: LastDoc[int] = LastDoc(build)
    first, second = nlp("One two three."), nlp("Four five.")
    assert [cache.get(first), cache.get(first), cache.get(second), cache.get(first)] == [
        4, 4, 3, 4]
    assert built == [4, 3, 4]  # rebuilt only when the document changes
    assert cache.holds is first
    del first
    gc.collect()
    assert cache.holds is None  # the cache did not keep the document alive
    assert cache.get(second) == 3 and built == [4, 3, 4, 3]


def test_children_does_not_keep_the_last_document_alive(nlp: Language) -> None:
    import gc
    import weakref

    from multipolar.pipeline.word_filter import Children

    children = Children()
    doc = nlp("Troops withdrew from the town.")
    assert [c.text for c in children.of(doc[1], ("nsubj",))] == ["Troops"]
    ref = weakref.ref(doc)
    assert children.holds is doc
    del doc
    gc.collect()
    assert ref() is None and children.holds is None


def test_token_rows_are_the_token_attributes(nlp: Language) -> None:
    import gc
    import weakref

    from multipolar.pipeline.word_filter import TokenRows, token_rows

    doc = nlp("Ciyager Amed, an SDF leader in Syria, said on Tuesday that troops withdrew. "
              "Nothing happened.")
    rows = token_rows(doc)
    assert token_rows(doc) is rows  # built once for the last document
    sent_start = {True: 1, False: -1, None: 0}
    assert rows.text == [t.text for t in doc]
    assert rows.lower == [t.lower_ for t in doc]
    assert rows.pos == [t.pos_ for t in doc]
    assert rows.dep == [t.dep_ for t in doc]
    assert rows.ent_iob == [t.ent_iob_ for t in doc]
    assert rows.ent_type == [t.ent_type_ for t in doc]
    assert rows.head == [t.head.i for t in doc]
    assert rows.sent_start == [sent_start[t.is_sent_start] for t in doc]
    assert -1 in rows.sent_start and rows.sent_start.count(1) == 2
    assert TokenRows(nlp("")).dep == []
    ref = weakref.ref(doc)
    del doc, rows
    gc.collect()
    assert ref() is None  # the rows do not keep their document alive


def test_char_tokens_are_the_tokens_of_char_span_expand(nlp: Language) -> None:
    from multipolar.pipeline.word_filter import TokenRows

    for text in ("  Russia's army  struck\n\nKyiv on Tuesday. ", "x", "U.S.-backed forces."):
        doc = nlp(text)
        rows = TokenRows(doc)
        for start in range(-1, len(text) + 2):
            for end in range(start, len(text) + 3):
                span = doc.char_span(start, end, alignment_mode="expand")
                got = rows.char_tokens(start, end)
                assert (got is None) == (span is None), (text, start, end)
                if span is not None and got is not None:
                    assert list(got) == list(range(span.start, span.end)), (text, start, end)
