"""Bounded line reading shared by the line-oriented readers (JSONL, text logs).

A log can hold a single 2 GB line (a dumped blob, a minified bundle). `readline()` would load it whole,
so lines are split by hand from fixed-size reads: a line longer than `max_line_bytes` keeps its first
`max_line_bytes` bytes and the rest is skipped as it streams past. Memory stays at one read block plus
one line, whatever the file holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

from jejak.connectors.base import ReadReport
from jejak.connectors.formats.streams import read_some

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


def iter_lines(
    stream: BinaryIO,
    max_line_bytes: int,
    report: ReadReport,
    read_bytes: int = READ_BLOCK_BYTES,
    lines_before: int = 0,
) -> Iterator[Line]:
    """Yield every line of `stream` in order, empty ones included, so line numbers stay true.

    "\\n" and "\\r\\n" both end a line; a final line without a break is still a line. A UTF-8 byte-order
    mark is an encoding marker, not content, and is dropped from line 1. A stream that is a part of a file
    (`ReadOptions.line_range`) starts numbering after its `lines_before`.
    """
    read = read_some(stream)
    number = lines_before
    pending = bytearray()  # the line carried over from the previous block, never more than max_line_bytes
    cut = False  # the carried line overflowed: its remainder is being skipped
    while block := read(read_bytes):
        parts = block.split(b"\n")  # in C: the per-line work below is only a length check
        last = len(parts) - 1
        for index, part in enumerate(parts):
            if pending or cut or index == last:
                if not cut:
                    room = max_line_bytes - len(pending)
                    cut = len(part) > room
                    pending += part[:room] if cut else part
                if index == last:
                    break  # the block ended mid-line: carry it into the next block
                data, line_cut = bytes(pending), cut
                pending.clear()
                cut = False
            elif number and len(part) <= max_line_bytes:  # the common case, kept short
                number += 1
                yield Line(number, part[:-1] if part.endswith(b"\r") else part)
                continue
            else:
                line_cut = len(part) > max_line_bytes
                data = part[:max_line_bytes] if line_cut else part
            number += 1
            yield _finish(number, data, line_cut, max_line_bytes, report)
    if pending or cut:
        yield _finish(number + 1, bytes(pending), cut, max_line_bytes, report)


def is_blank(data: bytes) -> bool:
    """A line JSON Lines skips (no row): empty or only whitespace."""
    return not data or data.isspace()


def line_size(line: Line) -> int:
    """Bytes a line holds, for byte budgets of line chunks."""
    return len(line.data)


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
