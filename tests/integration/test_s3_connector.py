"""The S3 connector against moto over real HTTP (through the recording proxy in tests/conftest.py).

Two buckets: `sg-lake` in ap-southeast-1 (versioned, nested prefixes, tags, every shared format) and
`id-lake` in ap-southeast-3 (unversioned, one object denied by a bucket policy). The proxy's request log is
how the tests see what went over the wire: no GET at listing, ranged GETs for Parquet, retried SlowDowns.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from boto3.s3.transfer import TransferConfig
from click.testing import CliRunner

from jejak.asset import Asset, AssetFormat
from jejak.cli.main import cli
from jejak.connectors.base import UNREADABLE_HINT, ListOptions, ReadOptions, ReadReport
from jejak.connectors.registry import ConnectorRegistry
from jejak.connectors.s3 import S3Connector
from jejak.connectors.s3_ranged import RangedObjectFile
from jejak.errors import AssetReadError, ConfigError, ConnectorError, UsageError

MIB = 1 << 20
CSV = b"name,email,phone\nAlya Tan,alya.tan@example.com,+65 9123 4567\nBudi,budi@example.org,\n"
JSONL_DAY1 = b'{"user": "u1", "email": "u1@example.com"}\n{"user": "u2", "email": "u2@example.com"}\n'
JSONL_DAY2 = b'{"user": "u3", "note": "no contact"}\n'
NOTES = b"free text notes without an extension\nsecond line\n"
SG_TAGS = {"team": "ml-platform", "classification": "restricted"}


def _parquet(table: pa.Table, **options: Any) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink, **options)
    return sink.getvalue()


@dataclass
class Lake:
    server: Any  # S3TestServer (tests/conftest.py)
    sg_versions: dict[str, str]  # key -> current version id in the versioned bucket

    def admin(self, region: str = "us-east-1") -> Any:
        """A client straight to moto (not through the proxy): setup stays out of the request log."""
        return boto3.client("s3", endpoint_url=self.server.moto_url, region_name=region)

    def connector(self, **settings: Any) -> S3Connector:
        return S3Connector(S3Connector.Settings(endpoint_url=self.server.endpoint_url, **settings))


@pytest.fixture
def lake(s3_server: Any, s3_env: None) -> Iterator[Lake]:
    s3_server.reset()
    sg = boto3.client("s3", endpoint_url=s3_server.moto_url, region_name="ap-southeast-1")
    sg.create_bucket(Bucket="sg-lake", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"})
    sg.put_bucket_versioning(Bucket="sg-lake", VersioningConfiguration={"Status": "Enabled"})
    sg.put_object(Bucket="sg-lake", Key="raw/users.csv", Body=b"name,email\nold,old@example.com\n")
    objects = {
        "raw/": b"",  # a console "folder"
        "raw/users.csv": CSV,  # second version: the first must not be listed or read
        "raw/events/2024/day1.jsonl.gz": gzip.compress(JSONL_DAY1),
        "raw/events/2024/day2.jsonl": JSONL_DAY2,
        "raw/tmp/scratch.jsonl": b'{"scratch": true}\n',
        "raw/notes": NOTES,
        "raw/model.safetensors": os.urandom(256),
        "raw2024.csv": CSV,  # shares a name prefix with raw/, is not under it
        "curated/table.parquet": _parquet(pa.table({"email": ["a@example.com", "b@example.com"]})),
    }
    versions = {}
    for key, body in objects.items():
        versions[key] = sg.put_object(Bucket="sg-lake", Key=key, Body=body)["VersionId"]
    sg.delete_object(Bucket="sg-lake", Key="raw/tmp/scratch.jsonl")  # latest is a delete marker
    sg.put_object_tagging(
        Bucket="sg-lake",
        Key="raw/users.csv",
        Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in SG_TAGS.items()]},
    )
    jk = boto3.client("s3", endpoint_url=s3_server.moto_url, region_name="ap-southeast-3")
    jk.create_bucket(Bucket="id-lake", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-3"})
    jk.put_object(Bucket="id-lake", Key="exports/customers.csv", Body=CSV)
    jk.put_object(Bucket="id-lake", Key="exports/ok.jsonl", Body=JSONL_DAY1)
    jk.put_object(Bucket="id-lake", Key="exports/secret.jsonl", Body=JSONL_DAY1)
    deny = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::id-lake/exports/secret.jsonl",
            }
        ],
    }
    jk.put_bucket_policy(Bucket="id-lake", Policy=json.dumps(deny))
    s3_server.clear()
    yield Lake(s3_server, versions)
    s3_server.reset()


def _list(connector: S3Connector, root: str, **options: Any) -> list[Asset]:
    return list(connector.list_assets(root, ListOptions(**options)))


def _read(connector: S3Connector, asset: Asset, batch_rows: int = 65_536) -> pa.Table:
    report = ReadReport()
    batches = list(connector.read_batches(asset, ReadOptions(batch_rows=batch_rows), report))
    assert not report.warnings
    return pa.Table.from_batches(batches) if batches else pa.table({})


def test_versioned_singapore_bucket_is_listed_with_hints_and_without_reading(lake: Lake) -> None:
    assets = _list(lake.connector(), "s3://sg-lake/raw/", exclude=("tmp/**",))
    by_key = {asset.uri.removeprefix("s3://sg-lake/"): asset for asset in assets}
    assert list(by_key) == [
        "raw/events/2024/day1.jsonl.gz",
        "raw/events/2024/day2.jsonl",
        "raw/model.safetensors",
        "raw/notes",
        "raw/users.csv",
    ]
    users = by_key["raw/users.csv"]
    assert (users.connector, users.format, users.location, users.size) == (
        "s3",
        AssetFormat.CSV,
        "SG",
        len(CSV),
    )
    assert users.etag and '"' not in users.etag
    assert users.modified and users.modified > 1_600_000_000
    assert users.hints["s3.region"] == "ap-southeast-1"
    assert users.hints["s3.versioning"] == "Enabled"
    assert users.hints["s3.version_id"] == lake.sg_versions["raw/users.csv"]
    assert json.loads(users.hints["s3.tags"]) == SG_TAGS
    assert list(json.loads(users.hints["s3.tags"])) == sorted(SG_TAGS)
    assert users.fingerprint == f"s3:{users.etag}:{len(CSV)}:{lake.sg_versions['raw/users.csv']}"
    day1 = by_key["raw/events/2024/day1.jsonl.gz"]
    assert (day1.format, day1.compression) == (AssetFormat.JSONL, "gzip")
    assert "s3.tags" not in day1.hints
    assert by_key["raw/model.safetensors"].format is AssetFormat.UNKNOWN
    assert by_key["raw/notes"].format is AssetFormat.TEXT
    # only the extensionless key was fetched, and only its head
    gets = lake.server.object_gets("sg-lake")
    assert [(g.path, g.headers.get("Range")) for g in gets] == [
        ("/sg-lake/raw/notes", f"bytes=0-{len(NOTES) - 1}")
    ]


def test_unversioned_jakarta_bucket(lake: Lake) -> None:
    assets = _list(lake.connector(), "s3://id-lake")
    assert [a.uri for a in assets] == [
        "s3://id-lake/exports/customers.csv",
        "s3://id-lake/exports/ok.jsonl",
        "s3://id-lake/exports/secret.jsonl",
    ]
    for asset in assets:
        assert asset.location == "ID"
        assert asset.hints["s3.region"] == "ap-southeast-3"
        assert asset.hints["s3.versioning"] == "Disabled"
        assert "s3.version_id" not in asset.hints
        assert asset.fingerprint == f"s3:{asset.etag}:{asset.size}"
    assert lake.server.get_object_count("id-lake") == 0


DAY1, DAY2 = "raw/events/2024/day1.jsonl.gz", "raw/events/2024/day2.jsonl"
RAW = {DAY1, DAY2, "raw/model.safetensors", "raw/notes", "raw/users.csv"}  # scratch.jsonl is deleted


ROOTS_AND_GLOBS: list[tuple[str, dict[str, Any], set[str]]] = [
    ("s3://sg-lake/raw", {}, RAW),  # the "folder" raw/, not the sibling raw2024.csv
    ("s3://sg-lake/raw/", {"include": ("events/**",)}, {DAY1, DAY2}),
    ("s3://sg-lake/raw/", {"include": ("*.jsonl",)}, {DAY2}),
    ("s3://sg-lake/raw/", {"include": ("events/*/*.jsonl*",)}, {DAY1, DAY2}),
    ("s3://sg-lake/raw/", {"exclude": ("events", "*.safetensors", "users.csv")}, {"raw/notes"}),
    ("s3://sg-lake/raw/users.csv", {}, {"raw/users.csv"}),
    ("s3://sg-lake/raw/users.csv", {"include": ("users.csv",)}, {"raw/users.csv"}),
    ("s3://sg-lake", {"include": ("curated/**", "raw2024.csv")}, {"curated/table.parquet", "raw2024.csv"}),
    ("s3://sg-lake/raw/tmp/", {}, set()),
]


def test_roots_and_globs(lake: Lake) -> None:
    """One connector for the whole table: building boto3 clients per case would dominate the run time."""
    connector = lake.connector(object_tags=False)
    for root, options, expected in ROOTS_AND_GLOBS:
        listed = {a.uri.removeprefix("s3://sg-lake/") for a in _list(connector, root, **options)}
        assert listed == expected, (root, options)


def test_reads_csv_gzip_jsonl_text_and_parquet(lake: Lake) -> None:
    connector = lake.connector()
    assets = {a.uri: a for a in _list(connector, "s3://sg-lake")}
    users = _read(connector, assets["s3://sg-lake/raw/users.csv"])
    assert users.column("email").to_pylist() == ["alya.tan@example.com", "budi@example.org"]
    day1 = _read(connector, assets["s3://sg-lake/raw/events/2024/day1.jsonl.gz"], batch_rows=1)
    assert day1.column("email").to_pylist() == ["u1@example.com", "u2@example.com"]
    assert _read(connector, assets["s3://sg-lake/raw/events/2024/day2.jsonl"]).num_rows == 1
    assert _read(connector, assets["s3://sg-lake/raw/notes"]).num_rows == 2
    table = _read(connector, assets["s3://sg-lake/curated/table.parquet"])
    assert table.column("email").to_pylist() == ["a@example.com", "b@example.com"]
    parquet_gets = lake.server.object_gets("sg-lake", "curated/table.parquet")
    assert parquet_gets and all("Range" in g.headers and "If-Match" in g.headers for g in parquet_gets)


def test_read_is_pinned_to_the_listed_version(lake: Lake) -> None:
    connector = lake.connector()
    [users] = _list(connector, "s3://sg-lake/raw/users.csv")
    lake.admin("ap-southeast-1").put_object(Bucket="sg-lake", Key="raw/users.csv", Body=b"name\nnewer\n")
    assert _read(connector, users).column("name").to_pylist() == ["Alya Tan", "Budi"]
    [get] = lake.server.object_gets("sg-lake", "raw/users.csv")
    assert f"versionId={lake.sg_versions['raw/users.csv']}" in get.query


def test_overwrite_after_listing_is_a_changed_error_not_mixed_bytes(lake: Lake) -> None:
    connector = lake.connector()
    [customers] = _list(connector, "s3://id-lake/exports/customers.csv")
    lake.admin("ap-southeast-3").put_object(Bucket="id-lake", Key="exports/customers.csv", Body=CSV + CSV)
    with pytest.raises(AssetReadError, match="changed while being read"):
        _read(connector, customers)


def test_denied_object_fails_alone(lake: Lake) -> None:
    connector = lake.connector()
    assets = {a.uri.rsplit("/", 1)[1]: a for a in _list(connector, "s3://id-lake/exports/")}
    assert "s3.tags" not in assets["secret.jsonl"].hints  # tagging is denied too: no hint, still listed
    with pytest.raises(AssetReadError, match=r"secret\.jsonl: access denied \(s3:GetObject\); grant"):
        _read(connector, assets["secret.jsonl"])
    assert _read(connector, assets["ok.jsonl"]).num_rows == 2
    assert _read(connector, assets["customers.csv"]).num_rows == 2


def test_extensionless_denied_object_is_listed_unreadable(lake: Lake) -> None:
    lake.admin("ap-southeast-3").put_object(Bucket="id-lake", Key="exports/secret", Body=NOTES)
    policy = json.loads(lake.admin().get_bucket_policy(Bucket="id-lake")["Policy"])
    policy["Statement"][0]["Resource"] = "arn:aws:s3:::id-lake/exports/secret*"
    lake.admin().put_bucket_policy(Bucket="id-lake", Policy=json.dumps(policy))
    connector = lake.connector()
    [secret] = _list(connector, "s3://id-lake/exports/secret")
    assert secret.format is AssetFormat.UNKNOWN
    assert secret.hints[UNREADABLE_HINT].startswith("access denied")
    with pytest.raises(AssetReadError, match="access denied"):
        _read(connector, secret)


def _object_get(path: str) -> Any:
    """A proxy match for GetObject requests on one object (not its ?tagging or other sub-resources)."""
    return lambda request: request.is_get_object and request.path == path


def test_throttling_and_5xx_are_retried(lake: Lake) -> None:
    lake.server.fail_next(1, status=503, code="SlowDown", match="list-type=2")
    lake.server.fail_next(2, status=503, code="SlowDown", match=_object_get("/id-lake/exports/ok.jsonl"))
    lake.server.fail_next(
        1, status=500, code="InternalError", match="GET /id-lake/exports/customers.csv?tagging"
    )
    lake.server.fail_next(1, status=503, code="SlowDown", match=_object_get("/id-lake/exports/customers.csv"))
    connector = lake.connector(retry_mode="standard")
    assets = {a.uri.rsplit("/", 1)[1]: a for a in _list(connector, "s3://id-lake/exports/")}
    assert _read(connector, assets["ok.jsonl"]).num_rows == 2
    assert _read(connector, assets["customers.csv"]).num_rows == 2
    injected = [(r.status, r.path) for r in lake.server.injected()]
    assert injected == [
        (503, "/id-lake"),
        (500, "/id-lake/exports/customers.csv"),  # its GetObjectTagging at listing
        (503, "/id-lake/exports/ok.jsonl"),
        (503, "/id-lake/exports/ok.jsonl"),
        (503, "/id-lake/exports/customers.csv"),
    ]
    assert lake.server.get_object_count("id-lake", "exports/ok.jsonl") == 1  # the retry that got through


def test_throttling_beyond_max_attempts_fails_the_asset(lake: Lake) -> None:
    connector = lake.connector(max_attempts=2, retry_mode="standard")
    [ok] = _list(connector, "s3://id-lake/exports/ok.jsonl")
    lake.server.fail_next(5, status=503, code="SlowDown", match=_object_get("/id-lake/exports/ok.jsonl"))
    with pytest.raises(AssetReadError, match=r"S3 kept failing \(SlowDown\); retry later"):
        _read(connector, ok)
    assert len(lake.server.injected()) == 2


def test_large_multipart_parquet_is_read_in_ranged_gets(lake: Lake) -> None:
    rows, width = 150_000, 128  # ~19 MiB of incompressible values in 5 row groups
    blob = pa.FixedSizeBinaryArray.from_buffers(
        pa.binary(width), rows, [None, pa.py_buffer(os.urandom(rows * width))]
    )
    data = _parquet(
        pa.table({"id": pa.array(range(rows)), "blob": blob}), row_group_size=30_000, compression="none"
    )
    assert len(data) > 16 * MIB
    transfer = TransferConfig(multipart_threshold=8 * MIB, multipart_chunksize=8 * MIB)
    lake.admin("ap-southeast-3").upload_fileobj(
        io.BytesIO(data), "id-lake", "big/shard.parquet", Config=transfer
    )
    connector = lake.connector()
    [asset] = _list(connector, "s3://id-lake/big/")
    assert asset.etag and asset.etag.endswith("-3")  # three parts: a multipart object
    assert pq.ParquetFile(io.BytesIO(data)).metadata.num_row_groups == 5
    report = ReadReport()
    total = sum(batch.num_rows for batch in connector.read_batches(asset, ReadOptions(), report))
    assert total == rows == report.rows_total
    gets = lake.server.object_gets("id-lake", "big/shard.parquet")
    assert len(gets) >= 3
    assert all(g.headers.get("Range", "").startswith("bytes=") for g in gets)
    assert all(g.headers.get("If-Match") == f'"{asset.etag}"' for g in gets)
    assert max(g.response_bytes for g in gets) <= 8 * MIB < len(data)


def test_region_from_head_bucket_when_get_bucket_location_is_denied(lake: Lake) -> None:
    """Read-only policies often lack s3:GetBucketLocation (and GetBucketVersioning): the region then comes
    from HeadBucket's x-amz-bucket-region header, and versioning is reported as unknown."""
    lake.server.deny(lambda request: request.query in ("location", "versioning"))
    assets = _list(lake.connector(), "s3://id-lake/exports/ok.jsonl")
    assert [(a.location, a.hints["s3.region"], a.hints["s3.versioning"]) for a in assets] == [
        ("ID", "ap-southeast-3", "Unknown")
    ]
    assert [r.method for r in lake.server.requests if r.path == "/id-lake" and not r.query] == ["HEAD"]


