"""What the catalog hands back: plain frozen records, detached from the database session that read them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from jejak.errors import CatalogError


class RunStatus(StrEnum):
    """`partial`: the run finished but some assets failed; `failed`: the run itself stopped early."""

    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    PARTIAL = "partial"

    @classmethod
    def parse(cls, value: str) -> RunStatus:
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(status.value for status in cls)
            raise CatalogError(f"unknown run status {value!r}; use one of: {allowed}") from None


@dataclass(frozen=True, slots=True)
class FindingRecord:
    """A stored finding with its asset's URI; field names follow `jejak.finding.Finding`."""

    run_id: int
    asset_uri: str
    column: str | None
    row: int
    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str
    preview: str
    value_hash: str


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One scan run as stored; `finished_at` and `summary` are None while the run is in progress."""

    id: int
    started_at: datetime
    finished_at: datetime | None
    status: RunStatus
    jejak_version: str
    roots: list[str]
    config: dict[str, Any]
    summary: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class PreviousScan:
    """An asset's last complete scan: what an incremental rescan compares with and carries forward."""

    run_id: int
    fingerprint: str | None
    rows: int
    sampled: bool
    entities: dict[str, dict[str, Any]]  # entity type -> {"count", "rows", "max_score"}


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes (jejak always writes UTC); PostgreSQL gives aware ones."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
