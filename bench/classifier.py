"""What the sentence event classifier costs and adds, measured in one run.

    .venv/bin/python bench/classifier.py [--limit 30] [--repeat 2] [--gold FILE] [--json F]

1. Inference overhead: `Analyzer.pipe` over the first `--limit` Guardian articles of
   ../shared/corpora with the classifier on and off (same spaCy model object, runs interleaved,
   best of `--repeat`), and the ratio (target <= 1.15); and the classifier stage timed alone on
   the same documents, parsed and coded, as a share of the run without it.
2. Start-up: loading the packaged model (seconds; target <= 1 s) and its size on disk.
3. Rules alone vs rules + classifier events (`classifier_events`) on an event gold file (the
   DEV half by default: tests/gold/events_random_dev.jsonl; the test half is scored once by the
   lead): exact-triple P/R/F1 of `evaluate.events`, sentence-level event detection P/R/F1 (a
   sentence has at least one event), and root-level P/R/F1 (the set of roots in each sentence);
   then the events the classifier added, for a hand check.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from multipolar.analyzer import Analyzer
from multipolar.config import Settings
from multipolar.evaluate.events import read_gold, score_sentences
from multipolar.model import Document, Event, Modality
from multipolar.pipeline.classifier import ClassifierStage, _read, default_model_path
from multipolar.pipeline.nlp import load_model

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "guardian_sdf_articles.jsonl"
GOLD = ROOT / "tests" / "gold" / "events_random_dev.jsonl"
SCORED = {Modality.ASSERTED, Modality.REPORTED, Modality.FUTURE}


def read_docs(path: Path, limit: int) -> list[Document]:
    if not path.exists():
        sys.exit(f"corpus {path} not found (../shared beside the repository?)")
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines()[:limit]:
        row = json.loads(line)
        docs.append(Document(text=row["text"]))
    return docs


def overhead(docs: Sequence[Document], repeat: int) -> dict[str, float]:
    nlp = load_model(Settings())
    runs = {"off": Analyzer(Settings(classifier=False), nlp=nlp),
            "on": Analyzer(Settings(classifier=True), nlp=nlp)}
    for analyzer in runs.values():  # warm up: lexicons, the model, the tok2vec check
        list(analyzer.pipe(docs[:2]))
    best = {name: float("inf") for name in runs}
    for _ in range(repeat):
        for name, analyzer in runs.items():
            started = time.perf_counter()
            for _result in analyzer.pipe(docs):
                pass
            best[name] = min(best[name], time.perf_counter() - started)
    # The stage alone, on documents already parsed and coded (steadier than the difference of
    # two end-to-end times on a loaded machine).
    parsed = list(runs["off"].parsed(docs, stop_before="amounts"))
    stage = ClassifierStage(Settings())
    stage_s = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for _item in stage.pipe(parsed, batch_size=32):
            pass
        stage_s = min(stage_s, time.perf_counter() - started)
    words = sum(len(d.text.split()) for d in docs)
    return {"documents": len(docs), "words": words, "off_s": round(best["off"], 2),
            "on_s": round(best["on"], 2), "ratio": round(best["on"] / best["off"], 3),
            "stage_s": round(stage_s, 3), "stage_share": round(stage_s / best["off"], 3)}


def startup() -> dict[str, float]:
    path = default_model_path()
    started = time.perf_counter()
    _read(str(path))
    elapsed = time.perf_counter() - started
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return {"load_s": round(elapsed, 3), "size_mb": round(size / 1e6, 2)}


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def _scored(events: Sequence[Event]) -> list[Event]:
    return [e for e in events if e.modality in SCORED]


def sentence_levels(gold: Any, predictions: Sequence[Sequence[Event]]) -> dict[str, Any]:
    det = [0, 0, 0]
    roots = [0, 0, 0]
    for sentence, events in zip(gold, predictions, strict=True):
        expected = {g.code[:2] for g in sentence.expected}
        found = {e.root for e in _scored(events)}
        det[0] += bool(expected) and bool(found)
        det[1] += bool(found) and not expected
        det[2] += bool(expected) and not found
        roots[0] += len(expected & found)
        roots[1] += len(found - expected)
        roots[2] += len(expected - found)
    return {"detection": _prf(*det), "roots": _prf(*roots)}


def rules_vs_classifier(path: Path) -> dict[str, Any]:
    gold = read_gold(path)
    nlp = load_model(Settings())
    out: dict[str, Any] = {"gold": str(path.relative_to(ROOT) if path.is_relative_to(ROOT)
                                      else path)}
    added: list[dict[str, Any]] = []
    for name, settings in (("rules", Settings(classifier=True, classifier_events=False)),
                           ("rules+classifier", Settings(classifier=True,
                                                         classifier_events=True))):
        analyzer = Analyzer(settings, nlp=nlp)
        predictions = [r.events for r in analyzer.pipe((g.text, g.date) for g in gold)]
        report = score_sentences(gold, predictions, path=str(path))
        out[name] = {"predicted": report.predicted, "matched": report.matched,
                     "triples": _prf(report.matched, report.predicted - report.matched,
                                     report.expected - report.matched),
                     **sentence_levels(gold, predictions)}
        if name == "rules+classifier":
            for sentence, events in zip(gold, predictions, strict=True):
                for e in events:
                    if e.rule == "classifier":
                        added.append({"id": sentence.id, "text": sentence.text,
                                      "event": f"{'/'.join(e.source)} {e.code} "
                                               f"{'/'.join(e.target)}",
                                      "confidence": e.confidence,
                                      "gold": [str(g) for g in sentence.expected]})
        else:
            flagged = [(sentence.id, e.root, e.second_opinion)
                       for sentence, events in zip(gold, predictions, strict=True)
                       for e in events if e.second_opinion is not None]
            out["flagged_rule_events"] = len(flagged)
    out["added"] = added
    return out


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--skip-overhead", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {"startup": startup()}
    print(f"start-up: model loaded in {figures['startup']['load_s']:.3f} s; "
          f"{figures['startup']['size_mb']:.1f} MB on disk")
    if not args.skip_overhead:
        figures["overhead"] = o = overhead(read_docs(args.corpus, args.limit), args.repeat)
        print(f"overhead: {o['documents']} articles, {o['words']} words: off {o['off_s']} s, "
              f"on {o['on_s']} s, ratio {o['ratio']:.3f}; the stage alone {o['stage_s']} s, "
              f"{o['stage_share']:.1%} of the run without it")
    figures["events"] = ev = rules_vs_classifier(args.gold)
    for name in ("rules", "rules+classifier"):
        f = ev[name]
        print(f"{name:>17}: {f['predicted']} events, {f['matched']} exact; triples "
              f"{f['triples']}; sentences {f['detection']}; roots {f['roots']}")
    print(f"rule events flagged by the classifier: {ev['flagged_rule_events']}")
    print(f"events added by the classifier: {len(ev['added'])}")
    for a in ev["added"]:
        print(f"  {a['id']} {a['event']} p={a['confidence']} gold={a['gold']}: "
              f"{a['text'][:140]}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return figures


if __name__ == "__main__":
    main()
