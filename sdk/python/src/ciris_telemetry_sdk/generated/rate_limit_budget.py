from datetime import datetime

from pydantic import Field

from .base_model import BaseModel


class RateLimitBudget(BaseModel):
    rate_limit: "RateLimitBudgetRateLimit" = Field(alias="rateLimit")


class RateLimitBudgetRateLimit(BaseModel):
    cost: int
    limit: int
    remaining: int
    reset_at: datetime = Field(alias="resetAt")
    used: int


RateLimitBudget.model_rebuild()
