"""bench/report.py: every chosen benchmark runs in its own process and lands in one table."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def report(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / "report.py"), *arguments, "--logs", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_the_report_tables_the_ratios_and_this_machines_figures(tmp_path: Path) -> None:
    done = report(tmp_path, "--only", "fanout", "samples", "--no-redis")
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert re.search(r"^  fanout \.\.\. ok in \d+\.\d s$", out, re.MULTILINE)
    assert re.search(r"^  samples \.\.\. ok in \d+\.\d s$", out, re.MULTILINE)
    ratios, machine = out.split("absolute figures: this machine only")
    rows = re.findall(r"^(\w+) +(.+?) +(\d+\.\d\d)x$", ratios, re.MULTILINE)
    assert [(bench, name) for bench, name, _ in rows] == [
        ("fanout", "lag to all, 100 / 1 subscribers (p50)"),
        ("fanout", "lag to all, 1000 / 1 subscribers (p50)"),
        ("samples", "polls, one stream each / one shared, 100 subscribers"),
        ("samples", "delivery lag, 100 / 1 subscribers (p50)"),
        ("samples", "polls, one stream each / one shared, 1000 subscribers"),
        ("samples", "delivery lag, 1000 / 1 subscribers (p50)"),
    ]
    # 100 subscribers of one shared stream cause one poll per interval, not 100.
    assert float(rows[2][2]) > 50
    lags = r"^fanout +lag to all, (\d+) subscribers \(p50\) +[\d.]+ ms$"
    assert re.findall(lags, machine, re.MULTILINE) == ["1", "100", "1000"]
    assert (tmp_path / "fanout.log").read_text().startswith("fan-out on one channel (memory)")


def test_a_failing_benchmark_fails_the_report_and_is_named(tmp_path: Path) -> None:
    # Nothing listens on port 1: the benchmark must stop at once, not wait on reconnects.
    done = report(tmp_path, "--only", "fanout", "--redis", "redis://127.0.0.1:1/0")
    assert done.returncode == 1
    assert re.search(r"^  fanout \.\.\. exit 1 in \d+\.\d s$", done.stdout, re.MULTILINE)
    assert f"FAILED fanout (exit 1, 0 figures): see {tmp_path / 'fanout.log'}" in done.stdout
    log = (tmp_path / "fanout.log").read_text()
    assert log.splitlines()[-1].startswith("Redis at redis://127.0.0.1:1/0 does not answer: ")
