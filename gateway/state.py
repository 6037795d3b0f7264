"""What the running application holds: built once at start-up, read by every request."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import strawberry

from ciris_telemetry.aggregation.anomalies import AnomalyRule
from ciris_telemetry.aggregation.job import MetricsAggregationJob
from ciris_telemetry.auth import ApiKeyService, Authenticator, Role
from ciris_telemetry.resolvers.context import AgentDirectory, QueryLimits, RequestContext
from ciris_telemetry.store import GatewayStore
from ciris_telemetry.subscriptions.broker import Broker

from .audit_log import GatewayAuditLog
from .collectors.errors import CollectingLogHandler, ErrorCollector
from .config import Settings
from .export.jobs import ExportJobs
from .gql.schema_factory import build_schema
from .health_history.sampler import ServiceHealthSampler
from .live_events import LiveEvents
from .metrics.gateway_metrics import GatewayMetrics
from .metrics.measured_sources import MeasuredDirectory
from .ratelimit.service import Caller, RateLimitService
from .request_log import RequestLog


@dataclass
class GatewayState:
    schema: strawberry.Schema
    directory: AgentDirectory
    query_limits: QueryLimits
    authenticator: Authenticator
    live: LiveEvents
    event_queue_size: int
    min_sample_interval_seconds: float
    store: GatewayStore
    audit: GatewayAuditLog
    # The errors of the gateway's own process (its `ciris_telemetry` loggers at ERROR).
    gateway_errors: ErrorCollector
    # This replica's finished requests, by trace id (fed by the tracing middleware).
    request_log: RequestLog
    # The gateway's own Prometheus metrics (this app's registry, not the process-global one).
    metrics: GatewayMetrics
    # How daily summaries score hours as anomalies (from the aggregation settings).
    anomaly_rule: AnomalyRule = field(default_factory=AnomalyRule)
    # The metric aggregation job (started and closed with `live`); None when disabled.
    aggregation: MetricsAggregationJob | None = None
    # Request limits and GraphQL points budgets; None when rate limits are disabled.
    rate_limits: RateLimitService | None = None
    # Export jobs (built with the state, started and closed with `live`).
    export_jobs: ExportJobs | None = None
    # Samples service health into the gateway store; None when disabled.
    health_sampler: ServiceHealthSampler | None = None

    @property
    def broker(self) -> Broker:
        return self.live.broker

    def request_context(
        self,
        role: Role,
        *,
        principal_id: str | None = None,
        authenticated: bool = True,
        via_websocket: bool = False,
        rate_limit_caller: Caller | None = None,
    ) -> RequestContext:
        """What resolvers see of this gateway for one request (GraphQL or a REST alias)."""
        return RequestContext(
            directory=self.directory,
            role=role,
            limits=self.query_limits,
            broker=self.broker,
            event_queue_size=self.event_queue_size,
            samples=self.live.samples,
            min_sample_interval_seconds=self.min_sample_interval_seconds,
            authenticated=authenticated,
            gateway_store=self.store,
            gateway_errors=self.gateway_errors,
            principal_id=principal_id,
            audit=self.audit,
            via_websocket=via_websocket,
            request_log=self.request_log,
            aggregation=self.aggregation,
            anomaly_rule=self.anomaly_rule,
            rate_limits=self.rate_limits,
            rate_limit_caller=rate_limit_caller,
            export_jobs=self.export_jobs,
        )

    def collect_errors(self) -> Callable[[], None]:
        """Feed ERROR records of the `ciris_telemetry` loggers into `gateway_errors` until the
        returned function is called (once the app stops serving)."""
        handler = CollectingLogHandler(self.gateway_errors, level=logging.ERROR)
        logger = logging.getLogger("ciris_telemetry")
        logger.addHandler(handler)
        return lambda: logger.removeHandler(handler)

    @classmethod
    def build(
        cls,
        settings: Settings,
        directory: AgentDirectory,
        store: GatewayStore,
        schema: strawberry.Schema,
        request_log: RequestLog | None = None,
        metrics: GatewayMetrics | None = None,
    ) -> GatewayState:
        """The state for serving `directory` with `settings` and `schema` (the one the routes
        were mounted with); live events are built, not started. `request_log` is the one the
        app's tracing middleware writes (a new, empty one by default); `metrics` the ones the
        middleware and `schema` feed (new ones by default). Every call to an agent's readers
        made through this state is timed into `metrics`."""
        limits = settings.limits
        if metrics is None:
            metrics = metrics_for(settings)
        directory = MeasuredDirectory(directory, metrics)
        live = LiveEvents.open(settings, directory)
        live.aggregation = aggregation_job_for(settings, directory, store)
        state = cls(
            schema=schema,
            directory=directory,
            query_limits=QueryLimits(
                max_page_size=limits.max_page_size,
                max_history_points=settings.history.max_raw_points,
                max_history_buckets=settings.history.max_buckets,
                history_raw_retention_hours=settings.history.raw_retention_hours,
            ),
            anomaly_rule=AnomalyRule.from_settings(settings.aggregation),
            authenticator=Authenticator(settings, ApiKeyService(store)),
            live=live,
            aggregation=live.aggregation,
            rate_limits=RateLimitService.open(settings, store, metrics=metrics),
            event_queue_size=settings.subscriptions.max_queue,
            min_sample_interval_seconds=settings.subscriptions.min_sample_interval_seconds,
            store=store,
            audit=GatewayAuditLog(store),
            gateway_errors=ErrorCollector(capacity=settings.collectors.error_capacity),
            request_log=(
                request_log
                if request_log is not None
                else RequestLog(settings.tracing.request_log_size)
            ),
            metrics=metrics,
        )
        state.export_jobs = ExportJobs(
            store, settings.export, settings.data_dir, lambda role: state.request_context(role)
        )
        state.health_sampler = health_sampler_for(settings, directory, store)
        return state


def aggregation_job_for(
    settings: Settings, directory: AgentDirectory, store: GatewayStore
) -> MetricsAggregationJob | None:
    """The fleet's aggregation job as configured (built, not started); None when disabled."""
    config = settings.aggregation
    if not config.enabled:
        return None
    return MetricsAggregationJob(
        directory,
        store,
        interval_seconds=config.interval_seconds,
        first_run_delay_seconds=config.first_run_delay_seconds,
        lock_ttl_seconds=config.lock_ttl_seconds,
        max_points_per_hour=config.max_points_per_hour,
    )


def health_sampler_for(
    settings: Settings, directory: AgentDirectory, store: GatewayStore
) -> ServiceHealthSampler | None:
    """The service health sampler as configured (built, not started); None when disabled."""
    config = settings.service_health
    if not config.enabled:
        return None
    return ServiceHealthSampler(
        directory,
        store,
        sample_seconds=config.sample_seconds,
        retention=timedelta(days=config.retention_days),
        sweep_seconds=config.sweep_seconds,
    )


def metrics_for(settings: Settings) -> GatewayMetrics:
    """New, empty gateway metrics as configured."""
    return GatewayMetrics(max_operation_names=settings.metrics.max_operation_names)


def schema_for(settings: Settings, metrics: GatewayMetrics | None = None) -> strawberry.Schema:
    """The schema as configured; with `metrics`, its error codes and running subscriptions
    are counted there."""
    limits = settings.limits
    return build_schema(
        max_depth=limits.max_depth,
        max_aliases=limits.max_aliases,
        max_tokens=limits.max_tokens,
        max_query_cost=settings.rate_limits.max_query_cost,
        metrics=metrics,
    )
