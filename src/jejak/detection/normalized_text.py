"""Text as the recognizers see it, with a way back to the offsets of the original.

Recognizer patterns and python-stdnum validators work on ASCII digits, and Presidio's patterns miss a Thai
ID written ๓๑๐๐๖๐๐๔๔๕๖๓๕ (NFKC does not map these digits either). Before matching, jejak
1. converts Burmese text in the Zawgyi encoding (still common in Myanmar) to Unicode: `myanmartools`
   (Google's detector) decides, `python-myanmar` converts; characters are reordered, so offsets are aligned
   with difflib;
2. maps Thai, Lao, Khmer and Burmese digits and full-width digits to ASCII (one character for one);
3. composes the text to NFC (Vietnamese typed with combining tone marks becomes its precomposed form).
Spans found in the normalised text are mapped back to the original.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

LOCAL_DIGIT_BLOCKS = (0x0E50, 0x0ED0, 0x17E0, 0x1040, 0xFF10)  # zero of Thai, Lao, Khmer, Myanmar, full-width
DIGITS_TO_ASCII = {block + value: ord("0") + value for block in LOCAL_DIGIT_BLOCKS for value in range(10)}
ZAWGYI_THRESHOLD = 0.95
_MYANMAR = re.compile(r"[\u1000-\u109F]")

Offsets = tuple[tuple[int, ...], tuple[int, ...]]  # (starts, ends): original offsets of each character


@dataclass(frozen=True)
class NormalizedText:
    """`text` is what recognizers read; `starts[i]`/`ends[i]` are the original offsets of its character i
    (None when the two texts align one to one)."""

    original: str
    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None
    zawgyi: bool = False

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
    text, offsets, zawgyi = original, None, False
    if _MYANMAR.search(text) and _zawgyi_probability(text) > ZAWGYI_THRESHOLD:
        converted = _zawgyi_to_unicode(text)
        offsets, text, zawgyi = _align(text, converted), converted, True
    text = text.translate(DIGITS_TO_ASCII)
    if not unicodedata.is_normalized("NFC", text):
        composed, composed_offsets = _compose(text)
        offsets = _chain(offsets, composed_offsets) if offsets else composed_offsets
        text = composed
    if offsets is None:
        return NormalizedText(original, text)
    return NormalizedText(original, text, offsets[0], offsets[1], zawgyi)


def _compose(text: str) -> tuple[str, Offsets]:
    """NFC segment by segment (a starter and the combining marks after it), recording where each output
    character came from: every character of a composed segment maps to the whole segment."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    segment_start = 0
    for index in range(1, len(text) + 1):
        if index < len(text) and unicodedata.combining(text[index]):
            continue
        composed = unicodedata.normalize("NFC", text[segment_start:index])
        pieces.append(composed)
        starts.extend([segment_start] * len(composed))
        ends.extend([index] * len(composed))
        segment_start = index
    return "".join(pieces), (tuple(starts), tuple(ends))


def _align(original: str, converted: str) -> Offsets:
    """Offsets of `converted`'s characters in `original`; changed runs map to the whole original run."""
    starts: list[int] = []
    ends: list[int] = []
    matcher = difflib.SequenceMatcher(a=original, b=converted, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            starts.extend(range(i1, i2))
            ends.extend(range(i1 + 1, i2 + 1))
        else:
            starts.extend([i1] * (j2 - j1))
            ends.extend([i2] * (j2 - j1))
    return tuple(starts), tuple(ends)


def _chain(first: Offsets, second: Offsets) -> Offsets:
    """Offsets through two steps: `second` points into the text that `first` maps to the original."""
    return (
        tuple(first[0][i] for i in second[0]),
        tuple(first[1][i - 1] if i else first[0][0] for i in second[1]),
    )


@lru_cache(maxsize=1)
def _detector() -> object:
    """One detector per process: it loads a small Markov model, stateless afterwards."""
    import warnings

    from myanmartools import ZawgyiDetector

    with warnings.catch_warnings():  # myanmartools 1.2 still uses importlib.resources.open_binary
        warnings.simplefilter("ignore", DeprecationWarning)
        return ZawgyiDetector()


def _zawgyi_probability(text: str) -> float:
    return float(_detector().get_zawgyi_probability(text))  # type: ignore[attr-defined]


def _zawgyi_to_unicode(text: str) -> str:
    from myanmar import converter

    return str(converter.convert(text, "zawgyi", "unicode"))
