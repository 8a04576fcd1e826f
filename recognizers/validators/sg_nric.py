"""Singapore NRIC/FIN check letter (S, T, F, G and the 2022 M series).

python-stdnum has no Singapore NRIC module. The algorithm is community-derived (not officially published):
opengovsg/FormSG `shared/utils/nric-validation.ts` (S/T/F/G, citing ngiam.net) and its `isMFinSeriesValid`;
cross-checked against idnumbers. See ../shared/spec/identifiers.md §B.
"""

from __future__ import annotations

import re

_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
_OFFSET = {"S": 0, "F": 0, "T": 4, "G": 4, "M": 3}
_LETTERS = {
    "S": "JZIHGFEDCBA",
    "T": "JZIHGFEDCBA",
    "F": "XWUTRQPNMLK",
    "G": "XWUTRQPNMLK",
    "M": "XWUTRQPNJLK",
}
_SHAPE = re.compile(r"[STFGM]\d{7}[A-Z]")


def compact(value: str) -> str:
    return re.sub(r"[\s-]", "", value).upper()


def is_valid(value: str) -> bool:
    """True when `value` is a well-formed NRIC/FIN whose check letter matches."""
    number = compact(value)
    if not _SHAPE.fullmatch(number):
        return False
    prefix, digits, letter = number[0], number[1:8], number[8]
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) + _OFFSET[prefix]
    return _LETTERS[prefix][total % 11] == letter
