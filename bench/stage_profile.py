"""The stages after the parse: CPU time per stage, a cProfile of them, and a dump of their output.

    .venv/bin/python bench/stage_profile.py [--limit 60] [--profile N] [--dump FILE]

Parses the first `--limit` Guardian articles once (timed, CPU time), then runs every stage after
the parse over the parsed documents (timed per stage, CPU time) and prints each stage's share of
the whole. `--profile N` prints the N most expensive functions of the stages (cProfile, cumulative
and own time); `--dump FILE` writes every result as JSON (one line per article) so that a speed
change can be checked to leave the output unchanged (`diff` two dumps). The stages run once
untimed before the timed pass (`--no-warm`: not), as in a long run and in bench/throughput.py:
the first pass builds tables lazily (dateparser's locales, the agent sectors: about 1 s that a
long run pays once). `--cache FILE` keeps the parsed documents (spaCy `Doc.to_bytes`, tensors
included) in FILE: the first run parses and writes it, later runs read it back instead of
parsing, so that repeated profiles time only our code. With `--prefilter` the cache also keeps
each document's sentence starts (spaCy rebuilds the sentences of a parsed document from its
dependency heads, which the pieces the pre-filter left unparsed do not have) and writes them back,
so a cached document gives the same output as a fresh parse.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pickle
import pstats
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from spacy.attrs import SENT_START
from spacy.tokens import Doc

from multipolar.analyzer import Analyzer
from multipolar.config import Settings
from multipolar.pipeline.base import PARSED_RANGES, Parsed

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import CORPUS, read_corpus


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--prefilter", action="store_true")
    parser.add_argument("--warm", action=argparse.BooleanOptionalAction, default=True,
                        help="run the stages once untimed first (default: on)")
    parser.add_argument("--profile", type=int, default=0, help="print the N top functions")
    parser.add_argument("--profile-out", type=Path, default=None,
                        help="also save the raw cProfile data here (for pstats)")
    parser.add_argument("--dump", type=Path, default=None, help="write all results (JSON lines)")
    parser.add_argument("--cache", type=Path, default=None,
                        help="parsed documents: read from FILE if it exists, else write it")
    args = parser.parse_args(argv)

    docs = read_corpus(args.corpus, args.limit)
    analyzer = Analyzer(Settings(prefilter=args.prefilter))
    analyzer.analyze("Russia and China signed a trade deal in Moscow on Tuesday.")  # load all
    started = time.process_time()
    cached = args.cache is not None and args.cache.exists()
    if cached:
        assert args.cache is not None
        items = load_parsed(args.cache, analyzer)
    else:
        items = list(analyzer.parse(docs))
        if args.cache is not None:
            save_parsed(args.cache, items)
    parse_s = time.process_time() - started
    if args.warm:
        # one untimed pass: lazily built tables (agent sectors, dateparser locales, regexes)
        # are built here, so the timed pass shows the steady state of a long run
        warm = items
        for stage in analyzer.stages:
            warm = list(stage.pipe(warm))
    profile = cProfile.Profile() if args.profile else None
    rows: list[tuple[str, float]] = []
    for stage in analyzer.stages:
        started = time.process_time()
        if profile is not None:
            profile.enable()
        items = list(stage.pipe(items))
        if profile is not None:
            profile.disable()
        rows.append((stage.name, time.process_time() - started))
    post = sum(s for _, s in rows)
    total = parse_s + post
    print(f"{len(docs)} articles; CPU s (share of parse + stages)")
    label = "parse (cached)" if cached else "parse"
    print(f"  {label:14s} {parse_s:7.2f} {parse_s / total:6.1%}")
    for name, seconds in rows:
        print(f"  {name:14s} {seconds:7.2f} {seconds / total:6.1%}")
    print(f"  {'after parse':14s} {post:7.2f} {post / total:6.1%}")
    if profile is not None and args.profile_out is not None:
        profile.dump_stats(str(args.profile_out))
    if profile is not None:
        for key in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(key).print_stats(args.profile)
            print(out.getvalue())
    if args.dump is not None:
        with args.dump.open("w", encoding="utf-8") as handle:
            for item in items:
                handle.write(json.dumps(item.result.to_dict(), sort_keys=True, default=str))
                handle.write("\n")


def save_parsed(path: Path, items: Sequence[Parsed]) -> None:
    """The parsed documents, their sentence starts and their empty results, for
    `load_parsed`."""
    rows = [(item.doc.to_bytes(), item.doc.to_array([SENT_START]), item.result)
            for item in items]
    path.write_bytes(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))


def load_parsed(path: Path, analyzer: Analyzer) -> list[Parsed]:
    """The documents `save_parsed` wrote, on the analyzer's vocabulary (a bench file: trusted),
    with the sentence starts they had (those of a pre-filtered document's unparsed pieces are
    not in `Doc.to_bytes`)."""
    rows = pickle.loads(path.read_bytes())  # our own cache file: trusted
    vocab = analyzer.nlp.vocab
    items = []
    for row in rows:
        data, starts, result = row if len(row) == 3 else (row[0], None, row[1])  # older files
        doc = Doc(vocab).from_bytes(data)
        if starts is not None and doc.user_data.get(PARSED_RANGES) is not None and len(doc):
            doc.from_array([SENT_START], starts)
        items.append(Parsed(doc, result))
    return items


if __name__ == "__main__":
    main()
