"""What a rewrite must change in one asset, and the shape every per-format rewriter shares.

The plan says which rows go (`delete_rows`) or which spans are blanked (`redact_spans`); its row numbers
and offsets are the scan's (rows counted from 0 as the format reader counts them, offsets in characters of
the cell or line as decoded). They stay valid only because `execute` refuses an asset that changed since
planning. A location without offsets (a subject-key cell) blanks the whole cell.

Every rewriter works in two streaming passes over bounded memory: `rewrite` copies the source to the sink
record by record applying the edits, and `check` reads the original and the written file back in lockstep
and raises unless the invariants hold. Neither ever holds more than a record (a Parquet row group) at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol

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

    @property
    def whole(self) -> bool:
        return self.start is None or self.end is None


@dataclass(frozen=True)
class Edits:
    delete: frozenset[int] = frozenset()
    redact: Mapping[int, tuple[Cut, ...]] = field(default_factory=dict)

    @property
    def spans(self) -> int:
        return sum(len(cuts) for cuts in self.redact.values())


@dataclass(frozen=True)
class Counts:
    """What pass 1 did, which pass 2 must find again in the written file."""

    rows_before: int
    rows_after: int
    removed: int
    redacted: int  # spans (or cells) blanked

    @classmethod
    def of(cls, rows_before: int, edits: Edits) -> Counts:
        removed = len(edits.delete)
        return cls(rows_before, rows_before - removed, removed, edits.spans)


class Source(Protocol):
    """One file opened for reading: its payload (decompressed) as a forward-only stream, or, for formats
    that start at a footer, something pyarrow can seek in (the path itself, or a spooled copy)."""

    @property
    def stream(self) -> BinaryIO: ...

    def random_access(self) -> str | BinaryIO: ...


class FormatRewriter(Protocol):
    def rewrite(self, source: Source, sink: BinaryIO, edits: Edits) -> Counts:
        """Pass 1: write the edited payload to `sink`, record by record."""
        ...

    def check(self, before: Source, after: Source, edits: Edits, counts: Counts) -> None:
        """Pass 2: raise RewriteError unless `after` is `before` with exactly the edits applied."""
        ...


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


def redaction_fits(before: str, after: str, cuts: Iterable[Cut]) -> bool:
    """Whether `after` is `before` changed only inside the cuts: the text before the first cut and after
    the last one is kept, and the marker is there (a whole-cell cut leaves just the marker)."""
    cuts = list(cuts)
    if any(cut.whole for cut in cuts):
        return after == MARKER
    first = min(cut.start for cut in cuts if cut.start is not None)
    last = max(cut.end for cut in cuts if cut.end is not None)
    head, tail = before[:first], before[last:]
    return (
        MARKER in after
        and after.startswith(head)
        and after.endswith(tail)
        and len(after) >= len(head) + len(MARKER) + len(tail)
    )


def cuts_by_column(cuts: Iterable[Cut], where: str) -> dict[str, list[Cut]]:
    """The cuts of one row grouped by column, so several spans in one cell are blanked in one go (their
    offsets all refer to the cell as the scan saw it)."""
    grouped: dict[str, list[Cut]] = {}
    for cut in cuts:
        if cut.column is None:
            raise RewriteError(f"a span without a column in {where}; plan again")
        grouped.setdefault(cut.column, []).append(cut)
    return grouped


def check_rows(edits: Edits, rows: int) -> None:
    wanted = set(edits.delete) | set(edits.redact)
    if wanted and max(wanted) >= rows:
        raise RewriteError(f"the plan names row {max(wanted)} but the asset has {rows} rows; plan again")


def check_counts(rows_before: int, rows_after: int, counts: Counts) -> None:
    """The read-back counts agree with what pass 1 wrote: rows_after == rows_before - removed."""
    if rows_before != counts.rows_before or rows_after != rows_before - counts.removed:
        raise RewriteError(
            f"rows after ({rows_after}) != rows before ({rows_before}) - removed ({counts.removed})"
        )
