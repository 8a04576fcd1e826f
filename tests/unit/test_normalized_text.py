from __future__ import annotations

import unicodedata

import pytest

from jejak.detection.normalized_text import normalize_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("๓๑๐๐๖๐๐๔๔๕๖๓๕", "3100600445635"),  # Thai
        ("໐໙", "09"),  # Lao
        ("០១២", "012"),  # Khmer
        ("၁၂/ဥကမ(နိုင်)၁၂၃၄၅၆", "12/ဥကမ(နိုင်)123456"),  # Burmese digits, letters untouched
        ("Ｓ１２３", "Ｓ123"),  # full-width digits only
    ],
)
def test_local_digits_become_ascii_keeping_offsets(text: str, expected: str) -> None:
    normalized = normalize_text(text)
    assert normalized.text == expected
    assert normalized.original_span(0, len(expected)) == (0, len(text))


def test_decomposed_vietnamese_is_composed_and_offsets_map_back() -> None:
    original = unicodedata.normalize("NFD", "Số CCCD của tôi là ") + "079190012345"
    normalized = normalize_text(original)
    assert normalized.text == unicodedata.normalize("NFC", original)
    assert len(normalized.text) < len(original)
    start = normalized.text.index("079")
    begin, end = normalized.original_span(start, start + 12)
    assert original[begin:end] == "079190012345"
    begin, end = normalized.original_span(0, 2)  # "Số": the composed ố maps to its three code points
    assert original[begin:end] == unicodedata.normalize("NFD", "Số")


def test_ascii_is_untouched() -> None:
    normalized = normalize_text("plain ascii 123")
    assert normalized.text == "plain ascii 123" and normalized.starts is None


def test_zawgyi_burmese_is_converted_and_offsets_map_back() -> None:
    from myanmar import converter

    unicode_text = "မှတ်ပုံတင်အမှတ် ၁၂/ဥကမ(နိုင်)၁၂၃၄၅၆ ပါ"
    zawgyi = converter.convert(unicode_text, "unicode", "zawgyi")
    assert zawgyi != unicode_text
    normalized = normalize_text(zawgyi)
    assert normalized.zawgyi
    assert normalized.text == unicode_text.translate({0x1040 + d: ord("0") + d for d in range(10)})
    start = normalized.text.index("12/")
    end = normalized.text.index("123456") + 6
    begin, finish = normalized.original_span(start, end)
    assert zawgyi[begin:finish].startswith("၁၂/") and zawgyi[begin:finish].endswith("၁၂၃၄၅၆")


def test_unicode_burmese_is_not_converted() -> None:
    text = "မှတ်ပုံတင်အမှတ် ၁၂/ဥကမ(နိုင်)၁၂၃၄၅၆"
    assert not normalize_text(text).zawgyi
