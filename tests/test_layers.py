"""The package's import graph keeps its layers: each module imports only modules of its own layer
or of the layers below it, and no module-level imports form a cycle (docs/architecture.md)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "multipolar"

# Lowest first. A module may import its own layer and those below it (a function-local import
# too: deferring an import does not change who depends on whom).
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "version", "config", "textio", "heap"}),
    frozenset({"model", "serialize", "display"}),
    frozenset({"lexicon", "ontology"}),
    frozenset({"pipeline", "models"}),
    frozenset({"analyzer", "evaluate", "training"}),
    frozenset({"sources", "store", "analysis", "scale", "ingest"}),
    frozenset({"cli", "api", "web", "examples", "__main__"}),
)
# The package root (`multipolar/__init__.py`) is the public surface over all of them.
ROOT_LAYER = len(LAYERS)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return ROOT_LAYER
    for index, names in enumerate(LAYERS):
        if parts[1] in names:
            return index
    raise AssertionError(f"{module} is in no layer: add its package to LAYERS in {__file__}")


def imports(path: Path, modules: set[str]) -> Iterator[tuple[str, int, bool]]:
    """(imported module, line, at module level) for every import of the package in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import"
            if node.module and node.module.split(".")[0] == "multipolar":
                # `from multipolar import model` imports the submodule `multipolar.model`
                names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules
                         else node.module for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.split(".")[0] == "multipolar"]
        for name in names:
            yield name, node.lineno, id(node) in top


def graph() -> dict[str, list[tuple[str, int, bool]]]:
    paths = {module_name(p): p for p in SRC.rglob("*.py")}
    return {name: list(imports(path, set(paths))) for name, path in sorted(paths.items())}


def test_no_module_imports_a_higher_layer() -> None:
    wrong = [f"{module} (layer {layer_of(module)}) imports {target} (layer {layer_of(target)}) "
             f"at line {line}"
             for module, edges in graph().items() for target, line, _ in edges
             if layer_of(target) > layer_of(module)]
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)


# Packages that must not import others even though the layer order would allow it.
APART: dict[str, frozenset[str]] = {
    # the DuckDB layer stores results; it does not know how they are made (multipolar.ingest
    # runs documents -> Analyzer -> Store)
    "store": frozenset({"analyzer", "pipeline"}),
}


def test_packages_kept_apart_do_not_import_each_other() -> None:
    wrong = [f"{module} imports {target} at line {line}"
             for module, edges in graph().items() for target, line, _ in edges
             if len(module.split(".")) > 1 and len(target.split(".")) > 1
             and target.split(".")[1] in APART.get(module.split(".")[1], ())]
    assert not wrong, "imports between packages kept apart:\n" + "\n".join(wrong)


def test_module_level_imports_have_no_cycle() -> None:
    edges = {module: sorted({target for target, _, top in targets if top})
             for module, targets in graph().items()}
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in edges.get(module, ()):
            if target not in edges or target.startswith(f"{module}."):
                continue  # a package importing its own submodules is how packages load
            if state.get(target) == 1:
                cycle = [*stack[stack.index(target):], target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in edges:
        if module not in state:
            visit(module)


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from multipolar.web import render\n", encoding="utf-8")
    found = list(imports(source, {"multipolar.web.render"}))
    assert found == [("multipolar.web.render", 2, False)]
    assert layer_of("multipolar.web.render") > layer_of("multipolar.model")
