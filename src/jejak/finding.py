"""Detection results. A `Span` is what a recognizer saw in one string; a `Finding` is what jejak keeps.

A Finding never holds the raw value: only where it was, what it was, a masked preview and a keyed hash
of the normalised value (so the same person's identifier can be found again without storing it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """One detected entity inside a string; offsets are Python code points of the original string."""

    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One occurrence of personal data in an asset, safe to persist."""

    asset_uri: str
    column: str | None  # None for text assets (logs); for nested data a dotted path, e.g. "messages.content"
    row: int  # 0-based row index for tables, 0-based line index for text
    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str
    preview: str  # masked, e.g. "S****567D"
    value_hash: str  # hex HMAC-SHA256 of the normalised value


@dataclass(frozen=True, slots=True)
class SubjectKey:
    """One subject-key cell of a scanned row, safe to persist (no value, only its keyed hash)."""

    asset_uri: str
    column: str
    row: int
    kind: str
    key_hash: str
