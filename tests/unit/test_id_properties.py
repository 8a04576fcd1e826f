"""Property tests: every generated valid identifier is found in a sentence; a mutated one is not.

Valid values come from generators written here or from python-stdnum's own check-digit functions (an
independent library), never from jejak's validators, so the test measures jejak rather than itself.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stdnum.id import nik
from stdnum.my import nric
from stdnum.sg import uen
from stdnum.th import pin
from stdnum.vn import mst

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def _sg_check_letter(prefix: str, body: str) -> str:
    weights = (2, 7, 6, 5, 4, 3, 2)
    total = (
        sum(int(d) * w for d, w in zip(body, weights, strict=True))
        + {"S": 0, "F": 0, "T": 4, "G": 4, "M": 3}[prefix]
    )
    table = {
        "S": "JZIHGFEDCBA",
        "T": "JZIHGFEDCBA",
        "F": "XWUTRQPNMLK",
        "G": "XWUTRQPNMLK",
        "M": "XWUTRQPNJLK",
    }
    return table[prefix][total % 11]


def _found(detector, text: str, value: str, entity: str) -> bool:
    return any(
        s.entity_type == entity and text[s.start : s.end] == value for s in detector.analyze_text(text)
    )


def _mutate(value: str, position: int, digit: str) -> str:
    positions = [i for i, ch in enumerate(value) if ch.isdigit()]
    index = positions[position % len(positions)]
    assume(value[index] != digit)
    return value[:index] + digit + value[index + 1 :]


@SETTINGS
@given(
    prefix=st.sampled_from("STFGM"),
    body=st.text(alphabet="0123456789", min_size=7, max_size=7),
    position=st.integers(0, 6),
    digit=digits,
)
def test_sg_nric_fin(detector, prefix: str, body: str, position: int, digit: str) -> None:
    value = prefix + body + _sg_check_letter(prefix, body)
    assert _found(detector, f"my NRIC is {value}", value, "SG_NRIC_FIN")
    mutated = _mutate(value, position, digit)
    assume(mutated[-1] != _sg_check_letter(prefix, mutated[1:8]))
    assert not _found(detector, f"my NRIC is {mutated}", mutated, "SG_NRIC_FIN")


@SETTINGS
@given(
    first=st.integers(1, 8),
    rest=st.text(alphabet="0123456789", min_size=11, max_size=11),
    dashed=st.booleans(),
    thai_digits=st.booleans(),
    position=st.integers(0, 12),
    digit=digits,
)
def test_th_tnin(
    detector, first: int, rest: str, dashed: bool, thai_digits: bool, position: int, digit: str
) -> None:
    number = f"{first}{rest}"
    number += pin.calc_check_digit(number)
    value = f"{number[0]}-{number[1:5]}-{number[5:10]}-{number[10:12]}-{number[12]}" if dashed else number
    if thai_digits:
        value = value.translate({ord(str(d)): 0x0E50 + d for d in range(10)})
    assert _found(detector, f"เลขบัตรประชาชน {value}", value, "TH_TNIN")
    mutated = _mutate(value.translate({0x0E50 + d: str(d) for d in range(10)}), position, digit)
    assume(not pin.is_valid(mutated))
    assert not _found(detector, f"เลขบัตรประชาชน {mutated}", mutated, "TH_TNIN")


@SETTINGS
@given(
    born=st.dates(date(1950, 1, 1), date(2009, 12, 31)),
    place=st.sampled_from(["01", "07", "10", "14", "16"]),
    serial=st.text(alphabet="0123456789", min_size=4, max_size=4),
)
def test_my_nric(detector, born: date, place: str, serial: str) -> None:
    value = f"{born:%y%m%d}-{place}-{serial}"
    assume(nric.is_valid(value))
    assert _found(detector, f"No. K/P saya {value}", value, "MY_NRIC")
    impossible = f"{born:%y}13{born:%d}-{place}-{serial}"  # month 13
    assert not _found(detector, f"No. K/P saya {impossible}", impossible, "MY_NRIC")


@SETTINGS
@given(
    region=st.sampled_from(["317101", "327301", "357801", "517101"]),
    born=st.dates(date(1950, 1, 1), date(2005, 12, 31)),
    female=st.booleans(),
    serial=st.integers(1, 999),
)
def test_id_nik(detector, region: str, born: date, female: bool, serial: int) -> None:
    day = born.day + (40 if female else 0)
    value = f"{region}{day:02d}{born:%m%y}{serial:04d}"
    assume(nik.is_valid(value))
    assert _found(detector, f"NIK saya {value}", value, "ID_NIK")
    bad_day = f"{region}{72 + born.day % 28:02d}{born:%m%y}{serial:04d}"  # day field 72-99: no such NIK
    assert not _found(detector, f"NIK saya {bad_day}", bad_day, "ID_NIK")


@SETTINGS
@given(
    body=st.text(alphabet="0123456789", min_size=9, max_size=9),
    branch=st.booleans(),
    position=st.integers(0, 9),
    digit=digits,
)
def test_vn_mst(detector, body: str, branch: bool, position: int, digit: str) -> None:
    check = mst.calc_check_digit(body)
    assume(len(check) == 1)  # 10 - (s mod 11) can be 10: no such MST exists
    value = body + check + ("-001" if branch else "")
    assert _found(detector, f"Mã số thuế {value}", value, "VN_MST")
    mutated = _mutate(value[:10], position, digit) + value[10:]
    assume(not mst.is_valid(mutated))
    assert not _found(detector, f"Mã số thuế {mutated}", mutated, "VN_MST")


@SETTINGS
@given(body=st.text(alphabet="0123456789", min_size=8, max_size=8), position=st.integers(0, 7), digit=digits)
def test_sg_uen_business(detector, body: str, position: int, digit: str) -> None:
    value = body + uen.calc_business_check_digit(body)
    assert _found(detector, f"UEN {value}", value, "SG_UEN")
    mutated = _mutate(value[:8], position, digit) + value[8]
    assume(not uen.is_valid(mutated))
    assert not _found(detector, f"UEN {mutated}", mutated, "SG_UEN")


def test_properties_cover_a_day_range() -> None:
    # guard against a strategy silently shrinking to nothing: the date strategies above span decades
    assert date(2009, 12, 31) - date(1950, 1, 1) > timedelta(days=365 * 50)
