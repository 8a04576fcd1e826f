"""Parquet: row groups streamed in batches; the row count comes free from the footer.

`ReadOptions.row_groups` reads a range of row groups only: one part of a file scanned by several processes.

Parquet keeps its index in a footer at the end of the file, so the reader needs random access. A
non-seekable source (a gzipped Parquet, a forward-only object body) is first spooled to a temporary
file: disk, not memory, pays for the seek.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from contextlib import ExitStack
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from jejak.asset import Asset
from jejak.connectors.base import ReadOptions, ReadReport
from jejak.connectors.formats.contract import batch_reader, short_reason
from jejak.connectors.formats.streams import StreamOpener, random_access
from jejak.errors import AssetReadError

_PARQUET_ERRORS = (pa.ArrowException, OSError)


@batch_reader
def read_parquet(
    opener: StreamOpener, asset: Asset, options: ReadOptions, report: ReadReport
) -> Iterator[pa.RecordBatch]:
    """Batches of up to `batch_rows` rows; `report.rows_total` is set before the first batch."""
    with ExitStack() as stack:
        source = _seekable(opener, asset, stack)
        try:
            # pre_buffer=False: read column chunk by column chunk; the default buffers whole row groups at
            # once (a 20 MB object read in one go over S3), which defeats the ranged reads and bounded memory
            parquet = pq.ParquetFile(source, pre_buffer=False)
            groups = range(*options.row_groups) if options.row_groups else range(parquet.num_row_groups)
            report.rows_total = sum(parquet.metadata.row_group(group).num_rows for group in groups)
            batches = parquet.iter_batches(batch_size=options.batch_rows, row_groups=list(groups))
        except _PARQUET_ERRORS as exc:
            raise _invalid(asset, exc) from exc
        while True:
            try:
                batch = next(batches, None)
            except _PARQUET_ERRORS as exc:
                raise _invalid(asset, exc) from exc
            if batch is None:
                return
            yield batch


def _seekable(opener: StreamOpener, asset: Asset, stack: ExitStack) -> BinaryIO:
    raw = stack.enter_context(opener())
    payload: BinaryIO = raw
    if asset.compression == "gzip":
        payload = stack.enter_context(gzip.GzipFile(fileobj=raw))  # type: ignore[assignment]
    return random_access(raw, payload, b"", asset, stack, "jejak-parquet-")


def _invalid(asset: Asset, exc: BaseException) -> AssetReadError:
    reason = short_reason(exc)
    return AssetReadError(asset.uri, f"not a valid Parquet file ({reason}); re-export it or exclude it")
