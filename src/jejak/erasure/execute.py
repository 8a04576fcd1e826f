"""`jejak erase execute`: carry out an approved plan on local files, journaled, then prove it by rescan.

Order of work, each step safe to interrupt:

1. refuse before touching anything: a plan whose content hash does not match, one made under another hash
   key, or a stale one (a local asset whose content fingerprint differs from the plan's, unless the journal
   shows this plan already erased it: its sha256 is the journal's `new_sha256`);
2. discard temp files an earlier, interrupted run of this plan left behind (`.jejak-erase-<plan>-*`);
3. append `plan_approved` to the audit log;
4. per asset: journal `planned`, write and check the temp file (`rewrite.write_temp`), journal `written`,
   swap it in atomically, journal `replaced`;
5. rescan the touched assets into the catalog and look the subject's hashes up again: `verified` per clean
   asset; then append `erase_executed` whose content hash covers the per-asset report.

S3 objects, SQL tables, object versions and formats without a rewriter are reported `not_supported` and
left alone. Test hook: `JEJAK_TEST_KILL_AFTER=<checkpoint>:<n>` makes the process SIGKILL itself right
after the n-th `<checkpoint>` (planned, written, swapped, replaced) so fault tests can stop it at exact
points; the CLI reads it from the environment and passes it in, nothing else looks at it.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from jejak.catalog.subject_index import IndexHit
from jejak.connectors.local import describe
from jejak.erasure.audit import AuditLog
from jejak.erasure.edits import Cut, Edits, RewriteError
from jejak.erasure.journal import Journal, JournalEntry, Step
from jejak.erasure.plan import verify_content_hash
from jejak.erasure.rewrite import SUPPORTED_FORMATS, sha256_file, swap, write_temp
from jejak.errors import UsageError

KILL_ENV = "JEJAK_TEST_KILL_AFTER"
TEMP_PREFIX = ".jejak-erase-"
PLAN_APPROVED = "plan_approved"
ERASE_EXECUTED = "erase_executed"
_REWRITABLE = frozenset({"delete_rows", "redact_spans"})


@dataclass(frozen=True)
class AssetOutcome:
    asset_uri: str
    action: str
    status: str  # erased | already_erased | failed | not_supported
    reason: str | None = None
    rows_before: int | None = None
    rows_after: int | None = None
    removed: int | None = None
    redacted: int | None = None
    sha256_before: str | None = None
    sha256_after: str | None = None
    verification: str = "not_run"  # clean | remaining | not_run

    @property
    def touched(self) -> bool:
        return self.status in ("erased", "already_erased")

    def as_json(self) -> dict[str, Any]:
        return {
            "asset_uri": self.asset_uri,
            "action": self.action,
            "status": self.status,
            "reason": self.reason,
            "rows_before": self.rows_before,
            "rows_after": self.rows_after,
            "removed": self.removed,
            "redacted_spans": self.redacted,
            "sha256_before": self.sha256_before,
            "sha256_after": self.sha256_after,
            "verification": self.verification,
        }


@dataclass(frozen=True)
class Execution:
    plan_id: str
    plan_hash: str
    outcomes: tuple[AssetOutcome, ...]

    @property
    def succeeded(self) -> bool:
        return all(o.touched and o.verification == "clean" for o in self.outcomes)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": "jejak.erasure_execution",
            "schema_version": 1,
            "plan_id": self.plan_id,
            "plan_content_hash": self.plan_hash,
            "succeeded": self.succeeded,
            "assets": [outcome.as_json() for outcome in self.outcomes],
        }

    def content_hash(self) -> str:
        canonical = json.dumps(self.as_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ExecuteContext:
    """What execution needs from the edge: the catalog, who approves, and how to rescan and look up."""

    engine: Engine
    actor: str
    hash_key_fingerprint: str
    rescan: Callable[[Sequence[str]], None]
    find: Callable[[Collection[str]], list[IndexHit]]
    kill_after: str | None = None
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))


@dataclass(frozen=True)
class _Work:
    uri: str
    action: str
    path: Path
    edits: Edits
    done: JournalEntry | None  # set when the journal shows this plan already swapped the file in


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
    work, skipped = _work(plan, journal.entries(plan_id))
    _refuse_stale(plan, work)
    _discard_temps(plan_id, work)
    kill = _KillHook(context.kill_after)
    AuditLog(context.engine).append(
        context.actor, PLAN_APPROVED, plan_id, plan["content_hash"], context.now()
    )
    outcomes = [_erase(plan_id, index, item, journal, kill) for index, item in enumerate(work)]
    outcomes = _verify(plan, outcomes, context, journal)
    execution = Execution(plan_id, plan["content_hash"], tuple(sorted(outcomes + skipped, key=_order)))
    AuditLog(context.engine).append(
        context.actor, ERASE_EXECUTED, plan_id, execution.content_hash(), context.now()
    )
    return execution


def _order(outcome: AssetOutcome) -> tuple[str, str]:
    return outcome.asset_uri, outcome.action


def _work(plan: dict[str, Any], journal: dict[str, JournalEntry]) -> tuple[list[_Work], list[AssetOutcome]]:
    hits = {hit["asset_uri"]: hit for hit in plan["direct_hits"]}
    work: list[_Work] = []
    skipped: list[AssetOutcome] = []
    for action in plan["actions"]:
        uri, kind = action["asset_uri"], action["action"]
        hit = hits.get(uri)
        reason = _unsupported(hit, kind)
        if hit is None or reason:
            skipped.append(AssetOutcome(uri, kind, "not_supported", reason or "no direct hit in the plan"))
            continue
        path = Path(uri)
        entry = journal.get(uri)
        swapped = entry is not None and entry.is_swapped and path.is_file()
        done = entry if swapped and entry is not None and sha256_file(path) == entry.new_sha256 else None
        work.append(_Work(uri, kind, path, _edits(kind, hit["locations"]), done))
    return work, skipped


def _unsupported(hit: dict[str, Any] | None, action: str) -> str | None:
    if hit is None:
        return None
    if hit.get("connector") != "file":
        return f"{hit.get('connector')} assets are not supported yet; erase by hand"
    if action not in _REWRITABLE:
        return f"{action} is not supported yet for local files"
    if hit.get("format") not in SUPPORTED_FORMATS:
        return f"format {hit.get('format')} cannot be rewritten yet; erase by hand"
    return None


def _edits(action: str, locations: list[dict[str, Any]]) -> Edits:
    if action == "delete_rows":
        return Edits(delete=frozenset(int(loc["row"]) for loc in locations))
    redact: dict[int, list[Cut]] = {}
    for loc in locations:
        redact.setdefault(int(loc["row"]), []).append(Cut(loc["column"], loc["start"], loc["end"]))
    return Edits(redact={row: tuple(cuts) for row, cuts in redact.items()})


def _refuse_stale(plan: dict[str, Any], work: list[_Work]) -> None:
    """Every asset still as planned (or already erased by this plan), checked before anything changes."""
    planned = {hit["asset_uri"]: hit.get("fingerprint") or "" for hit in plan["direct_hits"]}
    for item in work:
        if item.done is not None:
            continue
        asset = describe(item.path)
        expected = planned[item.uri].split("|", 1)[0]
        if asset is None or asset.fingerprint is None or asset.fingerprint != expected:
            raise UsageError(
                f"plan {plan['plan_id']} is stale: {item.uri} changed since planning; scan it and plan again"
            )


def _discard_temps(plan_id: str, work: list[_Work]) -> None:
    for directory in sorted({item.path.parent for item in work}):
        for temp in directory.glob(f"{TEMP_PREFIX}{plan_id}-*"):
            temp.unlink(missing_ok=True)


class _KillHook:
    def __init__(self, spec: str | None) -> None:
        name, _, count = (spec or "").partition(":")
        self._name = name
        self._at = int(count) if count.isdigit() else 1
        self._seen = 0

    def __call__(self, checkpoint: str) -> None:
        if checkpoint == self._name:
            self._seen += 1
            if self._seen == self._at:
                os.kill(os.getpid(), signal.SIGKILL)


def _erase(plan_id: str, index: int, item: _Work, journal: Journal, kill: _KillHook) -> AssetOutcome:
    if item.done is not None:
        done = item.done
        return AssetOutcome(
            item.uri, item.action, "already_erased", None, done.rows_before, done.rows_after,
            done.removed, done.redacted, done.original_sha256, done.new_sha256,
        )  # fmt: skip
    asset = describe(item.path)
    if asset is None:
        return AssetOutcome(item.uri, item.action, "failed", "the file vanished; nothing was changed")
    entry = JournalEntry(plan_id, item.uri, item.action, Step.PLANNED, original_sha256=sha256_file(item.path))
    journal.record(entry)
    kill("planned")
    temp = item.path.parent / f"{TEMP_PREFIX}{plan_id}-{index}.tmp"
    try:
        result = write_temp(item.path, asset.format.value, asset.compression == "gzip", item.edits, temp)
    except RewriteError as exc:
        return AssetOutcome(item.uri, item.action, "failed", f"{exc}; the original is kept")
    except OSError as exc:
        reason = f"cannot write beside it ({exc.strerror}); the original is kept"
        return AssetOutcome(item.uri, item.action, "failed", reason)
    entry = replace(
        entry,
        step=Step.WRITTEN,
        temp_path=str(temp),
        original_sha256=result.original_sha256,
        new_sha256=result.new_sha256,
        rows_before=result.rows_before,
        rows_after=result.rows_after,
        removed=result.removed,
        redacted=result.redacted,
    )
    journal.record(entry)
    kill("written")
    swap(temp, item.path)
    kill("swapped")
    journal.record(replace(entry, step=Step.REPLACED, temp_path=None))
    kill("replaced")
    return AssetOutcome(
        item.uri, item.action, "erased", None, result.rows_before, result.rows_after, result.removed,
        result.redacted, result.original_sha256, result.new_sha256,
    )  # fmt: skip


def _verify(
    plan: dict[str, Any], outcomes: list[AssetOutcome], context: ExecuteContext, journal: Journal
) -> list[AssetOutcome]:
    touched = sorted({o.asset_uri for o in outcomes if o.touched})
    if not touched:
        return outcomes
    context.rescan(touched)
    hashes = {identifier["hash"] for identifier in plan["subject"]["identifiers"]}
    remaining = {hit.asset_uri for hit in context.find(hashes)} & set(touched)
    entries = journal.entries(str(plan["plan_id"]))
    verified: list[AssetOutcome] = []
    for outcome in outcomes:
        if not outcome.touched:
            verified.append(outcome)
            continue
        clean = outcome.asset_uri not in remaining
        if clean and outcome.asset_uri in entries:
            journal.record(replace(entries[outcome.asset_uri], step=Step.VERIFIED))
        verified.append(replace(outcome, verification="clean" if clean else "remaining"))
    return verified
