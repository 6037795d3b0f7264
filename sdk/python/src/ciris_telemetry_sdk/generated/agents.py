from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import CognitiveStateName, SystemHealthStatus


class Agents(BaseModel):
    agents: list["AgentsAgents"]


class AgentsAgents(BaseModel):
    id: str
    version: Optional[str]
    identity: Optional["AgentsAgentsIdentity"]
    health: Optional["AgentsAgentsHealth"]


class AgentsAgentsIdentity(BaseModel):
    agent_id: str = Field(alias="agentId")
    name: str
    purpose: Optional[str]
    role: Optional[str]
    version: str
    codename: Optional[str]


class AgentsAgentsHealth(BaseModel):
    status: SystemHealthStatus
    version: Optional[str]
    uptime_seconds: Optional[float] = Field(alias="uptimeSeconds")
    cognitive_state: Optional[CognitiveStateName] = Field(alias="cognitiveState")
    degraded_mode: Optional[bool] = Field(alias="degradedMode")


Agents.model_rebuild()
AgentsAgents.model_rebuild()
