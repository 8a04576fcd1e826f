"""Raw values out of validation results.

GX copies unexpected values into every result above BOOLEAN_ONLY (`partial_unexpected_list`,
`partial_unexpected_counts`, `unexpected_list`, `unexpected_index_list` entries, `unexpected_rows`), and from
there into Data Docs, checkpoint actions and stored validation results. A checkpoint's `result_format`
overrides an expectation's, so choosing a default format is not enough: jejak's expectations rewrite
their own result instead, whatever the format, replacing each value with a masked preview.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pandas as pd

Mask = Callable[[Any], str]


def mask_result(result: Any, column: str, mask: Mask) -> Any:
    """`result` (a `_validate` dict or an ExpectationValidationResult) with every value of `column`
    replaced by `mask(value)`; counts, percentages and row indices stay as they are."""
    body = result.get("result") if isinstance(result, dict) else getattr(result, "result", None)
    if not body:
        return result
    cache: dict[Any, str] = {}

    def masked(value: Any) -> str:
        try:
            if value not in cache:
                cache[value] = mask(value)
            return cache[value]
        except TypeError:  # unhashable
            return mask(value)

    for key in ("partial_unexpected_list", "unexpected_list"):
        if body.get(key) is not None:
            body[key] = [masked(value) for value in body[key]]
    if body.get("partial_unexpected_counts") is not None:
        body["partial_unexpected_counts"] = _recount(body["partial_unexpected_counts"], masked)
    for key in ("partial_unexpected_index_list", "unexpected_index_list"):
        if body.get(key) is not None:
            body[key] = [_mask_index_entry(entry, column, masked) for entry in body[key]]
    rows = body.get("unexpected_rows")
    if isinstance(rows, pd.DataFrame) and column in rows.columns:
        rows = rows.copy()
        rows[column] = [masked(value) for value in rows[column]]
        body["unexpected_rows"] = rows
    elif rows is not None and not isinstance(rows, pd.DataFrame):
        body["unexpected_rows"] = None  # another engine's row form: drop it rather than leak it
    return result


def _recount(counts: list[dict[str, Any]], masked: Mask) -> list[dict[str, Any]]:
    """Counts by masked value: two values that mask alike are one entry, so no entry hints at a value."""
    if not all(isinstance(entry, dict) and "value" in entry for entry in counts):
        return [entry for entry in counts if isinstance(entry, dict) and "value" not in entry]
    totals: Counter[str] = Counter()
    for entry in counts:
        totals[masked(entry["value"])] += int(entry.get("count", 0))
    return [{"value": value, "count": count} for value, count in sorted(totals.items(), key=lambda x: -x[1])]


def _mask_index_entry(entry: Any, column: str, masked: Mask) -> Any:
    """Pandas names rows by index (kept) or, with `unexpected_index_column_names`, by a dict that also
    holds the domain column's value (masked)."""
    if isinstance(entry, dict) and column in entry:
        return {**entry, column: masked(entry[column])}
    return entry
