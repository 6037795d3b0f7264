"""The writer holds one batch at a time: each batch read is written out (for Parquet, as its
own row group) before the next is read; a sink receives the same bytes as the route."""

from __future__ import annotations

import io
from collections.abc import AsyncGenerator
from datetime import timedelta

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ciris_telemetry.datasources.protocol import StoreReader
from ciris_telemetry.datasources.records import MetricPointRecord
from ciris_telemetry.export.columns import METRIC_POINTS
from ciris_telemetry.export.formats import Compression, ExportFormat
from ciris_telemetry.export.sources import RowSource, metric_batches
from ciris_telemetry.export.stream import export_chunks, file_chunks, write_export
from ciris_telemetry.export.writers import writer_for
from support.gateway_harness import AGENT_ID, START, Gateway

from .readback import decompressed, export, parquet_table

METRIC = "llm.latency.ms"  # 75 points in the agent's half hour
WINDOW = (START, START + timedelta(hours=1))


def logged(
    batches: AsyncGenerator[list[MetricPointRecord], None], log: list[str]
) -> AsyncGenerator[list[MetricPointRecord], None]:
    async def reading() -> AsyncGenerator[list[MetricPointRecord], None]:
        async for batch in batches:
            log.append(f"read {len(batch)}")
            yield batch

    return reading()


def store_of(gateway: Gateway) -> StoreReader:
    member = gateway.fleet.get(AGENT_ID)
    assert member is not None
    return member.store


@pytest.mark.parametrize("export_format", list(ExportFormat))
async def test_each_batch_is_written_out_before_the_next_is_read(
    gateway: Gateway, export_format: ExportFormat
) -> None:
    log: list[str] = []
    batches = logged(metric_batches(store_of(gateway), [METRIC], WINDOW, 10), log)
    source = RowSource(METRIC_POINTS, batches)
    writer = writer_for(export_format, METRIC_POINTS)

    async for _ in file_chunks(source, writer):
        log.append("chunk")

    # JSON lines has no header; the others open with "[", the CSV header, Parquet's magic.
    head = [] if export_format is ExportFormat.JSONL else ["chunk"]
    body = [step for n in [10] * 7 + [5] for step in (f"read {n}", "chunk")]
    assert log == head + body + ["chunk"]


async def test_parquet_has_one_row_group_per_batch(gateway: Gateway) -> None:
    source = RowSource(METRIC_POINTS, metric_batches(store_of(gateway), [METRIC], WINDOW, 10))
    sink = io.BytesIO()

    written = await write_export(
        export_chunks(source, ExportFormat.PARQUET, Compression.NONE), sink
    )

    assert written == len(sink.getvalue())
    file = pq.ParquetFile(pa.BufferReader(sink.getvalue()))
    sizes = [file.metadata.row_group(i).num_rows for i in range(file.metadata.num_row_groups)]
    assert sizes == [10] * 7 + [5]
    assert parquet_table(sink.getvalue()).num_rows == 75


@pytest.mark.parametrize("compression", [Compression.GZIP, Compression.ZSTD])
async def test_a_sink_gets_the_bytes_the_route_serves(
    gateway: Gateway, compression: Compression
) -> None:
    source = RowSource(METRIC_POINTS, metric_batches(store_of(gateway), [METRIC], WINDOW, 7))
    sink = io.BytesIO()
    await write_export(export_chunks(source, ExportFormat.CSV, compression), sink)

    served = await export(
        gateway,
        metrics=METRIC,
        since=WINDOW[0].isoformat(),
        until=WINDOW[1].isoformat(),
        format="csv",
    )

    assert served.status_code == 200, served.text
    assert decompressed(sink.getvalue(), compression.value) == served.content
    assert served.content.count(b"\r\n") == 76
