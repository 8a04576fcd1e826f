"""`jejak scan --workers 2` writes the catalog as a scan in one process does.

The lake is scanned in one process and with two workers into two catalogs sharing one hash key (subject
keys and locations on): findings in the same order, subject keys, asset scans and the report (but timings)
must be equal, the exit code too (3: the lake holds corrupt files on purpose). A Parquet file of six row
groups, read in three parts by the workers, must give the same findings with the file's row numbers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.integration.engine_scans import (
    ASSET_SCANS,
    FINDINGS,
    LAKE,
    LAKE_CONFIG,
    SUBJECT_KEYS,
    assets_without_timings,
    catalog_rows,
    invoke,
    scan_into,
)

from jejak.asset import Asset, AssetFormat
from jejak.scan.parts import AssetPart, plan_parts

CONFIG = (
    LAKE_CONFIG
    + """    - {match: "*/big/*", column: user_id, kind: user_id}
    - {match: "*/lines/*", column: user_id, kind: user_id}
scan:
  part_rows: 1000
  max_line_bytes: 2048
"""
)
ROWS = 3000


def write_big_table(path: Path) -> None:
    """Six row groups of 500 rows: identifiers in columns and in free text, ids as integers."""
    letters = "JZIHGFEDCBA"
    weights = (2, 7, 6, 5, 4, 3, 2)
    nrics = []
    for n in range(ROWS):
        digits = f"{1000000 + n * 37:07d}"
        check = letters[sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11]
        nrics.append(f"S{digits}{check}")
    table = pa.table(
        {
            "user_id": pa.array(range(10_000_000, 10_000_000 + ROWS), pa.int64()),
            "email": [f"user{n}@example.com" for n in range(ROWS)],
            "nric": nrics,
            "phone": [f"+65 9{n % 1000:03d} {n:04d}" for n in range(ROWS)],
            "notes": [f"call {nrics[n]} at 8{n:03d} {n % 10000:04d} re order {n}" for n in range(ROWS)],
        }
    )
    pq.write_table(table, path, row_group_size=500)


def write_line_files(directory: Path) -> None:
    """A JSON Lines file with what shifts row and line numbers (a byte-order mark, CRLF, blank and
    whitespace-only lines, a line that is not JSON, a line longer than max_line_bytes) and a text log."""
    records = []
    for n in range(ROWS):
        if n % 97 == 0:
            records.append("")
        if n % 211 == 0:
            records.append("   \t")
        if n == 1234:
            records.append("{not json: 9123 4567}")
        if n == 2345:
            records.append(json.dumps({"user_id": n, "msg": "x" * 3000 + " alice@example.com"}))
        records.append(
            json.dumps({"user_id": n, "msg": f"reach me at +65 9{n % 1000:03d} {n:04d} or u{n}@ex.com"})
        )
    text = "\ufeff" + "".join(line + ("\r\n" if i % 5 == 0 else "\n") for i, line in enumerate(records))
    (directory / "events.jsonl").write_bytes(text.encode())
    log = "".join(
        f"2026-11-0{1 + n % 9} INFO user {n} paid with 4111 1111 1111 1111 from 10.0.{n % 255}.1\n"
        if n % 7
        else "\n"
        for n in range(ROWS)
    )
    (directory / "app.log").write_text(log, encoding="utf-8")


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    workdir = tmp_path_factory.mktemp("workers")
    (workdir / "jejak.yaml").write_text(CONFIG, encoding="utf-8")
    big = workdir / "big"
    big.mkdir()
    write_big_table(big / "table.parquet")
    lines = workdir / "lines"
    lines.mkdir()
    write_line_files(lines)
    return {
        "lines": lines,
        "lines_local": scan_into(workdir, lines, "lines_local"),
        "lines_workers": scan_into(workdir, lines, "lines_workers", "--workers", "2"),
        "workdir": workdir,
        "big": big,
        "local": scan_into(workdir, LAKE, "local"),
        "workers": scan_into(workdir, LAKE, "workers", "--workers", "2"),
        "big_local": scan_into(workdir, big, "big_local"),
        "big_workers": scan_into(workdir, big, "big_workers", "--workers", "2"),
    }


def test_lake_same_exit_code_results_and_summary(scans: dict[str, Any]) -> None:
    assert scans["workers"]["_exit_code"] == scans["local"]["_exit_code"] == 3
    assert scans["workers"]["config"]["scan"]["workers"] == 2
    assert assets_without_timings(scans["workers"]) == assets_without_timings(scans["local"])
    assert scans["workers"]["summary"] == scans["local"]["summary"]


def test_lake_identical_catalogs(scans: dict[str, Any]) -> None:
    workdir = scans["workdir"]
    local = catalog_rows(workdir, "local", FINDINGS)
    assert len(local) > 1000
    assert (
        catalog_rows(workdir, "workers", FINDINGS) == local
    )  # same order: results are replayed in listing order
    keys = catalog_rows(workdir, "workers", SUBJECT_KEYS)
    assert keys and keys == catalog_rows(workdir, "local", SUBJECT_KEYS)
    assert catalog_rows(workdir, "workers", ASSET_SCANS) == catalog_rows(workdir, "local", ASSET_SCANS)


def test_a_large_parquet_file_is_planned_in_parts(scans: dict[str, Any]) -> None:
    asset = Asset(str(scans["big"] / "table.parquet"), "file", AssetFormat.PARQUET)
    assert plan_parts(asset, 1000) == [
        AssetPart((0, 2), 0, 1000),
        AssetPart((2, 4), 1000, 1000),
        AssetPart((4, 6), 2000, 1000),
    ]
    assert plan_parts(asset, ROWS) == []  # not larger than a part
    assert plan_parts(asset, 2000, workers=2) == [  # at least a part per worker
        AssetPart((0, 3), 0, 1500),
        AssetPart((3, 6), 1500, 1500),
    ]
    assert plan_parts(Asset(asset.uri, "s3", AssetFormat.PARQUET), 1000) == []  # local files only


def test_parts_give_the_findings_of_the_whole_file(scans: dict[str, Any]) -> None:
    workdir = scans["workdir"]
    local = catalog_rows(workdir, "big_local", FINDINGS)
    parts = catalog_rows(workdir, "big_workers", FINDINGS)
    assert len(local) >= 4 * ROWS
    assert max(row[2] for row in parts) == ROWS - 1  # row numbers of the file, not of a part
    assert sorted(parts) == sorted(local)  # batches differ between a part and the whole: order may too
    keys = catalog_rows(workdir, "big_workers", SUBJECT_KEYS)
    assert len(keys) == ROWS and keys == catalog_rows(workdir, "big_local", SUBJECT_KEYS)
    assert assets_without_timings(scans["big_workers"]) == assets_without_timings(scans["big_local"])
    (asset,) = scans["big_workers"]["assets"]
    assert asset["rows"] == ROWS
    assert (asset["entities"]["SG_NRIC_FIN"], asset["entity_rows"]["SG_NRIC_FIN"]) == (2 * ROWS, ROWS)
    assert not [row for row in parts if row[1] == "user_id"]  # integer ids are not phone numbers


def test_line_files_are_planned_in_parts_with_the_files_row_numbers(scans: dict[str, Any]) -> None:
    events = Asset(str(scans["lines"] / "events.jsonl"), "file", AssetFormat.JSONL)
    parts = plan_parts(events, 1000, workers=2, max_line_bytes=2048)
    assert len(parts) >= 3
    assert [part.first_row for part in parts[1:]] == [
        part.first_row + part.rows for part in parts[:-1]
    ]  # each part starts where the last ended
    assert sum(part.rows for part in parts) == ROWS + 2  # blank lines are no rows; the bad and long ones are
    log = Asset(str(scans["lines"] / "app.log"), "file", AssetFormat.TEXT)
    assert sum(part.rows for part in plan_parts(log, 1000, workers=2)) == ROWS  # text: every line a row
    gzipped = Asset(events.uri, "file", AssetFormat.JSONL, compression="gzip")
    assert plan_parts(gzipped, 1000, workers=2) == []  # a gzip stream cannot be entered half-way


def test_line_parts_give_the_findings_rows_and_warnings_of_the_whole_file(scans: dict[str, Any]) -> None:
    workdir = scans["workdir"]
    local = catalog_rows(workdir, "lines_local", FINDINGS)
    parts = catalog_rows(workdir, "lines_workers", FINDINGS)
    assert len(local) >= 3 * ROWS
    assert sorted(parts) == sorted(local)
    keys = catalog_rows(workdir, "lines_workers", SUBJECT_KEYS)
    assert len(keys) == ROWS and keys == catalog_rows(
        workdir, "lines_local", SUBJECT_KEYS
    )  # the cut line has none
    assert _cut_independent(scans["lines_workers"]) == _cut_independent(scans["lines_local"])
    warnings = {Path(a["uri"]).name: a["warnings"] for a in scans["lines_workers"]["assets"]}
    assert sorted(warnings["events.jsonl"]) == [
        "line 1254 is not valid JSON; scanned as text",  # numbered as in the file, BOM line and blanks too
        "line 2384 is longer than 2048 bytes; only its first 2048 bytes were scanned (raise max_line_bytes "
        "to scan more)",
    ]


def _cut_independent(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The report without what depends on where a file is cut into batches: the order of warnings (a line
    read ahead warns before the chunk before it is parsed) and the rows of `_raw`, a column only the
    batches holding lines that are not JSON have."""
    assets = assets_without_timings(document)
    for asset in assets:
        asset["warnings"] = sorted(asset["warnings"])
        for column in asset.get("columns", []):
            if column["name"] == "_raw":
                column.pop("rows")
    return assets


def test_workers_with_spark_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke(
        "scan",
        str(LAKE),
        "--catalog",
        f"sqlite:///{tmp_path / 'c.db'}",
        "--engine",
        "spark",
        "--workers",
        "2",
    )
    assert result.exit_code == 2
    assert "--workers applies to the local engine" in result.stderr
