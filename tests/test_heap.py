"""The collector is settled once per process: loaded objects frozen, the young generation's
threshold raised; an analyzer settles it after its first document unless told not to."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from multipolar import heap
from multipolar.analyzer import Analyzer


@pytest.fixture()
def fresh_collector() -> Iterator[None]:
    """The collector as Python starts it, and as it was after the test."""
    threshold = gc.get_threshold()
    was = heap._settled
    heap._settled = False
    gc.unfreeze()
    gc.set_threshold(700, *threshold[1:])
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
        heap._settled = was


@pytest.mark.usefixtures("fresh_collector")
def test_settle_freezes_and_raises_the_threshold_once() -> None:
    kept = [object() for _ in range(10)]
    kept.append([])  # a tracked container alive at the settle
    assert gc.get_freeze_count() == 0 and not heap.settled()
    assert heap.settle(gen0=5_000) is True
    assert gc.get_freeze_count() > 0 and heap.settled()
    assert gc.get_threshold()[0] == 5_000
    assert heap.settle(gen0=9_000) is False  # once per process
    assert gc.get_threshold()[0] == 5_000
    del kept


@pytest.mark.usefixtures("fresh_collector")
def test_settle_never_lowers_a_higher_threshold() -> None:
    gc.set_threshold(100_000)
    heap.settle(gen0=5_000)
    assert gc.get_threshold()[0] == 100_000


@pytest.mark.usefixtures("fresh_collector")
def test_bad_threshold_is_refused() -> None:
    with pytest.raises(ValueError, match="gen0"):
        heap.settle(gen0=0)
    assert not heap.settled()


@pytest.mark.usefixtures("fresh_collector")
def test_an_analyzer_settles_after_its_first_document(analyzer: Analyzer) -> None:
    quiet = Analyzer(analyzer.settings, nlp=analyzer.nlp, stages=analyzer.stages,
                     settle_heap=False)
    quiet.analyze("Russia and China signed a trade deal.")
    assert not heap.settled() and gc.get_freeze_count() == 0
    loud = Analyzer(analyzer.settings, nlp=analyzer.nlp, stages=analyzer.stages)
    results = list(loud.pipe(["Russia and China signed a trade deal.", "Troops withdrew."]))
    assert len(results) == 2
    assert heap.settled() and gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] == heap.GEN0_THRESHOLD
