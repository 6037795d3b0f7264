from datetime import datetime
from typing import Any

from pydantic import Field

from .base_model import BaseModel


class MetricSamples(BaseModel):
    metrics: "MetricSamplesMetrics"


class MetricSamplesMetrics(BaseModel):
    agent_id: str = Field(alias="agentId")
    sequence: int
    at: datetime
    dropped: int
    problems: list[str]
    values: list["MetricSamplesMetricsValues"]
    missing: list[str]


class MetricSamplesMetricsValues(BaseModel):
    name: str
    value: float
    at: datetime
    labels: Any


MetricSamples.model_rebuild()
MetricSamplesMetrics.model_rebuild()
