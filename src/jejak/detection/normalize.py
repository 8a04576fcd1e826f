"""Normalise a found value before keyed hashing, so that spellings of one identifier hash alike.

E.g. `900101-14-5678` and `900101145678` (MY_NRIC), `+60 12-345 6789` and `012-345 6789` (PHONE_NUMBER),
`Alice@Example.com` and `alice@example.com`, `12/OUKAMA(N)123456` and `၁၂/ဥကမ(နိုင်)၁၂၃၄၅၆` (MM_NRC),
`Blk 123 ... S(560123)` and `block 123 ... Singapore 560123` (LOCATION), `Nguyễn Văn An` and
`NGUYEN  VAN AN` (PERSON). Local digits (Thai ๑, Khmer ១,
Burmese ၁, full-width １) map to ASCII first. The normaliser names are the ones packs use in their
`normalizer` key.
"""

from __future__ import annotations

import ipaddress
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

import phonenumbers

from jejak.recognizers.address_key import address_key
from jejak.recognizers.phone_regions import RegionFilter
from jejak.recognizers.validators import mm_nrc


def ascii_digits(value: str) -> str:
    """Map every Unicode decimal digit to its ASCII digit, leave everything else alone."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in value)


class ValueNormalizer:
    """Normalisers by name; `phone_regions` resolves national-format phone numbers."""

    def __init__(self, phone_regions: Sequence[str] = ()) -> None:
        self.phone_regions = tuple(phone_regions)
        self._phone_filter = RegionFilter(self.phone_regions)
        self._table: dict[str, Callable[[str], str]] = {
            "strip": lambda v: v.strip(),
            "lower": lambda v: unicodedata.normalize("NFC", v.strip()).lower(),
            "upper_alnum": lambda v: "".join(ch for ch in ascii_digits(v) if ch.isalnum()).upper(),
            "digits": lambda v: "".join(ch for ch in ascii_digits(v) if ch.isdigit()),
            "e164": self._e164,
            "ip": _ip,
            "mm_nrc": mm_nrc.canonical,
            "address": address_key,
            "person_name": person_name,
        }

    def normalize(self, kind: str, value: str) -> str:
        return self._table[kind](value)

    def _e164(self, value: str) -> str:
        value = ascii_digits(value).strip()
        # regions whose digits the value cannot be are skipped: a parse costs ~0.1 ms, and most of a
        # national number's regions would fail it (the first region it is valid in still wins)
        possible = self._phone_filter.parseable_in(value)
        for region in (None, *(region for region in self.phone_regions if region in possible)):
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


def person_name(value: str) -> str:
    """A name as people spell it in different records: `Nguyễn Văn An`, `NGUYEN VAN AN`, `nguyen  van an`
    and full-width `Ｎｇｕｙｅｎ Ｖａｎ Ａｎ` all become `nguyen van an`, so `--id name=...` meets every copy.

    Accents are dropped from Latin letters only (Vietnamese ễ ơ ư đ, Malay/Indonesian/Filipino ñ é): forms
    and registers write those names with and without them. The marks of Thai, Lao, Khmer and Burmese are
    vowels and tones, not decoration: `สมชาย` and `สมชัย` are two names, so those are kept (NFC) and only
    their whitespace is collapsed.
    """
    text = unicodedata.normalize("NFC", value)
    text = "".join(_compatibility_latin(ch) for ch in text).casefold()
    out: list[str] = []
    latin_base = False
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.category(ch).startswith("M"):
            # a diacritic on a Latin letter goes; a Thai/Lao/Khmer/Burmese vowel sign (not named
            # COMBINING ...) or a mark on anything else stays
            if latin_base and unicodedata.name(ch, "").startswith("COMBINING "):
                continue
        else:
            latin_base = unicodedata.name(ch, "").startswith("LATIN ")
            ch = _latin_base_letter(ch) if latin_base else ch
        out.append(ch)
    return " ".join(unicodedata.normalize("NFC", "".join(out)).split())


@lru_cache(maxsize=4096)
def _compatibility_latin(ch: str) -> str:
    """NFKC of `ch` when that gives Latin or ASCII (full-width `Ｎ`, ligature `ﬁ`, long `ſ`); other scripts'
    compatibility forms stay as written (NFKC would split Thai ำ and Lao ຳ into two characters)."""
    folded = unicodedata.normalize("NFKC", ch)
    if folded == ch or not all(c.isascii() or unicodedata.name(c, "").startswith("LATIN ") for c in folded):
        return ch
    return folded


@lru_cache(maxsize=4096)
def _latin_base_letter(ch: str) -> str:
    """The plain letter under a Latin letter whose mark is part of the character and does not decompose:
    `đ` (LATIN SMALL LETTER D WITH STROKE) -> `d`, likewise `ł`, `ø`, `ħ`."""
    name = unicodedata.name(ch, "")
    base, with_, _ = name.partition(" WITH ")
    if not with_:
        return ch
    try:
        return unicodedata.lookup(base)
    except KeyError:
        return ch
