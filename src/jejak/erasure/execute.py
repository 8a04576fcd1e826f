"""`jejak erase execute`: carry out an approved plan, journaled, then prove it by rescan.

Order of work, each step safe to interrupt:

1. refuse before touching anything: a plan whose content hash does not match, one made under another hash
   key, or a stale one (an asset that changed since planning, unless the journal shows this plan already
   erased it), each asset checked by its own eraser (`AssetEraser.check`);
2. append `plan_approved` to the audit log;
3. per action, the asset's eraser (local file, S3 object, SQL table) erases it, journaling each step;
4. rescan the touched assets into the catalog and look the subject's hashes up again: `verified` per clean
   asset; then append `erase_executed` whose content hash covers the per-asset report.

Actions whose connector has no eraser, or that an eraser cannot do (a format without a rewriter), are
reported `not_supported` and left alone. Test hook: `JEJAK_TEST_KILL_AFTER=<checkpoint>:<n>` makes the
process SIGKILL itself right after the n-th `<checkpoint>` (planned, written, swapped, replaced) so fault
tests can stop it at exact points; the CLI reads it from the environment and passes it in, nothing else
looks at it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from jejak.catalog.subject_index import IndexHit
from jejak.erasure.audit import AuditLog
from jejak.erasure.edits import Cut, Edits
from jejak.erasure.eraser import AssetEraser, Checkpoint, EraseItem, already_erased
from jejak.erasure.journal import Journal, JournalEntry, Step
from jejak.erasure.outcome import AssetOutcome, Execution
from jejak.erasure.plan import verify_content_hash
from jejak.errors import UsageError

__all__ = ["AssetOutcome", "ExecuteContext", "Execution", "execute", "load_plan"]

KILL_ENV = "JEJAK_TEST_KILL_AFTER"
PLAN_APPROVED = "plan_approved"
ERASE_EXECUTED = "erase_executed"


@dataclass(frozen=True)
class ExecuteContext:
    """What execution needs from the edge: the catalog, who approves, the erasers by connector name, and
    how to rescan and look up."""

    engine: Engine
    actor: str
    hash_key_fingerprint: str
    erasers: Mapping[str, AssetEraser]
    rescan: Callable[[Sequence[str]], None]
    find: Callable[[Collection[str]], list[IndexHit]]
    kill_after: str | None = None
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))


@dataclass(frozen=True)
class _Work:
    item: EraseItem
    eraser: AssetEraser
    done: JournalEntry | None  # set when the journal shows this plan already erased the asset


def load_plan(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read plan {path}: not a readable JSON file; pass the plan.json") from exc
    if not isinstance(document, dict) or document.get("kind") != "jejak.erasure_plan":
        raise UsageError(f"{path} is not a jejak erasure plan; pass the plan.json `jejak erase plan` wrote")
    if not verify_content_hash(document):
        raise UsageError(
            f"plan {path}: content hash does not match, it was edited after planning; plan again"
        )
    return document


def execute(plan: dict[str, Any], context: ExecuteContext) -> Execution:
    if plan.get("hash_key_fingerprint") != context.hash_key_fingerprint:
        raise UsageError("the plan was made under another hash key; execute it against its own catalog")
    plan_id = str(plan["plan_id"])
    journal = Journal(context.engine)
    items, skipped = _items(plan, context.erasers)
    entries = journal.entries(plan_id)
    work = [  # every asset checked (stale plans refused) before anything changes
        _Work(item, eraser, entries.get(item.uri) if eraser.check(item, entries.get(item.uri)) else None)
        for item, eraser in items
    ]
    checkpoint = Checkpoint(context.kill_after)
    AuditLog(context.engine).append(
        context.actor, PLAN_APPROVED, plan_id, plan["content_hash"], context.now()
    )
    outcomes = [
        already_erased(w.item, w.done) if w.done else w.eraser.erase(w.item, journal, checkpoint)
        for w in work
    ]
    outcomes = _verify(plan, outcomes, context, journal)
    execution = Execution(plan_id, plan["content_hash"], tuple(sorted(outcomes + skipped, key=_order)))
    AuditLog(context.engine).append(
        context.actor, ERASE_EXECUTED, plan_id, execution.content_hash(), context.now()
    )
    return execution


def _order(outcome: AssetOutcome) -> tuple[str, str]:
    return outcome.asset_uri, outcome.action


def _items(
    plan: dict[str, Any], erasers: Mapping[str, AssetEraser]
) -> tuple[list[tuple[EraseItem, AssetEraser]], list[AssetOutcome]]:
    hits = {hit["asset_uri"]: hit for hit in plan["direct_hits"]}
    subject = frozenset(str(identifier["hash"]) for identifier in plan["subject"]["identifiers"])
    items: list[tuple[EraseItem, AssetEraser]] = []
    skipped: list[AssetOutcome] = []
    for index, action in enumerate(plan["actions"]):
        uri, kind = action["asset_uri"], action["action"]
        hit = hits.get(uri)
        if hit is None:
            skipped.append(AssetOutcome(uri, kind, "not_supported", "no direct hit in the plan"))
            continue
        item = EraseItem(str(plan["plan_id"]), index, uri, kind, hit, _edits(kind, hit["locations"]), subject)
        eraser = erasers.get(str(hit.get("connector")))
        reason = (
            f"{hit.get('connector')} assets cannot be erased by jejak; erase by hand"
            if eraser is None
            else eraser.unsupported(item)
        )
        if eraser is None or reason:
            skipped.append(AssetOutcome(uri, kind, "not_supported", reason))
            continue
        items.append((item, eraser))
    return items, skipped


def _edits(action: str, locations: list[dict[str, Any]]) -> Edits:
    if action == "delete_rows":
        return Edits(delete=frozenset(int(loc["row"]) for loc in locations))
    if action != "redact_spans":
        return Edits()
    redact: dict[int, list[Cut]] = {}
    for loc in locations:
        redact.setdefault(int(loc["row"]), []).append(Cut(loc["column"], loc["start"], loc["end"]))
    return Edits(redact={row: tuple(cuts) for row, cuts in redact.items()})


def _verify(
    plan: dict[str, Any], outcomes: list[AssetOutcome], context: ExecuteContext, journal: Journal
) -> list[AssetOutcome]:
    touched = sorted({o.asset_uri for o in outcomes if o.rescanned})
    if not touched:
        return outcomes
    context.rescan(touched)
    hashes = {identifier["hash"] for identifier in plan["subject"]["identifiers"]}
    remaining = {hit.asset_uri for hit in context.find(hashes)} & set(touched)
    entries = journal.entries(str(plan["plan_id"]))
    verified: list[AssetOutcome] = []
    for outcome in outcomes:
        if not outcome.rescanned:
            verified.append(outcome)
            continue
        clean = outcome.asset_uri not in remaining
        if clean and outcome.asset_uri in entries:
            journal.record(replace(entries[outcome.asset_uri], step=Step.VERIFIED))
        verified.append(replace(outcome, verification="clean" if clean else "remaining"))
    return verified
