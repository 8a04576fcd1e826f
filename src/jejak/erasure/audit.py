"""The audit log: every erasure plan, approval and execution, appended to a hash chain in the catalog.

Each entry's `entry_hash` is SHA-256 of the previous entry's hash followed by the entry's canonical JSON
(`id, at, actor, action, object_id, content_hash`, keys sorted, no whitespace); the first entry follows
`GENESIS` (64 zeros). Changing, removing or reordering any entry breaks every hash after it, and `verify`
names the first entry that no longer fits. What a chain alone cannot show is the loss of its newest
entries: keep the head hash `verify` prints somewhere else (a ticket, a signed e-mail) to detect that.

`prev_hash` is unique in the table, so two writers appending at once cannot fork the chain: the slower
one fails on the constraint and appends again after the new head.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from jejak.catalog.schema import audit_log
from jejak.errors import CatalogError

GENESIS = "0" * 64
_APPEND_ATTEMPTS = 5


class AuditAction:
    """The actions written so far; execution and approval come with `jejak erase execute`."""

    PLAN_CREATED = "plan_created"


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str  # ISO 8601, UTC
    actor: str
    action: str
    object_id: str  # e.g. a plan id
    content_hash: str  # e.g. the plan's content hash
    prev_hash: str
    entry_hash: str

    def body(self) -> dict[str, object]:
        return {
            "id": self.id,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "object_id": self.object_id,
            "content_hash": self.content_hash,
        }

    def describe(self) -> str:
        return f"entry {self.id} ({self.action} {self.object_id} at {self.at})"


def chain_hash(prev_hash: str, body: dict[str, object]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Verification:
    intact: bool
    entries: int  # entries checked (up to and including the first broken one)
    head: str  # entry hash of the last good entry (GENESIS for an empty log)
    broken: AuditEntry | None
    reason: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "intact": self.intact,
            "entries": self.entries,
            "head": self.head,
            "broken": None if self.broken is None else asdict(self.broken),
            "reason": self.reason,
        }


class AuditLog:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def append(self, actor: str, action: str, object_id: str, content_hash: str, at: datetime) -> AuditEntry:
        """Add one entry after the current head, in its own transaction."""
        for _ in range(_APPEND_ATTEMPTS):
            try:
                with self._engine.begin() as conn:
                    last = conn.execute(
                        select(audit_log.c.id, audit_log.c.entry_hash)
                        .order_by(audit_log.c.id.desc())
                        .limit(1)
                    ).first()
                    prev = GENESIS if last is None else last.entry_hash
                    body = AuditEntry(
                        id=1 if last is None else int(last.id) + 1,
                        at=at.isoformat(timespec="microseconds"),
                        actor=actor,
                        action=action,
                        object_id=object_id,
                        content_hash=content_hash,
                        prev_hash=prev,
                        entry_hash="",
                    )
                    entry = AuditEntry(**{**asdict(body), "entry_hash": chain_hash(prev, body.body())})
                    conn.execute(insert(audit_log).values(asdict(entry)))
                return entry
            except IntegrityError:
                continue  # another writer appended first: chain onto its entry
        raise CatalogError("cannot append to the audit log: other writers keep appending; try again")

    def entries(self) -> Iterator[AuditEntry]:
        with self._engine.connect() as conn:
            for row in conn.execute(select(audit_log).order_by(audit_log.c.id)):
                yield AuditEntry(
                    int(row.id),
                    row.at,
                    row.actor,
                    row.action,
                    row.object_id,
                    row.content_hash,
                    row.prev_hash,
                    row.entry_hash,
                )

    def verify(self) -> Verification:
        """Walk the chain from the first entry; stop at the first that does not fit."""
        expected_prev = GENESIS
        count = 0
        for entry in self.entries():
            count += 1
            if entry.prev_hash != expected_prev:
                reason = (
                    f"{entry.describe()} does not follow the entry before it: one was removed or reordered"
                )
                return Verification(False, count, expected_prev, entry, reason)
            if chain_hash(entry.prev_hash, entry.body()) != entry.entry_hash:
                reason = f"{entry.describe()} does not match its hash: it was altered"
                return Verification(False, count, expected_prev, entry, reason)
            expected_prev = entry.entry_hash
        return Verification(True, count, expected_prev, None, None)
