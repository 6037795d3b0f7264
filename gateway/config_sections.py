"""The settings sections of the gateway's configuration, one model per table of the TOML file
(`[limits]`, `[subscriptions]`, `[rate_limits]`, `[export]`, ...). `config.Settings` holds
them; every section is frozen and refuses unknown keys.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError
from strawberry.http.websocket_origin import normalize_allowed_origins


class Limits(BaseModel):
    """Bounds that protect the GraphQL endpoint from expensive or abusive queries."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_depth: int = Field(default=12, ge=1)
    max_aliases: int = Field(default=15, ge=1)
    max_tokens: int = Field(default=2000, ge=1)
    max_page_size: int = Field(default=100, ge=1)
    max_query_bytes: int = Field(default=100_000, ge=1)


class SubscriptionSettings(BaseModel):
    """Live subscriptions: how often agents are polled and how much each party may hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    poll_interval_seconds: float = Field(default=1.0, gt=0, le=3600)
    replay_size: int = Field(default=1000, ge=1, le=1_000_000)
    max_queue: int = Field(default=256, ge=1, le=100_000)
    max_per_connection: int = Field(default=100, ge=1, le=10_000)
    connection_init_timeout_seconds: float = Field(default=10.0, gt=0, le=600)
    allowed_origins: list[str] = Field(default_factory=list)
    legacy_graphql_ws: bool = False
    # Periodic samples (queue, systemSummary, metrics): the shortest interval a client may ask
    # for, and how many unread samples a subscriber may hold before its oldest are dropped.
    min_sample_interval_seconds: float = Field(default=1.0, gt=0, le=3600)
    sample_queue: int = Field(default=16, ge=1, le=10_000)
    # Reasoning-stream steps held for the relay of an in-process agent before the oldest drop.
    reasoning_buffer: int = Field(default=10_000, ge=1, le=1_000_000)

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, origins: list[str]) -> list[str]:
        """Refused here, with the field named, rather than when the routes are built."""
        try:
            normalize_allowed_origins(origins)
        except ValueError as exc:
            raise PydanticCustomError("origin", str(exc)) from None
        return origins


class CollectorSettings(BaseModel):
    """The collectors that run inside an agent: how often handler metrics are written to the
    gateway store, and how many error groups the error collector keeps."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    handler_flush_seconds: float = Field(default=60.0, gt=0, le=86_400)
    error_capacity: int = Field(default=1000, ge=1, le=1_000_000)


class TracingSettings(BaseModel):
    """Request tracing: how many finished requests this replica keeps findable by trace id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    request_log_size: int = Field(default=10_000, ge=1, le=1_000_000)


class AggregationSettings(BaseModel):
    """The hourly and daily metric aggregation job: how often it runs, how long a replica's
    claim on an hour lasts if it dies mid-run, and the most raw points one hour may hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    interval_seconds: float = Field(default=3600.0, gt=0, le=86_400)
    # The first run waits this long after start-up, so a short-lived process (a test, a CLI
    # call) never runs it and a starting replica serves requests first.
    first_run_delay_seconds: float = Field(default=60.0, ge=0, le=86_400)
    lock_ttl_seconds: float = Field(default=600.0, gt=0, le=86_400)
    max_points_per_hour: int = Field(default=1_000_000, ge=1, le=100_000_000)
    # Daily summaries: an hour is an anomaly when its robust score against the previous
    # `anomaly_baseline_hours` hours exceeds the threshold (gateway/aggregation/anomalies.py).
    anomaly_threshold: float = Field(default=3.5, gt=0, le=1_000)
    anomaly_baseline_hours: int = Field(default=24, ge=6, le=168)


class HistorySettings(BaseModel):
    """Bounds of one metric history query: the most raw points it may read (more is refused,
    never cut) and the most buckets it may answer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_raw_points: int = Field(default=200_000, ge=1, le=100_000_000)
    max_buckets: int = Field(default=10_000, ge=1, le=1_000_000)
    # How long the agents keep raw points (CIRIS: 24 h); whole hours older than that are read
    # from the gateway's hourly aggregates.
    raw_retention_hours: int = Field(default=24, ge=1, le=24 * 366)


class MetricsSettings(BaseModel):
    """Prometheus `/metrics`: who may scrape it, how long a scrape waits for each agent, and
    how many GraphQL operation names the request histogram labels (the rest: "other")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # False: a scrape needs a credential with role OBSERVER (Prometheus sends it as a bearer
    # token); true: anyone who reaches the port may scrape.
    public: bool = False
    agent_timeout_seconds: float = Field(default=5.0, gt=0, le=300)
    max_operation_names: int = Field(default=100, ge=0, le=10_000)


