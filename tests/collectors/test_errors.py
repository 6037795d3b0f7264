"""ErrorCollector: the ring of groups, grouping, filters, listeners, threads, trace ids."""

from __future__ import annotations

import dataclasses
import logging
import threading
import uuid
from datetime import datetime

import pytest

from ciris_telemetry.collectors.errors import (
    MAX_MESSAGE_CHARS,
    MAX_STACK_TRACE_CHARS,
    ErrorCollector,
    ErrorGroup,
    fingerprint,
    normalise_message,
)
from ciris_telemetry.datasources.trace_context import TraceIds, trace_var

from .error_support import FailingAwareHandler, at, make, messages


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


# -- ring and grouping --


def test_ring_keeps_newest_groups_and_evicts_least_recently_seen() -> None:
    collector = make(capacity=3)
    for name in ("alpha", "beta", "gamma"):
        collector.record_exception(RuntimeError(name))
    collector.record_exception(RuntimeError("alpha"))  # alpha seen again: beta is now oldest
    collector.record_exception(RuntimeError("delta"))

    assert messages(collector.groups()) == ["delta", "alpha", "gamma"]
    assert collector.evicted_groups == 1

    collector.record_exception(RuntimeError("epsilon"))
    assert messages(collector.groups()) == ["epsilon", "delta", "alpha"]
    assert collector.evicted_groups == 2


def test_capacity_one_keeps_only_the_latest_group() -> None:
    collector = make(capacity=1)
    collector.record_exception(KeyError("a"))
    collector.record_exception(ValueError("b"))
    assert [(g.type_name, g.message) for g in collector.groups()] == [("ValueError", "b")]
    assert collector.evicted_groups == 1


def test_repeats_group_with_exact_counts_and_times() -> None:
    collector = make()
    first = collector.record_exception(raised(ValueError("bad value")), logger="ciris.a")
    collector.record_exception(raised(TypeError("other")))
    last = collector.record_exception(
        raised(ValueError("bad value")), logger="ciris.b", context={"task_id": "t1"}
    )

    assert last.fingerprint == first.fingerprint
    assert (last.occurrences, last.first_seen, last.last_seen) == (2, at(1), at(3))
    assert last.logger == "ciris.b"  # latest occurrence's details
    assert dict(last.context) == {"task_id": "t1"}
    assert last.type_name == "ValueError"
    assert last.level == "ERROR"
    assert last.function == "_raise"
    assert last.file == __file__
    assert last.line == _raise.__code__.co_firstlineno + 1
    assert last.stack_trace is not None
    assert last.stack_trace.endswith("ValueError: bad value\n")
    assert [g.occurrences for g in collector.groups()] == [2, 1]


def test_same_message_from_different_places_or_types_do_not_group() -> None:
    collector = make()
    collector.record_exception(raised(ValueError("x")))
    collector.record_exception(ValueError("x"))  # never raised: no code location
    collector.record_exception(raised(KeyError("x")))
    groups = collector.groups()
    assert len(groups) == 3
    unraised = [g for g in groups if g.file is None]
    assert [(g.line, g.function, g.stack_trace) for g in unraised] == [
        (None, None, "ValueError: x\n")
    ]


def test_digits_uuids_and_hex_ids_are_normalised() -> None:
    collector = make()
    a = collector.record_exception(raised(RuntimeError("thought 123 failed")))
    b = collector.record_exception(raised(RuntimeError("thought 456 failed")))
    c = collector.record_exception(raised(RuntimeError(f"task {uuid.uuid4()} at 0x7f3a9c")))
    d = collector.record_exception(raised(RuntimeError(f"task {uuid.uuid4()} at 0xdeadbeef")))
    e = collector.record_exception(raised(RuntimeError("thought 123 succeeded")))

    assert a.fingerprint == b.fingerprint
    assert b.occurrences == 2
    assert b.message == "thought 456 failed"  # the stored message is the latest, unnormalised
    assert c.fingerprint == d.fingerprint
    assert e.fingerprint != a.fingerprint
    assert len(collector.groups()) == 3


