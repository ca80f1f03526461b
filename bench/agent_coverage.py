"""How many agent noun phrases and PERSON entities the actor stage codes, on the Guardian articles.

    python bench/agent_coverage.py [--limit N] [--terms DIR]

Parses the articles of ../shared/corpora/guardian_sdf_articles.jsonl (spaCy noun chunks and
entities) and runs `ActorStage.resolve` on each. It then counts:

- agent phrases: noun chunks headed by an agent term (the head word is a one-word term, or the
  chunk ends with a longer one; terms are the `form` column of agents.tsv and roles.tsv in DIR,
  default this checkout's src/multipolar/lexicon/data), how many of them overlap an actor with
  a code (a sector alone, "COP", counts: `Actor.agent_code`), and how many with a code that has
  a country;
- PERSON entities (spaCy's label) and how many of them overlap an actor with a code.

The term files are read by path, not through the package, so the same terms can measure an
older checkout of the code (put its `src` first on PYTHONPATH to measure it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from multipolar.config import Settings
from multipolar.pipeline.actors import ActorStage
from multipolar.pipeline.nlp import load_model

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "guardian_sdf_articles.jsonl"
DATA = ROOT / "src" / "multipolar" / "lexicon" / "data"


def agent_terms(directory: Path) -> frozenset[str]:
    """The agent and role terms, lower case (people's titles left out: they head names)."""
    heads: set[str] = set()
    for name in ("agents.tsv", "roles.tsv"):
        path = directory / name
        if not path.exists():
            continue
        header: list[str] | None = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            row = dict(zip(header, cells, strict=False))
            if row.get("person") == "yes" and name == "roles.tsv":
                continue
            form = row["form"].strip().lower()
            if form:
                heads.add(form)
    return frozenset(heads)


def is_agent_phrase(chunk: object, terms: frozenset[str]) -> bool:
    """A noun chunk headed by an agent term: its head word is a one-word term ("police"), or
    its text ends with a longer one ("riot police", "security forces")."""
    root = chunk.root  # type: ignore[attr-defined]
    if root.pos_ != "NOUN":
        return False
    if root.lower_ in terms:
        return True
    words = chunk.text.lower().split()  # type: ignore[attr-defined]
    return any(" ".join(words[-n:]) in terms for n in (2, 3, 4) if len(words) >= n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--terms", type=Path, default=DATA,
                        help="directory with agents.tsv / roles.tsv (default: this checkout's)")
    parser.add_argument("--examples", type=int, default=0,
                        help="print this many uncoded agent phrases")
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"{CORPUS} is missing: the benchmark reads ../shared beside the repo")
    terms = agent_terms(args.terms)
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8") if line.strip()]
    if args.limit:
        rows = rows[:args.limit]
    settings = Settings()
    nlp = load_model(settings)
    stage = ActorStage(settings)
    agents = agents_coded = agents_country = people = people_coded = 0
    missed: list[str] = []
    docs = nlp.pipe((r["text"] for r in rows), batch_size=settings.batch_size)
    for row, doc in zip(rows, docs, strict=True):
        published = dt.date.fromisoformat(row["date"][:10]) if row.get("date") else None
        actors = stage.resolve(doc, published=published)
        coded = [a for a in actors if getattr(a, "agent_code", a.code)]  # older code: no field
        with_country = [a for a in coded if a.country]

        def has_code(start: int, end: int, coded: list = coded) -> bool:  # type: ignore[type-arg]
            return any(a.start < end and start < a.end for a in coded)

        for chunk in doc.noun_chunks:
            if not is_agent_phrase(chunk, terms):
                continue
            agents += 1
            root = (chunk.root.idx, chunk.root.idx + len(chunk.root))
            agents_country += has_code(*root, coded=with_country)
            if has_code(*root):
                agents_coded += 1
            elif len(missed) < args.examples:
                missed.append(chunk.sent.text.replace(chunk.text, f"[{chunk.text}]", 1))
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            people += 1
            if has_code(ent.start_char, ent.end_char):
                people_coded += 1
    print(f"articles {len(rows)}, agent terms {len(terms)}")
    print(f"agent noun phrases coded  {agents_coded / max(agents, 1):6.1%}  "
          f"({agents_coded}/{agents})")
    print(f"  … with a country        {agents_country / max(agents, 1):6.1%}  "
          f"({agents_country}/{agents})")
    print(f"PERSON entities resolved  {people_coded / max(people, 1):6.1%}  "
          f"({people_coded}/{people})")
    for line in missed:
        print("  -", line[:200])


if __name__ == "__main__":
    main()
