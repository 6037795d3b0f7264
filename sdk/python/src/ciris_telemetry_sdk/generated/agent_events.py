from typing import Any, Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import CognitiveStateName
from .fragments import (
    BreakerChangeFields,
    EventHeader,
    LlmCallFields,
    RecordedErrorFields,
)


class AgentEvents(BaseModel):
    agent_events: "AgentEventsAgentEvents" = Field(alias="agentEvents")


class AgentEventsAgentEvents(EventHeader):
    payload: Any
    breaker: Optional["AgentEventsAgentEventsBreaker"]
    cognitive_state: Optional["AgentEventsAgentEventsCognitiveState"] = Field(
        alias="cognitiveState"
    )
    llm_call: Optional["AgentEventsAgentEventsLlmCall"] = Field(alias="llmCall")
    error: Optional["AgentEventsAgentEventsError"]


AgentEventsAgentEventsBreaker = BreakerChangeFields


class AgentEventsAgentEventsCognitiveState(BaseModel):
    from_state: Optional[CognitiveStateName] = Field(alias="fromState")
    to_state: CognitiveStateName = Field(alias="toState")


AgentEventsAgentEventsLlmCall = LlmCallFields
AgentEventsAgentEventsError = RecordedErrorFields
AgentEvents.model_rebuild()
AgentEventsAgentEvents.model_rebuild()
