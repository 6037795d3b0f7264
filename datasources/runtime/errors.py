"""Error groups as records, and the one filter every error reader applies.

The collector's groups become `ErrorRecord`s with origin "collector". The remote reader builds
its records from the agent's log lines and filters them with the same `filter_errors`, so
`since`, `level`, `source` and `fingerprint` mean the same thing whatever the agent's source.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ciris_telemetry.collectors.errors import ErrorCollector, ErrorGroup

from ..collected import ErrorQuery, ErrorRecord


def error_record(group: ErrorGroup) -> ErrorRecord:
    """A collector group as a record; the context is copied (groups hold a read-only view)."""
    return ErrorRecord(
        fingerprint=group.fingerprint,
        type_name=group.type_name,
        message=group.message,
        stack_trace=group.stack_trace,
        logger=group.logger,
        level=group.level,
        file=group.file,
        line=group.line,
        function=group.function,
        context=dict(group.context),
        first_seen=group.first_seen,
        last_seen=group.last_seen,
        occurrences=group.occurrences,
        origin="collector",
    )


def collected_errors(collector: ErrorCollector | None, query: ErrorQuery) -> list[ErrorRecord]:
    """The collector's groups matching `query`, newest first; [] where none is installed."""
    if collector is None:
        return []
    return filter_errors(map(error_record, collector.groups()), query)


def filter_errors(records: Iterable[ErrorRecord], query: ErrorQuery) -> list[ErrorRecord]:
    """The records matching every filter of `query`, newest `last_seen` first.

    `since` keeps records last seen at or after it and must be aware (ValueError otherwise);
    `level` matches the level name case-insensitively; `source` matches a logger and its
    children ("ciris" matches "ciris" and "ciris.x", not "cirisx"); `fingerprint` is exact.
    Ties on `last_seen` are ordered by fingerprint, descending, so the order is total and a
    keyset cursor of (last_seen, fingerprint) can resume it.
    """
    since = query.since
    if since is not None and since.utcoffset() is None:
        raise ValueError("`since` must carry a time zone (e.g. 2026-01-01T00:00:00Z).")
    level = query.level.upper() if query.level is not None else None
    selected = [
        r
        for r in records
        if (since is None or r.last_seen >= since)
        and (level is None or r.level.upper() == level)
        and (query.source is None or under_logger(r.logger, query.source))
        and (query.fingerprint is None or r.fingerprint == query.fingerprint)
    ]
    selected.sort(key=newest_first_key, reverse=True)
    return selected


def newest_first_key(record: ErrorRecord) -> tuple[datetime, str]:
    """Sort key (reversed) of the error order: last seen, then fingerprint."""
    return record.last_seen, record.fingerprint


def under_logger(logger: str | None, source: str) -> bool:
    """Whether `logger` is `source` or one of its children."""
    return logger is not None and (logger == source or logger.startswith(source + "."))
