"""Hourly rollup of 1,000,000 raw points: the aggregation job's path vs a plain SQL GROUP BY,
and the sketch's percentile error against exact percentiles.

Data: one metric's points spread evenly over 24 hours, log-normal values (latencies around
900 ms), written as the agent writes them (tsdb_data nodes through the reference agent's
MetricRecorder) into a real SQLite file in a temporary directory.

Job path: one pass over the 24 hours, as MetricsAggregationJob makes it with its default
`hours_per_pass`: `points_by_hour` (one ordered read through the SQLiteStoreReader, in batches
of the job's default size, split by hour), then `hourly_aggregate` per hour (sketch, exact
count/sum/min/max, p50/p95/p99): what the job does before it saves the nodes. Baseline: one
SELECT ... GROUP BY hour computing count, sum, min, max and avg over the same rows. The two
alternate for `--repeats` rounds; the ratio is of their medians. Before timing, both must
agree on every hour's count, min and max, and on its sum to 1e-9 relative.

Error: per hour, |sketch - exact| / exact for p50, p95 and p99, where exact is the sorted
value at rank floor(q * (n - 1)), the rank DDSketch's guarantee refers to.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ciris_telemetry.aggregation.compute import hourly_aggregate
from ciris_telemetry.aggregation.points import points_by_hour
from ciris_telemetry.aggregation.records import MetricAggregate
from ciris_telemetry.aggregation.sketch import RELATIVE_ACCURACY, MetricSketch
from ciris_telemetry.datasources.reference.clock import SimulatedClock, micros_of
from ciris_telemetry.datasources.reference.persist import PersistWriter
from ciris_telemetry.datasources.reference.stats import SimulationStats
from ciris_telemetry.datasources.reference.telemetry import MetricRecorder
from ciris_telemetry.datasources.store import SQLiteStoreReader
from figures import record

METRIC = "llm.latency.ms"
START = datetime(2026, 1, 1, tzinfo=UTC)
HOURS = 24
HOUR = timedelta(hours=1)
BATCH_SIZE = 10_000  # MetricsAggregationJob's default
QUANTILES = (0.50, 0.95, 0.99)
# (count, sum, min, max, avg) of one hour.
HourStats = tuple[int, float, float, float, float]


def write_points(db_path: Path, points: int, seed: int) -> None:
    """`points` tsdb_data nodes of METRIC, evenly over HOURS hours, one transaction."""
    rng = random.Random(seed)
    clock = SimulatedClock(START)
    writer = PersistWriter(db_path)
    recorder = MetricRecorder(writer, clock, SimulationStats())
    start_us = micros_of(START)
    span_us = HOURS * 3600 * 1_000_000
    labels = {"service": "OpenAICompatibleClient_primary", "model": "gpt-4o-mini"}
    with writer.transaction():
        for i in range(points):
            clock.set(start_us + i * span_us // points)
            recorder.record(METRIC, round(rng.lognormvariate(6.8, 0.5), 3), labels)
    writer.connection.close()


async def job_rollup(
    reader: SQLiteStoreReader, points: int
) -> tuple[list[MetricAggregate], list[list[float]]]:
    """Every hour's aggregate as the job computes it, and each hour's raw values."""
    hours: list[MetricAggregate] = []
    values: list[list[float]] = []
    previous: MetricAggregate | None = None
    until = START + HOURS * HOUR
    async for hour, raw in points_by_hour(
        reader, METRIC, START, until, batch_size=BATCH_SIZE, max_points=points
    ):
        previous = hourly_aggregate("bench", METRIC, hour, raw, previous)
        hours.append(previous)
        values.append([p.value for p in raw])
    return hours, values


def sketch_only(values: list[list[float]]) -> None:
    """The in-memory part of the job path: sketch, quantiles and encoding per hour."""
    for hour in values:
        sketch = MetricSketch.of(hour)
        for q in QUANTILES:
            sketch.quantile(q)
        sketch.encode()


def sql_rollup(db_path: Path) -> list[HourStats]:
    """count/sum/min/max/avg per hour by one GROUP BY over the same rows."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT substr(created_at, 1, 13) AS hour, count(*), sum(v), min(v), max(v), avg(v) "
            "FROM (SELECT created_at, json_extract(attributes, '$.value') AS v "
            "FROM cirisgraph_nodes WHERE node_type = 'tsdb_data' "
            "AND json_extract(attributes, '$.metric_name') = ?) GROUP BY hour ORDER BY hour",
            (METRIC,),
        ).fetchall()
    finally:
        conn.close()
    return [(int(n), float(s), float(lo), float(hi), float(avg)) for _, n, s, lo, hi, avg in rows]


