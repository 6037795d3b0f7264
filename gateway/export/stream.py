"""An export as bytes: rows, through a file format, through a compression.

`export_chunks` is what the HTTP route streams; `write_export` writes the same bytes to any
binary sink (an export job's file). Either reads one batch of rows, writes it, and lets it go.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import BinaryIO, TypeVar

from .compression import compressed
from .formats import Compression, ExportFormat
from .sources import RowSource
from .writers import ExportWriter, writer_for

R = TypeVar("R")


async def file_chunks(source: RowSource[R], writer: ExportWriter[R]) -> AsyncGenerator[bytes, None]:
    """The uncompressed file: its start, one chunk per batch of rows, its end."""
    head = writer.start()
    if head:
        yield head
    async with aclosing(source.batches) as batches:
        async for batch in batches:
            chunk = writer.write(batch)
            if chunk:
                yield chunk
    yield writer.finish()


def export_chunks(
    source: RowSource[R], export_format: ExportFormat, compression: Compression
) -> AsyncGenerator[bytes, None]:
    return compressed(file_chunks(source, writer_for(export_format, source.table)), compression)


async def write_export(chunks: AsyncGenerator[bytes, None], sink: BinaryIO) -> int:
    """Write every chunk to `sink`; the number of bytes written."""
    written = 0
    async with aclosing(chunks) as stream:
        async for chunk in stream:
            sink.write(chunk)
            written += len(chunk)
    return written
