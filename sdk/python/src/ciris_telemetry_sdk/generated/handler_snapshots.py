from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel


class HandlerSnapshots(BaseModel):
    agent: Optional["HandlerSnapshotsAgent"]


class HandlerSnapshotsAgent(BaseModel):
    id: str
    handler_snapshots: Optional[list["HandlerSnapshotsAgentHandlerSnapshots"]] = Field(
        alias="handlerSnapshots"
    )


class HandlerSnapshotsAgentHandlerSnapshots(BaseModel):
    taken_at: datetime = Field(alias="takenAt")
    handlers: list["HandlerSnapshotsAgentHandlerSnapshotsHandlers"]


class HandlerSnapshotsAgentHandlerSnapshotsHandlers(BaseModel):
    handler: str
    invocations: int
    errors: int
    cancelled: int
    p_50_ms: Optional[float] = Field(alias="p50Ms")
    p_95_ms: Optional[float] = Field(alias="p95Ms")
    p_99_ms: Optional[float] = Field(alias="p99Ms")
    mean_ms: Optional[float] = Field(alias="meanMs")
    last_invoked_at: Optional[datetime] = Field(alias="lastInvokedAt")
    last_error: Optional["HandlerSnapshotsAgentHandlerSnapshotsHandlersLastError"] = (
        Field(alias="lastError")
    )
    errors_by_type: list[
        "HandlerSnapshotsAgentHandlerSnapshotsHandlersErrorsByType"
    ] = Field(alias="errorsByType")


class HandlerSnapshotsAgentHandlerSnapshotsHandlersLastError(BaseModel):
    type_: str = Field(alias="type")
    message: str
    at: datetime


class HandlerSnapshotsAgentHandlerSnapshotsHandlersErrorsByType(BaseModel):
    type_: str = Field(alias="type")
    count: int


HandlerSnapshots.model_rebuild()
HandlerSnapshotsAgent.model_rebuild()
HandlerSnapshotsAgentHandlerSnapshots.model_rebuild()
HandlerSnapshotsAgentHandlerSnapshotsHandlers.model_rebuild()
