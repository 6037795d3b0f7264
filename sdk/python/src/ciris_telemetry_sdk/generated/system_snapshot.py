from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import (
    CognitiveStateName,
    GoalSource,
    HandlerAction,
    HealthLevel,
    ProcessorStatus,
    TaskStatus,
    ThoughtStatus,
    ThoughtType,
)


class SystemSnapshot(BaseModel):
    agent: Optional["SystemSnapshotAgent"]


class SystemSnapshotAgent(BaseModel):
    snapshot: Optional["SystemSnapshotAgentSnapshot"]


class SystemSnapshotAgentSnapshot(BaseModel):
    at: datetime
    version: str
    codename: Optional[str]
    uptime_seconds: float = Field(alias="uptimeSeconds")
    processor_status: ProcessorStatus = Field(alias="processorStatus")
    cognitive_state: CognitiveStateName = Field(alias="cognitiveState")
    identity: "SystemSnapshotAgentSnapshotIdentity"
    goals: Optional[list["SystemSnapshotAgentSnapshotGoals"]]
    resources: Optional["SystemSnapshotAgentSnapshotResources"]
    active_task: Optional["SystemSnapshotAgentSnapshotActiveTask"] = Field(
        alias="activeTask"
    )
    active_channels: Optional[list["SystemSnapshotAgentSnapshotActiveChannels"]] = (
        Field(alias="activeChannels")
    )
    recent_decisions: list["SystemSnapshotAgentSnapshotRecentDecisions"] = Field(
        alias="recentDecisions"
    )
    decisions: Optional[list["SystemSnapshotAgentSnapshotDecisions"]]
    thought_counts: "SystemSnapshotAgentSnapshotThoughtCounts" = Field(
        alias="thoughtCounts"
    )
    health: "SystemSnapshotAgentSnapshotHealth"
    last_hour: "SystemSnapshotAgentSnapshotLastHour" = Field(alias="lastHour")


class SystemSnapshotAgentSnapshotIdentity(BaseModel):
    agent_id: str = Field(alias="agentId")
    name: str
    purpose: Optional[str]
    role: Optional[str]
    version: str
    codename: Optional[str]
    code_hash: Optional[str] = Field(alias="codeHash")


class SystemSnapshotAgentSnapshotGoals(BaseModel):
    source: GoalSource
    description: str
    task_id: Optional[str] = Field(alias="taskId")
    name: Optional[str]
    status: Optional[str]
    schedule_cron: Optional[str] = Field(alias="scheduleCron")
    defer_until: Optional[datetime] = Field(alias="deferUntil")
    next_run_at: Optional[datetime] = Field(alias="nextRunAt")
    last_run_at: Optional[datetime] = Field(alias="lastRunAt")


class SystemSnapshotAgentSnapshotResources(BaseModel):
    memory_mb: float = Field(alias="memoryMb")
    memory_percent: float = Field(alias="memoryPercent")
    cpu_percent: float = Field(alias="cpuPercent")
    cpu_average_1_m_percent: float = Field(alias="cpuAverage1mPercent")
    disk_used_mb: float = Field(alias="diskUsedMb")
    disk_free_mb: float = Field(alias="diskFreeMb")
    thoughts_active: int = Field(alias="thoughtsActive")
    thoughts_queued: int = Field(alias="thoughtsQueued")
    healthy: bool
    warnings: list[str]
    critical: list[str]
    limits: list["SystemSnapshotAgentSnapshotResourcesLimits"]


class SystemSnapshotAgentSnapshotResourcesLimits(BaseModel):
    resource: str
    limit: float
    warning: float
    critical: float


class SystemSnapshotAgentSnapshotActiveTask(BaseModel):
    id: str
    description: str
    status: TaskStatus
    priority: int
    created_at: datetime = Field(alias="createdAt")
    updated_at: datetime = Field(alias="updatedAt")


class SystemSnapshotAgentSnapshotActiveChannels(BaseModel):
    channel_id: str = Field(alias="channelId")
    active_tasks: int = Field(alias="activeTasks")
    pending_tasks: int = Field(alias="pendingTasks")
    last_activity_at: datetime = Field(alias="lastActivityAt")


class SystemSnapshotAgentSnapshotRecentDecisions(BaseModel):
    id: str
    type_: ThoughtType = Field(alias="type")
    status: ThoughtStatus
    handler: Optional[HandlerAction]
    updated_at: datetime = Field(alias="updatedAt")
    final_action: Optional["SystemSnapshotAgentSnapshotRecentDecisionsFinalAction"] = (
        Field(alias="finalAction")
    )


class SystemSnapshotAgentSnapshotRecentDecisionsFinalAction(BaseModel):
    action: HandlerAction
    reasoning: Optional[str]


class SystemSnapshotAgentSnapshotDecisions(BaseModel):
    thought_id: str = Field(alias="thoughtId")
    task_id: str = Field(alias="taskId")
    channel_id: Optional[str] = Field(alias="channelId")
    action: HandlerAction
    rationale: Optional[str]
    decided_at: datetime = Field(alias="decidedAt")


class SystemSnapshotAgentSnapshotThoughtCounts(BaseModel):
    pending: int
    processing: int
    completed: int
    failed: int
    deferred: int


class SystemSnapshotAgentSnapshotHealth(BaseModel):
    overall: HealthLevel
    healthy_services: int = Field(alias="healthyServices")
    unhealthy_services: int = Field(alias="unhealthyServices")
    open_circuit_breakers: int = Field(alias="openCircuitBreakers")


class SystemSnapshotAgentSnapshotLastHour(BaseModel):
    tokens: Optional[float]
    cost_cents: Optional[float] = Field(alias="costCents")
    error_groups: Optional[int] = Field(alias="errorGroups")
    incidents: Optional[int]


SystemSnapshot.model_rebuild()
SystemSnapshotAgent.model_rebuild()
SystemSnapshotAgentSnapshot.model_rebuild()
SystemSnapshotAgentSnapshotResources.model_rebuild()
SystemSnapshotAgentSnapshotRecentDecisions.model_rebuild()
