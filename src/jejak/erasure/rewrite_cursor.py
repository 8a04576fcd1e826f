"""Records in and out in blocks: a payload read as blocks of whole lines, and writes gathered into blocks.

Python pays per call, not per byte, so the line-based rewriters never touch a line they do not have to:
they take about a megabyte of whole lines at a time (`ByteCursor.block`), handle it with bytes methods
that run in C, and write in megabyte batches (`BatchedWriter`). A line is never longer than
MAX_RECORD_BYTES: a longer one is refused rather than loaded, so memory stays bounded whatever the file.
"""

from __future__ import annotations

from typing import BinaryIO

from jejak.erasure.edits import RewriteError
from jejak.erasure.rewrite_streams import BUFFER_BYTES

#: A record (a line, a CSV record) longer than this is refused rather than held in memory.
MAX_RECORD_BYTES = 256 << 20


class BatchedWriter:
    """Gathers records into ~1 MiB writes: a write per record would cost a gzip call per record."""

    def __init__(self, sink: BinaryIO) -> None:
        self._sink = sink
        self._parts: list[bytes] = []
        self._size = 0

    def write(self, data: bytes) -> None:
        self._parts.append(data)
        self._size += len(data)
        if self._size >= BUFFER_BYTES:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            self._sink.write(b"".join(self._parts))
            self._parts.clear()
            self._size = 0


class ByteCursor:
    """A forward-only payload read as blocks of whole lines (about BUFFER_BYTES each: the common case is
    handled as bytes, in C) or as single lines. A line is never longer than MAX_RECORD_BYTES: a longer one
    is refused rather than loaded."""

    def __init__(self, stream: BinaryIO) -> None:
        self._read = stream.read
        self._pending = b""
        self._offset = 0  # bytes of _pending already handed out
        self._eof = False

    def _fill(self, size: int) -> None:
        """Read until at least `size` bytes are pending or the stream has ended."""
        have = len(self._pending) - self._offset
        if have >= size or self._eof:
            return
        parts = [self._pending[self._offset :]]
        while have < size:
            data = self._read(max(size - have, BUFFER_BYTES))
            if not data:
                self._eof = True
                break
            parts.append(data)
            have += len(data)
        self._pending, self._offset = b"".join(parts), 0

    def _take(self, end: int) -> bytes:
        data = self._pending[self._offset : end]
        self._offset = end
        return data

    def _line_end(self) -> int:
        """Where the first pending line ends (after its line break; the end of the file for a last line
        without one), reading on as needed: each read doubles what is pending, so a long line costs
        linear time."""
        searched = 0  # bytes after the offset already searched
        while True:
            found = self._pending.find(b"\n", self._offset + searched)
            end = found + 1 if found >= 0 else len(self._pending)
            if end - self._offset > MAX_RECORD_BYTES:
                raise too_long()
            if found >= 0 or self._eof:
                return end
            searched = len(self._pending) - self._offset
            self._fill(2 * searched + BUFFER_BYTES)

    def peek(self, size: int) -> bytes:
        self._fill(size)
        return self._pending[self._offset : self._offset + size]

    def skip(self, size: int) -> None:
        self._fill(size)
        self._offset = min(self._offset + size, len(self._pending))

    def head(self, min_bytes: int, max_bytes: int) -> bytes:
        """The first `min_bytes` (or all), grown by 64 KiB steps until it holds a line break or reaches
        `max_bytes`; not consumed. The same head the CSV reader sniffs its delimiter from (read_until)."""
        size = min_bytes
        while True:
            self._fill(size)
            head = self._pending[self._offset : self._offset + size]
            if b"\n" in head or len(head) < size or size >= max_bytes:
                return head
            size = min(size + (1 << 16), max_bytes)

    def block(self) -> bytes:
        """Whole lines, about BUFFER_BYTES of them (a single line when it is longer); b"" at the end."""
        self._fill(BUFFER_BYTES)
        cut = self._pending.rfind(b"\n", self._offset) + 1
        return self._take(cut if cut > self._offset else self._line_end())

    def line(self) -> bytes:
        return self._take(self._line_end())


def too_long() -> RewriteError:
    return RewriteError(
        f"a record is longer than {MAX_RECORD_BYTES >> 20} MiB and cannot be rewritten in bounded memory; "
        "erase it by hand"
    )
