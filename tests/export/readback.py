"""Export bodies read back with the readers a user would use: json, csv, pyarrow."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import datetime
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from support.gateway_harness import Gateway

METRICS_PATH = "/v1/telemetry/export"


def decompressed(body: bytes, compression: str) -> bytes:
    if compression == "gzip":
        return gzip.decompress(body)
    if compression == "zstd":
        return zstandard.ZstdDecompressor().decompressobj().decompress(body)
    return body


def parquet_table(data: bytes) -> Any:
    return pq.read_table(pa.BufferReader(data))


def rows(data: bytes, export_format: str) -> list[dict[str, Any]]:
    """The rows of a file, values as text where the format has no type (times as ISO 8601)."""
    if export_format == "json":
        parsed: list[dict[str, Any]] = json.loads(data)
        return parsed
    if export_format == "jsonl":
        return [json.loads(line) for line in data.decode().splitlines()]
    if export_format == "csv":
        return list(csv.DictReader(io.StringIO(data.decode(), newline="")))
    out: list[dict[str, Any]] = parquet_table(data).to_pylist()
    return out


def metric_rows(data: bytes, export_format: str) -> list[dict[str, Any]]:
    """Metric point rows in one shape whatever the format: time as ISO text, value a float,
    tags a dict."""
    out = []
    for row in rows(data, export_format):
        time, value, tags = row["time"], row["value"], row["tags"]
        if isinstance(time, datetime):
            time = time.isoformat()
        if export_format == "csv":
            value, tags = float(value), json.loads(tags)
        if isinstance(tags, list):  # a Parquet map reads back as (key, value) pairs
            tags = dict(tags)
        out.append(
            {"metric": row["metric"], "node_id": row["node_id"], "time": time, "value": value}
            | {"tags": tags}
        )
    return out


async def export(gateway: Gateway, role_auth: bool = True, **params: Any) -> Any:
    headers = gateway.auth() if role_auth else {}
    return await gateway.client.get(METRICS_PATH, params=params, headers=headers)
