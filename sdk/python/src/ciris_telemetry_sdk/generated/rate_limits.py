from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import QuotaRequestStatus
from .fragments import Bucket


class RateLimits(BaseModel):
    rate_limits: "RateLimitsRateLimits" = Field(alias="rateLimits")


class RateLimitsRateLimits(BaseModel):
    enabled: bool
    shared: bool
    degraded: bool
    callers: list["RateLimitsRateLimitsCallers"]
    quota_requests: list["RateLimitsRateLimitsQuotaRequests"] = Field(
        alias="quotaRequests"
    )


class RateLimitsRateLimitsCallers(BaseModel):
    subject: str
    key_id: Optional[str] = Field(alias="keyId")
    key_name: Optional[str] = Field(alias="keyName")
    role: Optional[str]
    points: "RateLimitsRateLimitsCallersPoints"
    endpoints: list["RateLimitsRateLimitsCallersEndpoints"]


RateLimitsRateLimitsCallersPoints = Bucket
RateLimitsRateLimitsCallersEndpoints = Bucket


class RateLimitsRateLimitsQuotaRequests(BaseModel):
    id: str
    subject: str
    key_id: Optional[str] = Field(alias="keyId")
    endpoint: str
    requested_limit: int = Field(alias="requestedLimit")
    period_seconds: float = Field(alias="periodSeconds")
    limit_at_request: int = Field(alias="limitAtRequest")
    reason: str
    status: QuotaRequestStatus
    requested_at: datetime = Field(alias="requestedAt")
    requested_by: str = Field(alias="requestedBy")
    decided_at: Optional[datetime] = Field(alias="decidedAt")
    decided_by: Optional[str] = Field(alias="decidedBy")
    note: Optional[str]


RateLimits.model_rebuild()
RateLimitsRateLimits.model_rebuild()
RateLimitsRateLimitsCallers.model_rebuild()
