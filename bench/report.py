"""Every benchmark in one run, and one table of what they measured.

    .venv/bin/python bench/report.py                 # smaller sizes: a few minutes
    .venv/bin/python bench/report.py --full          # each benchmark's own default sizes
    .venv/bin/python bench/report.py --only overview fanout --no-redis

Each benchmark runs in its own process, one after another, so none shares memory or a warm
cache with another. Ratios are measured side by side inside one benchmark's run and carry over
between machines; absolute figures (ms, rows/s, ...) hold for this machine only and are marked
so. Each benchmark's full output goes to a log directory, named at the end.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from figures import FIGURES_FILE, Figure, read_figures

BENCH = Path(__file__).resolve().parent
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
TIME_LIMIT_SECONDS = 1800.0  # a benchmark still running then has hung; it is stopped, failed


@dataclass(frozen=True)
class Benchmark:
    name: str
    quick: tuple[str, ...] = ()  # arguments for the default (smaller) run
    full: tuple[str, ...] = ()  # arguments for --full
    takes_redis: bool = False

    @property
    def script(self) -> Path:
        return BENCH / f"{self.name}.py"


BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark("overview", quick=("--iterations", "200")),
    Benchmark("fanout", quick=("--events", "100"), takes_redis=True),
    Benchmark("samples", quick=("--ticks", "30")),
    Benchmark(
        "handler_metrics", quick=("--iterations", "50000", "--repeats", "7", "--calls", "200000")
    ),
    Benchmark("hourly_rollup", quick=("--points", "200000")),
    Benchmark("export_files", quick=("--points", "200000"), full=("--repeats", "3")),
    Benchmark("rate_limits", quick=("--requests", "500", "--decisions", "5000"), takes_redis=True),
    # The warm-up lets the request log ring (10,000 entries) fill before RSS is judged.
    Benchmark("load_run", quick=("--minutes", "2", "--warm-up-seconds", "60")),
)


@dataclass
class Run:
    benchmark: Benchmark
    seconds: float
    returncode: int
    log: Path
    figures: list[Figure] = field(default_factory=list)


def run_benchmark(benchmark: Benchmark, full: bool, redis_url: str | None, logs: Path) -> Run:
    """Run one benchmark in a fresh process; its figures come back through FIGURES_FILE."""
    arguments = list(benchmark.full if full else benchmark.quick)
    if benchmark.takes_redis and redis_url:
        arguments += ["--redis", redis_url]
    figures_file = logs / f"{benchmark.name}.figures.jsonl"
    figures_file.unlink(missing_ok=True)
    log = logs / f"{benchmark.name}.log"
    started = time.perf_counter()
    with log.open("w") as output:
        try:
            returncode = subprocess.run(
                [sys.executable, str(benchmark.script), *arguments],
                stdout=output,
                stderr=subprocess.STDOUT,
                env=os.environ | {FIGURES_FILE: str(figures_file)},
                cwd=BENCH.parent,
                timeout=TIME_LIMIT_SECONDS,
            ).returncode
        except subprocess.TimeoutExpired:
            output.write(f"\nstopped after {TIME_LIMIT_SECONDS:.0f} s\n")
            returncode = -1
    seconds = time.perf_counter() - started
    return Run(benchmark, seconds, returncode, log, read_figures(figures_file))


def table(runs: list[Run]) -> str:
    """Ratios first (they compare two things measured in the same run), then this machine's
    absolute figures, then any benchmark that failed."""
    ratios = [f for run in runs for f in run.figures if f.ratio]
    absolute = [f for run in runs for f in run.figures if not f.ratio]
    width = max([len(f.name) for f in ratios + absolute] + [20])
    lines = [f"{'benchmark':<16} {'figure':<{width}} {'value':>14}"]
    lines.append("-" * len(lines[0]))
    lines += [f"{f.bench:<16} {f.name:<{width}} {f.value:>13.2f}x" for f in ratios]
    if absolute:
        lines.append("")
        lines.append("absolute figures: this machine only")
        lines += [
            f"{f.bench:<16} {f.name:<{width}} {_number(f.value):>14} {f.unit}" for f in absolute
        ]
    failed = [run for run in runs if run.returncode != 0 or not run.figures]
    if failed:
        lines.append("")
        lines += [
            f"FAILED {run.benchmark.name} (exit {run.returncode}, "
            f"{len(run.figures)} figures): see {run.log}"
            for run in failed
        ]
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {cpu}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="each benchmark's default sizes")
    parser.add_argument(
        "--only", nargs="+", choices=[b.name for b in BENCHMARKS], help="these benchmarks"
    )
    parser.add_argument("--redis", default=DEFAULT_REDIS, help="Redis for fanout and rate_limits")
    parser.add_argument("--no-redis", action="store_true", help="in-process brokers only")
    parser.add_argument("--logs", type=Path, help="where each benchmark's output goes")
    args = parser.parse_args(argv)
    redis_url = None if args.no_redis else args.redis
    logs = args.logs or Path(tempfile.mkdtemp(prefix="ciris-bench-"))
    logs.mkdir(parents=True, exist_ok=True)
    chosen = [b for b in BENCHMARKS if not args.only or b.name in args.only]
    print(f"benchmarks on {machine()}", flush=True)
    runs: list[Run] = []
    for benchmark in chosen:
        print(f"  {benchmark.name} ...", end=" ", flush=True)
        run = run_benchmark(benchmark, args.full, redis_url, logs)
        runs.append(run)
        verdict = "ok" if run.returncode == 0 else f"exit {run.returncode}"
        print(f"{verdict} in {run.seconds:.1f} s", flush=True)
    print()
    print(table(runs))
    print(f"\nfull output of each benchmark: {logs}")
    return 0 if all(run.returncode == 0 and run.figures for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
