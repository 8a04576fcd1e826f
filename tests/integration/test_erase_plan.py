"""`jejak erase plan` and `jejak audit verify` on the fixture lake with a small lineage manifest.

One planted person (u002569) is in the raw table, the support chat, the gzipped app log, the training set
(by `user_id` only) and the eval prompts. Lineage makes the training and eval sets downstream of the raw
table, a model artifact downstream of the training set, and a hashed feature table downstream through
masked columns only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from jejak.cli.main import cli
from jejak.erasure.plan import verify_content_hash

LAKE = Path(__file__).resolve().parents[2] / "fixtures" / "lake"
IDS = "email=waikit_chong@example.com\nphone=+60 14-999 1705\nMY_NRIC=980203-01-0417\nuser_id=u002569\n"
CONFIG = """
erasure:
  subject_keys:
    - {match: "*/training/*.parquet", column: user_id, kind: user_id}
"""
MODEL = "s3://models:churn/model.safetensors"
HASHED = "file:/data/features/hashed_users.parquet"
FIVE = {
    "raw/users.parquet",
    "raw/support_chat.jsonl",
    "logs/app-2026-11-01.log.gz",
    "training/train.parquet",
    "eval/eval_prompts.jsonl",
}


def manifest() -> str:
    return f"""
version: 1
jobs:
  - name: build_training_set
    namespace: notebooks-my
    location: MY
    inputs: [{LAKE}/raw/users.parquet]
    outputs: [{LAKE}/training/train.parquet]
  - name: build_eval_set
    namespace: notebooks-my
    location: MY
    inputs: [{LAKE}/raw/users.parquet]
    outputs: [{LAKE}/eval/eval_prompts.jsonl]
  - name: hash_features
    namespace: notebooks-my
    inputs: [{LAKE}/raw/users.parquet]
    outputs: [/data/features/hashed_users.parquet]
    columns:
      - {{output: user_ref, inputs: [user_id], masked: true}}
  - name: train_churn_model
    namespace: notebooks-sg
    location: SG
    inputs: [{LAKE}/training/train.parquet]
    outputs:
      - {{namespace: "s3://models", name: churn/model.safetensors, location: SG}}
