"""Normalise a found value before keyed hashing, so that spellings of one identifier hash alike.

E.g. `900101-14-5678` and `900101145678` (MY_NRIC), `+60 12-345 6789` and `012-345 6789` (PHONE_NUMBER),
`Alice@Example.com` and `alice@example.com`, `12/OUKAMA(N)123456` and `၁၂/ဥကမ(နိုင်)၁၂၃၄၅၆` (MM_NRC),
`Blk 123 ... S(560123)` and `block 123 ... Singapore 560123` (LOCATION). Local digits (Thai ๑, Khmer ១,
Burmese ၁, full-width １) map to ASCII first. The normaliser names are the ones packs use in their
`normalizer` key.
"""

from __future__ import annotations

import ipaddress
import unicodedata
from collections.abc import Callable, Sequence

import phonenumbers

from jejak.recognizers.address_key import address_key
from jejak.recognizers.validators import mm_nrc


def ascii_digits(value: str) -> str:
    """Map every Unicode decimal digit to its ASCII digit, leave everything else alone."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in value)


class ValueNormalizer:
    """Normalisers by name; `phone_regions` resolves national-format phone numbers."""

    def __init__(self, phone_regions: Sequence[str] = ()) -> None:
        self.phone_regions = tuple(phone_regions)
        self._table: dict[str, Callable[[str], str]] = {
            "strip": lambda v: v.strip(),
            "lower": lambda v: unicodedata.normalize("NFC", v.strip()).lower(),
            "upper_alnum": lambda v: "".join(ch for ch in ascii_digits(v) if ch.isalnum()).upper(),
            "digits": lambda v: "".join(ch for ch in ascii_digits(v) if ch.isdigit()),
            "e164": self._e164,
            "ip": _ip,
            "mm_nrc": mm_nrc.canonical,
            "address": address_key,
        }

    def normalize(self, kind: str, value: str) -> str:
        return self._table[kind](value)

    def _e164(self, value: str) -> str:
        value = ascii_digits(value).strip()
        for region in (None, *self.phone_regions):
            try:
                number = phonenumbers.parse(value, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return "".join(ch for ch in value if ch.isdigit() or ch == "+")


def _ip(value: str) -> str:
    try:
        return ipaddress.ip_address(value.strip()).compressed
    except ValueError:
        return value.strip().lower()
