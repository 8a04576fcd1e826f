"""Bounded line reading shared by the line-oriented readers (JSONL, text logs).

A log can hold a single 2 GB line (a dumped blob, a minified bundle). `readline()` would load it whole,
so lines are split by hand from fixed-size reads: a line longer than `max_line_bytes` keeps its first
`max_line_bytes` bytes and the rest is skipped as it streams past. Memory stays at one read block plus
one line, whatever the file holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

import numpy as np

from jejak.connectors.base import ReadReport
from jejak.connectors.formats.streams import STREAM_ERRORS, read_some

READ_BLOCK_BYTES = 1 << 20
#: Bytes of lines gathered into one batch at most: `batch_rows` lines of up to `max_line_bytes` each
#: could otherwise add up to gigabytes.
CHUNK_BYTES = 16 << 20
_BOM = b"\xef\xbb\xbf"


class Line(NamedTuple):
    """One line without its line break. `number` counts from 1, as editors and error messages do;
    `cut` is True when only the first `max_line_bytes` bytes were kept. (A tuple rather than a
    dataclass: millions are made per file, and tuples are the cheapest to build.)"""

    number: int
    data: bytes
    cut: bool = False


class LineRun(NamedTuple):
    """Consecutive lines `first`, `first + 1`, ... held as one bytes object: each line as a `Line` would hold
    it (no "\\r" before its break, none cut), joined by "\\n". Reading a log as runs spares a Python object
    and a length check per line (~4 us a line, most of a JSON Lines reader's own time)."""

    first: int
    data: bytes
    rows: int

    def lines(self) -> list[Line]:
        return [Line(self.first + offset, data) for offset, data in enumerate(self.data.split(b"\n"))]

    def split(self, count: int) -> tuple[LineRun, LineRun | None]:
        """The first `count` lines, and the rest (None when there is none)."""
        if count >= self.rows:
            return self, None
        cut = int(_breaks(self.data)[count - 1])
        rest = LineRun(self.first + count, self.data[cut + 1 :], self.rows - count)
        return LineRun(self.first, self.data[:cut], count), rest

    @property
    def size(self) -> int:
        """Bytes the lines hold, without their breaks."""
        return len(self.data) - (self.rows - 1)


def iter_line_runs(
    stream: BinaryIO,
    max_line_bytes: int,
    report: ReadReport,
    read_bytes: int = READ_BLOCK_BYTES,
    lines_before: int = 0,
) -> Iterator[Line | LineRun]:
    """Every line of `stream` in order, empty ones included, so line numbers stay true: the lines inside
    each read block as one `LineRun`, the others as `Line`s.

    "\\n" and "\\r\\n" both end a line; a final line without a break is still a line. A UTF-8 byte-order
    mark is an encoding marker, not content, and is dropped from line 1. A stream that is a part of a file
    (`ReadOptions.line_range`) starts numbering after its `lines_before`. A line longer than
    `max_line_bytes` keeps its first `max_line_bytes` bytes (`cut`, with a warning).

    A block's first line is a `Line` when it continues the previous block's last line or is the stream's
    first line; so is every line of a block whose lines together exceed `max_line_bytes` (one of them may
    have to be cut). The line carried from one block to the next never holds more than `max_line_bytes`.
    """
    read = read_some(stream)
    number = lines_before
    pending = bytearray()  # the line carried over from the previous block, never more than max_line_bytes
    cut = False  # the carried line overflowed: its remainder is being skipped
    while block := read(read_bytes):
        last_break = block.rfind(b"\n")
        if last_break < 0:
            if not cut:
                room = max_line_bytes - len(pending)
                cut = len(block) > room
                pending += block[:room] if cut else block
            continue
        start = 0
        if pending or cut or number == 0:
            head = block.find(b"\n")
            if not cut:
                room = max_line_bytes - len(pending)
                cut = head > room
                pending += block[:room] if cut else block[:head]
            number += 1
            yield _finish(number, bytes(pending), cut, max_line_bytes, report)
            pending.clear()
            cut = False
            start = head + 1
        if start <= last_break:
            inner = block[start:last_break]
            if len(inner) <= max_line_bytes or _longest_line(inner) <= max_line_bytes:
                count = inner.count(b"\n") + 1
                if b"\r" in inner:
                    inner = inner.replace(b"\r\n", b"\n")
                    if inner.endswith(b"\r"):
                        inner = inner[:-1]
                yield LineRun(number + 1, inner, count)
                number += count
            else:
                for part in inner.split(b"\n"):
                    number += 1
                    line_cut = len(part) > max_line_bytes
                    yield _finish(
                        number, part[:max_line_bytes] if line_cut else part, line_cut, max_line_bytes, report
                    )
        tail = block[last_break + 1 :]
        cut = len(tail) > max_line_bytes
        pending += tail[:max_line_bytes] if cut else tail
    if pending or cut:
        yield _finish(number + 1, bytes(pending), cut, max_line_bytes, report)


def _longest_line(data: bytes) -> int:
    return int(_line_sizes(data).max())


def _line_sizes(data: bytes) -> np.ndarray:
    """Bytes of each line `data` holds, lines joined by "\\n"."""
    return np.diff(np.concatenate(([-1], _breaks(data), [len(data)]))) - 1


def _breaks(data: bytes) -> np.ndarray:
    """Offsets of the line breaks in `data`."""
    return np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n"))


def chunk_lines(
    pieces: Iterator[Line | LineRun], max_rows: int, max_bytes: int
) -> Iterator[list[Line | LineRun]]:
    """Lines and runs in chunks of `max_rows` lines or about `max_bytes` bytes (without breaks): a chunk ends
    after the line that reaches either, the last line of a run included, so a file is parsed in the same
    pieces (and types inferred alike) however its lines came in runs. What was read before a damaged
    stream fails is yielded before the error is raised, as `chunking.chunked` does."""
    chunk: list[Line | LineRun] = []
    rows = weight = 0
    try:
        for piece in pieces:
            rest: Line | LineRun | None = piece
            while rest is not None:
                if isinstance(rest, Line):
                    chunk.append(rest)
                    rows, weight = rows + 1, weight + len(rest.data)
                    rest = None
                else:
                    head, rest = rest.split(_lines_until_full(rest, max_rows - rows, max_bytes - weight))
                    chunk.append(head)
                    rows, weight = rows + head.rows, weight + head.size
                if rows >= max_rows or weight >= max_bytes:
                    yield chunk
                    chunk, rows, weight = [], 0, 0
    except STREAM_ERRORS:
        if chunk:
            yield chunk
        raise
    if chunk:
        yield chunk


def _lines_until_full(run: LineRun, rows_left: int, bytes_left: int) -> int:
    """How many of the run's lines a chunk takes: all of them, or up to the one that fills it."""
    if run.rows < rows_left and run.size < bytes_left:
        return run.rows
    taken = min(run.rows, max(rows_left, 1))
    if run.size >= bytes_left:
        sizes = _line_sizes(run.data)
        filled = int(np.searchsorted(np.cumsum(sizes), bytes_left))  # first line reaching the budget
        taken = min(taken, filled + 1)
    return taken


def lines_in(piece: Line | LineRun) -> list[Line]:
    return piece.lines() if isinstance(piece, LineRun) else [piece]


def is_blank(data: bytes) -> bool:
    """A line JSON Lines skips (no row): empty or only whitespace."""
    return not data or data.isspace()


def _finish(number: int, data: bytes, cut: bool, max_line_bytes: int, report: ReadReport) -> Line:
    if number == 1 and data.startswith(_BOM):
        data = data[len(_BOM) :]
    if cut:
        report.warn(
            f"line {number} is longer than {max_line_bytes} bytes; only its first {max_line_bytes} bytes "
            "were scanned (raise max_line_bytes to scan more)"
        )
        return Line(number, data, cut=True)
    if data.endswith(b"\r"):
        data = data[:-1]
    return Line(number, data)
