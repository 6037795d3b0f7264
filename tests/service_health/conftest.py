"""Fixtures: the gateway store on a real SQLite file or the real PostgreSQL server, imported
from the gateway store's tests."""

from __future__ import annotations

from store_gateway.conftest import backend, clock, make_store, store

__all__ = ["backend", "clock", "make_store", "store"]
