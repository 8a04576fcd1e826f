"""Parquet: row groups streamed in batches; the row count comes free from the footer.

Parquet keeps its index in a footer at the end of the file, so the reader needs random access. A
non-seekable source (a gzipped Parquet, a forward-only object body) is first spooled to a temporary
file: disk, not memory, pays for the seek.
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from jejak.asset import Asset
from jejak.connectors.base import ReadOptions, ReadReport
from jejak.connectors.formats.contract import batch_reader, short_reason
from jejak.connectors.formats.streams import StreamOpener
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
            parquet = pq.ParquetFile(source)
            report.rows_total = parquet.metadata.num_rows
            batches = parquet.iter_batches(batch_size=options.batch_rows)
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
    """The stored stream itself when it can seek, else a decompressed copy in a temporary file."""
    raw = stack.enter_context(opener())
    if asset.compression != "gzip" and _can_seek(raw):
        return raw
    payload: BinaryIO = raw
    if asset.compression == "gzip":
        payload = stack.enter_context(gzip.GzipFile(fileobj=raw))  # type: ignore[assignment]
    spool = stack.enter_context(tempfile.TemporaryFile(prefix="jejak-parquet-"))  # noqa: SIM115
    shutil.copyfileobj(payload, spool, 1 << 20)
    spool.seek(0)
    return spool


def _can_seek(stream: BinaryIO) -> bool:
    seekable = getattr(stream, "seekable", None)
    return bool(seekable and seekable())


def _invalid(asset: Asset, exc: BaseException) -> AssetReadError:
    reason = short_reason(exc)
    return AssetReadError(asset.uri, f"not a valid Parquet file ({reason}); re-export it or exclude it")
