from datetime import datetime
from typing import Any, Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import HistoryAggregate, HistorySource


class History(BaseModel):
    agent: Optional["HistoryAgent"]


class HistoryAgent(BaseModel):
    history: Optional["HistoryAgentHistory"]


class HistoryAgentHistory(BaseModel):
    metric: str
    since: datetime
    until: datetime
    step_seconds: Optional[int] = Field(alias="stepSeconds")
    source: HistorySource
    raw_points: int = Field(alias="rawPoints")
    complete: bool
    problems: list[str]
    percentile_method: str = Field(alias="percentileMethod")
    aggregated_since: Optional[datetime] = Field(alias="aggregatedSince")
    aggregated_until: Optional[datetime] = Field(alias="aggregatedUntil")
    aggregate_hours: int = Field(alias="aggregateHours")
    raw_retention_cutoff: Optional[datetime] = Field(alias="rawRetentionCutoff")
    buckets: list["HistoryAgentHistoryBuckets"]
    points: Optional[list["HistoryAgentHistoryPoints"]]


class HistoryAgentHistoryBuckets(BaseModel):
    start: datetime
    count: int
    source: HistorySource
    values: list["HistoryAgentHistoryBucketsValues"]


class HistoryAgentHistoryBucketsValues(BaseModel):
    aggregate: HistoryAggregate
    value: Optional[float]


class HistoryAgentHistoryPoints(BaseModel):
    node_id: str = Field(alias="nodeId")
    at: datetime
    value: float
    labels: Any


History.model_rebuild()
HistoryAgent.model_rebuild()
HistoryAgentHistory.model_rebuild()
HistoryAgentHistoryBuckets.model_rebuild()
