from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import CognitiveStateName, HealthLevel, SystemHealthStatus


class AgentOverview(BaseModel):
    agent: Optional["AgentOverviewAgent"]


class AgentOverviewAgent(BaseModel):
    id: str
    version: Optional[str]
    health: Optional["AgentOverviewAgentHealth"]
    usage: Optional["AgentOverviewAgentUsage"]
    resources: Optional["AgentOverviewAgentResources"]
    recent_incident_count: Optional[int] = Field(alias="recentIncidentCount")
    llm: Optional["AgentOverviewAgentLlm"]
    service_health: Optional["AgentOverviewAgentServiceHealth"] = Field(
        alias="serviceHealth"
    )
    queue: Optional["AgentOverviewAgentQueue"]


class AgentOverviewAgentHealth(BaseModel):
    status: SystemHealthStatus
    uptime_seconds: Optional[float] = Field(alias="uptimeSeconds")
    cognitive_state: Optional[CognitiveStateName] = Field(alias="cognitiveState")
    degraded_mode: Optional[bool] = Field(alias="degradedMode")
    warnings: list["AgentOverviewAgentHealthWarnings"]


class AgentOverviewAgentHealthWarnings(BaseModel):
    code: str
    message: Optional[str]
    severity: Optional[str]


class AgentOverviewAgentUsage(BaseModel):
    tokens_last_hour: float = Field(alias="tokensLastHour")
    cost_last_hour_cents: float = Field(alias="costLastHourCents")
    carbon_last_hour_grams: float = Field(alias="carbonLastHourGrams")
    energy_last_hour_kwh: float = Field(alias="energyLastHourKwh")
    tokens_24_h: float = Field(alias="tokens24h")
    cost_24_h_cents: float = Field(alias="cost24hCents")
    carbon_24_h_grams: float = Field(alias="carbon24hGrams")
    energy_24_h_kwh: float = Field(alias="energy24hKwh")


class AgentOverviewAgentResources(BaseModel):
    cpu_percent: float = Field(alias="cpuPercent")
    memory_mb: float = Field(alias="memoryMb")
    memory_percent: float = Field(alias="memoryPercent")
    disk_used_mb: float = Field(alias="diskUsedMb")
    thoughts_active: int = Field(alias="thoughtsActive")
    thoughts_queued: int = Field(alias="thoughtsQueued")


class AgentOverviewAgentLlm(BaseModel):
    totals: "AgentOverviewAgentLlmTotals"


class AgentOverviewAgentLlmTotals(BaseModel):
    total_requests: int = Field(alias="totalRequests")
    failed_requests: int = Field(alias="failedRequests")
    failure_rate: float = Field(alias="failureRate")
    average_latency_ms: float = Field(alias="averageLatencyMs")
    tokens_total: int = Field(alias="tokensTotal")
    cost_cents: float = Field(alias="costCents")


class AgentOverviewAgentServiceHealth(BaseModel):
    overall: HealthLevel
    healthy_count: int = Field(alias="healthyCount")
    unhealthy_count: int = Field(alias="unhealthyCount")


class AgentOverviewAgentQueue(BaseModel):
    depth: int
    thoughts_per_second: float = Field(alias="thoughtsPerSecond")
    average_latency_ms: float = Field(alias="averageLatencyMs")


AgentOverview.model_rebuild()
AgentOverviewAgent.model_rebuild()
AgentOverviewAgentHealth.model_rebuild()
AgentOverviewAgentLlm.model_rebuild()
