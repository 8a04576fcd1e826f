"""The consent report as one self-contained HTML page, for the privacy officer who decides what to rebuild.

Drawn from the JSON document only, so the page says exactly what the JSON says: counts, never a value or a
hash. No script, no stylesheet or font fetched from anywhere (the file is mailed and opened offline), and
every value is HTML-escaped: dataset URIs, job names and rule texts come from files anyone may have named.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

_STYLE = """
body{font-family:sans-serif;margin:2em;color:#222;max-width:1400px}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccd;padding:4px 8px;vertical-align:top}
th{background:#f0f2f5;text-align:left}code{font-size:90%;word-break:break-all}.muted{color:#667}
.dataset{border-left:6px solid #cfd8dc;padding-left:1em;margin:2em 0}.dataset.stale{border-color:#c62828}
.dataset.unknown,.dataset.held{border-color:#8d6e00}tr.stale td{background:#ffebee}
.status{padding:.3em .8em;border-radius:4px;font-weight:bold;display:inline-block}
.s-stale{background:#ffebee;color:#c62828}.s-fresh{background:#e8f5e9;color:#2e7d32}
.s-unknown,.s-held{background:#fff8e1;color:#8d6e00}.bad{color:#c62828;font-weight:bold}
"""

_STATUS = {
    True: ("stale", "Stale: built before people in it withdrew consent"),
    False: ("fresh", "Not stale: nobody in it withdrew after it was built"),
    None: ("unknown", "Unknown: people in it withdrew, and when it was built is not known"),
}


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return escape(str(value))


def _code(value: Any) -> str:
    return "—" if value is None or value == "" else f"<code>{_text(value)}</code>"


def _table(header: Sequence[str], rows: Iterable[tuple[str, Sequence[str]]], empty: str) -> str:
    """Rows are (row class, cells); cells must already be HTML (escaped by the caller)."""
    body = "".join(
        f"<tr class='{escape(css)}'>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"
        for css, cells in rows
    )
    if not body:
        return f"<p class='muted'>{escape(empty)}</p>"
    head = "".join(f"<th>{escape(name)}</th>" for name in header)
    return f"<table><tr>{head}</tr>{body}</table>"


def render_html(document: dict[str, Any]) -> str:
    ledger, summary = document["ledger"], document["summary"]
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>jejak consent report</title>",
        f"<style>{_STYLE}</style></head><body><h1>Consent report</h1>",
        f"<p class='muted'>Generated {_text(document['generated_at'])} by jejak "
        f"{_text(document['jejak_version'])}. Ledger {_code(ledger['uri'])}: {_text(ledger['rows'])} "
        f"row(s), {_text(ledger['subjects'])} subject(s), {_text(ledger['problems'])} malformed row(s) "
        "ignored (never consent). Purposes: "
        f"{_text(', '.join(document['purposes']))}.</p>",
        f"<ul><li>{_text(summary['datasets'])} dataset(s)</li>"
        f"<li class='{'bad' if summary['stale'] else ''}'>{_text(summary['stale'])} stale</li>"
        f"<li>{_text(summary['with_withdrawn_subjects'])} holding people who withdrew consent</li></ul>",
        "<p class='muted'>Stale: someone in the dataset withdrew consent for the purpose after the dataset "
        "was built. Rows are judged as <code>jejak gate</code> judges them; people are counted by their "
        "latest ledger decision for the purpose.</p>",
    ]
    parts += [_dataset(dataset) for dataset in document["datasets"]]
    parts.append(_regimes(document))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _built(dataset: dict[str, Any]) -> str:
    source = dataset["built_at_source"]
    if source is None:
        return "Built: unknown (not in the lineage graph, no modification time)."
    if source == "lineage":
        by = dataset["built_by"] or {}
        return (
            f"Built {_text(dataset['built_at'])}: latest completed run {_code(by.get('run_id'))} of job "
            f"{_code(by.get('job'))} (lineage dataset {_code(dataset['lineage_dataset'])})."
        )
    return (
        f"Built {_text(dataset['built_at'])} by the asset's modification time (lineage does not know when; a "
        "later copy or touch makes it look newer)."
    )


def _dataset(dataset: dict[str, Any]) -> str:
    css, label = _STATUS[dataset["stale"]]
    withdrawn = max((p["withdrawn_any_time"]["subjects"] for p in dataset["purposes"]), default=0)
    if withdrawn and dataset["stale"] is False:
        css = "held"
        label += f", but it holds {withdrawn} person(s) who had withdrawn before: rebuild without them"
    rows = []
    for purpose in dataset["purposes"]:
        verdicts, statuses = purpose["rows_by_verdict"], purpose["subjects_by_status"]
        since = purpose["withdrawn_since_built"]
        any_time = purpose["withdrawn_any_time"]
        rows.append(
            (
                "stale" if purpose["stale"] else "",
                [
                    _text(purpose["purpose"]),
                    _text(purpose["rows"]),
                    "<br>".join(f"{escape(name)}: {_text(count)}" for name, count in verdicts.items()),
                    _text(purpose["subjects"]),
                    "<br>".join(f"{escape(name)}: {_text(count)}" for name, count in statuses.items()),
                    "unknown"
                    if since is None
                    else f"{_text(since['subjects'])} people, {_text(since['rows'])} rows",
                    f"{_text(any_time['subjects'])} people, {_text(any_time['rows'])} rows",
                    f"<span class='status s-{_STATUS[purpose['stale']][0]}'>"
                    f"{_STATUS[purpose['stale']][0]}</span>",
                    "<br>".join(
                        f"{_text(entry['code'] or 'unknown')}: {_text(entry['subjects'])}"
                        + ("" if entry["regime"] else " <span class='muted'>(no regime)</span>")
                        for entry in purpose["jurisdictions"]
                    )
                    or "—",
                ],
            )
        )
    table = _table(
        [
            "purpose",
            "rows",
            "rows by verdict",
            "people",
            "people by status",
            "withdrawn since built",
            "withdrawn any time",
            "stale",
            "jurisdictions (people)",
        ],
        rows,
        "No purpose reported.",
    )
    return (
        f"<section class='dataset {css}'><h2>{_code(dataset['dataset'])}</h2>"
        f"<p class='status s-{css}'>{escape(label)}</p><p>{_built(dataset)} {_text(dataset['rows'])} "
        f"row(s).</p>{table}</section>"
    )


def _regimes(document: dict[str, Any]) -> str:
    regimes: dict[str, dict[str, Any]] = {}
    unknown: set[str] = set()
    for dataset in document["datasets"]:
        for purpose in dataset["purposes"]:
            for entry in purpose["jurisdictions"]:
                if entry["regime"] is not None:
                    regimes[entry["regime"]["id"]] = entry["regime"]
                elif entry["code"] is not None:
                    unknown.add(entry["code"])
    parts = [
        "<h2>Jurisdictions</h2>",
        f"<p class='muted'>Rules from {_code(document['jurisdictions_source'])}: configuration for counsel "
        "to review, not legal advice. Each rule says where it comes from and whether it was verified "
        "against a primary source.</p>",
    ]
    rows = []
    for regime_id, regime in sorted(regimes.items()):
        training, erasure = regime["ai_training"], regime["erasure"]
        rows.append(
            (
                "",
                [
                    f"{_text(regime_id)}<br>{_text(regime['name'])}",
                    _text(regime["regulator"]),
                    f"consent required: {_text(training['consent_required'])}<br>{_text(training['rule'])}"
                    + _sourced(training),
                    f"right: {_text(erasure['right'])}, deadline: {_days(erasure['deadline_days'])}"
                    f"<br>{_text(erasure['rule'])}" + _sourced(erasure),
                ],
            )
        )
    parts.append(
        _table(
            ["regime", "regulator", "training on personal data", "erasure"],
            rows,
            "No person in these datasets has a jurisdiction with a regime on file.",
        )
    )
    if unknown:
        parts.append(
            "<p>No regime on file for: "
            + ", ".join(f"<code>{escape(code)}</code>" for code in sorted(unknown))
            + ".</p>"
        )
    return "".join(parts)


def _days(value: Any) -> str:
    return "—" if value is None else f"{_text(value)} day(s)"


def _sourced(rule: dict[str, Any]) -> str:
    flag = "verified" if rule["verified"] else "unverified"
    return f"<br><span class='muted'>{flag} — {_text(rule['source'])}</span>"
