"""The consent report: per dataset and purpose, rows and people by consent status, and staleness.

A gate answers a pipeline's question at one moment (may this dataset be used for this purpose now?). The
report answers a privacy officer's, across datasets and purposes: how many rows and people are in each by
consent status, which datasets were built before someone in them withdrew (`stale`: a model trained on
them used data whose consent is gone, and the next build must leave those people out), and whose law the
people answer to.

Every row is judged exactly as `jejak gate` judges it (`judge`, same policy), and each dataset is read once
for all purposes: who a row is about does not depend on the purpose. Only counts leave this module:
subjects are keyed hashes under a key made for the run, and no value, hash or per-person time is reported.

A withdrawal counts as "since built" when the subject's latest decision for the purpose is `withdrawn` and
is later than the build time. When the build time is unknown, `withdrawn_since_built` and `stale` are null
(unknown), unless nobody in the dataset withdrew at all: then it cannot be stale.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jejak import __version__
from jejak.consent.api import ConsentTools
from jejak.consent.dataset_rows import RowPeople, row_people
from jejak.consent.gate import GatePolicy, Verdict, judge
from jejak.consent.ledger import MISSING, ConsentLedger
from jejak.consent.ledger_rows import ConsentStatus, LedgerProblem
from jejak.consent.regimes import jurisdiction_of, jurisdictions_by_subject, regime_json
from jejak.consent.source import Source
from jejak.errors import UsageError
from jejak.residency.jurisdictions import Jurisdictions

KIND = "jejak.consent_report"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class BuiltAt:
    """When a dataset was last built, and what says so: `lineage` (a completed run of a job writing it),
    `modified` (the asset's modification time), or nothing known (`source` None)."""

    at: datetime | None = None
    source: str | None = None
    lineage_dataset: str | None = None  # the lineage node the dataset matched, namespace:name
    job: str | None = None  # the job whose run built it (lineage only)
    run_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "built_at": None if self.at is None else self.at.isoformat(),
            "built_at_source": self.source,
            "lineage_dataset": self.lineage_dataset,
            "built_by": None if self.job is None else {"job": self.job, "run_id": self.run_id},
        }


#: Finds when a dataset was built: given the DATASET as the user wrote it and its opened source.
BuildResolver = Callable[[str, Source], BuiltAt]


def modified_time(_: str, source: Source) -> BuiltAt:
    """The asset's modification time (local mtime, S3 LastModified); nothing for SQL tables."""
    modified = source.asset.modified
    if modified is None:
        return BuiltAt()
    return BuiltAt(datetime.fromtimestamp(modified, UTC), "modified")


@dataclass
class PurposeTally:
    """One dataset x purpose, counted row by row as the dataset is read."""

    policy: GatePolicy
    built_at: datetime | None
    rows: int = 0
    verdicts: Counter[Verdict] = field(default_factory=Counter)
    statuses: dict[str, str] = field(default_factory=dict)  # subject hash -> latest status for the purpose
    rows_withdrawn: int = 0
    rows_withdrawn_since_built: int = 0

    @property
    def purpose(self) -> str:
        return self.policy.purpose

    def add(self, people: RowPeople, ledger: ConsentLedger) -> None:
        verdict, subjects = judge(people, ledger, self.policy)
        self.rows += 1
        self.verdicts[verdict] += 1
        withdrawn = since = False
        for subject in subjects:
            decision = ledger.decision(subject, self.purpose)
            self.statuses[subject] = decision.status.value if decision else MISSING
            if decision is not None and decision.status is ConsentStatus.WITHDRAWN:
                withdrawn = True
                since = since or (self.built_at is not None and decision.at > self.built_at)
        self.rows_withdrawn += withdrawn
        self.rows_withdrawn_since_built += since

    def withdrawn_subjects(self, ledger: ConsentLedger) -> tuple[int, int]:
        """(withdrawn at any time, withdrawn after the build) among the subjects seen."""
        total = since = 0
        for subject, status in self.statuses.items():
            if status != ConsentStatus.WITHDRAWN.value:
                continue
            total += 1
            decision = ledger.decision(subject, self.purpose)
            if decision is not None and self.built_at is not None and decision.at > self.built_at:
                since += 1
        return total, since

    def stale(self, ledger: ConsentLedger) -> bool | None:
        total, since = self.withdrawn_subjects(ledger)
        if self.built_at is None:
            return None if total else False
        return since > 0

    def as_json(
        self, ledger: ConsentLedger, jurisdictions: Jurisdictions, by_subject: dict[str, str]
    ) -> dict[str, Any]:
        by_status = Counter(self.statuses.values())
        total, since = self.withdrawn_subjects(ledger)
        known = self.built_at is not None
        codes = Counter(jurisdiction_of(ledger, s, self.purpose, by_subject) for s in self.statuses)
        return {
            "purpose": self.purpose,
            "rows": self.rows,
            "rows_personal": self.rows - self.verdicts[Verdict.NOT_PERSONAL],
            "rows_by_verdict": {verdict.value: self.verdicts[verdict] for verdict in Verdict},
            "rows_blocked": sum(n for v, n in self.verdicts.items() if not self.policy.passes(v)),
            "subjects": len(self.statuses),
            "subjects_by_status": {
                status: by_status[status]
                for status in (ConsentStatus.GRANTED.value, ConsentStatus.WITHDRAWN.value, MISSING)
            },
            "withdrawn_since_built": (
                {"subjects": since, "rows": self.rows_withdrawn_since_built} if known else None
            ),
            "withdrawn_any_time": {"subjects": total, "rows": self.rows_withdrawn},
            "stale": self.stale(ledger),
            "jurisdictions": [
                {
                    "code": code,
                    "subjects": count,
                    "regime": regime_json(jurisdictions, code),
                }
                for code, count in sorted(codes.items(), key=lambda item: (item[0] is None, item[0] or ""))
            ],
        }


