from typing import Any

from pydantic import Field

from .base_model import BaseModel
from .fragments import EventHeader


class HealthChanged(BaseModel):
    health_changed: "HealthChangedHealthChanged" = Field(alias="healthChanged")


class HealthChangedHealthChanged(EventHeader):
    payload: Any


HealthChanged.model_rebuild()
