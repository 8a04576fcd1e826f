"""One ledger row -> one consent event, or a problem naming the row and what is wrong, never its content.

A consent ledger is evidence: a row that cannot be read exactly (no subject, a purpose nobody declared, a
status other than granted/withdrawn, a timestamp that is not a time) is reported and left out. Left out
means the subject has no consent from that row, so a malformed row can only block data, never let it in.
Problems quote nothing from the row except a purpose or status shaped like a word: a misaligned column
could put an e-mail address where the purpose belongs.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from jejak.consent.config import ConsentConfig

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,40}")
_COUNTRY = re.compile(r"[A-Z]{2}")


class ConsentStatus(StrEnum):
    GRANTED = "granted"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class LedgerRow:
    """A ledger row as read: `record` counts data rows from 1; `line` is the file line when known."""

    record: int
    line: int | None
    values: Mapping[str, Any]

    @property
    def where(self) -> str:
        return f"line {self.line}" if self.line is not None else f"record {self.record}"


@dataclass(frozen=True)
class ConsentEvent:
    subject_key: str  # the raw key, held in memory only: hashed before it is compared or stored
    purpose: str
    status: ConsentStatus
    at: datetime
    jurisdiction: str | None
    source: str | None
    where: str
    identifiers: tuple[tuple[str, str], ...] = ()  # (entity type, raw value) from identifier columns


@dataclass(frozen=True)
class LedgerProblem:
    where: str  # "line 7" or "record 7"
    reason: str

    def as_json(self) -> dict[str, str]:
        return {"where": self.where, "reason": self.reason}


def parse_row(
    row: LedgerRow, config: ConsentConfig, purposes: Collection[str]
) -> ConsentEvent | LedgerProblem:
    columns = config.columns
    subject = _text(row.values.get(columns.subject))
    if not subject:
        return LedgerProblem(row.where, f"no subject key in column {columns.subject!r}")
    purpose = _text(row.values.get(columns.purpose))
    if purpose not in purposes:
        shown = f" {purpose!r}" if purpose and _WORD.fullmatch(purpose) else ""
        return LedgerProblem(
            row.where, f"unknown purpose{shown}: not one of consent.purposes ({', '.join(purposes)})"
        )
    status = _text(row.values.get(columns.status)).lower()
    if status not in (ConsentStatus.GRANTED, ConsentStatus.WITHDRAWN):
        shown = f" {status!r}" if status and _WORD.fullmatch(status) else ""
        return LedgerProblem(row.where, f"status{shown} is neither granted nor withdrawn")
    at = parse_time(row.values.get(columns.timestamp))
    if at is None:
        return LedgerProblem(row.where, f"column {columns.timestamp!r} is not an ISO 8601 date or time")
    jurisdiction = _text(row.values.get(columns.jurisdiction)).upper() or None
    if jurisdiction is not None and not _COUNTRY.fullmatch(jurisdiction):
        return LedgerProblem(row.where, f"column {columns.jurisdiction!r} is not a two-letter country code")
    identifiers = tuple(
        (entity, value)
        for column, entity in config.identifier_columns.items()
        if (value := _text(row.values.get(column)))
    )
    return ConsentEvent(
        subject_key=subject,
        purpose=purpose,
        status=ConsentStatus(status),
        at=at,
        jurisdiction=jurisdiction,
        source=_text(row.values.get(columns.source)) or None,
        where=row.where,
        identifiers=identifiers,
    )


def parse_time(value: Any) -> datetime | None:
    """An aware datetime from an ISO 8601 string, a datetime or a date; naive times are taken as UTC."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()