def test_normalise_message_rules() -> None:
    text = "id 8f14e45f-ceea-467f-a0e5-6e7e0f9e5d1a obj 0xABC12 hash 9a0364b9e99b sum 42 feedface"
    assert normalise_message(text) == "id <uuid> obj <hex> hash <hex> sum <n> feedface"
    assert normalise_message("retry3 took 15ms") == "retry<n> took <n>ms"


def test_fingerprint_is_sha256_prefix_and_stable() -> None:
    fp = fingerprint("ValueError", "/a.py", "f", 10, "item 1")
    assert fp == fingerprint("ValueError", "/a.py", "f", 10, "item 2")
    assert len(fp) == 16
    assert int(fp, 16) >= 0
    assert fp != fingerprint("ValueError", "/a.py", "f", 11, "item 1")
    assert fp != fingerprint("KeyError", "/a.py", "f", 10, "item 1")


def test_message_and_stack_trace_are_truncated() -> None:
    collector = make()
    group = collector.record_exception(raised(RuntimeError("m" * 2000)))
    assert group.message == "m" * MAX_MESSAGE_CHARS
    assert group.stack_trace is not None
    assert len(group.stack_trace) <= MAX_STACK_TRACE_CHARS

    deep = collector.record_exception(raised(RuntimeError("x" * 30_000)))
    assert deep.stack_trace is not None
    assert len(deep.stack_trace) == MAX_STACK_TRACE_CHARS
    assert deep.stack_trace.startswith("...\n")
    assert deep.stack_trace.endswith("x" * 100 + "\n")  # the end (the exception) is kept


