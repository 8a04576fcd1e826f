"""The `jejak scan --format json` document. Its fields are a contract (docs/cli.md): extend, never rename.

Counts, masked nothing and hashed nothing: the scan report carries no values at all, only entity types,
counts and scores per asset and column. Findings (with masked previews and keyed hashes) live in the catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jejak import __version__
from jejak.config import JejakConfig
from jejak.recognizers.pack import PackSpec
from jejak.scan.result import AssetResult, ColumnResult
from jejak.scan.scanner import ScanRun

SCHEMA_VERSION = 1


def scan_document(run: ScanRun, config: JejakConfig, packs: Sequence[PackSpec]) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "jejak_version": __version__,
        "run_id": run.run_id,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "roots": run.roots,
        "status": run.status,
        "packs": [{"name": p.pack, "version": p.version, "country": p.country} for p in packs],
        "config": config.redacted(),
        "assets": [_asset(result) for result in run.results],
        "summary": {**run.summary.as_dict(), "findings_recorded": run.findings_recorded},
    }


def _asset(result: AssetResult) -> dict[str, Any]:
    asset = result.asset
    document: dict[str, Any] = {
        "uri": asset.uri,
        "connector": asset.connector or None,
        "format": asset.format.value,
        "compression": asset.compression,
        "size": asset.size,
        "rows": result.rows,
        "location": asset.location,
        "error": result.error,
        "warnings": result.warnings,
        "skipped": result.skipped,
        "skip_reason": result.skip_reason,
        "unchanged_since_run": result.unchanged_since_run,
        "sample": {"rows": result.sample.rows, "method": result.sample.method} if result.sample else None,
        "duration_s": result.duration_s,
        "entities": result.entity_counts(),
        "entity_rows": {name: s.rows for name, s in sorted(result.entities.items())},
        "max_scores": {name: s.max_score for name, s in sorted(result.entities.items())},
    }
    if asset.is_tabular:
        document["columns"] = [_column(column) for column in result.columns.values()]
    return document


def _column(column: ColumnResult) -> dict[str, Any]:
    return {
        "name": column.name,
        "type": column.arrow_type,
        "rows": column.rows_scanned,
        "entities": {name: s.count for name, s in sorted(column.entities.items())},
        "entity_rows": {name: s.rows for name, s in sorted(column.entities.items())},
        "max_scores": {name: s.max_score for name, s in sorted(column.entities.items())},
    }
