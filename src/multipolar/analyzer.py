"""The pipeline runner: text in, AnalysisResult out, one document or a stream."""

from __future__ import annotations

import datetime as dt
import logging
from collections import deque
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language

from multipolar import heap
from multipolar.config import Settings
from multipolar.errors import DocumentTooLarge, InputError
from multipolar.model import AnalysisResult, Document
from multipolar.pipeline.actors import ActorStage
from multipolar.pipeline.amounts import AmountStage
from multipolar.pipeline.base import Parsed, Stage
from multipolar.pipeline.classifier import ClassifierStage
from multipolar.pipeline.dates import DateStage
from multipolar.pipeline.events import EventStage
from multipolar.pipeline.geo import GeoStage
from multipolar.pipeline.nlp import load_model, parse
from multipolar.pipeline.prefilter import Prefilter
from multipolar.pipeline.quotes import QuotationStage
from multipolar.pipeline.themes import ThemeStage
from multipolar.pipeline.tone import ToneStage

log = logging.getLogger(__name__)

DateLike = str | dt.date | dt.datetime | None
TextItem = str | tuple[str, DateLike] | Document


def default_stages(settings: Settings) -> list[Stage]:
    """The stages in order: each may use the records of the ones before it."""

    stages: list[Stage] = [
        DateStage(),
        GeoStage(settings),
        ActorStage(settings),
        EventStage(settings),
        *([ClassifierStage(settings)] if settings.classifier else []),
        AmountStage(settings),
        QuotationStage(settings),
        ThemeStage(settings),
        ToneStage(),
    ]
    return stages


def to_date(value: DateLike) -> dt.date | None:
    """Normalise a publication date given as ISO string, date or datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(f"published date {value!r} is not YYYY-MM-DD") from None


class Analyzer:
    """Loads the model and lexicons once, then analyzes any number of texts.

    After its first document (when the model, lexicons and lazily built tables are loaded) it
    settles the process's garbage collector once (`multipolar.heap.settle`: what is loaded is
    frozen out of the collections); `settle_heap=False` leaves the collector alone."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        nlp: Language | None = None,
        stages: Sequence[Stage] | None = None,
        settle_heap: bool = True,
    ) -> None:
        self.settings = settings or Settings.from_env()
        self._nlp = nlp
        self._stages = list(stages) if stages is not None else None
        self._prefilter: Prefilter | None = None
        self._settle_heap = settle_heap

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_model(self.settings)
        if self._nlp.max_length < self.settings.max_chars:
            # spaCy refuses texts above its own max_length (1,000,000 by default) with a
            # ValueError; max_chars is the one limit, checked first with DocumentTooLarge.
            self._nlp.max_length = self.settings.max_chars
        return self._nlp

    @property
    def stages(self) -> list[Stage]:
        if self._stages is None:
            self._stages = default_stages(self.settings)
        return self._stages

    def document(self, item: TextItem) -> Document:
        if isinstance(item, Document):
            doc = item
        elif isinstance(item, tuple):
            text, published = item
            doc = Document(text=_check_text(text), published=to_date(published))
        else:
            doc = Document(text=_check_text(item))
        if len(doc.text) > self.settings.max_chars:
            raise DocumentTooLarge(len(doc.text), self.settings.max_chars)
        return doc

    def analyze(self, text: str | Document, *, published: DateLike = None) -> AnalysisResult:
        item: TextItem = text if isinstance(text, Document) else (text, published)
        return next(self.pipe([item], batch_size=1))

    def pipe(self, items: Iterable[TextItem], *, batch_size: int | None = None
             ) -> Iterator[AnalysisResult]:
        """Analyze a stream of texts, `(text, published)` pairs or Documents, in order."""
        for parsed in self.parsed(items, batch_size=batch_size):
            yield parsed.result

    def parsed(self, items: Iterable[TextItem], *, batch_size: int | None = None,
               stop_before: str | None = None) -> Iterator[Parsed]:
        """Parse a stream and run the stages, keeping the spaCy docs (for scorers, tests and
        benchmarks); with `stop_before`, only the stages before the one of that name run."""
        size = batch_size or self.settings.batch_size
        stream = self.parse(items, batch_size=size)
        for stage in self.stages:
            if stage.name == stop_before:
                break
            stream = stage.pipe(stream, batch_size=size)
        for item in stream:
            if self._settle_heap:
                self._settle_heap = False
                heap.settle()
            yield item

    @property
    def prefilter(self) -> Prefilter | None:
        """The sentence pre-filter when `settings.prefilter` is on (built on first use)."""
        if not self.settings.prefilter:
            return None
        if self._prefilter is None:
            self._prefilter = Prefilter(self.nlp, self.settings)
        return self._prefilter

    def parse(self, items: Iterable[TextItem], *, batch_size: int | None = None
              ) -> Iterator[Parsed]:
        """The spaCy parse alone (through the pre-filter when it is on), no stages."""
        batch_size = batch_size or self.settings.batch_size
        pending: deque[Document] = deque()

        def texts() -> Iterator[str]:
            for item in items:
                document = self.document(item)
                pending.append(document)
                yield document.text

        prefilter = self.prefilter
        docs = (parse(self.nlp, texts(), batch_size=batch_size) if prefilter is None
                else prefilter.parse(texts(), batch_size=batch_size))
        for doc in docs:
            document = pending.popleft()
            sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
            yield Parsed(doc, AnalysisResult(document=document, sentences=sentences))


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise InputError(f"text must be a str, got {type(text).__name__}")
    return text
