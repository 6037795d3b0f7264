from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import HandlerAction


class Handlers(BaseModel):
    agent: Optional["HandlersAgent"]


class HandlersAgent(BaseModel):
    handlers: Optional[list["HandlersAgentHandlers"]]


class HandlersAgentHandlers(BaseModel):
    action: HandlerAction
    class_name: str = Field(alias="className")
    invocations: int
    completions: int
    errors: int
    error_rate: float = Field(alias="errorRate")
    success_rate: float = Field(alias="successRate")
    last_invoked_at: Optional[datetime] = Field(alias="lastInvokedAt")
    average_duration_ms: Optional[float] = Field(alias="averageDurationMs")
    p_50_duration_ms: Optional[float] = Field(alias="p50DurationMs")
    p_95_duration_ms: Optional[float] = Field(alias="p95DurationMs")
    p_99_duration_ms: Optional[float] = Field(alias="p99DurationMs")
    cancelled: Optional[int]
    last_error: Optional["HandlersAgentHandlersLastError"] = Field(alias="lastError")
    errors_by_type: list["HandlersAgentHandlersErrorsByType"] = Field(
        alias="errorsByType"
    )
    dependencies: list["HandlersAgentHandlersDependencies"]


class HandlersAgentHandlersLastError(BaseModel):
    type_: str = Field(alias="type")
    message: str
    at: datetime


class HandlersAgentHandlersErrorsByType(BaseModel):
    type_: str = Field(alias="type")
    count: int


class HandlersAgentHandlersDependencies(BaseModel):
    name: str
    service_type: str = Field(alias="serviceType")
    healthy: bool
    providers: int
    open_breakers: int = Field(alias="openBreakers")


Handlers.model_rebuild()
HandlersAgent.model_rebuild()
HandlersAgentHandlers.model_rebuild()
