"""One vectorised RE2 pass over a whole Arrow column decides which values reach the recognizers.

pyarrow.compute runs RE2 in C++ without the GIL at roughly the speed of reading Parquet; Presidio costs
milliseconds per value. A value that matches no entity's prefilter cannot hold any of those entities, so it
is never analysed. If some enabled entity has no prefilter (NER-based PERSON), every non-empty value passes.

pyarrow compiles the pattern on every call, though: ~4 ms for the combined prefilter, where a small file
holds a few dozen values. A few values are therefore matched one by one with the same engine (google-re2,
RE2's own Python binding), the pattern compiled once per process; `PY_VALUES_PER_CHAR` sets how few.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import re2

from jejak.detection.normalized_text import LOCAL_DIGIT_BLOCKS

#: values matched one by one below `max(PY_VALUES_MIN, len(pattern) * PY_VALUES_PER_CHAR)`: compiling in
#: pyarrow costs ~0.7 us per pattern character, matching one value in Python 2-10 us (measured: the
#: combined prefilter, 5.6k characters, compiles in 3.9 ms and matches a short value in ~10 us)
PY_VALUES_PER_CHAR = 0.05
PY_VALUES_MIN = 16


class Prefilter:
    def __init__(self, regexes: Iterable[str | None]) -> None:
        collected = list(regexes)
        self.passthrough = any(regex is None for regex in collected)
        parts = sorted({regex for regex in collected if regex})
        self.pattern = "(?i)" + "|".join(f"(?:{regex})" for regex in parts) if parts else None
        self.py_values = max(PY_VALUES_MIN, int(len(self.pattern or "") * PY_VALUES_PER_CHAR))
        self._compiled: Any = None  # re2's compiled pattern, on first use

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
        if len(normalized) <= self.py_values:
            return pa.array([self.search(value) for value in normalized.to_pylist()], pa.bool_())
        return pc.fill_null(pc.match_substring_regex(normalized, self.pattern), False)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_compiled": None}  # compiled again where it is unpickled

    def search(self, value: str | None) -> bool:
        """The regex test alone on one value, with the binding (a null, or no pattern, matches nothing)."""
        if value is None or self.pattern is None:
            return False
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re2.compile(self.pattern)
        return compiled.search(value) is not None


def ascii_digits(values: pa.Array) -> pa.Array:
    """Local digits (Thai, Lao, Khmer, Burmese, full-width) mapped to ASCII, vectorised, as the recognizers
    see them (jejak.detection.normalized_text); a no-op for all-ASCII arrays, the common case.

    Only the values holding a local digit are rewritten: a column of Thai or Khmer prose mostly writes
    numbers in ASCII, and ten replacement passes over every value cost ~10x the one search that finds the
    few that need them."""
    if len(values) == 0 or pc.all(pc.fill_null(pc.string_is_ascii(values), True)).as_py():
        return values
    local = pc.fill_null(pc.match_substring_regex(values, _LOCAL_DIGIT_CLASS), False)
    if not pc.any(local).as_py():
        return values
    positions = pc.indices_nonzero(local)
    rewritten = values.take(positions)
    for digit in range(10):
        same = "".join(chr(block + digit) for block in LOCAL_DIGIT_BLOCKS)
        rewritten = pc.replace_substring_regex(rewritten, f"[{same}]", str(digit))
    return pc.replace_with_mask(values, local, rewritten.cast(values.type))


_LOCAL_DIGIT_CLASS = "[" + "".join(f"{chr(block)}-{chr(block + 9)}" for block in LOCAL_DIGIT_BLOCKS) + "]"
