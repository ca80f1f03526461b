"""The `multipolar` command line: thin wrappers over the library.

Each group of commands lives in its own module and registers itself on `app` through
`register(app)`; `main()` turns MultipolarError into a one-line message and an exit code.
"""

from __future__ import annotations

import sys

import typer

from multipolar.errors import MultipolarError

app = typer.Typer(
    name="multipolar",
    help="Political event data from news text: CAMEO/PLOVER events, actors, amounts, quotations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Command modules, registered in this order. Each defines `register(app)`.
_COMMAND_MODULES = (
    "multipolar.cli.analyze",
    "multipolar.cli.evaluate",
    "multipolar.cli.store",
    "multipolar.cli.views",
    "multipolar.cli.review",
)


def _register_all() -> None:
    """Register every command group once (idempotent)."""
    import importlib

    if getattr(app, "_multipolar_registered", False):
        return
    app._multipolar_registered = True  # type: ignore[attr-defined]
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # a command group not yet present in this build
        module.register(app)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a one-line error to stderr and return the Exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def main() -> None:
    _register_all()
    try:
        app()
    except MultipolarError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
