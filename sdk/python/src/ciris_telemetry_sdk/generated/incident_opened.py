from typing import Any

from pydantic import Field

from .base_model import BaseModel
from .fragments import EventHeader


class IncidentOpened(BaseModel):
    incident_opened: "IncidentOpenedIncidentOpened" = Field(alias="incidentOpened")


class IncidentOpenedIncidentOpened(EventHeader):
    payload: Any


IncidentOpened.model_rebuild()
