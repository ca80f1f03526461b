"""The one reader for the package's TSV data files: '#' comments, a header row, fixed columns.

A data file is read from the package, or from a user directory given as `multipolar:DIR`
(`Settings.lexicons`): `data_source` is the one place that decides which. A file in such a
directory replaces the bundled file of the same name (the last directory that has it wins); the
actor lexicon, whose rows are merged instead, documents its own rule in `lexicon/actors.py`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path

from multipolar.errors import LexiconError


def read_tsv(
    text: str, name: str, columns: Sequence[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each data row; check the header names `columns`.

    Blank lines and lines starting with '#' are skipped. Missing trailing cells read as "".
    """
    header: list[str] | None = None
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            if tuple(header[: len(columns)]) != tuple(columns):
                raise LexiconError(name, line_no, f"header must start with {list(columns)}, "
                                                  f"got {header}")
            continue
        if len(cells) > len(header):
            raise LexiconError(name, line_no, f"{len(cells)} cells, header has {len(header)}")
        cells += [""] * (len(header) - len(cells))
        yield line_no, dict(zip(header, cells, strict=True))
    if header is None:
        raise LexiconError(name, None, "no header row")


def data_source(filename: str, directories: Sequence[Path] = ()) -> tuple[str, str]:
    """(name for messages, text) of a data file: from the last of `directories` that holds a
    file of that name, else the one bundled in `multipolar/lexicon/data/`."""
    for directory in reversed(directories):
        path = directory / filename
        if path.is_file():
            return str(path), path.read_text(encoding="utf-8")
    source = resources.files("multipolar.lexicon").joinpath("data", filename)
    return filename, source.read_text(encoding="utf-8")


def check_data_directory(directory: Path) -> None:
    """Refuse a `multipolar:DIR` that holds none of the data files a stage reads (a wrong
    path or file names would otherwise change nothing, silently)."""
    bundled = {f.name for f in resources.files("multipolar.lexicon").joinpath("data").iterdir()}
    if not any((directory / name).is_file() for name in bundled):
        raise LexiconError(str(directory), None,
                           "none of the data files multipolar reads is here (file names as in "
                           "multipolar/lexicon/data/, e.g. countries.tsv, verbs.tsv, themes.tsv)")


def read_package_tsv(
    filename: str, columns: Sequence[str], directories: Sequence[Path] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """Read a bundled TSV data file, or its replacement in one of `directories`."""
    name, text = data_source(filename, directories)
    yield from read_tsv(text, name, columns)