@dataclass
class DatasetTally:
    dataset: str  # the asset URI, password masked
    built: BuiltAt
    purposes: list[PurposeTally]

    def stale(self, ledger: ConsentLedger) -> bool | None:
        flags = [tally.stale(ledger) for tally in self.purposes]
        if any(flag is True for flag in flags):
            return True
        return None if any(flag is None for flag in flags) else False


@dataclass
class ConsentReport:
    """Everything the report says; `as_json()` is the document, `needs_attention` the exit code's reason."""

    ledger: ConsentLedger
    ledger_uri: str
    jurisdictions: Jurisdictions
    policy: GatePolicy
    datasets: list[DatasetTally]
    generated_at: datetime

    @property
    def ledger_problems(self) -> list[LedgerProblem]:
        return self.ledger.problems

    @property
    def stale(self) -> list[DatasetTally]:
        return [dataset for dataset in self.datasets if dataset.stale(self.ledger) is True]

    @property
    def with_withdrawn(self) -> list[DatasetTally]:
        return [
            dataset
            for dataset in self.datasets
            if any(tally.withdrawn_subjects(self.ledger)[0] for tally in dataset.purposes)
        ]

    @property
    def needs_attention(self) -> bool:
        """Some dataset is stale, or holds people who withdrew consent for a reported purpose."""
        return bool(self.stale or self.with_withdrawn)

    def as_json(self) -> dict[str, Any]:
        by_subject = jurisdictions_by_subject(self.ledger)
        policy = {key: value for key, value in self.policy.as_json().items() if key != "purpose"}
        return {
            "kind": KIND,
            "schema_version": SCHEMA_VERSION,
            "jejak_version": __version__,
            "generated_at": self.generated_at.isoformat(),
            "ledger": {
                "uri": self.ledger_uri,
                "rows": self.ledger.rows,
                "subjects": len(self.ledger.subjects()),
                "problems": len(self.ledger.problems),
            },
            "purposes": [tally.purpose for tally in self.datasets[0].purposes] if self.datasets else [],
            "policy": policy,
            "jurisdictions_source": self.jurisdictions.source,
            "summary": {
                "datasets": len(self.datasets),
                "stale": len(self.stale),
                "with_withdrawn_subjects": len(self.with_withdrawn),
                "needs_attention": self.needs_attention,
            },
            "datasets": [
                {
                    "dataset": dataset.dataset,
                    **dataset.built.as_json(),
                    "rows": dataset.purposes[0].rows if dataset.purposes else 0,
                    "stale": dataset.stale(self.ledger),
                    "purposes": [
                        tally.as_json(self.ledger, self.jurisdictions, by_subject)
                        for tally in dataset.purposes
                    ],
                }
                for dataset in self.datasets
            ],
        }


def consent_report(
    datasets: Sequence[str | Path],
    *,
    ledger: str | Path,
    tools: ConsentTools,
    purposes: Sequence[str] = (),
    subject_column: str | None = None,
    built_at: BuildResolver = modified_time,
    jurisdictions: Jurisdictions | None = None,
    now: datetime | None = None,
) -> ConsentReport:
    """Judge every row of each dataset for each purpose (default: every purpose the ledger has a valid
    event for) and count; `built_at` says when each dataset was built (default: its modification time)."""
    if not datasets:
        raise UsageError("name at least one DATASET to report on")
    for purpose in purposes:
        tools.check_purpose(purpose)
    book = tools.ledger(str(ledger))
    chosen = list(dict.fromkeys(purposes)) or _ledger_purposes(book, tools.config.consent.purposes)
    if not chosen:
        raise UsageError(
            f"ledger {_ledger_uri(tools, str(ledger))} has no valid consent event for any purpose; "
            "name the purposes to report with --purpose"
        )
    sources = [
        (str(name), Source.open(str(name), tools.registry, "dataset")) for name in dict.fromkeys(datasets)
    ]
    consent = tools.config.consent
    policies = [
        GatePolicy(
            purpose=purpose,
            subject_column=subject_column,
            key_kind=consent.key_kind,
            unknown_subjects=consent.unknown_subjects,
            identifier_columns=tuple(consent.identifier_columns),
        )
        for purpose in chosen
    ]
    tallies = []
    for name, source in sources:
        built = built_at(name, source)
        purpose_tallies = [PurposeTally(policy, built.at) for policy in policies]
        for people in row_people(source, tools.detector, tools.hasher, book.key_hash, subject_column):
            for person in people:
                for tally in purpose_tallies:
                    tally.add(person, book)
        tallies.append(DatasetTally(source.connector.redact_uri(source.asset.uri), built, purpose_tallies))
    return ConsentReport(
        ledger=book,
        ledger_uri=_ledger_uri(tools, str(ledger)),
        jurisdictions=jurisdictions or Jurisdictions.load(tools.config.jurisdictions),
        policy=policies[0],
        datasets=tallies,
        generated_at=(now or datetime.now(UTC)).astimezone(UTC),
    )


def _ledger_purposes(ledger: ConsentLedger, declared: Sequence[str]) -> list[str]:
    """The declared purposes the ledger has at least one valid event for, in the config's order."""
    present = {purpose for _, purpose in ledger.decisions}
    return [purpose for purpose in declared if purpose in present]


def _ledger_uri(tools: ConsentTools, ledger: str) -> str:
    return tools.registry.for_uri(ledger.partition("#")[0])[1].redact_uri(ledger)