class LimitSpec(BaseModel):
    """`requests` per `period_seconds`, with up to `burst` (default: `requests`) at once."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    requests: int = Field(ge=1)
    period_seconds: float = Field(gt=0, le=366 * 24 * 3600)
    burst: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _usable(self) -> LimitSpec:
        # The limiter's own checks (rate finer than a microsecond, refill over 366 days),
        # run here so a bad limit is refused at start-up with the field named.
        from ciris_telemetry.ratelimit.policy import RateLimit

        try:
            RateLimit(self.requests, self.period_seconds, self.burst)
        except ValueError as exc:
            raise PydanticCustomError("rate_limit", str(exc)) from None
        return self


RateLimitFailurePolicy = Literal["open", "closed", "local"]
GRAPHQL_ENDPOINT = "graphql"


class RateLimitSettings(BaseModel):
    """Request limits per caller and endpoint, and the GraphQL points budget.

    A request's limit is the most specific one configured: the API key's (`keys`, by key id),
    else the endpoint's (`endpoints`, by REST path template or "graphql"), else the role's
    (`roles`, by role name), else `default`; an approved quota request for the caller and
    endpoint outranks them all. `on_failure` says what happens while Redis (`redis_url`) does
    not answer; it is retried every `redis_retry_seconds`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    on_failure: RateLimitFailurePolicy = "open"
    redis_retry_seconds: float = Field(default=5.0, gt=0, le=3600)
    default: LimitSpec = Field(default_factory=lambda: LimitSpec(requests=600, period_seconds=60))
    roles: dict[str, LimitSpec] = Field(default_factory=dict)
    keys: dict[str, LimitSpec] = Field(default_factory=dict)
    endpoints: dict[str, LimitSpec] = Field(default_factory=dict)
    # GitHub's GraphQL budget: 5000 points an hour.
    graphql_points: LimitSpec = Field(
        default_factory=lambda: LimitSpec(requests=5000, period_seconds=3600)
    )
    # The most points one operation may cost (None: costs are computed, never refused).
    max_query_cost: int | None = Field(default=1000, ge=1)
    # How soon an approved quota request takes effect on other replicas (this one: at once).
    quota_refresh_seconds: float = Field(default=10.0, gt=0, le=3600)

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, roles: dict[str, LimitSpec]) -> dict[str, LimitSpec]:
        # Imported here: the auth package imports this module.
        from ciris_telemetry.auth.roles import Role

        names = [role.value for role in Role]
        unknown = sorted(name for name in roles if name not in names)
        if unknown:
            raise PydanticCustomError(
                "unknown_role",
                "unknown role(s) {unknown}; roles are {known}",
                {"unknown": ", ".join(unknown), "known": ", ".join(names)},
            )
        return roles

    @field_validator("keys")
    @classmethod
    def _key_ids(cls, keys: dict[str, LimitSpec]) -> dict[str, LimitSpec]:
        if any(not key_id.strip() for key_id in keys):
            raise PydanticCustomError("empty_key_id", "API key ids must not be empty")
        return keys

    @field_validator("endpoints")
    @classmethod
    def _known_endpoints(cls, endpoints: dict[str, LimitSpec]) -> dict[str, LimitSpec]:
        # Imported here: the endpoint list reads the REST catalog, which imports this module.
        from ciris_telemetry.ratelimit.endpoints import request_endpoints

        known = request_endpoints()
        unknown = sorted(name for name in endpoints if name not in known)
        if unknown:
            raise PydanticCustomError(
                "unknown_endpoint",
                'unknown endpoint(s) {unknown}; use "graphql" or a REST path template such '
                "as /v1/telemetry/history",
                {"unknown": ", ".join(unknown)},
            )
        return endpoints

    @model_validator(mode="after")
    def _costliest_query_fits(self) -> RateLimitSettings:
        capacity = self.graphql_points.burst or self.graphql_points.requests
        if self.max_query_cost is not None and self.max_query_cost > capacity:
            raise PydanticCustomError(
                "max_query_cost_over_budget",
                "max_query_cost ({cost}) is more than the graphql_points budget holds "
                "({capacity}): such queries would pass the cost check and never fit the budget",
                {"cost": self.max_query_cost, "capacity": capacity},
            )
        return self


class ExportSettings(BaseModel):
    """Exports: the most rows GET /v1/telemetry/export streams (more is an async job), and how
    export jobs run: how many at once per replica, how many one caller may have open, rows per
    batch, how often progress and heartbeats are written, when a silent replica's job is taken
    over, how long a finished job's file is kept and how long an expired job is still shown."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sync_max_rows: int = Field(default=1_000_000, ge=1, le=1_000_000_000)
    job_ttl_seconds: float = Field(default=86_400.0, gt=0, le=90 * 86_400)
    # How long an EXPIRED job is still reported (then its record is deleted, so the scheduler's
    # scan of the job list stays as short as the jobs of the last days).
    expired_retention_seconds: float = Field(default=7 * 86_400.0, ge=0, le=365 * 86_400)
    max_running_jobs: int = Field(default=2, ge=1, le=64)
    # Jobs one caller may have queued or running at once: any OBSERVER may start jobs, so one
    # caller must not fill the queue (and the disk) for everyone.
    max_open_jobs_per_caller: int = Field(default=4, ge=1, le=1000)
    batch_rows: int = Field(default=10_000, ge=1, le=1_000_000)
    progress_every_batches: int = Field(default=10, ge=1, le=1_000_000)
    heartbeat_seconds: float = Field(default=10.0, gt=0, le=3600)
    # Longer than a few heartbeats, so a busy replica is never taken for a dead one.
    stale_after_seconds: float = Field(default=60.0, gt=0, le=86_400)
    # How often queued and abandoned jobs are looked for, and expired ones swept.
    poll_seconds: float = Field(default=5.0, gt=0, le=3600)
    sweep_seconds: float = Field(default=300.0, gt=0, le=86_400)


class ServiceHealthSettings(BaseModel):
    """The service health history job: how often each agent's service health is sampled into
    the gateway store, how long samples are kept, and how often older hours are swept."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    sample_seconds: int = Field(default=60, ge=1, le=3600)
    # 8 days keep the 7-day availability window whole; 31 is the longest history query.
    retention_days: int = Field(default=8, ge=1, le=31)
    sweep_seconds: float = Field(default=3600.0, gt=0, le=86_400)
