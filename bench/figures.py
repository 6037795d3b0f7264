"""The headline figures of a benchmark, for bench/report.py's one table.

A benchmark prints its own detailed output as before and also calls `record` for the figures
worth a row: ratios measured side by side in its run, and absolute figures that only hold for
the machine they were measured on. `record` writes nothing unless bench/report.py set
FIGURES_FILE, so running a benchmark by hand is unchanged.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

FIGURES_FILE = "CIRIS_BENCH_FIGURES"


@dataclass(frozen=True)
class Figure:
    bench: str
    name: str
    value: float
    unit: str  # "x" for a ratio
    ratio: bool  # False: an absolute figure of this machine


def record(bench: str, name: str, value: float, unit: str = "x") -> None:
    """Add a row for bench/report.py (a ratio when `unit` is "x")."""
    target = os.environ.get(FIGURES_FILE)
    if not target:
        return
    figure = Figure(bench=bench, name=name, value=value, unit=unit, ratio=unit == "x")
    with Path(target).open("a", encoding="utf-8") as file:
        file.write(json.dumps(asdict(figure)) + "\n")


def read_figures(path: Path) -> list[Figure]:
    if not path.exists():
        return []
    return [Figure(**json.loads(line)) for line in path.read_text().splitlines() if line]
