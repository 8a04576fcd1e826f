"""Issue 4's "done means": one `jejak scan` over an S3 lake in two regions and a PostgreSQL eval table.

The lake lives in moto's S3 (real HTTP, through the recording proxy of `tests/conftest.py`), the eval table
in the throwaway PostgreSQL server. Planted counts are exact; every asset is placed in its country; a
second scan of the unchanged lake sends no GetObject at all, and changing one object rescans exactly it.
"""

from __future__ import annotations

import gzip
import io
import json
from typing import Any

import boto3
import psycopg
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

# Valid numbers: MyKad with a real date and birthplace code, Singapore mobiles, Indonesian mobiles.
NRICS = ["900101-14-5678", "850215-10-1234", "770707-07-7777"]
SG_PHONES = ["+65 9123 4567", "+65 8234 5678", "+65 9345 6789", "+65 8456 7890"]
ID_PHONES = ["+62 812-3456-7890", "+62 813-1111-2222"]


def _users_csv() -> bytes:
    lines = ["user_id,email,phone,plan"]
    for i in range(12):
        lines.append(f"u{i},user{i}@example.com,{SG_PHONES[i % 4]},{'pro' if i % 2 else 'free'}")
    return ("\n".join(lines) + "\n").encode()


def _chat_jsonl_gz() -> bytes:
    rows = [
        {"ticket": 1, "text": "please update my IC " + NRICS[0] + " thanks"},
        {"ticket": 2, "text": "no personal data here, just a refund question"},
        {"ticket": 3, "text": "my IC is " + NRICS[1] + ", email me at chat.user@example.org"},
    ]
    return gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode())


def _train_parquet() -> bytes:
    table = pa.table(
        {
            "id": list(range(6)),
            "contact": [f"train{i}@example.co.id" for i in range(4)] + ID_PHONES,
            "label": [i % 2 for i in range(6)],
        }
    )
    sink = io.BytesIO()
    pq.write_table(table, sink, row_group_size=3)
    return sink.getvalue()


EXPECTED_S3 = {
    "s3://lake-sg/raw/users.csv": ("SG", {"EMAIL_ADDRESS": 12, "PHONE_NUMBER": 12}),
    "s3://lake-sg/chats/2026-11/chat.jsonl.gz": ("SG", {"MY_NRIC": 2, "EMAIL_ADDRESS": 1}),
    "s3://lake-id/train/train.parquet": ("ID", {"EMAIL_ADDRESS": 4, "PHONE_NUMBER": 2}),
}


@pytest.fixture
def lake(s3_server: Any, s3_env: None) -> None:
    s3_server.reset()
    client = boto3.client("s3", endpoint_url=s3_server.moto_url, region_name="us-east-1")
    for bucket, region in (("lake-sg", "ap-southeast-1"), ("lake-id", "ap-southeast-3")):
        client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
    client.put_bucket_versioning(Bucket="lake-id", VersioningConfiguration={"Status": "Enabled"})
    client.put_object(Bucket="lake-sg", Key="raw/users.csv", Body=_users_csv())
    client.put_object(Bucket="lake-sg", Key="chats/2026-11/chat.jsonl.gz", Body=_chat_jsonl_gz())
    client.put_object(Bucket="lake-id", Key="train/train.parquet", Body=_train_parquet())
    s3_server.clear()


@pytest.fixture
def eval_db(postgres_server: Any) -> str:
    url = postgres_server.new_database()
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute("CREATE TABLE eval_prompts (id serial PRIMARY KEY, prompt text, response text)")
        for i in range(5):
            conn.execute(
                "INSERT INTO eval_prompts (prompt, response) VALUES (%s, %s)",
                (f"Customer eval{i}@example.net asks about a refund", "We will refund you in 3 days."),
            )
    return url


def _scan(jejak: Any, roots: list[str], endpoint: str) -> dict[str, Any]:
    result = jejak("scan", *roots, "--endpoint-url", endpoint, "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_one_scan_over_s3_in_two_regions_and_postgres(
    jejak: Any, lake: None, eval_db: str, s3_server: Any
) -> None:
    (jejak.cwd / "jejak.yaml").write_text(
        yaml.safe_dump({"locations": [{"match": "postgresql+psycopg://*", "country": "MY"}]}),
        encoding="utf-8",
    )
    roots = ["s3://lake-sg", "s3://lake-id/train/", eval_db]
    first = _scan(jejak, roots, s3_server.endpoint_url)

    assets = {a["uri"]: a for a in first["assets"]}
    table_uri = next(uri for uri in assets if uri.endswith("#public.eval_prompts"))
    assert set(assets) == {*EXPECTED_S3, table_uri}
    for uri, (country, entities) in EXPECTED_S3.items():
        assert assets[uri]["location"] == country, uri
        assert assets[uri]["entities"] == entities, uri
        assert assets[uri]["connector"] == "s3"
    assert assets[table_uri]["location"] == "MY"
    assert assets[table_uri]["entities"] == {"EMAIL_ADDRESS": 5}
    assert assets[table_uri]["connector"] == "sql"

    # Unchanged lake: no object is read again, each is reported as skipped with its counts carried.
    s3_server.clear()
    second = _scan(jejak, roots, s3_server.endpoint_url)
    assert s3_server.get_object_count("lake-sg") == 0
    assert s3_server.get_object_count("lake-id") == 0
    again = {a["uri"]: a for a in second["assets"]}
    for uri, (_, entities) in EXPECTED_S3.items():
        assert again[uri]["skip_reason"] == "unchanged", uri
        assert again[uri]["entities"] == entities
    assert again[table_uri]["skipped"] is False, "tables have no change marker: always read"
    assert second["summary"]["assets_unchanged"] == 3
    assert second["summary"]["entities"] == first["summary"]["entities"]

    # One object changes: exactly that one is read.
    client = boto3.client("s3", endpoint_url=s3_server.moto_url, region_name="ap-southeast-1")
    client.put_object(
        Bucket="lake-sg", Key="raw/users.csv", Body=_users_csv() + b"u99,late@example.com,,free\n"
    )
    s3_server.clear()
    third = _scan(jejak, roots, s3_server.endpoint_url)
    read = {r.path for r in s3_server.requests if r.is_get_object}
    assert read == {"/lake-sg/raw/users.csv"}
    changed = {a["uri"]: a for a in third["assets"]}
    assert changed["s3://lake-sg/raw/users.csv"]["skipped"] is False
    assert changed["s3://lake-sg/raw/users.csv"]["entities"]["EMAIL_ADDRESS"] == 13
    assert third["summary"]["assets_unchanged"] == 2
