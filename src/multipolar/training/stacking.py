"""Fit the classifier's stacking layer (pipeline/stacking.py) on out-of-fold textcat scores.

1. `labelled_evidence`: the rule coder and actor stage run (classifier off) over every labelled
   sentence; `SentenceEvidence` of all its spaCy sentences.
2. `fit_stacker`: an L2-regularised logistic regression (Newton's method, numpy, deterministic)
   of the hand label `event` on the textcat's logit and the evidence; the decision threshold
   (chosen on the training rows: the one that maximises relevance F1 plus quad accuracy) is
   folded into the bias, so 0.5 stays the cut everywhere; the rule-root weight is the one of a
   small grid that maximises root accuracy over the training rows' events.
3. `cross_validate_stacker`: the same k folds as the textcat's cross-validation; in each, the
   layer is fitted on the other folds' out-of-fold scores and applied to the held-out fold.

The textcat scores must be out-of-fold (from `cross_validate`): scores of a model that saw the
sentence would teach the layer to trust the textcat too much.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy

from multipolar.errors import InputError
from multipolar.evaluate.classifier import score_classes
from multipolar.pipeline.classifier import event_class
from multipolar.pipeline.stacking import (
    ROOT_SOURCES,
    ROOTS,
    SentenceEvidence,
    Stacker,
    TriggerRoots,
    combine_roots,
    evidence_of,
    feature_vector,
    logit,
    sigmoid,
)

ROOT_WEIGHT_GRID = (0.0, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0)
THRESHOLDS = tuple(round(0.2 + 0.025 * i, 3) for i in range(25))  # 0.2 .. 0.8
L2 = 1.0


def read_sector_groups(path: Path | str) -> dict[str, frozenset[str]]:
    """The sector groups of training/event_classifier/stack_features.json, checked."""
    path = Path(path)
    try:
        groups = json.loads(path.read_text(encoding="utf-8"))["sector_groups"]
        out = {str(g): frozenset(str(s) for s in sectors) for g, sectors in groups.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"{path}: not a stacking feature file ({exc})") from None
    for group, sectors in out.items():
        if not sectors or any(len(s) != 3 or not s.isupper() for s in sectors):
            raise InputError(f"{path}: group {group!r} needs three-letter upper-case sectors")
    return out


def read_convention_splits(path: Path | str) -> frozenset[str]:
    """The label splits of training/event_classifier/stack_features.json labelled under the
    blind draws' conventions (the `draw_convention` feature is 1 for them, 0 for the others)."""
    path = Path(path)
    try:
        splits = json.loads(path.read_text(encoding="utf-8")).get("draw_convention_splits", [])
        if not isinstance(splits, list) or not all(isinstance(s, str) for s in splits):
            raise TypeError("draw_convention_splits must be a list of split names")
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise InputError(f"{path}: not a stacking feature file ({exc})") from None
    return frozenset(splits)


def labelled_evidence(texts: Sequence[str], dates: Sequence[str | None]) -> list[SentenceEvidence]:
    """Run the stages before the classifier over each text; the evidence of all its sentences."""
    from multipolar.analyzer import Analyzer
    from multipolar.config import Settings

    analyzer = Analyzer(Settings(classifier=False))
    triggers = TriggerRoots()
    out = []
    for parsed in analyzer.parsed(zip(texts, dates, strict=True)):
        result = parsed.result
        out.append(evidence_of(result, range(max(len(result.sentences), 1)), tokens=parsed.doc,
                               triggers=triggers))
    return out


def _newton(x: numpy.ndarray, y: numpy.ndarray, *, l2: float) -> numpy.ndarray:
    """Weights (bias last) of an L2-regularised logistic regression; the bias is not penalised."""
    design = numpy.hstack([x, numpy.ones((len(x), 1))])
    w = numpy.zeros(design.shape[1])
    penalty = numpy.full(design.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + numpy.exp(-numpy.clip(design @ w, -30, 30)))
        grad = design.T @ (p - y) + penalty * w
        hess = (design * (p * (1 - p))[:, None]).T @ design + numpy.diag(penalty + 1e-9)
        step = numpy.linalg.solve(hess, grad)
        w -= step
        if float(numpy.abs(step).max()) < 1e-8:
            break
    return w


def _objective(gold: Sequence[tuple[bool, str | None, int]],
               cats: Sequence[Mapping[str, float]]) -> float:
    scores = score_classes(gold, [event_class(c) for c in cats])
    return scores.f1 + scores.quad_accuracy


