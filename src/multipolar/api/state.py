"""What the API routes and the dashboard pages share: the application state and its dependency.

Kept apart from `app.py` (which builds the application from the routers) and from the routers
themselves, so that `api/app.py`, `api/routes.py` and `web/pages.py` do not import each other.
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from multipolar.analyzer import Analyzer
from multipolar.store import Store, open_store


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class AppState:
    """What the routes share: the store (opened on first use), the analyzer (loaded on first
    use), the token and whether writes (ingest, reviews) are on."""

    store_path: Path
    token: str | None
    ingest_enabled: bool
    ingest_disabled_reason: str
    _analyzer: Analyzer | None = None
    _store: Store | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    store_lock: threading.RLock = field(default_factory=threading.RLock)

    @contextmanager
    def store(self) -> Iterator[Store]:
        """The store, opened on first use and held while the app runs; one user at a time
        (a DuckDB connection must not be shared by threads without care). Read-only when
        ingestion is off, so several such servers can read one file."""
        with self.store_lock:
            if self._store is None:
                self._store = open_store(self.store_path, read_only=not self.ingest_enabled)
            yield self._store

    def close(self) -> None:
        with self.store_lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def analyzer(self) -> Analyzer:
        """The analyzer, loading spaCy on first use (not at start-up)."""
        with self.lock:
            if self._analyzer is None:
                self._analyzer = Analyzer()
            return self._analyzer


def state(request: Request) -> AppState:
    """The application's state (a FastAPI dependency)."""
    st: AppState = request.app.state.mp
    return st


StateDep = Annotated[AppState, Depends(state)]
