"""What feeds the ErrorCollector: its logging handler and the asyncio loop exception handler."""

from __future__ import annotations

import asyncio
import gc
import inspect
import logging
from typing import Any

import pytest

from ciris_telemetry.collectors.errors import (
    CollectingLogHandler,
    ErrorGroup,
    install_loop_exception_handler,
)

from .error_support import FailingAwareHandler, make, messages


# Here, not in error_support: the tests check that the innermost frame is in this file.
def raised(exc: BaseException) -> BaseException:
    """`exc` with a traceback whose innermost frame is `_raise`."""
    try:
        _raise(exc)
    except BaseException as caught:
        return caught
    raise AssertionError("unreachable")


def _raise(exc: BaseException) -> None:
    raise exc


# -- logging handler --


def test_log_handler_collects_extra_context_and_level(logger: logging.Logger) -> None:
    collector = make()
    logger.addHandler(CollectingLogHandler(collector))

    logger.warning("below the handler level")
    extra = {"thought_id": "th-9", "task_id": "task-1", "handler": "SpeakHandler", "x": "y"}
    call_line = _caller_line() + 1
    logger.error("thought %s failed", "th-9", extra=extra)
    logger.critical("disk full", extra={"trace_id": 1234})

    groups = collector.groups()
    assert [(g.type_name, g.level, g.message) for g in groups] == [
        ("CRITICAL", "CRITICAL", "disk full"),
        ("ERROR", "ERROR", "thought th-9 failed"),
    ]
    critical, error = groups
    assert dict(error.context) == {
        "thought_id": "th-9",
        "task_id": "task-1",
        "handler": "SpeakHandler",
    }
    assert dict(critical.context) == {"trace_id": "1234"}
    assert (error.logger, error.file, error.line, error.function) == (
        logger.name,
        __file__,
        call_line,
        "test_log_handler_collects_extra_context_and_level",
    )
    assert error.stack_trace is None


def _caller_line() -> int:
    frame = inspect.currentframe()
    assert frame is not None and frame.f_back is not None
    return frame.f_back.f_lineno


def test_log_handler_captures_exc_info_traceback(logger: logging.Logger) -> None:
    collector = make()
    logger.addHandler(CollectingLogHandler(collector))

    for item in (17, 18):
        try:
            _raise(KeyError(f"item {item}"))
        except KeyError:
            logger.exception("lookup %d failed", item, extra={"task_id": f"t{item}"})

    [group] = collector.groups()
    assert group.type_name == "KeyError"
    assert group.level == "ERROR"
    assert group.occurrences == 2
    assert group.message == "lookup 18 failed: 'item 18'"
    assert (group.function, group.file) == ("_raise", __file__)
    assert dict(group.context) == {"task_id": "t18"}
    assert group.stack_trace is not None
    assert group.stack_trace.startswith("Traceback (most recent call last):\n")
    assert "in _raise\n" in group.stack_trace
    assert group.stack_trace.endswith("KeyError: 'item 18'\n")


def test_log_handler_keeps_stack_info(logger: logging.Logger) -> None:
    collector = make()
    logger.addHandler(CollectingLogHandler(collector))
    logger.error("where am I", stack_info=True)
    [group] = collector.groups()
    assert group.stack_trace is not None
    assert group.stack_trace.startswith("Stack (most recent call last):\n")
    assert "test_log_handler_keeps_stack_info" in group.stack_trace


