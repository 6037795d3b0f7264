"""HandlerMetricsCollector and @track_handler_metrics on a stepped clock, exact counts."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import math
import threading
import traceback
from datetime import UTC, datetime, timedelta

import pytest

from ciris_telemetry.collectors.handler_metrics import (
    MAX_ERROR_MESSAGE_CHARS,
    OTHER_ERROR_TYPES,
    HandlerMetricsCollector,
    HandlerSnapshot,
    LastError,
    track_handler_metrics,
)

T0 = datetime(2025, 1, 1, tzinfo=UTC)


class FakeClock:
    """A monotonic clock (seconds) and a wall clock that only move when stepped."""

    def __init__(self) -> None:
        self.now = 100.0
        self.ticks = 0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def wall(self) -> datetime:
        self.ticks += 1
        return T0 + timedelta(seconds=self.ticks)


def make(clock: FakeClock) -> HandlerMetricsCollector:
    return HandlerMetricsCollector(clock=clock, wall_clock=clock.wall)


def exact_quantile(values: list[float], q: float) -> float:
    """The value DDSketch approximates: the element at rank floor(q * (n - 1))."""
    ordered = sorted(values)
    return ordered[math.floor(q * (len(ordered) - 1))]


def test_stepped_workload_counts_and_quantiles() -> None:
    clock = FakeClock()
    collector = make(clock)

    @track_handler_metrics(collector, name="speak")
    def speak(ms: int) -> int:
        clock.advance(ms / 1000)
        if ms % 10 == 0:
            raise RuntimeError(f"failed at {ms}")
        return ms

    durations = list(range(1, 1001))
    raised = 0
    for ms in durations:
        try:
            assert speak(ms) == ms
        except RuntimeError:
            raised += 1

    snap = collector.snapshot()["speak"]
    assert raised == 100
    assert snap.invocations == 1000
    assert snap.errors == 100
    assert snap.cancelled == 0
    assert snap.errors_by_type == (("RuntimeError", 100),)
    assert snap.error_rate == 0.1
    assert snap.success_rate == 0.9
    assert snap.last_invoked_at == T0 + timedelta(seconds=1000)
    assert snap.last_error == LastError(
        "RuntimeError", "failed at 1000", T0 + timedelta(seconds=1000)
    )
    assert snap.mean_ms == pytest.approx(500.5, rel=1e-9)
    for q, got in ((0.50, snap.p50_ms), (0.95, snap.p95_ms), (0.99, snap.p99_ms)):
        expected = exact_quantile([float(d) for d in durations], q)
        assert got is not None
        assert abs(got - expected) <= 0.01 * expected, (q, got, expected)
    assert exact_quantile([float(d) for d in durations], 0.99) == 990.0


def test_quantiles_within_stated_accuracy_for_coarser_sketch() -> None:
    collector = HandlerMetricsCollector(relative_accuracy=0.05)
    values = [1.5**k / 1000 for k in range(30)]  # 1 ms .. ~127 s, spread over many bins
    for seconds in values:
        collector.record("recall", seconds)
    snap = collector.snapshot()["recall"]
    ms = [v * 1000 for v in values]
    for q, got in ((0.50, snap.p50_ms), (0.95, snap.p95_ms), (0.99, snap.p99_ms)):
        expected = exact_quantile(ms, q)
        assert got is not None
        assert abs(got - expected) <= 0.05 * expected


def test_empty_and_fresh_snapshot() -> None:
    collector = HandlerMetricsCollector()
    assert collector.snapshot() == {}
    assert collector.dropped_handlers == 0


def test_only_cancelled_calls_have_no_durations() -> None:
    clock = FakeClock()
    collector = make(clock)
    collector.record("ponder", 0.5, cancelled=True)
    snap = collector.snapshot()["ponder"]
    assert snap == HandlerSnapshot(
        name="ponder",
        invocations=1,
        errors=0,
        cancelled=1,
        errors_by_type=(),
        error_rate=0.0,
        success_rate=0.0,
        p50_ms=None,
        p95_ms=None,
        p99_ms=None,
        mean_ms=None,
        last_invoked_at=T0 + timedelta(seconds=1),
        last_error=None,
    )


def test_snapshot_is_an_immutable_copy() -> None:
    collector = HandlerMetricsCollector()
    collector.record("tool", 0.002)
    first = collector.snapshot()
    with pytest.raises(dataclasses.FrozenInstanceError):
        first["tool"].invocations = 5  # type: ignore[misc]
    first.clear()
    collector.record("tool", 0.004, ValueError("bad"))
    assert first == {}
    second = collector.snapshot()["tool"]
    assert (second.invocations, second.errors) == (2, 1)


def test_error_message_truncated() -> None:
    collector = HandlerMetricsCollector()
    collector.record("observe", 0.001, ValueError("x" * 2000))
    last = collector.snapshot()["observe"].last_error
    assert last is not None
    assert last.type_name == "ValueError"
    assert last.message == "x" * MAX_ERROR_MESSAGE_CHARS
    assert last.at.tzinfo is UTC


def test_default_wall_clock_is_aware_utc() -> None:
    collector = HandlerMetricsCollector()
    before = datetime.now(UTC)
    collector.record("defer", 0.0)
    at = collector.snapshot()["defer"].last_invoked_at
    assert at is not None
    assert at.utcoffset() == timedelta(0)
    assert before <= at <= datetime.now(UTC)


def test_error_types_bounded() -> None:
    collector = HandlerMetricsCollector(max_error_types=2)
    kinds: list[type[Exception]] = [ValueError, KeyError, TypeError, OSError, ValueError]
    for kind in kinds:
        collector.record("forget", 0.001, kind("e"))
    snap = collector.snapshot()["forget"]
    assert snap.errors == 5
    assert snap.errors_by_type == ((OTHER_ERROR_TYPES, 2), ("KeyError", 1), ("ValueError", 2))
    assert snap.last_error is not None
    assert snap.last_error.type_name == "ValueError"


def test_handler_names_bounded() -> None:
    collector = HandlerMetricsCollector(max_handlers=3)
    for i in range(10):
        for _ in range(i + 1):
            collector.record(f"h{i}", 0.001)
    assert sorted(collector.snapshot()) == ["h0", "h1", "h2"]
    assert collector.dropped_handlers == sum(range(4, 11))
    collector.record("h1", 0.001)  # a stored name is still recorded
    assert collector.snapshot()["h1"].invocations == 3
    collector.reset()
    assert collector.snapshot() == {}
    assert collector.dropped_handlers == 0


def test_sync_function_metadata_and_default_name() -> None:
    clock = FakeClock()
    collector = make(clock)

    @track_handler_metrics(collector)
    def memorize(key: str, *, value: int = 1) -> str:
        """Store a value."""
        clock.advance(0.004)
        return f"{key}={value}"

    assert memorize("a", value=2) == "a=2"
    assert memorize.__name__ == "memorize"
    assert memorize.__doc__ == "Store a value."
    name = "test_sync_function_metadata_and_default_name.<locals>.memorize"
    snap = collector.snapshot()[name]
    assert (snap.invocations, snap.errors) == (1, 0)
    assert snap.mean_ms == pytest.approx(4.0)


async def test_async_function_and_reraise() -> None:
    clock = FakeClock()
    collector = make(clock)
    boom = LookupError("missing")

    @track_handler_metrics(collector, name="recall")
    async def recall(fail: bool) -> str:
        await asyncio.sleep(0)
        clock.advance(0.010)
        if fail:
            raise boom
        return "ok"

    assert asyncio.iscoroutinefunction(recall)
    assert await recall(False) == "ok"
    with pytest.raises(LookupError) as caught:
        await recall(True)
    assert caught.value is boom
    frames = [frame.name for frame in traceback.extract_tb(caught.value.__traceback__)]
    assert frames[-1] == "recall"  # the raising line of the handler is kept
    snap = collector.snapshot()["recall"]
    assert (snap.invocations, snap.errors, snap.errors_by_type) == (2, 1, (("LookupError", 1),))
    assert snap.mean_ms == pytest.approx(10.0)


def test_sync_reraise_preserves_identity_and_traceback() -> None:
    collector = HandlerMetricsCollector()
    original = ValueError("bad input")

    def deep() -> None:
        raise original

    @track_handler_metrics(collector, name="reject")
    def reject() -> None:
        deep()

    with pytest.raises(ValueError) as caught:
        reject()
    assert caught.value is original
    frames = [frame.name for frame in traceback.extract_tb(caught.value.__traceback__)]
    assert frames[-3:] == ["wrapper", "reject", "deep"]
    snap = collector.snapshot()["reject"]
    assert snap.last_error is not None
    assert (snap.last_error.type_name, snap.last_error.message) == ("ValueError", "bad input")


async def test_methods_sync_and_async() -> None:
    clock = FakeClock()
    collector = make(clock)

    class Handler:
        def __init__(self, step: float) -> None:
            self.step = step

        @track_handler_metrics(collector)
        def handle(self, n: int) -> int:
            clock.advance(self.step)
            return n * 2

        @track_handler_metrics(collector, name="Handler.async")
        async def handle_async(self, n: int) -> int:
            clock.advance(self.step)
            return n + 1

    handler = Handler(0.002)
    assert handler.handle(3) == 6
    assert await handler.handle_async(3) == 4
    assert Handler(0.004).handle(1) == 2
    snap = collector.snapshot()
    qualname = "test_methods_sync_and_async.<locals>.Handler.handle"
    assert sorted(snap) == ["Handler.async", qualname]
    assert snap[qualname].invocations == 2
    assert snap[qualname].mean_ms == pytest.approx(3.0)
    assert snap["Handler.async"].invocations == 1


async def test_cancellation_is_not_an_error() -> None:
    collector = HandlerMetricsCollector()
    started = asyncio.Event()

    @track_handler_metrics(collector, name="observe")
    async def observe() -> None:
        started.set()
        await asyncio.Event().wait()

    task = asyncio.create_task(observe())
    await asyncio.wait_for(started.wait(), timeout=5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    snap = collector.snapshot()["observe"]
    assert (snap.invocations, snap.errors, snap.cancelled) == (1, 0, 1)
    assert (snap.error_rate, snap.success_rate, snap.p50_ms) == (0.0, 0.0, None)
    assert snap.last_error is None


def test_keyboard_interrupt_is_not_an_error() -> None:
    collector = HandlerMetricsCollector()
    interrupt = KeyboardInterrupt()

    @track_handler_metrics(collector, name="task_complete")
    def task_complete() -> None:
        raise interrupt

    with pytest.raises(KeyboardInterrupt) as caught:
        task_complete()
    assert caught.value is interrupt
    snap = collector.snapshot()["task_complete"]
    assert (snap.invocations, snap.errors, snap.cancelled) == (1, 0, 1)


def _workload(collector: HandlerMetricsCollector, offset: int) -> None:
    for i in range(1, 501):
        ms = i + offset
        error = ValueError(str(ms)) if ms % 7 == 0 else None
        collector.record(f"h{ms % 3}", ms / 1000, error)
    collector.record("only_here" if offset else "only_there", 0.25, cancelled=True)


def _comparable(snap: HandlerSnapshot) -> HandlerSnapshot:
    return dataclasses.replace(snap, mean_ms=None)


def test_merge_equals_one_collector() -> None:
    clock_a, clock_b, clock_all = FakeClock(), FakeClock(), FakeClock()
    # b runs after a: its wall clock starts where a's ends (501 stamps), as combined's does.
    clock_b.ticks = 501
    a, b, combined = make(clock_a), make(clock_b), make(clock_all)
    _workload(a, 0)
    _workload(b, 1000)
    _workload(combined, 0)
    _workload(combined, 1000)

    a.merge(b)
    merged, expected = a.snapshot(), combined.snapshot()
    assert sorted(merged) == sorted(expected) == ["h0", "h1", "h2", "only_here", "only_there"]
    for name, snap in expected.items():
        assert _comparable(merged[name]) == _comparable(snap)
        if snap.mean_ms is None:
            assert merged[name].mean_ms is None
        else:
            assert merged[name].mean_ms == pytest.approx(snap.mean_ms, rel=1e-12)
    assert merged["h0"].invocations == 333
    assert b.snapshot()["h0"].invocations == 167  # the source is unchanged


def test_merge_respects_bound_and_accuracy() -> None:
    small = HandlerMetricsCollector(max_handlers=1)
    small.record("a", 0.001)
    other = HandlerMetricsCollector(max_handlers=5)
    other.record("b", 0.001)
    other.record("b", 0.001)
    other.record("a", 0.003)
    small.merge(other)
    assert sorted(small.snapshot()) == ["a"]
    assert small.snapshot()["a"].invocations == 2
    assert small.dropped_handlers == 2

    with pytest.raises(ValueError, match=r"different relative_accuracy: 0\.01 and 0\.02"):
        small.merge(HandlerMetricsCollector(relative_accuracy=0.02))


def test_merge_into_itself_doubles() -> None:
    collector = HandlerMetricsCollector()
    collector.record("speak", 0.002, RuntimeError("x"))
    collector.merge(collector)
    snap = collector.snapshot()["speak"]
    assert (snap.invocations, snap.errors, snap.errors_by_type) == (2, 2, (("RuntimeError", 2),))


def test_concurrent_threads_give_exact_totals() -> None:
    collector = HandlerMetricsCollector()
    threads_n, per_thread = 8, 10_000
    barrier = threading.Barrier(threads_n)

    def work(t: int) -> None:
        barrier.wait(timeout=10)
        for i in range(per_thread):
            error = RuntimeError("e") if i % 10 == 0 else None
            collector.record(f"h{i % 4}", (i % 50) / 1000, error)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive()

    snap = collector.snapshot()
    assert sum(s.invocations for s in snap.values()) == threads_n * per_thread
    assert [snap[f"h{k}"].invocations for k in range(4)] == [20_000] * 4
    # i % 10 == 0 means i is even, so errors land on h0 and h2 only, 500 per thread each.
    assert [snap[f"h{k}"].errors for k in range(4)] == [4_000, 0, 4_000, 0]


def test_concurrent_decorated_calls() -> None:
    collector = HandlerMetricsCollector()

    @track_handler_metrics(collector, name="tool")
    def tool(i: int) -> int:
        if i % 5 == 0:
            raise ValueError(i)
        return i

    def work() -> None:
        for i in range(2_000):
            with contextlib.suppress(ValueError):
                tool(i)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    snap = collector.snapshot()["tool"]
    assert (snap.invocations, snap.errors) == (16_000, 3_200)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_handlers": 0}, "max_handlers must be at least 1, got 0"),
        ({"max_handlers": -3}, "max_handlers must be at least 1, got -3"),
        ({"relative_accuracy": 0.0}, r"relative_accuracy must be between 0 and 1 .*got 0.0"),
        ({"relative_accuracy": 1.0}, r"relative_accuracy must be between 0 and 1 .*got 1.0"),
        ({"relative_accuracy": -0.1}, r"relative_accuracy must be between 0 and 1 .*got -0.1"),
        ({"relative_accuracy": math.nan}, r"relative_accuracy must be between 0 and 1 .*got nan"),
        ({"max_error_types": 0}, "max_error_types must be at least 1, got 0"),
    ],
)
def test_bad_construction(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        HandlerMetricsCollector(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("handler", "seconds", "message"),
    [
        ("speak", -0.001, "duration must be a finite number of seconds >= 0, got -0.001"),
        ("speak", math.nan, "duration must be a finite number of seconds >= 0, got nan"),
        ("speak", math.inf, "duration must be a finite number of seconds >= 0, got inf"),
        ("", 0.001, "handler name must be a non-empty string"),
    ],
)
def test_bad_record(handler: str, seconds: float, message: str) -> None:
    collector = HandlerMetricsCollector()
    with pytest.raises(ValueError, match=message):
        collector.record(handler, seconds)
    assert collector.snapshot() == {}
    assert collector.dropped_handlers == 0
