"""Large files read in parts by several processes, and the parts' results made one asset's again.

A bucket is often one big file per table or day (an export, a training set, an app log). With
`scan.workers` above one, a local file of more than `scan.part_rows` rows is cut into parts of about that
many rows, or fewer so that there are at least as many parts as workers; so is a smaller file with at least
`MIN_PART_ROWS` rows per worker:
- Parquet: runs of whole row groups, planned from the footer, as even as the groups allow and a multiple
  of the workers in number (`row_group_parts`);
- uncompressed JSON Lines and text logs: byte ranges of whole lines, planned by one pass that counts lines
  (newlines in C, so ~2 s per GB) and rows as the reader makes them (JSON Lines skips blank lines).
  Gzipped files are read whole: a gzip stream cannot be entered half-way; nor are CSV files (a quoted
  field may span lines).

Each part is scanned by a worker as if it were the asset, starting its row numbers at the part's first row
and its line numbers at its first line, so findings, subject keys and warnings carry the file's numbers.
`merge_results` adds the parts' counts up in file order.

Column typing (jejak.detection.column_profile) is decided per part, which changes what a value costs, not
what is found in it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from jejak.asset import Asset, AssetFormat
from jejak.connectors.base import UNREADABLE_HINT
from jejak.connectors.formats.lines import is_blank
from jejak.connectors.hf_dataset import SHARDS_HINT
from jejak.scan.result import AssetResult, ColumnResult, EntityStats

#: Connectors whose assets are files at `asset.uri` on this machine.
_LOCAL_CONNECTORS = frozenset({"file"})
#: Line-based formats that split, and whether their reader skips blank lines (no row for them).
_LINE_FORMATS = {AssetFormat.JSONL: True, AssetFormat.TEXT: False}
_BLOCK = 4 << 20
#: with several workers, a file is cut so that each part holds at least about this many rows
MIN_PART_ROWS = 16_384
_MIN_BLOCK = 4 << 10
_BOM = b"\xef\xbb\xbf"
#: A line holding nothing but whitespace, after a newline / at the start of a block.
_BLANK_INSIDE = re.compile(rb"\n[ \t\r\x0b\x0c]*\n")
_BLANK_FIRST = re.compile(rb"[ \t\r\x0b\x0c]*\n")


@dataclass(frozen=True)
class AssetPart:
    """Rows `first_row` .. `first_row + rows - 1` of a file: Parquet row groups [start, end), or the lines
    in bytes [start, end) of a line-based file (`line_range`'s third number: the lines before `start`)."""

    row_groups: tuple[int, int] | None
    first_row: int
    rows: int
    line_range: tuple[int, int, int] | None = None


def plan_parts(
    asset: Asset, part_rows: int, workers: int = 1, max_line_bytes: int = 1 << 20
) -> list[AssetPart]:
    """The parts of `asset`, or [] when it is read whole (not a plain local file of a format that splits,
    not more than `part_rows` rows, one row group, or unreadable: the whole read then reports why).

    A part holds at most about `part_rows` rows (it bounds what a worker holds) and at most a `workers`-th
    of the file, so a file of a few row groups still keeps every worker busy. Parquet parts come from the
    footer; JSON Lines and text parts from one pass counting lines (`_line_parts`)."""
    if (
        asset.connector not in _LOCAL_CONNECTORS
        or asset.compression is not None
        or UNREADABLE_HINT in asset.hints
        or SHARDS_HINT in asset.hints  # a dataset directory: its shards are read as the connector decides
    ):
        return []
    if asset.format in _LINE_FORMATS:
        skips_blank = _LINE_FORMATS[asset.format]
        try:
            return _line_parts(Path(asset.uri), part_rows, workers, max_line_bytes, skips_blank)
        except OSError:
            return []
    if asset.format is not AssetFormat.PARQUET:
        return []
    try:
        metadata = pq.ParquetFile(Path(asset.uri)).metadata
    except (OSError, pa.ArrowException):
        return []
    if not _worth_splitting(metadata.num_rows, part_rows, workers) or metadata.num_row_groups < 2:
        return []
    sizes = [metadata.row_group(group).num_rows for group in range(metadata.num_row_groups)]
    parts = row_group_parts(sizes, part_rows, workers)
    return parts if len(parts) > 1 else []


def _worth_splitting(rows: int, part_rows: int, workers: int) -> bool:
    """More rows than a part holds, or, with several workers, enough for each to read `MIN_PART_ROWS`: the
    main process reads a part while the others start, so a file of 120k dense rows (a minute's work in one
    process) no longer waits for one process because it is under `part_rows`."""
    return rows > part_rows or (workers > 1 and rows >= workers * MIN_PART_ROWS)


def row_group_parts(sizes: Sequence[int], part_rows: int, workers: int = 1) -> list[AssetPart]:
    """Runs of whole row groups (of these sizes) as even as the groups allow.

    Workers take the next part as they free up, so the scan ends when the busiest one does: parts of 125k,
    125k, 125k and 45k rows keep one of two workers busy for 250k rows while the other stops at 170k. So
    the count of parts is a multiple of `workers` (where there are groups enough), each part ends at the
    group boundary nearest its even share, and a part holds at most `part_rows` rows unless one group
    does (more parts then, as many as it takes)."""
    before = [0, *accumulate(sizes)]  # rows before each group (and, last, all of them)
    total = before[-1]
    workers = max(workers, 1)
    needed = -(-total // max(part_rows, 1))
    count = min(-(-needed // workers) * workers, len(sizes))
    while True:
        cuts = [0]  # a cut at b: a part starts at group b
        for k in range(1, count):
            goal = total * k / count
            # the cuts still open: after the last one, leaving a group for every part to come
            low, high = cuts[-1] + 1, len(sizes) - (count - k)
            above = bisect_left(before, goal)
            near = {min(max(b, low), high) for b in (above - 1, above)}
            cuts.append(min(near, key=lambda b: (abs(before[b] - goal), b)))
        cuts.append(len(sizes))
        runs = list(pairwise(cuts))
        if count >= len(sizes) or all(before[b] - before[a] <= part_rows or b - a == 1 for a, b in runs):
            return [AssetPart((a, b), before[a], before[b] - before[a]) for a, b in runs]
        count = min(count + workers, len(sizes))


def _line_parts(
    path: Path, part_rows: int, workers: int, max_line_bytes: int, skips_blank: bool
) -> list[AssetPart]:
    """Parts of whole lines, cut where a block (about a quarter of a part) ends once a part holds its rows.

    Rows are what the reader makes of lines: every line for text, non-blank lines for JSON Lines (whose
    reader skips empty and whitespace-only ones; a line's first `max_line_bytes` bytes decide, as the reader
    sees no more). Counting newlines runs in C; only a block that may hold a blank line is split in Python.
    """
    size = path.stat().st_size
    with path.open("rb") as stream:
        head = stream.read(_BLOCK)
        if not head:
            return []
        average = max(len(head) / max(head.count(b"\n"), 1), 1.0)
        estimated = int(size / average)
        if not _worth_splitting(estimated, part_rows, workers):
            return []
        target = min(part_rows, -(-estimated // max(workers, 1)))
        block_bytes = min(_BLOCK, max(_MIN_BLOCK, int(target * average / 4)))  # ~4 blocks a part
        stream.seek(0)
        parts: list[AssetPart] = []
        start = offset = lines_before = rows_before = lines = rows = 0
        while block := stream.read(block_bytes):
            block, consumed = _to_line_end(stream, block)  # whole lines only: a part starts at a line
            block_lines, block_rows = _count(block, max_line_bytes, skips_blank, first=offset == 0)
            offset += consumed
            lines += block_lines
            rows += block_rows
            if rows >= target:
                parts.append(AssetPart(None, rows_before, rows, (start, offset, lines_before)))
                start, lines_before, rows_before = offset, lines_before + lines, rows_before + rows
                lines = rows = 0
        if offset > start:
            parts.append(AssetPart(None, rows_before, rows, (start, offset, lines_before)))
    return parts if len(parts) > 1 else []


def _to_line_end(stream: BinaryIO, block: bytes) -> tuple[bytes, int]:
    """`block` completed to the end of its last line, and the bytes consumed. Of a line longer than a block
    only the first block is kept (the rest is counted, not held): a 2 GB line costs no 2 GB of memory, and
    a row is decided by its first `max_line_bytes` bytes anyway."""
    tail = stream.readline(_BLOCK)
    consumed = len(block) + len(tail)
    while tail and not tail.endswith(b"\n"):
        more = stream.readline(_BLOCK)
        if not more:
            break
        consumed += len(more)
        if more.endswith(b"\n"):
            tail += b"\n"
            break
    return block + tail, consumed


def _count(block: bytes, max_line_bytes: int, skips_blank: bool, first: bool) -> tuple[int, int]:
    """(lines, rows) in a block of whole lines (only the file's last may lack its newline)."""
    lines = block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
    if not skips_blank:
        return lines, lines
    maybe_blank = (
        _BLANK_INSIDE.search(block) is not None
        or _BLANK_FIRST.match(block) is not None
        or not block.endswith(b"\n")
        or (first and block.startswith(_BOM))
    )
    if not maybe_blank:
        return lines, lines
    texts = block.split(b"\n")
    if block.endswith(b"\n"):
        texts.pop()
    if first and texts and texts[0].startswith(_BOM):
        texts[0] = texts[0][len(_BOM) :]
    return lines, sum(not is_blank(text[:max_line_bytes]) for text in texts)


def merge_results(asset: Asset, parts: Sequence[AssetResult]) -> AssetResult:
    """One result for the whole asset: rows, columns and entities added up, warnings and errors of every
    part kept (an error names the asset, so the first one stands for all), durations summed (the time
    spent in all; the engine that ran the parts side by side replaces it with the wall-clock time)."""
    merged = AssetResult(asset=asset)
    for part in parts:
        merged.rows += part.rows
        for name, column in part.columns.items():
            into = merged.columns.setdefault(name, ColumnResult(name, column.arrow_type))
            into.rows_scanned += column.rows_scanned
            _add(into.entities, column.entities)
        _add(merged.entities, part.entities)
        merged.warnings.extend(part.warnings)
        merged.error = merged.error or part.error
        merged.duration_s = round(merged.duration_s + part.duration_s, 3)
    return merged


def _add(into: dict[str, EntityStats], stats: dict[str, EntityStats]) -> None:
    for name, entity in stats.items():
        into.setdefault(name, EntityStats()).add(entity.count, entity.rows, entity.max_score)
