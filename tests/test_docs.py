"""Docs that cannot drift: every CLI command and every setting is in the README."""

from __future__ import annotations

import re
from pathlib import Path

from multipolar.cli import _register_all, app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
CONFIG = (Path(__file__).resolve().parents[1] / "src/multipolar/config.py").read_text()


def test_every_command_is_documented() -> None:
    _register_all()
    names = [c.name for c in app.registered_commands]
    assert "analyze" in names and "demo" in names
    for name in names:
        assert f"`multipolar {name}" in README, f"command {name!r} missing from README"


def test_every_environment_setting_is_documented() -> None:
    for var in set(re.findall(r"MULTIPOLAR_[A-Z_]+", CONFIG)):
        assert var in README, f"{var} missing from README"


def test_readme_gives_exactly_two_setup_commands() -> None:
    section = README.split("## Set up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    assert section.count("```bash") == 2
