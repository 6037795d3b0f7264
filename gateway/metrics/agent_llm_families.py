"""LLM usage and circuit breakers of the fleet's agents as metric families.

LLM latency: the agent keeps only a running sum of request latencies per provider
(`ServiceMetrics.total_latency_ms`), no distribution. It is exposed as a summary without
quantiles (`_count` = requests, `_sum` = that latency sum in seconds), which is exactly what
exists; there are no buckets to give a histogram. The average of `Agent.llm` is `_sum/_count`.

Cost: the agent counts cents; it is exposed in dollars, the currency's base unit.
"""

from __future__ import annotations

from collections.abc import Sequence

from prometheus_client.metrics_core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    Metric,
    StateSetMetricFamily,
    SummaryMetricFamily,
)

from ciris_telemetry.datasources.records import BreakerState

from .agent_readings import AgentReadings

CENTS_PER_DOLLAR = 100.0
MS_PER_SECOND = 1000.0

PROVIDER_LABELS = ["agent", "provider"]
BREAKER_LABELS = ["agent", "source", "breaker"]


def llm_families(readings: Sequence[AgentReadings]) -> list[Metric]:
    requests = CounterMetricFamily(
        "ciris_llm_requests",
        "LLM requests the agent's LLM bus sent to the provider, failed ones included.",
        labels=PROVIDER_LABELS,
    )
    failures = CounterMetricFamily(
        "ciris_llm_request_failures",
        "LLM requests to the provider that failed.",
        labels=PROVIDER_LABELS,
    )
    latency = SummaryMetricFamily(
        "ciris_llm_request_duration_seconds",
        "LLM request latency as the bus sums it (no quantiles: the agent keeps no distribution).",
        labels=PROVIDER_LABELS,
    )
    tokens = CounterMetricFamily(
        "ciris_llm_tokens",
        "Tokens the provider counted, by direction (input: prompt, output: completion).",
        labels=[*PROVIDER_LABELS, "direction"],
    )
    cost = CounterMetricFamily(
        "ciris_llm_cost_dollars",
        "Cost the provider counted (the agent counts cents).",
        labels=PROVIDER_LABELS,
    )
    in_flight = GaugeMetricFamily(
        "ciris_llm_requests_in_flight",
        "LLM requests to the provider now running.",
        labels=PROVIDER_LABELS,
    )
    consecutive = GaugeMetricFamily(
        "ciris_llm_consecutive_failures",
        "Failures of the provider since its last success.",
        labels=PROVIDER_LABELS,
    )
    rate_limited = GaugeMetricFamily(
        "ciris_llm_rate_limited",
        "1 while a rate-limit (429) cooldown of the provider runs, else 0.",
        labels=PROVIDER_LABELS,
    )
    available = GaugeMetricFamily(
        "ciris_llm_providers_available",
        "LLM providers neither rate limited nor behind an open bus breaker.",
        labels=["agent"],
    )
    for reading in readings:
        if reading.llm is None:
            continue
        agent = reading.agent_id
        usage = reading.llm.usage
        latency_sums = {r.name: r.total_latency_ms for r in reading.llm.bus.providers}
        for p in usage.providers:
            labels = [agent, p.name]
            requests.add_metric(labels, p.total_requests)
            failures.add_metric(labels, p.failed_requests)
            latency.add_metric(
                labels,
                count_value=p.total_requests,
                sum_value=latency_sums[p.name] / MS_PER_SECOND,
            )
            tokens.add_metric([*labels, "input"], p.tokens_input)
            tokens.add_metric([*labels, "output"], p.tokens_output)
            cost.add_metric(labels, p.cost_cents / CENTS_PER_DOLLAR)
            in_flight.add_metric(labels, p.in_flight)
            consecutive.add_metric(labels, p.consecutive_failures)
            rate_limited.add_metric(labels, 1 if p.rate_limited else 0)
        available.add_metric([agent], usage.totals.providers_available)
    return [
        requests,
        failures,
        latency,
        tokens,
        cost,
        in_flight,
        consecutive,
        rate_limited,
        available,
    ]


def breaker_families(readings: Sequence[AgentReadings]) -> list[Metric]:
    """Both breaker sets; `source` says which (registry, llm_bus), `breaker` is the provider
    name the breaker is registered under (unique within its set)."""
    state = StateSetMetricFamily(
        "ciris_circuit_breaker_state",
        "The breaker's state: closed, open or half_open.",
        labels=BREAKER_LABELS,
    )
    calls = CounterMetricFamily(
        "ciris_circuit_breaker_calls", "Calls through the breaker.", labels=BREAKER_LABELS
    )
    failures = CounterMetricFamily(
        "ciris_circuit_breaker_failures",
        "Calls through the breaker that failed.",
        labels=BREAKER_LABELS,
    )
    trips = CounterMetricFamily(
        "ciris_circuit_breaker_trips", "Times the breaker opened.", labels=BREAKER_LABELS
    )
    open_time = CounterMetricFamily(
        "ciris_circuit_breaker_open_seconds",
        "Time the breaker spent open, as the breaker accounts it.",
        labels=BREAKER_LABELS,
    )
    consecutive = GaugeMetricFamily(
        "ciris_circuit_breaker_consecutive_failures",
        "Failures through the breaker since its last success.",
        labels=BREAKER_LABELS,
    )
    for reading in readings:
        for b in reading.breakers or []:
            labels = [reading.agent_id, b.source.value, b.key]
            state.add_metric(labels, {s.value: s is b.state for s in BreakerState})
            calls.add_metric(labels, b.total_calls)
            failures.add_metric(labels, b.total_failures)
            trips.add_metric(labels, b.total_trips)
            open_time.add_metric(labels, b.time_in_open_state_seconds)
            consecutive.add_metric(labels, b.consecutive_failures)
    return [state, calls, failures, trips, open_time, consecutive]
