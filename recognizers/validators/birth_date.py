"""Is a matched date a plausible date of birth?

The DATE_OF_BIRTH patterns match numeric dates (D/M/Y, M/D/Y, Y-M-D); dates with English, Malay,
Indonesian, Filipino and Lao month names, day or month first; Thai month names with Buddhist-era years
(พ.ศ. = C.E. + 543); and the Vietnamese "ngày D tháng M năm Y". This validator only rejects: a date that
cannot exist, or a year outside 1900..this year. Whether it is a *birth* date is the context word's job.
"""

from __future__ import annotations

import re
from datetime import date

THAI_ERA_OFFSET = 543
_MONTHS = {
    **{m: i for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)},
    "mac": 3, "mei": 5, "jun": 6, "jul": 7, "julai": 7, "juli": 7, "ogos": 8, "agu": 8, "agustus": 8,
    "okt": 10, "dis": 12, "des": 12, "disember": 12, "desember": 12, "januari": 1, "februari": 2,
    "maret": 3, "juni": 6, "oktober": 10,
    "enero": 1, "pebrero": 2, "marso": 3, "abril": 4, "mayo": 5, "hunyo": 6, "hulyo": 7, "agosto": 8,
    "setyembre": 9, "oktubre": 10, "nobyembre": 11, "disyembre": 12,
    "ມັງກອນ": 1, "ກຸມພາ": 2, "ມີນາ": 3, "ເມສາ": 4, "ພຶດສະພາ": 5, "ມິຖຸນາ": 6, "ກໍລະກົດ": 7, "ສິງຫາ": 8,
    "ກັນຍາ": 9, "ຕຸລາ": 10, "ພະຈິກ": 11, "ທັນວາ": 12,
    "มกราคม": 1, "กุมภาพันธ์": 2, "มีนาคม": 3, "เมษายน": 4, "พฤษภาคม": 5, "มิถุนายน": 6, "กรกฎาคม": 7,
    "สิงหาคม": 8, "กันยายน": 9, "ตุลาคม": 10, "พฤศจิกายน": 11, "ธันวาคม": 12,
}  # fmt: skip
_NUMBERS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")


def is_valid(value: str, *, today: date | None = None) -> bool:
    numbers = [int(n) for n in _NUMBERS.findall(value)]
    month_names = _month_names(value.lower())
    this_year = (today or date.today()).year
    if month_names and len(numbers) == 2:
        day, year = numbers
        return _plausible(_year(year, this_year), month_names[0], day, this_year)
    if len(numbers) != 3:
        return False
    if numbers[0] > 31:  # Y-M-D
        year, month, day = numbers
        return _plausible(_year(year, this_year), month, day, this_year)
    first, second, year = numbers
    year = _year(year, this_year)
    return _plausible(year, second, first, this_year) or _plausible(year, first, second, this_year)


def _month_names(lowered: str) -> list[int]:
    """Months named in the text: Latin words by their first three letters or full name; Thai names by
    substring (Thai vowel signs are not word characters to `re`, and Thai is written without spaces)."""
    found = [_MONTHS.get(word) or _MONTHS.get(word[:3]) for word in _WORD.findall(lowered) if len(word) >= 3]
    found += [number for name, number in _MONTHS.items() if not name.isascii() and name in lowered]
    return [number for number in found if number]


def _year(year: int, this_year: int) -> int:
    return year - THAI_ERA_OFFSET if year > this_year + 100 else year


def _plausible(year: int, month: int, day: int, this_year: int) -> bool:
    if not 1900 <= year <= this_year:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True
