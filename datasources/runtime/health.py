"""The agent's service health report as a ServiceHealthRecord.

Keys come as "direct.<category>.<Name>" and "registry.<service_type>.<provider>", where the
agent spells the service type either as its value ("llm") or as the formatted member
("ServiceType.LLM"); both parse to the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..records import ServiceHealthEntryRecord, ServiceHealthRecord
from .breakers import breaker_state
from .normalize import as_int, attr, enum_name, enum_value, to_datetime

_ENUM_CLASS_PREFIX = "ServiceType"


def parse_service_key(key: str) -> tuple[str, str, str]:
    """(kind, category, name) of a service_details key."""
    kind, _, rest = key.partition(".")
    if kind == "registry" and rest.startswith(f"{_ENUM_CLASS_PREFIX}."):
        member, _, name = rest[len(_ENUM_CLASS_PREFIX) + 1 :].partition(".")
        return kind, member.lower(), name
    category, _, name = rest.partition(".")
    return kind, category, name


def service_health_record(status: object, fallback_at: datetime) -> ServiceHealthRecord:
    details = attr(status, "service_details") or {}
    entries = [_entry(str(key), value) for key, value in _items(details)]
    recommendations = attr(status, "recommendations") or []
    return ServiceHealthRecord(
        overall=enum_value(attr(status, "overall_health", "unknown")),
        at=to_datetime(attr(status, "timestamp")) or fallback_at,
        services=entries,
        recommendations=[str(r) for r in recommendations],
    )


def _entry(key: str, value: object) -> ServiceHealthEntryRecord:
    kind, category, name = parse_service_key(key)
    return ServiceHealthEntryRecord(
        key=key,
        kind=kind,
        category=category,
        name=name,
        healthy=bool(attr(value, "healthy", False)),
        breaker_state=breaker_state(attr(value, "circuit_breaker_state")),
        priority=enum_name(attr(value, "priority", "")),
        priority_group=as_int(attr(value, "priority_group")),
        strategy=enum_value(attr(value, "strategy", "")),
    )


def _items(details: object) -> list[tuple[Any, Any]]:
    return list(details.items()) if isinstance(details, Mapping) else []
