#!/usr/bin/env python3
"""Check src/multipolar/lexicon/data/people_world.tsv (standard library only).

Checks: 8 tab-separated columns with the expected header; ids are lowercase ascii slugs
and not used in people.tsv; one name per id; dates YYYY-MM-DD, start < end (end may be
empty); code = a countries.tsv code + "GOV" (or an IGO code used in people.tsv); role is
a form in roles.tsv; source not empty; no two rows of one person with the same code and
role whose terms overlap. Exit status 1 on any error.
"""
import datetime
import itertools
import pathlib
import re
import sys

DATA = pathlib.Path(__file__).resolve().parent.parent / "src/multipolar/lexicon/data"
HEADER = ["id", "name", "aliases", "code", "role", "start", "end", "source"]


def rows(path):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#") or not line.strip():
            continue
        yield n, line.split("\t")


def main():
    roles = {r[0] for _, r in list(rows(DATA / "roles.tsv"))[1:]}
    codes = {r[0] + "GOV" for _, r in list(rows(DATA / "countries.tsv"))[1:]}
    old = list(rows(DATA / "people.tsv"))[1:]
    old_ids = {r[0] for _, r in old}
    codes |= {r[3] for _, r in old if r[3].startswith("IGO")}
    errors = []
    seen_header = False
    names = {}
    terms = {}
    count = 0
    for n, r in rows(DATA / "people_world.tsv"):
        if not seen_header:
            if r != HEADER:
                errors.append(f"{n}: header {r}")
            seen_header = True
            continue
        if len(r) != 8:
            errors.append(f"{n}: {len(r)} columns")
            continue
        count += 1
        pid, name, aliases, code, role, start, end, source = r
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", pid):
            errors.append(f"{n}: bad id {pid!r}")
        if pid in old_ids:
            errors.append(f"{n}: id {pid} is in people.tsv")
        if names.setdefault(pid, name) != name:
            errors.append(f"{n}: {pid} has two names ({names[pid]!r}, {name!r})")
        if not name.strip() or name != name.strip():
            errors.append(f"{n}: bad name {name!r}")
        if aliases and any(not a.strip() or a != a.strip() for a in aliases.split("|")):
            errors.append(f"{n}: bad aliases {aliases!r}")
        if code not in codes:
            errors.append(f"{n}: unknown code {code}")
        if role not in roles:
            errors.append(f"{n}: role {role!r} not in roles.tsv")
        if not source.strip():
            errors.append(f"{n}: empty source")
        try:
            s = datetime.date.fromisoformat(start)
            e = datetime.date.fromisoformat(end) if end else datetime.date.max
            if len(start) != 10 or (end and len(end) != 10):
                raise ValueError
        except ValueError:
            errors.append(f"{n}: bad date {start!r} {end!r}")
            continue
        if s >= e:
            errors.append(f"{n}: start {start} not before end {end}")
        terms.setdefault((pid, code, role), []).append((s, e, n))
    for key, ts in terms.items():
        ts.sort()
        for (_, e1, n1), (s2, _, n2) in itertools.pairwise(ts):
            if s2 < e1:
                errors.append(f"{n2}: {key} overlaps line {n1}")
    for e in errors:
        print(e)
    print(f"{count} rows, {len(names)} people, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
