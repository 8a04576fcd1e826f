"""What a rewrite must change in one asset, and the shape every per-format rewriter shares.

The plan says which rows go (`delete_rows`) or which spans are blanked (`redact_spans`); its row numbers
and offsets are the scan's (rows counted from 0 as the format reader counts them, offsets in characters of
the cell or line as decoded). They stay valid only because `execute` refuses an asset that changed since
planning. A location without offsets (a subject-key cell) blanks the whole cell.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from jejak.errors import JejakError

MARKER = "[REDACTED]"


class RewriteError(JejakError):
    """One asset cannot be rewritten safely; the original is kept and the run goes on (exit 3)."""

    exit_code = 3


@dataclass(frozen=True)
class Cut:
    """A span to blank in a row: `column` None for a text line; `start`/`end` None for the whole cell."""

    column: str | None
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Edits:
    delete: frozenset[int] = frozenset()
    redact: Mapping[int, tuple[Cut, ...]] = field(default_factory=dict)

    @property
    def spans(self) -> int:
        return sum(len(cuts) for cuts in self.redact.values())


@dataclass(frozen=True)
class Rewritten:
    payload: bytes  # uncompressed
    rows_before: int
    rows_after: int
    removed: int
    redacted: int  # spans (or cells) blanked


class FormatRewriter(Protocol):
    """One format: apply edits to the payload, and read a payload back as rows for the invariants."""

    def rewrite(self, payload: bytes, edits: Edits) -> Rewritten: ...

    def rows(self, payload: bytes) -> list[str]:
        """A hash of each row's content, in order."""
        ...

    def schema(self, payload: bytes) -> str:
        """What must not change: the header, the Arrow schema ... ("" when the format has none)."""
        ...


def row_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def redact_text(text: str, cuts: Iterable[Cut]) -> str:
    """`text` with each cut replaced by the marker; overlapping cuts are merged, a whole-cell cut wins."""
    spans: list[tuple[int, int]] = []
    for cut in cuts:
        if cut.start is None or cut.end is None:
            return MARKER
        if not 0 <= cut.start < cut.end <= len(text):
            raise RewriteError(f"span {cut.start}-{cut.end} lies outside its cell or line")
        spans.append((cut.start, cut.end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    for start, end in reversed(merged):
        text = text[:start] + MARKER + text[end:]
    return text


def check_rows(edits: Edits, rows: int) -> None:
    wanted = set(edits.delete) | set(edits.redact)
    if wanted and max(wanted) >= rows:
        raise RewriteError(f"the plan names row {max(wanted)} but the asset has {rows} rows; plan again")
