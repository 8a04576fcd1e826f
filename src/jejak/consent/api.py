"""The consent gate as a Python API, for orchestrators (Airflow, Dagster, Prefect) and GX expectations.

`jejak.gate(...)` returns a `GateResult` whose `.passed` a pipeline branches on, and raises a `JejakError`
(with the same one-line message the CLI prints) when it cannot judge: a missing dataset or ledger, a bad
config, an unknown purpose. No catalog is needed: identifiers are compared as keyed hashes under a key
made for the run and forgotten with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jejak.config import JejakConfig, load_config
from jejak.connectors.registry import ConnectorRegistry
from jejak.consent.consented_copy import write_consented
from jejak.consent.dataset_rows import row_people
from jejak.consent.gate import GatePolicy, GateResult, judge
from jejak.consent.ledger import ConsentLedger, load_ledger, statuses
from jejak.consent.source import Source
from jejak.errors import UsageError
from jejak.hashing import HashKey, KeyedHasher
from jejak.recognizers.loader import load_packs

if TYPE_CHECKING:
    from jejak.detection.detector import Detector


@dataclass(frozen=True)
class ConsentTools:
    """What judging consent needs, built once from a config."""

    config: JejakConfig
    registry: ConnectorRegistry
    detector: Detector
    hasher: KeyedHasher

    @classmethod
    def build(cls, config_path: str | Path | None = None, config: JejakConfig | None = None) -> ConsentTools:
        from jejak.detection.detector import Detector  # Presidio and spaCy load only where one is built

        config = config or load_config(Path(config_path) if config_path else None, cwd=Path.cwd())
        return cls(
            config=config,
            registry=ConnectorRegistry.from_entry_points(config.connectors),
            detector=Detector(config.detection, load_packs()),
            hasher=KeyedHasher(HashKey.generate()),
        )

    def ledger(self, uri: str) -> ConsentLedger:
        source = Source.open(uri, self.registry, "ledger")
        return load_ledger(
            source, self.config.consent, self.hasher, self.detector.normalize, self.detector.built.entities
        )

    def check_purpose(self, purpose: str) -> None:
        if purpose not in self.config.consent.purposes:
            known = ", ".join(self.config.consent.purposes)
            raise UsageError(f"purpose {purpose!r} is not one of consent.purposes ({known})")


def gate(
    dataset: str | Path,
    *,
    purpose: str,
    ledger: str | Path,
    subject_column: str | None = None,
    config_path: str | Path | None = None,
    write_consented_to: str | Path | None = None,
    tools: ConsentTools | None = None,
) -> GateResult:
    """Judge every row of `dataset` against the consent `ledger` for `purpose` (docs/consent.md)."""
    tools = tools or ConsentTools.build(config_path)
    tools.check_purpose(purpose)
    consent = tools.config.consent
    policy = GatePolicy(
        purpose=purpose,
        subject_column=subject_column,
        key_kind=consent.key_kind,
        unknown_subjects=consent.unknown_subjects,
        identifier_columns=tuple(consent.identifier_columns),
    )
    book = tools.ledger(str(ledger))
    source = Source.open(str(dataset), tools.registry, "dataset")
    result = GateResult(
        dataset=source.connector.redact_uri(source.asset.uri),
        ledger_uri=tools.registry.for_uri(str(ledger).partition("#")[0])[1].redact_uri(str(ledger)),
        policy=policy,
        ledger_rows=book.rows,
        ledger_subjects=len(book.subjects()),
        ledger_problems=list(book.problems),
    )
    row = 0
    for people in row_people(source, tools.detector, tools.hasher, book.key_hash, subject_column):
        for person in people:
            verdict, subjects = judge(person, book, policy)
            result.add(row, verdict, subjects, book)
            row += 1
    if write_consented_to is not None:
        out = Path(write_consented_to)
        result.rows_written = write_consented(source, result.blocked, out)
        result.written = str(out)
    return result


class ConsentChecker:
    """Consent look-ups by subject key, for one ledger and purpose (the GX expectation's engine)."""

    def __init__(self, ledger: ConsentLedger, purpose: str) -> None:
        self._ledger = ledger
        self._purpose = purpose

    @classmethod
    def open(
        cls,
        ledger: str,
        *,
        purpose: str,
        key_kind: str | None = None,
        config_path: str | Path | None = None,
    ) -> ConsentChecker:
        config = load_config(Path(config_path) if config_path else None, cwd=Path.cwd())
        if key_kind is not None:
            config = config.model_copy(
                update={"consent": config.consent.model_copy(update={"key_kind": key_kind})}
            )
        tools = ConsentTools.build(config=config)
        tools.check_purpose(purpose)
        return cls(tools.ledger(ledger), purpose)

    def statuses(self, values: Iterable[object]) -> list[str]:
        """granted | withdrawn | missing per subject-key value (None or blank: missing)."""
        return statuses(self._ledger, values, self._purpose)
