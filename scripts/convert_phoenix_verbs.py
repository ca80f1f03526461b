"""Convert the Phoenix/PETRARCH verb dictionary and discard list into multipolar's bundled data.

    python scripts/convert_phoenix_verbs.py [PHOENIX_DIR]

PHOENIX_DIR defaults to ../shared/dictionaries/phoenix (it holds CAMEO.2.0.txt,
Phoenix.discards.txt and LICENSE). Writes, under src/multipolar/lexicon/data/:

- `phoenix_verbs.txt`: the synonym sets and verb blocks of CAMEO.2.0.txt, without comments, the
  transformations section, or patterns the reader skips (codes outside our CAMEO table, undefined
  synonym sets, patterns without a verb mark). Same format, so `lexicon/petrarch_verbs.py` reads
  it; the event coder loads it underneath our own lexicon (ours wins where both match).
- `phoenix_discards.txt`: the discard phrases that are right for raw news text, all at sentence
  level. Dropped: year numbers ("1914" … "2013") and elapsed-time phrases ("YEARS AGO", "MONTHS
  LATER"), which in PETRARCH kept old events out of a daily feed but in raw text drop real events
  ("Russia invaded Ukraine in 2014", "two years ago"), and past wars and empires ("SECOND WORLD
  WAR", "NAPOLEONIC WARS", "BRITISH EMPIRE": comparisons in news text); story-level marks (`+`)
  become sentence level, so one sports phrase does not drop a whole article.
- `NOTICE-phoenix-verbs.txt`: the MIT licence of the Phoenix dictionaries, kept beside the data.

The conversion is deterministic: running it again on the same input gives the same files.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from multipolar.lexicon.petrarch_verbs import parse_verb_dictionary

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "multipolar" / "lexicon" / "data"
_YEAR = re.compile(r"^\+?\s*#?\s*\d{4}\s*$")
_ELAPSED = frozenset({"AGO", "LATER", "EARLIER"})
_HISTORY = re.compile(r"\bWORLD WAR\b|\bWARS$|\bEMPIRE$")
"""Past wars and empires ("SECOND WORLD WAR", "NAPOLEONIC WARS", "BRITISH EMPIRE"): in news
text they are comparisons or background ("dark times reminiscent of the years leading up to the
second world war as he lambasted decisions by Donald Trump"), not a sign that the sentence is
history; dropped like the year numbers."""


def _clean(line: str) -> str:
    for mark in ("#", ";"):
        cut = line.find(mark)
        if cut >= 0:
            line = line[:cut]
    return line.rstrip()


def convert_verbs(text: str) -> tuple[str, dict[str, int]]:
    parsed = parse_verb_dictionary(text, "CAMEO.2.0.txt")
    kept = {p.line for b in parsed.blocks for p in b.patterns}
    out: list[str] = []
    stats = {"blocks": len(parsed.blocks), "patterns": len(kept), "skipped": parsed.skipped,
             "synsets": len({k.rstrip("_") for k in parsed.synsets})}
    for line_no, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("#") and "TRANSFORMATIONS" in stripped:
            break
        if stripped.startswith("#") and "VERB PATTERNS" in stripped:
            out += ["", "####### VERB PATTERNS #######", ""]
            continue
        line = _clean(raw).strip()
        if not line:
            continue
        if line.startswith("-") and not line.startswith("---"):
            if line_no not in kept:
                continue
            out.append(line)
        elif line.startswith("---"):
            out += ["", re.sub(r"\s+", "  ", line)]
        elif line.startswith("&"):
            out += ["", line]
        else:
            out.append(line)
    return "\n".join(out).strip() + "\n", stats


def convert_discards(text: str) -> tuple[list[str], dict[str, int]]:
    phrases: list[str] = []
    dropped = 0
    for raw in text.splitlines():
        line = _clean(raw).strip()
        if not line:
            continue
        if _YEAR.match(line):
            dropped += 1
            continue
        words = line.lstrip("+").replace("_", " ").upper().split()
        if not words or set(words) & _ELAPSED:
            dropped += 1
            continue
        phrase = " ".join(words)
        if _HISTORY.search(phrase):
            dropped += 1
            continue
        if phrase not in phrases:
            phrases.append(phrase)
    return phrases, {"kept": len(phrases), "dropped": dropped}


def main(argv: list[str]) -> int:
    default = ROOT.parent / "shared" / "dictionaries" / "phoenix"
    source = Path(argv[1]) if len(argv) > 1 else default
    verbs_in = source / "CAMEO.2.0.txt"
    discards_in = source / "Phoenix.discards.txt"
    licence = source / "LICENSE"
    for path in (verbs_in, discards_in, licence):
        if not path.is_file():
            print(f"{path}: not found; pass the Phoenix dictionary folder", file=sys.stderr)
            return 2
    body, vstats = convert_verbs(verbs_in.read_text(encoding="utf-8", errors="replace"))
    header = (
        "# Phoenix CAMEO verb patterns, converted for multipolar by\n"
        "# scripts/convert_phoenix_verbs.py\n"
        "# from CAMEO.2.0.txt of the Phoenix dictionaries (Open Event Data, MIT licence: see\n"
        "# NOTICE-phoenix-verbs.txt). Comments, the transformations section and the patterns\n"
        f"# the reader skips were removed: {vstats['blocks']} verb blocks, "
        f"{vstats['patterns']} patterns, {vstats['synsets']} synonym sets\n"
        f"# ({vstats['skipped']} patterns skipped). Do not edit by hand: rerun the script.\n\n")
    (DATA / "phoenix_verbs.txt").write_text(header + body, encoding="utf-8")
    phrases, dstats = convert_discards(discards_in.read_text(encoding="utf-8", errors="replace"))
    (DATA / "phoenix_discards.txt").write_text(
        "# Phoenix discard phrases (Phoenix.discards.txt, Open Event Data, MIT licence:\n"
        "# see NOTICE-phoenix-verbs.txt), converted by scripts/convert_phoenix_verbs.py:\n"
        "# a sentence that holds one of these phrases is not coded. Year numbers,\n"
        "# elapsed-time phrases (\"YEARS AGO\") and past wars and empires (\"SECOND WORLD WAR\")"
        f" were dropped ({dstats['dropped']} lines); story-level marks became sentence level.\n"
        + "\n".join(phrases) + "\n", encoding="utf-8")
    (DATA / "NOTICE-phoenix-verbs.txt").write_text(
        "phoenix_verbs.txt and phoenix_discards.txt are converted from the Phoenix dictionaries\n"
        "(https://github.com/openeventdata/phoenix_pipeline, CAMEO.2.0.txt and\n"
        "Phoenix.discards.txt), distributed under this licence:\n\n"
        + licence.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"phoenix_verbs.txt: {vstats}; phoenix_discards.txt: {dstats}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
