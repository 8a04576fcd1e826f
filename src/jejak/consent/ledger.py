"""The consent ledger: the latest event per subject and purpose, looked up by keyed hash.

Events are loaded from any source a scan can read (CSV, JSON Lines, Parquet, a SQL table, S3), validated
row by row (`ledger_rows`), and folded into the latest state per (subject, purpose): the event with the
latest timestamp wins, and at equal timestamps a withdrawal wins over a grant (the safe reading of an
ambiguous ledger). Subjects are held only as keyed hashes: the subject key hashed as a subject-key column
of `consent.key_kind` is hashed by scans, and each identifier column's value through its entity's
normaliser, so a dataset row that names the person by e-mail meets the same subject.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jejak.consent.config import ConsentConfig
from jejak.consent.ledger_rows import ConsentEvent, ConsentStatus, LedgerProblem, LedgerRow, parse_row
from jejak.consent.source import Source
from jejak.errors import UsageError
from jejak.hashing import KeyedHasher, identifier_hash, subject_key_hash

MISSING = "missing"


@dataclass(frozen=True)
class Decision:
    """The latest event of one subject for one purpose (no raw value: the subject is its key hash)."""

    subject: str
    status: ConsentStatus
    at: datetime
    jurisdiction: str | None
    source: str | None


@dataclass
class ConsentLedger:
    hasher: KeyedHasher
    key_kind: str
    #: (subject key hash, purpose) -> latest decision
    decisions: dict[tuple[str, str], Decision] = field(default_factory=dict)
    #: identifier hash -> subject key hash, from the ledger's identifier columns
    aliases: dict[str, str] = field(default_factory=dict)
    problems: list[LedgerProblem] = field(default_factory=list)
    rows: int = 0

    def key_hash(self, value: object) -> str | None:
        """The subject hash of a subject-key value as a dataset holds it (None for a blank value)."""
        text = "" if value is None else str(value)
        return subject_key_hash(self.hasher, self.key_kind, text) if text.strip() else None

    def subject_of(self, value_hash: str) -> str | None:
        """The subject an identifier's keyed hash (`identifier_hash`) belongs to, if the ledger names it."""
        return self.aliases.get(value_hash)

    def status(self, subject: str, purpose: str) -> str:
        decision = self.decisions.get((subject, purpose))
        return decision.status.value if decision else MISSING

    def decision(self, subject: str, purpose: str) -> Decision | None:
        return self.decisions.get((subject, purpose))

    def subjects(self) -> set[str]:
        return {subject for subject, _ in self.decisions}

    def add(self, event: ConsentEvent, normalize: Callable[[str, str], str]) -> None:
        subject = subject_key_hash(self.hasher, self.key_kind, event.subject_key)
        for entity, value in event.identifiers:
            if normalize(entity, value):
                self.aliases[identifier_hash(self.hasher, normalize, entity, value)] = subject
        current = self.decisions.get((subject, event.purpose))
        newer = Decision(subject, event.status, event.at, event.jurisdiction, event.source)
        if current is None or _later(newer, current):
            self.decisions[(subject, event.purpose)] = newer


def _later(candidate: Decision, current: Decision) -> bool:
    if candidate.at != current.at:
        return candidate.at > current.at
    return candidate.status is ConsentStatus.WITHDRAWN  # a tie: the withdrawal stands


def load_ledger(
    source: Source,
    config: ConsentConfig,
    hasher: KeyedHasher,
    normalize: Callable[[str, str], str],
    entity_types: Collection[str] = (),
) -> ConsentLedger:
    """Read and fold every row of `source`; malformed rows land in `problems`, never in `decisions`."""
    unknown = sorted(set(config.identifier_columns.values()) - set(entity_types)) if entity_types else []
    if unknown:
        raise UsageError(
            f"consent.identifier_columns names unknown entity type {unknown[0]}; see `jejak recognizers`"
        )
    ledger = ConsentLedger(hasher, config.key_kind)
    lines = source.record_lines()
    purposes = config.purposes
    needed = {config.columns.subject, config.columns.purpose, config.columns.status, config.columns.timestamp}
    for batch in source.batches():
        missing = sorted(needed - set(batch.schema.names))
        if missing:
            raise UsageError(
                f"ledger {source.connector.redact_uri(source.asset.uri)} has no column {missing[0]!r}; "
                "name the ledger's columns in consent.columns"
            )
        for values in batch.to_pylist():
            ledger.rows += 1
            line = lines[ledger.rows - 1] if lines and ledger.rows <= len(lines) else None
            parsed = parse_row(LedgerRow(ledger.rows, line, values), config, purposes)
            if isinstance(parsed, LedgerProblem):
                ledger.problems.append(parsed)
            else:
                ledger.add(parsed, normalize)
    return ledger


def statuses(ledger: ConsentLedger, values: Iterable[Any], purpose: str) -> list[str]:
    """granted | withdrawn | missing for each subject-key value (blank or None: missing)."""
    found: list[str] = []
    for value in values:
        subject = ledger.key_hash(value)
        found.append(ledger.status(subject, purpose) if subject else MISSING)
    return found
