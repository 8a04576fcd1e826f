"""Indonesian NIK: python-stdnum's id.nik, plus the day-of-birth range it leaves open.

stdnum reads the day as `DD % 40`, so a day field of 81-99 passes as 1-19 although no such NIK can exist:
days are 01-31 for men and 41-71 for women (day + 40; shared/spec/identifiers.md §D). Everything else
(region codes from stdnum's loc.dat, the date itself) is stdnum's check.
"""

from __future__ import annotations

from stdnum.id import nik


def is_valid(value: str) -> bool:
    if not nik.is_valid(value):
        return False
    day = int(nik.compact(value)[6:8])
    return 1 <= day <= 31 or 41 <= day <= 71
