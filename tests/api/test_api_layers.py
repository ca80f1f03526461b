"""The API/web layering: shared state and parameters live in their own modules, so the app,
the API routes and the dashboard pages do not import each other in a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import multipolar

PACKAGE = Path(multipolar.__file__).parent


def imports_of(relative: str) -> set[str]:
    tree = ast.parse((PACKAGE / relative).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_app_routes_pages_do_not_import_each_other_in_a_cycle() -> None:
    routes, pages = imports_of("api/routes.py"), imports_of("web/pages.py")
    state, params = imports_of("api/state.py"), imports_of("api/params.py")
    assert "multipolar.api.app" not in routes | pages | state | params
    assert "multipolar.api.routes" not in pages
    assert "multipolar.web.pages" not in routes
    for shared in (state, params):
        assert not {m for m in shared if m.startswith(("multipolar.api.", "multipolar.web."))}


def test_check_period_is_defined_once() -> None:
    defined = [path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
               if "def check_period(" in path.read_text(encoding="utf-8")]
    assert defined == ["analysis/common.py"]
