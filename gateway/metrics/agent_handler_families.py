"""Action handlers of the fleet's agents as metric families.

Counts are the dispatcher's own (`handler_invoked_total`, ... points in the agent's store).
Durations exist only where the gateway's collector runs in the agent; it keeps a quantile
sketch, not buckets, so they are a summary: quantiles 0.5, 0.95 and 0.99 over every call
since the collector was installed, `_count` the calls that finished (cancelled ones are not
timed) and `_sum` their total time. No durations are exposed where none were measured.
"""

from __future__ import annotations

from collections.abc import Sequence

from prometheus_client.metrics_core import CounterMetricFamily, Metric

from .agent_readings import AgentReadings

HANDLER_LABELS = ["agent", "handler"]
DURATION_NAME = "ciris_handler_duration_seconds"
MS_PER_SECOND = 1000.0


def _duration_family() -> Metric:
    # SummaryMetricFamily takes no quantiles, so the samples are added one by one.
    return Metric(
        DURATION_NAME,
        "Handler call duration the gateway's collector measured (quantiles over all calls).",
        "summary",
    )


def handler_families(readings: Sequence[AgentReadings]) -> list[Metric]:
    invocations = CounterMetricFamily(
        "ciris_handler_invocations",
        "Times the dispatcher invoked the handler.",
        labels=HANDLER_LABELS,
    )
    completions = CounterMetricFamily(
        "ciris_handler_completions",
        "Handler invocations that completed.",
        labels=HANDLER_LABELS,
    )
    errors = CounterMetricFamily(
        "ciris_handler_errors", "Handler invocations that failed.", labels=HANDLER_LABELS
    )
    durations = _duration_family()
    for reading in readings:
        for h in reading.handlers or []:
            labels = [reading.agent_id, h.action]
            invocations.add_metric(labels, h.counts.invoked)
            completions.add_metric(labels, h.counts.completed)
            errors.add_metric(labels, h.counts.errors)
            timing = h.timing
            if timing is None or timing.mean_ms is None:
                continue
            named = dict(zip(HANDLER_LABELS, labels, strict=True))
            for quantile, ms in (
                ("0.5", timing.p50_ms),
                ("0.95", timing.p95_ms),
                ("0.99", timing.p99_ms),
            ):
                if ms is not None:
                    durations.add_sample(
                        DURATION_NAME, {**named, "quantile": quantile}, ms / MS_PER_SECOND
                    )
            timed = timing.invocations - timing.cancelled
            durations.add_sample(f"{DURATION_NAME}_count", named, timed)
            durations.add_sample(
                f"{DURATION_NAME}_sum", named, timing.mean_ms * timed / MS_PER_SECOND
            )
    return [invocations, completions, errors, durations]
