"""Byte streams handed to the format readers: how they are opened, decompressed and peeked at.

Readers receive a `StreamOpener` rather than a path so the same code serves local files, S3 bodies and
anything else that can produce a binary file-like object. Only `read(n)` is relied upon (no `seek`,
no `readline`), because object-store bodies and gzip members are forward-only.
"""

from __future__ import annotations

import gzip
import io
import shutil
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import BinaryIO

from jejak.asset import Asset
from jejak.connectors.base import ReadOptions

#: Returns a fresh binary stream over the asset's stored bytes (still compressed); the caller closes it.
StreamOpener = Callable[[], BinaryIO]

#: What a damaged stream raises while being read: a truncated gzip member raises EOFError, a bad CRC or
#: trailing garbage raises gzip.BadGzipFile (an OSError), a corrupt deflate block raises zlib.error.
STREAM_ERRORS: tuple[type[Exception], ...] = (EOFError, OSError, zlib.error)


@contextmanager
def open_content(opener: StreamOpener, asset: Asset) -> Iterator[BinaryIO]:
    """Open the asset and undo its compression, so readers only ever see the payload bytes."""
    with opener() as raw:
        if asset.compression == "gzip":
            with gzip.GzipFile(fileobj=raw, mode="rb") as unpacked:
                yield unpacked  # type: ignore[misc]  # GzipFile is a BinaryIO in all but name
        else:
            yield raw


@contextmanager
def open_lines(opener: StreamOpener, asset: Asset, options: ReadOptions) -> Iterator[tuple[BinaryIO, int]]:
    """The payload of a line-based asset and how many lines come before it: the whole of it, or the part
    `options.line_range` names (jejak.scan.parts; only uncompressed files are cut, so a part is a seek)."""
    if options.line_range is None:
        with open_content(opener, asset) as stream:
            yield stream, 0
        return
    start, end, lines_before = options.line_range
    with opener() as raw:
        yield io.BufferedReader(_ByteRange(raw, start, end), buffer_size=1 << 20), lines_before  # type: ignore[misc]


class _ByteRange(io.RawIOBase):
    """Bytes [start, end) of a seekable stream."""

    def __init__(self, stream: BinaryIO, start: int, end: int) -> None:
        super().__init__()
        stream.seek(start)
        self._stream = stream
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        size = min(len(buffer), self._left)
        if size <= 0:
            return 0
        data = self._stream.read(size)
        buffer[: len(data)] = data
        self._left -= len(data)
        return len(data)


def read_some(stream: BinaryIO) -> Callable[[int], bytes]:
    """The stream's `read1` when it has one, else `read`.

    `GzipFile.read(n)` keeps decompressing until it has `n` bytes, and when the member turns out to be
    truncated it raises EOFError and drops everything it had gathered for that call. `read1` returns
    what one step produced, so a truncated file loses at most one step's worth of rows, not a block's.
    """
    read1 = getattr(stream, "read1", None)
    return read1 if callable(read1) else stream.read


class PrefixedStream(io.RawIOBase):
    """Replays bytes already read from a forward-only stream, then continues with the stream itself.

    Sniffing a header or the first JSON token consumes bytes that a later parser (pyarrow, ijson) must
    see again; a non-seekable stream cannot rewind, so the consumed bytes are put back in front.
    """

    def __init__(self, prefix: bytes, stream: BinaryIO) -> None:
        super().__init__()
        self._prefix = memoryview(prefix)
        self._read = read_some(stream)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._prefix:
            count = min(len(buffer), len(self._prefix))
            buffer[:count] = self._prefix[:count]
            self._prefix = self._prefix[count:]
            return count
        data = self._read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class CleanCutStream(io.RawIOBase):
    """Hands out whole lines only, and ends at the last whole line when the source breaks.

    pyarrow's CSV reader reads a block ahead before it emits the rows of the previous one, so a
    truncated gzip would take a whole block of good rows down with it, and a row cut in half would
    become a ragged-row error. Here a broken source looks like a clean end of file after the last
    complete line; the reader then raises the stored `error` once pyarrow has emitted every row.
    """

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__()
        self._read = read_some(stream)
        self._carry = b""  # bytes after the last newline handed out, held for the next read
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.error is not None:
            return 0
        data = bytearray(self._carry)
        ended = False
        while len(data) < len(buffer):
            try:
                block = self._read(len(buffer) - len(data))
            except STREAM_ERRORS as exc:
                self.error = exc
                data = data[: data.rfind(b"\n") + 1]  # the partial line is lost with the damage
                break
            if not block:
                ended = True
                break
            data += block
        cut = len(data) if ended or self.error else data.rfind(b"\n") + 1
        if cut == 0:
            cut = len(data)  # a line longer than the buffer: pass it on in pieces
        buffer[:cut] = memoryview(data)[:cut]
        self._carry = bytes(data[cut:])
        return cut


def read_until(stream: BinaryIO, marker: bytes, min_bytes: int, max_bytes: int) -> bytes:
    """Read at least `min_bytes` (or to EOF), and further until `marker` appears or `max_bytes` is reached.

    Used to peek at a head that must contain a whole first line (a CSV header) without ever reading
    an unbounded amount from a file that has no line breaks.
    """
    head = bytearray()
    while len(head) < max_bytes:
        block = stream.read(min(max(min_bytes - len(head), 1 << 16), max_bytes - len(head)))
        if not block:
            break
        head += block
        if len(head) >= min_bytes and marker in head:
            break
    return bytes(head)


def can_seek(stream: BinaryIO) -> bool:
    seekable = getattr(stream, "seekable", None)
    return bool(seekable and seekable())


def random_access(
    raw: BinaryIO, payload: BinaryIO, head: bytes, asset: Asset, stack: ExitStack, prefix: str
) -> BinaryIO:
    """A seekable source for readers that start at a footer (Parquet, Arrow IPC files).

    The stored stream itself, rewound, when it can seek and is not compressed (a local file, an S3 object
    read through ranged GETs); else the payload, after the `head` bytes already read from it, copied to a
    temporary file: disk, not memory, pays for the seek of a gzipped file or a forward-only body.
    """
    if asset.compression != "gzip" and can_seek(raw):
        raw.seek(0)
        return raw
    spool = stack.enter_context(tempfile.TemporaryFile(prefix=prefix))  # noqa: SIM115
    spool.write(head)
    shutil.copyfileobj(payload, spool, 1 << 20)
    spool.seek(0)
    return spool  # type: ignore[return-value]  # a TemporaryFile is a BinaryIO in all but name
