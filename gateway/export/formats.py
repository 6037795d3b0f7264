"""What an export can be: its kind of rows, file format and compression, and their names."""

from __future__ import annotations

from enum import Enum

EXPORT_PATH = "/v1/telemetry/export"
# Export jobs: created at JOBS_PATH, reported at JOB_PATH, their file at DOWNLOAD_PATH.
JOBS_PATH = EXPORT_PATH + "/jobs"
JOB_PATH = JOBS_PATH + "/{job_id}"
DOWNLOAD_PATH = JOB_PATH + "/download"
EXPORT_PATHS = (EXPORT_PATH, JOBS_PATH, JOB_PATH, DOWNLOAD_PATH)


class ExportKind(Enum):
    METRICS = "metrics"
    THOUGHTS = "thoughts"
    AUDIT = "audit"
    INCIDENTS = "incidents"
    ERRORS = "errors"


class ExportFormat(Enum):
    JSON = "json"  # one JSON array
    JSONL = "jsonl"  # one JSON object per line
    CSV = "csv"
    PARQUET = "parquet"

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self]


class Compression(Enum):
    NONE = "none"
    GZIP = "gzip"
    ZSTD = "zstd"

    @property
    def suffix(self) -> str:
        """What the file name gains: the compression belongs to the file, not the transport."""
        return _SUFFIXES[self]

    @property
    def media_type(self) -> str | None:
        return _COMPRESSED_MEDIA_TYPES[self]


_MEDIA_TYPES = {
    ExportFormat.JSON: "application/json",
    ExportFormat.JSONL: "application/jsonl",
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.PARQUET: "application/vnd.apache.parquet",
}
_SUFFIXES = {Compression.NONE: "", Compression.GZIP: ".gz", Compression.ZSTD: ".zst"}
_COMPRESSED_MEDIA_TYPES = {
    Compression.NONE: None,
    Compression.GZIP: "application/gzip",
    Compression.ZSTD: "application/zstd",
}


def content_type(export_format: ExportFormat, compression: Compression) -> str:
    """A compressed file is served as what it is (gzip / zstd), never with Content-Encoding,
    so clients save the compressed bytes instead of silently inflating them."""
    return compression.media_type or export_format.media_type
