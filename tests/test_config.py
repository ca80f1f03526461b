from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from multipolar.config import LexiconSpec, Settings
from multipolar.errors import ConfigError


def test_environment_overrides_defaults(tmp_path: Path) -> None:
    env = {"MULTIPOLAR_SPACY_MODEL": "my_model", "MULTIPOLAR_MAX_CHARS": "100",
           "MULTIPOLAR_LEXICON": f"petrarch:{tmp_path}"}
    settings = Settings.from_env(env)
    assert settings.spacy_model == "my_model"
    assert settings.max_chars == 100
    assert settings.lexicons == (f"petrarch:{tmp_path}",)


def test_arguments_override_environment() -> None:
    settings = Settings.from_env({"MULTIPOLAR_BATCH_SIZE": "8"}, batch_size=4)
    assert settings.batch_size == 4


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MULTIPOLAR_MAX_CHARS": "lots"}, "must be an integer"),
        ({"MULTIPOLAR_BATCH_SIZE": "0"}, "must be positive"),
        ({"MULTIPOLAR_LEXICON": "oracle:/x"}, "not understood"),
        ({"MULTIPOLAR_LEXICON": "petrarch:/no/such/dir"}, "does not exist"),
    ],
)
def test_bad_settings_fail_with_actionable_errors(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env)


@pytest.mark.parametrize("build", [
    lambda: Settings(max_chars=0),
    lambda: Settings(batch_size=-1),
    lambda: Settings().replace(batch_size=0),
    lambda: Settings(lexicons=("nonsense",)),
    lambda: Settings(lexicons=("multipolar:/no/such/directory",)),
])
def test_settings_are_checked_however_they_are_built(build: Any) -> None:
    with pytest.raises(ConfigError):
        build()


def test_lexicon_specs_are_parsed_in_one_place(tmp_path: Path) -> None:
    settings = Settings(lexicons=(f"petrarch:{tmp_path}", f"multipolar:{tmp_path}"))
    assert settings.lexicon_specs == (LexiconSpec("petrarch", tmp_path),
                                      LexiconSpec("multipolar", tmp_path))
    assert settings.lexicon_directories("multipolar") == (tmp_path,)
