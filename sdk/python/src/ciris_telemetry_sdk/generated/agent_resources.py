from typing import Optional

from pydantic import Field

from .base_model import BaseModel


class AgentResources(BaseModel):
    agent: Optional["AgentResourcesAgent"]


class AgentResourcesAgent(BaseModel):
    resources: Optional["AgentResourcesAgentResources"]


class AgentResourcesAgentResources(BaseModel):
    cpu_percent: float = Field(alias="cpuPercent")
    cpu_average_1_m_percent: float = Field(alias="cpuAverage1mPercent")
    memory_mb: float = Field(alias="memoryMb")
    memory_percent: float = Field(alias="memoryPercent")
    disk_used_mb: float = Field(alias="diskUsedMb")
    disk_free_mb: float = Field(alias="diskFreeMb")
    thoughts_active: int = Field(alias="thoughtsActive")
    thoughts_queued: int = Field(alias="thoughtsQueued")
    healthy: bool
    warnings: list[str]
    critical: list[str]
    limits: list["AgentResourcesAgentResourcesLimits"]


class AgentResourcesAgentResourcesLimits(BaseModel):
    resource: str
    limit: float
    warning: float
    critical: float


AgentResources.model_rebuild()
AgentResourcesAgent.model_rebuild()
AgentResourcesAgentResources.model_rebuild()
