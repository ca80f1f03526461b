"""Write the README's accuracy and throughput tables from the committed result files.

    python scripts/readme_tables.py measure   # re-score the gold files -> docs/results/current/
    python scripts/readme_tables.py           # rewrite the README blocks from docs/results/
    python scripts/readme_tables.py --check   # exit 1 if the README differs from the files

A README block sits between `<!-- results:NAME -->` and `<!-- /results:NAME -->`; each NAME has a
renderer below that reads only JSON files under `docs/results/`. Frozen test halves are scored
once and kept as `*.first-score.json` (never rewritten by `measure`); `measure` re-scores the dev
halves and the older gold files, whose figures move with the code. `tests/test_readme_results.py`
fails when the README and the files disagree, so the tables cannot drift from the measurements.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
RESULTS = ROOT / "docs" / "results"
CURRENT = RESULTS / "current"

# (result name, kind, gold files): what `measure` scores with `multipolar eval … --json`.
MEASURED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("events_random_dev", "events", ("tests/gold/events_random_dev.jsonl",)),
    ("events_random_test", "events", ("tests/gold/events_random_test.jsonl",)),
    ("events_random2_test", "events", ("tests/gold/events_random2_test.jsonl",)),
    ("events_random3_test", "events", ("tests/gold/events_random3_test.jsonl",)),
    ("events_random4_test", "events", ("tests/gold/events_random4_test.jsonl",)),
    ("events_random5_test", "events", ("tests/gold/events_random5_test.jsonl",)),
    ("events_random6_test", "events", ("tests/gold/events_random6_test.jsonl",)),
    ("events_random7_test", "events", ("tests/gold/events_random7_test.jsonl",)),
    ("events", "events", ("tests/gold/events.jsonl",)),
    ("actors_random_dev", "actors", ("tests/gold/actors_random_dev.jsonl",)),
    ("actors_random_test", "actors", ("tests/gold/actors_random_test.jsonl",)),
    ("actors_random2_test", "actors", ("tests/gold/actors_random2_test.jsonl",)),
    ("actors_random3_test", "actors", ("tests/gold/actors_random3_test.jsonl",)),
    ("actors_random4_test", "actors", ("tests/gold/actors_random4_test.jsonl",)),
    ("actors_random5_test", "actors", ("tests/gold/actors_random5_test.jsonl",)),
    ("actors_random6_test", "actors", ("tests/gold/actors_random6_test.jsonl",)),
    ("actors_random7_test", "actors", ("tests/gold/actors_random7_test.jsonl",)),
    ("actors", "actors", ("tests/gold/actors.jsonl",)),
    ("facts", "facts", ("tests/gold/facts_amounts.jsonl", "tests/gold/facts_quotations.jsonl")),
)
BULKY = frozenset({"failures", "mismatches", "lines", "confusion", "by_resolution"})

# Frozen test halves: (result file, label), in the order the draws were made.
EVENT_TESTS = (
    ("events_random_test.first-score.json",
     "events, blind draw 1 (seed 1401), **test half**, scored once"),
    ("events_random2_test.first-score.json",
     "events, blind draw 2 (seed 2601), **test set**, scored once"),
    ("events_random3_test.first-score.json",
     "events, blind draw 3 (seed 2701), **test set**, scored once"),
    ("events_random4_test.first-score.json",
     "events, blind draw 4 (seed 4817), **test set**, scored once"),
    ("events_random5_test.first-score.json",
     "events, blind draw 5 (seed 5209), **test set**, scored once"),
    ("events_random6_test.first-score.json",
     "events, blind draw 6 (seed 6337), **test set**, scored once"),
    ("events_random7_test.first-score.json",
     "events, blind draw 7 (seed 7411), **test set**, scored once"),
    ("events_random8_test.first-score.json",
     "events, blind draw 8 (seed 8513), **test set**, scored once"),
)
ACTOR_TESTS = (
    ("actors_random_test.first-score.json",
     "actors, blind draw 1 (seeds 1301/1302), **test half**, scored once"),
    ("actors_random2_test.first-score.json",
     "actors, blind draw 2 (seed 2601), **test set**, scored once"),
    ("actors_random3_test.first-score.json",
     "actors, blind draw 3 (seed 2701), **test set**, scored once"),
    ("actors_random4_test.first-score.json",
     "actors, blind draw 4 (seed 4817), **test set**, scored once"),
    ("actors_random5_test.first-score.json",
     "actors, blind draw 5 (seed 5209), **test set**, scored once"),
    ("actors_random6_test.first-score.json",
     "actors, blind draw 6 (seed 6337), **test set**, scored once"),
    ("actors_random7_test.first-score.json",
     "actors, blind draw 7 (seed 7411), **test set**, scored once"),
    ("actors_random8_test.first-score.json",
     "actors, blind draw 8 (seed 8513), **test set**, scored once"),
)
CLASSIFIER_TESTS = (
    ("classifier_test.first-score.json",
     "sentence classifier, labels split cls-2561..3200, **test**, scored once (previous model)"),
    ("classifier_random2_test.first-score.json",
     "sentence classifier, blind draw 2 (seed 2601), **test set**, scored once"),
    ("classifier_random3_test.first-score.json",
     "sentence classifier, blind draw 3 (seed 2701), **test set**, scored once"),
    ("classifier_random4_test.first-score.json",
     "sentence classifier, blind draw 4 (seed 4817), **test set**, scored once"),
    ("classifier_random5_test.first-score.json",
     "sentence classifier, blind draw 5 (seed 5209), **test set**, scored once"),
    ("classifier_random6_test.first-score.json",
     "sentence classifier, blind draw 6 (seed 6337), **test set**, scored once"),
    ("classifier_random7_test.first-score.json",
     "sentence classifier, blind draw 7 (seed 7411), **test set**, scored once"),
    ("classifier_random8_test.first-score.json",
     "sentence classifier, blind draw 8 (seed 8513), **test set**, scored once"),
)
# Test sets scored once and then retired: into the tuning pool, or kept as the check set that
# the next round's work ran at most three times and never tuned on: (current/ file, label).
RETIRED = "retired test set, tuned on since its first score"
CHECK = "check set since its first score (run at most three times per round, not tuned on)"
EVENT_RETIRED = (
    ("events_random_test.json", f"events, blind draw 1, test half now: {RETIRED}"),
    ("events_random2_test.json", f"events, blind draw 2 now: {RETIRED}"),
    ("events_random3_test.json", f"events, blind draw 3 now: {RETIRED}"),
    ("events_random4_test.json", f"events, blind draw 4 now: {RETIRED}"),
    ("events_random5_test.json", f"events, blind draw 5 now: {RETIRED}"),
    ("events_random6_test.json", f"events, blind draw 6 now: {RETIRED}"),
    ("events_random7_test.json", f"events, blind draw 7 now: {CHECK}"),
)
ACTOR_RETIRED = (
    ("actors_random_test.json", f"actors, blind draw 1, test half now: {RETIRED}"),
    ("actors_random2_test.json", f"actors, blind draw 2 now: {RETIRED}"),
    ("actors_random3_test.json", f"actors, blind draw 3 now: {RETIRED}"),
    ("actors_random4_test.json", f"actors, blind draw 4 now: {RETIRED}"),
    ("actors_random5_test.json", f"actors, blind draw 5 now: {RETIRED}"),
    ("actors_random6_test.json", f"actors, blind draw 6 now: {RETIRED}"),
    ("actors_random7_test.json", f"actors, blind draw 7 now: {CHECK}"),
)


def _load(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise SystemExit(f"{path}: expected a JSON object")
    return data


def _events_cells(d: dict[str, Any]) -> tuple[str, str]:
    s = d["sentence_event"]
    size = f"{d['sentences']} sentences, {d['expected']} events"
    result = (f"P {d['precision']:.3f}, R {d['recall']:.3f}, F1 {d['f1']:.3f}; "
              f"sentence has an event F1 {s['f1']:.3f}; root accuracy {d['root_accuracy']:.3f} "
              f"on {d['root_support']} events with the right actors")
    return size, result


def _actors_cells(d: dict[str, Any]) -> tuple[str, str]:
    acc, agents = d["accuracy"], d["agents"]
    size = f"{d['mentions']} mentions"
    result = (f"exact code {acc['exact']:.1%}, country {acc['country']:.1%}, "
              f"sector {acc['sector']:.1%}")
    if agents["mentions"]:
        size += f", {agents['mentions']} agents"
        result += (f"; agents coded {agents['coded_rate']:.1%}, "
                   f"agents exact {agents['exact_rate']:.1%}")
    return size, result


def _classifier_cells(d: dict[str, Any]) -> tuple[str, str]:
    rel = d["relevance"]
    size = f"{d['sentences']} sentences, {d['events']} with an event"
    result = (f"relevance P {rel['precision']:.3f}, R {rel['recall']:.3f}, F1 {rel['f1']:.3f}; "
              f"quad accuracy {d['quad_accuracy']:.3f}; root accuracy {d['root_accuracy']:.3f}")
    return size, result


def _group_f1(d: dict[str, Any], group: str) -> str | None:
    g = d.get("groups", {}).get(group)
    return None if g is None else f"{g['f1']:.3f} ({g['expected']} events)"


def accuracy_table(results: Path = RESULTS) -> str:
    """The accuracy table: frozen test scores first, then the figures that move with the code."""
    rows: list[tuple[str, str, str]] = []
    current = results / "current"

    def add(path: Path, label: str, cells: Callable[[dict[str, Any]], tuple[str, str]]) -> None:
        data = _load(path)
        if data is not None:
            rows.append((label, *cells(data)))

    for name, label in EVENT_TESTS:
        add(results / name, label, _events_cells)
    add(current / "events_random_dev.json",
        "events, blind draw 1, dev half (tuned on)", _events_cells)
    for name, label in EVENT_RETIRED:
        add(current / name, label, _events_cells)
    events = _load(current / "events.json")
    if events is not None:
        size, result = _events_cells(events)
        ref = _group_f1(events, "ref")
        if ref is not None:
            result += f"; reference article F1 {ref}"
        rows.append(("events, older file (`events.jsonl`, built with the code)", size, result))
    for name, label in ACTOR_TESTS:
        add(results / name, label, _actors_cells)
    add(current / "actors_random_dev.json",
        "actors, blind draw 1, dev half (tuned on)", _actors_cells)
    for name, label in ACTOR_RETIRED:
        add(current / name, label, _actors_cells)
    add(current / "actors.json", "actors, older file (`actors.jsonl`)", _actors_cells)
    for name, label in CLASSIFIER_TESTS:
        add(results / name, label, _classifier_cells)
    add(current / "classifier_cv.json",
        "sentence classifier, 5-fold cross-validation over the 6,200-sentence training pool (the "
        "shipped model; the first six test sets above are spent and now trained on, draw 7 is "
        "not)", _classifier_cells)
    facts = _load(current / "facts.json")
    if facts is not None:
        for name, label in (("amounts", "amounts"), ("quotations", "quotations")):
            fact = facts["facts"].get(name)
            if fact is None:
                continue
            strict = fact["strict"]
            fields = "; ".join(f"{key.replace('_', ' ')} agrees {v['agree']}/{v['total']}"
                               for key, v in fact["fields"].items())
            rows.append((label, f"{strict['tp'] + strict['fn']} {label}",
                         f"P {strict['precision']:.3f}, R {strict['recall']:.3f}"
                         + (f"; {fields}" if fields else "")))
    lines = ["| gold file | size | result |", "|---|---|---|"]
    lines += [f"| {label} | {size} | {result} |" for label, size, result in rows]
    return "\n".join(lines)


# The throughput figures of `bench/throughput.py --out docs/results/throughput-N.json`: (label,
# how to read it from one run's file, target). A figure a run left out shows as "–".
def _get(d: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if not isinstance(d, dict) or key not in d:
            return None
        d = d[key]
    return d


def _x(value: Any) -> str:
    return "–" if value is None else f"{value:.2f}x"


def _pct(value: Any) -> str:
    return "–" if value is None else f"{value:.1%}"


def _loss(d: dict[str, Any], name: str) -> str:
    row = _get(d, "prefilter_loss", name)
    if row is None:
        return "–"
    return f"{row['lost']}/{row['events']} ({row['lost_share']:.1%}; {row['texts']} texts)"


# the test halves retired into the tuning pool, measured by bench/prefilter_loss.py from run 8
RETIRED_EVENT_HALVES = ("events_random_test", "events_random2_test", "events_random3_test",
                        "events_random4_test", "events_random5_test")


def _loss_sum(d: dict[str, Any], names: tuple[str, ...]) -> str:
    rows = [row for row in (_get(d, "prefilter_loss", n) for n in names) if row is not None]
    if not rows:
        return "–"
    lost, events = sum(r["lost"] for r in rows), sum(r["events"] for r in rows)
    texts = sum(r["texts"] for r in rows)
    return f"{lost}/{events} ({lost / events if events else 0.0:.1%}; {texts} texts)"


THROUGHPUT: tuple[tuple[str, Callable[[dict[str, Any]], str], str], ...] = (
    ("run: date, commit, cores, load average before → after",
     lambda d: (f"{str(_get(d, 'conditions', 'date'))[:16]}, {_get(d, 'conditions', 'commit')}, "
                f"{_get(d, 'conditions', 'cores')}, "
                f"{(_get(d, 'conditions', 'load_average_before') or [0])[0]:.1f} → "
                f"{(_get(d, 'conditions', 'load_average_after') or [0])[0]:.1f}"), ""),
    ("raw spaCy `nlp.pipe` (words per CPU second)",
     lambda d: f"{d['raw_spacy_words_per_cpu_s']:,.0f} ({d['articles']} articles)", ""),
    ("   our parse alone (`TagMapRuler` for the attribute ruler) vs raw spaCy",
     lambda d: _x(d.get("tuned_spacy_vs_raw")), ""),
    ("1. analyze, full parse, vs raw spaCy (CPU time)",
     lambda d: _x(d.get("ratio1_analyze_vs_raw")), ">= 0.9x"),
    ("   share of CPU time after the parse", lambda d: _pct(d.get("post_parse_share")),
     "< 10%"),
    ("2. analyze with the pre-filter vs raw spaCy (CPU time)",
     lambda d: _x(d.get("ratio2_prefilter_vs_raw")), ">= 1.3x"),
    ("   tokens the pre-filter parsed", lambda d: _pct(d.get("prefilter_kept_token_share")),
     ""),
    ("3. ingest `--workers 2` vs 1 process (wall time)",
     lambda d: (f"{_x(d.get('ratio3_workers2_vs_1'))} ({d['ingest_articles']} articles)"
                if "ingest_articles" in d else "–"), ">= 1.5x"),
    ("4. `--engine ray`, 2 actors, vs `--workers 2` (wall time, Ray started in the run)",
     lambda d: _x(d.get("ratio4_ray2_vs_workers2")), ">= 0.9x"),
    ("5. peak RSS of one worker (model, lexicons, classifier)",
     lambda d: ("–" if d.get("peak_rss_worker_mb") is None
                else f"{d['peak_rss_worker_mb']:,.0f} MB"), "<= 1,536 MB"),
    ("7. events lost by the pre-filter: Guardian articles",
     lambda d: _loss(d, "guardian"), "<= 1%"),
    ("   events lost: `events_random_dev.jsonl`", lambda d: _loss(d, "events_random_dev"),
     "<= 1%"),
    ("   events lost: `events.jsonl`", lambda d: _loss(d, "events"), "<= 1%"),
    ("   events lost: retired test halves (draws 1-5)",
     lambda d: _loss_sum(d, RETIRED_EVENT_HALVES), "<= 1%"),
    ("articles per hour per core (full parse / pre-filter)",
     lambda d: (f"{d['articles_per_hour_per_core_analyze']:,.0f} / "
                f"{d['articles_per_hour_per_core_prefilter']:,.0f}"), ""),
)


def throughput_table(results: Path = RESULTS) -> str:
    """One column per committed `throughput-*.json` run, in the order of their numbers."""
    runs = sorted(results.glob("throughput-*.json"),
                  key=lambda p: (len(p.stem), p.stem))
    data = [d for d in (_load(p) for p in runs) if d is not None]
    if not data:
        return ("No committed run yet: `.venv/bin/python bench/throughput.py --out "
                "docs/results/throughput-1.json`.")
    names = [p.stem.removeprefix("throughput-") for p in runs]
    lines = ["| figure | " + " | ".join(f"run {n}" for n in names) + " | target |",
             "|---|" + "---|" * len(data) + "---|"]
    for label, read, target in THROUGHPUT:
        cells = []
        for d in data:
            try:
                cells.append(read(d))
            except (KeyError, TypeError):
                cells.append("–")
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")
    return "\n".join(lines)


RENDERERS: dict[str, Callable[[Path], str]] = {"accuracy": accuracy_table,
                                               "throughput": throughput_table}


def render(readme: str, results: Path = RESULTS) -> str:
    """The README text with every results block rewritten from the files under `results`."""
    for name, renderer in RENDERERS.items():
        pattern = re.compile(rf"(<!-- results:{name} -->\n).*?(<!-- /results:{name} -->)",
                             flags=re.DOTALL)
        if not pattern.search(readme):
            raise SystemExit(f"README.md has no <!-- results:{name} --> block")
        table = renderer(results)
        readme = pattern.sub(lambda m, t=table: f"{m.group(1)}{t}\n{m.group(2)}", readme)
    return readme


def _compact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items() if k not in BULKY}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


def measure() -> None:
    """Score the gold files that move with the code and write docs/results/current/*.json."""
    from multipolar.cli.analyze import make_analyzer  # the model loads only for `measure`
    from multipolar.evaluate.actors import evaluate_actors
    from multipolar.evaluate.events import evaluate_events
    from multipolar.evaluate.facts import evaluate_facts

    analyzer = make_analyzer(None)
    CURRENT.mkdir(parents=True, exist_ok=True)
    for name, kind, files in MEASURED:
        paths = [ROOT / f for f in files]
        report: Any
        if kind == "events":
            report = evaluate_events(paths[0], analyzer=analyzer)
        elif kind == "actors":
            report = evaluate_actors(paths[0], analyzer=analyzer)
        else:
            report = evaluate_facts(paths, analyzer=analyzer)
        data = _compact(report.to_dict())
        for key in ("path", "files"):  # repository-relative, not this machine's paths
            if isinstance(data.get(key), str):
                data[key] = str(Path(data[key]).resolve().relative_to(ROOT))
            elif isinstance(data.get(key), list):
                data[key] = [str(Path(p).resolve().relative_to(ROOT)) for p in data[key]]
        (CURRENT / f"{name}.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"{name}: written", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", choices=("render", "measure"), default="render")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 when the README differs from the files")
    args = parser.parse_args(argv)
    if args.command == "measure":
        measure()
    old = README.read_text(encoding="utf-8")
    new = render(old)
    if args.check:
        if new != old:
            print("README.md tables differ from docs/results: run scripts/readme_tables.py",
                  file=sys.stderr)
            return 1
        return 0
    if new != old:
        README.write_text(new, encoding="utf-8")
        print("README.md tables rewritten", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
