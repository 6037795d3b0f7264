"""Hand-built records for the detector unit tests: every field explicit, only a few varied."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ciris_telemetry.datasources.records import (
    BreakerConfigRecord,
    BreakerRecord,
    BreakerSource,
    BreakerState,
    CognitiveStateRecord,
    FinalActionRecord,
    HealthWarningRecord,
    IncidentRecord,
    StateTransitionRecord,
    SystemHealthRecord,
    ThoughtRecord,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def breaker(
    key: str,
    state: BreakerState,
    *,
    source: BreakerSource = BreakerSource.LLM_BUS,
    failure_count: int = 0,
    consecutive_failures: int = 0,
) -> BreakerRecord:
    return BreakerRecord(
        key=key,
        name=f"llm_{key}" if source is BreakerSource.REGISTRY else key,
        source=source,
        service_type="llm",
        state=state,
        failure_count=failure_count,
        success_count=0,
        total_calls=10,
        total_failures=failure_count,
        total_successes=10 - failure_count,
        consecutive_failures=consecutive_failures,
        recovery_attempts=0,
        state_transitions=0,
        total_trips=0,
        total_resets=0,
        time_in_open_state_seconds=0.0,
        last_failure_at=None,
        last_open_at=None,
        config=BreakerConfigRecord(
            failure_threshold=5,
            recovery_timeout_seconds=60.0,
            success_threshold=3,
            timeout_duration_seconds=30.0,
        ),
    )


def transition(from_state: str | None, to_state: str, seconds: float) -> StateTransitionRecord:
    return StateTransitionRecord(
        from_state=from_state, to_state=to_state, at=at(seconds), reason=None
    )


def cognitive(
    current: str, history: list[StateTransitionRecord], since: datetime | None = None
) -> CognitiveStateRecord:
    entered = since if since is not None else (history[-1].at if history else None)
    return CognitiveStateRecord(
        current=current, since=entered, history=history, allowed_next=[], paused=False
    )


def health(status: str, codes: list[str] | None = None) -> SystemHealthRecord:
    return SystemHealthRecord(
        status=status,
        version="2.16.5",
        uptime_seconds=100.0,
        cognitive_state="work",
        initialization_complete=True,
        degraded_mode=False,
        warnings=[HealthWarningRecord(code=c) for c in codes or []],
    )


def incident(incident_id: str, seconds: float) -> IncidentRecord:
    return IncidentRecord(
        incident_id=incident_id,
        severity="warning",
        state="open",
        category="circuit_breaker",
        title=f"Incident {incident_id}",
        description=None,
        source_component="ciris_engine.logic.registries.circuit_breaker",
        handler_name=None,
        exception_type=None,
        first_seen_at=at(seconds),
        last_seen_at=at(seconds + 1),
        occurrences=2,
    )


def thought(
    thought_id: str, status: str, updated: float, *, action: str | None = None
) -> ThoughtRecord:
    return ThoughtRecord(
        thought_id=thought_id,
        source_task_id=f"task-{thought_id}",
        channel_id=None,
        thought_type="standard",
        status=status,
        created_at=at(0),
        updated_at=at(updated),
        round_number=1,
        content="ponder",
        thought_depth=0,
        parent_thought_id=None,
        final_action=(
            FinalActionRecord(action_type=action, reasoning=None, params={}) if action else None
        ),
        agent_occurrence_id="default",
    )
