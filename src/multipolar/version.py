"""The package version, in one place: the package root, the HTTP API and the dashboard read it
here (pyproject.toml reads it too)."""

__version__ = "0.1.0"
