from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import CognitiveStateName


class CognitiveState(BaseModel):
    agent: Optional["CognitiveStateAgent"]


class CognitiveStateAgent(BaseModel):
    cognitive_state: Optional["CognitiveStateAgentCognitiveState"] = Field(
        alias="cognitiveState"
    )


class CognitiveStateAgentCognitiveState(BaseModel):
    current: CognitiveStateName
    since: Optional[datetime]
    paused: bool
    allowed_next: list[CognitiveStateName] = Field(alias="allowedNext")
    history: list["CognitiveStateAgentCognitiveStateHistory"]


class CognitiveStateAgentCognitiveStateHistory(BaseModel):
    from_state: Optional[CognitiveStateName] = Field(alias="fromState")
    to_state: CognitiveStateName = Field(alias="toState")
    at: datetime
    reason: Optional[str]


CognitiveState.model_rebuild()
CognitiveStateAgent.model_rebuild()
CognitiveStateAgentCognitiveState.model_rebuild()
