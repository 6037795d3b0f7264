from datetime import datetime
from typing import Any, Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import HandlerAction, TaskStatus, ThoughtStatus, ThoughtType


class Thoughts(BaseModel):
    agent: Optional["ThoughtsAgent"]


class ThoughtsAgent(BaseModel):
    thoughts: Optional["ThoughtsAgentThoughts"]


class ThoughtsAgentThoughts(BaseModel):
    total_count: int = Field(alias="totalCount")
    page_info: "ThoughtsAgentThoughtsPageInfo" = Field(alias="pageInfo")
    nodes: list["ThoughtsAgentThoughtsNodes"]


class ThoughtsAgentThoughtsPageInfo(BaseModel):
    has_next_page: bool = Field(alias="hasNextPage")
    end_cursor: Optional[str] = Field(alias="endCursor")


class ThoughtsAgentThoughtsNodes(BaseModel):
    id: str
    type_: ThoughtType = Field(alias="type")
    status: ThoughtStatus
    depth: int
    round: int
    channel_id: Optional[str] = Field(alias="channelId")
    parent_thought_id: Optional[str] = Field(alias="parentThoughtId")
    created_at: datetime = Field(alias="createdAt")
    updated_at: datetime = Field(alias="updatedAt")
    age_seconds: float = Field(alias="ageSeconds")
    handler: Optional[HandlerAction]
    final_action: Optional["ThoughtsAgentThoughtsNodesFinalAction"] = Field(
        alias="finalAction"
    )
    content: Optional[str] = None
    task: Optional["ThoughtsAgentThoughtsNodesTask"]


class ThoughtsAgentThoughtsNodesFinalAction(BaseModel):
    action: HandlerAction
    reasoning: Optional[str]
    params: Any


class ThoughtsAgentThoughtsNodesTask(BaseModel):
    id: str
    description: str
    status: TaskStatus
    priority: int
    created_at: datetime = Field(alias="createdAt")


Thoughts.model_rebuild()
ThoughtsAgent.model_rebuild()
ThoughtsAgentThoughts.model_rebuild()
ThoughtsAgentThoughtsNodes.model_rebuild()
