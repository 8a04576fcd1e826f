"""The erasure certificate from synthetic plan and execution documents in a SQLite catalog: records,
statuses, residual items, pass-through keys, the content hash, integrity checks and HTML escaping."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from jejak.catalog.schema import erasure_executions
from jejak.catalog.store import Catalog
from jejak.erasure.audit import AuditLog
from jejak.erasure.certificate import KIND, build_certificate, passes
from jejak.erasure.plan import content_hash, verify_content_hash
from jejak.erasure.records import ErasureRecords
from jejak.errors import CatalogError, UsageError
from jejak.hashing import HashKey
from jejak.reports.erasure_html import render_html

PLAN_ID = "5b0c3f9e-2a8d-4d0e-9a51-3f1d6c2b7e10"
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
EXECUTED = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
RAW = "/lake/raw/users.parquet"
LOG = "/lake/logs/app.log.gz"
S3 = "s3://ml-raw/chats/part-0.parquet"


@pytest.fixture
def engine(catalog_url: str, hash_key: HashKey) -> Engine:
    Catalog.open(catalog_url, hash_key).close()  # creates the tables
    return sa.create_engine(catalog_url)


def sealed(document: dict[str, Any]) -> dict[str, Any]:
    body = {key: value for key, value in document.items() if key != "content_hash"}
    return {**body, "content_hash": content_hash(body)}


def make_plan(*, actions: list[tuple[str, str]] | None = None, manual: bool = False) -> dict[str, Any]:
    chosen = [(RAW, "delete_rows"), (LOG, "redact_spans")] if actions is None else actions
    return sealed(
        {
            "schema_version": 1,
            "kind": "jejak.erasure_plan",
            "plan_id": PLAN_ID,
            "created_at": "2026-11-22T10:00:00+00:00",
            "jejak_version": "0.1.0",
            "hash_key_fingerprint": "f" * 16,
            "request": {"reference": "DSR-0042", "country": "VN", "received": "2026-11-20",
                        "legal_basis": "x"},
            "deadline": {"regime": "VN", "deadline_days": 3, "extension_days": None, "due": "2026-11-23",
                         "rule": "r", "source": "s", "verified": True, "note": None},
            "subject": {"identifiers": [{"type": "EMAIL_ADDRESS", "hash": "a" * 64, "via": "finding"}]},
            "direct_hits": [],
            "reach": [],
            "manual": [
                {"dataset": "s3://models:churn/model.safetensors", "asset_uri": None, "location": "SG",
                 "kinds": ["model_artifact"], "what_to_do": ["retrain without the subject"],
                 "deadline": "2026-11-23"}
            ] if manual else [],
            "actions": [
                {"asset_uri": uri, "action": action, "rows": 1, "spans": 0, "reason": "tabular"}
                for uri, action in chosen
            ],
            "summary": {"assets": len(chosen), "rows": len(chosen), "downstream": 0, "manual": int(manual),
                        "actions": len(chosen)},
            "notes": [],
        }
    )  # fmt: skip


def outcome(uri: str, action: str, status: str = "erased", verification: str = "clean", **extra: Any) -> dict:
    return {
        "asset_uri": uri,
        "action": action,
        "status": status,
        "reason": None if status == "erased" else extra.pop("reason", None),
        "rows_before": 10,
        "rows_after": 9,
        "removed": 1,
        "redacted_spans": 0,
        "sha256_before": "1" * 64,
        "sha256_after": "2" * 64,
        "verification": verification,
        **extra,
    }


def execution(plan: dict[str, Any], assets: list[dict[str, Any]]) -> dict[str, Any]:
    succeeded = all(
        a["status"] in ("erased", "already_erased") and a["verification"] == "clean" for a in assets
    )
    return {
        "kind": "jejak.erasure_execution",
        "schema_version": 1,
        "plan_id": plan["plan_id"],
        "plan_content_hash": plan["content_hash"],
        "succeeded": succeeded,
        "assets": assets,
    }


def record(
    engine: Engine, plan: dict[str, Any], *runs: list[dict[str, Any]], at: datetime = EXECUTED
) -> None:
    """Store the plan and its executions, and audit them as `jejak erase` does."""
    audit, records = AuditLog(engine), ErasureRecords(engine)
    records.save_plan(plan)
    audit.append("dpo", "plan_created", PLAN_ID, plan["content_hash"], at)
    for assets in runs:
        report = execution(plan, assets)
        audit.append("dpo", "plan_approved", PLAN_ID, plan["content_hash"], at)
        audit.append("dpo", "erase_executed", PLAN_ID, content_hash(report), at)
        records.save_execution(PLAN_ID, report, content_hash(report), at)


def done(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [outcome(a["asset_uri"], a["action"]) for a in plan["actions"]]


# -- records --------------------------------------------------------------------------------------------


def test_saving_a_plan_again_is_a_no_op_and_another_hash_is_refused(engine: Engine) -> None:
    records, plan = ErasureRecords(engine), make_plan()
    assert records.save_plan(plan) is True
    assert records.save_plan(copy.deepcopy(plan)) is False
    stored = records.plan(PLAN_ID)
    assert stored is not None and stored.document == plan and stored.content_hash == plan["content_hash"]
    resealed = sealed({**plan, "notes": ["edited"]})
    with pytest.raises(CatalogError, match=rf"plan {PLAN_ID} is recorded .* with another content hash"):
        records.save_plan(resealed)
    with pytest.raises(CatalogError, match="content hash does not match"):
        records.save_plan({**plan, "notes": ["edited, not sealed"]})
    assert records.plan("no-such-plan") is None and records.executions(PLAN_ID) == []


def test_executions_are_appended_oldest_first(engine: Engine) -> None:
    records, plan = ErasureRecords(engine), make_plan()
    first = records.save_execution(PLAN_ID, execution(plan, []), "c" * 64, EXECUTED)
    second = records.save_execution(PLAN_ID, execution(plan, done(plan)), "d" * 64, NOW)
    stored = records.executions(PLAN_ID)
    assert [run.id for run in stored] == [first.id, second.id] and first.id < second.id
    assert [run.content_hash for run in stored] == ["c" * 64, "d" * 64]
    assert stored[1].at == NOW.isoformat(timespec="microseconds") and stored[1].succeeded
    assert stored[1].document == execution(plan, done(plan))


# -- statuses and residual items ------------------------------------------------------------------------


def test_unknown_plan_is_a_usage_error(engine: Engine) -> None:
    with pytest.raises(UsageError, match=rf"^no plan {PLAN_ID} in the catalog; "):
        build_certificate(engine, PLAN_ID, NOW)
    with pytest.raises(UsageError, match=r"^no plan with that id in the catalog") as excinfo:
        build_certificate(engine, "S1234567D is my NRIC", NOW)  # not echoed: it could be anything
    assert "S1234567D" not in str(excinfo.value)


def test_complete(engine: Engine) -> None:
    plan = make_plan()
    record(engine, plan, done(plan))
    certificate = build_certificate(engine, PLAN_ID, NOW)
    assert certificate["kind"] == KIND and certificate["schema_version"] == 1
    assert certificate["status"] == "complete" and certificate["residual"] == [] and passes(certificate)
    assert certificate["request"]["reference"] == "DSR-0042"
    assert (
        certificate["plan"]["plan_id"] == PLAN_ID and certificate["plan"]["deadline"]["due"] == "2026-11-23"
    )
    assert certificate["subject"]["identifiers"] == [{"type": "EMAIL_ADDRESS", "hash": "a" * 64}]
    assert [a["asset_uri"] for a in certificate["assets"]] == [RAW, LOG]
    assert certificate["actions"] == plan["actions"]
    times = certificate["timestamps"]
    assert times["completed"] == EXECUTED.isoformat(timespec="microseconds") and times["within_deadline"]
    assert times["approved"] == EXECUTED.isoformat(timespec="microseconds")
    assert [e["action"] for e in certificate["audit"]["trail"]] == [
        "plan_created",
        "plan_approved",
        "erase_executed",
    ]
    assert certificate["audit"]["chain_intact"] and certificate["integrity"]["verified"]
    assert certificate["execution"]["audited"] and certificate["earlier_executions"] == []


def test_complete_with_manual_items(engine: Engine) -> None:
    plan = make_plan(manual=True)
    record(engine, plan, done(plan))
    certificate = build_certificate(engine, PLAN_ID, NOW)
    assert certificate["status"] == "complete_with_manual_items" and passes(certificate)
    (item,) = certificate["residual"]
    assert item["source"] == "manual" and item["kinds"] == ["model_artifact"]
    assert item["dataset"] == "s3://models:churn/model.safetensors" and "cannot erase" in item["reason"]
    assert item["what_to_do"] == ["retrain without the subject"] and item["deadline"] == "2026-11-23"


def test_not_executed(engine: Engine) -> None:
    plan = make_plan(manual=True)
    record(engine, plan)
    certificate = build_certificate(engine, PLAN_ID, NOW)
    assert certificate["status"] == "not_executed" and not passes(certificate)
    assert certificate["execution"] is None and certificate["assets"] == []
    assert [item["source"] for item in certificate["residual"]] == ["manual"]
    assert (
        certificate["timestamps"]["completed"] is None
        and certificate["timestamps"]["within_deadline"] is None
    )
    assert certificate["integrity"]["execution_audited"] is None and certificate["integrity"]["verified"]


@pytest.mark.parametrize(
    ("result", "status", "reason"),
    [
        (outcome(S3, "redact_spans", "not_supported", "not_run", reason="s3 assets are not supported yet"),
         "not_supported", "s3 assets are not supported yet"),
        (outcome(S3, "redact_spans", "failed", "not_run", reason="cannot write beside it"), "failed",
         "cannot write beside it"),
        (outcome(S3, "redact_spans", "erased", "remaining"), "erased", "still finds the subject"),
        (outcome(S3, "redact_spans", "erased", "not_run"), "erased", "not verified by a rescan"),
    ],
)  # fmt: skip
def test_incomplete_names_each_unfinished_action(
    engine: Engine, result: dict[str, Any], status: str, reason: str
) -> None:
    plan = make_plan(actions=[(RAW, "delete_rows"), (S3, "redact_spans")])
    record(engine, plan, [outcome(RAW, "delete_rows"), result])
    certificate = build_certificate(engine, PLAN_ID, NOW)
    assert certificate["status"] == "incomplete" and not passes(certificate)
    (item,) = certificate["residual"]
    assert (item["source"], item["asset_uri"], item["action"]) == ("execution", S3, "redact_spans")
    assert item["status"] == status and reason in item["reason"] and item["what_to_do"]
    assert certificate["timestamps"]["completed"] is None


def test_an_action_missing_from_the_execution_is_residual(engine: Engine) -> None:
    plan = make_plan()
    record(engine, plan, [outcome(RAW, "delete_rows")])
    certificate = build_certificate(engine, PLAN_ID, NOW)
    assert certificate["status"] == "incomplete"
    assert [(i["asset_uri"], i["status"]) for i in certificate["residual"]] == [(LOG, "missing")]


def test_the_latest_execution_counts_and_earlier_ones_are_listed(engine: Engine) -> None:
    plan = make_plan()
    failed = [outcome(RAW, "delete_rows", "failed", "not_run", reason="disk full"), done(plan)[1]]
    rerun = [outcome(RAW, "delete_rows"), outcome(LOG, "redact_spans", "already_erased")]
    record(engine, plan, failed, rerun)
    certificate = build_certificate(engine, PLAN_ID, NOW)
    assert certificate["status"] == "complete"
    assert [a["status"] for a in certificate["assets"]] == ["erased", "already_erased"]
    assert [(run["succeeded"], run["audited"]) for run in certificate["earlier_executions"]] == [
        (False, True)
    ]
    assert certificate["execution"]["succeeded"]
    assert [e["action"] for e in certificate["audit"]["trail"]].count("erase_executed") == 2


def test_extra_per_asset_keys_pass_through(engine: Engine) -> None:
    plan = make_plan(actions=[(S3, "redact_spans"), (S3, "delete_object_versions")])
    versions = outcome(S3, "delete_object_versions", versions_deleted=3, etag_after="abc")
    record(engine, plan, [outcome(S3, "redact_spans"), versions])
    certificate = build_certificate(engine, PLAN_ID, NOW)
    assert certificate["status"] == "complete"
    assert certificate["assets"][1] == versions
    assert (
        certificate["assets"][1]["versions_deleted"] == 3 and certificate["assets"][1]["etag_after"] == "abc"
    )
    assert "versions_deleted: 3" in render_html(certificate)


def test_only_this_plans_audit_entries_are_in_the_trail(engine: Engine) -> None:
    AuditLog(engine).append("someone", "plan_created", "another-plan", "e" * 64, EXECUTED)
    plan = make_plan()
    record(engine, plan, done(plan))
    certificate = build_certificate(engine, PLAN_ID, NOW)
    assert {e["action"] for e in certificate["audit"]["trail"]} == {
        "plan_created",
        "plan_approved",
        "erase_executed",
    }
    assert certificate["audit"]["chain_entries"] == 4  # the whole chain is verified, not only this plan's


# -- integrity ------------------------------------------------------------------------------------------


def test_content_hash_seals_the_certificate(engine: Engine) -> None:
    plan = make_plan()
    record(engine, plan, done(plan))
    certificate = build_certificate(engine, PLAN_ID, NOW)
    assert verify_content_hash(certificate)
    assert certificate["content_hash"] == content_hash(certificate)
    assert not verify_content_hash({**certificate, "status": "complete_with_manual_items"})
    assert build_certificate(engine, PLAN_ID, NOW) == certificate  # same records, same time: same bytes


def test_a_tampered_audit_log_or_record_fails_the_checks(engine: Engine) -> None:
    plan = make_plan()
    record(engine, plan, done(plan))
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_log SET actor = 'mallory' WHERE id = 1"))
    certificate = build_certificate(engine, PLAN_ID, NOW)
    assert certificate["status"] == "complete" and not passes(certificate)
    assert not certificate["audit"]["chain_intact"] and "altered" in certificate["audit"]["chain_problem"]
    assert not certificate["integrity"]["verified"]

    forged = execution(plan, [{**done(plan)[0], "rows_after": 10}, done(plan)[1]])
    with engine.begin() as conn:  # undo the first edit, then rewrite the execution report behind jejak's back
        conn.execute(sa.text("UPDATE audit_log SET actor = 'dpo' WHERE id = 1"))
        conn.execute(sa.update(erasure_executions).values(document=forged))
    certificate = build_certificate(engine, PLAN_ID, NOW)
    assert certificate["audit"]["chain_intact"]
    assert certificate["integrity"]["execution_content_hash_valid"] is False and not passes(certificate)


def test_a_plan_executed_elsewhere_is_not_audited_here(engine: Engine) -> None:
    plan = make_plan()
    ErasureRecords(engine).save_plan(plan)
    certificate = build_certificate(engine, PLAN_ID, NOW)
    assert certificate["integrity"]["plan_audited"] is False and not certificate["integrity"]["verified"]


# -- HTML -----------------------------------------------------------------------------------------------


def test_html_escapes_every_value(engine: Engine) -> None:
    evil = "/lake/<script>alert('x')</script>.csv"
    plan = make_plan(actions=[(evil, "delete_rows")], manual=True)
    record(engine, plan, [outcome(evil, "delete_rows", "failed", "not_run", reason="<b>bold</b> & co")])
    certificate = build_certificate(engine, PLAN_ID, NOW)
    page = render_html(certificate)
    assert "<script" not in page and "<b>bold" not in page
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
        and "&lt;b&gt;bold&lt;/b&gt; &amp; co" in page
    )
    assert page.startswith("<!DOCTYPE html>") and "http" not in page.lower().replace("http-equiv", "")
    assert "s-incomplete" in page and certificate["content_hash"] in page and PLAN_ID in page
