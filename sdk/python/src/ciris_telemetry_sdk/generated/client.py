from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any, Optional, Union

from .agent_events import AgentEvents
from .agent_health import AgentHealth
from .agent_overview import AgentOverview
from .agent_resources import AgentResources
from .agents import Agents
from .aggregates_hourly import AggregatesHourly
from .async_base_client import AsyncBaseClient
from .audit_recent import AuditRecent
from .base_model import UNSET, UnsetType
from .circuit_breaker_changed import CircuitBreakerChanged
from .circuit_breakers import CircuitBreakers
from .cognitive_state import CognitiveState
from .cognitive_state_changed import CognitiveStateChanged
from .create_export import CreateExport
from .daily_summary import DailySummary
from .decide_quota_request import DecideQuotaRequest
from .discord_status import DiscordStatus
from .enums import (
    AgentEventKind,
    AuditOutcome,
    BreakerSource,
    ErrorLevel,
    HistoryAggregate,
    IncidentSeverity,
    IncidentStatus,
    QuotaRequestStatus,
    ThoughtStatus,
    ThoughtType,
)
from .error_recorded import ErrorRecorded
from .errors import Errors
from .export_job import ExportJob
from .fleet_dashboard import FleetDashboard
from .gateway_info import GatewayInfo
from .handler_snapshots import HandlerSnapshots
from .handlers import Handlers
from .health_changed import HealthChanged
from .history import History
from .incident_opened import IncidentOpened
from .incidents_recent import IncidentsRecent
from .input_types import ExportInput, TagFilter
from .llm_call import LlmCall
from .llm_usage import LlmUsage
from .metric_samples import MetricSamples
from .queue_samples import QueueSamples
from .queue_status import QueueStatus
from .rate_limit_budget import RateLimitBudget
from .rate_limits import RateLimits
from .request_quota_increase import RequestQuotaIncrease
from .reset_circuit_breaker import ResetCircuitBreaker
from .service_health import ServiceHealth
from .service_registry import ServiceRegistry
from .system_snapshot import SystemSnapshot
from .system_summary_samples import SystemSummarySamples
from .thought_updated import ThoughtUpdated
from .thoughts import Thoughts
from .trace import Trace
from .tsdb_status import TsdbStatus


def gql(q: str) -> str:
    return q


