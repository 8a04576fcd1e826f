"""The two passes for line-based formats, in memory bounded by a block of lines (or one long record).

Pass 1 copies the runs between the rows a plan names as they are, drops the deleted rows and writes the
redacted ones again. Pass 2 reads the original and the written file side by side, each split at its own
named rows (the rewrite's redacted rows have moved up by the deleted rows before them): what lies between
them must be the same bytes in the same order (blank lines and the CSV header included), each redacted
row must meet its twin changed only inside its spans, and the row counts must add up.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from jejak.erasure.edits import Counts, Edits, RewriteError, Source, check_counts, check_rows
from jejak.erasure.rewrite_cursor import BatchedWriter
from jejak.erasure.rewrite_text import LineFile, Record, Run

Opener = Callable[[BinaryIO, LineFile | None], LineFile]


@dataclass(frozen=True)
class _Bytes:
    raw: bytes
    first_row: int  # the row the bytes start at (or, for a skipped line, the next row)


@dataclass(frozen=True)
class _Named:
    row: int
    record: Record


class _Tokens:
    """One side of pass 2: bytes to compare, and the rows it names; `rows` counts every row read."""

    def __init__(self, items: Iterator[Run | Record], skip: frozenset[int], named: frozenset[int]) -> None:
        self._items = items
        self._skip = skip
        self._named = named
        self.rows = 0

    def __iter__(self) -> Iterator[_Bytes | _Named]:
        for item in self._items:
            row = self.rows
            if isinstance(item, Run):
                self.rows += item.rows
                if item.raw:
                    yield _Bytes(item.raw, row)
                continue
            self.rows += item.is_row
            if item.is_row and row in self._skip:
                continue
            if item.is_row and row in self._named:
                yield _Named(row, item)
            elif item.raw:
                yield _Bytes(item.raw, row)


def _first_difference(left: memoryview, right: memoryview) -> int:
    """Where two views first differ (they are known to), by halving: each compare runs in C."""
    low, high = 0, min(len(left), len(right))
    while low < high:
        middle = (low + high) // 2
        if left[low : middle + 1] == right[low : middle + 1]:
            low = middle + 1
        else:
            high = middle
    return low


class LineRewriter:
    def __init__(self, opener: Opener) -> None:
        self._open = opener

    def rewrite(self, source: Source, sink: BinaryIO, edits: Edits) -> Counts:
        file = self._open(source.stream, None)
        out = BatchedWriter(sink)
        out.write(file.prefix)
        delete, redact = edits.delete, edits.redact
        rows = 0
        for item in file.items(sorted(delete | set(redact))):
            if isinstance(item, Run):
                out.write(item.raw)
                rows += item.rows
                continue
            index = rows
            rows += item.is_row
            if item.is_row and index in delete:
                continue
            cuts = redact.get(index) if item.is_row else None
            out.write(file.edit(item, cuts) if cuts else item.raw)
        out.flush()
        check_rows(edits, rows)
        return Counts.of(rows, edits)

    def check(self, before: Source, after: Source, edits: Edits, counts: Counts) -> None:
        old = self._open(before.stream, None)
        new = self._open(after.stream, old)
        if old.schema != new.schema:
            raise RewriteError("the rewrite changed the schema (the header)")
        if old.prefix != new.prefix:
            raise RewriteError("the rewrite changed the byte-order mark")
        deleted = sorted(edits.delete)
        redacted = {row for row in edits.redact if row not in edits.delete}
        moved = {row - bisect_left(deleted, row): row for row in redacted}  # position in the rewrite -> row
        left = _Tokens(old.items(sorted(edits.delete | redacted)), edits.delete, frozenset(redacted))
        right = _Tokens(new.items(sorted(moved)), frozenset(), frozenset(moved))
        left_tokens, right_tokens = iter(left), iter(right)
        try:
            self._compare(old, left_tokens, right_tokens, edits, moved)
        except RewriteError:
            for _ in left_tokens:  # a missing or extra row shows best as the counts that do not add up
                pass
            for _ in right_tokens:
                pass
            check_counts(left.rows, right.rows, counts)
            raise
        check_counts(left.rows, right.rows, counts)

    @staticmethod
    def _compare(
        old: LineFile,
        left: Iterator[_Bytes | _Named],
        right: Iterator[_Bytes | _Named],
        edits: Edits,
        moved: dict[int, int],
    ) -> None:
        a = b = None
        at_a = at_b = 0  # how far into the current bytes of each side
        while True:
            a = a if a is not None else next(left, None)
            b = b if b is not None else next(right, None)
            if a is None and b is None:
                return
            if isinstance(a, _Bytes) and isinstance(b, _Bytes):
                size = min(len(a.raw) - at_a, len(b.raw) - at_b)
                x, y = memoryview(a.raw)[at_a : at_a + size], memoryview(b.raw)[at_b : at_b + size]
                if x != y:
                    offset = at_a + _first_difference(x, y)
                    row = a.first_row + old.rows_in(a.raw[: a.raw.rfind(b"\n", 0, offset) + 1])
                    raise RewriteError(f"row {row} would change although the plan does not name it")
                at_a, at_b = at_a + size, at_b + size
                if at_a == len(a.raw):
                    a, at_a = None, 0
                if at_b == len(b.raw):
                    b, at_b = None, 0
            elif isinstance(a, _Named) and isinstance(b, _Named) and moved.get(b.row) == a.row:
                if not b.record.is_row or not old.redaction_fits(a.record, b.record, edits.redact[a.row]):
                    raise RewriteError(f"row {a.row} changed beyond the plan's spans")
                a = b = None
            else:
                where = a.row if isinstance(a, _Named) else a.first_row if a is not None else "past the end"
                raise RewriteError(f"the rewrite does not line up with the original at row {where}")
