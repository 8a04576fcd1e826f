from __future__ import annotations

from datetime import date

import pytest

from jejak.recognizers.validators.birth_date import is_valid

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    "value",
    [
        "12/03/1990",
        "03/12/1990",
        "1990-03-12",
        "5 Ogos 1987",
        "17 Agustus 1945",
        "12 มีนาคม 2533",
        "ngày 12 tháng 3 năm 1990",
        "1 Dec 2000",
        "29/02/2000",
    ],
)
def test_plausible_birth_dates(value: str) -> None:
    assert is_valid(value, today=TODAY)


@pytest.mark.parametrize(
    "value",
    ["31/02/1990", "12/03/2090", "1899-12-31", "32/01/1990", "29/02/2001", "12 Foo 1990", "2027-01-01"],
)
def test_impossible_or_future_dates(value: str) -> None:
    assert not is_valid(value, today=TODAY)