def test_missing_bucket(lake: Lake) -> None:
    with pytest.raises(UsageError, match=r"^bucket no-such-bucket not found — check the name"):
        _list(lake.connector(), "s3://no-such-bucket/data/")


def test_listing_denied_is_a_connector_error(lake: Lake) -> None:
    lake.server.deny("list-type=2")
    with pytest.raises(
        ConnectorError, match=r"^access denied listing s3://id-lake/exports/ — grant s3:ListBucket"
    ):
        _list(lake.connector(), "s3://id-lake/exports/")


def test_unreachable_endpoint(s3_env: None) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        endpoint = f"http://127.0.0.1:{sock.getsockname()[1]}"
    connector = S3Connector(S3Connector.Settings(endpoint_url=endpoint, max_attempts=1))
    with pytest.raises(
        ConnectorError, match=f"^cannot reach S3 endpoint {endpoint} — check --endpoint-url / network$"
    ):
        _list(connector, "s3://any-bucket/")


def test_no_credentials(lake: Lake, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(UsageError, match=r"no usable AWS credentials .* \(AWS_PROFILE .* instance/task role"):
        _list(lake.connector(), "s3://id-lake/")


def test_unknown_profile(lake: Lake) -> None:
    with pytest.raises(ConfigError, match=r"AWS profile 'nope' not found"):
        _list(lake.connector(profile="nope"), "s3://id-lake/")


def test_settings_come_from_the_config_and_are_strict(s3_env: None) -> None:
    registry = ConnectorRegistry.from_entry_points(
        {"s3": {"endpoint_url": "http://x:9000", "max_attempts": 3}}
    )
    name, connector = registry.for_uri("s3://bucket/key")
    assert name == "s3" and isinstance(connector, S3Connector)
    assert connector.s3_settings.max_attempts == 3
    with pytest.raises(ConfigError, match=r"connectors\.s3\.endpoint_uri: unknown key"):
        ConnectorRegistry.from_entry_points({"s3": {"endpoint_uri": "http://x:9000"}})


def test_cli_scan_reports_the_denied_object_and_scans_the_rest(lake: Lake, tmp_path: Path) -> None:
    config = tmp_path / "jejak.yaml"
    config.write_text(f"version: 1\nconnectors:\n  s3:\n    endpoint_url: {lake.server.endpoint_url}\n")
    out = tmp_path / "scan.json"
    result = CliRunner().invoke(
        cli,
        [
            "scan",
            "s3://id-lake/exports",
            "--format",
            "json",
            "--output",
            str(out),
            "--config",
            str(config),
            "--catalog",
            f"sqlite:///{tmp_path / 'catalog.db'}",
            "--quiet",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 3, result.output
    assert "secret.jsonl: access denied" in result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assets = {a["uri"]: a for a in document["assets"]}
    assert set(assets) == {
        "s3://id-lake/exports/customers.csv",
        "s3://id-lake/exports/ok.jsonl",
        "s3://id-lake/exports/secret.jsonl",
    }
    assert assets["s3://id-lake/exports/secret.jsonl"]["error"].endswith("grant read access or exclude it")
    for uri in ("s3://id-lake/exports/customers.csv", "s3://id-lake/exports/ok.jsonl"):
        assert assets[uri]["error"] is None and assets[uri]["location"] == "ID" and assets[uri]["rows"] == 2
        assert assets[uri]["entities"].get("EMAIL_ADDRESS") == 2
    assert "alya.tan@example.com" not in out.read_text(encoding="utf-8")


class TestRangedObjectFile:
    """The seekable file under Parquet reads, on plain bytes: block reads, seeks, and a short block."""

    DATA = bytes(range(256)) * 40  # 10,240 bytes

    def _file(self, block: int = 1000) -> tuple[RangedObjectFile, list[tuple[int, int]]]:
        fetched: list[tuple[int, int]] = []

        def fetch(start: int, end: int) -> bytes:
            fetched.append((start, end))
            return self.DATA[start : end + 1]

        return RangedObjectFile(fetch, len(self.DATA), block), fetched

    def test_reads_across_blocks_with_bounded_requests(self) -> None:
        file, fetched = self._file()
        assert file.seekable() and file.readable()
        file.seek(990)
        assert file.read(30) == self.DATA[990:1020]
        assert fetched == [(0, 999), (1000, 1999)]
        file.seek(-10, os.SEEK_END)
        assert file.read(100) == self.DATA[-10:] and file.tell() == len(self.DATA)
        assert file.read(1) == b""
        file.seek(0)
        assert file.read() == self.DATA
        assert max(end - start + 1 for start, end in fetched) == 1000

    def test_cache_keeps_recent_blocks(self) -> None:
        file, fetched = self._file()
        for _ in range(3):
            file.seek(1500)
            file.read(10)
        assert fetched == [(1000, 1999)]

    def test_a_short_block_is_an_error_not_wrong_bytes(self) -> None:
        file = RangedObjectFile(lambda start, end: b"x", 5000, 1000)
        with pytest.raises(OSError, match="returned 1 bytes"):
            file.read(10)
