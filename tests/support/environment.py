"""The machine's CIRIS_TELEMETRY_* variables, kept out of tests that load settings."""

from __future__ import annotations

import os

import pytest

SETTINGS_PREFIX = "CIRIS_TELEMETRY_"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Autouse wherever it is imported: no CIRIS_TELEMETRY_* leaks into the settings."""
    for name in list(os.environ):
        if name.upper().startswith(SETTINGS_PREFIX):
            monkeypatch.delenv(name)
    return monkeypatch
