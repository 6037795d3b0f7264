"""The `store` datasource: an agent's persisted graph, read-only."""

from .cursor import ThoughtCursor, decode_thought_cursor, thought_cursor
from .errors import StoreDataError
from .handler_metrics import HANDLER_ACTIONS
from .sqlite_reader import THOUGHT_STATUSES, SQLiteStoreReader
from .timestamps import canonical_timestamp, parse_timestamp

__all__ = [
    "HANDLER_ACTIONS",
    "THOUGHT_STATUSES",
    "SQLiteStoreReader",
    "StoreDataError",
    "ThoughtCursor",
    "canonical_timestamp",
    "decode_thought_cursor",
    "parse_timestamp",
    "thought_cursor",
]
