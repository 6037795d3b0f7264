from pydantic import Field

from .base_model import BaseModel
from .fragments import QuotaRequestFields


class RequestQuotaIncrease(BaseModel):
    request_quota_increase: "RequestQuotaIncreaseRequestQuotaIncrease" = Field(
        alias="requestQuotaIncrease"
    )


RequestQuotaIncreaseRequestQuotaIncrease = QuotaRequestFields
RequestQuotaIncrease.model_rebuild()
