from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import CognitiveStateName, SystemHealthStatus


class SystemSummarySamples(BaseModel):
    system_summary: "SystemSummarySamplesSystemSummary" = Field(alias="systemSummary")


class SystemSummarySamplesSystemSummary(BaseModel):
    agent_id: str = Field(alias="agentId")
    sequence: int
    at: datetime
    dropped: int
    problems: list[str]
    status: Optional[SystemHealthStatus]
    cognitive_state: Optional[CognitiveStateName] = Field(alias="cognitiveState")
    uptime_seconds: Optional[float] = Field(alias="uptimeSeconds")
    warning_codes: Optional[list[str]] = Field(alias="warningCodes")
    queue_size: Optional[int] = Field(alias="queueSize")
    thoughts_per_second: Optional[float] = Field(alias="thoughtsPerSecond")
    llm_requests: Optional[int] = Field(alias="llmRequests")
    llm_failed_requests: Optional[int] = Field(alias="llmFailedRequests")
    llm_tokens: Optional[int] = Field(alias="llmTokens")
    llm_cost_cents: Optional[float] = Field(alias="llmCostCents")
    open_circuit_breakers: Optional[int] = Field(alias="openCircuitBreakers")
    cost_last_hour_cents: Optional[float] = Field(alias="costLastHourCents")
    tokens_last_hour: Optional[float] = Field(alias="tokensLastHour")
    incidents_last_hour: Optional[int] = Field(alias="incidentsLastHour")


SystemSummarySamples.model_rebuild()
