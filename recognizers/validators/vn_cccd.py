"""Vietnam citizen identity number (số định danh cá nhân, printed on the CCCD card): structure check.

12 digits `PPP G YY NNNNNN`: PPP a province code of birth registration, G century and sex (0-9), YY the last
two digits of the birth year. There is no check digit, so this validator can only reject: an unknown
province or a birth year in the future. Province list per Circular 07/2016/TT-BCA as summarised in
../shared/spec/identifiers.md §F (idnumbers does not check provinces; we do).
"""

from __future__ import annotations

import re
from datetime import date

# fmt: off
_PROVINCES = (
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31,
    33, 34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62,
    64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93,
    94, 95, 96,
)
# fmt: on
PROVINCE_CODES = frozenset(f"{code:03d}" for code in _PROVINCES)
_CENTURY_BY_CODE = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 1800, 9: 1800}


def compact(value: str) -> str:
    return re.sub(r"[\s.-]", "", value)


def is_valid(value: str, *, current_year: int | None = None) -> bool:
    """True when the province code exists and the encoded birth year is not in the future."""
    number = compact(value)
    if len(number) != 12 or not number.isascii() or not number.isdigit():
        return False
    if number[:3] not in PROVINCE_CODES:
        return False
    year = _CENTURY_BY_CODE[int(number[3])] + int(number[4:6])
    return 1900 <= year <= (current_year or date.today().year)
