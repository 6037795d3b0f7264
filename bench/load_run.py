"""The long load run: `ciris-telemetry serve` on the embedded reference agent in a process of
its own, the dashboard mix from `wrk` (the fleet query over POST /graphql alternating with GETs
of REST aliases, with an OBSERVER key), and the server's RSS sampled once a second.

Prints requests/s, wrk's latency percentiles, the responses that were not a clean 200, and RSS
at start, after the warm-up and at the end with its least-squares slope over the measured
window and over its second half. The server runs with its default settings except rate
limits, which are off so that no request is refused. Exits 1 when any response was not a
clean 200 or a socket failed. Needs `wrk` (Debian package `wrk`).

    .venv/bin/python bench/load_run.py --minutes 10
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

# The server and wrk harness are the load tests' own, so the test and the run measure alike.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from load.gateway_process import served_gateway
from load.rss_trace import RssTrace
from load.wrk_load import WrkSummary, run_load

from figures import record


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="length of the run")
    parser.add_argument(
        "--warm-up-seconds",
        type=int,
        default=60,
        help="left out of the RSS slope: long enough for the request log ring "
        "(10,000 entries by default) to fill",
    )
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections")
    return parser.parse_args()


def _report(summary: WrkSummary, trace: RssTrace, warm_up_seconds: int) -> None:
    latency = summary.latency_ms
    measured = trace.after(warm_up_seconds)
    half = measured.after(measured.seconds[0] + (measured.seconds[-1] - measured.seconds[0]) / 2)
    minutes = (measured.seconds[-1] - measured.seconds[0]) / 60
    print(f"requests      {summary.requests} in {summary.duration_seconds:.0f} s")
    print(f"requests/s    {summary.requests_per_second:.1f}")
    print(
        f"latency ms    mean {latency['mean']:.1f}  p50 {latency['p50']:.1f}  "
        f"p90 {latency['p90']:.1f}  p99 {latency['p99']:.1f}  max {latency['max']:.1f}"
    )
    print(
        f"not 200       {summary.not_ok}  (bodies with errors {summary.error_bodies}, "
        f"socket errors {summary.socket_errors})"
    )
    print(
        f"RSS KiB       start {trace.first}  after warm-up {measured.first}  "
        f"end {trace.last}  peak {trace.peak}"
    )
    print(
        f"RSS slope     {measured.slope_kib_per_second():.2f} KiB/s over {minutes:.1f} min "
        f"after the warm-up; {half.slope_kib_per_second():.2f} KiB/s over its second half"
    )
    print(f"RSS growth    {trace.last / measured.first:.3f}x the RSS after the warm-up")
    record("load_run", "RSS at the end / after the warm-up", trace.last / measured.first)
    record("load_run", "requests/s, dashboard mix", summary.requests_per_second, "req/s")
    record("load_run", "latency p99, dashboard mix", latency["p99"], "ms")
    record("load_run", "RSS slope after the warm-up", measured.slope_kib_per_second(), "KiB/s")


def main() -> int:
    args = _arguments()
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian package: wrk)", file=sys.stderr)
        return 2
    seconds = round(args.minutes * 60)
    if seconds < args.warm_up_seconds + 10:
        print("the run must last at least 10 s longer than the warm-up", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work_dir, served_gateway(Path(work_dir)) as gateway:
        print(f"serve pid {gateway.pid} on {gateway.base_url}; wrk for {seconds} s ...")
        summary, trace = run_load(gateway, seconds, connections=args.connections)
    _report(summary, trace, args.warm_up_seconds)
    clean = summary.not_ok == 0 and summary.error_bodies == 0 and summary.socket_errors == 0
    return 0 if clean else 1


if __name__ == "__main__":
    raise SystemExit(main())
