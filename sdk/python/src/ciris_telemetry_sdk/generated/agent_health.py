from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import CognitiveStateName, SystemHealthStatus


class AgentHealth(BaseModel):
    agent: Optional["AgentHealthAgent"]


class AgentHealthAgent(BaseModel):
    health: Optional["AgentHealthAgentHealth"]


class AgentHealthAgentHealth(BaseModel):
    status: SystemHealthStatus
    version: Optional[str]
    uptime_seconds: Optional[float] = Field(alias="uptimeSeconds")
    cognitive_state: Optional[CognitiveStateName] = Field(alias="cognitiveState")
    initialization_complete: Optional[bool] = Field(alias="initializationComplete")
    degraded_mode: Optional[bool] = Field(alias="degradedMode")
    warnings: list["AgentHealthAgentHealthWarnings"]


class AgentHealthAgentHealthWarnings(BaseModel):
    code: str
    message: Optional[str]
    severity: Optional[str]


AgentHealth.model_rebuild()
AgentHealthAgent.model_rebuild()
AgentHealthAgentHealth.model_rebuild()
