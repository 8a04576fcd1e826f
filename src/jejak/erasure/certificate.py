"""The erasure certificate: what was asked, planned and done for one plan, and what is left, in one document.

A privacy officer answers the data subject (and later a regulator) with it, so it is built from the
catalog alone: the plan as sealed, the execution reports, and the audit entries of the plan
(`jejak.erasure.records`, `jejak.erasure.audit`), never from files a person could have edited since. It
states its own checks rather than trusting the records: whether the stored plan and execution still match
their content hashes, whether the audit log carries those hashes, and whether the whole chain verifies.

Like the plan it quotes, it holds keyed hashes, asset URIs, row counts and file hashes, no value of anyone.
It is sealed with a `content_hash` under the plan's canonical JSON scheme (`jejak.erasure.plan`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.engine import Engine

from jejak import __version__
from jejak.erasure.audit import AuditAction, AuditEntry, AuditLog, Verification
from jejak.erasure.execute import ERASE_EXECUTED, PLAN_APPROVED
from jejak.erasure.plan import HASH_FIELD, content_hash
from jejak.erasure.records import ErasureRecords, StoredExecution, StoredPlan
from jejak.errors import UsageError

SCHEMA_VERSION = 1
KIND = "jejak.erasure_certificate"
DONE = frozenset({"erased", "already_erased"})
CLEAN = "clean"
_PLAN_ID = re.compile(r"^[0-9A-Za-z-]{1,64}$")

#: Why jejak could not erase a manual item itself (the plan's `manual[].kinds`).
MANUAL_REASONS = {
    "model_artifact": "a model or artifact built from the data: jejak cannot erase from it",
    "other_jurisdiction": "held in another country than the request's",
    "not_scanned": "never scanned: jejak cannot say whether it holds the subject",
    "unreadable": "its latest scan failed: jejak cannot say whether it holds the subject",
}


class CertificateStatus(StrEnum):
    COMPLETE = "complete"  # every action erased and verified clean, no manual item
    COMPLETE_WITH_MANUAL_ITEMS = "complete_with_manual_items"  # as complete, but a person has work left
    INCOMPLETE = "incomplete"  # some action failed, is not supported, or the rescan still finds the subject
    NOT_EXECUTED = "not_executed"  # the plan was never executed against this catalog


#: The statuses under which jejak's own part of the erasure is done.
FINISHED = frozenset({CertificateStatus.COMPLETE, CertificateStatus.COMPLETE_WITH_MANUAL_ITEMS})


def build_certificate(engine: Engine, plan_id: str, now: datetime) -> dict[str, Any]:
    """The sealed certificate of `plan_id` from the catalog behind `engine`; UsageError for an unknown id."""
    records = ErasureRecords(engine)
    plan = records.plan(plan_id)
    if plan is None:
        shown = f"plan {plan_id}" if _PLAN_ID.match(plan_id) else "plan with that id"
        raise UsageError(
            f"no {shown} in the catalog; give the plan_id of a plan made or executed with this --catalog "
            "(a plan executed before jejak kept plans is recorded by `jejak erase execute PLAN.json "
            "--approve` again)"
        )
    log = AuditLog(engine)
    trail = [entry for entry in log.entries() if entry.object_id == plan_id]
    return certify(plan, records.executions(plan_id), trail, log.verify(), now)


def certify(
    plan: StoredPlan,
    executions: Sequence[StoredExecution],
    trail: Sequence[AuditEntry],
    chain: Verification,
    now: datetime,
) -> dict[str, Any]:
    """The sealed certificate from records already read (oldest execution first)."""
    document = plan.document
    latest = executions[-1] if executions else None
    outcomes: list[dict[str, Any]] = list(latest.document.get("assets") or []) if latest else []
    deadline = document.get("deadline") or {}
    residual = _manual_items(document, deadline.get("due"))
    if latest is not None:
        residual += _unfinished(document.get("actions") or [], outcomes, deadline.get("due"))
    status = _status(latest, residual)
    audited = {(entry.action, entry.content_hash) for entry in trail}
    body: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "kind": KIND,
        "generated_at": now.isoformat(timespec="seconds"),
        "jejak_version": __version__,
        "status": status.value,
        "request": document.get("request") or {},
        "plan": {
            "plan_id": plan.plan_id,
            "content_hash": plan.content_hash,
            "created_at": document.get("created_at"),
            "jejak_version": document.get("jejak_version"),
            "hash_key_fingerprint": document.get("hash_key_fingerprint"),
            "deadline": deadline,
            "summary": document.get("summary") or {},
        },
        "subject": {
            "identifiers": [
                {"type": identifier["type"], "hash": identifier["hash"]}
                for identifier in (document.get("subject") or {}).get("identifiers", [])
            ]
        },
        "actions": list(document.get("actions") or []),
        "execution": None if latest is None else _execution(latest, audited),
        "earlier_executions": [_execution(run, audited) for run in executions[:-1]],
        "assets": outcomes,
        "residual": residual,
        "timestamps": _timestamps(document, executions, trail, status, deadline.get("due"), now),
        "audit": {
            "chain_intact": chain.intact,
            "chain_entries": chain.entries,
            "chain_head": chain.head,
            "chain_problem": chain.reason,
            "trail": [
                {
                    "id": entry.id,
                    "at": entry.at,
                    "actor": entry.actor,
                    "action": entry.action,
                    "content_hash": entry.content_hash,
                    "entry_hash": entry.entry_hash,
                }
                for entry in trail
            ],
        },
        "integrity": _integrity(plan, latest, audited, chain),
    }
    return {**body, HASH_FIELD: content_hash(body)}


def _status(latest: StoredExecution | None, residual: list[dict[str, Any]]) -> CertificateStatus:
    if latest is None:
        return CertificateStatus.NOT_EXECUTED
    if any(item["source"] == "execution" for item in residual):
        return CertificateStatus.INCOMPLETE
    if residual:
        return CertificateStatus.COMPLETE_WITH_MANUAL_ITEMS
    return CertificateStatus.COMPLETE


def _manual_items(plan: dict[str, Any], due: str | None) -> list[dict[str, Any]]:
    items = []
    for manual in plan.get("manual") or []:
        kinds = list(manual.get("kinds") or [])
        items.append(
            _residual(
                "manual",
                dataset=manual.get("dataset"),
                asset_uri=manual.get("asset_uri"),
                location=manual.get("location"),
                status="manual",
                kinds=kinds,
                reason="; ".join(MANUAL_REASONS.get(kind, kind) for kind in kinds) or "manual item",
                what_to_do=list(manual.get("what_to_do") or []),
                deadline=manual.get("deadline") or due,
            )
        )
    return items


def _unfinished(
    actions: list[dict[str, Any]], outcomes: list[dict[str, Any]], due: str | None
) -> list[dict[str, Any]]:
    """Every planned action the latest execution did not finish and verify clean, with why."""
    results = {(o.get("asset_uri"), o.get("action")): o for o in outcomes}
    items = []
    for action in actions:
        outcome = results.get((action.get("asset_uri"), action.get("action")))
        status = None if outcome is None else outcome.get("status")
        verification = None if outcome is None else outcome.get("verification")
        if status in DONE and verification == CLEAN:
            continue
        reason, what_to_do = _why(outcome)
        items.append(
            _residual(
                "execution",
                dataset=None,
                asset_uri=action.get("asset_uri"),
                location=None,
                action=action.get("action"),
                status=status or "missing",
                verification=verification,
                reason=reason,
                what_to_do=[what_to_do],
                deadline=due,
            )
        )
    return items


def _why(outcome: dict[str, Any] | None) -> tuple[str, str]:
    """Why an action is not finished, and what a person does about it."""
    again = "run `jejak erase execute PLAN.json --approve` again"
    if outcome is None:
        return "the latest execution reports nothing for this action", again
    status, stated = outcome.get("status"), outcome.get("reason")
    if status == "not_supported":
        return stated or "jejak cannot erase this yet", "erase it by hand and keep a record of how"
    if status == "failed":
        return stated or "the rewrite failed; the original was kept", f"fix the cause, then {again}"
    if status in DONE and outcome.get("verification") == "remaining":
        return "the rescan after erasure still finds the subject here", "scan it, plan again and execute"
    if status in DONE:
        return f"not verified by a rescan (verification: {outcome.get('verification')})", again
    return stated or f"status {status}", again


def _residual(source: str, **fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "source": source,  # manual: the plan's manual items; execution: an action not finished
        "dataset": None,
        "asset_uri": None,
        "location": None,
        "action": None,
        "status": None,
        "verification": None,
        "kinds": [],
        "reason": None,
        "what_to_do": [],
        "deadline": None,
    }
    item.update(fields)
    return item


def _execution(run: StoredExecution, audited: set[tuple[str, str]]) -> dict[str, Any]:
    return {
        "at": run.at,
        "succeeded": run.succeeded,
        "content_hash": run.content_hash,
        "audited": (ERASE_EXECUTED, run.content_hash) in audited,
    }


def _timestamps(
    plan: dict[str, Any],
    executions: Sequence[StoredExecution],
    trail: Sequence[AuditEntry],
    status: CertificateStatus,
    due: str | None,
    now: datetime,
) -> dict[str, Any]:
    approvals = [entry.at for entry in trail if entry.action == PLAN_APPROVED]
    succeeded = [run.at for run in executions if run.succeeded]
    # the first run that erased and verified everything; a later re-run only finds it already erased
    completed = succeeded[0] if succeeded and status in FINISHED else None
    return {
        "request_received": (plan.get("request") or {}).get("received"),
        "plan_created": plan.get("created_at"),
        "approved": approvals[-1] if approvals else None,
        "first_executed": executions[0].at if executions else None,
        "last_executed": executions[-1].at if executions else None,
        "completed": completed,
        "deadline": due,
        "within_deadline": None if completed is None or due is None else completed[:10] <= due,
        "generated": now.isoformat(timespec="seconds"),
    }


def _integrity(
    plan: StoredPlan, latest: StoredExecution | None, audited: set[tuple[str, str]], chain: Verification
) -> dict[str, Any]:
    """The certificate's own checks of the records it is built from; `verified` when all hold."""
    checks: dict[str, bool | None] = {
        "plan_content_hash_valid": content_hash(plan.document) == plan.content_hash
        and plan.document.get(HASH_FIELD) == plan.content_hash,
        "plan_audited": (AuditAction.PLAN_CREATED, plan.content_hash) in audited
        or (PLAN_APPROVED, plan.content_hash) in audited,
        "execution_content_hash_valid": None,
        "execution_of_this_plan": None,
        "execution_audited": None,
        "audit_chain_intact": chain.intact,
    }
    if latest is not None:
        checks["execution_content_hash_valid"] = content_hash(latest.document) == latest.content_hash
        checks["execution_of_this_plan"] = latest.document.get("plan_content_hash") == plan.content_hash
        checks["execution_audited"] = (ERASE_EXECUTED, latest.content_hash) in audited
    return {**checks, "verified": all(value is not False for value in checks.values())}


def passes(certificate: dict[str, Any]) -> bool:
    """Whether scripts may treat the certificate as done: jejak's part finished and every check held."""
    return certificate["status"] in FINISHED and bool(certificate["integrity"]["verified"])
