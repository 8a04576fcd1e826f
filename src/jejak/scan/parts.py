"""Large Parquet files read in parts by several processes, and the parts' results made one asset's again.

A bucket is often one big file per table (an export, a training set). With `scan.workers` above one, a
local Parquet file of several row groups is cut into runs of whole row groups of about `scan.part_rows`
rows, or fewer so that there are at least as many parts as workers; each part is scanned by a worker as if
it were the asset, starting its row numbers at the part's first row, so findings and subject keys carry
the file's row numbers. `merge_results` adds the parts'
counts up in file order. Only the footer is read to plan the parts.

Column typing (jejak.detection.column_profile) is decided per part, which changes what a value costs, not
what is found in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from jejak.asset import Asset, AssetFormat
from jejak.connectors.base import UNREADABLE_HINT
from jejak.connectors.hf_dataset import SHARDS_HINT
from jejak.scan.result import AssetResult, ColumnResult, EntityStats

#: Connectors whose Parquet assets are files at `asset.uri` on this machine.
_LOCAL_CONNECTORS = frozenset({"file"})


@dataclass(frozen=True)
class AssetPart:
    """Row groups [start, end) of a Parquet file; its first row is row `first_row` of the file."""

    row_groups: tuple[int, int]
    first_row: int
    rows: int


def plan_parts(asset: Asset, part_rows: int, workers: int = 1) -> list[AssetPart]:
    """The parts of `asset`, or [] when it is read whole (not a plain local Parquet file, one row group,
    or a footer that cannot be read: the whole read then reports why).

    A part holds at most about `part_rows` rows (it bounds what a worker holds) and at most a `workers`-th
    of the file, so a file of a few row groups still keeps every worker busy."""
    if (
        asset.connector not in _LOCAL_CONNECTORS
        or asset.format is not AssetFormat.PARQUET
        or asset.compression is not None
        or UNREADABLE_HINT in asset.hints
        or SHARDS_HINT in asset.hints  # a dataset directory: its shards are read as the connector decides
    ):
        return []
    try:
        metadata = pq.ParquetFile(Path(asset.uri)).metadata
    except (OSError, pa.ArrowException):
        return []
    target = min(part_rows, -(-metadata.num_rows // max(workers, 1)))
    if metadata.num_rows <= target or metadata.num_row_groups < 2:
        return []
    parts: list[AssetPart] = []
    start = first = rows = 0
    for group in range(metadata.num_row_groups):
        rows += metadata.row_group(group).num_rows
        if rows >= target or group == metadata.num_row_groups - 1:
            parts.append(AssetPart((start, group + 1), first, rows))
            start, first, rows = group + 1, first + rows, 0
    return parts if len(parts) > 1 else []


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