def check_agreement(job: list[MetricAggregate], sql: list[HourStats]) -> None:
    if len(job) != len(sql):
        raise SystemExit(f"hour counts differ: job {len(job)}, SQL {len(sql)}")
    for aggregate, (count, total, low, high, _) in zip(job, sql, strict=True):
        stats = aggregate.stats
        same = (stats.count, stats.minimum, stats.maximum) == (count, low, high)
        if not same or not math.isclose(stats.total, total, rel_tol=1e-9):
            raise SystemExit(f"hour {aggregate.period_start:%H}: job {stats} != SQL {count, total}")


def percentile_errors(job: list[MetricAggregate], values: list[list[float]]) -> dict[float, float]:
    """The largest relative error of each quantile over the hours."""
    worst = dict.fromkeys(QUANTILES, 0.0)
    for aggregate, hour in zip(job, values, strict=True):
        ordered = sorted(hour)
        sketched = {0.50: aggregate.p50, 0.95: aggregate.p95, 0.99: aggregate.p99}
        for q in QUANTILES:
            exact = ordered[math.floor(q * (len(ordered) - 1))]
            worst[q] = max(worst[q], abs(sketched[q] - exact) / exact)
    return worst


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


async def main(points: int, repeats: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "agent.db"
        started = time.perf_counter()
        write_points(db_path, points, seed)
        size_mib = db_path.stat().st_size / 2**20
        print(f"wrote {points:,} points of {METRIC} over {HOURS} h in "
              f"{time.perf_counter() - started:.1f} s ({size_mib:.0f} MiB)")  # fmt: skip
        reader = SQLiteStoreReader(db_path)
        job_t: list[float] = []
        sql_t: list[float] = []
        try:
            # Alternate so both see the same noise; the job's first round also keeps the values.
            for r in range(repeats):
                for side in ("job", "sql") if r % 2 == 0 else ("sql", "job"):
                    began = time.perf_counter()
                    if side == "job":
                        job, values = await job_rollup(reader, points)
                        job_t.append(time.perf_counter() - began)
                    else:
                        sql = sql_rollup(db_path)
                        sql_t.append(time.perf_counter() - began)
        finally:
            await reader.close()
    check_agreement(job, sql)
    sketch_t = [timed(lambda: sketch_only(values)) for _ in range(max(3, repeats))]
    errors = percentile_errors(job, values)

    job_med, sql_med = statistics.median(job_t), statistics.median(sql_t)
    sketch_med = statistics.median(sketch_t)
    print(f"hourly rollup of {points:,} points ({HOURS} hours, median of {repeats}):")
    for name, seconds in (
        ("job path (read + sketch + aggregate)", job_med),
        ("  of which sketch + quantiles (memory)", sketch_med),
        ("SQL GROUP BY (count/sum/min/max/avg)", sql_med),
    ):
        print(f"  {name:<38} {seconds:9.3f} s  ({seconds / points * 1e6:7.2f} us/point)")
    print(f"  ratio (job path / SQL GROUP BY): {job_med / sql_med:.2f}x")
    print(f"  ratio (sketch in memory / SQL GROUP BY): {sketch_med / sql_med:.2f}x")
    record("hourly_rollup", f"job path / SQL GROUP BY, {points:,} points", job_med / sql_med)
    record("hourly_rollup", "job path per point", job_med / points * 1e6, "us")
    print(f"percentile error of the sketch vs exact, max over {HOURS} hours "
          f"(stated bound {RELATIVE_ACCURACY:.0%}):")  # fmt: skip
    for q, error in errors.items():
        verdict = "within" if error <= RELATIVE_ACCURACY else "OVER"
        print(f"  p{round(q * 100)}: {error:.4%} ({verdict} the bound)")
        record("hourly_rollup", f"sketch p{round(q * 100)} error (bound 1%)", error * 100, "%")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=1, help="timed rounds of each")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if args.points < HOURS or args.repeats < 1:
        parser.error(f"--points must be at least {HOURS} and --repeats at least 1")
    asyncio.run(main(args.points, args.repeats, args.seed))
