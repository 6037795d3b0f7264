"""The newest error groups of a process, kept in memory and bounded.

CIRIS keeps no error buffer (AGENT_FACTS §0). This collector is fed by a logging handler
(`CollectingLogHandler`), by the asyncio loop exception handler
(`install_loop_exception_handler`) and by direct `record_exception` calls. Repeats of the same
error are grouped by a fingerprint; at most `capacity` groups are kept and the least recently
seen group is evicted first.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import logging
import re
import threading
import traceback
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import MappingProxyType, TracebackType
from typing import Any

from ciris_telemetry.datasources.trace_context import current_trace

__all__ = [
    "CONTEXT_KEYS",
    "MAX_MESSAGE_CHARS",
    "MAX_STACK_TRACE_CHARS",
    "CollectingLogHandler",
    "ErrorCollector",
    "ErrorGroup",
    "fingerprint",
    "install_loop_exception_handler",
    "normalise_message",
]

MAX_MESSAGE_CHARS = 500
MAX_STACK_TRACE_CHARS = 20_000
# Log record attributes (set with `extra=`) copied into a group's context.
CONTEXT_KEYS = ("thought_id", "task_id", "handler", "trace_id")

_TRUNCATED = "...\n"
# Order matters: uuids and hex ids are replaced before bare digit runs would split them.
_NORMALISERS = (
    (
        re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I),
        "<uuid>",
    ),
    (re.compile(r"\b0x[0-9a-f]+\b", re.I), "<hex>"),
    # Hash-like ids: 8+ hex characters with at least one digit (plain words stay intact).
    (re.compile(r"\b(?=[a-f]*\d)[0-9a-f]{8,}\b", re.I), "<hex>"),
    (re.compile(r"\d+"), "<n>"),
)

Listener = Callable[["ErrorGroup", bool], None]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def normalise_message(message: str) -> str:
    """Replace uuids, hex ids and digit runs so messages differing only in ids compare equal."""
    for pattern, replacement in _NORMALISERS:
        message = pattern.sub(replacement, message)
    return message


def fingerprint(
    type_name: str, file: str | None, function: str | None, line: int | None, message: str
) -> str:
    """The group key: sha256 (first 16 hex chars) of type, code location and normalised message.

    The code location is the innermost traceback frame of an exception, or the call site of a
    log record without one. The message is normalised by `normalise_message`, so
    "thought 123 failed" and "thought 456 failed" share a fingerprint.
    """
    parts = (type_name, file or "", function or "", str(line or 0), normalise_message(message))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


@dataclasses.dataclass(frozen=True, slots=True)
class ErrorGroup:
    """An immutable copy of one group of repeated errors.

    `type_name` is the exception class name, or the level name for a log line without an
    exception. Message, stack trace, logger, level and context are those of the latest
    occurrence; the message is cut to `MAX_MESSAGE_CHARS`, the stack trace keeps its last
    `MAX_STACK_TRACE_CHARS` (where the innermost frames and the exception are).
    """

    fingerprint: str
    type_name: str
    message: str
    stack_trace: str | None
    logger: str | None
    level: str
    file: str | None
    line: int | None
    function: str | None
    context: Mapping[str, str]
    first_seen: datetime
    last_seen: datetime
    occurrences: int


@dataclasses.dataclass(frozen=True, slots=True)
class _Occurrence:
    type_name: str
    message: str
    stack_trace: str | None
    logger: str | None
    level: str
    file: str | None
    line: int | None
    function: str | None
    context: Mapping[str, str]


def _truncate_trace(text: str) -> str:
    if len(text) <= MAX_STACK_TRACE_CHARS:
        return text
    return _TRUNCATED + text[-(MAX_STACK_TRACE_CHARS - len(_TRUNCATED)) :]


def _innermost(tb: TracebackType | None) -> tuple[str | None, str | None, int | None]:
    if tb is None:  # an exception that was never raised has no location
        return None, None, None
    while tb.tb_next is not None:
        tb = tb.tb_next
    code = tb.tb_frame.f_code
    return code.co_filename, code.co_name, tb.tb_lineno


def _check_context(context: Mapping[str, str] | None) -> dict[str, str]:
    if context is None:
        return {}
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in context.items()):
        raise TypeError("context keys and values must be strings")
    return dict(context)


def _from_exception(
    exc: BaseException, *, logger: str | None, level: str, context: Mapping[str, str]
) -> _Occurrence:
    file, function, line = _innermost(exc.__traceback__)
    return _Occurrence(
        type_name=type(exc).__name__,
        message=str(exc)[:MAX_MESSAGE_CHARS],
        stack_trace=_truncate_trace("".join(traceback.format_exception(exc))),
        logger=logger,
        level=level,
        file=file,
        line=line,
        function=function,
        context=MappingProxyType(dict(context)),
    )


class ErrorCollector:
    """Thread-safe ring of the newest `capacity` error groups.

    `wall_clock` stamps first and last seen and must return aware UTC datetimes. Listeners are
    called after each occurrence, outside the lock, with a copy of the group and whether it is
    new; a failing listener is counted in `listener_errors` and never reaches the caller.
    """

    def __init__(
        self, *, capacity: int = 1000, wall_clock: Callable[[], datetime] = _utc_now
    ) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self.capacity = capacity
        self._wall_clock = wall_clock
        self._lock = threading.Lock()
        # fingerprint -> group, least recently seen first
        self._groups: OrderedDict[str, ErrorGroup] = OrderedDict()
        self._listeners: list[Listener] = []
        self._evicted = 0
        self._listener_errors = 0

    @property
    def evicted_groups(self) -> int:
        """Groups dropped because the ring was full."""
        with self._lock:
            return self._evicted

    @property
    def listener_errors(self) -> int:
        """Exceptions raised by listeners (swallowed)."""
        with self._lock:
            return self._listener_errors

    def record_exception(
        self,
        exc: BaseException,
        *,
        logger: str | None = None,
        context: Mapping[str, str] | None = None,
    ) -> ErrorGroup:
        """Record one occurrence of `exc` at level ERROR; returns the updated group."""
        if not isinstance(exc, BaseException):
            raise TypeError(f"expected an exception, got {type(exc).__name__}")
        checked = _check_context(context)
        return self._record(_from_exception(exc, logger=logger, level="ERROR", context=checked))

    def record_log(self, record: logging.LogRecord) -> ErrorGroup:
        """Record one log record; `extra=` attributes named in `CONTEXT_KEYS` become context."""
        context = {
            key: str(value)
            for key in CONTEXT_KEYS
            if (value := getattr(record, key, None)) is not None
        }
        exc = record.exc_info[1] if record.exc_info else None
        message = record.getMessage()
        if exc is not None:
            occurrence = _from_exception(
                exc, logger=record.name, level=record.levelname, context=context
            )
            if message:  # the log line says what was being done; the exception why it failed
                combined = f"{message}: {occurrence.message}"[:MAX_MESSAGE_CHARS]
                occurrence = dataclasses.replace(occurrence, message=combined)
        else:
            stack = record.stack_info
            occurrence = _Occurrence(
                type_name=record.levelname,
                message=message[:MAX_MESSAGE_CHARS],
                stack_trace=_truncate_trace(stack) if stack else None,
                logger=record.name,
                level=record.levelname,
                file=record.pathname,
                line=record.lineno,
                function=record.funcName,
                context=MappingProxyType(context),
            )
        return self._record(occurrence)

    def record_message(
        self, message: str, *, logger: str | None = None, level: str = "ERROR"
    ) -> ErrorGroup:
        """Record an error known only by its message (no exception, no code location)."""
        occurrence = _Occurrence(
            type_name=level,
            message=message[:MAX_MESSAGE_CHARS],
            stack_trace=None,
            logger=logger,
            level=level,
            file=None,
            line=None,
            function=None,
            context=MappingProxyType({}),
        )
        return self._record(occurrence)

    def groups(
        self,
        *,
        since: datetime | None = None,
        level: str | None = None,
        source: str | None = None,
        fingerprint: str | None = None,
    ) -> list[ErrorGroup]:
        """Groups newest `last_seen` first, filtered.

        `since` keeps groups last seen at or after it (must be aware); `level` matches the level
        name exactly (case-insensitive); `source` matches a logger and its children
        ("ciris" matches "ciris" and "ciris.x", not "cirisx").
        """
        if since is not None and since.utcoffset() is None:
            raise ValueError("since must be an aware datetime")
        wanted_level = level.upper() if level is not None else None
        with self._lock:
            newest_first = list(reversed(self._groups.values()))
        selected = [
            g
            for g in newest_first
            if (since is None or g.last_seen >= since)
            and (wanted_level is None or g.level == wanted_level)
            and (source is None or _under(g.logger, source))
            and (fingerprint is None or g.fingerprint == fingerprint)
        ]
        # Stable: ties (or a clock that stepped back) keep the most recently recorded first.
        selected.sort(key=lambda g: g.last_seen, reverse=True)
        return selected

    def add_listener(self, callback: Listener) -> Callable[[], None]:
        """Call `callback(group, is_new)` after each occurrence; returns an unsubscribe."""
        with self._lock:
            self._listeners.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._listeners:
                    self._listeners.remove(callback)

        return unsubscribe

    def clear(self) -> None:
        """Forget every group and counter (listeners stay)."""
        with self._lock:
            self._groups.clear()
            self._evicted = 0
            self._listener_errors = 0

    def _record(self, occ: _Occurrence) -> ErrorGroup:
        ids = current_trace()
        if ids is not None and "trace_id" not in occ.context:
            # Raised while serving a request: the error joins that request's trace.
            occ = dataclasses.replace(
                occ, context=MappingProxyType({**occ.context, "trace_id": ids.trace_id})
            )
        key = fingerprint(occ.type_name, occ.file, occ.function, occ.line, occ.message)
        with self._lock:
            # Stamped under the lock so ring order (least recently seen first) follows the clock.
            now = self._wall_clock()
            previous = self._groups.pop(key, None)
            group = ErrorGroup(
                fingerprint=key,
                first_seen=previous.first_seen if previous else now,
                last_seen=now,
                occurrences=previous.occurrences + 1 if previous else 1,
                **_fields(occ),
            )
            self._groups[key] = group  # re-inserted at the end: most recently seen
            if len(self._groups) > self.capacity:
                self._groups.popitem(last=False)
                self._evicted += 1
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(group, previous is None)
            except Exception:
                with self._lock:
                    self._listener_errors += 1
        return group


def _fields(occ: _Occurrence) -> dict[str, Any]:
    return {f.name: getattr(occ, f.name) for f in dataclasses.fields(occ)}


def _under(logger: str | None, source: str) -> bool:
    return logger is not None and (logger == source or logger.startswith(source + "."))


class CollectingLogHandler(logging.Handler):
    """Feeds log records at or above `level` into an `ErrorCollector`.

    `emit` never raises (failures go to `handleError`), and a record logged while this handler
    is already emitting on the same thread (a listener that logs) is dropped, not recorded,
    so logging cannot recurse.
    """

    def __init__(self, collector: ErrorCollector, level: int = logging.ERROR) -> None:
        super().__init__(level)
        self.collector = collector
        self._emitting = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(self._emitting, "active", False):
            return
        if id(self.collector) in getattr(_loop_reports, "collectors", ()):
            # The loop's previous handler logging an exception this collector's loop handler
            # has just recorded: the same occurrence, not a second one.
            return
        self._emitting.active = True
        try:
            self.collector.record_log(record)
        except Exception:
            self.handleError(record)
        finally:
            self._emitting.active = False


# Per thread: the collectors whose loop exception handler is passing an exception on.
_loop_reports = threading.local()


def install_loop_exception_handler(
    loop: asyncio.AbstractEventLoop, collector: ErrorCollector
) -> Callable[[], None]:
    """Record every loop exception in `collector`, then pass it to the previous handler.

    Without a previous handler the loop's default handler runs, so the usual log output stays;
    what that handler logs is not recorded a second time by a `CollectingLogHandler` of the same
    collector.
    Returns a function that puts the previous handler back.
    """
    previous = loop.get_exception_handler()

    def handle(handled_loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        # Recording must never stop the loop's own reporting.
        with contextlib.suppress(Exception):
            exc = context.get("exception")
            if isinstance(exc, BaseException):
                collector.record_exception(exc, logger="asyncio")
            else:
                collector.record_message(str(context.get("message", "")), logger="asyncio")
        passing_on: set[int] = getattr(_loop_reports, "collectors", set())
        _loop_reports.collectors = passing_on | {id(collector)}
        try:
            if previous is not None:
                previous(handled_loop, context)
            else:
                handled_loop.default_exception_handler(context)
        finally:
            _loop_reports.collectors = passing_on

    loop.set_exception_handler(handle)

    def restore() -> None:
        loop.set_exception_handler(previous)

    return restore
