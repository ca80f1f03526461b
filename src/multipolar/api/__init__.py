"""The HTTP API (FastAPI) and the dashboard in one app: `create_app(store_path, token=…)`.

    >>> from multipolar.api import create_app
    >>> app = create_app("multipolar.duckdb")   # serve with uvicorn, or `multipolar serve`
"""

from __future__ import annotations

from multipolar.api.app import create_app, is_loopback

__all__ = ["create_app", "is_loopback"]
