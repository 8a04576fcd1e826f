"""Pass 2 for Arrow-read formats: the original's rows (less the deleted ones) against the rewrite's, in
lockstep, one bounded batch at a time.

Batches of the two files do not line up (row groups shrank by the deleted rows), so both sides are cut to
equal slices. Each column of a slice is compared in C first (`Array.equals`); only a slice holding a
redacted cell, or one that differs there (a NaN is never equal to itself in Arrow), is compared row by row
as Python values, where a NaN equals a NaN as it does in canonical JSON. A redacted cell must be the
original changed only inside its spans; every other cell of every row must be the same.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from typing import Any

import pyarrow as pa

from jejak.erasure.edits import Counts, Cut, Edits, RewriteError, check_counts, redaction_fits


def check_tables(
    old: Iterator[pa.RecordBatch], new: Iterator[pa.RecordBatch], edits: Edits, counts: Counts
) -> None:
    deleted = sorted(edits.delete)
    redacted = _redacted_positions(edits, deleted)
    positions = sorted(redacted)
    kept = _Kept(old, deleted)
    lockstep = _Lockstep(kept.batches(), new)
    for before, after, start in lockstep:
        here = positions[bisect_left(positions, start) : bisect_left(positions, start + before.num_rows)]
        for column in range(before.num_columns):
            name = before.schema.field(column).name
            cuts = {p - start: redacted[p][name] for p in here if name in redacted[p]}
            left, right = before.column(column), after.column(column)
            if cuts or not left.equals(right):
                _compare_rows(left.to_pylist(), right.to_pylist(), cuts, start, deleted)
    check_counts(kept.rows, lockstep.right_rows, counts)


def _redacted_positions(edits: Edits, deleted: Sequence[int]) -> dict[int, dict[str, list[Cut]]]:
    """Redacted rows by their position in the rewrite (each deleted row before them moves them up)."""
    positions: dict[int, dict[str, list[Cut]]] = {}
    for row, cuts in edits.redact.items():
        if row in edits.delete:
            continue
        by_column = positions.setdefault(row - bisect_left(deleted, row), {})
        for cut in cuts:
            by_column.setdefault(cut.column or "", []).append(cut)
    return positions


def _original_row(position: int, deleted: Sequence[int]) -> int:
    row = position
    for gone in deleted:
        if gone > row:
            break
        row += 1
    return row


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)


def _compare_rows(
    before: list[Any], after: list[Any], cuts: dict[int, list[Cut]], start: int, deleted: Sequence[int]
) -> None:
    for offset, (old, new) in enumerate(zip(before, after, strict=True)):
        row_cuts = cuts.get(offset)
        if row_cuts is not None:
            fits = (old is None and new is None) or (
                isinstance(old, str) and isinstance(new, str) and redaction_fits(old, new, row_cuts)
            )
            if not fits:
                row = _original_row(start + offset, deleted)
                raise RewriteError(f"row {row} changed beyond the plan's spans")
        elif old != new and _canonical(old) != _canonical(new):
            row = _original_row(start + offset, deleted)
            raise RewriteError(f"row {row} would change although the plan does not name it")


class _Kept:
    """The original's batches with the deleted rows filtered out; `rows` counts every row read."""

    def __init__(self, batches: Iterator[pa.RecordBatch], deleted: Sequence[int]) -> None:
        self._batches = batches
        self._deleted = deleted
        self.rows = 0

    def batches(self) -> Iterator[pa.RecordBatch]:
        for batch in self._batches:
            offset, size = self.rows, batch.num_rows
            self.rows += size
            first, last = bisect_left(self._deleted, offset), bisect_left(self._deleted, offset + size)
            if last > first:
                drop = {row - offset for row in self._deleted[first:last]}
                batch = batch.filter(pa.array([index not in drop for index in range(size)]))
            yield batch


class _Lockstep:
    """Equal-length slices of two batch streams with the position of their first row; when one side ends,
    what is left of the other is counted (`right_rows` is every row of the rewrite)."""

    def __init__(self, left: Iterator[pa.RecordBatch], right: Iterator[pa.RecordBatch]) -> None:
        self._left = left
        self._right = right
        self.right_rows = 0

    @staticmethod
    def _pull(batches: Iterator[pa.RecordBatch]) -> pa.RecordBatch | None:
        for batch in batches:
            if batch.num_rows:
                return batch
        return None

    def __iter__(self) -> Iterator[tuple[pa.RecordBatch, pa.RecordBatch, int]]:
        left = right = None
        position = 0
        while True:
            left = left if left is not None and left.num_rows else self._pull(self._left)
            right = right if right is not None and right.num_rows else self._pull(self._right)
            if left is None or right is None:
                break
            size = min(left.num_rows, right.num_rows)
            yield left.slice(0, size), right.slice(0, size), position
            position += size
            left, right = left.slice(size), right.slice(size)
        for _ in self._left:  # counted by _Kept as it reads
            pass
        rest = (right.num_rows if right is not None else 0) + sum(batch.num_rows for batch in self._right)
        self.right_rows = position + rest
