"""Text as the recognizers see it, with a way back to the offsets of the original.

Recognizer patterns and python-stdnum validators work on ASCII digits, and Presidio's patterns miss a Thai
ID written ๓๑๐๐๖๐๐๔๔๕๖๓๕ (NFKC does not map these digits either). Before matching, jejak maps Thai,
Lao, Khmer and Burmese digits and full-width digits to ASCII (one character for one, offsets unchanged)
and composes the text to NFC (Vietnamese typed with combining tone marks becomes its precomposed form,
which can shorten the text). Spans found in the normalised text are mapped back to the original.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

LOCAL_DIGIT_BLOCKS = (0x0E50, 0x0ED0, 0x17E0, 0x1040, 0xFF10)  # zero of Thai, Lao, Khmer, Myanmar, full-width
DIGITS_TO_ASCII = {block + value: ord("0") + value for block in LOCAL_DIGIT_BLOCKS for value in range(10)}


@dataclass(frozen=True)
class NormalizedText:
    """`text` is what recognizers read; `starts[i]`/`ends[i]` are the original offsets of its character i
    (None when the two texts align one to one)."""

    original: str
    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            origin = self.starts[start] if start < len(self.starts) else len(self.original)
            return origin, origin
        return self.starts[start], self.ends[end - 1]


def normalize_text(original: str) -> NormalizedText:
    if original.isascii():
        return NormalizedText(original, original)
    mapped = original.translate(DIGITS_TO_ASCII)
    if unicodedata.is_normalized("NFC", mapped):
        return NormalizedText(original, mapped)
    return _compose(original, mapped)


def _compose(original: str, mapped: str) -> NormalizedText:
    """NFC segment by segment (a starter and the combining marks after it), recording where each output
    character came from: every character of a composed segment maps to the whole segment."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    segment_start = 0
    for index in range(1, len(mapped) + 1):
        if index < len(mapped) and unicodedata.combining(mapped[index]):
            continue
        composed = unicodedata.normalize("NFC", mapped[segment_start:index])
        pieces.append(composed)
        starts.extend([segment_start] * len(composed))
        ends.extend([index] * len(composed))
        segment_start = index
    return NormalizedText(original, "".join(pieces), tuple(starts), tuple(ends))
