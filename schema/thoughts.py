"""Thoughts, tasks and the thoughts connection."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from ciris_telemetry.auth.roles import Role
from ciris_telemetry.datasources.records import TaskRecord, ThoughtRecord
from ciris_telemetry.resolvers import live, stored

from .enums import HandlerAction, TaskStatus, ThoughtStatus, ThoughtType
from .info import request_context


@strawberry.type
class Task:
    id: strawberry.ID
    channel_id: str
    description: str
    status: TaskStatus
    priority: int
    created_at: datetime
    updated_at: datetime
    parent_task_id: str | None
    retry_count: int

    @classmethod
    def from_record(cls, r: TaskRecord) -> Task:
        return cls(
            id=strawberry.ID(r.task_id),
            channel_id=r.channel_id,
            description=r.description,
            status=TaskStatus(r.status),
            priority=r.priority,
            created_at=r.created_at,
            updated_at=r.updated_at,
            parent_task_id=r.parent_task_id,
            retry_count=r.retry_count,
        )


@strawberry.type(description="The action a thought ended in.")
class FinalAction:
    action: HandlerAction
    reasoning: str | None
    params: JSON


@strawberry.type
class Thought:
    agent_id: strawberry.Private[str]
    record: strawberry.Private[ThoughtRecord]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.record.thought_id)

    @strawberry.field
    def type(self) -> ThoughtType:
        return ThoughtType(self.record.thought_type)

    @strawberry.field
    def status(self) -> ThoughtStatus:
        return ThoughtStatus(self.record.status)

    @strawberry.field
    def depth(self) -> int:
        return self.record.thought_depth

    @strawberry.field
    def round(self) -> int:
        return self.record.round_number

    @strawberry.field
    def channel_id(self) -> str | None:
        return self.record.channel_id

    @strawberry.field
    def parent_thought_id(self) -> str | None:
        return self.record.parent_thought_id

    @strawberry.field
    def created_at(self) -> datetime:
        return self.record.created_at

    @strawberry.field
    def updated_at(self) -> datetime:
        return self.record.updated_at

    @strawberry.field(description="The thought's text. Needs ADMIN: it carries user content.")
    def content(self, info: Info[Any, Any]) -> str | None:
        request_context(info).require(Role.ADMIN, "Thought.content")
        return self.record.content

    @strawberry.field
    def final_action(self) -> FinalAction | None:
        fa = self.record.final_action
        if fa is None:
            return None
        return FinalAction(
            action=HandlerAction(fa.action_type), reasoning=fa.reasoning, params=JSON(fa.params)
        )

    @strawberry.field(description="The handler the thought was dispatched to, if it ended.")
    def handler(self) -> HandlerAction | None:
        fa = self.record.final_action
        return HandlerAction(fa.action_type) if fa else None

    @strawberry.field(description="Seconds since the thought was created, on the agent's clock.")
    async def age_seconds(self, info: Info[Any, Any]) -> float:
        now = await live.now(request_context(info), self.agent_id)
        return stored.age_seconds(now, self.record.created_at)

    @strawberry.field
    async def task(self, info: Info[Any, Any]) -> Task | None:
        record = await stored.task(request_context(info), self.agent_id, self.record.source_task_id)
        return Task.from_record(record) if record else None


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class ThoughtEdge:
    cursor: str
    node: Thought


@strawberry.type
class ThoughtConnection:
    total_count: int
    page_info: PageInfo
    edges: list[ThoughtEdge]

    @strawberry.field
    def nodes(self) -> list[Thought]:
        return [e.node for e in self.edges]
