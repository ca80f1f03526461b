"""The interface every stage shares.

A stage takes a `Parsed` item (the spaCy doc plus the results of earlier stages) and returns a
new `Parsed` whose `result` carries the records it added. Stages never mutate their input and
never reach into another stage's internals; spaCy objects stay inside `Parsed.doc`.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from spacy.tokens import Doc

from multipolar.model import AnalysisResult

# `Doc.user_data` key the sentence pre-filter sets on a document it parsed in part: the token
# ranges [start, end) that got the full parse (absent: all of it). The other tokens have no
# tags, dependencies, entities or token vectors (their rows of `doc.tensor` are zeros).
PARSED_RANGES = "multipolar.parsed_ranges"
# `Doc.user_data` key of the document's text, joined once (`doc_text`).
TEXT = "multipolar.text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per doc and kept in `Doc.user_data` (spaCy rebuilds it from the
    tokens at every access: a pass over every token)."""
    text = doc.user_data.get(TEXT)
    if text is None:
        text = doc.user_data[TEXT] = doc.text
    return str(text)


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed document moving through the pipeline."""

    doc: Doc
    result: AnalysisResult

    def with_result(self, **changes: Any) -> Parsed:
        return dataclasses.replace(self, result=self.result.replace(**changes))


class Stage(ABC):
    """One step of the pipeline, named and versioned."""

    name: ClassVar[str]
    version: ClassVar[str]

    @abstractmethod
    def __call__(self, item: Parsed) -> Parsed:
        """Return `item` with this stage's records added."""

    def pipe(self, items: Iterable[Parsed], *, batch_size: int = 64) -> Iterator[Parsed]:
        """Process a stream; stages that gain from batching override this."""
        del batch_size
        for item in items:
            yield self(item)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} v{self.version}>"
