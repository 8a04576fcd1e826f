"""The byte plumbing of a rewrite: hashed, optionally gzipped streams in and out of one local file.

Both hashes are of the stored bytes (compressed as stored) and come free while streaming: a reader hashes
every byte it pulls from disk (and reads to the end when it is closed, so the hash covers the whole file
whatever the format consumed); the writer hashes every byte it hands to the temp file. Nothing here holds
more than a read or write buffer.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

BUFFER_BYTES = 1 << 20
#: zlib's (and gzip(1)'s) default: several times faster than level 9 on logs, for a few percent more bytes.
GZIP_LEVEL = 6


class _HashingReader(io.RawIOBase):
    def __init__(self, handle: BinaryIO) -> None:
        super().__init__()
        self._handle = handle
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self._handle.readinto(buffer)  # type: ignore[attr-defined]
        if count:
            self.digest.update(memoryview(buffer)[:count])
        return count or 0

    def drain(self) -> None:
        block = bytearray(BUFFER_BYTES)
        while self.readinto(block):
            pass


class _HashingWriter(io.RawIOBase):
    """Counts and hashes what it writes; `tell` is the count (pyarrow's writer asks for positions)."""

    def __init__(self, handle: BinaryIO) -> None:
        super().__init__()
        self._handle = handle
        self._written = 0
        self.digest = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(data).cast("B")
        self._handle.write(view)
        self.digest.update(view)
        self._written += len(view)
        return len(view)

    def tell(self) -> int:
        return self._written


class OpenedSource:
    """A file being read: `stream` is its payload; `sha256` is set once the context has closed it."""

    def __init__(self, path: Path, gzipped: bool, stack: ExitStack) -> None:
        self.path = path
        self.gzipped = gzipped
        self._stack = stack
        handle = stack.enter_context(path.open("rb", buffering=0))
        self._raw = _HashingReader(handle)
        self._stream: BinaryIO = (
            gzip.GzipFile(fileobj=self._raw, mode="rb")  # type: ignore[assignment]
            if gzipped
            else io.BufferedReader(self._raw, BUFFER_BYTES)
        )
        self.sha256 = ""

    @property
    def stream(self) -> BinaryIO:
        return self._stream

    def random_access(self) -> str | BinaryIO:
        """The path for pyarrow to open itself, or for a gzipped file the payload spooled to an unnamed
        temporary file beside it (disk, not memory, pays for the seek; /tmp is often RAM)."""
        if not self.gzipped:
            return str(self.path)
        spool = self._stack.enter_context(tempfile.TemporaryFile(dir=self.path.parent))  # noqa: SIM115
        while block := self._stream.read(BUFFER_BYTES):
            spool.write(block)
        spool.seek(0)
        return spool  # type: ignore[return-value]  # a TemporaryFile is a BinaryIO in all but name

    def finish(self) -> None:
        self._raw.drain()
        self.sha256 = self._raw.digest.hexdigest()


@contextmanager
def open_source(path: Path, gzipped: bool) -> Iterator[OpenedSource]:
    with ExitStack() as stack:
        source = OpenedSource(path, gzipped, stack)
        yield source
        source.finish()


class OpenedSink:
    """The temp file being written: `stream` takes the payload; `sha256` is set once it is fsynced."""

    def __init__(self, handle: BinaryIO, gzipped: bool) -> None:
        self._handle = handle
        self._raw = _HashingWriter(handle)
        self._buffered = io.BufferedWriter(self._raw, BUFFER_BYTES)  # type: ignore[type-var]
        self._stream: BinaryIO = self._buffered
        if gzipped:  # mtime 0 and no name: the same payload always gives the same bytes
            self._stream = gzip.GzipFile(  # type: ignore[assignment]
                fileobj=self._buffered, mode="wb", mtime=0, filename="", compresslevel=GZIP_LEVEL
            )
        self.sha256 = ""

    @property
    def stream(self) -> BinaryIO:
        return self._stream

    def finish(self) -> None:
        """Close the gzip member (its trailer), flush every buffer and fsync the file."""
        if self._stream is not self._buffered:
            self._stream.close()
        self._buffered.flush()
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self.sha256 = self._raw.digest.hexdigest()
        self._buffered.close()  # empty by now; the handle itself is the caller's to close

    def abandon(self) -> None:
        """Close the buffers while the file is still open (the caller removes it): left to the garbage
        collector, they would flush into a closed file and print noise."""
        for stream in (self._stream, self._buffered):
            with suppress(Exception):
                stream.close()


@contextmanager
def create_sink(handle: BinaryIO, gzipped: bool) -> Iterator[OpenedSink]:
    """A sink over the already (exclusively) created temp file; finished only when the body succeeds."""
    sink = OpenedSink(handle, gzipped)
    try:
        yield sink
    except BaseException:
        sink.abandon()
        raise
    sink.finish()
