from datetime import date, datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import AggregateTrend, AnomalyDirection, AnomalyScale, AnomalyStatistic


class DailySummary(BaseModel):
    agent: Optional["DailySummaryAgent"]


class DailySummaryAgent(BaseModel):
    daily_summary: Optional["DailySummaryAgentDailySummary"] = Field(
        alias="dailySummary"
    )


class DailySummaryAgentDailySummary(BaseModel):
    agent_id: str = Field(alias="agentId")
    day: date
    since: datetime
    until: datetime
    aggregated: bool
    anomaly_statistic: AnomalyStatistic = Field(alias="anomalyStatistic")
    anomaly_threshold: float = Field(alias="anomalyThreshold")
    baseline_hours: int = Field(alias="baselineHours")
    metrics: list["DailySummaryAgentDailySummaryMetrics"]
    anomalies: list["DailySummaryAgentDailySummaryAnomalies"]


class DailySummaryAgentDailySummaryMetrics(BaseModel):
    metric: str
    daily: Optional["DailySummaryAgentDailySummaryMetricsDaily"]
    previous_day: Optional["DailySummaryAgentDailySummaryMetricsPreviousDay"] = Field(
        alias="previousDay"
    )
    peak_hour_by_sum: Optional["DailySummaryAgentDailySummaryMetricsPeakHourBySum"] = (
        Field(alias="peakHourBySum")
    )
    peak_hour_by_p_95: Optional["DailySummaryAgentDailySummaryMetricsPeakHourByP95"] = (
        Field(alias="peakHourByP95")
    )
    anomalies: list["DailySummaryAgentDailySummaryMetricsAnomalies"]


class DailySummaryAgentDailySummaryMetricsDaily(BaseModel):
    id: str
    start: datetime
    end: datetime
    count: int
    sum: float
    min: float
    max: float
    avg: float
    p_50: float = Field(alias="p50")
    p_95: float = Field(alias="p95")
    p_99: float = Field(alias="p99")
    change: Optional["DailySummaryAgentDailySummaryMetricsDailyChange"]


class DailySummaryAgentDailySummaryMetricsDailyChange(BaseModel):
    avg_absolute: float = Field(alias="avgAbsolute")
    avg_relative: Optional[float] = Field(alias="avgRelative")
    sum_absolute: float = Field(alias="sumAbsolute")
    sum_relative: Optional[float] = Field(alias="sumRelative")
    trend: AggregateTrend


class DailySummaryAgentDailySummaryMetricsPreviousDay(BaseModel):
    id: str
    start: datetime
    count: int
    sum: float
    avg: float
    p_95: float = Field(alias="p95")


class DailySummaryAgentDailySummaryMetricsPeakHourBySum(BaseModel):
    hour: datetime
    value: float


class DailySummaryAgentDailySummaryMetricsPeakHourByP95(BaseModel):
    hour: datetime
    value: float


class DailySummaryAgentDailySummaryMetricsAnomalies(BaseModel):
    metric: str
    hour: datetime
    value: float
    expected: float
    score: float
    direction: AnomalyDirection
    scale: AnomalyScale
    baseline_hours: int = Field(alias="baselineHours")


class DailySummaryAgentDailySummaryAnomalies(BaseModel):
    metric: str
    hour: datetime
    value: float
    expected: float
    score: float
    direction: AnomalyDirection
    scale: AnomalyScale
    baseline_hours: int = Field(alias="baselineHours")


DailySummary.model_rebuild()
DailySummaryAgent.model_rebuild()
DailySummaryAgentDailySummary.model_rebuild()
DailySummaryAgentDailySummaryMetrics.model_rebuild()
DailySummaryAgentDailySummaryMetricsDaily.model_rebuild()
