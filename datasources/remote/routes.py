"""The agent REST routes the remote source reads (AGENT_FACTS §2), as values.

A route's `key` (path and query) identifies one upstream answer for coalescing and caching;
its `label` (the path template) names it in counters, so metric names in a path do not
multiply counter series.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode


@dataclass(frozen=True, slots=True)
class Route:
    path: str
    params: tuple[tuple[str, str], ...] = ()
    template: str | None = None

    @property
    def key(self) -> str:
        return f"{self.path}?{urlencode(self.params)}" if self.params else self.path

    @property
    def label(self) -> str:
        return self.template or self.path


AGENT_STATUS = Route("/v1/agent/status")
AGENT_IDENTITY = Route("/v1/agent/identity")
SYSTEM_HEALTH = Route("/v1/system/health")
SYSTEM_TIME = Route("/v1/system/time")
LLM_STATUS = Route("/v1/system/llm/status")
LLM_PROVIDERS = Route("/v1/system/llm/providers")
SERVICES_HEALTH = Route("/v1/system/services/health")
ADAPTERS = Route("/v1/system/adapters")
QUEUE = Route("/v1/system/runtime/queue")
RESOURCES = Route("/v1/system/resources")
OVERVIEW = Route("/v1/telemetry/overview")

# The log route caps `limit` at 1000 and filters by one exact level per call.
LOG_LIMIT = 1000
# The trace route lists reasoning traces of the most recent tasks (it allows up to 100); each
# trace carries that task's thoughts. Fifty tasks cover the largest decision list the schema
# asks for while keeping the agent's per-task trace assembly modest.
TRACE_TASKS = 50
TRACES = Route("/v1/telemetry/traces", (("limit", str(TRACE_TASKS)),))
# The longest history the per-metric route allows.
METRIC_HOURS = 168


# Every level at once, newest first: what a look-up by trace id searches.
RECENT_LOGS = Route("/v1/telemetry/logs", (("limit", str(LOG_LIMIT)),))


def logs(level: str) -> Route:
    return Route("/v1/telemetry/logs", (("level", level), ("limit", str(LOG_LIMIT))))


def metric(metric_name: str, hours: int = METRIC_HOURS) -> Route:
    return Route(
        f"/v1/telemetry/metrics/{quote(metric_name, safe='')}",
        (("hours", str(hours)),),
        template="/v1/telemetry/metrics/{metric_name}",
    )


# Every metric name the agent lists, each with its newest points.
METRICS = Route("/v1/telemetry/metrics")
