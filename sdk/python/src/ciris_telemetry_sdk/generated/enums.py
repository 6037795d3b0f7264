from enum import Enum


class AgentEventKind(str, Enum):
    CIRCUIT_BREAKER_CHANGED = "CIRCUIT_BREAKER_CHANGED"
    COGNITIVE_STATE_CHANGED = "COGNITIVE_STATE_CHANGED"
    HEALTH_CHANGED = "HEALTH_CHANGED"
    INCIDENT_OPENED = "INCIDENT_OPENED"
    THOUGHT_UPDATED = "THOUGHT_UPDATED"
    LLM_CALL = "LLM_CALL"
    ERROR_RECORDED = "ERROR_RECORDED"
    GAP = "GAP"


class AggregatePeriod(str, Enum):
    HOUR = "HOUR"
    DAY = "DAY"


class AggregateSourceKind(str, Enum):
    HOURLY_AGGREGATE = "HOURLY_AGGREGATE"
    RAW_POINTS = "RAW_POINTS"


class AggregateTrend(str, Enum):
    UP = "UP"
    DOWN = "DOWN"
    FLAT = "FLAT"


class AnomalyDirection(str, Enum):
    UP = "UP"
    DOWN = "DOWN"


class AnomalyScale(str, Enum):
    MAD = "MAD"
    MEAN_ABSOLUTE_DEVIATION = "MEAN_ABSOLUTE_DEVIATION"
    FLAT_FLOOR = "FLAT_FLOOR"


class AnomalyStatistic(str, Enum):
    SUM = "SUM"
    COUNT = "COUNT"
    AVG = "AVG"
    P95 = "P95"
    MAX = "MAX"


class AuditOutcome(str, Enum):
    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"
    PARTIAL = "PARTIAL"
    SKIPPED = "SKIPPED"


class BreakerSource(str, Enum):
    REGISTRY = "REGISTRY"
    LLM_BUS = "LLM_BUS"


class BreakerState(str, Enum):
    CLOSED = "CLOSED"
    OPEN = "OPEN"
    HALF_OPEN = "HALF_OPEN"


class CognitiveStateName(str, Enum):
    WAKEUP = "WAKEUP"
    WORK = "WORK"
    PLAY = "PLAY"
    SOLITUDE = "SOLITUDE"
    DREAM = "DREAM"
    SHUTDOWN = "SHUTDOWN"


class DependencyBreakerSource(str, Enum):
    REGISTRY = "REGISTRY"
    LLM_BUS = "LLM_BUS"


class DependencyLevel(str, Enum):
    HEALTHY = "HEALTHY"
    DEGRADED = "DEGRADED"
    UNAVAILABLE = "UNAVAILABLE"


class DiscordConnectionState(str, Enum):
    DISCONNECTED = "DISCONNECTED"
    CONNECTING = "CONNECTING"
    CONNECTED = "CONNECTED"
    RECONNECTING = "RECONNECTING"
    FAILED = "FAILED"


class ErrorLevel(str, Enum):
    WARNING = "WARNING"
    ERROR = "ERROR"
    CRITICAL = "CRITICAL"


class ErrorOrigin(str, Enum):
    COLLECTOR = "COLLECTOR"
    AGENT_LOG = "AGENT_LOG"


class ExportCompression(str, Enum):
    NONE = "NONE"
    GZIP = "GZIP"
    ZSTD = "ZSTD"


class ExportFormat(str, Enum):
    JSON = "JSON"
    JSONL = "JSONL"
    CSV = "CSV"
    PARQUET = "PARQUET"


