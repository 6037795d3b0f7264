"""Drive the served gateway with `wrk` and the dashboard mix, sampling the server's RSS."""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from load.gateway_process import GatewayProcess
from load.rss_trace import RssTrace
from support.missing import program

SCRIPT = Path(__file__).with_name("dashboard_mix.lua")
SUMMARY_PREFIX = "LOAD_SUMMARY "


@dataclass(frozen=True)
class WrkSummary:
    requests: int
    duration_seconds: float
    not_ok: int  # responses other than 200
    error_bodies: int  # responses whose body holds "errors"
    socket_errors: int  # connect, read, write errors and timeouts
    latency_ms: dict[str, float]  # mean, p50, p90, p99, max

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.duration_seconds

    @classmethod
    def parse(cls, output: str) -> WrkSummary:
        lines = [line for line in output.splitlines() if line.startswith(SUMMARY_PREFIX)]
        if not lines:
            # wrk falls back to plain GETs of / when its script fails to load: never a pass.
            raise AssertionError(f"wrk printed no summary (script failed?):\n{output}")
        raw = json.loads(lines[-1].removeprefix(SUMMARY_PREFIX))
        return cls(
            requests=raw["requests"],
            duration_seconds=raw["duration_us"] / 1e6,
            not_ok=raw["not_ok"],
            error_bodies=raw["error_bodies"],
            socket_errors=sum(
                raw[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts")
            ),
            latency_ms={k: v / 1000 for k, v in raw["latency_us"].items()},
        )


def wrk_program() -> str:
    """The path of `wrk`; skip without it, fail under CI."""
    return program("wrk", "wrk")


def run_load(
    gateway: GatewayProcess, seconds: int, *, connections: int = 8
) -> tuple[WrkSummary, RssTrace]:
    """Run wrk against `gateway` for `seconds`, sampling the server's RSS once a second."""
    command = [
        wrk_program(),
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--header",
        f"Authorization: Bearer {gateway.observer_key}",
        "--script",
        str(SCRIPT),
        gateway.base_url,
    ]
    trace = RssTrace()
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as wrk:
        started = time.monotonic()
        trace.add(0.0, gateway.rss_kib())
        tick = 1
        while wrk.poll() is None:
            # Sleep to the next whole second, so samples stay one second apart under load.
            time.sleep(max(0.0, started + tick - time.monotonic()))
            if wrk.poll() is None:
                trace.add(time.monotonic() - started, gateway.rss_kib())
            tick += 1
        output = wrk.stdout.read() if wrk.stdout else ""
    if wrk.returncode != 0:
        raise AssertionError(f"wrk exited with {wrk.returncode}:\n{output}")
    return WrkSummary.parse(output), trace