"""


def run(workdir: Path, *args: str, input: str | None = None) -> Result:
    options = ["--catalog", f"sqlite:///{workdir / 'catalog.db'}", "--config", str(workdir / "jejak.yaml")]
    return CliRunner().invoke(cli, [*args, *options], input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    workdir = tmp_path_factory.mktemp("erase")
    (workdir / "jejak.yaml").write_text(CONFIG, encoding="utf-8")
    (workdir / "lineage.yaml").write_text(manifest(), encoding="utf-8")
    (workdir / "ids.txt").write_text(IDS, encoding="utf-8")
    (workdir / "request.yaml").write_text(
        "reference: DSR-2026-0042\ncountry: VN\nreceived: 2026-11-20\n"
        'legal_basis: "Law 91/2025 Art 14: the subject withdrew consent"\n',
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("JEJAK_HASH_KEY", raising=False)
        patch.delenv("JEJAK_CATALOG", raising=False)
        patch.chdir(workdir)
        assert run(workdir, "scan", str(LAKE), "--quiet").exit_code == 3
        ingest = run(workdir, "lineage", "ingest", "--manifest", str(workdir / "lineage.yaml"))
        assert ingest.exit_code == 0, ingest.output
        before = {p: p.stat().st_mtime_ns for p in LAKE.rglob("*") if p.is_file()}
        result = run(
            workdir,
            "erase",
            "plan",
            "--ids-file",
            str(workdir / "ids.txt"),
            "--request",
            str(workdir / "request.yaml"),
            "--output",
            str(workdir / "out" / "plan.json"),
            "--actor",
            "dpo",
        )
        assert result.exit_code == 0, result.output
        assert before == {
            p: p.stat().st_mtime_ns for p in LAKE.rglob("*") if p.is_file()
        }  # planning reads only
        yield workdir, json.loads((workdir / "out" / "plan.json").read_text(encoding="utf-8"))


def rel(uri: str) -> str:
    return str(Path(uri).relative_to(LAKE))


def test_direct_hits_in_all_five_assets(planned: tuple[Path, dict[str, Any]]) -> None:
    _, plan = planned
    hits = {rel(hit["asset_uri"]): hit for hit in plan["direct_hits"]}
    assert set(hits) == FIVE
    assert {loc["type"] for loc in hits["training/train.parquet"]["locations"]} == {"user_id"}
    assert {loc["type"] for loc in hits["logs/app-2026-11-01.log.gz"]["locations"]} == {"PHONE_NUMBER"}
    assert hits["raw/users.parquet"]["rows"] == 1
    for hit in hits.values():
        assert hit["fingerprint"] and hit["findings_run"] is not None  # for the staleness check later


def test_reach_through_lineage(planned: tuple[Path, dict[str, Any]]) -> None:
    _, plan = planned
    reach = {item["dataset"]: item for item in plan["reach"]}
    assert reach[f"file:{LAKE}/training/train.parquet"]["status"] == "contains"
    assert reach[f"file:{LAKE}/eval/eval_prompts.jsonl"]["status"] == "contains"
    model = reach[MODEL]
    assert model["status"] == "derived, may contain" and model["model_artifact"] is True
    assert model["location"] == "SG" and model["depth"] == 1
    assert reach[HASHED]["status"] == "not reached"  # only masked columns flowed there


def test_manual_items_with_the_jurisdictions_deadline(planned: tuple[Path, dict[str, Any]]) -> None:
    _, plan = planned
    assert plan["deadline"]["regime"] == "VN" and plan["deadline"]["deadline_days"] == 15
    assert plan["deadline"]["due"] == "2026-12-05"
    manual = {item["dataset"]: item for item in plan["manual"]}
    model = manual[MODEL]
    assert model["kinds"] == ["model_artifact", "other_jurisdiction"]
    assert model["what_to_do"][0].startswith("retrain or unlearn")
    assert model["deadline"] == "2026-12-05"
    assert HASHED not in manual
    assert "unreadable" in manual[str(LAKE / "raw" / "users_backup.parquet")]["kinds"]  # a corrupt backup


def test_actions_per_asset(planned: tuple[Path, dict[str, Any]]) -> None:
    _, plan = planned
    actions = {(rel(a["asset_uri"]), a["action"]): a for a in plan["actions"]}
    assert set(actions) == {
        ("raw/users.parquet", "delete_rows"),
        ("raw/support_chat.jsonl", "delete_rows"),
        ("logs/app-2026-11-01.log.gz", "redact_spans"),
        ("training/train.parquet", "delete_rows"),
        ("eval/eval_prompts.jsonl", "delete_rows"),
    }
    assert actions[("raw/users.parquet", "delete_rows")]["rows"] == 1
    assert actions[("logs/app-2026-11-01.log.gz", "redact_spans")]["spans"] >= 1


def test_plan_is_sealed_and_rendered(planned: tuple[Path, dict[str, Any]]) -> None:
    workdir, plan = planned
    assert verify_content_hash(plan)
    assert not verify_content_hash({**plan, "actions": plan["actions"][1:]})
    assert plan["schema_version"] == 1 and plan["kind"] == "jejak.erasure_plan"
    assert [i["type"] for i in plan["subject"]["identifiers"]] == [
        "EMAIL_ADDRESS",
        "MY_NRIC",
        "PHONE_NUMBER",
        "user_id",
    ]
    assert plan["request"] == {
        "reference": "DSR-2026-0042",
        "country": "VN",
        "received": "2026-11-20",
        "legal_basis": "Law 91/2025 Art 14: the subject withdrew consent",
    }
    markdown = (workdir / "out" / "plan.md").read_text(encoding="utf-8")
    assert plan["content_hash"] in markdown and "retrain or unlearn" in markdown


def test_no_raw_value_in_plan_files(planned: tuple[Path, dict[str, Any]], planted_values: set[str]) -> None:
    workdir, _ = planned
    for name in ("plan.json", "plan.md"):
        text = (workdir / "out" / name).read_text(encoding="utf-8")
        assert {value for value in planted_values if value in text} == set(), name
        assert "u002569" not in text  # the subject key's value, not a planted PII value


def test_request_quoting_an_identifier_is_refused(planned: tuple[Path, dict[str, Any]]) -> None:
    workdir, _ = planned
    request = workdir / "bad_request.yaml"
    request.write_text(
        "reference: DSR-7\nlegal_basis: erase WAIKIT_CHONG@example.com now\n", encoding="utf-8"
    )
    result = run(
        workdir,
        "erase",
        "plan",
        "--ids-file",
        str(workdir / "ids.txt"),
        "--request",
        str(request),
        "--output",
        str(workdir / "bad" / "plan.json"),
    )
    assert result.exit_code == 2 and "legal_basis quotes one of the subject's identifiers" in result.stderr
    assert "waikit" not in result.stderr.lower() and not (workdir / "bad").exists()


def test_no_deadline_where_the_regime_has_none(planned: tuple[Path, dict[str, Any]]) -> None:
    workdir, _ = planned
    request = workdir / "my_request.yaml"
    request.write_text("reference: DSR-8\ncountry: MY\nreceived: 2026-11-20\n", encoding="utf-8")
    output = workdir / "my" / "plan.json"
    result = run(
        workdir,
        "erase",
        "plan",
        "--ids-file",
        "-",
        "--request",
        str(request),
        "--output",
        str(output),
        input=IDS,
    )
    assert result.exit_code == 0, result.output
    plan = json.loads(output.read_text(encoding="utf-8"))
    assert plan["deadline"]["due"] is None and "no statutory erasure deadline" in plan["deadline"]["note"]


def test_audit_log_verifies_then_detects_tampering(planned: tuple[Path, dict[str, Any]]) -> None:
    workdir, plan = planned
    result = run(workdir, "audit", "verify", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["intact"] is True and report["entries"] >= 1
    with sqlite3.connect(workdir / "catalog.db") as conn:
        first = conn.execute("SELECT action, object_id, content_hash FROM audit_log WHERE id = 1").fetchone()
        assert first == ("plan_created", plan["plan_id"], plan["content_hash"])
        conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = 1")
    result = run(workdir, "audit", "verify")
    assert result.exit_code == 1
    assert "entry 1 (plan_created" in result.stdout and "altered" in result.stdout