class GeneratedGatewayClient(AsyncBaseClient):
    async def create_export(self, input: ExportInput, **kwargs: Any) -> CreateExport:
        query = gql("""
            mutation CreateExport($input: ExportInput!) {
              createExport(input: $input) {
                ...ExportJobFields
              }
            }

            fragment ExportJobFields on ExportJob {
              id
              state
              kind
              format
              compression
              agent
              since
              until
              metrics
              rowsWritten
              bytesWritten
              rowsExpected
              createdAt
              startedAt
              finishedAt
              expiresAt
              error
              fileName
              downloadPath
            }
            """)
        variables: dict[str, object] = {"input": input}
        response = await self.execute(
            query=query, operation_name="CreateExport", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return CreateExport.model_validate(data)

    async def decide_quota_request(
        self,
        id: str,
        approve: bool,
        note: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> DecideQuotaRequest:
        query = gql("""
            mutation DecideQuotaRequest($id: ID!, $approve: Boolean!, $note: String) {
              decideQuotaRequest(id: $id, approve: $approve, note: $note) {
                ...QuotaRequestFields
              }
            }

            fragment QuotaRequestFields on QuotaRequest {
              id
              subject
              keyId
              endpoint
              requestedLimit
              periodSeconds
              limitAtRequest
              reason
              status
              requestedAt
              requestedBy
              decidedAt
              decidedBy
              note
            }
            """)
        variables: dict[str, object] = {"id": id, "approve": approve, "note": note}
        response = await self.execute(
            query=query,
            operation_name="DecideQuotaRequest",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return DecideQuotaRequest.model_validate(data)

    async def request_quota_increase(
        self, endpoint: str, limit: int, reason: str, **kwargs: Any
    ) -> RequestQuotaIncrease:
        query = gql("""
            mutation RequestQuotaIncrease($endpoint: String!, $limit: Int!, $reason: String!) {
              requestQuotaIncrease(endpoint: $endpoint, limit: $limit, reason: $reason) {
                ...QuotaRequestFields
              }
            }

            fragment QuotaRequestFields on QuotaRequest {
              id
              subject
              keyId
              endpoint
              requestedLimit
              periodSeconds
              limitAtRequest
              reason
              status
              requestedAt
              requestedBy
              decidedAt
              decidedBy
              note
            }
            """)
        variables: dict[str, object] = {
            "endpoint": endpoint,
            "limit": limit,
            "reason": reason,
        }
        response = await self.execute(
            query=query,
            operation_name="RequestQuotaIncrease",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return RequestQuotaIncrease.model_validate(data)

    async def reset_circuit_breaker(
        self, agent: str, source: BreakerSource, name: str, **kwargs: Any
    ) -> ResetCircuitBreaker:
        query = gql("""
            mutation ResetCircuitBreaker($agent: ID!, $source: BreakerSource!, $name: String!) {
              resetCircuitBreaker(agentId: $agent, source: $source, name: $name) {
                auditEntryId
                breaker {
                  key
                  name
                  source
                  state
                  failureCount
                  consecutiveFailures
                }
              }
            }
            """)
        variables: dict[str, object] = {"agent": agent, "source": source, "name": name}
        response = await self.execute(
            query=query,
            operation_name="ResetCircuitBreaker",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return ResetCircuitBreaker.model_validate(data)

    async def agent_health(self, agent: str, **kwargs: Any) -> AgentHealth:
        query = gql("""
            query AgentHealth($agent: ID!) {
              agent(id: $agent) {
                health {
                  status
                  version
                  uptimeSeconds
                  cognitiveState
                  initializationComplete
                  degradedMode
                  warnings {
                    code
                    message
                    severity
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {"agent": agent}
        response = await self.execute(
            query=query, operation_name="AgentHealth", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return AgentHealth.model_validate(data)

    async def agent_overview(self, agent: str, **kwargs: Any) -> AgentOverview:
        query = gql("""
            query AgentOverview($agent: ID!) {
              agent(id: $agent) {
                id
                version
                health {
                  status
                  uptimeSeconds
                  cognitiveState
                  degradedMode
                  warnings {
                    code
                    message
                    severity
                  }
                }
                usage {
                  tokensLastHour
                  costLastHourCents
                  carbonLastHourGrams
                  energyLastHourKwh
                  tokens24h
                  cost24hCents
                  carbon24hGrams
                  energy24hKwh
                }
                resources {
                  cpuPercent
                  memoryMb
                  memoryPercent
                  diskUsedMb
                  thoughtsActive
                  thoughtsQueued
                }
                recentIncidentCount(hours: 1)
                llm {
                  totals {
                    totalRequests
                    failedRequests
                    failureRate
                    averageLatencyMs
                    tokensTotal
                    costCents
                  }
                }
                serviceHealth {
                  overall
                  healthyCount
                  unhealthyCount
                }
                queue {
                  depth
                  thoughtsPerSecond
                  averageLatencyMs
                }
              }
            }
            """)
        variables: dict[str, object] = {"agent": agent}
        response = await self.execute(
            query=query, operation_name="AgentOverview", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return AgentOverview.model_validate(data)

    async def agent_resources(self, agent: str, **kwargs: Any) -> AgentResources:
        query = gql("""
            query AgentResources($agent: ID!) {
              agent(id: $agent) {
                resources {
                  cpuPercent
                  cpuAverage1mPercent
                  memoryMb
                  memoryPercent
                  diskUsedMb
                  diskFreeMb
                  thoughtsActive
                  thoughtsQueued
                  healthy
                  warnings
                  critical
                  limits {
                    resource
                    limit
                    warning
                    critical
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {"agent": agent}
        response = await self.execute(
            query=query, operation_name="AgentResources", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return AgentResources.model_validate(data)

    async def agents(self, **kwargs: Any) -> Agents:
        query = gql("""
            query Agents {
              agents {
                id
                version
                identity {
                  agentId
                  name
                  purpose
                  role
                  version
                  codename
                }
                health {
                  status
                  version
                  uptimeSeconds
                  cognitiveState
                  degradedMode
                }
              }
            }
            """)
        variables: dict[str, object] = {}
        response = await self.execute(
            query=query, operation_name="Agents", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Agents.model_validate(data)

    async def export_job(self, id: str, **kwargs: Any) -> ExportJob:
        query = gql("""
            query ExportJob($id: ID!) {
              exportJob(id: $id) {
                ...ExportJobFields
              }
            }

            fragment ExportJobFields on ExportJob {
              id
              state
              kind
              format
              compression
              agent
              since
              until
              metrics
              rowsWritten
              bytesWritten
              rowsExpected
              createdAt
              startedAt
              finishedAt
              expiresAt
              error
              fileName
              downloadPath
            }
            """)
        variables: dict[str, object] = {"id": id}
        response = await self.execute(
            query=query, operation_name="ExportJob", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return ExportJob.model_validate(data)

    async def gateway_info(self, **kwargs: Any) -> GatewayInfo:
        query = gql("""
            query GatewayInfo {
              gateway {
                version
                agentCount
              }
            }
            """)
        variables: dict[str, object] = {}
        response = await self.execute(
            query=query, operation_name="GatewayInfo", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return GatewayInfo.model_validate(data)

    async def handler_snapshots(
        self, agent: str, last: Union[Optional[int], UnsetType] = UNSET, **kwargs: Any
    ) -> HandlerSnapshots:
        query = gql("""
            query HandlerSnapshots($agent: ID!, $last: Int = 24) {
              agent(id: $agent) {
                id
                handlerSnapshots(last: $last) {
                  takenAt
                  handlers {
                    handler
                    invocations
                    errors
                    cancelled
                    p50Ms
                    p95Ms
                    p99Ms
                    meanMs
                    lastInvokedAt
                    lastError {
                      type
                      message
                      at
                    }
                    errorsByType {
                      type
                      count
                    }
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {"agent": agent, "last": last}
        response = await self.execute(
            query=query,
            operation_name="HandlerSnapshots",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return HandlerSnapshots.model_validate(data)

    async def rate_limit_budget(self, **kwargs: Any) -> RateLimitBudget:
        query = gql("""
            query RateLimitBudget {
              rateLimit {
                cost
                limit
                remaining
                resetAt
                used
              }
            }
            """)
        variables: dict[str, object] = {}
        response = await self.execute(
            query=query, operation_name="RateLimitBudget", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return RateLimitBudget.model_validate(data)

    async def aggregates_hourly(
        self, agent: str, hours: Union[Optional[int], UnsetType] = UNSET, **kwargs: Any
    ) -> AggregatesHourly:
        query = gql("""
            query AggregatesHourly($agent: ID!, $hours: Int) {
              agent(id: $agent) {
                id
                llmLatencyMs: aggregates(metric: "llm.latency.ms", last: $hours) {
                  ...Hour
                }
                tokens: aggregates(metric: "llm.tokens.total", last: $hours) {
                  ...Hour
                }
                costCents: aggregates(metric: "llm.cost.cents", last: $hours) {
                  ...Hour
                }
                energyKwh: aggregates(metric: "llm.environmental.energy_kwh", last: $hours) {
                  ...Hour
                }
                carbonGrams: aggregates(metric: "llm.environmental.carbon_grams", last: $hours) {
                  ...Hour
                }
                handlerInvocations: aggregates(metric: "handler_invoked_total", last: $hours) {
                  ...Hour
                }
                handlerErrors: aggregates(metric: "handler_error_total", last: $hours) {
                  ...Hour
                }
                thoughtsCompleted: aggregates(
                  metric: "thought_processing_completed"
                  last: $hours
                ) {
                  ...Hour
                }
              }
            }

            fragment Hour on MetricAggregate {
              id
              start
              end
              count
              sum
              min
              max
              avg
              p50
              p95
              p99
              change {
                avgAbsolute
                avgRelative
                sumAbsolute
                sumRelative
                trend
              }
            }
            """)
        variables: dict[str, object] = {"agent": agent, "hours": hours}
        response = await self.execute(
            query=query,
            operation_name="AggregatesHourly",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return AggregatesHourly.model_validate(data)

    async def audit_recent(
        self,
        agent: str,
        since: Union[Optional[datetime], UnsetType] = UNSET,
        until: Union[Optional[datetime], UnsetType] = UNSET,
        actor: Union[Optional[str], UnsetType] = UNSET,
        outcome: Union[Optional[list[AuditOutcome]], UnsetType] = UNSET,
        event_type: Union[Optional[list[str]], UnsetType] = UNSET,
        entity_id: Union[Optional[str], UnsetType] = UNSET,
        first: Union[Optional[int], UnsetType] = UNSET,
        after: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> AuditRecent:
        query = gql("""
            query AuditRecent($agent: ID!, $since: DateTime, $until: DateTime, $actor: String, $outcome: [AuditOutcome!], $eventType: [String!], $entityId: String, $first: Int = 20, $after: String) {
              agent(id: $agent) {
                audit(
                  since: $since
                  until: $until
                  actor: $actor
                  outcome: $outcome
                  eventType: $eventType
                  entityId: $entityId
                  first: $first
                  after: $after
                ) {
                  totalCount
                  pageInfo {
                    hasNextPage
                    endCursor
                  }
                  chainIntact
                  nodes {
                    id
                    sequenceNumber
                    recordedAt
                    eventType
                    actor
                    actorKeyId
                    entityId
                    subjectKind
                    outcome
                    outcomeRaw
                    details
                    previousHash
                    entryHash
                    signature
                    signingKeyId
                    signatureStatus
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {
            "agent": agent,
            "since": since,
            "until": until,
            "actor": actor,
            "outcome": outcome,
            "eventType": event_type,
            "entityId": entity_id,
            "first": first,
            "after": after,
        }
        response = await self.execute(
            query=query, operation_name="AuditRecent", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return AuditRecent.model_validate(data)

    async def circuit_breakers(
        self,
        agent: str,
        source: Union[Optional[BreakerSource], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> CircuitBreakers:
        query = gql("""
            query CircuitBreakers($agent: ID!, $source: BreakerSource) {
              agent(id: $agent) {
                circuitBreakers(source: $source) {
                  key
                  name
                  source
                  serviceType
                  state
                  failureCount
                  successCount
                  totalCalls
                  totalFailures
                  totalSuccesses
                  successRate
                  consecutiveFailures
                  recoveryAttempts
                  stateTransitions
                  totalTrips
                  totalResets
                  timeInOpenStateSeconds
                  lastFailureAt
                  lastOpenAt
                  config {
                    failureThreshold
                    recoveryTimeoutSeconds
                    successThreshold
                    timeoutDurationSeconds
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {"agent": agent, "source": source}
        response = await self.execute(
            query=query, operation_name="CircuitBreakers", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return CircuitBreakers.model_validate(data)

    async def cognitive_state(self, agent: str, **kwargs: Any) -> CognitiveState:
        query = gql("""
            query CognitiveState($agent: ID!) {
              agent(id: $agent) {
                cognitiveState {
                  current
                  since
                  paused
                  allowedNext
                  history {
                    fromState
                    toState
                    at
                    reason
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {"agent": agent}
        response = await self.execute(
            query=query, operation_name="CognitiveState", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return CognitiveState.model_validate(data)

    async def discord_status(self, agent: str, **kwargs: Any) -> DiscordStatus:
        query = gql("""
            query DiscordStatus($agent: ID!) {
              agent(id: $agent) {
                discord {
                  state
                  connected
                  latencyMs
                  guilds
                  users
                  reconnectAttempts
                  maxReconnectAttempts
                  lastConnectedAt
                  lastDisconnectedAt
                  lastDisconnectReason
                }
              }
            }
            """)
        variables: dict[str, object] = {"agent": agent}
        response = await self.execute(
            query=query, operation_name="DiscordStatus", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return DiscordStatus.model_validate(data)

    async def errors(
        self,
        agent: str,
        since: Union[Optional[datetime], UnsetType] = UNSET,
        level: Union[Optional[ErrorLevel], UnsetType] = UNSET,
        source: Union[Optional[str], UnsetType] = UNSET,
        fingerprint: Union[Optional[str], UnsetType] = UNSET,
        first: Union[Optional[int], UnsetType] = UNSET,
        after: Union[Optional[str], UnsetType] = UNSET,
        include_stack_trace: Union[Optional[bool], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> Errors:
        query = gql("""
            query Errors($agent: ID!, $since: DateTime, $level: ErrorLevel, $source: String, $fingerprint: String, $first: Int = 20, $after: String, $includeStackTrace: Boolean = false) {
              agent(id: $agent) {
                errors(
                  since: $since
                  level: $level
                  source: $source
                  fingerprint: $fingerprint
                  first: $first
                  after: $after
                ) {
                  totalCount
                  pageInfo {
                    hasNextPage
                    endCursor
                  }
                  nodes {
                    fingerprint
                    typeName
                    message
                    level
                    logger
                    file
                    line
                    function
                    firstSeen
                    lastSeen
                    occurrences
                    origin
                    context {
                      thoughtId
                      taskId
                      handler
                      traceId
                    }
                    stackTrace @include(if: $includeStackTrace)
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {
            "agent": agent,
            "since": since,
            "level": level,
            "source": source,
            "fingerprint": fingerprint,
            "first": first,
            "after": after,
            "includeStackTrace": include_stack_trace,
        }
        response = await self.execute(
            query=query, operation_name="Errors", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Errors.model_validate(data)

    async def fleet_dashboard(
        self, incidents: Union[Optional[int], UnsetType] = UNSET, **kwargs: Any
    ) -> FleetDashboard:
        query = gql("""
            query FleetDashboard($incidents: Int = 5) {
              fleet {
                totals {
                  agents
                  unreachable
                  healthy
                  degraded
                  critical
                  initializing
                  costLastHourCents
                  cost24hCents
                  tokensLastHour
                  tokens24h
                  incidentsLastHour
                  openCircuitBreakers
                  agentsWithOpenBreakers
                }
              }
              agents {
                id
                version
                health {
                  status
                  version
                  uptimeSeconds
                  cognitiveState
                  initializationComplete
                  degradedMode
                  warnings {
                    code
                    message
                    severity
                  }
                }
                usage {
                  costLastHourCents
                  cost24hCents
                  tokensLastHour
                  tokens24h
                }
                recentIncidentCount(hours: 1)
                incidents(last: $incidents) {
                  id
                  severity
                  status
                  title
                  sourceComponent
                  lastSeenAt
                  occurrences
                }
                resources {
                  cpuPercent
                  memoryMb
                  memoryPercent
                  diskUsedMb
                  diskFreeMb
                  healthy
                  warnings
                }
                adapters {
                  adapterType
                }
                llm {
                  providers {
                    name
                    model
                    totalRequests
                    failureRate
                    circuitBreaker {
                      state
                      consecutiveFailures
                    }
                  }
                }
                serviceRegistry {
                  serviceTypes {
                    serviceType
                    providers {
                      name
                      priority
                      circuitBreaker {
                        state
                      }
                    }
                  }
                }
                serviceHealth {
                  overall
                  services {
                    key
                    name
                    healthy
                    circuitBreakerState
                    priority
                  }
                }
                openCircuitBreakers: circuitBreakers(state: [OPEN, HALF_OPEN]) {
                  source
                  key
                  state
                }
              }
            }
            """)
        variables: dict[str, object] = {"incidents": incidents}
        response = await self.execute(
            query=query, operation_name="FleetDashboard", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return FleetDashboard.model_validate(data)

    async def handlers(self, agent: str, **kwargs: Any) -> Handlers:
        query = gql("""
            query Handlers($agent: ID!) {
              agent(id: $agent) {
                handlers {
                  action
                  className
                  invocations
                  completions
                  errors
                  errorRate
                  successRate
                  lastInvokedAt
                  averageDurationMs
                  p50DurationMs
                  p95DurationMs
                  p99DurationMs
                  cancelled
                  lastError {
                    type
                    message
                    at
                  }
                  errorsByType {
                    type
                    count
                  }
                  dependencies {
                    name
                    serviceType
                    healthy
                    providers
                    openBreakers
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {"agent": agent}
        response = await self.execute(
            query=query, operation_name="Handlers", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Handlers.model_validate(data)

    async def history(
        self,
        agent: str,
        metric: str,
        since: datetime,
        until: Union[Optional[datetime], UnsetType] = UNSET,
        step: Union[Optional[int], UnsetType] = UNSET,
        aggregates: Union[Optional[list[HistoryAggregate]], UnsetType] = UNSET,
        tags: Union[Optional[list[TagFilter]], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> History:
        query = gql("""
            query History($agent: ID!, $metric: String!, $since: DateTime!, $until: DateTime, $step: Int, $aggregates: [HistoryAggregate!], $tags: [TagFilter!]) {
              agent(id: $agent) {
                history(
                  metric: $metric
                  since: $since
                  until: $until
                  step: $step
                  aggregates: $aggregates
                  tags: $tags
                ) {
                  metric
                  since
                  until
                  stepSeconds
                  source
                  rawPoints
                  complete
                  problems
                  percentileMethod
                  aggregatedSince
                  aggregatedUntil
                  aggregateHours
                  rawRetentionCutoff
                  buckets {
                    start
                    count
                    source
                    values {
                      aggregate
                      value
                    }
                  }
                  points {
                    nodeId
                    at
                    value
                    labels
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {
            "agent": agent,
            "metric": metric,
            "since": since,
            "until": until,
            "step": step,
            "aggregates": aggregates,
            "tags": tags,
        }
        response = await self.execute(
            query=query, operation_name="History", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return History.model_validate(data)

    async def incidents_recent(
        self,
        agent: Union[Optional[str], UnsetType] = UNSET,
        severity: Union[Optional[list[IncidentSeverity]], UnsetType] = UNSET,
        status: Union[Optional[list[IncidentStatus]], UnsetType] = UNSET,
        since: Union[Optional[datetime], UnsetType] = UNSET,
        until: Union[Optional[datetime], UnsetType] = UNSET,
        first: Union[Optional[int], UnsetType] = UNSET,
        after: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> IncidentsRecent:
        query = gql("""
            query IncidentsRecent($agent: ID, $severity: [IncidentSeverity!], $status: [IncidentStatus!], $since: DateTime, $until: DateTime, $first: Int = 20, $after: String) {
              incidents(
                agentId: $agent
                severity: $severity
                status: $status
                since: $since
                until: $until
                first: $first
                after: $after
              ) {
                totalCount
                unreachableAgents
                pageInfo {
                  hasNextPage
                  endCursor
                }
                nodes {
                  id
                  agentId
                  severity
                  status
                  category
                  title
                  description
                  sourceComponent
                  handlerName
                  exceptionType
                  firstSeenAt
                  lastSeenAt
                  occurrences
                  resolvedAt
                  resolutionSeconds
                  resolutionNotes
                  taskId
                  thoughtId
                  correlationId
                  handler
                }
              }
            }
            """)
        variables: dict[str, object] = {
            "agent": agent,
            "severity": severity,
            "status": status,
            "since": since,
            "until": until,
            "first": first,
            "after": after,
        }
        response = await self.execute(
            query=query, operation_name="IncidentsRecent", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return IncidentsRecent.model_validate(data)

    async def llm_usage(self, agent: str, **kwargs: Any) -> LlmUsage:
        query = gql("""
            query LlmUsage($agent: ID!) {
              agent(id: $agent) {
                llm {
                  distributionStrategy
                  maxInFlightPerProvider
                  totals {
                    totalRequests
                    failedRequests
                    failureRate
                    averageLatencyMs
                    tokensInput
                    tokensOutput
                    tokensTotal
                    costCents
                    providersTotal
                    providersAvailable
                  }
                  providers {
                    name
                    model
                    totalRequests
                    failedRequests
                    failureRate
                    averageLatencyMs
                    tokensInput
                    tokensOutput
                    tokensTotal
                    costCents
                    lastRequestAt
                    lastFailureAt
                    consecutiveFailures
                    inFlight
                    rateLimited
                    rateLimitCooldownRemainingSeconds
                    circuitBreaker {
                      ...Breaker
                    }
                  }
                }
              }
            }

            fragment Breaker on CircuitBreaker {
              key
              name
              source
              serviceType
              state
              failureCount
              successCount
              totalCalls
              totalFailures
              totalSuccesses
              successRate
              consecutiveFailures
              recoveryAttempts
              stateTransitions
              totalTrips
              totalResets
              timeInOpenStateSeconds
              lastFailureAt
              lastOpenAt
              config {
                failureThreshold
                recoveryTimeoutSeconds
                successThreshold
                timeoutDurationSeconds
              }
            }
            """)
        variables: dict[str, object] = {"agent": agent}
        response = await self.execute(
            query=query, operation_name="LlmUsage", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return LlmUsage.model_validate(data)

    async def queue_status(self, agent: str, **kwargs: Any) -> QueueStatus:
        query = gql("""
            query QueueStatus($agent: ID!) {
              agent(id: $agent) {
                queue {
                  depth
                  queueSize
                  maxSize
                  pendingThoughts
                  processingThoughts
                  thoughtsPerSecond
                  averageLatencyMs
                  items {
                    thoughtId
                    thoughtType
                    depth
                    ageSeconds
                    task {
                      id
                      description
                      status
                      priority
                    }
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {"agent": agent}
        response = await self.execute(
            query=query, operation_name="QueueStatus", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return QueueStatus.model_validate(data)

    async def rate_limits(
        self,
        key_id: Union[Optional[str], UnsetType] = UNSET,
        quota_status: Union[Optional[QuotaRequestStatus], UnsetType] = UNSET,
        quota_request_limit: Union[Optional[int], UnsetType] = UNSET,
        include_idle: Union[Optional[bool], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> RateLimits:
        query = gql("""
            query RateLimits($keyId: ID, $quotaStatus: QuotaRequestStatus, $quotaRequestLimit: Int = 50, $includeIdle: Boolean = false) {
              rateLimits(
                keyId: $keyId
                quotaStatus: $quotaStatus
                quotaRequestLimit: $quotaRequestLimit
              ) {
                enabled
                shared
                degraded
                callers {
                  subject
                  keyId
                  keyName
                  role
                  points {
                    ...Bucket
                  }
                  endpoints(includeIdle: $includeIdle) {
                    ...Bucket
                  }
                }
                quotaRequests {
                  id
                  subject
                  keyId
                  endpoint
                  requestedLimit
                  periodSeconds
                  limitAtRequest
                  reason
                  status
                  requestedAt
                  requestedBy
                  decidedAt
                  decidedBy
                  note
                }
              }
            }

            fragment Bucket on EndpointRateLimit {
              endpoint
              limit
              periodSeconds
              burst
              used
              remaining
              resetAt
              source
              quotaRequestId
            }
            """)
        variables: dict[str, object] = {
            "keyId": key_id,
            "quotaStatus": quota_status,
            "quotaRequestLimit": quota_request_limit,
            "includeIdle": include_idle,
        }
        response = await self.execute(
            query=query, operation_name="RateLimits", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return RateLimits.model_validate(data)

    async def service_health(self, agent: str, **kwargs: Any) -> ServiceHealth:
        query = gql("""
            query ServiceHealth($agent: ID!) {
              agent(id: $agent) {
                serviceHealth {
                  overall
                  at
                  healthyCount
                  unhealthyCount
                  recommendations
                  services {
                    key
                    kind
                    category
                    name
                    healthy
                    circuitBreakerState
                    priority
                    priorityGroup
                    strategy
                    metrics {
                      callsTotal
                      failuresTotal
                      successesTotal
                      successRate
                      consecutiveFailures
                      timeInOpenStateSeconds
                    }
                    availability {
                      lastHour {
                        percent
                        upSamples
                        samples
                      }
                      last24Hours {
                        percent
                        upSamples
                        samples
                      }
                      last7Days {
                        percent
                        upSamples
                        samples
                      }
                    }
                  }
                  availability {
                    lastHour {
                      percent
                      upSamples
                      samples
                    }
                    last24Hours {
                      percent
                      upSamples
                      samples
                    }
                    last7Days {
                      percent
                      upSamples
                      samples
                    }
                  }
                  dependencyHealth {
                    serviceTypes {
                      serviceType
                      bus
                      level
                      providerCount
                      providersDown
                      providersHalfOpen
                      problems {
                        serviceType
                        provider
                        breakerSource
                        circuitBreakerState
                        message
                      }
                    }
                    handlers {
                      action
                      level
                      dependsOn
                      problems {
                        serviceType
                        provider
                        breakerSource
                        circuitBreakerState
                        message
                      }
                    }
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {"agent": agent}
        response = await self.execute(
            query=query, operation_name="ServiceHealth", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return ServiceHealth.model_validate(data)

    async def service_registry(self, agent: str, **kwargs: Any) -> ServiceRegistry:
        query = gql("""
            query ServiceRegistry($agent: ID!) {
              agent(id: $agent) {
                serviceRegistry {
                  providerCount
                  serviceTypes {
                    serviceType
                    providers {
                      name
                      serviceType
                      priority
                      priorityValue
                      priorityGroup
                      strategy
                      capabilities
                      metadata
                      circuitBreaker {
                        key
                        name
                        state
                        failureCount
                        consecutiveFailures
                        totalTrips
                        lastFailureAt
                      }
                    }
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {"agent": agent}
        response = await self.execute(
            query=query, operation_name="ServiceRegistry", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return ServiceRegistry.model_validate(data)

    async def daily_summary(
        self,
        agent: str,
        day: Union[Optional[date], UnsetType] = UNSET,
        metrics: Union[Optional[list[str]], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> DailySummary:
        query = gql("""
            query DailySummary($agent: ID!, $day: Date, $metrics: [String!]) {
              agent(id: $agent) {
                dailySummary(day: $day, metrics: $metrics) {
                  agentId
                  day
                  since
                  until
                  aggregated
                  anomalyStatistic
                  anomalyThreshold
                  baselineHours
                  metrics {
                    metric
                    daily {
                      id
                      start
                      end
                      count
                      sum
                      min
                      max
                      avg
                      p50
                      p95
                      p99
                      change {
                        avgAbsolute
                        avgRelative
                        sumAbsolute
                        sumRelative
                        trend
                      }
                    }
                    previousDay {
                      id
                      start
                      count
                      sum
                      avg
                      p95
                    }
                    peakHourBySum {
                      hour
                      value
                    }
                    peakHourByP95 {
                      hour
                      value
                    }
                    anomalies {
                      metric
                      hour
                      value
                      expected
                      score
                      direction
                      scale
                      baselineHours
                    }
                  }
                  anomalies {
                    metric
                    hour
                    value
                    expected
                    score
                    direction
                    scale
                    baselineHours
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {"agent": agent, "day": day, "metrics": metrics}
        response = await self.execute(
            query=query, operation_name="DailySummary", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return DailySummary.model_validate(data)

    async def system_snapshot(
        self, agent: str, recent_decisions: int, **kwargs: Any
    ) -> SystemSnapshot:
        query = gql("""
            query SystemSnapshot($agent: ID!, $recentDecisions: Int!) {
              agent(id: $agent) {
                snapshot(recentDecisions: $recentDecisions) {
                  at
                  version
                  codename
                  uptimeSeconds
                  processorStatus
                  cognitiveState
                  identity {
                    agentId
                    name
                    purpose
                    role
                    version
                    codename
                    codeHash
                  }
                  goals {
                    source
                    description
                    taskId
                    name
                    status
                    scheduleCron
                    deferUntil
                    nextRunAt
                    lastRunAt
                  }
                  resources {
                    memoryMb
                    memoryPercent
                    cpuPercent
                    cpuAverage1mPercent
                    diskUsedMb
                    diskFreeMb
                    thoughtsActive
                    thoughtsQueued
                    healthy
                    warnings
                    critical
                    limits {
                      resource
                      limit
                      warning
                      critical
                    }
                  }
                  activeTask {
                    id
                    description
                    status
                    priority
                    createdAt
                    updatedAt
                  }
                  activeChannels {
                    channelId
                    activeTasks
                    pendingTasks
                    lastActivityAt
                  }
                  recentDecisions {
                    id
                    type
                    status
                    handler
                    updatedAt
                    finalAction {
                      action
                      reasoning
                    }
                  }
                  decisions {
                    thoughtId
                    taskId
                    channelId
                    action
                    rationale
                    decidedAt
                  }
                  thoughtCounts {
                    pending
                    processing
                    completed
                    failed
                    deferred
                  }
                  health {
                    overall
                    healthyServices
                    unhealthyServices
                    openCircuitBreakers
                  }
                  lastHour {
                    tokens
                    costCents
                    errorGroups
                    incidents
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {
            "agent": agent,
            "recentDecisions": recent_decisions,
        }
        response = await self.execute(
            query=query, operation_name="SystemSnapshot", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return SystemSnapshot.model_validate(data)

    async def thoughts(
        self,
        agent: str,
        first: Union[Optional[int], UnsetType] = UNSET,
        after: Union[Optional[str], UnsetType] = UNSET,
        status: Union[Optional[list[ThoughtStatus]], UnsetType] = UNSET,
        type_: Union[Optional[list[ThoughtType]], UnsetType] = UNSET,
        include_content: Union[Optional[bool], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> Thoughts:
        query = gql("""
            query Thoughts($agent: ID!, $first: Int = 20, $after: String, $status: [ThoughtStatus!], $type: [ThoughtType!], $includeContent: Boolean = false) {
              agent(id: $agent) {
                thoughts(first: $first, after: $after, status: $status, type: $type) {
                  totalCount
                  pageInfo {
                    hasNextPage
                    endCursor
                  }
                  nodes {
                    id
                    type
                    status
                    depth
                    round
                    channelId
                    parentThoughtId
                    createdAt
                    updatedAt
                    ageSeconds
                    handler
                    finalAction {
                      action
                      reasoning
                      params
                    }
                    content @include(if: $includeContent)
                    task {
                      id
                      description
                      status
                      priority
                      createdAt
                    }
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {
            "agent": agent,
            "first": first,
            "after": after,
            "status": status,
            "type": type_,
            "includeContent": include_content,
        }
        response = await self.execute(
            query=query, operation_name="Thoughts", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Thoughts.model_validate(data)

    async def trace(
        self, id: str, agent: Union[Optional[str], UnsetType] = UNSET, **kwargs: Any
    ) -> Trace:
        query = gql("""
            query Trace($id: ID!, $agent: ID) {
              trace(id: $id, agentId: $agent) {
                id
                startedAt
                endedAt
                durationMs
                agentIds
                problems
                events {
                  __typename
                  at
                  kind
                  agentId
                  summary
                  ... on RequestSpan {
                    method
                    path
                    queryParameters
                    route
                    operationName
                    statusCode
                    durationMs
                    role
                    spanId
                    parentSpanId
                    requestId
                  }
                  ... on GatewayAuditEvent {
                    entryId
                    action
                    actor
                    role
                    target
                    outcome
                    detail
                    spanId
                    requestId
                  }
                  ... on CorrelationSpan {
                    correlationId
                    serviceType
                    handler
                    action
                    correlationType
                    status
                    executionTimeMs
                    spanId
                    parentSpanId
                    thoughtId
                    taskId
                    success
                    errorType
                    errorMessage
                  }
                  ... on AgentAuditEvent {
                    entryId
                    actionType
                    actor
                    outcome
                    thoughtId
                    taskId
                    handler
                    executionTimeMs
                  }
                  ... on ErrorEvent {
                    fingerprint
                    typeName
                    message
                    level
                    logger
                    occurrences
                    firstSeen
                  }
                  ... on LogEvent {
                    level
                    service
                    message
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {"id": id, "agent": agent}
        response = await self.execute(
            query=query, operation_name="Trace", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Trace.model_validate(data)

    async def tsdb_status(self, agent: str, **kwargs: Any) -> TsdbStatus:
        query = gql("""
            query TsdbStatus($agent: ID!) {
              agent(id: $agent) {
                tsdbStatus {
                  aggregationEnabled
                  lastRunAt
                  nextRunAt
                  pointsRead
                  pointsConsolidated
                  hourlyAggregates
                  dailyAggregates
                  compressionRatio
                  bytesPerAggregate
                  storageSavedBytes
                  lastRunFailure
                  agentConsolidation {
                    lastConsolidationAt
                    lastExtensiveAt
                    lastProfoundAt
                    nextRunAt
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {"agent": agent}
        response = await self.execute(
            query=query, operation_name="TsdbStatus", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return TsdbStatus.model_validate(data)

    async def agent_events(
        self,
        agent: str,
        kinds: Union[Optional[list[AgentEventKind]], UnsetType] = UNSET,
        since: Union[Optional[int], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> AsyncIterator[AgentEvents]:
        query = gql("""
            subscription AgentEvents($agent: ID!, $kinds: [AgentEventKind!], $since: Int) {
              agentEvents(agentId: $agent, kinds: $kinds, since: $since) {
                ...EventHeader
                payload
                breaker {
                  ...BreakerChangeFields
                }
                cognitiveState {
                  fromState
                  toState
                }
                llmCall {
                  ...LlmCallFields
                }
                error {
                  ...RecordedErrorFields
                }
              }
            }

            fragment BreakerChangeFields on BreakerChange {
              source
              key
              name
              fromState
              toState
              failureCount
              consecutiveFailures
            }

            fragment EventHeader on AgentEvent {
              agentId
              sequence
              at
              kind
              gap
              dropped
            }

            fragment LlmCallFields on LLMCall {
              thoughtId
              taskId
              handlerName
              serviceName
              model
              responseModel
              promptTokens
              completionTokens
              totalTokens
              costCents
              durationMs
              status
              errorClass
              attemptCount
              retryCount
              promptHash
            }

            fragment RecordedErrorFields on RecordedError {
              source
              message
              errorClass
              handler
              serviceName
              thoughtId
              taskId
              count
              total
              fingerprint
              level
              logger
              occurrences
              traceId
            }
            """)
        variables: dict[str, object] = {"agent": agent, "kinds": kinds, "since": since}
        async for data in self.execute_ws(
            query=query, operation_name="AgentEvents", variables=variables, **kwargs
        ):
            yield AgentEvents.model_validate(data)

    async def circuit_breaker_changed(
        self, agent: str, since: Union[Optional[int], UnsetType] = UNSET, **kwargs: Any
    ) -> AsyncIterator[CircuitBreakerChanged]:
        query = gql("""
            subscription CircuitBreakerChanged($agent: ID!, $since: Int) {
              circuitBreakerChanged(agentId: $agent, since: $since) {
                ...EventHeader
                breaker {
                  ...BreakerChangeFields
                }
              }
            }

            fragment BreakerChangeFields on BreakerChange {
              source
              key
              name
              fromState
              toState
              failureCount
              consecutiveFailures
            }

            fragment EventHeader on AgentEvent {
              agentId
              sequence
              at
              kind
              gap
              dropped
            }
            """)
        variables: dict[str, object] = {"agent": agent, "since": since}
        async for data in self.execute_ws(
            query=query,
            operation_name="CircuitBreakerChanged",
            variables=variables,
            **kwargs,
        ):
            yield CircuitBreakerChanged.model_validate(data)

    async def cognitive_state_changed(
        self, agent: str, since: Union[Optional[int], UnsetType] = UNSET, **kwargs: Any
    ) -> AsyncIterator[CognitiveStateChanged]:
        query = gql("""
            subscription CognitiveStateChanged($agent: ID!, $since: Int) {
              cognitiveStateChanged(agentId: $agent, since: $since) {
                ...EventHeader
                cognitiveState {
                  fromState
                  toState
                }
              }
            }

            fragment EventHeader on AgentEvent {
              agentId
              sequence
              at
              kind
              gap
              dropped
            }
            """)
        variables: dict[str, object] = {"agent": agent, "since": since}
        async for data in self.execute_ws(
            query=query,
            operation_name="CognitiveStateChanged",
            variables=variables,
            **kwargs,
        ):
            yield CognitiveStateChanged.model_validate(data)

    async def error_recorded(
        self, agent: str, since: Union[Optional[int], UnsetType] = UNSET, **kwargs: Any
    ) -> AsyncIterator[ErrorRecorded]:
        query = gql("""
            subscription ErrorRecorded($agent: ID!, $since: Int) {
              errorRecorded(agentId: $agent, since: $since) {
                ...EventHeader
                error {
                  ...RecordedErrorFields
                }
              }
            }

            fragment EventHeader on AgentEvent {
              agentId
              sequence
              at
              kind
              gap
              dropped
            }

            fragment RecordedErrorFields on RecordedError {
              source
              message
              errorClass
              handler
              serviceName
              thoughtId
              taskId
              count
              total
              fingerprint
              level
              logger
              occurrences
              traceId
            }
            """)
        variables: dict[str, object] = {"agent": agent, "since": since}
        async for data in self.execute_ws(
            query=query, operation_name="ErrorRecorded", variables=variables, **kwargs
        ):
            yield ErrorRecorded.model_validate(data)

    async def health_changed(
        self, agent: str, since: Union[Optional[int], UnsetType] = UNSET, **kwargs: Any
    ) -> AsyncIterator[HealthChanged]:
        query = gql("""
            subscription HealthChanged($agent: ID!, $since: Int) {
              healthChanged(agentId: $agent, since: $since) {
                ...EventHeader
                payload
              }
            }

            fragment EventHeader on AgentEvent {
              agentId
              sequence
              at
              kind
              gap
              dropped
            }
            """)
        variables: dict[str, object] = {"agent": agent, "since": since}
        async for data in self.execute_ws(
            query=query, operation_name="HealthChanged", variables=variables, **kwargs
        ):
            yield HealthChanged.model_validate(data)

    async def incident_opened(
        self, agent: str, since: Union[Optional[int], UnsetType] = UNSET, **kwargs: Any
    ) -> AsyncIterator[IncidentOpened]:
        query = gql("""
            subscription IncidentOpened($agent: ID!, $since: Int) {
              incidentOpened(agentId: $agent, since: $since) {
                ...EventHeader
                payload
              }
            }

            fragment EventHeader on AgentEvent {
              agentId
              sequence
              at
              kind
              gap
              dropped
            }
            """)
        variables: dict[str, object] = {"agent": agent, "since": since}
        async for data in self.execute_ws(
            query=query, operation_name="IncidentOpened", variables=variables, **kwargs
        ):
            yield IncidentOpened.model_validate(data)

    async def llm_call(
        self, agent: str, since: Union[Optional[int], UnsetType] = UNSET, **kwargs: Any
    ) -> AsyncIterator[LlmCall]:
        query = gql("""
            subscription LlmCall($agent: ID!, $since: Int) {
              llmCall(agentId: $agent, since: $since) {
                ...EventHeader
                llmCall {
                  ...LlmCallFields
                }
              }
            }

            fragment EventHeader on AgentEvent {
              agentId
              sequence
              at
              kind
              gap
              dropped
            }

            fragment LlmCallFields on LLMCall {
              thoughtId
              taskId
              handlerName
              serviceName
              model
              responseModel
              promptTokens
              completionTokens
              totalTokens
              costCents
              durationMs
              status
              errorClass
              attemptCount
              retryCount
              promptHash
            }
            """)
        variables: dict[str, object] = {"agent": agent, "since": since}
        async for data in self.execute_ws(
            query=query, operation_name="LlmCall", variables=variables, **kwargs
        ):
            yield LlmCall.model_validate(data)

    async def metric_samples(
        self,
        agent: str,
        names: list[str],
        interval_seconds: Union[Optional[float], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> AsyncIterator[MetricSamples]:
        query = gql("""
            subscription MetricSamples($agent: ID!, $names: [String!]!, $intervalSeconds: Float = 5) {
              metrics(agentId: $agent, names: $names, intervalSeconds: $intervalSeconds) {
                agentId
                sequence
                at
                dropped
                problems
                values {
                  name
                  value
                  at
                  labels
                }
                missing
              }
            }
            """)
        variables: dict[str, object] = {
            "agent": agent,
            "names": names,
            "intervalSeconds": interval_seconds,
        }
        async for data in self.execute_ws(
            query=query, operation_name="MetricSamples", variables=variables, **kwargs
        ):
            yield MetricSamples.model_validate(data)

    async def queue_samples(
        self,
        agent: str,
        interval_seconds: Union[Optional[float], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> AsyncIterator[QueueSamples]:
        query = gql("""
            subscription QueueSamples($agent: ID!, $intervalSeconds: Float = 5) {
              queue(agentId: $agent, intervalSeconds: $intervalSeconds) {
                agentId
                sequence
                at
                dropped
                problems
                queueSize
                depth
                maxSize
                thoughtsPerSecond
                averageLatencyMs
                pendingThoughts
                processingThoughts
              }
            }
            """)
        variables: dict[str, object] = {
            "agent": agent,
            "intervalSeconds": interval_seconds,
        }
        async for data in self.execute_ws(
            query=query, operation_name="QueueSamples", variables=variables, **kwargs
        ):
            yield QueueSamples.model_validate(data)

    async def system_summary_samples(
        self,
        agent: str,
        interval_seconds: Union[Optional[float], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> AsyncIterator[SystemSummarySamples]:
        query = gql("""
            subscription SystemSummarySamples($agent: ID!, $intervalSeconds: Float = 5) {
              systemSummary(agentId: $agent, intervalSeconds: $intervalSeconds) {
                agentId
                sequence
                at
                dropped
                problems
                status
                cognitiveState
                uptimeSeconds
                warningCodes
                queueSize
                thoughtsPerSecond
                llmRequests
                llmFailedRequests
                llmTokens
                llmCostCents
                openCircuitBreakers
                costLastHourCents
                tokensLastHour
                incidentsLastHour
              }
            }
            """)
        variables: dict[str, object] = {
            "agent": agent,
            "intervalSeconds": interval_seconds,
        }
        async for data in self.execute_ws(
            query=query,
            operation_name="SystemSummarySamples",
            variables=variables,
            **kwargs,
        ):
            yield SystemSummarySamples.model_validate(data)

    async def thought_updated(
        self, agent: str, since: Union[Optional[int], UnsetType] = UNSET, **kwargs: Any
    ) -> AsyncIterator[ThoughtUpdated]:
        query = gql("""
            subscription ThoughtUpdated($agent: ID!, $since: Int) {
              thoughtUpdated(agentId: $agent, since: $since) {
                ...EventHeader
                payload
              }
            }

            fragment EventHeader on AgentEvent {
              agentId
              sequence
              at
              kind
              gap
              dropped
            }
            """)
        variables: dict[str, object] = {"agent": agent, "since": since}
        async for data in self.execute_ws(
            query=query, operation_name="ThoughtUpdated", variables=variables, **kwargs
        ):
            yield ThoughtUpdated.model_validate(data)