def test_log_handler_never_raises_on_a_broken_record(
    logger: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pytest's own capture handler re-raises logging errors unless this is off.
    monkeypatch.setattr(logging, "raiseExceptions", False)
    collector = make()
    handler = FailingAwareHandler(collector)
    logger.addHandler(handler)
    logger.error("%d items", "not a number")  # getMessage() raises TypeError inside emit
    logger.error("fine")
    assert handler.handled_errors == 1
    assert messages(collector.groups()) == ["fine"]


def test_log_handler_does_not_recurse_when_a_listener_logs(logger: logging.Logger) -> None:
    collector = make()
    handler = FailingAwareHandler(collector)
    logger.addHandler(handler)
    calls: list[bool] = []

    def noisy(group: ErrorGroup, new: bool) -> None:
        calls.append(new)
        logger.error("listener saw %s", group.fingerprint)

    collector.add_listener(noisy)
    for _ in range(2):
        logger.error("original")

    assert calls == [True, False]
    assert [(g.message, g.occurrences) for g in collector.groups()] == [("original", 2)]
    assert handler.handled_errors == 0


# -- asyncio loop exception handler --


async def _fail_in_task() -> None:
    raise ValueError("task 42 exploded")


def test_loop_handler_records_unretrieved_task_error_and_chains(
    loop: asyncio.AbstractEventLoop,
) -> None:
    collector = make()
    forwarded: list[dict[str, Any]] = []

    def previous(handled: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        assert handled is loop
        forwarded.append(context)

    loop.set_exception_handler(previous)
    restore = install_loop_exception_handler(loop, collector)

    async def scenario() -> None:
        task = loop.create_task(_fail_in_task())
        await asyncio.wait([task], timeout=5)
        del task  # never retrieved: the loop reports it when the task is collected

    loop.run_until_complete(scenario())
    gc.collect()

    [group] = collector.groups()
    assert (group.type_name, group.message, group.logger) == (
        "ValueError",
        "task 42 exploded",
        "asyncio",
    )
    assert (group.function, group.file) == ("_fail_in_task", __file__)
    assert [c["message"] for c in forwarded] == ["Task exception was never retrieved"]
    assert isinstance(forwarded[0]["exception"], ValueError)

    loop.call_exception_handler({"message": "socket 7 closed"})
    loop.call_exception_handler({"message": "socket 8 closed"})
    message_group = collector.groups()[0]
    assert (message_group.type_name, message_group.message, message_group.occurrences) == (
        "ERROR",
        "socket 8 closed",
        2,
    )
    assert len(forwarded) == 3

    restore()
    assert loop.get_exception_handler() is previous
    loop.call_exception_handler({"message": "after restore"})
    assert len(forwarded) == 4
    assert len(collector.groups()) == 2


def test_loop_handler_without_previous_uses_default_handler(
    loop: asyncio.AbstractEventLoop, caplog: pytest.LogCaptureFixture
) -> None:
    collector = make()
    restore = install_loop_exception_handler(loop, collector)
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        loop.call_exception_handler({"message": "boom 1", "exception": raised(OSError("gone"))})
    assert [r.getMessage() for r in caplog.records if r.name == "asyncio"] == ["boom 1"]
    assert [(g.type_name, g.message) for g in collector.groups()] == [("OSError", "gone")]
    restore()
    assert loop.get_exception_handler() is None


def test_loop_exception_logged_by_the_default_handler_is_recorded_once(
    loop: asyncio.AbstractEventLoop,
) -> None:
    collector = make()
    other = make()
    asyncio_logger = logging.getLogger("asyncio")
    same = CollectingLogHandler(collector)
    different = CollectingLogHandler(other)
    asyncio_logger.addHandler(same)
    asyncio_logger.addHandler(different)
    restore = install_loop_exception_handler(loop, collector)
    try:
        loop.call_exception_handler({"message": "boom", "exception": raised(OSError("gone"))})
        # Outside the loop handler the same collector's log handler records as usual.
        asyncio_logger.error("plain line")
    finally:
        restore()
        asyncio_logger.removeHandler(same)
        asyncio_logger.removeHandler(different)
    assert sorted((g.type_name, g.message, g.occurrences) for g in collector.groups()) == [
        ("ERROR", "plain line", 1),
        ("OSError", "gone", 1),
    ]
    # A collector without the loop handler still records the default handler's log line.
    assert sorted((g.type_name, g.message) for g in other.groups()) == [
        ("ERROR", "plain line"),
        ("OSError", "boom: gone"),
    ]


def test_loop_handler_still_chains_when_recording_fails(loop: asyncio.AbstractEventLoop) -> None:
    collector = make()
    forwarded: list[str] = []
    loop.set_exception_handler(lambda _loop, ctx: forwarded.append(ctx["message"]))
    install_loop_exception_handler(loop, collector)
    # A message whose str() raises breaks recording; the previous handler must still run.

    class Unprintable:
        def __str__(self) -> str:
            raise RuntimeError("no str")

    loop.call_exception_handler({"message": Unprintable()})
    assert len(forwarded) == 1
    assert collector.groups() == []
