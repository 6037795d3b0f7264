"""Fixtures shared by the collector tests: an isolated logger and a private event loop."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Iterator

import pytest


@pytest.fixture
def logger() -> Iterator[logging.Logger]:
    log = logging.getLogger(f"ciris.test_errors.{uuid.uuid4().hex}")
    log.propagate = False
    log.setLevel(logging.DEBUG)
    yield log
    for handler in list(log.handlers):
        log.removeHandler(handler)


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    event_loop = asyncio.new_event_loop()
    yield event_loop
    event_loop.close()
