"""Per-request state the resolvers share: who is asking, which agents exist, what was fetched.

A request gets one `RequestContext`. Runtime reads are memoised for the request (several
fields of one query read the same breaker list once), and keyed loads go through DataLoaders,
so the number of datasource calls does not grow with the number of items in a response.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ciris_telemetry.aggregation.anomalies import AnomalyRule
from ciris_telemetry.audit_log import GatewayAuditLog
from ciris_telemetry.auth.roles import Role, role_satisfies
from ciris_telemetry.collectors.errors import ErrorCollector
from ciris_telemetry.datasources.protocol import RuntimeReader, SourceUnavailable, StoreReader
from ciris_telemetry.datasources.reasoning import ReasoningFeed
from ciris_telemetry.datasources.runtime.error_feed import ErrorFeed
from ciris_telemetry.request_log import RequestLog
from ciris_telemetry.store import GatewayStore
from ciris_telemetry.subscriptions.broker import Broker
from ciris_telemetry.subscriptions.samples import SampleHub

from .errors import ForbiddenError, NotFoundError, SourceUnavailableError
from .loaders import AgentLoaders

if TYPE_CHECKING:
    # The job imports this module (it reads the fleet through AgentDirectory).
    from ciris_telemetry.aggregation.job import MetricsAggregationJob
    from ciris_telemetry.export.jobs import ExportJobs
    from ciris_telemetry.ratelimit.service import Caller, PointsBudget, RateLimitService

T = TypeVar("T")


def _consume_outcome(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


@dataclass(frozen=True, slots=True)
class AgentSources:
    """The readers that serve one agent."""

    agent_id: str
    runtime: RuntimeReader
    store: StoreReader
    # The agent's live reasoning stream, where it can be followed.
    reasoning: ReasoningFeed | None = None
    # True where the store cannot list thoughts (a remote agent): thought updates then come
    # from the reasoning stream instead of store snapshots.
    thoughts_from_reasoning: bool = False
    # Errors the agent's collector records, as they are recorded (in-process agents only).
    errors_feed: ErrorFeed | None = None


class AgentDirectory(Protocol):
    """The fleet as resolvers see it."""

    def ids(self) -> list[str]: ...

    def get(self, agent_id: str) -> AgentSources | None: ...


@dataclass(frozen=True, slots=True)
class QueryLimits:
    max_page_size: int = 100
    # A metric history reads at most this many raw points (more is refused, never cut) and
    # answers at most this many buckets.
    max_history_points: int = 200_000
    max_history_buckets: int = 10_000
    history_raw_retention_hours: int = 24


@dataclass
class RequestContext:
    directory: AgentDirectory
    role: Role
    limits: QueryLimits = field(default_factory=QueryLimits)
    broker: Broker | None = None
    event_queue_size: int = 256
    samples: SampleHub | None = None
    min_sample_interval_seconds: float = 1.0
    # False on a WebSocket until its connection_init carried a valid credential.
    authenticated: bool = True
    # What the gateway itself produces: its own store, and the errors of its own process.
    # How daily summaries score hours as anomalies.
    anomaly_rule: AnomalyRule = field(default_factory=AnomalyRule)
    gateway_store: GatewayStore | None = None
    gateway_errors: ErrorCollector | None = None
    # Who is asking, as the audit log names them (an API key id, or "service").
    principal_id: str | None = None
    # Where writes are recorded; a write is refused without it.
    audit: GatewayAuditLog | None = None
    # True for operations arriving over a WebSocket, where writes are refused.
    via_websocket: bool = False
    # This replica's finished HTTP requests by trace id (the request log of `trace(id)`).
    request_log: RequestLog | None = None
    # The metric aggregation job of this gateway, where it runs.
    aggregation: MetricsAggregationJob | None = None
    # The caller's GraphQL points, charged with each operation's cost; None: not limited.
    points_budget: PointsBudget | None = None
    # The gateway's rate limits (usage view, quota requests); None: rate limits are disabled.
    rate_limits: RateLimitService | None = None
    # Whose buckets this request is charged to; None for a request without a principal.
    rate_limit_caller: Caller | None = None
    # This replica's export jobs (createExport, exportJob); None where none run.
    export_jobs: ExportJobs | None = None
    _memo: dict[tuple[str, str], asyncio.Future[Any]] = field(default_factory=dict, repr=False)
    # Callers awaiting each running fetch of `_memo`.
    _waiting: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)
    _loaders: dict[str, AgentLoaders] = field(default_factory=dict, repr=False)

    def tick_context(self) -> RequestContext:
        """A context for one tick of a shared sample: nothing memoised from earlier ticks, and
        OBSERVER's view, because the sample goes to every subscriber whatever their role."""
        return RequestContext(directory=self.directory, role=Role.OBSERVER, limits=self.limits)

    def sources(self, agent_id: str) -> AgentSources:
        found = self.directory.get(agent_id)
        if found is None:
            raise NotFoundError(
                f"No agent with id '{agent_id}'. Known agents: "
                f"{', '.join(self.directory.ids()) or 'none'}."
            )
        return found

    def require(self, needed: Role, what: str) -> None:
        """Refuse `what` unless the caller's role is at least `needed`."""
        if not role_satisfies(self.role, needed):
            raise ForbiddenError(
                f"{what} requires role {needed.name}; this credential has {self.role.name}."
            )

    async def once(self, agent_id: str, key: str, fetch: Callable[[], Awaitable[T]]) -> T:
        """Run `fetch` at most once per request for (agent, key); map source outages.

        Concurrent callers (sibling fields resolve together) share the one running fetch.
        A caller that is cancelled (graphql-core cancels the siblings of a field whose null
        reached a non-null parent) leaves it running for the others; it is cancelled only
        when no caller waits any more, so a cancelled request leaves nothing behind.
        """
        memo_key = (agent_id, key)
        pending = self._memo.get(memo_key)
        if pending is None or pending.cancelled():
            pending = asyncio.ensure_future(fetch())
            # Callers may stop caring (a sibling failed first); the outcome is still consumed.
            pending.add_done_callback(_consume_outcome)
            self._memo[memo_key] = pending
        self._waiting[memo_key] = self._waiting.get(memo_key, 0) + 1
        try:
            result: T = await asyncio.shield(pending)
        except SourceUnavailable as exc:
            raise SourceUnavailableError(f"Agent '{agent_id}': {exc}") from exc
        finally:
            self._waiting[memo_key] -= 1
            if not self._waiting[memo_key] and not pending.done():
                pending.cancel()  # every caller was cancelled
        return result

    def loaders(self, agent_id: str) -> AgentLoaders:
        if agent_id not in self._loaders:
            self._loaders[agent_id] = AgentLoaders(self.sources(agent_id).store)
        return self._loaders[agent_id]
