"""`jejak scan --engine spark` on `local[2]` writes the catalog exactly as the local engine does.

The lake is scanned twice, once per engine, into two catalogs beside one hash key, with subject-key
indexing and locations on; every finding, subject key, asset scan and report field (but timings) must be
the same, the exit code too (3: the lake holds corrupt files on purpose). One Spark session for the module:
only one scan starts Spark (an unchanged rescan never does).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark", reason="the Spark engine needs pyspark (pip install 'jejak[spark]')")
if shutil.which("java") is None:
    pytest.skip("the Spark engine needs Java (17) on the PATH", allow_module_level=True)

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

CONFIG = LAKE_CONFIG


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Both scans of the lake; both catalogs sit in one directory, so they share its hash.key."""
    workdir = tmp_path_factory.mktemp("engines")
    (workdir / "jejak.yaml").write_text(CONFIG, encoding="utf-8")
    local = scan_into(workdir, LAKE, "local")
    spark = scan_into(workdir, LAKE, "spark", "--engine", "spark", "--spark-master", "local[2]")
    return {"local": local, "spark": spark, "workdir": workdir}


def test_same_exit_code_and_status(scans: dict[str, Any]) -> None:
    assert scans["spark"]["_exit_code"] == scans["local"]["_exit_code"] == 3
    assert scans["spark"]["status"] == scans["local"]["status"] == "partial"
    assert scans["spark"]["config"]["scan"]["engine"] == "spark"


def test_same_asset_results_in_the_same_order(scans: dict[str, Any]) -> None:
    """rows, columns, entities, errors, warnings, locations: everything but the timings."""
    assert assets_without_timings(scans["spark"]) == assets_without_timings(scans["local"])
    assert scans["spark"]["summary"] == scans["local"]["summary"]
    assert scans["spark"]["summary"]["assets_failed"] == 2


def test_readable_assets_hold_the_planted_entities(scans: dict[str, Any], lake_truth: dict[str, Any]) -> None:
    assets = {str(Path(asset["uri"]).relative_to(LAKE)): asset for asset in scans["spark"]["assets"]}
    for path, truth in lake_truth["assets"].items():
        if truth.get("corrupt"):
            assert assets[path]["error"], path
            continue
        assert assets[path]["rows"] == truth["rows"], path
        found = {k: v for k, v in assets[path]["entities"].items() if k != "PERSON"}
        assert found == {k: v for k, v in truth["entities"].items() if k != "PERSON"}, path


def test_identical_findings_in_the_catalog(scans: dict[str, Any]) -> None:
    local = catalog_rows(scans["workdir"], "local", FINDINGS)
    spark = catalog_rows(scans["workdir"], "spark", FINDINGS)
    assert len(local) > 1000
    assert spark == local  # in the same order too: the driver replays each asset's batches as they came


def test_identical_subject_keys_and_asset_scans(scans: dict[str, Any]) -> None:
    workdir = scans["workdir"]
    keys = catalog_rows(workdir, "spark", SUBJECT_KEYS)
    assert keys and keys == catalog_rows(workdir, "local", SUBJECT_KEYS)
    assert catalog_rows(workdir, "spark", ASSET_SCANS) == catalog_rows(workdir, "local", ASSET_SCANS)


def test_findings_command_reads_the_spark_catalog(scans: dict[str, Any]) -> None:
    queries = {}
    for name in ("local", "spark"):
        catalog = f"sqlite:///{scans['workdir'] / name}.db"
        queries[name] = invoke(
            "findings", "--catalog", catalog, "--entity", "SG_NRIC_FIN", "--format", "json"
        )
    assert queries["spark"].exit_code == 0, queries["spark"].stderr
    records = json.loads(queries["spark"].stdout)
    assert records and all("****" in record["preview"] for record in records)
    assert records == json.loads(queries["local"].stdout)


def test_unchanged_rescan_never_starts_spark(
    scans: dict[str, Any], lake_truth: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unchanged assets are settled on the driver from the catalog, as in a local rescan."""
    workdir = scans["workdir"]
    shutil.copy(workdir / "spark.db", workdir / "rescan.db")

    def no_spark(*args: object) -> None:
        raise AssertionError("Spark was started for a scan with nothing to read")

    monkeypatch.setattr("jejak.scan.spark_engine.open_session", no_spark)
    corrupt = [f"**/{Path(path).name}" for path, t in lake_truth["assets"].items() if t.get("corrupt")]
    excluded = [arg for glob in ["**/_truth.json", *corrupt] for arg in ("--exclude", glob)]
    rescan = scan_into(
        workdir, LAKE, "rescan", "--engine", "spark", *excluded
    )  # a failed asset would be read again
    assert rescan["_exit_code"] == 0, rescan["_stderr"]
    assert (
        rescan["summary"]["assets_unchanged"] == rescan["summary"]["assets"] == len(lake_truth["assets"]) - 2
    )


def test_spark_master_without_the_spark_engine_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke(
        "scan", str(LAKE), "--catalog", f"sqlite:///{tmp_path / 'c.db'}", "--spark-master", "local"
    )
    assert result.exit_code == 2
    assert "--spark-master needs --engine spark" in result.stderr


def test_missing_pyspark_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)  # import pyspark.sql now raises ImportError
    result = invoke("scan", str(LAKE), "--catalog", f"sqlite:///{tmp_path / 'c.db'}", "--engine", "spark")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: the Spark engine needs pyspark: pip install 'jejak[spark]'"
