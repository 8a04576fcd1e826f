"""One spelling per street address, so that the copies of one address hash alike.

An address is retyped in every system it passes through: "Blk 123 Ang Mo Kio Ave 3 #05-12 S(560123)" in the
CRM, "block 123, ang mo kio avenue 3, #05-12, Singapore 560123" in the export. Erasure looks a person's
address up by its keyed hash (issue 6's subject index), so both must give the same key: lower case, NFC,
local digits as ASCII, the region's common abbreviations written out (Jln -> jalan, Brgy. -> barangay,
ถ. -> ถนน, TP. -> thành phố), punctuation dropped and spaces collapsed.

Only abbreviations with one reading in addresses are expanded; `st` is kept as "street" (Saint is rare in
Southeast Asian street names). The key is for matching, never shown to anyone.
"""

from __future__ import annotations

import re
import unicodedata

#: Latin abbreviations (a whole word, with or without its dot) and what they stand for.
_LATIN = {
    "jln": "jalan",
    "jl": "jalan",
    "lrg": "lorong",
    "tmn": "taman",
    "kg": "kampung",
    "kpg": "kampung",
    "gg": "gang",
    "kel": "kelurahan",
    "kec": "kecamatan",
    "kab": "kabupaten",
    "prov": "provinsi",
    "perum": "perumahan",
    "komp": "kompleks",
    "komplek": "kompleks",
    "blk": "block",
    "bk": "block",
    "lvl": "level",
    "rd": "road",
    "st": "street",
    "ave": "avenue",
    "av": "avenue",
    "cres": "crescent",
    "blvd": "boulevard",
    "dr": "drive",
    "hwy": "highway",
    "brgy": "barangay",
    "bgy": "barangay",
    "subd": "subdivision",
    "nombor": "no",
    "nomor": "no",
    "number": "no",
    "tp": "thành phố",
    "q": "quận",
    "p": "phường",
    "tx": "thị xã",
    "tt": "thị trấn",
}
_LATIN_WORD = re.compile(
    r"(?<![^\W_])(" + "|".join(sorted(_LATIN, key=len, reverse=True)) + r")\.?(?![^\W_])"
)
#: Thai abbreviations are written with a dot and no space before the name ("ถ.สุขุมวิท").
_THAI = {"ถ.": "ถนน ", "ซ.": "ซอย ", "ต.": "ตำบล ", "อ.": "อำเภอ ", "จ.": "จังหวัด ", "ม.": "หมู่ "}
_THAI_WORD = re.compile("|".join(re.escape(k) for k in _THAI))
#: Singapore's "S(560123)" and "S560123" are "singapore 560123".
_SG_POSTCODE = re.compile(r"(?<![^\W_])s\s*\(?(\d{6})\)?(?!\d)")
#: Kept: the separators of house and unit numbers (123/45, #05-12).
_KEPT = frozenset("/#-")
_SPACES = re.compile(r"\s+")


def address_key(value: str) -> str:
    text = unicodedata.normalize("NFC", value).lower()
    text = "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)
    text = _SG_POSTCODE.sub(r"singapore \1", text)
    text = _THAI_WORD.sub(lambda m: _THAI[m.group(0)], text)
    text = _LATIN_WORD.sub(lambda m: _LATIN[m.group(1)], text)
    # Punctuation and symbols by Unicode category: a regex \W would also drop Thai and Burmese vowel signs.
    text = "".join(" " if unicodedata.category(ch)[0] in "PS" and ch not in _KEPT else ch for ch in text)
    return _SPACES.sub(" ", text).strip()
