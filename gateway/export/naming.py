"""The file name an export is served under.

E.g. ally-metrics-20260101T000000Z-20260101T010000Z.parquet.zst: agent, kind, range, format
and compression, so saved exports sort and say what they hold.
"""

from __future__ import annotations

import re
from datetime import datetime

from .params import ExportRequest

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def compact_time(moment: datetime) -> str:
    """UTC, basic ISO 8601; microseconds only where there are some."""
    text = moment.strftime("%Y%m%dT%H%M%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}"
    return text + "Z"


def file_name(request: ExportRequest) -> str:
    agent = _UNSAFE.sub("_", request.agent_id) or "agent"
    return (
        f"{agent}-{request.kind.value}-{compact_time(request.since)}-"
        f"{compact_time(request.until)}.{request.format.value}{request.compression.suffix}"
    )
