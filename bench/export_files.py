"""Exporting 1,000,000 metric points as Parquet: the export code vs pyarrow writing the same
rows directly, in time and peak memory; and JSON lines and CSV throughput.

Data: one metric's points over 24 hours in a real SQLite agent store, written as the agent
writes them (see hourly_rollup.py).

Export path: `metric_batches` over the SQLiteStoreReader (10,000 rows a batch, the route's
default), through the format's writer, into a file with `write_export`: what GET
/v1/telemetry/export and an export job do, minus HTTP. Baseline: one SELECT of the same rows
with plain sqlite3 into Python lists, one Arrow table of the same schema, `pq.write_table` with
the same 10,000-row groups. Before anything is reported the two Parquet files must hold equal
tables.

Each measurement runs in a fresh subprocess, so every peak is its own: the process's resident
peak (VmHWM; it includes the interpreter and imports, shown apart as the resident size before
the work), pyarrow's memory pool peak (Arrow buffers, which tracemalloc
does not see), and, in a separate run of each Parquet side, tracemalloc's peak of Python
allocations (tracemalloc slows Python down, so those runs are not timed). Parquet sides
alternate for `--repeats` rounds; medians are shown.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import AsyncGenerator
from contextlib import aclosing
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hourly_rollup import HOUR, HOURS, METRIC, START, write_points

from ciris_telemetry.datasources.records import MetricPointRecord
from ciris_telemetry.datasources.store import SQLiteStoreReader
from ciris_telemetry.export.columns import METRIC_POINTS
from ciris_telemetry.export.formats import Compression, ExportFormat
from ciris_telemetry.export.sources import RowSource, metric_batches
from ciris_telemetry.export.stream import export_chunks, write_export
from figures import record

BATCH_ROWS = 10_000  # the export route's and the jobs' default batch
UNTIL = START + HOURS * HOUR
SIDES = {
    "export-parquet": "export code, Parquet",
    "pyarrow-parquet": "pyarrow directly, Parquet",
    "export-jsonl": "export code, JSON lines",
    "export-csv": "export code, CSV",
}
BASELINE_SCHEMA = pa.schema(
    [
        pa.field("metric", pa.string(), nullable=False),
        pa.field("node_id", pa.string(), nullable=False),
        pa.field("time", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("value", pa.float64(), nullable=False),
        pa.field("tags", pa.map_(pa.string(), pa.string()), nullable=False),
    ]
)


# --- one measurement, in its own process ------------------------------------------------------


async def counted(
    batches: AsyncGenerator[list[MetricPointRecord], None], tally: list[int]
) -> AsyncGenerator[list[MetricPointRecord], None]:
    async with aclosing(batches) as stream:
        async for batch in stream:
            tally[0] += len(batch)
            yield batch


async def through_export(db_path: Path, out: Path, export_format: ExportFormat) -> int:
    """The export code's path into `out`; the rows written."""
    reader = SQLiteStoreReader(db_path)
    tally = [0]
    try:
        batches = metric_batches(reader, [METRIC], (START, UNTIL), BATCH_ROWS)
        source = RowSource(METRIC_POINTS, counted(batches, tally))
        with out.open("wb") as sink:
            await write_export(export_chunks(source, export_format, Compression.NONE), sink)
    finally:
        await reader.close()
    return tally[0]


def pyarrow_direct(db_path: Path, out: Path) -> int:
    """The same rows read whole with sqlite3 into lists, written by `pq.write_table`."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT node_id, json_extract(attributes, '$.end_time') AS at, "
            "json_extract(attributes, '$.value'), json_extract(attributes, '$.labels') "
            "FROM cirisgraph_nodes WHERE node_type = 'tsdb_data' "
            "AND json_extract(attributes, '$.metric_name') = ? ORDER BY at, node_id",
            (METRIC,),
        ).fetchall()
    finally:
        conn.close()
    columns = [
        [METRIC] * len(rows),
        [r[0] for r in rows],
        [datetime.fromisoformat(r[1]) for r in rows],
        [float(r[2]) for r in rows],
        [json.loads(r[3]) for r in rows],
    ]
    del rows
    arrays = [
        pa.array(values, type=field.type)
        for values, field in zip(columns, BASELINE_SCHEMA, strict=True)
    ]
    del columns
    table = pa.Table.from_arrays(arrays, schema=BASELINE_SCHEMA)
    pq.write_table(table, out, row_group_size=BATCH_ROWS)
    return int(table.num_rows)


def memory_kib(field: str) -> int:
    """A /proc/self/status size: VmRSS (resident now) or VmHWM (resident peak). Unlike
    ru_maxrss, VmHWM starts afresh at exec, so a large parent cannot raise it."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(side: str, db_path: Path, out: Path, traced: bool) -> dict[str, Any]:
    base_rss = memory_kib("VmRSS")
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    if side == "pyarrow-parquet":
        rows = pyarrow_direct(db_path, out)
    else:
        export_format = ExportFormat(side.removeprefix("export-"))
        rows = asyncio.run(through_export(db_path, out, export_format))
    seconds = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] if traced else None
    return {
        "seconds": seconds,
        "rows": rows,
        "bytes": out.stat().st_size,
        "base_rss_kib": base_rss,
        "max_rss_kib": memory_kib("VmHWM"),
        "arrow_peak": pa.default_memory_pool().max_memory(),
        "traced_peak": traced_peak,
    }