def fit_stacker(cats: Sequence[Mapping[str, float]], evidence: Sequence[SentenceEvidence],
                gold: Sequence[tuple[bool, str | None, int]], *,
                sector_groups: Mapping[str, frozenset[str]], l2: float = L2,
                conventions: Sequence[float] | None = None) -> Stacker:
    """Fit the layer on out-of-fold textcat scores, evidence and hand labels (same order).
    `conventions`: 1 for a row labelled under the blind draws' conventions, 0 for the first
    labels (default: all 1); the layer is used with 1."""
    names = Stacker.names(sector_groups)
    conv = list(conventions) if conventions is not None else [1.0] * len(cats)
    x = numpy.array([feature_vector(sector_groups, c, e, convention=d)
                     for c, e, d in zip(cats, evidence, conv, strict=True)])
    y = numpy.array([float(g[0]) for g in gold])
    w = _newton(x, y, l2=l2)
    weights = {name: float(v) for name, v in zip(names, w[:-1], strict=True)}
    root_weights = fit_root_weights([c for c, g in zip(cats, gold, strict=True) if g[0]],
                                    [e for e, g in zip(evidence, gold, strict=True) if g[0]],
                                    [g[1] for g in gold if g[0]])
    # the threshold, folded into the bias
    base = Stacker(sector_groups=dict(sector_groups), weights={**weights, "bias": float(w[-1])},
                   root_weights=root_weights)
    stacked = [base.apply(c, e, convention=d) for c, e, d in zip(cats, evidence, conv,
                                                                   strict=True)]

    def shifted(t: float) -> list[dict[str, float]]:
        shift = logit(t)
        return [{**s, "EVENT": sigmoid(logit(s["EVENT"]) - shift)} for s in stacked]

    best_t = max(THRESHOLDS, key=lambda t: (_objective(gold, shifted(t)), -abs(t - 0.5)))
    bias = float(w[-1]) - logit(best_t)
    return Stacker(sector_groups=dict(sector_groups), weights={**weights, "bias": bias},
                   root_weights=root_weights, threshold=best_t)


def fit_root_weights(cats: Sequence[Mapping[str, float]], evidence: Sequence[SentenceEvidence],
                     roots: Sequence[str | None]) -> dict[str, float]:
    """The weights of the three root sources (a grid) that give the most right roots over the
    labelled events; ties go to the smallest weights."""
    import itertools

    shares = numpy.array([[combine_roots(c, e, dict.fromkeys(ROOT_SOURCES, 0.0))[r]
                           for r in ROOTS] for c, e in zip(cats, evidence, strict=True)])
    sources = [numpy.array([[float(r in getattr(e, f"{name}_roots")) for r in ROOTS]
                            for e in evidence]) for name in ("rule", "lexicon", "phoenix")]
    gold = numpy.array([ROOTS.index(r) if r in ROOTS else -1 for r in roots])
    best: tuple[int, float, tuple[float, ...]] = (-1, 0.0, (0.0, 0.0, 0.0))
    for combo in itertools.product(ROOT_WEIGHT_GRID, repeat=3):
        scores = shares + sum(w * m for w, m in zip(combo, sources, strict=True))
        # the first root of the highest score, as event_class breaks ties by the larger code
        right = int((scores.shape[1] - 1 - numpy.argmax(scores[:, ::-1], axis=1) == gold).sum())
        if right > best[0] or (right == best[0] and sum(combo) < best[1]):
            best = (right, sum(combo), combo)
    return dict(zip(ROOT_SOURCES, best[2], strict=True))


def cross_validate_stacker(ids: Sequence[str], fold: Mapping[str, int],
                           cats: Mapping[str, Mapping[str, float]],
                           evidence: Mapping[str, SentenceEvidence],
                           gold: Mapping[str, tuple[bool, str | None, int]], *,
                           sector_groups: Mapping[str, frozenset[str]], folds: int,
                           conventions: Mapping[str, float] | None = None,
                           ) -> tuple[dict[str, dict[str, float]], list[dict[str, Any]]]:
    """Stacked out-of-fold label probabilities for every id (the layer used as in the
    pipeline: `draw_convention` 1), and each fold's fitted layer."""
    conv = conventions or {}
    stacked: dict[str, dict[str, float]] = {}
    fitted: list[dict[str, Any]] = []
    for k in range(folds):
        train = [i for i in ids if fold[i] != k]
        held = [i for i in ids if fold[i] == k]
        stacker = fit_stacker([cats[i] for i in train], [evidence[i] for i in train],
                              [gold[i] for i in train], sector_groups=sector_groups,
                              conventions=[conv.get(i, 1.0) for i in train])
        fitted.append(stacker.to_dict())
        stacked.update({i: stacker.apply(cats[i], evidence[i]) for i in held})
    return stacked, fitted
