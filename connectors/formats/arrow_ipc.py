"""Arrow IPC: the file format (Feather v2, `ARROW1` at both ends) and the stream format (what Hugging Face
`datasets` writes into its `.arrow` shards).

The two need different access. A stream is a run of messages read front to back, so it is read straight
off a forward-only source (an object body, a gzip member). A file holds the same run between its magic and
a footer that indexes it; it is opened through that footer, which needs random access, so a non-seekable
source is spooled to a temporary file first, as Parquet is. Reading a file as a stream would save the
spool but not notice a file cut short inside its footer; the footer also gives the row count cheaply.

Feather v1 (`FEA1`) predates Arrow IPC: pyarrow can only load it whole, never batch by batch, so it is
reported as unsupported rather than allowed to take memory proportional to the file.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import BinaryIO

import pyarrow as pa

from jejak.asset import Asset
from jejak.connectors.base import ReadOptions, ReadReport
from jejak.connectors.formats.contract import batch_reader, short_reason
from jejak.connectors.formats.sniff import ARROW_FILE_MAGIC, FEATHER_V1_MAGIC
from jejak.connectors.formats.streams import (
    STREAM_ERRORS,
    PrefixedStream,
    StreamOpener,
    can_seek,
    random_access,
)
from jejak.errors import AssetReadError

_HEAD_BYTES = 8  # the file magic with its padding: enough to tell file, stream and Feather v1 apart
#: pyarrow reports malformed IPC bytes as ArrowInvalid or as a bare OSError ("Expected to be able to read
#: 40 bytes for message body, got 28"); which of them came from the source itself is tracked separately.
_IPC_ERRORS = (pa.ArrowException, OSError)


@batch_reader
def read_arrow_ipc(
    opener: StreamOpener, asset: Asset, options: ReadOptions, report: ReadReport
) -> Iterator[pa.RecordBatch]:
    """Record batches in file order (the contract wrapper re-cuts them to `batch_rows`); for the file
    format `report.rows_total` is set before the first batch."""
    with ExitStack() as stack:
        raw: BinaryIO = stack.enter_context(opener())
        payload = raw
        if asset.compression == "gzip":
            payload = stack.enter_context(gzip.GzipFile(fileobj=raw))  # type: ignore[assignment]
        head = _read_head(payload)
        if not head:
            raise AssetReadError(asset.uri, "empty file, not an Arrow IPC file; re-export it or exclude it")
        if head.startswith(FEATHER_V1_MAGIC):
            raise AssetReadError(
                asset.uri,
                "Feather v1 (legacy) file, which cannot be streamed; re-save it as Feather v2 "
                "(pyarrow.feather.write_feather) or exclude it",
            )
        if head.startswith(ARROW_FILE_MAGIC):
            source = random_access(raw, payload, head, asset, stack, "jejak-arrow-")
            yield from _read_file(_WatchedSource(source), asset, report)
        else:
            yield from _read_stream(_WatchedSource(PrefixedStream(head, payload)), asset, report)


def _read_file(source: _WatchedSource, asset: Asset, report: ReadReport) -> Iterator[pa.RecordBatch]:
    """Batches through the footer index; `count_rows` reads only the batches' metadata, not their data."""
    with _translated(source, asset, "file", 0):
        reader = pa.ipc.open_file(source)
        count_rows = getattr(reader, "count_rows", None)  # absent from older pyarrow releases
        if count_rows is not None:
            report.rows_total = int(count_rows())
    rows = 0
    for index in range(reader.num_record_batches):
        with _translated(source, asset, "file", rows):
            batch = reader.get_batch(index)
        rows += batch.num_rows
        yield batch


def _read_stream(source: _WatchedSource, asset: Asset, report: ReadReport) -> Iterator[pa.RecordBatch]:
    """Batches as the messages arrive. A stream cut at a message boundary ends cleanly (the format lets
    a writer omit the end-of-stream marker); one cut inside a message is an error.

    After the end-of-stream marker the source is read to its end: a gzip member's CRC is only checked
    there, and bytes after the marker (a second stream appended) were not scanned and must say so.
    """
    with _translated(source, asset, "stream", 0):
        batches = iter(pa.ipc.open_stream(source))
    rows = 0
    while True:
        with _translated(source, asset, "stream", rows):
            batch = next(batches, None)
        if batch is None:
            break
        rows += batch.num_rows
        yield batch
    ignored = 0
    while block := source.read(1 << 20):
        ignored += len(block)
    if ignored:
        report.warn(f"{ignored} bytes after the end of the Arrow IPC stream were not read")


def _read_head(stream: BinaryIO) -> bytes:
    """Up to `_HEAD_BYTES` bytes, looping because a gzip member or a socket may return less per read."""
    head = b""
    while len(head) < _HEAD_BYTES:
        block = stream.read(_HEAD_BYTES - len(head))
        if not block:
            break
        head += block
    return head


class _WatchedSource(io.RawIOBase):
    """Passes reads (and seeks) through, remembering a failure of the source itself.

    pyarrow raises a plain OSError both for bytes it cannot parse and for a read that failed underneath
    it; only the second is a storage problem (a bad gzip CRC, a lost disk), which the contract wrapper
    must report as such rather than as a malformed Arrow file. Reads are filled completely (short only at
    the end): pyarrow takes a short read of a message body for the end of the data.
    """

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__()
        self._stream = stream
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return can_seek(self._stream)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._stream.seek(offset, whence)

    def tell(self) -> int:
        return self._stream.tell()

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        filled = 0
        while filled < len(buffer):
            try:
                data = self._stream.read(len(buffer) - filled)
            except STREAM_ERRORS as exc:
                self.error = exc
                raise
            if not data:
                break
            buffer[filled : filled + len(data)] = data
            filled += len(data)
        return filled


@contextmanager
def _translated(source: _WatchedSource, asset: Asset, kind: str, rows: int) -> Iterator[None]:
    """pyarrow's errors as one-line `AssetReadError`s, except a failure of the source itself, which is
    re-raised for the contract wrapper to word (truncated gzip, permission denied, ...)."""
    try:
        yield
    except _IPC_ERRORS as exc:
        if source.error is exc:
            raise
        if source.error is not None:
            raise source.error from exc
        reason = short_reason(exc)
        if rows:
            problem = f"truncated or corrupt Arrow IPC {kind} after {rows} rows ({reason})"
        else:
            problem = f"not a valid Arrow IPC {kind} ({reason})"
        raise AssetReadError(asset.uri, f"{problem}; re-export it or exclude it") from exc
