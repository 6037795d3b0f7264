"""The LLM bus and its providers: bus metrics joined with each provider's own counters.

The bus knows requests, failures and latency per provider; tokens and cost live only on the
provider instance (`get_metrics()`); the model comes from the registry metadata.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..protocol import SourceUnavailable
from ..records import LLMBusRecord, LLMProviderRecord
from .normalize import as_float, as_int, attr, enum_value, to_datetime
from .parts import call, optional, require


def llm_registry_providers(registry: object) -> list[Any]:
    """The registry's LLM providers, in its order (by priority)."""
    services = attr(registry, "_services") if registry is not None else None
    if not isinstance(services, Mapping):
        return []
    for service_type, providers in services.items():
        if enum_value(service_type) == "llm":
            return list(providers or ())
    return []


async def llm_bus_record(runtime: object) -> LLMBusRecord:
    bus = require(runtime, "bus_manager.llm")
    registered = llm_registry_providers(optional(runtime, "service_registry"))
    service_metrics = attr(bus, "service_metrics") or {}
    by_name = {str(attr(p, "name")): p for p in registered}
    # Providers the bus has seen but the registry no longer lists still carry history.
    names = list(by_name) + sorted(str(n) for n in list(service_metrics) if n not in by_name)
    rate_limited = attr(bus, "_rate_limited_until") or {}
    in_flight = attr(bus, "_in_flight") or {}
    records = [
        await _provider_record(
            name,
            by_name.get(name),
            service_metrics.get(name),
            rate_limited.get(name),
            as_int(in_flight.get(name)),
        )
        for name in names
    ]
    return LLMBusRecord(
        distribution_strategy=enum_value(attr(bus, "distribution_strategy", "")),
        max_in_flight_per_service=as_int(attr(bus, "_max_in_flight_per_service")),
        providers=records,
    )


async def _provider_record(
    name: str,
    provider: object | None,
    metrics: object | None,
    rate_limited_until: object,
    in_flight: int,
) -> LLMProviderRecord:
    instance = attr(provider, "instance") if provider is not None else None
    own = await _instance_metrics(name, instance)
    metadata = attr(provider, "metadata") if provider is not None else None
    model = metadata.get("model") if isinstance(metadata, Mapping) else None
    if model is None and instance is not None:
        model = attr(instance, "model_name")
    return LLMProviderRecord(
        name=name,
        model=str(model) if model is not None else None,
        total_requests=as_int(attr(metrics, "total_requests")),
        failed_requests=as_int(attr(metrics, "failed_requests")),
        total_latency_ms=as_float(attr(metrics, "total_latency_ms")),
        last_request_at=to_datetime(attr(metrics, "last_request_time")),
        last_failure_at=to_datetime(attr(metrics, "last_failure_time")),
        consecutive_failures=as_int(attr(metrics, "consecutive_failures")),
        rate_limited_until=to_datetime(rate_limited_until),
        in_flight=in_flight,
        tokens_input=as_int(own.get("llm_tokens_input")),
        tokens_output=as_int(own.get("llm_tokens_output")),
        cost_cents=as_float(own.get("llm_cost_cents")),
    )


async def _instance_metrics(name: str, instance: object | None) -> Mapping[str, Any]:
    method = attr(instance, "get_metrics") if instance is not None else None
    if not callable(method):
        return {}
    try:
        result = await call(method)
    except Exception as exc:  # a provider's own bug must not read as zero usage
        raise SourceUnavailable(f"LLM provider {name}: get_metrics() failed: {exc}") from exc
    return result if isinstance(result, Mapping) else {}
