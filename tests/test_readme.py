"""Every ```python example of README.md and docs/*.md runs (as datasette and sqlite-utils test
their docs).

The examples share the names the README introduces: `text`, `text1`, `text2` (news texts) and
`texts`; each block runs in a fresh namespace in an empty working directory.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]


def _blocks(page: Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", page.read_text(encoding="utf-8"),
                      flags=re.MULTILINE | re.DOTALL)


EXAMPLES = [(page, i, code) for page in PAGES for i, code in enumerate(_blocks(page), 1)]


def test_the_readme_has_examples() -> None:
    assert len(_blocks(README)) >= 2


def test_the_store_example_is_run() -> None:
    # the corpus store's Python API moved to docs/corpora.md: its example must still be run
    assert any(page.name == "corpora.md" and "open_store" in code for page, _, code in EXAMPLES)


@pytest.mark.parametrize("page,code", [(page, code) for page, _, code in EXAMPLES],
                         ids=[f"{page.stem}-block{i}" for page, i, _ in EXAMPLES])
def test_readme_example_runs(page: Path, code: str, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    example = resources.files("multipolar.examples").joinpath("xi-moscow-state-visit.txt")
    text = example.read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    half = len(paragraphs) // 2
    text1, text2 = "\n\n".join(paragraphs[:half]), "\n\n".join(paragraphs[half:])
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "readme", "text": text, "text1": text1, "text2": text2,
                 "texts": [text1, text2]}
    exec(compile(code, str(page), "exec"), namespace)
