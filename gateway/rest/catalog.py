"""The REST aliases: each a documented path answered by a stored GraphQL operation."""

from __future__ import annotations

from ciris_telemetry.resolvers.aggregates import MAX_HOURS
from ciris_telemetry.resolvers.traces import TRACE_ID_PATTERN
from ciris_telemetry.schema.agent import MAX_INCIDENTS, MAX_RECENT_DECISIONS

from .alias_parts import (
    DATE_TIME,
    FIRST,
    NOT_BLANK,
    NOT_EMPTY,
    Alias,
    Param,
    after,
    tag_filters,
)

# resolvers/rate_limits.py's MAX_QUOTA_REQUESTS, which cannot be imported here: that module
# imports the rate-limit endpoints, which are read from this catalog.
MAX_QUOTA_REQUESTS = 100
# The largest value of a GraphQL Int (32-bit signed), which every integer variable is.
GRAPHQL_INT_MAX = 2**31 - 1

__all__ = ["ALIASES", "MAX_QUOTA_REQUESTS", "Alias", "Param"]


ALIASES: tuple[Alias, ...] = (
    Alias(
        "/v1/audit/recent",
        "audit_recent.graphql",
        ("agent", "audit"),
        "The agent's audit trail, newest first, as a page: who did what with which outcome, "
        "the decoded details, and each entry's hash-chain links and signature status.",
        "audit",
        (
            Param(
                "since",
                "since",
                str | None,
                None,
                "Recorded at or after (ISO 8601, zoned).",
                schema=DATE_TIME,
            ),
            Param(
                "until",
                "until",
                str | None,
                None,
                "Recorded before (ISO 8601, zoned).",
                schema=DATE_TIME,
            ),
            Param(
                "actor",
                "actor",
                str | None,
                None,
                "The payload's actor or the key id.",
                schema=NOT_BLANK,
            ),
            Param(
                "outcome",
                "outcome",
                list[str] | None,
                None,
                "Repeatable: SUCCESS, FAILURE, PARTIAL, SKIPPED.",
                upper=True,
            ),
            Param(
                "event_type",
                "eventType",
                list[str] | None,
                None,
                "Repeatable action type, e.g. handler_action_speak.",
                schema={"items": NOT_BLANK},
            ),
            Param(
                "entity_id",
                "entityId",
                str | None,
                None,
                "The entry's subject.",
                schema=NOT_BLANK,
            ),
            FIRST,
            after("audit"),
        ),
    ),
    Alias(
        "/v1/telemetry/history",
        "history.graphql",
        ("agent", "history"),
        "A metric's raw points over a range, in epoch-aligned buckets with aggregates "
        "(AVG, MIN, MAX, SUM, COUNT, P50, P95, P99; exact nearest-rank percentiles) or as they "
        "are without `step`; says whether the range was read whole.",
        "telemetry",
        (
            Param("metric", "metric", str, ..., "Metric name, e.g. llm.tokens.total."),
            Param(
                "since",
                "since",
                str,
                ...,
                "Range start (ISO 8601, zoned), inclusive.",
                schema=DATE_TIME,
            ),
            Param(
                "until",
                "until",
                str | None,
                None,
                "Range end, exclusive; default: now.",
                schema=DATE_TIME,
            ),
            Param(
                "step",
                "step",
                int | None,
                None,
                "Bucket length in seconds; none: raw.",
                schema={"minimum": 1, "maximum": GRAPHQL_INT_MAX},
            ),
            Param(
                "aggregate",
                "aggregates",
                list[str] | None,
                None,
                "Repeatable: AVG, MIN, MAX, SUM, COUNT, P50, P95, P99 (default AVG).",
                upper=True,
            ),
            Param(
                "tag",
                "tags",
                list[str] | None,
                None,
                "Repeatable label filter `key=value`; all must match.",
                convert=tag_filters,
                # A non-empty key without `=`, then `=` and the value.
                schema={"items": {"pattern": "^[^=]+="}},
            ),
        ),
    ),
    Alias(
        "/v1/telemetry/aggregates/hourly",
        "aggregates_hourly.graphql",
        ("agent",),
        "Hourly aggregates (count, sum, min, max, avg, p50/p95/p99) of LLM requests and "
        "latency (llm.latency.ms: one point per call), tokens, cost, energy and carbon, handler "
        "invocations and errors and completed thoughts, each hour with its change against the "
        "hour before; the last complete hours before the agent's clock.",
        "telemetry",
        (
            Param(
                "hours",
                "hours",
                int,
                24,
                f"How many complete hours, 1..{MAX_HOURS}.",
                schema={"minimum": 1, "maximum": MAX_HOURS},
            ),
        ),
    ),
    Alias(
        "/v1/telemetry/summary/daily",
        "summary_daily.graphql",
        ("agent", "dailySummary"),
        "One UTC day per metric: the daily aggregate merged from the hours' sketches with its "
        "change against the previous day, peak hours by sum and p95, and anomalous hours (a "
        "robust median/MAD score against the hours before each).",
        "telemetry",
        (
            Param(
                "day",
                "day",
                str | None,
                None,
                "YYYY-MM-DD; default: the last complete day.",
                schema={"format": "date"},
            ),
            Param("metric", "metrics", list[str] | None, None, "Repeatable; default: a set."),
        ),
    ),
    Alias(
        "/v1/fleet/dashboard",
        "fleet_dashboard.graphql",
        (),
        "Every agent's health, cost, incidents, resources, providers and breakers, with totals.",
        "fleet",
        (
            Param(
                "incidents",
                "incidents",
                int,
                5,
                f"Recent incidents per agent, 0..{MAX_INCIDENTS}.",
                schema={"minimum": 0, "maximum": MAX_INCIDENTS},
            ),
        ),
        per_agent=False,
    ),
    Alias(
        "/v1/telemetry/llm/usage",
        "llm_usage.graphql",
        ("agent", "llm"),
        "LLM usage per provider and in total, with each provider's LLM-bus circuit breaker.",
        "telemetry",
    ),
    Alias(
        "/v1/telemetry/circuit-breakers",
        "circuit_breakers.graphql",
        ("agent", "circuitBreakers"),
        "Circuit breakers of the service registry and the LLM bus, each saying its source.",
        "telemetry",
        (Param("source", "source", str | None, None, "REGISTRY or LLM_BUS.", upper=True),),
    ),
    Alias(
        "/v1/telemetry/service-registry",
        "service_registry.graphql",
        ("agent", "serviceRegistry"),
        "Service types and their providers in selection order.",
        "telemetry",
    ),
    Alias(
        "/v1/telemetry/discord/status",
        "discord_status.graphql",
        ("agent", "discord"),
        "The Discord connection, with the last disconnect reason.",
        "telemetry",
        null_means="The agent runs no Discord adapter.",
    ),
    Alias(
        "/v1/telemetry/errors",
        "errors.graphql",
        ("agent", "errors"),
        "Error groups (one per fingerprint), most recently seen first, as a page.",
        "telemetry",
        (
            Param(
                "since",
                "since",
                str | None,
                None,
                "Last seen at or after (ISO 8601, zoned).",
                schema=DATE_TIME,
            ),
            Param("level", "level", str | None, None, "WARNING, ERROR or CRITICAL.", upper=True),
            Param(
                "source",
                "source",
                str | None,
                None,
                "A logger name; its children match.",
                schema=NOT_EMPTY,
            ),
            Param(
                "fingerprint",
                "fingerprint",
                str | None,
                None,
                "One group's fingerprint.",
                schema=NOT_EMPTY,
            ),
            FIRST,
            after("errors"),
            Param(
                "include_stack_trace",
                "includeStackTrace",
                bool,
                False,
                "Include stack traces (needs ADMIN).",
            ),
        ),
    ),
    Alias(
        "/v1/runtime/queue/status",
        "queue_status.graphql",
        ("agent", "queue"),
        "The processing queue: depth, items with age and task, throughput.",
        "runtime",
    ),
    Alias(
        "/v1/visibility/cognitive-state",
        "cognitive_state.graphql",
        ("agent", "cognitiveState"),
        "Current cognitive state, since when, its history and the allowed next states.",
        "visibility",
    ),
    Alias(
        "/v1/visibility/thoughts",
        "thoughts.graphql",
        ("agent", "thoughts"),
        "Thoughts, newest first, as a page.",
        "visibility",
        (
            FIRST,
            after("thoughts"),
            Param(
                "status",
                "status",
                list[str] | None,
                None,
                "Any of PENDING, PROCESSING, COMPLETED, FAILED, DEFERRED.",
                upper=True,
            ),
            Param(
                "type",
                "type",
                list[str] | None,
                None,
                "Any thought types (e.g. STANDARD).",
                upper=True,
            ),
            Param(
                "include_content",
                "includeContent",
                bool,
                False,
                "Include thought text (needs ADMIN).",
            ),
        ),
    ),
    Alias(
        "/v1/visibility/system-snapshot",
        "system_snapshot.graphql",
        ("agent", "snapshot"),
        "Identity, version, uptime, state, resources, active task, decisions, health.",
        "visibility",
        (
            Param(
                "recent_decisions",
                "recentDecisions",
                int,
                5,
                f"How many decisions, 0..{MAX_RECENT_DECISIONS}.",
                schema={"minimum": 0, "maximum": MAX_RECENT_DECISIONS},
            ),
        ),
    ),
    Alias(
        "/v1/system/services/health",
        "service_health.graphql",
        ("agent", "serviceHealth"),
        "Overall and per-service health with breaker state and priority.",
        "system",
    ),
    Alias(
        "/v1/telemetry/traces/{trace_id}",
        "trace.graphql",
        ("trace",),
        "One trace as a timeline: the gateway's requests, audit entries and errors, and each "
        "agent's service correlations, audit entries, errors and log lines with that trace id "
        "(a W3C trace id or a CIRIS pipeline trace id, any case).",
        "telemetry",
        (
            Param(
                "trace_id",
                "id",
                str,
                None,
                "The trace id: 1 to 64 letters, digits, '-' or '_'.",
                location="path",
                schema={"pattern": f"^{TRACE_ID_PATTERN.pattern}$"},
            ),
        ),
        null_means="Nothing the gateway or its agents hold carries this trace id.",
        per_agent=False,
        agent_filter=True,
    ),
    Alias(
        "/v1/telemetry/handlers",
        "handlers.graphql",
        ("agent", "handlers"),
        "The ten action handlers: the dispatcher's counters and rates, durations measured in the "
        "agent (average, p50/p95/p99), the last error, and the buses each uses with their health.",
        "telemetry",
    ),
    Alias(
        "/v1/telemetry/tsdb/status",
        "tsdb_status.graphql",
        ("agent", "tsdbStatus"),
        "The gateway's aggregation of the agent's metric points (last and next run, points and "
        "aggregates written, compression ratio, storage saved) and the agent's own "
        "consolidation state.",
        "telemetry",
    ),
    Alias(
        "/v1/telemetry/rate-limits",
        "rate_limits.graphql",
        ("rateLimits",),
        "The caller's rate limits: per endpoint the limit in force (and where it comes from), "
        "use, remaining and reset time, the GraphQL points budget, and quota requests; ADMIN "
        "sees every active API key's and every request.",
        "gateway",
        (
            Param("key_id", "keyId", str | None, None, "One API key (another's needs ADMIN)."),
            Param(
                "quota_status",
                "quotaStatus",
                str | None,
                None,
                "Only quota requests in this status: PENDING, APPROVED or DENIED.",
                upper=True,
            ),
            Param(
                "quota_requests",
                "quotaRequestLimit",
                int,
                50,
                f"Quota requests, 1..{MAX_QUOTA_REQUESTS}.",
                schema={"minimum": 1, "maximum": MAX_QUOTA_REQUESTS},
            ),
            Param(
                "include_idle",
                "includeIdle",
                bool,
                False,
                "Every endpoint, also those with nothing used.",
            ),
        ),
        per_agent=False,
    ),
    Alias(
        "/v1/incidents/recent",
        "incidents_recent.graphql",
        ("incidents",),
        "Incidents across the fleet (or of `agent`), newest first by first sighting, as a page: "
        "normalised severity, status, first and last seen, occurrences, resolution time.",
        "incidents",
        (
            Param(
                "severity",
                "severity",
                list[str] | None,
                None,
                "Repeatable: CRITICAL, HIGH, MEDIUM, LOW.",
                upper=True,
            ),
            Param(
                "status",
                "status",
                list[str] | None,
                None,
                "Repeatable: OPEN, INVESTIGATING, RESOLVED, CLOSED, RECURRING.",
                upper=True,
            ),
            Param(
                "since",
                "since",
                str | None,
                None,
                "Last seen at or after (ISO 8601, zoned).",
                schema=DATE_TIME,
            ),
            Param(
                "until",
                "until",
                str | None,
                None,
                "First seen before (ISO 8601, zoned).",
                schema=DATE_TIME,
            ),
            FIRST,
            after("incidents"),
        ),
        per_agent=False,
        agent_filter=True,
    ),
)
