from datetime import datetime
from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import ErrorOrigin


class Errors(BaseModel):
    agent: Optional["ErrorsAgent"]


class ErrorsAgent(BaseModel):
    errors: Optional["ErrorsAgentErrors"]


class ErrorsAgentErrors(BaseModel):
    total_count: int = Field(alias="totalCount")
    page_info: "ErrorsAgentErrorsPageInfo" = Field(alias="pageInfo")
    nodes: list["ErrorsAgentErrorsNodes"]


class ErrorsAgentErrorsPageInfo(BaseModel):
    has_next_page: bool = Field(alias="hasNextPage")
    end_cursor: Optional[str] = Field(alias="endCursor")


class ErrorsAgentErrorsNodes(BaseModel):
    fingerprint: str
    type_name: str = Field(alias="typeName")
    message: str
    level: str
    logger: Optional[str]
    file: Optional[str]
    line: Optional[int]
    function: Optional[str]
    first_seen: datetime = Field(alias="firstSeen")
    last_seen: datetime = Field(alias="lastSeen")
    occurrences: int
    origin: ErrorOrigin
    context: "ErrorsAgentErrorsNodesContext"
    stack_trace: Optional[str] = Field(alias="stackTrace", default=None)


class ErrorsAgentErrorsNodesContext(BaseModel):
    thought_id: Optional[str] = Field(alias="thoughtId")
    task_id: Optional[str] = Field(alias="taskId")
    handler: Optional[str]
    trace_id: Optional[str] = Field(alias="traceId")


Errors.model_rebuild()
ErrorsAgent.model_rebuild()
ErrorsAgentErrors.model_rebuild()
ErrorsAgentErrorsNodes.model_rebuild()
