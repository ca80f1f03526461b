"""Every ```python example of README.md runs (as datasette and sqlite-utils test their docs).

The examples share the names the README introduces: `text`, `text1`, `text2` (news texts) and
`texts`; each block runs in a fresh namespace in an empty working directory.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"^```python\n(.*?)^```", README.read_text(encoding="utf-8"),
                    flags=re.MULTILINE | re.DOTALL)


def test_the_readme_has_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i + 1}" for i in range(len(BLOCKS))])
def test_readme_example_runs(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    example = resources.files("multipolar.examples").joinpath("xi-moscow-state-visit.txt")
    text = example.read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    half = len(paragraphs) // 2
    text1, text2 = "\n\n".join(paragraphs[:half]), "\n\n".join(paragraphs[half:])
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "readme", "text": text, "text1": text1, "text2": text2,
                 "texts": [text1, text2]}
    exec(compile(code, str(README), "exec"), namespace)
