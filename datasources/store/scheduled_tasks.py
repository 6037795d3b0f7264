"""Scheduled tasks and open channels, read for the system snapshot on SQLite and PostgreSQL.

Persist keeps `ScheduledTask` rows in `cirislens_scheduled_tasks` (SQLite, as a real agent's
file lists it) or `cirislens.scheduled_tasks` (PostgreSQL, by the same naming as every other
persist table). The 2.8 schema had a `scheduled_tasks` table whose columns are not known, so a
legacy layout refuses the read instead of guessing. Channels come from the tasks table, which
every layout has.
"""

from __future__ import annotations

from typing import Any

from ..protocol import UnsupportedOperation
from ..snapshot_records import ActiveChannelRecord, ScheduledTaskRecord
from .layout import Layout
from .queries import utc_key
from .rows import Row, optional_timestamp, required_timestamp

# Bounded: an agent schedules a handful of goals; the snapshot shows at most this many.
MAX_SCHEDULED_TASKS = 100
MAX_ACTIVE_CHANNELS = 100

SCHEDULED_TASK_FIELDS = (
    "id",
    "name",
    "goal_description",
    "status",
    "schedule_cron",
    "defer_until",
    "next_trigger_at",
    "last_triggered_at",
    "created_at",
)
_SCHEDULED_TIMESTAMPS = ("defer_until", "next_trigger_at", "last_triggered_at", "created_at")
OPEN_TASK_STATUSES = ("pending", "active")


def scheduled_task_table(layout: Layout) -> str:
    """The persist table beside the layout's tasks table (same prefix or schema)."""
    if layout.is_legacy:
        raise UnsupportedOperation(
            "scheduled tasks are not read from the legacy 2.8 schema (its scheduled_tasks "
            "columns are not known)"
        )
    return layout.tasks.removesuffix("tasks") + "scheduled_tasks"


def sqlite_scheduled_tasks(layout: Layout, occurrence_id: str | None) -> tuple[str, list[Any]]:
    table = scheduled_task_table(layout)
    where, params = ("agent_occurrence_id = ?", [occurrence_id]) if occurrence_id else ("1", [])
    sql = (
        f"SELECT {', '.join(SCHEDULED_TASK_FIELDS)} FROM {table} WHERE {where} "
        f"ORDER BY {utc_key('created_at')}, id LIMIT ?"
    )
    return sql, [*params, MAX_SCHEDULED_TASKS]


def postgres_scheduled_tasks(layout: Layout, occurrence_id: str | None) -> tuple[str, list[Any]]:
    table = scheduled_task_table(layout)
    columns = ", ".join(
        f"{name}::timestamptz AS {name}" if name in _SCHEDULED_TIMESTAMPS else name
        for name in SCHEDULED_TASK_FIELDS
    )
    where, params = ("agent_occurrence_id = $1", [occurrence_id]) if occurrence_id else ("TRUE", [])
    sql = (
        f"SELECT {columns} FROM {table} WHERE {where} "
        f'ORDER BY created_at::timestamptz, id COLLATE "C" LIMIT {MAX_SCHEDULED_TASKS}'
    )
    return sql, params


def sqlite_active_channels(layout: Layout, occurrence_id: str | None) -> tuple[str, list[Any]]:
    occurrence = f" AND {layout.occurrence_expression()} = ?" if occurrence_id else ""
    newest = f"MAX({utc_key('updated_at')})"
    sql = (
        "SELECT channel_id, SUM(status = 'active') AS active_tasks, "
        f"SUM(status = 'pending') AS pending_tasks, {newest} AS last_activity_at "
        f"FROM {layout.tasks} WHERE status IN ('pending', 'active'){occurrence} "
        f"GROUP BY channel_id ORDER BY last_activity_at DESC, channel_id LIMIT ?"
    )
    return sql, [*([occurrence_id] if occurrence_id else []), MAX_ACTIVE_CHANNELS]


def postgres_active_channels(layout: Layout, occurrence_id: str | None) -> tuple[str, list[Any]]:
    occurrence = f" AND {layout.occurrence_expression()} = $1" if occurrence_id else ""
    sql = (
        "SELECT channel_id, COUNT(*) FILTER (WHERE status = 'active') AS active_tasks, "
        "COUNT(*) FILTER (WHERE status = 'pending') AS pending_tasks, "
        "MAX(updated_at::timestamptz) AS last_activity_at "
        f"FROM {layout.tasks} WHERE status IN ('pending', 'active'){occurrence} "
        'GROUP BY channel_id ORDER BY last_activity_at DESC, channel_id COLLATE "C" '
        f"LIMIT {MAX_ACTIVE_CHANNELS}"
    )
    return sql, [occurrence_id] if occurrence_id else []


def scheduled_task_from_row(row: Row) -> ScheduledTaskRecord:
    where = f"scheduled task {row['id']!r}"
    return ScheduledTaskRecord(
        task_id=row["id"],
        name=row["name"],
        goal_description=row["goal_description"],
        status=str(row["status"]).upper(),
        schedule_cron=row["schedule_cron"],
        defer_until=optional_timestamp(row["defer_until"]),
        next_trigger_at=optional_timestamp(row["next_trigger_at"]),
        last_triggered_at=optional_timestamp(row["last_triggered_at"]),
        created_at=required_timestamp(row["created_at"], where, "created_at"),
    )


def active_channel_from_row(row: Row) -> ActiveChannelRecord:
    where = f"channel {row['channel_id']!r}"
    return ActiveChannelRecord(
        channel_id=row["channel_id"],
        active_tasks=int(row["active_tasks"]),
        pending_tasks=int(row["pending_tasks"]),
        last_activity_at=required_timestamp(row["last_activity_at"], where, "updated_at"),
    )
