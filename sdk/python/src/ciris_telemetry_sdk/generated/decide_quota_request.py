from pydantic import Field

from .base_model import BaseModel
from .fragments import QuotaRequestFields


class DecideQuotaRequest(BaseModel):
    decide_quota_request: "DecideQuotaRequestDecideQuotaRequest" = Field(
        alias="decideQuotaRequest"
    )


DecideQuotaRequestDecideQuotaRequest = QuotaRequestFields
DecideQuotaRequest.model_rebuild()
