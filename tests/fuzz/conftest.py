"""Fixtures of the fuzz tests: one gateway per module, see sync_gateway.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .sync_gateway import SyncGateway, running_gateway


@pytest.fixture(scope="module")
def fuzz_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SyncGateway]:
    with running_gateway(tmp_path_factory.mktemp("fuzz")) as gateway:
        yield gateway
