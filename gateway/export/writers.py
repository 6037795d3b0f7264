"""File formats: each writer turns batches of rows into bytes as they come.

A writer holds at most the batch it is given: `write` returns the bytes of that batch (for
Parquet, one row group), `finish` what closes the file (a JSON array's bracket, Parquet's
footer). Nothing is kept between batches but the Parquet writer's running footer metadata.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

import pyarrow as pa
import pyarrow.parquet as pq

from .columns import ColumnType, Table, iso
from .formats import ExportFormat

R = TypeVar("R")
R_contra = TypeVar("R_contra", contravariant=True)


class ExportWriter(Protocol[R_contra]):
    def start(self) -> bytes: ...

    def write(self, batch: Sequence[R_contra]) -> bytes: ...

    def finish(self) -> bytes: ...


def writer_for(export_format: ExportFormat, table: Table[R]) -> ExportWriter[R]:
    if export_format is ExportFormat.JSON:
        return JsonArrayWriter(table)
    if export_format is ExportFormat.JSONL:
        return JsonLinesWriter(table)
    if export_format is ExportFormat.CSV:
        return CsvWriter(table)
    return ParquetWriter(table)


def _json_value(kind: ColumnType, value: Any) -> Any:
    if kind is ColumnType.TIMESTAMP and isinstance(value, datetime):
        return iso(value)
    return value


def _json_object(table: Table[R], record: R) -> str:
    values = table.values(record)
    row = {c.name: _json_value(c.type, v) for c, v in zip(table.columns, values, strict=True)}
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


class JsonLinesWriter(Generic[R]):
    """One JSON object per line."""

    def __init__(self, table: Table[R]) -> None:
        self._table = table

    def start(self) -> bytes:
        return b""

    def write(self, batch: Sequence[R]) -> bytes:
        return "".join(_json_object(self._table, r) + "\n" for r in batch).encode()

    def finish(self) -> bytes:
        return b""


class JsonArrayWriter(Generic[R]):
    """One JSON array of objects, written element by element."""

    def __init__(self, table: Table[R]) -> None:
        self._table = table
        self._first = True

    def start(self) -> bytes:
        return b"["

    def write(self, batch: Sequence[R]) -> bytes:
        if not batch:
            return b""
        lead = "\n" if self._first else ",\n"
        self._first = False
        return (lead + ",\n".join(_json_object(self._table, r) for r in batch)).encode()

    def finish(self) -> bytes:
        return b"]" if self._first else b"\n]\n"


def _csv_text(kind: ColumnType, value: Any) -> Any:
    """CSV cells: times in ISO 8601, labels as a JSON object, empty for none; floats are
    written by repr, which reads back to the same number."""
    if value is None:
        return ""
    if kind is ColumnType.TIMESTAMP:
        return iso(value)
    if kind is ColumnType.TAGS:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return value


class CsvWriter(Generic[R]):
    """RFC 4180 CSV with a header row."""

    def __init__(self, table: Table[R]) -> None:
        self._table = table

    def _rows(self, rows: list[list[Any]]) -> bytes:
        text = io.StringIO()
        csv.writer(text, lineterminator="\r\n").writerows(rows)
        return text.getvalue().encode()

    def start(self) -> bytes:
        return self._rows([self._table.names])

    def write(self, batch: Sequence[R]) -> bytes:
        kinds = [c.type for c in self._table.columns]
        return self._rows(
            [
                [_csv_text(k, v) for k, v in zip(kinds, self._table.values(r), strict=True)]
                for r in batch
            ]
        )

    def finish(self) -> bytes:
        return b""


_ARROW_TYPES: dict[ColumnType, Any] = {
    ColumnType.STRING: pa.string(),
    ColumnType.TIMESTAMP: pa.timestamp("us", tz="UTC"),
    ColumnType.FLOAT: pa.float64(),
    ColumnType.INT: pa.int64(),
    ColumnType.TAGS: pa.map_(pa.string(), pa.string()),
}


def arrow_schema(table: Table[Any]) -> Any:
    """The explicit Parquet schema of a table: types never depend on the data."""
    return pa.schema(
        [pa.field(c.name, _ARROW_TYPES[c.type], nullable=c.nullable) for c in table.columns]
    )


class _Drain(io.RawIOBase):
    """A write-only file that keeps what was written until it is taken: Parquet is written
    into it row group by row group and drained after each."""

    def __init__(self) -> None:
        super().__init__()
        self._chunks: list[bytes] = []
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._chunks.append(chunk)
        self._position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._position

    def take(self) -> bytes:
        out = b"".join(self._chunks)
        self._chunks.clear()
        return out


class ParquetWriter(Generic[R]):
    """Parquet through pyarrow's ParquetWriter: one row group per batch."""

    def __init__(self, table: Table[R]) -> None:
        self._table = table
        self._schema = arrow_schema(table)
        self._sink = _Drain()
        self._writer = pq.ParquetWriter(pa.PythonFile(self._sink, mode="w"), self._schema)
        # Row groups written so far (what a caller can check the batching by).
        self.row_groups = 0

    def start(self) -> bytes:
        return self._sink.take()

    def write(self, batch: Sequence[R]) -> bytes:
        if not batch:
            return b""
        columns = list(zip(*(self._table.values(r) for r in batch), strict=True))
        arrays = [
            pa.array(values, type=field.type)
            for values, field in zip(columns, self._schema, strict=True)
        ]
        self._writer.write_table(
            pa.Table.from_arrays(arrays, schema=self._schema), row_group_size=len(batch)
        )
        self.row_groups += 1
        return self._sink.take()

    def finish(self) -> bytes:
        self._writer.close()
        return self._sink.take()
