"""One vectorised RE2 pass over a whole Arrow column decides which values reach the recognizers.

pyarrow.compute runs RE2 in C++ without the GIL at roughly the speed of reading Parquet; Presidio costs
milliseconds per value. A value that matches no entity's prefilter cannot hold any of those entities, so it
is never analysed. If some enabled entity has no prefilter (NER-based PERSON), every non-empty value passes.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from jejak.detection.normalized_text import LOCAL_DIGIT_BLOCKS


class Prefilter:
    def __init__(self, regexes: Iterable[str | None]) -> None:
        collected = list(regexes)
        self.passthrough = any(regex is None for regex in collected)
        parts = sorted({regex for regex in collected if regex})
        self.pattern = "(?i)" + "|".join(f"(?:{regex})" for regex in parts) if parts else None

    def mask(self, values: pa.Array) -> pa.BooleanArray:
        """True where a (string) value may hold an entity; nulls and empty strings are False."""
        non_empty = pc.fill_null(pc.greater(pc.utf8_length(values), 0), False)
        return pc.and_(non_empty, self.matches(ascii_digits(values)))

    def matches(self, normalized: pa.Array) -> pa.BooleanArray:
        """The regex test alone, on values already passed through `ascii_digits` (the detector maps digits
        once per batch and asks every entity's prefilter about the same candidates)."""
        if self.passthrough:
            return pa.array([True] * len(normalized), pa.bool_())
        if self.pattern is None:
            return pa.array([False] * len(normalized), pa.bool_())
        return pc.fill_null(pc.match_substring_regex(normalized, self.pattern), False)


def ascii_digits(values: pa.Array) -> pa.Array:
    """Local digits (Thai, Lao, Khmer, Burmese, full-width) mapped to ASCII, vectorised, as the recognizers
    see them (jejak.detection.normalized_text); a no-op for all-ASCII arrays, the common case."""
    if len(values) == 0 or pc.all(pc.fill_null(pc.string_is_ascii(values), True)).as_py():
        return values
    for digit in range(10):
        local = "".join(chr(block + digit) for block in LOCAL_DIGIT_BLOCKS)
        values = pc.replace_substring_regex(values, f"[{local}]", str(digit))
    return values
