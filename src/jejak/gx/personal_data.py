"""`ExpectColumnValuesToNotContainPersonalData`: a GX column map expectation backed by jejak's detector.

Each non-null value (a string, or a number read as its digits) is unexpected when the detector finds an
entity of the selected types in it; `entity_types` and `countries` narrow the selection
(jejak.gx.selection). Defining the classes registers the metric and the expectation with GX, so
`import jejak.gx` is all a suite needs. Results carry masked previews, never values (jejak.gx.results).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import pandas as pd
from great_expectations.compatibility import pydantic
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import ColumnMapExpectation
from great_expectations.expectations.metrics import ColumnMapMetricProvider, column_condition_partial

from jejak.gx.columns import as_text, without_personal_data
from jejak.gx.engines import detection_engine
from jejak.gx.results import mask_result

METRIC = "column_values.jejak_no_personal_data"
_ENTITY = re.compile(r"^[A-Z][A-Z0-9_]*$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


class ColumnValuesWithoutPersonalData(ColumnMapMetricProvider):
    """Per row: True when the value holds no personal data of the selected types."""

    condition_metric_name = METRIC
    condition_value_keys = ("entity_types", "countries", "config_path")

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(
        cls,
        column: pd.Series,
        entity_types: list[str] | None = None,
        countries: list[str] | None = None,
        config_path: str | None = None,
        **kwargs: Any,
    ) -> pd.Series:
        engine = detection_engine(config_path)
        wanted = engine.entity_types(entity_types, countries)
        return without_personal_data(column, engine, wanted)


class ExpectColumnValuesToNotContainPersonalData(ColumnMapExpectation):
    """Expect no value of the column to hold personal data that jejak detects.

    Args:
        column: the column to check.
        entity_types: only these entity types (e.g. ["EMAIL_ADDRESS", "PHONE_NUMBER"]); default all.
        countries: only the identifiers of these countries' packs (e.g. ["MY", "ID"]), plus the generic
            types (EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, PERSON, LOCATION, ...); default all countries.
        config_path: a jejak.yaml for detection settings; default ./jejak.yaml when present, else defaults.
        mostly: the share of non-null values that must be free of personal data (default 1).

    Unexpected values appear in results as entity types with masked previews (`PHONE_NUMBER +****6789`).
    """

    entity_types: list[str] | None = None
    countries: list[str] | None = None
    config_path: str | None = None

    map_metric = METRIC
    success_keys = ("entity_types", "countries", "config_path", "mostly")
    args_keys = ("column",)
    library_metadata: ClassVar[dict[str, Any]] = {
        "maturity": "experimental",
        "tags": ["jejak", "personal data", "privacy"],
        "contributors": ["jejak"],
        "requirements": ["jejak"],
    }

    @pydantic.validator("entity_types")
    def _entity_names(cls, value: list[str] | None) -> list[str] | None:
        for name in value or []:
            if not _ENTITY.match(name):
                raise ValueError(f"entity_types: {name!r} is not an entity type name such as EMAIL_ADDRESS")
        return value

    @pydantic.validator("countries")
    def _country_codes(cls, value: list[str] | None) -> list[str] | None:
        for code in value or []:
            if not _COUNTRY.match(code):
                raise ValueError(f"countries: {code!r} is not a two-letter country code such as MY")
        return [code.upper() for code in value] if value is not None else None

    def _validate(
        self, metrics: dict, runtime_configuration: dict | None = None, execution_engine: Any = None
    ) -> Any:
        result = super()._validate(metrics, runtime_configuration, execution_engine)
        engine = detection_engine(self.config_path)
        wanted = engine.entity_types(self.entity_types, self.countries)

        def mask(value: Any) -> str:
            text = as_text(value)
            return engine.describe(text, self.column, wanted) if text else "****"

        return mask_result(result, self.column, mask)
