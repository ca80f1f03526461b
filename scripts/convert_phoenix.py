"""Convert the Phoenix (PETRARCH) actor and agent dictionaries into the package's own lexicon files.

    python scripts/convert_phoenix.py [--phoenix DIR] [--out DIR]

Reads, from DIR (default ../shared/dictionaries/phoenix beside the repository):

- Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
  Phoenix.MilNonState.actors.txt -> phoenix_actors.tsv: one row per code of a record (its
  default code, and each dated code), columns id, name, aliases, code, start, end, source.
  Records whose codes are all bare countries are left out: country names, demonyms and capitals
  come from the curated countries.tsv (the Phoenix country records add misspellings and archaic
  names that make common words ambiguous).
- Phoenix.agents.txt -> phoenix_agents.tsv: columns form, sector, source. Agents whose sector is
  no political actor (PPL, people in general) and a few everyday nouns that would make an actor of
  every "man" or "child" are left out; a code with several sectors keeps its first ("OPPEDU" ->
  OPP), as the curated files code one sector.

Aliases are written as the token patterns the matcher uses (tokens separated by spaces, the first
word capitalised, abbreviations of up to three letters kept upper case), so loading them needs no
tokenizer. `source` is the file and line the row comes from. The MIT licence of the dictionaries
is copied to NOTICE-phoenix.txt beside the files. The output is deterministic: running the script
again on the same input gives the same files.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterable
from pathlib import Path

from multipolar.lexicon.actors import state_codes
from multipolar.lexicon.petrarch_actors import (
    _actor_tokens,
    read_actor_file,
    read_agent_file,
)

ROOT = Path(__file__).resolve().parents[1]
PHOENIX = ROOT.parent / "shared" / "dictionaries" / "phoenix"
OUT = ROOT / "src" / "multipolar" / "lexicon" / "data"
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt")
AGENT_FILE = "Phoenix.agents.txt"
# Agents that name people in general, not a group with a political role.
SKIPPED_SECTORS = frozenset({"PPL"})
SKIPPED_AGENTS = frozenset({"man", "men", "woman", "women", "person", "persons", "people",
                            "child", "children", "boy", "boys", "girl", "girls", "youth",
                            "youths", "individual", "individuals", "resident", "adult",
                            "adults", "baby", "babies", "kid", "kids", "guy", "guys",
                            "member", "members", "group", "groups", "official", "officials",
                            "leader", "leaders", "source", "sources", "authority"})


# A phrase that starts or ends with one of these ("embassy in") is a fragment of a longer
# pattern in PETRARCH; as a phrase of its own it would hide the noun before it.
FUNCTION_WORDS = frozenset({"in", "of", "to", "for", "at", "on", "from", "and", "the", "with",
                            "a", "an", "by", "'s"})


def _id(path: Path, line: int) -> str:
    short = path.name.removeprefix("Phoenix.").removesuffix(".actors.txt").lower()
    return f"{short}-{line}"


def _valid(code: str) -> bool:
    """A CAMEO code the package reads: upper-case letters in groups of three."""
    return bool(code) and code.isalpha() and code.isupper() and len(code) % 3 == 0


def _one_sector(code: str) -> str:
    """A state's code keeps its first sector ("USAGOVMIL" -> "USAGOV"), as the curated files
    code one sector; a company ("MNCUSA", "MNCUSAHLH": Phoenix's multinational corporation
    with its home country) is its country's business sector ("USABUS"), as CODING.md codes
    companies; other organisation codes ("IGOUNOKID") are kept whole."""
    if code.startswith("MNC") and code[3:6] in state_codes():
        return code[3:6] + "BUS"
    return code[:6] if code[:3] in state_codes() else code


def actor_rows(path: Path) -> Iterable[list[str]]:
    """Rows of phoenix_actors.tsv for one Phoenix actor file."""
    for record in read_actor_file(path):
        codes = [t.code for t in record.tenures] + (
            [record.default] if record.default is not None else [])
        codes = [c for c in codes if _valid(c)]
        if not codes or all(len(c) == 3 for c in codes):
            continue  # a country: the curated countries.tsv has these
        patterns: list[str] = []
        for phrase in record.phrases:
            tokens = _actor_tokens(phrase)
            pattern = " ".join(tokens)
            if tokens and "|" not in pattern and "\t" not in pattern \
                    and pattern not in patterns:
                patterns.append(pattern)
        if not patterns:
            continue
        ident = _id(path, record.line)
        name = record.phrases[0].replace("_", " ").strip().title()
        source = f"{path.name}:{record.line}"
        aliases = "|".join(patterns)  # on the record's first row only
        if record.default is not None and _valid(record.default):
            yield [ident, name, aliases, _one_sector(record.default), "", "", source]
            aliases = ""
        for tenure in record.tenures:
            if not _valid(tenure.code):
                continue
            yield [ident, name, aliases, _one_sector(tenure.code),
                   tenure.start.isoformat() if tenure.start else "",
                   tenure.end.isoformat() if tenure.end else "", source]
            aliases = ""


def agent_rows(path: Path) -> Iterable[list[str]]:
    seen: set[str] = set()
    for line, phrase, sector in read_agent_file(path):
        form = " ".join(phrase.lower().split())
        first = sector[:3]
        if not form or form in seen or form in SKIPPED_AGENTS or first in SKIPPED_SECTORS \
                or form.split()[-1] in FUNCTION_WORDS or form.split()[0] in FUNCTION_WORDS \
                or len(sector) % 3 or not sector.isalpha() or "!" in form:
            continue
        seen.add(form)
        yield [form, first, f"{path.name}:{line}"]


def _write(path: Path, header: str, columns: list[str], rows: Iterable[list[str]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(header)
        out.write("\t".join(columns) + "\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phoenix", type=Path, default=PHOENIX, help="Phoenix directory")
    parser.add_argument("--out", type=Path, default=OUT, help="output directory")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    missing = [n for n in (*ACTOR_FILES, AGENT_FILE, "LICENSE")
               if not (args.phoenix / n).is_file()]
    if missing:
        raise SystemExit(f"{args.phoenix}: missing {', '.join(missing)}")
    note = ("# Converted by scripts/convert_phoenix.py from the Phoenix dictionaries of the Open "
            "Event Data Alliance\n# (MIT licence: NOTICE-phoenix.txt). Do not edit by hand: "
            "change the curated files, which win.\n")
    actors = _write(
        args.out / "phoenix_actors.tsv",
        note + "# Columns: id, name, aliases (token patterns, '|'-separated), code, start, "
               "end (YYYY-MM-DD), source (file:line).\n",
        ["id", "name", "aliases", "code", "start", "end", "source"],
        (row for name in ACTOR_FILES for row in actor_rows(args.phoenix / name)))
    agents = _write(
        args.out / "phoenix_agents.tsv",
        note + "# Columns: form (lower case), sector (CAMEO), source (file:line).\n",
        ["form", "sector", "source"], agent_rows(args.phoenix / AGENT_FILE))
    licence = (args.phoenix / "LICENSE").read_text(encoding="utf-8")
    (args.out / "NOTICE-phoenix.txt").write_text(
        "phoenix_actors.tsv and phoenix_agents.tsv are converted from the Phoenix actor and "
        "agent dictionaries\n(Phoenix.Countries.actors.txt, Phoenix.International.actors.txt, "
        "Phoenix.MilNonState.actors.txt,\nPhoenix.agents.txt) by scripts/convert_phoenix.py. "
        "Their licence:\n\n" + licence, encoding="utf-8")
    print(f"phoenix_actors.tsv: {actors} rows; phoenix_agents.tsv: {agents} rows")


if __name__ == "__main__":
    main()
