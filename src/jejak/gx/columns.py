"""Row verdicts for a pandas column, computed once per distinct value.

Training sets repeat themselves (the same user id on every row of a user, boilerplate replies), so each
column is dictionary-encoded with `pandas.factorize` and only its distinct values reach the detector or the
consent ledger; the verdicts are then spread back to the rows by their codes.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from jejak.consent.api import ConsentChecker
    from jejak.gx.engines import DetectionEngine


def as_text(value: object) -> str | None:
    """A cell as the detector reads it: strings as they are, integers (and whole floats, which is what
    pandas makes of an integer column with a gap) as digits, bytes as UTF-8; None for a missing value."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return str(value)
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return None
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def without_personal_data(column: pd.Series, engine: DetectionEngine, wanted: frozenset[str]) -> pd.Series:
    """True per row whose value holds no entity of the `wanted` types."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    texts = [as_text(value) for value in uniques.tolist()]
    # distinct texts once more: 1 and "1" are two uniques but one text
    positions: dict[str, int] = {}
    for text in texts:
        if text is not None and text.strip():
            positions.setdefault(text, len(positions))
    hits = engine.spans(list(positions), str(column.name), wanted)
    flagged_texts = {text for text, position in positions.items() if position in hits}
    flagged = np.array([text in flagged_texts for text in texts] + [False], dtype=bool)
    return pd.Series(~flagged[codes], index=column.index)  # code -1 (a null) reads the trailing False


def consented(column: pd.Series, checker: ConsentChecker) -> pd.Series:
    """True per row whose subject key's latest event for the checker's purpose is `granted`."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    statuses = checker.statuses(uniques.tolist())
    granted = np.array([status == "granted" for status in statuses] + [False], dtype=bool)
    return pd.Series(granted[codes], index=column.index)
