"""Compressing a stream of bytes as it passes: gzip (zlib) or zstd, one chunk at a time.

Both compressors keep a bounded window, never the whole stream; what they hold back is
emitted at the end.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import Protocol

import zstandard

from .formats import Compression

# zlib's wbits for a gzip container (header and CRC), at the default window.
GZIP_WBITS = 16 + zlib.MAX_WBITS
GZIP_LEVEL = 6
ZSTD_LEVEL = 3


class _Compressor(Protocol):
    def compress(self, data: bytes, /) -> bytes: ...

    def flush(self) -> bytes: ...


def compressor(compression: Compression) -> _Compressor | None:
    if compression is Compression.GZIP:
        return zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, GZIP_WBITS)
    if compression is Compression.ZSTD:
        return zstandard.ZstdCompressor(level=ZSTD_LEVEL).compressobj()
    return None


async def compressed(
    chunks: AsyncGenerator[bytes, None], compression: Compression
) -> AsyncGenerator[bytes, None]:
    """`chunks` compressed as one file (unchanged for Compression.NONE)."""
    squeeze = compressor(compression)
    async with aclosing(chunks) as stream:
        async for chunk in stream:
            out = squeeze.compress(chunk) if squeeze is not None else chunk
            if out:
                yield out
    if squeeze is not None:
        tail = squeeze.flush()
        if tail:
            yield tail