class ExportJobState(str, Enum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    EXPIRED = "EXPIRED"


class ExportKind(str, Enum):
    METRICS = "METRICS"
    THOUGHTS = "THOUGHTS"
    AUDIT = "AUDIT"
    INCIDENTS = "INCIDENTS"
    ERRORS = "ERRORS"


class GoalSource(str, Enum):
    IDENTITY_PURPOSE = "IDENTITY_PURPOSE"
    SCHEDULED_TASK = "SCHEDULED_TASK"


class HandlerAction(str, Enum):
    OBSERVE = "OBSERVE"
    SPEAK = "SPEAK"
    TOOL = "TOOL"
    REJECT = "REJECT"
    PONDER = "PONDER"
    DEFER = "DEFER"
    MEMORIZE = "MEMORIZE"
    RECALL = "RECALL"
    FORGET = "FORGET"
    TASK_COMPLETE = "TASK_COMPLETE"


class HealthLevel(str, Enum):
    HEALTHY = "HEALTHY"
    DEGRADED = "DEGRADED"
    UNHEALTHY = "UNHEALTHY"
    CRITICAL = "CRITICAL"


class HistoryAggregate(str, Enum):
    AVG = "AVG"
    MIN = "MIN"
    MAX = "MAX"
    SUM = "SUM"
    COUNT = "COUNT"
    P50 = "P50"
    P95 = "P95"
    P99 = "P99"


class HistorySource(str, Enum):
    RAW = "RAW"
    AGGREGATED = "AGGREGATED"
    MIXED = "MIXED"


class IncidentEventKind(str, Enum):
    FIRST_SEEN = "FIRST_SEEN"
    LAST_SEEN = "LAST_SEEN"
    RESOLVED = "RESOLVED"


class IncidentSeverity(str, Enum):
    CRITICAL = "CRITICAL"
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"


class IncidentStatus(str, Enum):
    OPEN = "OPEN"
    INVESTIGATING = "INVESTIGATING"
    RESOLVED = "RESOLVED"
    CLOSED = "CLOSED"
    RECURRING = "RECURRING"


class ProcessorStatus(str, Enum):
    RUNNING = "RUNNING"
    PAUSED = "PAUSED"
    STOPPED = "STOPPED"
    ERROR = "ERROR"


class QuotaRequestStatus(str, Enum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    DENIED = "DENIED"


class RateLimitSource(str, Enum):
    QUOTA = "QUOTA"
    KEY = "KEY"
    ENDPOINT = "ENDPOINT"
    ROLE = "ROLE"
    DEFAULT = "DEFAULT"


class RequestRoute(str, Enum):
    GRAPHQL = "GRAPHQL"
    REST = "REST"
    OTHER = "OTHER"


class SelectionStrategy(str, Enum):
    FALLBACK = "FALLBACK"
    ROUND_ROBIN = "ROUND_ROBIN"
    DIRECT = "DIRECT"


class ServicePriority(str, Enum):
    CRITICAL = "CRITICAL"
    HIGH = "HIGH"
    NORMAL = "NORMAL"
    LOW = "LOW"
    FALLBACK = "FALLBACK"
    DIRECT = "DIRECT"


class SignatureStatus(str, Enum):
    VERIFIED = "VERIFIED"
    UNVERIFIED = "UNVERIFIED"
    INVALID = "INVALID"
    UNSIGNED = "UNSIGNED"


class SystemHealthStatus(str, Enum):
    HEALTHY = "HEALTHY"
    DEGRADED = "DEGRADED"
    CRITICAL = "CRITICAL"
    INITIALIZING = "INITIALIZING"


class TaskStatus(str, Enum):
    PENDING = "PENDING"
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"
    DEFERRED = "DEFERRED"
    REJECTED = "REJECTED"


class ThoughtStatus(str, Enum):
    PENDING = "PENDING"
    PROCESSING = "PROCESSING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    DEFERRED = "DEFERRED"


class ThoughtType(str, Enum):
    STANDARD = "STANDARD"
    FOLLOW_UP = "FOLLOW_UP"
    ERROR = "ERROR"
    OBSERVATION = "OBSERVATION"
    MEMORY = "MEMORY"
    DEFERRED = "DEFERRED"
    PONDER = "PONDER"
    FEEDBACK = "FEEDBACK"
    GUIDANCE = "GUIDANCE"
    IDENTITY_UPDATE = "IDENTITY_UPDATE"
    ETHICAL_REVIEW = "ETHICAL_REVIEW"
    CONSCIENCE = "CONSCIENCE"
    CONSENSUS = "CONSENSUS"
    REFLECTION = "REFLECTION"
    SYNTHESIS = "SYNTHESIS"
    DELEGATION = "DELEGATION"
    CLARIFICATION = "CLARIFICATION"
    SUMMARY = "SUMMARY"
    TOOL_RESULT = "TOOL_RESULT"
    ACTION_REVIEW = "ACTION_REVIEW"
    URGENT = "URGENT"
    SCHEDULED = "SCHEDULED"
    PATTERN = "PATTERN"
    ADAPTATION = "ADAPTATION"


class TraceEventKind(str, Enum):
    REQUEST = "REQUEST"
    GATEWAY_AUDIT = "GATEWAY_AUDIT"
    CORRELATION = "CORRELATION"
    AGENT_AUDIT = "AGENT_AUDIT"
    ERROR = "ERROR"
    LOG = "LOG"
