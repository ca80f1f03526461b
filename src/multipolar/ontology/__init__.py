"""CAMEO and PLOVER code tables, loaded from data files and checked on load."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from multipolar.errors import LexiconError
from multipolar.lexicon.tsv import read_tsv
from multipolar.model import Plover

__all__ = ["CameoCode", "CameoTable", "cameo", "quad_class_of_root"]

_COLUMNS = ("code", "label", "goldstein", "quad_class", "plover_event", "plover_mode",
            "plover_context")


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    label: str
    goldstein: float
    quad_class: int
    plover_event: str | None
    plover_mode: str | None
    plover_context: str | None

    @property
    def root(self) -> str:
        return self.code[:2]

    def event_fields(self) -> dict[str, Any]:
        """The fields an `Event` takes from its CAMEO code (every coder builds events so)."""
        return {"code": self.code, "root": self.root, "label": self.label,
                "quad_class": self.quad_class, "goldstein": self.goldstein,
                "plover": Plover(self.plover_event, self.plover_mode, self.plover_context)}


def quad_class_of_root(root: int) -> int:
    """CAMEO QuadClass of a root: 1 verbal / 2 material cooperation (01-05 / 06-09),
    3 verbal / 4 material conflict (10-14 / 15-20)."""
    if root <= 5:
        return 1
    if root <= 9:
        return 2
    if root <= 14:
        return 3
    return 4


class CameoTable:
    """All CAMEO codes by code string ("042", "1041")."""

    def __init__(self, codes: dict[str, CameoCode]) -> None:
        self._codes = codes

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __getitem__(self, code: str) -> CameoCode:
        try:
            return self._codes[code]
        except KeyError:
            raise KeyError(f"unknown CAMEO code {code!r}") from None

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(self._codes.values())

    def __len__(self) -> int:
        return len(self._codes)

    @classmethod
    def load(cls, path: Path | None = None) -> CameoTable:
        if path is None:
            source = resources.files("multipolar.ontology").joinpath("cameo.tsv")
            name, text = "cameo.tsv", source.read_text(encoding="utf-8")
        else:
            name, text = str(path), path.read_text(encoding="utf-8")
        codes: dict[str, CameoCode] = {}
        for line_no, row in read_tsv(text, name, _COLUMNS):
            code = row["code"]
            if not (code.isdigit() and 2 <= len(code) <= 4):
                raise LexiconError(name, line_no, f"bad CAMEO code {code!r}")
            root = int(code[:2])
            if not 1 <= root <= 20:
                raise LexiconError(name, line_no, f"root {root} outside 01-20")
            try:
                goldstein = float(row["goldstein"])
                quad = int(row["quad_class"])
            except ValueError:
                raise LexiconError(name, line_no, "goldstein/quad_class not numeric") from None
            if not -10.0 <= goldstein <= 10.0:
                raise LexiconError(name, line_no, f"Goldstein {goldstein} outside [-10, 10]")
            if quad != quad_class_of_root(root):
                raise LexiconError(name, line_no, f"QuadClass {quad} wrong for root {root:02d}")
            if code in codes:
                raise LexiconError(name, line_no, f"duplicate code {code}")
            label = row["label"] or _inherit_label(codes, code)
            codes[code] = CameoCode(code, label, goldstein, quad, row["plover_event"] or None,
                                    row["plover_mode"] or None, row["plover_context"] or None)
        if len({c.root for c in codes.values()}) != 20:
            raise LexiconError(name, None, "the table must cover all 20 CAMEO roots")
        return cls(codes)


def _inherit_label(codes: dict[str, CameoCode], code: str) -> str:
    for cut in range(len(code) - 1, 1, -1):
        parent = codes.get(code[:cut])
        if parent is not None:
            return parent.label
    return ""


@functools.cache
def cameo() -> CameoTable:
    """The bundled CAMEO table (loaded once, on first use)."""
    return CameoTable.load()
