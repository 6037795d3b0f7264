from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .fragments import Hour


class AggregatesHourly(BaseModel):
    agent: Optional["AggregatesHourlyAgent"]


class AggregatesHourlyAgent(BaseModel):
    id: str
    llm_latency_ms: list["AggregatesHourlyAgentLlmLatencyMs"] = Field(
        alias="llmLatencyMs"
    )
    tokens: list["AggregatesHourlyAgentTokens"]
    cost_cents: list["AggregatesHourlyAgentCostCents"] = Field(alias="costCents")
    energy_kwh: list["AggregatesHourlyAgentEnergyKwh"] = Field(alias="energyKwh")
    carbon_grams: list["AggregatesHourlyAgentCarbonGrams"] = Field(alias="carbonGrams")
    handler_invocations: list["AggregatesHourlyAgentHandlerInvocations"] = Field(
        alias="handlerInvocations"
    )
    handler_errors: list["AggregatesHourlyAgentHandlerErrors"] = Field(
        alias="handlerErrors"
    )
    thoughts_completed: list["AggregatesHourlyAgentThoughtsCompleted"] = Field(
        alias="thoughtsCompleted"
    )


AggregatesHourlyAgentLlmLatencyMs = Hour
AggregatesHourlyAgentTokens = Hour
AggregatesHourlyAgentCostCents = Hour
AggregatesHourlyAgentEnergyKwh = Hour
AggregatesHourlyAgentCarbonGrams = Hour
AggregatesHourlyAgentHandlerInvocations = Hour
AggregatesHourlyAgentHandlerErrors = Hour
AggregatesHourlyAgentThoughtsCompleted = Hour
AggregatesHourly.model_rebuild()
AggregatesHourlyAgent.model_rebuild()
