"""The `store` datasource: an agent's persisted graph, read-only.

SQLite or PostgreSQL, persist tables or the legacy 2.8 tables; `open_store_reader` picks the
reader and layout from the configured target and what the database holds.
"""

from .cursor import ThoughtCursor, decode_thought_cursor, thought_cursor
from .detect import open_store_reader, postgres_layout, sqlite_layout
from .errors import StoreDataError
from .handler_metrics import HANDLER_ACTIONS
from .layout import (
    POSTGRES_LEGACY,
    POSTGRES_PERSIST,
    SQLITE_LEGACY,
    SQLITE_PERSIST,
    Layout,
)
from .postgres_reader import PostgresStoreReader
from .postgres_session import SessionLimits
from .reads import MAX_INCIDENTS, THOUGHT_STATUSES
from .sqlite_reader import SQLiteStoreReader
from .target import PostgresTarget, SQLiteTarget, parse_target
from .timestamps import canonical_timestamp, parse_timestamp
from .usage import USAGE_METRICS

__all__ = [
    "HANDLER_ACTIONS",
    "MAX_INCIDENTS",
    "POSTGRES_LEGACY",
    "POSTGRES_PERSIST",
    "SQLITE_LEGACY",
    "SQLITE_PERSIST",
    "THOUGHT_STATUSES",
    "USAGE_METRICS",
    "Layout",
    "PostgresStoreReader",
    "PostgresTarget",
    "SQLiteStoreReader",
    "SQLiteTarget",
    "SessionLimits",
    "StoreDataError",
    "ThoughtCursor",
    "canonical_timestamp",
    "decode_thought_cursor",
    "open_store_reader",
    "parse_target",
    "parse_timestamp",
    "postgres_layout",
    "sqlite_layout",
    "thought_cursor",
]
