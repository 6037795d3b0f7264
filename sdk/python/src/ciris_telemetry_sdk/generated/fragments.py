from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import (
    AgentEventKind,
    AggregateTrend,
    BreakerSource,
    BreakerState,
    ExportCompression,
    ExportFormat,
    ExportJobState,
    ExportKind,
    QuotaRequestStatus,
    RateLimitSource,
)


class Breaker(BaseModel):
    key: str
    name: str
    source: BreakerSource
    service_type: Optional[str] = Field(alias="serviceType")
    state: BreakerState
    failure_count: int = Field(alias="failureCount")
    success_count: int = Field(alias="successCount")
    total_calls: int = Field(alias="totalCalls")
    total_failures: int = Field(alias="totalFailures")
    total_successes: int = Field(alias="totalSuccesses")
    success_rate: float = Field(alias="successRate")
    consecutive_failures: int = Field(alias="consecutiveFailures")
    recovery_attempts: int = Field(alias="recoveryAttempts")
    state_transitions: int = Field(alias="stateTransitions")
    total_trips: int = Field(alias="totalTrips")
    total_resets: int = Field(alias="totalResets")
    time_in_open_state_seconds: float = Field(alias="timeInOpenStateSeconds")
    last_failure_at: Optional[datetime] = Field(alias="lastFailureAt")
    last_open_at: Optional[datetime] = Field(alias="lastOpenAt")
    config: "BreakerConfig"


class BreakerConfig(BaseModel):
    failure_threshold: int = Field(alias="failureThreshold")
    recovery_timeout_seconds: float = Field(alias="recoveryTimeoutSeconds")
    success_threshold: int = Field(alias="successThreshold")
    timeout_duration_seconds: float = Field(alias="timeoutDurationSeconds")


class BreakerChangeFields(BaseModel):
    source: BreakerSource
    key: str
    name: str
    from_state: Optional[BreakerState] = Field(alias="fromState")
    to_state: BreakerState = Field(alias="toState")
    failure_count: int = Field(alias="failureCount")
    consecutive_failures: int = Field(alias="consecutiveFailures")


class Bucket(BaseModel):
    endpoint: str
    limit: int
    period_seconds: float = Field(alias="periodSeconds")
    burst: int
    used: int
    remaining: int
    reset_at: datetime = Field(alias="resetAt")
    source: RateLimitSource
    quota_request_id: Optional[str] = Field(alias="quotaRequestId")


class EventHeader(BaseModel):
    agent_id: str = Field(alias="agentId")
    sequence: int
    at: datetime
    kind: AgentEventKind
    gap: bool
    dropped: int


class ExportJobFields(BaseModel):
    id: str
    state: ExportJobState
    kind: ExportKind
    format: ExportFormat
    compression: ExportCompression
    agent: str
    since: datetime
    until: datetime
    metrics: list[str]
    rows_written: int = Field(alias="rowsWritten")
    bytes_written: int = Field(alias="bytesWritten")
    rows_expected: Optional[int] = Field(alias="rowsExpected")
    created_at: datetime = Field(alias="createdAt")
    started_at: Optional[datetime] = Field(alias="startedAt")
    finished_at: Optional[datetime] = Field(alias="finishedAt")
    expires_at: Optional[datetime] = Field(alias="expiresAt")
    error: Optional[str]
    file_name: str = Field(alias="fileName")
    download_path: str = Field(alias="downloadPath")


class Hour(BaseModel):
    id: str
    start: datetime
    end: datetime
    count: int
    sum: float
    min: float
    max: float
    avg: float
    p_50: float = Field(alias="p50")
    p_95: float = Field(alias="p95")
    p_99: float = Field(alias="p99")
    change: Optional["HourChange"]


class HourChange(BaseModel):
    avg_absolute: float = Field(alias="avgAbsolute")
    avg_relative: Optional[float] = Field(alias="avgRelative")
    sum_absolute: float = Field(alias="sumAbsolute")
    sum_relative: Optional[float] = Field(alias="sumRelative")
    trend: AggregateTrend


class LlmCallFields(BaseModel):
    thought_id: Optional[str] = Field(alias="thoughtId")
    task_id: Optional[str] = Field(alias="taskId")
    handler_name: Optional[str] = Field(alias="handlerName")
    service_name: Optional[str] = Field(alias="serviceName")
    model: Optional[str]
    response_model: Optional[str] = Field(alias="responseModel")
    prompt_tokens: int = Field(alias="promptTokens")
    completion_tokens: int = Field(alias="completionTokens")
    total_tokens: int = Field(alias="totalTokens")
    cost_cents: float = Field(alias="costCents")
    duration_ms: float = Field(alias="durationMs")
    status: str
    error_class: Optional[str] = Field(alias="errorClass")
    attempt_count: int = Field(alias="attemptCount")
    retry_count: int = Field(alias="retryCount")
    prompt_hash: Optional[str] = Field(alias="promptHash")


class QuotaRequestFields(BaseModel):
    id: str
    subject: str
    key_id: Optional[str] = Field(alias="keyId")
    endpoint: str
    requested_limit: int = Field(alias="requestedLimit")
    period_seconds: float = Field(alias="periodSeconds")
    limit_at_request: int = Field(alias="limitAtRequest")
    reason: str
    status: QuotaRequestStatus
    requested_at: datetime = Field(alias="requestedAt")
    requested_by: str = Field(alias="requestedBy")
    decided_at: Optional[datetime] = Field(alias="decidedAt")
    decided_by: Optional[str] = Field(alias="decidedBy")
    note: Optional[str]


class RecordedErrorFields(BaseModel):
    source: str
    message: str
    error_class: Optional[str] = Field(alias="errorClass")
    handler: Optional[str]
    service_name: Optional[str] = Field(alias="serviceName")
    thought_id: Optional[str] = Field(alias="thoughtId")
    task_id: Optional[str] = Field(alias="taskId")
    count: int
    total: Optional[int]
    fingerprint: Optional[str]
    level: Optional[str]
    logger: Optional[str]
    occurrences: Optional[int]
    trace_id: Optional[str] = Field(alias="traceId")


Breaker.model_rebuild()
BreakerChangeFields.model_rebuild()
Bucket.model_rebuild()
EventHeader.model_rebuild()
ExportJobFields.model_rebuild()
Hour.model_rebuild()
LlmCallFields.model_rebuild()
QuotaRequestFields.model_rebuild()
RecordedErrorFields.model_rebuild()
