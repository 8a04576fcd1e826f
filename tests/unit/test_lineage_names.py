"""OpenLineage dataset names for jejak asset URIs (https://openlineage.io/docs/spec/naming), and back."""

from __future__ import annotations

from pathlib import Path

import pytest

from jejak.lineage.errors import DatasetNameError
from jejak.lineage.names import DatasetId, asset_uri_for, candidates, dataset_for_uri

CWD = Path("/work/project")


@pytest.mark.parametrize(
    ("uri", "namespace", "name"),
    [
        ("/data/raw/users.csv", "file", "/data/raw/users.csv"),
        ("raw/users.csv", "file", "/work/project/raw/users.csv"),
        ("file:///data/raw/users.csv", "file", "/data/raw/users.csv"),
        ("file://nas01/share/users.csv", "file://nas01", "/share/users.csv"),
        ("s3://raw-sg/crm/users.parquet", "s3://raw-sg", "crm/users.parquet"),
        ("s3a://raw-sg/crm/users.parquet", "s3://raw-sg", "crm/users.parquet"),
        ("gs://bucket/key.jsonl", "gs://bucket", "key.jsonl"),
        ("hdfs://namenode:8020/warehouse/t", "hdfs://namenode:8020", "/warehouse/t"),
        (
            "postgresql+psycopg://jejak:***@db.internal:5433/evals#public.prompts",
            "postgres://db.internal:5433",
            "evals.public.prompts",
        ),
        (
            "postgresql+psycopg://jejak@db.internal/evals#public.prompts",
            "postgres://db.internal:5432",
            "evals.public.prompts",
        ),
        ("postgres://u@db/evals#s.t", "postgres://db:5432", "evals.s.t"),
        ("mysql+pymysql://u@shop-db/shop#shop.orders", "mysql://shop-db:3306", "shop.orders"),
        ("mssql+pyodbc://u@sql01/crm#dbo.customers", "mssql://sql01:1433", "crm.dbo.customers"),
        ("oracle+oracledb://u@ora/svc#hr.emp", "oracle://ora:1521", "svc.hr.emp"),
        ("sqlite:////abs/evals.db#main.prompts", "sqlite", "/abs/evals.db.main.prompts"),
    ],
)
def test_asset_uris_get_spec_names(uri: str, namespace: str, name: str) -> None:
    assert dataset_for_uri(uri, CWD) == DatasetId(namespace, name)


@pytest.mark.parametrize(
    ("namespace", "name", "uri"),
    [
        ("file", "/data/raw/users.csv", "/data/raw/users.csv"),
        ("s3://raw-sg", "crm/users.parquet", "s3://raw-sg/crm/users.parquet"),
        (
            "postgres://db.internal:5432",
            "evals.public.prompts",
            "postgresql+psycopg://db.internal:5432/evals#public.prompts",
        ),
        ("mysql://shop-db:3306", "shop.orders", "mysql://shop-db:3306/shop#shop.orders"),
        ("sqlite", "/abs/evals.db.main.prompts", "sqlite:////abs/evals.db#main.prompts"),
        ("kafka://broker:9092", "events", None),
    ],
)
def test_back_to_asset_uris(namespace: str, name: str, uri: str | None) -> None:
    assert asset_uri_for(DatasetId(namespace, name)) == uri


def test_round_trip_for_files_and_objects() -> None:
    for uri in ("/data/x.parquet", "s3://b/k/x.parquet", "sqlite:////d/e.db#main.t"):
        assert asset_uri_for(dataset_for_uri(uri, CWD)) == uri


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("postgresql+psycopg://u:secret@db/evals", "add the table"),
        ("sqlite://#main.t", "in-memory"),
        ("s3:///key", "no bucket"),
        ("kafka://", "cannot name"),
    ],
)
def test_unnameable_uris_say_why_without_secrets(uri: str, message: str) -> None:
    with pytest.raises(DatasetNameError, match=message) as excinfo:
        dataset_for_uri(uri, CWD)
    assert "secret" not in str(excinfo.value)


def test_candidates_try_every_colon_then_the_uri() -> None:
    found = candidates("s3://bucket:key/part", CWD)
    assert DatasetId("s3://bucket", "key/part") in found
    assert DatasetId("s3", "//bucket:key/part") in found
    assert DatasetId("postgres://h:5432", "db.s.t") in candidates("postgres://h:5432:db.s.t", CWD)
    assert candidates("s3://bucket/key", CWD)[-1] == DatasetId("s3://bucket", "key")
    assert str(DatasetId("file", "/x")) == "file:/x"
