"""The erasure certificate as one self-contained HTML page, for the privacy officer who signs the answer.

Drawn from the sealed JSON certificate only, so the page shows exactly what was hashed. No script, no
stylesheet or font fetched from anywhere (the file is mailed and opened offline), and every value is
HTML-escaped: asset URIs and reasons come from file names and configs that anyone may have chosen.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

_STYLE = """
body{font-family:sans-serif;margin:2em;color:#222;max-width:1400px}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccd;padding:4px 8px;vertical-align:top}
th{background:#f0f2f5;text-align:left}code{font-size:90%;word-break:break-all}.muted{color:#667}
.status{padding:.6em 1em;border-radius:4px;font-weight:bold;display:inline-block}
.s-complete{background:#e8f5e9;color:#2e7d32}.s-complete_with_manual_items{background:#fff8e1;color:#8d6e00}
.s-incomplete{background:#ffebee;color:#c62828}.s-not_executed{background:#eceff1;color:#455a64}
.ok{color:#2e7d32}.bad{color:#c62828;font-weight:bold}
"""

_STATUS_TEXT = {
    "complete": "Complete: every planned action was carried out and a rescan found the subject nowhere.",
    "complete_with_manual_items": "Complete, with manual items: jejak's actions are done and verified; "
    "the residual items below need a person.",
    "incomplete": "Incomplete: some actions failed, are not supported, or the rescan still finds the "
    "subject.",
    "not_executed": "Not executed: the plan is recorded but was never executed against this catalog.",
}

#: Per-asset keys with a column of their own; any other key of the execution report goes to "other".
_ASSET_KEYS = (
    "asset_uri",
    "action",
    "status",
    "rows_before",
    "rows_after",
    "removed",
    "redacted_spans",
    "sha256_before",
    "sha256_after",
    "verification",
    "reason",
)


def _text(value: Any) -> str:
    """Any JSON value as escaped HTML text."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return escape(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return escape(str(value))


def _code(value: Any) -> str:
    return "—" if value is None or value == "" else f"<code>{_text(value)}</code>"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], empty: str) -> str:
    """Cells must already be HTML (escaped by the caller)."""
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    if not body:
        return f"<p class='muted'>{escape(empty)}</p>"
    head = "".join(f"<th>{escape(name)}</th>" for name in header)
    return f"<table><tr>{head}</tr>{body}</table>"


def _check(value: bool | None) -> str:
    if value is None:
        return "<span class='muted'>not applicable</span>"
    return "<span class='ok'>yes</span>" if value else "<span class='bad'>NO</span>"


def render_html(certificate: dict[str, Any]) -> str:
    plan, status = certificate["plan"], str(certificate["status"])
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>jejak erasure certificate {_text(plan['plan_id'])}</title>",
        f"<style>{_STYLE}</style></head><body><h1>Erasure certificate</h1>",
        f"<p class='status s-{escape(status)}'>{escape(_STATUS_TEXT.get(status, status))}</p>",
        _overview(certificate),
        "<h2>Checks</h2>",
        _checks(certificate),
        "<h2>Subject identifiers</h2><p class='muted'>Keyed hashes (HMAC-SHA256 under the catalog's key "
        f"{_code(plan.get('hash_key_fingerprint'))}); the values themselves are stored nowhere.</p>",
        _table(
            ["type", "keyed hash"],
            ([_text(i["type"]), _code(i["hash"])] for i in certificate["subject"]["identifiers"]),
            "No identifiers.",
        ),
        "<h2>Planned actions</h2>",
        _table(
            ["asset", "action", "rows", "spans", "why"],
            (
                [
                    _code(a.get("asset_uri")),
                    _text(a.get("action")),
                    _text(a.get("rows")),
                    _text(a.get("spans")),
                    _text(a.get("reason")),
                ]
                for a in certificate["actions"]
            ),
            "The plan has no action: the subject was found in no asset jejak can erase.",
        ),
        "<h2>Results per asset</h2>",
        _assets(certificate),
        "<h2>Residual items</h2><p class='muted'>What jejak did not erase, or could not prove erased: "
        "each needs a person before the request is closed.</p>",
        _table(
            ["asset or dataset", "status", "why", "what to do", "deadline"],
            (
                [
                    _code(r.get("asset_uri") or r.get("dataset"))
                    + (f"<br>{_text(r['action'])}" if r.get("action") else ""),
                    _text(r.get("status"))
                    + (f" ({_text(r['verification'])})" if r.get("verification") else ""),
                    _text(r.get("reason")),
                    _text("; ".join(r.get("what_to_do") or [])),
                    _text(r.get("deadline")),
                ]
                for r in certificate["residual"]
            ),
            "None.",
        ),
        "<h2>Earlier executions</h2>",
        _table(
            ["finished at", "succeeded", "report content hash", "in the audit log"],
            (
                [
                    _text(run["at"]),
                    _text(run["succeeded"]),
                    _code(run["content_hash"]),
                    _check(run["audited"]),
                ]
                for run in certificate["earlier_executions"]
            ),
            "None.",
        ),
        "<h2>Audit trail of this plan</h2>",
        _audit(certificate["audit"]),
        _footer(certificate),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _footer(certificate: dict[str, Any]) -> str:
    generated, version = certificate["timestamps"]["generated"], certificate["jejak_version"]
    return (
        f"<p class='muted'>Generated {_text(generated)} by jejak {_text(version)}. Certificate content hash "
        f"(SHA-256 of its canonical JSON, as for the plan): {_code(certificate.get('content_hash'))}. "
        "Identifiers are keyed hashes; no value of anyone appears here.</p>"
    )


def _overview(certificate: dict[str, Any]) -> str:
    plan, request, times = certificate["plan"], certificate["request"], certificate["timestamps"]
    deadline = plan.get("deadline") or {}
    due = _text(deadline.get("due"))
    if deadline.get("due") and deadline.get("regime"):
        due += f" ({_text(deadline.get('deadline_days'))} days, {_text(deadline['regime'])})"
    if deadline.get("note"):
        due += f"<br><span class='muted'>{_text(deadline['note'])}</span>"
    within = times.get("within_deadline")
    verdict = (
        "—" if within is None else _check(within) if within else "<span class='bad'>after the deadline</span>"
    )
    rows = [
        ("Request", f"{_text(request.get('reference'))}, country {_text(request.get('country'))}"),
        ("Legal basis", _text(request.get("legal_basis"))),
        ("Received", _text(times.get("request_received"))),
        ("Deadline", due),
        ("Completed", _text(times.get("completed"))),
        ("Completed within the deadline", verdict),
        (
            "Plan",
            f"{_code(plan['plan_id'])}, created {_text(plan.get('created_at'))} by jejak "
            f"{_text(plan.get('jejak_version'))}",
        ),
        ("Plan content hash", _code(plan.get("content_hash"))),
        ("Approved", _text(times.get("approved"))),
        ("Executed", f"first {_text(times.get('first_executed'))}, last {_text(times.get('last_executed'))}"),
    ]
    return "<table>" + "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in rows) + "</table>"


def _checks(certificate: dict[str, Any]) -> str:
    integrity = certificate["integrity"]
    labels = (
        ("plan_content_hash_valid", "The stored plan matches its content hash"),
        ("plan_audited", "The audit log records the plan's content hash"),
        ("execution_content_hash_valid", "The latest execution report matches its content hash"),
        ("execution_of_this_plan", "The latest execution was of this plan (same plan content hash)"),
        ("execution_audited", "The audit log records the latest execution report's content hash"),
        ("audit_chain_intact", "The whole audit log chain verifies"),
    )
    rows = [(escape(label), _check(integrity.get(key))) for key, label in labels]
    rows.append(("<strong>All checks hold</strong>", _check(integrity.get("verified"))))
    return "<table>" + "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows) + "</table>"


def _assets(certificate: dict[str, Any]) -> str:
    execution = certificate.get("execution")
    if execution is None:
        return "<p class='muted'>The plan was never executed: no result to show.</p>"
    outcome = "succeeded" if execution["succeeded"] else "<span class='bad'>did not succeed</span>"
    intro = (
        f"<p>Latest execution finished {_text(execution['at'])}: {outcome}; report content hash "
        f"{_code(execution['content_hash'])}.</p>"
    )
    header = [
        "asset",
        "action",
        "status",
        "rows before → after",
        "removed",
        "redacted spans",
        "sha256 before",
        "sha256 after",
        "verification",
        "other",
        "reason",
    ]
    rows = []
    for asset in certificate["assets"]:
        other = "<br>".join(
            f"{_text(key)}: {_text(value)}"
            for key, value in asset.items()
            if key not in _ASSET_KEYS and value is not None
        )
        rows.append(
            [
                _code(asset.get("asset_uri")),
                _text(asset.get("action")),
                _text(asset.get("status")),
                f"{_text(asset.get('rows_before'))} → {_text(asset.get('rows_after'))}",
                _text(asset.get("removed")),
                _text(asset.get("redacted_spans")),
                _code(asset.get("sha256_before")),
                _code(asset.get("sha256_after")),
                _text(asset.get("verification")),
                other or "—",
                _text(asset.get("reason")),
            ]
        )
    return intro + _table(header, rows, "The execution touched no asset.")


def _audit(audit: dict[str, Any]) -> str:
    if audit["chain_intact"]:
        chain = (
            f"<p><span class='ok'>The audit log verifies</span>: {_text(audit['chain_entries'])} entries, "
            f"head {_code(audit['chain_head'])}.</p>"
        )
    else:
        chain = f"<p class='bad'>The audit log does not verify: {_text(audit['chain_problem'])}</p>"
    table = _table(
        ["#", "at", "actor", "action", "content hash", "entry hash"],
        (
            [
                _text(e["id"]),
                _text(e["at"]),
                _text(e["actor"]),
                _text(e["action"]),
                _code(e["content_hash"]),
                _code(e["entry_hash"]),
            ]
            for e in audit["trail"]
        ),
        "No audit entry names this plan.",
    )
    return chain + table
