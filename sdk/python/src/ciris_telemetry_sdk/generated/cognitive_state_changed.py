from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import CognitiveStateName
from .fragments import EventHeader


class CognitiveStateChanged(BaseModel):
    cognitive_state_changed: "CognitiveStateChangedCognitiveStateChanged" = Field(
        alias="cognitiveStateChanged"
    )


class CognitiveStateChangedCognitiveStateChanged(EventHeader):
    cognitive_state: Optional[
        "CognitiveStateChangedCognitiveStateChangedCognitiveState"
    ] = Field(alias="cognitiveState")


class CognitiveStateChangedCognitiveStateChangedCognitiveState(BaseModel):
    from_state: Optional[CognitiveStateName] = Field(alias="fromState")
    to_state: CognitiveStateName = Field(alias="toState")


CognitiveStateChanged.model_rebuild()
CognitiveStateChangedCognitiveStateChanged.model_rebuild()
