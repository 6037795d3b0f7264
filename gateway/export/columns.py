"""The columns of each kind of export: a name, a type, and how a record gives its value.

One table per kind serves every format: JSON and CSV write the values as text, Parquet as
typed Arrow columns (times as timestamp[us, UTC], numbers as float64 / int64, labels as
map<string, string>). Fields that need ADMIN elsewhere (a thought's content, an error's
stack trace) are empty for other callers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Generic, TypeVar

from ciris_telemetry.audit_log import GatewayAuditEntry
from ciris_telemetry.datasources.collected import ErrorRecord
from ciris_telemetry.datasources.records import IncidentRecord, MetricPointRecord, ThoughtRecord

R = TypeVar("R")


class ColumnType(Enum):
    STRING = "string"
    TIMESTAMP = "timestamp"  # an aware datetime, UTC
    FLOAT = "float"
    INT = "int"
    TAGS = "tags"  # a str -> str mapping


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    name: str
    type: ColumnType
    value: Callable[[R], Any]
    nullable: bool = True


@dataclass(frozen=True, slots=True)
class Table(Generic[R]):
    """The columns of one kind of row, in file order."""

    columns: tuple[Column[R], ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def values(self, record: R) -> list[Any]:
        return [c.value(record) for c in self.columns]


def _column(name: str, kind: ColumnType, value: Callable[[R], Any]) -> Column[R]:
    return Column(name, kind, value)


def _required(name: str, kind: ColumnType, value: Callable[[R], Any]) -> Column[R]:
    return Column(name, kind, value, nullable=False)


STR, TIME, FLOAT, INT, TAGS = (
    ColumnType.STRING,
    ColumnType.TIMESTAMP,
    ColumnType.FLOAT,
    ColumnType.INT,
    ColumnType.TAGS,
)


def _tags(labels: Mapping[str, str]) -> dict[str, str]:
    return dict(labels)


METRIC_POINTS: Table[MetricPointRecord] = Table(
    (
        _required("metric", STR, lambda p: p.metric_name),
        _required("node_id", STR, lambda p: p.node_id),
        _required("time", TIME, lambda p: p.at),
        _required("value", FLOAT, lambda p: p.value),
        _required("tags", TAGS, lambda p: _tags(p.labels)),
    )
)


def thoughts_table(admin: bool) -> Table[ThoughtRecord]:
    def content(t: ThoughtRecord) -> str | None:
        return t.content if admin else None

    def action(t: ThoughtRecord) -> str | None:
        return t.final_action.action_type if t.final_action is not None else None

    columns: Sequence[Column[ThoughtRecord]] = (
        _required("thought_id", STR, lambda t: t.thought_id),
        _required("task_id", STR, lambda t: t.source_task_id),
        _column("channel_id", STR, lambda t: t.channel_id),
        _required("thought_type", STR, lambda t: t.thought_type),
        _required("status", STR, lambda t: t.status),
        _required("created_at", TIME, lambda t: t.created_at),
        _required("updated_at", TIME, lambda t: t.updated_at),
        _required("round_number", INT, lambda t: t.round_number),
        _required("thought_depth", INT, lambda t: t.thought_depth),
        _column("parent_thought_id", STR, lambda t: t.parent_thought_id),
        _column("action", STR, action),
        _column("content", STR, content),  # ADMIN only: it carries user content
    )
    return Table(tuple(columns))


AUDIT_ENTRIES: Table[GatewayAuditEntry] = Table(
    (
        _required("entry_id", STR, lambda e: e.entry_id),
        _required("time", TIME, lambda e: e.at),
        _required("action", STR, lambda e: e.action),
        _required("actor", STR, lambda e: e.actor),
        _required("role", STR, lambda e: e.role),
        _column("agent_id", STR, lambda e: e.agent_id),
        _column("target", STR, lambda e: e.target),
        _required("outcome", STR, lambda e: e.outcome),
        _column("detail", STR, lambda e: e.detail),
        _column("trace_id", STR, lambda e: e.trace_id),
        _column("request_id", STR, lambda e: e.request_id),
    )
)

INCIDENTS: Table[IncidentRecord] = Table(
    (
        _required("incident_id", STR, lambda i: i.incident_id),
        _required("severity", STR, lambda i: i.severity),
        _required("state", STR, lambda i: i.state),
        _required("category", STR, lambda i: i.category),
        _required("title", STR, lambda i: i.title),
        _column("description", STR, lambda i: i.description),
        _column("source_component", STR, lambda i: i.source_component),
        _column("handler_name", STR, lambda i: i.handler_name),
        _column("exception_type", STR, lambda i: i.exception_type),
        _required("first_seen_at", TIME, lambda i: i.first_seen_at),
        _required("last_seen_at", TIME, lambda i: i.last_seen_at),
        _required("occurrences", INT, lambda i: i.occurrences),
    )
)


def errors_table(admin: bool) -> Table[ErrorRecord]:
    def stack_trace(e: ErrorRecord) -> str | None:
        return e.stack_trace if admin else None

    columns: Sequence[Column[ErrorRecord]] = (
        _required("fingerprint", STR, lambda e: e.fingerprint),
        _required("type_name", STR, lambda e: e.type_name),
        _required("message", STR, lambda e: e.message),
        _required("level", STR, lambda e: e.level),
        _column("logger", STR, lambda e: e.logger),
        _column("file", STR, lambda e: e.file),
        _column("line", INT, lambda e: e.line),
        _column("function", STR, lambda e: e.function),
        _required("first_seen", TIME, lambda e: e.first_seen),
        _required("last_seen", TIME, lambda e: e.last_seen),
        _required("occurrences", INT, lambda e: e.occurrences),
        _required("origin", STR, lambda e: e.origin),
        _required("context", TAGS, lambda e: _tags(e.context)),
        _column("stack_trace", STR, stack_trace),  # ADMIN only
    )
    return Table(tuple(columns))


def iso(moment: datetime) -> str:
    """Times as text the way the GraphQL API writes them."""
    return moment.isoformat()
