"""The erasure journal: how far `jejak erase execute` got with each asset, kept in the catalog.

A rewrite has two moments where a crash matters: after the temp file is written (the original is intact;
the temp is discarded and redone) and after it is swapped in (the asset already holds the erased content;
redoing it would be wrong, since the plan's row numbers no longer fit). The journal records `new_sha256`
when the temp is written, so the next run recognises a swapped-in asset by its content even if the run was
killed between `os.replace` and the `replaced` step. Each step is its own transaction, committed before the
file operation that follows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine

from jejak.catalog.schema import erasure_journal


class Step(StrEnum):
    PLANNED = "planned"
    WRITTEN = "written"
    REPLACED = "replaced"
    VERIFIED = "verified"


@dataclass(frozen=True)
class JournalEntry:
    plan_id: str
    asset_uri: str
    action: str
    step: Step
    temp_path: str | None = None
    original_sha256: str | None = None
    new_sha256: str | None = None
    rows_before: int | None = None
    rows_after: int | None = None
    removed: int | None = None
    redacted: int | None = None

    @property
    def is_swapped(self) -> bool:
        """Whether the rewrite may already be in place (the file's hash tells for sure)."""
        return self.step is not Step.PLANNED and self.new_sha256 is not None


class Journal:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def entries(self, plan_id: str) -> dict[str, JournalEntry]:
        """The plan's entries by asset URI."""
        j = erasure_journal
        query = select(j).where(j.c.plan_id == plan_id)
        with self._engine.connect() as conn:
            return {
                row.asset_uri: JournalEntry(
                    plan_id=row.plan_id,
                    asset_uri=row.asset_uri,
                    action=row.action,
                    step=Step(row.step),
                    temp_path=row.temp_path,
                    original_sha256=row.original_sha256,
                    new_sha256=row.new_sha256,
                    rows_before=row.rows_before,
                    rows_after=row.rows_after,
                    removed=row.removed,
                    redacted=row.redacted,
                )
                for row in conn.execute(query)
            }

    def record(self, entry: JournalEntry) -> None:
        """Insert or move forward the entry for (plan, asset), committed before returning."""
        j = erasure_journal
        values = {
            "action": entry.action,
            "step": entry.step.value,
            "temp_path": entry.temp_path,
            "original_sha256": entry.original_sha256,
            "new_sha256": entry.new_sha256,
            "rows_before": entry.rows_before,
            "rows_after": entry.rows_after,
            "removed": entry.removed,
            "redacted": entry.redacted,
            "at": datetime.now(UTC).isoformat(timespec="microseconds"),
        }
        where = (j.c.plan_id == entry.plan_id) & (j.c.asset_uri == entry.asset_uri)
        with self._engine.begin() as conn:
            done = conn.execute(update(j).where(where).values(values))
            if done.rowcount == 0:
                conn.execute(insert(j).values(plan_id=entry.plan_id, asset_uri=entry.asset_uri, **values))
