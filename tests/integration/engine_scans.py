"""Scanning one root into a fresh catalog and reading the catalog back, to compare engines (local in one
process, `--workers`, `--engine spark`): whatever reads the assets, these rows must come out the same."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from jejak.cli.main import cli

LAKE = Path(__file__).resolve().parents[2] / "fixtures" / "lake"
#: Locations and subject-key indexing on, so that engines are compared on everything a scan records.
LAKE_CONFIG = """
locations:
  - {match: "*/lake/raw/*", country: SG}
  - {match: "*/lake/exports/*", country: MY}
erasure:
  subject_keys:
    - {match: "*/lake/*", column: user_id, kind: user_id}
"""

FINDINGS = """
SELECT a.uri, f.column_name, f.row_index, f.start_offset, f.end_offset, f.entity_type, f.score,
       f.recognizer, f.preview, f.value_hash
FROM findings f JOIN assets a ON a.id = f.asset_id ORDER BY f.id
"""
SUBJECT_KEYS = """
SELECT a.uri, k.column_name, k.row_index, k.key_kind, k.key_hash
FROM subject_keys k JOIN assets a ON a.id = k.asset_id ORDER BY a.uri, k.column_name, k.row_index
"""
ASSET_SCANS = """
SELECT a.uri, a.connector, a.format, a.size, a.location, a.fingerprint, a.findings_run, a.properties,
       s.rows, s.error, s.warnings, s.sample, s.skipped, s.entities, s.fingerprint
FROM asset_scans s JOIN assets a ON a.id = s.asset_id ORDER BY a.uri
"""


def invoke(*args: str) -> Result:
    """The CLI without the caller's JEJAK_CATALOG / JEJAK_HASH_KEY."""
    with pytest.MonkeyPatch.context() as env:
        for name in ("JEJAK_CATALOG", "JEJAK_HASH_KEY"):
            env.delenv(name, raising=False)
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def scan_into(workdir: Path, root: Path, name: str, *extra: str) -> dict[str, Any]:
    """`jejak scan ROOT` with `workdir/jejak.yaml` into catalog `workdir/NAME.db` (catalogs in one directory
    share its hash key); the JSON report, with `_exit_code` and `_stderr` added."""
    out = workdir / f"{name}.json"
    catalog = f"sqlite:///{workdir / name}.db"
    config = str(workdir / "jejak.yaml")
    options = ["--config", config, "--catalog", catalog, "--format", "json", "--output", str(out), "--quiet"]
    result = invoke("scan", str(root), *options, *extra)
    document: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    document["_exit_code"] = result.exit_code
    document["_stderr"] = result.stderr
    return document


def catalog_rows(workdir: Path, name: str, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(workdir / f"{name}.db") as conn:
        return conn.execute(query).fetchall()


def assets_without_timings(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: v for k, v in asset.items() if k != "duration_s"} for asset in document["assets"]]
