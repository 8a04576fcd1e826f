"""`ExpectColumnValuesToHaveConsent`: a GX column map expectation backed by jejak's consent ledger.

A subject-key value is expected when the ledger's latest event for that subject and `purpose` is
`granted`; a withdrawn subject and one the ledger never asked are unexpected, and so is a blank key. GX
skips nulls in map expectations (they count as `missing_count`), so a suite that must not let key-less rows
through adds `ExpectColumnValuesToNotBeNull` on the same column (`jejak.gx.consent_suite` does).
Results carry masked subject keys, never the keys themselves.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd
from great_expectations.compatibility import pydantic
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import ColumnMapExpectation
from great_expectations.expectations.metrics import ColumnMapMetricProvider, column_condition_partial

from jejak.detection.masking import mask_preview
from jejak.gx.columns import as_text, consented
from jejak.gx.engines import consent_checker
from jejak.gx.results import mask_result

METRIC = "column_values.jejak_consent_granted"


class ColumnValuesWithConsent(ColumnMapMetricProvider):
    """Per row: True when the subject key's latest consent event for the purpose is `granted`."""

    condition_metric_name = METRIC
    condition_value_keys = ("ledger", "purpose", "key_kind", "config_path")

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(
        cls,
        column: pd.Series,
        ledger: str,
        purpose: str,
        key_kind: str | None = None,
        config_path: str | None = None,
        **kwargs: Any,
    ) -> pd.Series:
        return consented(column, consent_checker(ledger, purpose, key_kind, config_path))


class ExpectColumnValuesToHaveConsent(ColumnMapExpectation):
    """Expect every subject key in the column to have granted consent for `purpose` in a jejak ledger.

    Args:
        column: the subject-key column (e.g. user_id).
        purpose: one of the config's `consent.purposes` (e.g. model_training).
        ledger: the consent ledger: a path or any URL a jejak scan reads (docs/consent.md).
        key_kind: the subject-key kind the ledger's keys hash as (default: the config's consent.key_kind).
        config_path: a jejak.yaml; default ./jejak.yaml when present, else the shipped defaults.
        mostly: the share of non-null keys that must be consented (default 1).
    """

    purpose: str = pydantic.Field(min_length=1)
    ledger: str = pydantic.Field(min_length=1)
    key_kind: str | None = None
    config_path: str | None = None

    map_metric = METRIC
    success_keys = ("ledger", "purpose", "key_kind", "config_path", "mostly")
    args_keys = ("column", "purpose", "ledger")
    library_metadata: ClassVar[dict[str, Any]] = {
        "maturity": "experimental",
        "tags": ["jejak", "consent", "privacy"],
        "contributors": ["jejak"],
        "requirements": ["jejak"],
    }

    def _validate(
        self, metrics: dict, runtime_configuration: dict | None = None, execution_engine: Any = None
    ) -> Any:
        result = super()._validate(metrics, runtime_configuration, execution_engine)
        return mask_result(result, self.column, lambda value: mask_preview(as_text(value) or ""))
