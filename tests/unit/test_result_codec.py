"""The Spark engine's pieces that need no Spark: the result codec round trip, what executors are sent, and
the session settings."""

from __future__ import annotations

import pyarrow as pa
import pytest

from jejak.asset import Asset, AssetFormat
from jejak.config import load_config
from jejak.connectors.base import ReadOptions
from jejak.errors import AnalyzerError
from jejak.finding import Finding, SubjectKey
from jejak.scan.asset_scanner import AssetScanner
from jejak.scan.engine import reads_remotely, replay
from jejak.scan.result import AssetResult, ColumnResult, EntityStats, SampleInfo
from jejak.scan.result_codec import (
    SCHEMA,
    ItemOutcome,
    asset_from_json,
    asset_to_json,
    decode_item,
    findings_batch,
    result_batch,
    subject_keys_batch,
)
from jejak.scan.spark_engine import OUTPUT_DDL, _job_error, executor_config
from jejak.scan.spark_session import session_conf

ASSET = Asset(
    uri="/lake/raw/users.parquet",
    connector="file",
    format=AssetFormat.PARQUET,
    size=123,
    modified=1.5,
    location="SG",
    fingerprint="abc|def|findings",
    hints={"hf.shards": "2"},
)


def _result() -> AssetResult:
    column = ColumnResult("email", "string", 300, {"EMAIL_ADDRESS": EntityStats(290, 290, 1.0)})
    nested = ColumnResult("messages.content", "string", 300, {"PHONE_NUMBER": EntityStats(3, 2, 0.75)})
    return AssetResult(
        asset=ASSET,
        rows=300,
        columns={"email": column, "messages.content": nested},
        entities={"EMAIL_ADDRESS": EntityStats(290, 290, 1.0), "PHONE_NUMBER": EntityStats(3, 2, 0.75)},
        error="truncated gzip stream after 224 rows",
        warnings=["line 12 is not valid JSON; scanned as text"],
        sample=SampleInfo(100, "spread"),
        duration_s=0.412,
    )


def test_asset_round_trip() -> None:
    assert asset_from_json(asset_to_json(ASSET)) == ASSET


def test_an_item_decodes_to_the_same_sink_calls_and_result() -> None:
    findings = [
        Finding(
            ASSET.uri, "email", 4, 0, 17, "EMAIL_ADDRESS", 1.0, "EmailRecognizer", "a****@x.com", "f" * 64
        ),
        Finding(ASSET.uri, None, 9, 3, 12, "SG_NRIC_FIN", 0.85, "SgNricFin", "S****567D", "e" * 64),
    ]
    later = [Finding(ASSET.uri, "email", 70000, 1, 5, "EMAIL_ADDRESS", 0.6, "r", "p", "d" * 64)]
    keys = [SubjectKey(ASSET.uri, "user_id", 4, "user_id", "c" * 64)]
    batches = [
        findings_batch(0, 0, findings),
        subject_keys_batch(0, 1, keys),
        findings_batch(0, 2, later),
        result_batch(0, 3, _result(), "detector-fp"),
    ]
    outcome = decode_item(pa.Table.from_batches(batches, SCHEMA), ASSET)
    assert outcome.findings == (findings, later)
    assert outcome.subject_keys == (keys,)
    assert outcome.result == _result()
    assert list(outcome.result.columns) == ["email", "messages.content"]  # report order kept
    assert outcome.detector == "detector-fp"


def test_the_spark_schema_names_every_column() -> None:
    assert OUTPUT_DDL.count("`") == 2 * len(SCHEMA)
    assert "`end` bigint" in OUTPUT_DDL and "`score` double" in OUTPUT_DDL


def test_executors_get_neither_catalog_url_nor_spark_settings() -> None:
    config = load_config(
        overrides={
            "catalog": {"url": "postgresql+psycopg://jejak:s3cret@db/catalog"},
            "scan": {"engine": "spark", "spark": {"conf": {"spark.hadoop.fs.s3a.secret.key": "k"}}},
        }
    )
    shipped = executor_config(config).model_dump_json()
    assert "s3cret" not in shipped and "fs.s3a" not in shipped
    assert executor_config(config).detection == config.detection


def test_secret_spark_settings_are_masked_in_reports() -> None:
    conf = {
        "spark.hadoop.fs.s3a.secret.key": "k",
        "spark.hadoop.fs.s3a.access.key": "a",
        "spark.executor.memory": "4g",
    }
    config = load_config(overrides={"scan": {"spark": {"conf": conf}}})
    shown = config.redacted()["scan"]["spark"]["conf"]
    assert shown == {
        "spark.hadoop.fs.s3a.secret.key": "***",
        "spark.hadoop.fs.s3a.access.key": "***",
        "spark.executor.memory": "4g",
    }


def test_local_sessions_stay_on_loopback_without_ui() -> None:
    local = session_conf(load_config().scan.spark)
    assert local["spark.driver.host"] == "127.0.0.1" and local["spark.ui.enabled"] == "false"
    cluster = session_conf(load_config(overrides={"scan": {"spark": {"master": "yarn"}}}).scan.spark)
    assert "spark.driver.host" not in cluster
    mine = load_config(overrides={"scan": {"spark": {"conf": {"spark.ui.enabled": "true"}}}}).scan.spark
    assert session_conf(mine)["spark.ui.enabled"] == "true"


def test_only_readable_file_and_s3_assets_travel() -> None:
    assert reads_remotely(ASSET)
    assert not reads_remotely(Asset("sqlite:///x.db#main.t", "sql", AssetFormat.TABLE))
    assert not reads_remotely(Asset("/lake/model.bin", "file", AssetFormat.UNKNOWN))
    assert not reads_remotely(Asset("/lake/x.csv", "file", AssetFormat.CSV, hints={"unreadable": "denied"}))


def test_a_failed_job_is_one_line_with_what_to_do() -> None:
    text = (
        "An error occurred while calling o123.collectAsArrowToPython.\n"
        "org.apache.spark.api.python.PythonException: Traceback (most recent call last):\n"
        '  File "/usr/lib/spark/python/pyspark/worker.py", line 1, in main\n'
        "ModuleNotFoundError: No module named 'jejak'\n"
        "\tat org.apache.spark.api.python.BasePythonRunner.handlePythonException(PythonRunner.scala:1)\n"
    )
    error = _job_error(RuntimeError(text))
    assert str(error) == (
        "the Spark scan failed: ModuleNotFoundError: No module named 'jejak'; "
        "install jejak on every executor (docs/spark.md)"
    )


def test_results_of_another_detector_stop_the_scan() -> None:
    outcome = ItemOutcome((), (), _result(), detector="executor-fp")
    scanner = AssetScanner(detector=None, hasher=None, read_options=ReadOptions())  # type: ignore[arg-type]
    with pytest.raises(AnalyzerError, match="install the same jejak version"):
        replay(outcome, scanner, "driver-fp")
