"""The aggregation section of the gateway settings: defaults, environment, refusals."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ciris_telemetry.config import AggregationSettings, Settings


def test_defaults() -> None:
    assert Settings().aggregation == AggregationSettings(
        enabled=True, interval_seconds=3600.0, lock_ttl_seconds=600.0, max_points_per_hour=1_000_000
    )


def test_environment_sets_the_section(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIRIS_TELEMETRY_AGGREGATION__ENABLED", "false")
    monkeypatch.setenv("CIRIS_TELEMETRY_AGGREGATION__LOCK_TTL_SECONDS", "120")
    settings = Settings().aggregation
    assert (settings.enabled, settings.lock_ttl_seconds) == (False, 120.0)


@pytest.mark.parametrize(
    ("field", "value"),
    [("interval_seconds", 0), ("lock_ttl_seconds", -1), ("max_points_per_hour", 0)],
)
def test_out_of_range_values_are_refused(field: str, value: int) -> None:
    with pytest.raises(ValidationError, match=field):
        AggregationSettings.model_validate({field: value})


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(ValidationError, match="lock_ttl"):
        AggregationSettings.model_validate({"lock_ttl": 5})
