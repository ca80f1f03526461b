"""The one reader for the package's TSV data files: '#' comments, a header row, fixed columns."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from importlib import resources

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


def read_package_tsv(
    filename: str, columns: Sequence[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Read a TSV file bundled in `multipolar/lexicon/data/`."""
    source = resources.files("multipolar.lexicon").joinpath("data", filename)
    yield from read_tsv(source.read_text(encoding="utf-8"), filename, columns)
