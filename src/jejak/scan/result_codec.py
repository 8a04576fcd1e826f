"""Scan results as Arrow rows, so a scan run elsewhere (a Spark executor) can hand them back to the driver.

An executor scans whole assets with the same `AssetScanner` as a local run and emits, per asset, what the
local scanner's sinks would have received, in the same order: each findings batch and each subject-key batch
as one *part*, then one `result` row with the `AssetResult` (as JSON, without the asset: the driver keeps its
own listed `Asset`, fingerprint included). One wide schema carries the three kinds of row (columns that do
not apply are null), because a Spark `mapInArrow` stage has exactly one output schema.

Nothing here holds a raw value: findings carry masked previews and keyed hashes, exactly as the catalog does.
This module knows nothing about Spark; `jejak.scan.spark_engine` moves the rows.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from jejak.asset import Asset, AssetFormat
from jejak.finding import Finding, SubjectKey
from jejak.scan.result import AssetResult, ColumnResult, EntityStats, SampleInfo

FINDING = "finding"
SUBJECT_KEY = "subject_key"
RESULT = "result"

#: One row per finding, per subject-key cell, or per asset result; `item` numbers the asset within its job,
#: `part` orders an item's rows (one part per sink call, the result last).
SCHEMA = pa.schema(
    [
        ("item", pa.int64()),
        ("part", pa.int64()),
        ("record", pa.string()),
        ("column", pa.string()),
        ("row", pa.int64()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("entity_type", pa.string()),
        ("score", pa.float64()),
        ("recognizer", pa.string()),
        ("preview", pa.string()),
        ("value_hash", pa.string()),
        ("kind", pa.string()),
        ("key_hash", pa.string()),
        ("result", pa.string()),
    ]
)


@dataclass(frozen=True)
class ItemOutcome:
    """What scanning one asset elsewhere produced: the findings and subject-key sink calls, each in order,
    the result, and the fingerprint of the detector that produced them."""

    findings: tuple[list[Finding], ...]
    subject_keys: tuple[list[SubjectKey], ...]
    result: AssetResult
    detector: str


# -- assets (driver -> executor) -------------------------------------------------------------------------


def asset_to_json(asset: Asset) -> str:
    fields = dataclasses.asdict(asset)
    fields["format"] = asset.format.value
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


def asset_from_json(text: str) -> Asset:
    fields = json.loads(text)
    fields["format"] = AssetFormat(fields["format"])
    return Asset(**fields)


# -- rows (executor -> driver) ----------------------------------------------------------------------------


def findings_batch(item: int, part: int, findings: Sequence[Finding]) -> pa.RecordBatch:
    return _batch(
        item,
        part,
        FINDING,
        len(findings),
        {
            "column": [f.column for f in findings],
            "row": [f.row for f in findings],
            "start": [f.start for f in findings],
            "end": [f.end for f in findings],
            "entity_type": [f.entity_type for f in findings],
            "score": [f.score for f in findings],
            "recognizer": [f.recognizer for f in findings],
            "preview": [f.preview for f in findings],
            "value_hash": [f.value_hash for f in findings],
        },
    )


def subject_keys_batch(item: int, part: int, keys: Sequence[SubjectKey]) -> pa.RecordBatch:
    return _batch(
        item,
        part,
        SUBJECT_KEY,
        len(keys),
        {
            "column": [k.column for k in keys],
            "row": [k.row for k in keys],
            "kind": [k.kind for k in keys],
            "key_hash": [k.key_hash for k in keys],
        },
    )


def result_batch(item: int, part: int, result: AssetResult, detector: str) -> pa.RecordBatch:
    payload = {"detector": detector, **result_to_dict(result)}
    return _batch(item, part, RESULT, 1, {"result": [json.dumps(payload, ensure_ascii=False)]})


def _batch(item: int, part: int, record: str, size: int, columns: dict[str, list[Any]]) -> pa.RecordBatch:
    data = {name: columns.get(name, [None] * size) for name in SCHEMA.names}
    data["item"], data["part"], data["record"] = [item] * size, [part] * size, [record] * size
    return pa.RecordBatch.from_pydict(data, schema=SCHEMA)


def decode_item(rows: pa.Table, asset: Asset) -> ItemOutcome:
    """One asset's rows (already in `part` order, as `SCHEMA`) back into what the local scanner produces;
    findings and keys name `asset` (the driver's own listing of it)."""
    columns = {name: rows.column(name).to_pylist() for name in rows.column_names}
    findings: list[list[Finding]] = []
    keys: list[list[SubjectKey]] = []
    payload: dict[str, Any] | None = None
    start = 0
    while start < rows.num_rows:
        end = start
        while end < rows.num_rows and columns["part"][end] == columns["part"][start]:
            end += 1
        record = columns["record"][start]
        span = range(start, end)
        if record == FINDING:
            findings.append([_finding(columns, i, asset.uri) for i in span])
        elif record == SUBJECT_KEY:
            keys.append([_subject_key(columns, i, asset.uri) for i in span])
        elif record == RESULT:
            payload = json.loads(columns["result"][start])
        else:
            raise ValueError(f"unknown record kind {record!r} for {asset.uri}")
        start = end
    if payload is None:
        raise ValueError(f"no result came back for {asset.uri}")
    detector = str(payload.pop("detector"))
    return ItemOutcome(tuple(findings), tuple(keys), result_from_dict(payload, asset), detector)


def _finding(columns: dict[str, list[Any]], i: int, uri: str) -> Finding:
    return Finding(
        asset_uri=uri,
        column=columns["column"][i],
        row=columns["row"][i],
        start=columns["start"][i],
        end=columns["end"][i],
        entity_type=columns["entity_type"][i],
        score=columns["score"][i],
        recognizer=columns["recognizer"][i],
        preview=columns["preview"][i],
        value_hash=columns["value_hash"][i],
    )


def _subject_key(columns: dict[str, list[Any]], i: int, uri: str) -> SubjectKey:
    return SubjectKey(
        uri, columns["column"][i], columns["row"][i], columns["kind"][i], columns["key_hash"][i]
    )


# -- asset results ---------------------------------------------------------------------------------------


def result_to_dict(result: AssetResult) -> dict[str, Any]:
    """Every field of `result` but its asset, in JSON types; key order is kept (columns as first seen)."""
    return {
        "rows": result.rows,
        "columns": [
            {
                "name": column.name,
                "arrow_type": column.arrow_type,
                "rows_scanned": column.rows_scanned,
                "entities": _entities_to_dict(column.entities),
            }
            for column in result.columns.values()
        ],
        "entities": _entities_to_dict(result.entities),
        "error": result.error,
        "warnings": list(result.warnings),
        "sample": None if result.sample is None else dataclasses.asdict(result.sample),
        "skipped": result.skipped,
        "skip_reason": result.skip_reason,
        "unchanged_since_run": result.unchanged_since_run,
        "duration_s": result.duration_s,
    }


def result_from_dict(data: dict[str, Any], asset: Asset) -> AssetResult:
    columns = {
        column["name"]: ColumnResult(
            name=column["name"],
            arrow_type=column["arrow_type"],
            rows_scanned=int(column["rows_scanned"]),
            entities=_entities_from_dict(column["entities"]),
        )
        for column in data["columns"]
    }
    sample = data["sample"]
    return AssetResult(
        asset=asset,
        rows=int(data["rows"]),
        columns=columns,
        entities=_entities_from_dict(data["entities"]),
        error=data["error"],
        warnings=list(data["warnings"]),
        sample=None if sample is None else SampleInfo(int(sample["rows"]), str(sample["method"])),
        skipped=bool(data["skipped"]),
        skip_reason=data["skip_reason"],
        unchanged_since_run=data["unchanged_since_run"],
        duration_s=float(data["duration_s"]),
    )


def _entities_to_dict(entities: dict[str, EntityStats]) -> dict[str, list[int | float]]:
    return {name: [stats.count, stats.rows, stats.max_score] for name, stats in entities.items()}


def _entities_from_dict(data: dict[str, list[Any]]) -> dict[str, EntityStats]:
    return {
        name: EntityStats(int(count), int(rows), float(score)) for name, (count, rows, score) in data.items()
    }
