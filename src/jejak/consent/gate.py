"""The consent gate: may this dataset be used for this purpose? A verdict per row, a summary for pipelines.

Per row, the people it is about are its subject (by `--subject-column`) and every ledger subject whose
identifier appears in it. The row passes when it holds no personal data at all, or when every one of those
people's latest ledger event for the purpose is `granted`. Otherwise the first that applies:

- `withdrawn`: someone in it withdrew;
- `missing`: someone in it has no event for the purpose (never asked, or only malformed rows);
- `unknown_subject`: it holds personal data the ledger cannot attribute: identifiers inside free text that
  are no ledger subject's (third parties), or identifiers in a row without a subject key. Blocked unless
  `consent.unknown_subjects: allow`.

Whole-cell identifiers in a row with a subject key (an `email` column beside `user_id`) are taken as that
subject's own. Nothing here holds a raw value: subjects and identifiers are keyed hashes under a key that
lives only for the run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from jejak.consent.dataset_rows import RowPeople
from jejak.consent.ledger import MISSING, ConsentLedger
from jejak.consent.ledger_rows import ConsentStatus, LedgerProblem

#: How many blocked row numbers the JSON lists (the count is always exact).
BLOCKED_ROWS_SHOWN = 1000


class Verdict(StrEnum):
    CONSENTED = "consented"
    NOT_PERSONAL = "not_personal"
    WITHDRAWN = "withdrawn"
    MISSING = "missing"
    UNKNOWN_SUBJECT = "unknown_subject"


@dataclass(frozen=True)
class GatePolicy:
    purpose: str
    subject_column: str | None
    key_kind: str
    unknown_subjects: str  # block | allow
    identifier_columns: tuple[str, ...]

    def passes(self, verdict: Verdict) -> bool:
        if verdict is Verdict.UNKNOWN_SUBJECT:
            return self.unknown_subjects == "allow"
        return verdict in (Verdict.CONSENTED, Verdict.NOT_PERSONAL)

    def as_json(self) -> dict[str, Any]:
        return {
            "purpose": self.purpose,
            "subject_column": self.subject_column,
            "key_kind": self.key_kind,
            "unknown_subjects": self.unknown_subjects,
            "identifier_columns": list(self.identifier_columns),
            "latest_event_wins": True,
            "tie_goes_to": "withdrawn",
            "malformed_ledger_rows": "ignored: never consent",
        }


def judge(people: RowPeople, ledger: ConsentLedger, policy: GatePolicy) -> tuple[Verdict, set[str]]:
    """The row's verdict and the ledger subjects it involves."""
    if not people.personal:
        return Verdict.NOT_PERSONAL, set()
    subjects = {people.key} if people.key else set()
    unknown = False
    for identifier in people.own | people.mentions:
        subject = ledger.subject_of(identifier)
        if subject is not None:
            subjects.add(subject)
        elif identifier in people.mentions or people.key is None:
            unknown = True  # a third party in free text, or nobody to attribute it to
    statuses = {ledger.status(subject, policy.purpose) for subject in subjects}
    if ConsentStatus.WITHDRAWN.value in statuses:
        return Verdict.WITHDRAWN, subjects
    if MISSING in statuses:
        return Verdict.MISSING, subjects
    if unknown:
        return Verdict.UNKNOWN_SUBJECT, subjects
    return Verdict.CONSENTED, subjects


@dataclass
class GateResult:
    """What the gate found; `passed` is the pipeline's answer."""

    dataset: str
    ledger_uri: str
    policy: GatePolicy
    rows: int = 0
    verdicts: Counter[Verdict] = field(default_factory=Counter)
    subject_statuses: dict[str, str] = field(default_factory=dict)
    blocked: list[int] = field(default_factory=list)
    ledger_rows: int = 0
    ledger_subjects: int = 0
    ledger_problems: list[LedgerProblem] = field(default_factory=list)
    written: str | None = None
    rows_written: int | None = None

    @property
    def passed(self) -> bool:
        return not self.blocked

    @property
    def rows_blocked(self) -> int:
        return len(self.blocked)

    def add(self, row: int, verdict: Verdict, subjects: set[str], ledger: ConsentLedger) -> None:
        self.rows += 1
        self.verdicts[verdict] += 1
        for subject in subjects:
            self.subject_statuses[subject] = ledger.status(subject, self.policy.purpose)
        if not self.policy.passes(verdict):
            self.blocked.append(row)

    def as_json(self) -> dict[str, Any]:
        by_status = Counter(self.subject_statuses.values())
        return {
            "kind": "jejak.gate_result",
            "schema_version": 1,
            "dataset": self.dataset,
            "purpose": self.policy.purpose,
            "passed": self.passed,
            "rows": self.rows,
            "rows_personal": self.rows - self.verdicts[Verdict.NOT_PERSONAL],
            "rows_passed": self.rows - self.rows_blocked,
            "rows_blocked": self.rows_blocked,
            "rows_by_verdict": {verdict.value: self.verdicts[verdict] for verdict in Verdict},
            "subjects": len(self.subject_statuses),
            "consented": by_status[ConsentStatus.GRANTED.value],
            "withdrawn": by_status[ConsentStatus.WITHDRAWN.value],
            "missing": by_status[MISSING],
            "unknown_subject_rows": self.verdicts[Verdict.UNKNOWN_SUBJECT],
            "policy": self.policy.as_json(),
            "ledger": {
                "uri": self.ledger_uri,
                "rows": self.ledger_rows,
                "subjects": self.ledger_subjects,
                "problems": [problem.as_json() for problem in self.ledger_problems],
            },
            "blocked_rows": self.blocked[:BLOCKED_ROWS_SHOWN],
            "blocked_rows_truncated": self.rows_blocked > BLOCKED_ROWS_SHOWN,
            "written": None if self.written is None else {"path": self.written, "rows": self.rows_written},
        }
