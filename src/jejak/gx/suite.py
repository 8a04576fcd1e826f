"""`consent_suite`: the suite most training sets want, in one call.

Consent for every subject key (and no key-less rows, which GX's map expectations would skip), and no
personal data in free-text columns, where third parties who never consented are named.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import great_expectations as gx

from jejak.gx.consent import ExpectColumnValuesToHaveConsent
from jejak.gx.personal_data import ExpectColumnValuesToNotContainPersonalData


def consent_suite(
    name: str,
    *,
    key_column: str,
    purpose: str,
    ledger: str | Path,
    text_columns: Sequence[str] = (),
    countries: Sequence[str] | None = None,
    entity_types: Sequence[str] | None = None,
    key_kind: str | None = None,
    config_path: str | Path | None = None,
) -> gx.ExpectationSuite:
    """A new (unsaved) suite; add it to a context with `context.suites.add(suite)`."""
    config = str(config_path) if config_path is not None else None
    suite = gx.ExpectationSuite(name=name)
    suite.add_expectation(gx.expectations.ExpectColumnValuesToNotBeNull(column=key_column))
    suite.add_expectation(
        ExpectColumnValuesToHaveConsent(
            column=key_column, purpose=purpose, ledger=str(ledger), key_kind=key_kind, config_path=config
        )
    )
    for column in text_columns:
        suite.add_expectation(
            ExpectColumnValuesToNotContainPersonalData(
                column=column,
                entity_types=list(entity_types) if entity_types else None,
                countries=list(countries) if countries else None,
                config_path=config,
            )
        )
    return suite
