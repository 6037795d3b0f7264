from datetime import datetime
from typing import Optional

from .base_model import BaseModel
from .enums import ExportCompression, ExportFormat, ExportKind


class ExportInput(BaseModel):
    """The parameters of GET /v1/telemetry/export, with its defaults."""

    since: datetime
    "Range start (zoned), inclusive."
    until: Optional[datetime] = None
    "Range end, exclusive; default: the agent's now, fixed now."
    kind: ExportKind = ExportKind.METRICS
    format: ExportFormat = ExportFormat.JSON
    compression: ExportCompression = ExportCompression.NONE
    metrics: Optional[list[str]] = None
    "kind METRICS only; default: every stored metric."
    agent: Optional[str] = None
    "Optional when the gateway serves one agent."


class TagFilter(BaseModel):
    """Keep points whose label `key` equals `value` exactly."""

    key: str
    value: str