# --- the driver -----------------------------------------------------------------------------


def run_side(side: str, db_path: Path, out: Path, *, traced: bool = False) -> dict[str, Any]:
    command = [sys.executable, __file__, "--measure", side, "--db", str(db_path)]
    command += ["--out", str(out)] + (["--tracemalloc"] if traced else [])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{side} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def check_same_tables(exported: Path, direct: Path, points: int) -> None:
    ours, theirs = pq.read_table(exported), pq.read_table(direct)
    if ours.num_rows != points or not ours.equals(theirs):
        raise SystemExit(f"the Parquet files differ ({ours.num_rows} vs {theirs.num_rows} rows)")


def mib(size: float | None) -> str:
    return "-" if size is None else f"{size / 2**20:8.1f}"


def main(points: int, repeats: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db_path = folder / "agent.db"
        started = time.perf_counter()
        write_points(db_path, points, seed)
        print(f"wrote {points:,} points of {METRIC} over {HOURS} h in "
              f"{time.perf_counter() - started:.1f} s "
              f"({db_path.stat().st_size / 2**20:.0f} MiB SQLite)")  # fmt: skip
        files = {side: folder / f"{side}.out" for side in SIDES}
        runs: dict[str, list[dict[str, Any]]] = {side: [] for side in SIDES}
        pair = ["export-parquet", "pyarrow-parquet"]
        for r in range(repeats):
            for side in pair if r % 2 == 0 else pair[::-1]:
                runs[side].append(run_side(side, db_path, files[side]))
        check_same_tables(files["export-parquet"], files["pyarrow-parquet"], points)
        for side in ("export-jsonl", "export-csv"):
            for _ in range(repeats):
                runs[side].append(run_side(side, db_path, files[side]))
        traced = {side: run_side(side, db_path, files[side], traced=True) for side in pair}
    report(points, repeats, runs, traced)


def report(
    points: int,
    repeats: int,
    runs: dict[str, list[dict[str, Any]]],
    traced: dict[str, dict[str, Any]],
) -> None:
    print(f"export of {points:,} metric points to a file (median of {repeats}; one fresh "
          "process per run; memory in MiB):")  # fmt: skip
    print(f"  {'':<28} {'seconds':>8} {'rows/s':>10} {'file MiB':>9} {'peak RSS':>8} "
          f"{'before':>8} {'arrow pool':>10} {'tracemalloc':>11}")  # fmt: skip
    medians: dict[str, float] = {}
    for side, name in SIDES.items():
        done = runs[side]
        if any(run["rows"] != points for run in done):
            raise SystemExit(f"{side} wrote {[run['rows'] for run in done]} rows, not {points}")
        seconds = medians[side] = statistics.median(run["seconds"] for run in done)
        last = done[-1]
        peak = traced[side]["traced_peak"] if side in traced else None
        print(f"  {name:<28} {seconds:8.2f} {points / seconds:10,.0f} {mib(last['bytes']):>9} "
              f"{mib(last['max_rss_kib'] * 1024):>8} {mib(last['base_rss_kib'] * 1024):>8} "
              f"{mib(last['arrow_peak']):>10} {mib(peak):>11}")  # fmt: skip
    ratio = medians["export-parquet"] / medians["pyarrow-parquet"]
    rss = [runs[s][-1]["max_rss_kib"] for s in ("export-parquet", "pyarrow-parquet")]
    print(f"  ratio (export code / pyarrow directly, Parquet): time {ratio:.2f}x, "
          f"peak RSS {rss[0] / rss[1]:.2f}x")  # fmt: skip
    record("export_files", f"Parquet export / pyarrow, time, {points:,} points", ratio)
    record("export_files", "Parquet export / pyarrow, peak RSS", rss[0] / rss[1])
    record("export_files", "Parquet export rows/s", points / medians["export-parquet"], "rows/s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=1, help="runs of each side")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--measure", choices=sorted(SIDES), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tracemalloc", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.db, args.out, args.tracemalloc)))
    elif args.points < HOURS or args.repeats < 1:
        parser.error(f"--points must be at least {HOURS} and --repeats at least 1")
    else:
        main(args.points, args.repeats, args.seed)
