"""`jejak scan --workers 2` writes the catalog as a scan in one process does.

The lake is scanned in one process and with two workers into two catalogs sharing one hash key (subject
keys and locations on): findings in the same order, subject keys, asset scans and the report (but timings)
must be equal, the exit code too (3: the lake holds corrupt files on purpose). A Parquet file of six row
groups, read in three parts by the workers, must give the same findings with the file's row numbers.
"""

from __future__ import annotations

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
scan:
  part_rows: 1000
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


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    workdir = tmp_path_factory.mktemp("workers")
    (workdir / "jejak.yaml").write_text(CONFIG, encoding="utf-8")
    big = workdir / "big"
    big.mkdir()
    write_big_table(big / "table.parquet")
    return {
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
    assert plan_parts(asset, ROWS, workers=2) == [  # at least a part per worker
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
