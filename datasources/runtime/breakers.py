"""Both circuit-breaker sets as BreakerRecords, read from attributes (never `is_available()`,
which moves an open breaker to half-open)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..records import BreakerConfigRecord, BreakerRecord, BreakerSource, BreakerState
from .normalize import as_float, as_int, attr, enum_value, to_datetime

LLM_SERVICE_TYPE = "llm"


def breaker_state(value: object) -> BreakerState | None:
    if value is None:
        return None
    try:
        return BreakerState(enum_value(value))
    except ValueError:
        return None


def provider_service_types(services: Mapping[Any, Any]) -> dict[str, str]:
    """Provider name -> service type value, from the registry's `_services`."""
    types: dict[str, str] = {}
    for service_type, providers in services.items():
        for provider in providers or ():
            name = attr(provider, "name")
            if isinstance(name, str):
                types.setdefault(name, enum_value(service_type))
    return types


def registry_service_type(key: str, breaker_name: str, types: Mapping[str, str]) -> str | None:
    """The provider's service type; failing that, the prefix of "<service_type>_<provider>"."""
    if key in types:
        return types[key]
    suffix = f"_{key}"
    if breaker_name.endswith(suffix) and len(breaker_name) > len(suffix):
        return enum_value(breaker_name[: -len(suffix)])
    return None


def breaker_record(
    key: str,
    breaker: object,
    *,
    source: BreakerSource,
    service_type: str | None,
    now: datetime,
) -> BreakerRecord:
    state = breaker_state(attr(breaker, "state")) or BreakerState.CLOSED
    open_seconds = as_float(attr(breaker, "time_in_open_state"))
    last_open = to_datetime(attr(breaker, "last_open_time"))
    if state is BreakerState.OPEN and last_open is not None:
        # The agent adds the current open period only when asked through get_stats().
        open_seconds += max(0.0, (now - last_open).total_seconds())
    config = attr(breaker, "config")
    return BreakerRecord(
        key=key,
        name=str(attr(breaker, "name", key)),
        source=source,
        service_type=service_type,
        state=state,
        failure_count=as_int(attr(breaker, "failure_count")),
        success_count=as_int(attr(breaker, "success_count")),
        total_calls=as_int(attr(breaker, "total_calls")),
        total_failures=as_int(attr(breaker, "total_failures")),
        total_successes=as_int(attr(breaker, "total_successes")),
        consecutive_failures=as_int(attr(breaker, "consecutive_failures")),
        recovery_attempts=as_int(attr(breaker, "recovery_attempts")),
        state_transitions=as_int(attr(breaker, "state_transitions")),
        total_trips=as_int(attr(breaker, "total_trips")),
        total_resets=as_int(attr(breaker, "total_resets")),
        time_in_open_state_seconds=open_seconds,
        last_failure_at=to_datetime(attr(breaker, "last_failure_time")),
        last_open_at=last_open,
        config=BreakerConfigRecord(
            failure_threshold=as_int(attr(config, "failure_threshold")),
            recovery_timeout_seconds=as_float(attr(config, "recovery_timeout")),
            success_threshold=as_int(attr(config, "success_threshold")),
            timeout_duration_seconds=as_float(attr(config, "timeout_duration")),
        ),
    )
