"""The shape every asset eraser shares (local files, S3 objects, SQL tables), so `execute` stays one loop.

An eraser answers three questions for the plan's items on its kind of asset, in this order:

1. `unsupported`: can it act on this item at all (format, action)? If not, the item is reported
   `not_supported` and left alone;
2. `check`, before anything of the whole plan changes: is the item already erased by this very plan (the
   journal's `new_sha256` is the asset's content now), or is it still as planned? A changed asset raises
   `StalePlan`, and the run stops before touching anything;
3. `erase`: do it, journaling each step before the operation after it, and calling the checkpoint hook at
   the documented points (`planned`, `written`, `swapped`, `replaced`) so fault tests can kill the process
   exactly there.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol

from jejak.erasure.edits import Edits
from jejak.erasure.journal import Journal, JournalEntry, Step
from jejak.erasure.outcome import AssetOutcome
from jejak.erasure.rewrite import FileRewrite
from jejak.errors import UsageError

#: The `erase execute` temp files of a plan: `.jejak-erase-<plan_id>-<n>.tmp`.
TEMP_PREFIX = ".jejak-erase-"


class StalePlan(UsageError):
    """An asset changed since planning: the plan's row numbers and offsets no longer fit it."""

    def __init__(self, plan_id: str, uri: str, detail: str = "changed since planning") -> None:
        super().__init__(f"plan {plan_id} is stale: {uri} {detail}; scan it and plan again")


@dataclass(frozen=True)
class EraseItem:
    """One action of the plan on one asset, with the plan's direct hit for that asset."""

    plan_id: str
    index: int  # position among the plan's actions: names temp files deterministically
    uri: str
    action: str
    hit: Mapping[str, Any]
    edits: Edits
    subject: frozenset[str] = frozenset()  # the subject's keyed hashes, for erasers that re-check cells

    @property
    def planned_fingerprint(self) -> str:
        """The asset's own fingerprint at planning time (the part before the detector's)."""
        return str(self.hit.get("fingerprint") or "").split("|", 1)[0]

    @property
    def temp_name(self) -> str:
        return f"{TEMP_PREFIX}{self.plan_id}-{self.index}.tmp"


class Checkpoint:
    """The fault-test hook: SIGKILL this process right after the n-th `<name>` checkpoint (`name:n`)."""

    def __init__(self, spec: str | None) -> None:
        name, _, count = (spec or "").partition(":")
        self._name = name
        self._at = int(count) if count.isdigit() else 1
        self._seen = 0

    def __call__(self, name: str) -> None:
        if name == self._name:
            self._seen += 1
            if self._seen == self._at:
                os.kill(os.getpid(), signal.SIGKILL)


class AssetEraser(Protocol):
    def unsupported(self, item: EraseItem) -> str | None:
        """Why this eraser cannot act on the item (reported `not_supported`), or None."""
        ...

    def check(self, item: EraseItem, entry: JournalEntry | None) -> bool:
        """True when this plan already erased the asset; raises StalePlan when it changed otherwise.
        Reads only: called for every item before any item is erased."""
        ...

    def erase(self, item: EraseItem, journal: Journal, checkpoint: Checkpoint) -> AssetOutcome:
        """Erase the item (not already erased: `check` said so); failures are outcomes, not exceptions,
        so the other assets are still erased."""
        ...


def from_journal(item: EraseItem, entry: JournalEntry, status: str) -> AssetOutcome:
    """The outcome the journal's counts and hashes describe."""
    return AssetOutcome(
        item.uri, item.action, status, None, entry.rows_before, entry.rows_after, entry.removed,
        entry.redacted, entry.original_sha256, entry.new_sha256,
    )  # fmt: skip


def already_erased(item: EraseItem, done: JournalEntry) -> AssetOutcome:
    return from_journal(item, done, "already_erased")


def written(entry: JournalEntry, result: FileRewrite, temp_path: str | None = None) -> JournalEntry:
    """`entry` moved to `written` with what the checked rewrite reports."""
    return replace(
        entry,
        step=Step.WRITTEN,
        temp_path=temp_path,
        original_sha256=result.original_sha256,
        new_sha256=result.new_sha256,
        rows_before=result.rows_before,
        rows_after=result.rows_after,
        removed=result.removed,
        redacted=result.redacted,
    )


def swapped(item: EraseItem, entry: JournalEntry, journal: Journal, checkpoint: Checkpoint) -> AssetOutcome:
    """After the atomic step (rename, PUT, commit): journal `replaced`, with the checkpoints around it."""
    checkpoint("swapped")
    journal.record(replace(entry, step=Step.REPLACED, temp_path=None))
    checkpoint("replaced")
    return from_journal(item, entry, "erased")
