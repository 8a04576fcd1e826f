"""Myanmar NRC validator: Latin and Burmese forms, Burmese digits, the spec's examples and pitfalls."""

from __future__ import annotations

import unicodedata

import pytest

from jejak.recognizers.validators import mm_nrc
from jejak.recognizers.validators.mm_townships import TOWNSHIPS


def _ascii_digits(value: str) -> str:
    """What jejak's text normalisation does before recognizers run."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in value)


@pytest.mark.parametrize(
    "value",
    [
        "12/OUKAMA(N)123456",
        "12/OuKaMa(N)123456",
        "12/oukama(n)123456",
        "12/OUKAMA (N) 123456",
        "12 / OUKAMA ( NAING ) 123456",
        "12/OKM(N)123456",
        "9/MAHAMA(N)654321",
        "14/PaTaNa(N)123456",
        "5/KHAOUTA(E)123456",
        "12/DAGAYA(P)000001",
        "12/OUKAMA(R)123456",
        "12/ဥကမ(နိုင်)123456",
        "12/ဥကမ(N)123456",
        "12/OUKAMA(နိုင်)123456",
        "၁၂/ဥကမ(နိုင်)၁၂၃၄၅၆",
        "၅/ခဥတ(ဧည့်)၀၀၁၂၃၄",
        "၉/မဟမ(သာသနာ)၆၅၄၃၂၁",
    ],
)
def test_valid(value: str) -> None:
    assert mm_nrc.is_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "15/OUKAMA(N)123456",  # no state 15
        "0/OUKAMA(N)123456",
        "012/OUKAMA(N)123456",  # leading zero
        "12/OUKAMA(X)123456",  # unknown type
        "12/OUKAMA(N)12345",  # 5 digits
        "12/OUKAMA(N)1234567",  # 7 digits
        "12/MAHAMA(N)123456",  # Mandalay's township under Yangon
        "9/OUKAMA(N)123456",  # Yangon's township under Mandalay
        "12/ABCDEF(N)123456",
        "12/XYZ(N)123456",  # initials of no Yangon township
        "၁၂/ဥကမ(နိုင)၁၂၃၄၅၆",  # type without asat
        "၁၂/ဃဃဃ(နိုင်)၁၂၃၄၅၆",  # no such code in Yangon
        "12/OUKAMA(N)12345X",
        "12-OUKAMA(N)123456",
        "",
    ],
)
def test_invalid(value: str) -> None:
    assert not mm_nrc.is_valid(value)


#: The MM_NRC examples of shared/spec/identifier-examples.json (verified there), copied so the test does
#: not depend on a checkout of shared/ beside the repository.
SPEC_VALID = (
    "12/OUKAMA(N)123456",
    "12/OuKaMa(N)123456",
    "၁၂/ဥကမ(နိုင်)၁၂၃၄၅၆",
    "9/MAHAMA(N)654321",
    "14/PaTaNa(N)123456",
)
SPEC_INVALID = ("15/OUKAMA(N)123456", "12/OUKAMA(X)123456", "12/OUKAMA(N)12345", "၁၂/ဥကမ(နိုင)၁၂၃၄၅၆")


def test_spec_examples_behave_as_listed() -> None:
    assert [v for v in SPEC_VALID if not mm_nrc.is_valid(v)] == []
    assert [v for v in SPEC_INVALID if mm_nrc.is_valid(v)] == []


def test_burmese_digits_after_mapping() -> None:
    """Recognizers see ASCII digits; the validator gives the same answer before and after the mapping."""
    for value in ("၁၂/ဥကမ(နိုင်)၁၂၃၄၅၆", "၁၅/ဥကမ(နိုင်)၁၂၃၄၅၆", "၁၂/ဥကမ(နိုင်)၁၂၃၄၅"):
        mapped = _ascii_digits(value)
        assert mapped.isascii() is False  # Burmese letters stay
        assert mm_nrc.is_valid(mapped) == mm_nrc.is_valid(value)
    assert mm_nrc.is_valid(_ascii_digits("၁၂/ဥကမ(နိုင်)၁၂၃၄၅၆"))


def test_digit_zero_for_letter_wa() -> None:
    """The table writes PAWANA as ပ၀န (digit zero); text may use the letter, the digit, or the mapped "0"."""
    assert ("PAWANA", "ပ\u1040န") in TOWNSHIPS[1]
    for code in ("ပ\u1040န", "ပ\u101dန", "ပ0န"):
        assert mm_nrc.is_valid(f"1/{code}(နိုင်)123456"), code
    assert not mm_nrc.is_valid("2/ပ0န(နိုင်)123456")  # Kachin's township, not Kayah's


def test_u_vowel_spellings() -> None:
    """ဥ (U+1025) and ဉ (U+1009) are both written for the first letter of OUKAMA (NRCPrefix prints both)."""
    assert mm_nrc.is_valid("12/\u1025ကမ(နိုင်)123456")
    assert mm_nrc.is_valid("12/\u1009ကမ(နိုင်)123456")
    assert mm_nrc.fold_burmese("\u1009ကမ") == mm_nrc.fold_burmese("\u1025ကမ")


def test_type_accepts_nfd_input() -> None:
    """ဧည့် typed with its marks in another order composes to the table's NFC form."""
    decomposed = "12/ဥကမ(ဧည\u103a\u1037)123456"
    assert unicodedata.normalize("NFC", decomposed) != decomposed
    assert mm_nrc.is_valid(decomposed)


def test_latin_transliterations_and_published_codes() -> None:
    """KAMINE is published as KAMATA/ကမန: both the published code and the transliteration KAMANA pass."""
    assert ("KAMATA", "ကမန") in TOWNSHIPS[1]
    assert mm_nrc.is_township(1, "KAMATA")
    assert mm_nrc.is_township(1, "KAMANA")
    assert mm_nrc.is_township(12, "OKM") and mm_nrc.is_township(12, "AKM")
    assert not mm_nrc.is_township(12, "QQQ")
    assert not mm_nrc.is_township(15, "OUKAMA")


def test_parse() -> None:
    assert mm_nrc.parse("12/OuKaMa (N) 123456") == mm_nrc.NrcParts(12, "OUKAMA", "N", "123456")
    assert mm_nrc.parse("၁၂/ဉကမ(နိုင်)၁၂၃၄၅၆") == mm_nrc.NrcParts(12, "ဥကမ", "နိုင်", "123456")
    assert mm_nrc.parse("12/OUKAMA") is None


def test_township_table() -> None:
    """The generated table covers states 1-14 with the counts the spec lists (less blanks and duplicates)."""
    assert sorted(TOWNSHIPS) == list(range(1, 15))
    assert sum(len(codes) for codes in TOWNSHIPS.values()) == 449
    for codes in TOWNSHIPS.values():
        for latin, burmese in codes:
            assert latin.isascii() and latin.isupper()
            assert len(burmese) == 3 and unicodedata.is_normalized("NFC", burmese)
