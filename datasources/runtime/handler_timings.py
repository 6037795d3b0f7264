"""Handler timings as records: what the gateway's collector measured inside the agent's process.

The agent counts handler calls but keeps no durations (AGENT_FACTS §1.8); the
`HandlerMetricsCollector` installed beside it does, and this maps its snapshots to records.
"""

from __future__ import annotations

from ciris_telemetry.collectors.handler_metrics import HandlerMetricsCollector, HandlerSnapshot

from ..collected import HandlerTimingRecord


def timing_record(snapshot: HandlerSnapshot) -> HandlerTimingRecord:
    last_error = snapshot.last_error
    return HandlerTimingRecord(
        handler=snapshot.name,
        invocations=snapshot.invocations,
        errors=snapshot.errors,
        cancelled=snapshot.cancelled,
        errors_by_type=snapshot.errors_by_type,
        p50_ms=snapshot.p50_ms,
        p95_ms=snapshot.p95_ms,
        p99_ms=snapshot.p99_ms,
        mean_ms=snapshot.mean_ms,
        last_invoked_at=snapshot.last_invoked_at,
        last_error_type=last_error.type_name if last_error else None,
        last_error_message=last_error.message if last_error else None,
        last_error_at=last_error.at if last_error else None,
    )


def timing_records(collector: HandlerMetricsCollector) -> list[HandlerTimingRecord]:
    """One record per handler the collector has seen, ordered by handler name."""
    snapshots = collector.snapshot()
    return [timing_record(snapshots[name]) for name in sorted(snapshots)]
