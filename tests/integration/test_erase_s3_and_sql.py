"""Issue 6's "works the same against moto S3 with a versioned bucket and a PostgreSQL table".

The five lake files holding the planted subject (as in test_erase_execute.py) live in a versioned moto
bucket, the chat log with an older version and tags; the eval prompts and a support-ticket table (one row
naming the subject and someone else, erased by redaction) live in PostgreSQL. One plan, one execute:
every object is rewritten without the subject, every older version is gone, the tables lose exactly the
subject's row and span, and every other row, object tag and metadata stays as it was. Fault tests kill
execute right after the S3 PUT and inside the SQL transaction, and the next run finishes the work.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import psycopg
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result
from tests.conftest import PostgresServer, S3TestServer

from jejak.cli.main import cli

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lake"
BUCKET = "dsr-lake"
FIVE = (
    "raw/users.parquet",
    "raw/support_chat.jsonl",
    "logs/app-2026-11-01.log.gz",
    "training/train.parquet",
    "eval/eval_prompts.jsonl",
)
IDS = "email=waikit_chong@example.com\nphone=+60 14-999 1705\nMY_NRIC=980203-01-0417\nuser_id=u002569\n"
LITERALS = ("waikit_chong@example.com", "980203-01-0417", "+60149991705")
TICKETS = [
    (1, "Refund for order 5521 was approved."),
    (2, "Forwarded from waikit_chong@example.com to siti.aminah@example.org about the refund."),
    (3, "Customer asked to close the account; no contact details left."),
]


@dataclass(frozen=True)
class Setup:
    workdir: Path
    s3: Any
    endpoint: str
    database: str  # with the password: only the command line gets it

    def run(self, *args: str) -> Result:
        options = ["--catalog", f"sqlite:///{self.workdir / 'catalog.db'}"]
        options += ["--config", str(self.workdir / "jejak.yaml")]
        return CliRunner().invoke(cli, [*args, *options], catch_exceptions=False)

    def execute_command(self) -> list[str]:
        jejak = Path(sys.executable).parent / "jejak"
        return [
            str(jejak), "erase", "execute", "plan.json", "--approve", "--endpoint-url", self.endpoint,
            "--database", self.database, "--catalog", "sqlite:///catalog.db", "--config", "jejak.yaml",
            "--format", "json",
        ]  # fmt: skip


def _with_password(url: str) -> str:
    return url.replace("postgres@", "postgres:pw-not-shown@", 1)  # trust auth ignores it; jejak must not


@pytest.fixture
def setup(
    tmp_path: Path, s3_server: S3TestServer, s3_env: None, postgres_server: PostgresServer,
    monkeypatch: pytest.MonkeyPatch,
) -> Setup:  # fmt: skip
    s3_server.reset()
    s3 = boto3.client("s3", endpoint_url=s3_server.moto_url, region_name="us-east-1")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    for name in FIVE:
        body = (FIXTURES / name).read_bytes()
        if name == "raw/support_chat.jsonl":  # an older version holds the subject too
            s3.put_object(Bucket=BUCKET, Key=name, Body=body)
            s3.put_object(
                Bucket=BUCKET, Key=name, Body=body, ContentType="application/x-ndjson",
                Metadata={"owner": "support-ml"}, Tagging="team=support&retention=365d",
            )  # fmt: skip
        else:
            s3.put_object(Bucket=BUCKET, Key=name, Body=body)
    url = postgres_server.new_database()
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("CREATE TABLE eval_prompts (id text PRIMARY KEY, lang text, prompt text, label text)")
        for line in (FIXTURES / "eval/eval_prompts.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            conn.execute(
                "INSERT INTO eval_prompts VALUES (%s, %s, %s, %s)",
                (row["id"], row["lang"], row["prompt"], row["label"]),
            )
        conn.execute("CREATE TABLE tickets (id integer PRIMARY KEY, body text)")
        for ticket in TICKETS:
            conn.execute("INSERT INTO tickets VALUES (%s, %s)", ticket)
    (tmp_path / "jejak.yaml").write_text(
        "erasure:\n"
        "  subject_keys:\n"
        '    - {match: "s3://*/training/*.parquet", column: user_id, kind: user_id}\n'
        '    - {match: "s3://*/raw/support_chat.jsonl", column: user_id, kind: user_id}\n'
        '  redact: ["*#public.tickets"]\n'
        "connectors:\n"
        "  s3: {locate_by_region: false}\n",
        encoding="utf-8",
    )
    (tmp_path / "ids.txt").write_text(IDS, encoding="utf-8")
    monkeypatch.delenv("JEJAK_HASH_KEY", raising=False)
    monkeypatch.delenv("JEJAK_CATALOG", raising=False)
    monkeypatch.chdir(tmp_path)
    found = Setup(tmp_path, s3, s3_server.endpoint_url, _with_password(url))
    scanned = found.run("scan", f"s3://{BUCKET}", found.database, "--endpoint-url", found.endpoint, "--quiet")
    assert scanned.exit_code == 0, scanned.output
    planned = found.run("erase", "plan", "--ids-file", "ids.txt", "--output", "plan.json")
    assert planned.exit_code == 0, planned.output
    return found


def _object(s3: Any, key: str) -> bytes:
    return bytes(s3.get_object(Bucket=BUCKET, Key=key)["Body"].read())


def _rows(name: str, data: bytes) -> list[Any]:
    if name.endswith(".parquet"):
        return pq.read_table(io.BytesIO(data)).to_pylist()
    if name.endswith(".gz"):
        return gzip.decompress(data).decode("utf-8").split("\n")
    return [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]


def _holds_subject(row: Any) -> bool:
    text = json.dumps(row, default=str, ensure_ascii=False)
    return any(literal in text for literal in LITERALS) or '"u002569"' in text


def _table(database: str, name: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(database.replace("+psycopg", "")) as conn:
        return list(conn.execute(f"SELECT * FROM {name} ORDER BY id"))


def assert_erased(setup: Setup) -> None:
    for name in FIVE:
        before, after = _rows(name, (FIXTURES / name).read_bytes()), _rows(name, _object(setup.s3, name))
        if name.endswith(".log.gz"):
            changed = [i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
            assert len(changed) == 1 and "[REDACTED]" in after[changed[0]], name
        else:
            gone = [row for row in before if row not in after]
            assert gone and all(_holds_subject(row) for row in gone), name
            assert len(gone) == (4 if name == "raw/support_chat.jsonl" else 1), name  # + 3 by user_id
            assert [row for row in before if row not in gone] == after, name  # every other row, in order
        assert not any(_holds_subject(row) for row in after), name
        versions = setup.s3.list_object_versions(Bucket=BUCKET, Prefix=name)
        assert len(versions.get("Versions", [])) == 1 and not versions.get("DeleteMarkers"), name
    eval_rows = _table(setup.database, "eval_prompts")
    expected = [
        json.loads(line)
        for line in (FIXTURES / "eval/eval_prompts.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [row[0] for row in eval_rows] == sorted(r["id"] for r in expected if not _holds_subject(r))
    assert _table(setup.database, "tickets") == [
        TICKETS[0],
        (2, "Forwarded from [REDACTED] to siti.aminah@example.org about the refund."),
        TICKETS[2],
    ]


def test_execute_erases_s3_versions_and_postgres_tables(setup: Setup) -> None:
    plan = json.loads((setup.workdir / "plan.json").read_text(encoding="utf-8"))
    assert setup.database not in json.dumps(plan) and "pw-not-shown" not in json.dumps(plan)
    actions = {(a["asset_uri"].rsplit("/", 1)[-1].rsplit("#", 1)[-1], a["action"]) for a in plan["actions"]}
    assert ("support_chat.jsonl", "delete_object_versions") in actions
    assert ("public.tickets", "redact_spans") in actions and ("public.eval_prompts", "delete_rows") in actions

    without_url = setup.run("erase", "execute", "plan.json", "--approve", "--endpoint-url", setup.endpoint)
    assert without_url.exit_code == 2 and "--database" in without_url.stderr, without_url.output
    assert "pw-not-shown" not in without_url.output

    result = setup.run(
        "erase", "execute", "plan.json", "--approve", "--endpoint-url", setup.endpoint,
        "--database", setup.database, "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert len(report["assets"]) == 12  # 5 objects x (rewrite + versions) + 2 tables
    assert {(a["status"], a["verification"]) for a in report["assets"]} == {("erased", "clean")}
    purged = {a["asset_uri"]: a["versions_deleted"] for a in report["assets"] if a["versions_deleted"]}
    assert purged[f"s3://{BUCKET}/raw/support_chat.jsonl"] == 2 and len(purged) == 5
    tables = {a["asset_uri"].rsplit("#", 1)[-1]: a for a in report["assets"] if "#" in a["asset_uri"]}
    assert tables["public.eval_prompts"]["removed"] == 1 and tables["public.tickets"]["redacted_spans"] == 1
    assert_erased(setup)
    chat = setup.s3.head_object(Bucket=BUCKET, Key="raw/support_chat.jsonl")
    assert chat["ContentType"] == "application/x-ndjson" and chat["Metadata"] == {"owner": "support-ml"}
    tags = setup.s3.get_object_tagging(Bucket=BUCKET, Key="raw/support_chat.jsonl")["TagSet"]
    assert sorted((t["Key"], t["Value"]) for t in tags) == [("retention", "365d"), ("team", "support")]
    catalog = (setup.workdir / "catalog.db").read_bytes()
    assert not any(literal.encode() in catalog for literal in LITERALS) and b"pw-not-shown" not in catalog

    again = setup.run(
        "erase", "execute", "plan.json", "--approve", "--endpoint-url", setup.endpoint,
        "--database", setup.database, "--format", "json",
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    statuses = {(a["action"], a["status"]) for a in json.loads(again.stdout)["assets"]}
    assert statuses == {
        ("delete_rows", "already_erased"),
        ("redact_spans", "already_erased"),
        ("delete_object_versions", "erased"),  # idempotent: nothing older is left to delete
    }


def test_a_changed_object_or_table_makes_the_plan_stale(setup: Setup) -> None:
    setup.s3.put_object(Bucket=BUCKET, Key="eval/eval_prompts.jsonl", Body=_object(setup.s3, FIVE[4]) + b"\n")
    result = setup.run(
        "erase", "execute", "plan.json", "--approve", "--endpoint-url", setup.endpoint,
        "--database", setup.database,
    )  # fmt: skip
    assert result.exit_code == 2 and "stale" in result.stderr and "eval_prompts.jsonl" in result.stderr
    setup.s3.put_object(Bucket=BUCKET, Key="eval/eval_prompts.jsonl", Body=(FIXTURES / FIVE[4]).read_bytes())
    with psycopg.connect(setup.database.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("INSERT INTO eval_prompts VALUES ('ev-000', 'en', 'shifts every row number', 'other')")
    result = setup.run(
        "erase", "execute", "plan.json", "--approve", "--endpoint-url", setup.endpoint,
        "--database", setup.database,
    )  # fmt: skip
    assert result.exit_code == 2 and "stale" in result.stderr
    assert (
        len(_table(setup.database, "eval_prompts"))
        == len((FIXTURES / FIVE[4]).read_text(encoding="utf-8").splitlines()) + 1
    )  # nothing was deleted


@pytest.mark.parametrize("point", ["written:1", "swapped:3"])
def test_killed_runs_resume_on_s3_and_postgres(setup: Setup, point: str) -> None:
    """Plans act on assets in URI order, the two tables first: `written:1` dies inside the first table's
    transaction, after its journal entry and before its commit; `swapped:3` right after the first S3 PUT,
    before the journal says `replaced`."""
    env = dict(os.environ)
    killed = subprocess.run(
        setup.execute_command(), cwd=setup.workdir, env={**env, "JEJAK_TEST_KILL_AFTER": point}, check=False,
        capture_output=True,
    )  # fmt: skip
    assert killed.returncode == -9, killed.stderr
    final = subprocess.run(
        setup.execute_command(), cwd=setup.workdir, env=env, check=False, capture_output=True, text=True
    )
    assert final.returncode == 0, final.stdout + final.stderr
    assert_erased(setup)
