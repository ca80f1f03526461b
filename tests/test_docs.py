"""Docs that cannot drift: every CLI command and every setting is in the README, every setting
in docs/settings.md, the API's error table in docs/views.md matches the server's, and every
relative link of README.md and docs/*.md leads to an existing file and heading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from multipolar.api.errors import ERROR_CODES
from multipolar.cli import _register_all, app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SOURCES = sorted((ROOT / "src/multipolar").rglob("*.py"))
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_every_command_is_documented() -> None:
    _register_all()
    names = [c.name for c in app.registered_commands]
    names += [g.name for g in app.registered_groups]
    assert "analyze" in names and "demo" in names and "review" in names
    for name in names:
        assert f"`multipolar {name}" in README, f"command {name!r} missing from README"


def _environment_settings() -> set[str]:
    found: set[str] = set()
    for path in SOURCES:
        found.update(re.findall(r"MULTIPOLAR_[A-Z_]*[A-Z]", path.read_text(encoding="utf-8")))
    return found


def test_every_environment_setting_is_documented() -> None:
    settings = _environment_settings()
    assert {"MULTIPOLAR_SPACY_MODEL", "MULTIPOLAR_DB", "MULTIPOLAR_API_TOKEN"} <= settings
    table = (ROOT / "docs/settings.md").read_text(encoding="utf-8")
    for var in sorted(settings):
        assert var in README, f"{var} missing from README"
        assert f"| `{var}` |" in table, f"{var} missing from the table of docs/settings.md"


def test_readme_gives_exactly_two_setup_commands() -> None:
    section = README.split("## Set up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    assert section.count("```bash") == 2


def test_the_error_table_matches_the_server() -> None:
    views = (ROOT / "docs/views.md").read_text(encoding="utf-8")
    table = {code: int(status)
             for code, status in re.findall(r"^\| `([a-z_]+)` \| (\d{3}) \|", views, re.MULTILINE)}
    assert table == {code: status for code, (status, _) in ERROR_CODES.items()}


# -- relative links -------------------------------------------------------------------------

_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"!?\[[^\]\n]*\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: link text kept, punctuation dropped, spaces to '-'."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    seen: dict[str, int] = {}
    result: set[str] = set()
    for heading in _HEADING.findall(_FENCE.sub("", markdown)):
        base = slug(heading)
        n = seen.get(base, 0)
        seen[base] = n + 1
        result.add(base if n == 0 else f"{base}-{n}")
    return result


def broken_links(page: Path) -> list[str]:
    """The relative links of a Markdown page whose file or heading does not exist."""
    text = page.read_text(encoding="utf-8")
    prose = _CODE_SPAN.sub("", _FENCE.sub("", text))
    broken = []
    for target in _LINK.findall(prose):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):       # http:, https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and file.suffix == ".md" and anchor not in anchors(
                file.read_text(encoding="utf-8")):
            broken.append(f"{target} (no such heading)")
    return broken


def test_slugs_follow_github() -> None:
    assert slug("A learned second opinion: the sentence event classifier") == \
        "a-learned-second-opinion-the-sentence-event-classifier"
    assert slug("Quotations (`quotations`)") == "quotations-quotations"
    assert slug("Analyst views: dyads, networks, briefs, HTTP API and dashboard") == \
        "analyst-views-dyads-networks-briefs-http-api-and-dashboard"
    assert anchors("# Notes\n## Notes\n```\n# not a heading\n```\n") == {"notes", "notes-1"}


def test_broken_links_are_found(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Other page\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("# Top\n[a](other.md) [b](other.md#other-page) [c](#top) "
                    "[d](missing.md) [e](other.md#nowhere) [f](#bottom) "
                    "[g](https://example.org/x) `[h](ignored.md)`\n", encoding="utf-8")
    assert broken_links(page) == ["missing.md (no such file)", "other.md#nowhere (no such heading)",
                                  "#bottom (no such heading)"]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_relative_links_resolve(page: Path) -> None:
    assert broken_links(page) == []
