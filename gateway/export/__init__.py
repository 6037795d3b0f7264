"""Telemetry export: a range of one agent's rows as JSON, JSON lines, CSV or Parquet,
optionally gzip or zstd compressed, streamed a batch at a time.

`router.export_router` serves GET /v1/telemetry/export; `sources.open_rows` with
`stream.export_chunks` (or `stream.write_export` into a binary sink) produce the same bytes
for anything else, such as a job. Only the light names are imported here, so the rate limit
configuration can name the paths without loading the route.
"""

from .formats import EXPORT_PATH, EXPORT_PATHS, Compression, ExportFormat, ExportKind

__all__ = ["EXPORT_PATH", "EXPORT_PATHS", "Compression", "ExportFormat", "ExportKind"]
