"""Masked previews: enough for a person to recognise the kind of value, not to recover it."""

from __future__ import annotations

MASK = "****"


def mask_preview(value: str) -> str:
    """Keep the first character and up to four trailing ones, e.g. S1234567D -> S****567D.

    The tail never exceeds a third-plus of the value, so short values keep almost nothing; values of four
    characters or fewer are fully masked.
    """
    value = value.strip()
    if len(value) <= 4:
        return MASK
    tail = min(4, (len(value) - 1) // 2)
    return f"{value[0]}{MASK}{value[-tail:]}"