def test_groups_are_frozen_copies() -> None:
    collector = make()
    group = collector.record_exception(ValueError("v"), context={"trace_id": "abc"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        group.occurrences = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        group.context["trace_id"] = "changed"  # type: ignore[index]
    collector.record_exception(ValueError("v"))
    assert group.occurrences == 1
    assert collector.groups()[0].occurrences == 2


# -- filters --


def test_filters_since_level_source_and_fingerprint() -> None:
    collector = make()
    log_warning = logging.LogRecord(
        "ciris.engine.x", logging.WARNING, "/w.py", 5, "warn", None, None
    )
    g1 = collector.record_exception(RuntimeError("one"), logger="ciris.engine")  # t=1
    g2 = collector.record_exception(RuntimeError("two"), logger="ciris.engine.handlers")  # t=2
    g3 = collector.record_exception(RuntimeError("three"), logger="cirisx")  # t=3
    g4 = collector.record_log(log_warning)  # t=4
    g5 = collector.record_exception(RuntimeError("five"))  # t=5, no logger

    assert collector.groups() == [g5, g4, g3, g2, g1]
    assert collector.groups(since=at(3)) == [g5, g4, g3]
    assert collector.groups(since=at(6)) == []
    assert collector.groups(level="warning") == [g4]
    assert collector.groups(level="ERROR") == [g5, g3, g2, g1]
    assert collector.groups(level="CRITICAL") == []
    assert collector.groups(source="ciris.engine") == [g4, g2, g1]
    assert collector.groups(source="ciris") == [g4, g2, g1]
    assert collector.groups(source="cirisx") == [g3]
    assert collector.groups(source="ciris.engine.handlers") == [g2]
    assert collector.groups(fingerprint=g2.fingerprint) == [g2]
    assert collector.groups(fingerprint="0" * 16) == []
    assert collector.groups(since=at(2), level="ERROR", source="ciris") == [g2]


def test_groups_newest_first_even_when_clock_steps_back() -> None:
    times = iter([at(10), at(5), at(7)])
    collector = ErrorCollector(wall_clock=lambda: next(times))
    collector.record_exception(RuntimeError("a"))
    collector.record_exception(RuntimeError("b"))
    collector.record_exception(RuntimeError("c"))
    assert messages(collector.groups()) == ["a", "c", "b"]


def test_naive_since_is_rejected() -> None:
    with pytest.raises(ValueError, match="aware"):
        make().groups(since=datetime(2025, 1, 1))


# -- bad input --


@pytest.mark.parametrize("capacity", [0, -1])
def test_capacity_below_one_is_rejected(capacity: int) -> None:
    with pytest.raises(ValueError, match="capacity must be at least 1"):
        ErrorCollector(capacity=capacity)


def test_record_exception_rejects_non_exceptions_and_bad_context() -> None:
    collector = make()
    with pytest.raises(TypeError, match="expected an exception"):
        collector.record_exception("boom")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="context"):
        collector.record_exception(ValueError("v"), context={"task_id": 5})  # type: ignore[dict-item]
    assert collector.groups() == []


# -- listeners --


def test_listeners_get_copies_and_new_flag_and_can_unsubscribe() -> None:
    collector = make()
    seen: list[tuple[str, int, bool]] = []
    unsubscribe = collector.add_listener(
        lambda g, new: seen.append((g.message, g.occurrences, new))
    )
    collector.record_exception(RuntimeError("a"))
    collector.record_exception(RuntimeError("a"))
    collector.record_exception(RuntimeError("b"))
    unsubscribe()
    unsubscribe()  # a second call is harmless
    collector.record_exception(RuntimeError("c"))
    assert seen == [("a", 1, True), ("a", 2, False), ("b", 1, True)]


def test_listener_errors_are_counted_and_do_not_break_logging(logger: logging.Logger) -> None:
    collector = make()
    calls: list[str] = []

    def broken(group: ErrorGroup, new: bool) -> None:
        raise RuntimeError("listener broke")

    collector.add_listener(broken)
    collector.add_listener(lambda g, new: calls.append(g.message))
    handler = FailingAwareHandler(collector)
    logger.addHandler(handler)

    logger.error("first")
    logger.error("second")

    assert calls == ["first", "second"]
    assert collector.listener_errors == 2
    assert handler.handled_errors == 0
    assert messages(collector.groups()) == ["second", "first"]


# -- threads --


def test_threads_give_exact_counts() -> None:
    collector = make(capacity=16)
    listener_calls: list[bool] = []
    lock = threading.Lock()

    def listener(group: ErrorGroup, new: bool) -> None:
        with lock:
            listener_calls.append(new)

    collector.add_listener(listener)
    start = threading.Barrier(8)

    def worker(index: int) -> None:
        start.wait(timeout=10)
        for n in range(1000):
            collector.record_exception(RuntimeError(f"item {n} failed"))
            collector.record_exception(RuntimeError(f"worker-{chr(97 + index)} failed"))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    groups = collector.groups()
    by_message = {normalise_message(g.message): g.occurrences for g in groups}
    assert by_message == {
        "item <n> failed": 8000,
        **{f"worker-{chr(97 + i)} failed": 1000 for i in range(8)},
    }
    assert len(listener_calls) == 16_000
    assert listener_calls.count(True) == 9
    assert collector.evicted_groups == 0


def test_an_error_raised_while_serving_a_request_joins_its_trace() -> None:
    collector = ErrorCollector()
    ids = TraceIds(
        trace_id="4bf92f3577b34da6a3ce929d0e0e4736",
        span_id="00f067aa0ba902b7",
        parent_span_id=None,
        request_id="req-1",
    )
    token = trace_var().set(ids)
    try:
        inside = collector.record_exception(ValueError("during a request"))
        explicit = collector.record_exception(
            KeyError("given"), context={"trace_id": "0af7651916cd43dd8448eb211c80319c"}
        )
    finally:
        trace_var().reset(token)
    outside = collector.record_exception(RuntimeError("after it"))
    assert dict(inside.context) == {"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"}
    assert dict(explicit.context) == {"trace_id": "0af7651916cd43dd8448eb211c80319c"}
    assert dict(outside.context) == {}
