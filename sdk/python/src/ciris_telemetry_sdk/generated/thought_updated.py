from typing import Any

from pydantic import Field

from .base_model import BaseModel
from .fragments import EventHeader


class ThoughtUpdated(BaseModel):
    thought_updated: "ThoughtUpdatedThoughtUpdated" = Field(alias="thoughtUpdated")


class ThoughtUpdatedThoughtUpdated(EventHeader):
    payload: Any


ThoughtUpdated.model_rebuild()
