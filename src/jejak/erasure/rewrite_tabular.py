"""Parquet, rewritten row group by row group through Arrow: never the whole table in memory.

Each row group of the original is read, edited (rows dropped, cells redacted) and written as one row group
of the new file, so row-group sizes stay as they were (less the deleted rows) and memory is bounded by
the largest row group. The writer gets the original's Arrow schema (field and schema metadata included),
its compression codec per column and its format version. A re-encoded file cannot keep other rows'
bytes, so the check (rewrite_arrow_check) compares row content instead.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import suppress
from functools import partial
from typing import BinaryIO, TypeVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jejak.erasure.edits import Counts, Cut, Edits, RewriteError, Source, check_rows, redact_text
from jejak.erasure.rewrite_arrow_check import check_tables

_ERRORS = (pa.ArrowException, OSError)
#: Names in the footer that the writer spells differently.
_WRITER_CODECS = {"UNCOMPRESSED": "NONE", "LZ4_RAW": "LZ4"}
_WRITABLE_CODECS = frozenset({"NONE", "SNAPPY", "GZIP", "BROTLI", "LZ4", "ZSTD"})
_VERSIONS = frozenset({"1.0", "2.4", "2.6"})
_T = TypeVar("_T")


def open_parquet(source: str | BinaryIO, what: str = "the original") -> pq.ParquetFile:
    # pre_buffer=False: read column chunk by column chunk, not whole row groups' bytes ahead
    return guarded(lambda: pq.ParquetFile(source, pre_buffer=False), what)


def guarded(read: Callable[[], _T], what: str) -> _T:
    try:
        return read()
    except _ERRORS as exc:
        raise RewriteError(f"{what} is not a readable Parquet file; plan again after a scan") from exc


class ParquetRewriter:
    def rewrite(self, source: Source, sink: BinaryIO, edits: Edits) -> Counts:
        with open_parquet(source.random_access()) as parquet:
            return self._rewrite(parquet, sink, edits)

    def _rewrite(self, parquet: pq.ParquetFile, sink: BinaryIO, edits: Edits) -> Counts:
        meta = parquet.metadata
        check_rows(edits, meta.num_rows)
        schema = parquet.schema_arrow
        cells = _cells(edits, schema)
        deleted = sorted(edits.delete)
        version = meta.format_version if meta.format_version in _VERSIONS else "2.6"
        writer = pq.ParquetWriter(sink, schema, compression=_codecs(meta), version=version)
        try:
            offset = 0
            for group in range(meta.num_row_groups):
                table = guarded(partial(parquet.read_row_group, group), "the original")
                rows = table.num_rows
                table = _edit(table, offset, deleted, cells)
                if table.num_rows:
                    writer.write_table(table, row_group_size=table.num_rows)
                offset += rows
                del table
                _release()
        except BaseException:
            with suppress(Exception):
                writer.close()
            raise
        writer.close()
        return Counts.of(meta.num_rows, edits)

    def check(self, before: Source, after: Source, edits: Edits, counts: Counts) -> None:
        with (
            open_parquet(before.random_access()) as old,
            open_parquet(after.random_access(), "the rewritten file") as new,
        ):
            if not old.schema_arrow.equals(new.schema_arrow, check_metadata=True):
                raise RewriteError("the rewrite changed the schema")
            check_tables(batches(old, "the original"), batches(new, "the rewritten file"), edits, counts)


def _codecs(meta: pq.FileMetaData) -> str | dict[str, str]:
    """The codec of each column chunk of the first row group, by column path (one name when all agree)."""
    if not meta.num_row_groups:
        return "SNAPPY"
    group = meta.row_group(0)
    codecs: dict[str, str] = {}
    for index in range(group.num_columns):
        chunk = group.column(index)
        codec = _WRITER_CODECS.get(chunk.compression, chunk.compression)
        if codec not in _WRITABLE_CODECS:
            raise RewriteError(f"Parquet codec {chunk.compression} cannot be written; erase it by hand")
        codecs[chunk.path_in_schema] = codec
    distinct = set(codecs.values())
    return distinct.pop() if len(distinct) == 1 else codecs


def _cells(edits: Edits, schema: pa.Schema) -> dict[str, dict[int, list[Cut]]]:
    """Cuts by column and row, every column checked against the schema before anything is written."""
    by_column: dict[str, dict[int, list[Cut]]] = {}
    for row, cuts in edits.redact.items():
        if row in edits.delete:
            continue
        for cut in cuts:
            if cut.column is None:
                raise RewriteError("a span without a column in a table; plan again")
            by_column.setdefault(cut.column, {}).setdefault(row, []).append(cut)
    for column in by_column:
        position = schema.get_field_index(column)
        if position < 0:
            raise RewriteError(f"column {column} is not a top-level column; erase that row instead")
        type_ = schema.field(position).type
        if not (pa.types.is_string(type_) or pa.types.is_large_string(type_)):
            raise RewriteError(f"column {column} is not text; erase that row instead of redacting it")
    return by_column


def _edit(
    table: pa.Table, offset: int, deleted: Sequence[int], cells: Mapping[str, Mapping[int, list[Cut]]]
) -> pa.Table:
    """One row group (rows offset.. of the file) with its cells redacted and its deleted rows dropped."""
    rows = table.num_rows
    for column, by_row in cells.items():
        here = {row - offset: cuts for row, cuts in by_row.items() if offset <= row < offset + rows}
        if here:
            table = _redact_column(table, column, here)
    first, last = bisect_left(deleted, offset), bisect_left(deleted, offset + rows)
    if last > first:
        drop = {row - offset for row in deleted[first:last]}
        table = table.filter(pa.array([index not in drop for index in range(rows)]))
    return table


def _redact_column(table: pa.Table, column: str, rows: Mapping[int, list[Cut]]) -> pa.Table:
    """Only the named cells are touched (`replace_with_mask`); a null cell stays null."""
    position = table.schema.get_field_index(column)
    values = table.column(position)
    mask = [False] * table.num_rows
    replacements: list[str | None] = []
    for row in sorted(rows):
        mask[row] = True
        value = values[row].as_py()
        replacements.append(None if value is None else redact_text(value, rows[row]))
    field = table.schema.field(position)
    redacted = pc.replace_with_mask(values, pa.array(mask), pa.array(replacements, type=field.type))
    return table.set_column(position, field, redacted)


def batches(parquet: pq.ParquetFile, what: str, batch_rows: int = 1 << 16) -> Iterator[pa.RecordBatch]:
    """The file's rows in bounded batches, read errors turned into a RewriteError."""
    iterator = guarded(lambda: parquet.iter_batches(batch_size=batch_rows), what)
    while (batch := guarded(lambda: next(iterator, None), what)) is not None:
        yield batch
        _release()


def _release() -> None:
    """Hand freed buffers back to the OS between row groups: Arrow's allocator keeps them otherwise, and
    the peak would be two row groups' worth instead of one."""
    pa.default_memory_pool().release_unused()
