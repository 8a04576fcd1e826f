"""The Markdown rendering of a plan, for the privacy officer who approves it (`plan.md` beside the JSON).

It is drawn from the sealed JSON document, never from live objects, so what a person reads is exactly
what was hashed. Like the JSON it shows hashes, places and counts, no value.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _cell(value: Any) -> str:
    text = "-" if value is None or value == "" else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: Iterable[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return lines if len(lines) > 2 else ["(none)"]


def _rows(numbers: Iterable[int], limit: int = 20) -> str:
    ordered = sorted(set(numbers))
    shown = ", ".join(str(n) for n in ordered[:limit])
    return shown + (f" (+{len(ordered) - limit} more)" if len(ordered) > limit else "")


def render_markdown(plan: dict[str, Any]) -> str:
    request, deadline, summary = plan["request"], plan["deadline"], plan["summary"]
    out = [
        f"# Erasure plan {plan['plan_id']}",
        "",
        f"- created: {plan['created_at']} by jejak {plan['jejak_version']}",
        f"- content hash (sha256): `{plan['content_hash']}`",
        f"- request: {_cell(request.get('reference'))}, country {_cell(request.get('country'))}, "
        f"received {request['received']}",
        f"- legal basis: {_cell(request.get('legal_basis'))}",
        f"- deadline: {_cell(deadline['due'])}"
        + (
            f" ({deadline['deadline_days']} days, {deadline['regime']}: {deadline['source']})"
            if deadline["due"]
            else ""
        )
        + (f"; {deadline['note']}" if deadline["note"] else ""),
        f"- summary: {summary['assets']} asset(s), {summary['rows']} row(s), "
        f"{summary['downstream']} downstream dataset(s), {summary['manual']} manual item(s)",
        "",
        "Planning changed nothing. Identifiers are keyed hashes; no value of anyone appears here.",
        "",
        "## Subject identifiers",
        "",
        *_table(
            ["type", "keyed hash"],
            ([i["type"], f"`{i['hash'][:16]}…`"] for i in plan["subject"]["identifiers"]),
        ),
        "",
        "## 1. Direct hits",
        "",
        *_table(
            ["asset", "country", "format", "rows", "shared rows", "where (column: rows)"],
            (
                [
                    hit["asset_uri"],
                    hit["location"],
                    hit["format"],
                    hit["rows"],
                    hit["shared_rows"],
                    _where(hit),
                ]
                for hit in plan["direct_hits"]
            ),
        ),
        "",
        "## 2. Reach through lineage",
        "",
        *_table(
            ["dataset", "status", "country", "hops", "from"],
            (
                [
                    r["dataset"],
                    r["status"] + (" (model)" if r["model_artifact"] else ""),
                    r["location"],
                    r["depth"],
                    ", ".join(r["from_assets"]),
                ]
                for r in plan["reach"]
            ),
        ),
        "",
        "## 3. Manual items (jejak cannot erase these)",
        "",
        *_table(
            ["dataset", "country", "what to do", "deadline"],
            (
                [m["dataset"], m["location"], "; ".join(m["what_to_do"]), m["deadline"]]
                for m in plan["manual"]
            ),
        ),
        "",
        "## 4. Actions",
        "",
        *_table(
            ["asset", "action", "rows", "spans", "why"],
            ([a["asset_uri"], a["action"], a["rows"], a["spans"], a["reason"]] for a in plan["actions"]),
        ),
    ]
    if plan.get("notes"):
        out += ["", "## Notes", "", *(f"- {note}" for note in plan["notes"])]
    return "\n".join(out) + "\n"


def _where(hit: dict[str, Any]) -> str:
    by_column: dict[str, list[int]] = {}
    for location in hit["locations"]:
        by_column.setdefault(location["column"] or "line", []).append(location["row"])
    return "; ".join(f"{column}: {_rows(rows)}" for column, rows in sorted(by_column.items()))
