from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel


class TsdbStatus(BaseModel):
    agent: Optional["TsdbStatusAgent"]


class TsdbStatusAgent(BaseModel):
    tsdb_status: Optional["TsdbStatusAgentTsdbStatus"] = Field(alias="tsdbStatus")


class TsdbStatusAgentTsdbStatus(BaseModel):
    aggregation_enabled: bool = Field(alias="aggregationEnabled")
    last_run_at: Optional[datetime] = Field(alias="lastRunAt")
    next_run_at: Optional[datetime] = Field(alias="nextRunAt")
    points_read: int = Field(alias="pointsRead")
    points_consolidated: int = Field(alias="pointsConsolidated")
    hourly_aggregates: int = Field(alias="hourlyAggregates")
    daily_aggregates: int = Field(alias="dailyAggregates")
    compression_ratio: Optional[float] = Field(alias="compressionRatio")
    bytes_per_aggregate: Optional[float] = Field(alias="bytesPerAggregate")
    storage_saved_bytes: float = Field(alias="storageSavedBytes")
    last_run_failure: Optional[str] = Field(alias="lastRunFailure")
    agent_consolidation: Optional["TsdbStatusAgentTsdbStatusAgentConsolidation"] = (
        Field(alias="agentConsolidation")
    )


class TsdbStatusAgentTsdbStatusAgentConsolidation(BaseModel):
    last_consolidation_at: Optional[datetime] = Field(alias="lastConsolidationAt")
    last_extensive_at: Optional[datetime] = Field(alias="lastExtensiveAt")
    last_profound_at: Optional[datetime] = Field(alias="lastProfoundAt")
    next_run_at: Optional[datetime] = Field(alias="nextRunAt")


TsdbStatus.model_rebuild()
TsdbStatusAgent.model_rebuild()
TsdbStatusAgentTsdbStatus.model_rebuild()
