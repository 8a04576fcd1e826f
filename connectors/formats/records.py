"""Turn parsed JSON values into one Arrow record batch, whatever their shapes.

JSON data is rarely uniform: a field is a number in one record and a string in the next, a line is not
an object at all, a line is not JSON. Arrow needs one type per column, and the scanner needs every
value. So each column keeps its natural Arrow type when one fits all its values, and otherwise becomes
a string column (strings as they are, everything else as its JSON text): no value is ever dropped.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

#: Column holding a line that is not valid JSON (or was cut for length), as text, so it is still scanned.
RAW_COLUMN = "_raw"
#: Column holding a record that is valid JSON but not an object (a number, string or array).
VALUE_COLUMN = "_value"

_UNBUILDABLE = (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError)


def as_record(value: Any) -> dict[str, Any]:
    """A JSON object is a record as is; any other JSON value becomes a one-field record."""
    return value if isinstance(value, dict) else {VALUE_COLUMN: value}


def records_to_batch(values: Sequence[Any]) -> pa.RecordBatch:
    """Build a batch of exactly `len(values)` rows: column order is first appearance across records.

    `pa.RecordBatch.from_pylist` infers columns from the first record only, so columns are gathered
    here across all of them. A chunk of empty objects still yields its rows (one all-null column),
    because the row index of every later row depends on the row count of this batch.
    """
    records = [as_record(value) for value in values]
    names = list(dict.fromkeys(key for record in records for key in record))
    if not names:
        return pa.record_batch([pa.nulls(len(records))], names=[VALUE_COLUMN])
    arrays = [_column([record.get(name) for record in records]) for name in names]
    return pa.RecordBatch.from_arrays(arrays, names=names)


def _column(values: list[Any]) -> pa.Array:
    try:
        return pa.array(values)
    except _UNBUILDABLE:
        return pa.array([_as_text(value) for value in values], type=pa.string())


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
