"""Translation between scan objects and table rows, kept apart from the SQL that moves them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row

from jejak.asset import Asset
from jejak.catalog.records import FindingRecord, RunRecord, RunStatus, as_utc
from jejak.catalog.schema import assets, findings
from jejak.finding import Finding, SubjectKey
from jejak.scan.result import AssetResult, EntityStats


def asset_metadata(asset: Asset) -> dict[str, Any]:
    """What a listing says about an asset; refreshed on every scan, skipped or not."""
    return {
        "connector": asset.connector,
        "format": asset.format.value,
        "size": asset.size,
        "modified": asset.modified,
        "etag": asset.etag,
        "location": asset.location,
        "properties": dict(sorted(asset.hints.items())),
    }


def entities_json(entities: dict[str, EntityStats]) -> dict[str, dict[str, Any]]:
    return {
        name: {"count": stats.count, "rows": stats.rows, "max_score": stats.max_score}
        for name, stats in sorted(entities.items())
    }


def scan_values(run_id: int, asset_id: int, result: AssetResult) -> dict[str, Any]:
    sample = result.sample
    return {
        "run_id": run_id,
        "asset_id": asset_id,
        "rows": result.rows,
        "error": result.error,
        "warnings": list(result.warnings),
        "sample": None if sample is None else {"rows": sample.rows, "method": sample.method},
        "skipped": result.skipped,
        "duration": result.duration_s,
        "entities": entities_json(result.entities),
        "fingerprint": result.asset.fingerprint,
    }


def is_complete(result: AssetResult) -> bool:
    """A scan that read the whole asset (or its whole sample) without error: only such a scan replaces the
    findings of an earlier run. A skipped asset was not read; a failed one may have stopped part-way, and a
    transient error must not hide personal data that an earlier scan found."""
    return not result.skipped and result.error is None


def finding_values(run_id: int, asset_id: int, finding: Finding) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "asset_id": asset_id,
        "column_name": finding.column,
        "row_index": int(finding.row),  # plain types: the bulk insert bypasses SQLAlchemy's conversions
        "start_offset": int(finding.start),
        "end_offset": int(finding.end),
        "entity_type": finding.entity_type,
        "score": float(finding.score),
        "recognizer": finding.recognizer,
        "preview": finding.preview,
        "value_hash": finding.value_hash,
    }


def subject_key_values(run_id: int, asset_id: int, key: SubjectKey) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "asset_id": asset_id,
        "column_name": key.column,
        "row_index": int(key.row),
        "key_kind": key.kind,
        "key_hash": key.key_hash,
    }


# In FindingRecord field order, so a result row converts positionally (name look-ups on 100k rows cost
# more than the query itself).
FINDING_COLUMNS = (
    findings.c.run_id,
    assets.c.uri,
    findings.c.column_name,
    findings.c.row_index,
    findings.c.start_offset,
    findings.c.end_offset,
    findings.c.entity_type,
    findings.c.score,
    findings.c.recognizer,
    findings.c.preview,
    findings.c.value_hash,
)


def finding_record(row: Sequence[Any]) -> FindingRecord:
    return FindingRecord(*row)


def run_record(row: Row[Any]) -> RunRecord:
    started = as_utc(row.started_at)
    assert started is not None  # NOT NULL column
    return RunRecord(
        id=row.id,
        started_at=started,
        finished_at=as_utc(row.finished_at),
        status=RunStatus(row.status),
        jejak_version=row.jejak_version,
        roots=list(row.roots),
        config=dict(row.config),
        summary=None if row.summary is None else dict(row.summary),
    )
