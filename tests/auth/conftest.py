"""Fixtures: API keys kept in a real SQLite gateway store, on a clock that moves when told."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ciris_telemetry.auth import ApiKeyService, Authenticator
from ciris_telemetry.config import Settings
from ciris_telemetry.store import SqliteGatewayStore, SteppedClock
from support.environment import clean_env

__all__ = ["clean_env"]


@pytest.fixture
def clock() -> SteppedClock:
    return SteppedClock(datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "gateway.db"


@pytest.fixture
async def store(db_path: Path, clock: SteppedClock) -> AsyncIterator[SqliteGatewayStore]:
    async with SqliteGatewayStore(db_path, clock=clock) as opened:
        yield opened


@pytest.fixture
def keys(store: SqliteGatewayStore, clock: SteppedClock) -> ApiKeyService:
    return ApiKeyService(store, clock=clock)


@pytest.fixture
def make_authenticator(keys: ApiKeyService) -> Callable[[str | None], Authenticator]:
    """An authenticator over `keys`, with the given service token (or none)."""

    def make(service_token: str | None) -> Authenticator:
        return Authenticator(Settings(service_token=service_token), keys)

    return make
