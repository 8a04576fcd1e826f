"""Myanmar National Registration Card (NRC) number: structure check against the township table.

`<state 1-14>/<township>(<type>)<6 digits>`, in Latin (`12/OUKAMA(N)123456`, also `12/OKM(N)123456`) or
Burmese script (`၁၂/ဥကမ(နိုင်)၁၂၃၄၅၆`); ../shared/spec/identifiers.md §H. There is no check digit, so this
validator can only reject: a state outside 1-14, a township code not filed under that state, an unknown
type, a serial that is not 6 digits.

Township codes come from `mm_townships` (wai-lin/mm-nrc, MIT). Three things make exact lookup too strict:
- Latin codes are a transliteration of the three Burmese letters, one syllable each, and spellings vary
  (ထ HTA/TA, ဆ SA/HSA, အ AH/A, ဥ OU/AU/U); the data itself has slips (KAMINE's Latin code is KAMATA while
  its Burmese code ကမန reads KAMANA). So a Latin code is accepted when the table lists it *or* it is a
  transliteration of a Burmese code of that state.
- Short forms take the first letter of each syllable (`OKM` for OUKAMA, libstdmmr/NRCPrefix README). These
  are weaker evidence (many townships share initials), which is why the pack scores them lower.
- Burmese spellings confuse look-alikes: U+1040 MYANMAR DIGIT ZERO for letter WA U+101D (6 codes in the
  table itself) and ဉ U+1009 for ဥ U+1025 (NRCPrefix prints both). Both sides are folded before comparing;
  since jejak maps Burmese digits to ASCII before matching, a digit zero inside a code arrives as "0".

Zawgyi-encoded text is not handled here (see `myanmartools` for detection).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import product
from typing import NamedTuple

from jejak.recognizers.validators.mm_townships import TOWNSHIPS

#: Type letters: N နိုင် citizen, E ဧည့် associate, P ပြု naturalised, T သာသနာ, Y ယာယီ, S စ (spec §H);
#: R as accepted by mm-nrc's pattern.ts; NAING spelled out as in NRCPrefix.
LATIN_TYPES = frozenset({"N", "E", "P", "T", "Y", "S", "R", "NAING"})
BURMESE_TYPES = frozenset({"နိုင်", "ဧည့်", "ပြု", "သာသနာ", "ယာယီ", "စ"})

#: Burmese letter -> Latin syllables seen for it on NRCs (derived from the Latin/Burmese pairs in the table).
# fmt: off
_SYLLABLES: dict[str, tuple[str, ...]] = {
    "က": ("KA",), "ခ": ("KHA",), "ဂ": ("GA",), "ဃ": ("GA",), "င": ("NGA",), "စ": ("SA",),
    "ဆ": ("SA", "HSA"), "ဇ": ("ZA",), "ဈ": ("ZA",), "ည": ("NYA",), "ဋ": ("TA",), "ဌ": ("HTA",),
    "ဍ": ("DA",), "ဎ": ("DA",), "ဏ": ("NA",), "တ": ("TA",), "ထ": ("HTA", "TA"), "ဒ": ("DA",),
    "ဓ": ("DA",), "န": ("NA",), "ပ": ("PA",), "ဖ": ("PHA", "HPA"), "ဗ": ("BA",), "ဘ": ("BA",),
    "မ": ("MA",), "ယ": ("YA",), "ရ": ("YA", "RA"), "လ": ("LA",), "ဝ": ("WA",), "သ": ("THA",),
    "ဟ": ("HA",), "ဠ": ("LA",), "အ": ("AH", "A"), "ဥ": ("OU", "AU", "U"),
}
# fmt: on

_SHAPE = re.compile(
    r"([0-9]{1,2})/([A-Z]{3,10}|[0\u1000-\u1021\u1025]{3})\(([A-Z]+|[\u1000-\u103F]+)\)([0-9]{6})"
)


class NrcParts(NamedTuple):
    state: int
    township: str  # upper-case Latin, or folded Burmese letters
    kind: str  # type as written: Latin upper-case or Burmese
    serial: str


def fold_burmese(code: str) -> str:
    """One spelling per Burmese township code: digit zero (either form) -> letter WA, ဉ -> ဥ."""
    return code.replace("\u1040", "\u101d").replace("0", "\u101d").replace("\u1009", "\u1025")


def compact(value: str) -> str:
    """NFC, ASCII digits, no whitespace, Latin letters upper-cased."""
    text = unicodedata.normalize("NFC", value)
    text = "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)
    return "".join(text.split()).upper()


def parse(value: str) -> NrcParts | None:
    """The NRC's parts when `value` has its shape (not yet checked against the tables), else None."""
    match = _SHAPE.fullmatch(compact(value))
    if match is None:
        return None
    state, township, kind, serial = match.groups()
    if state != str(int(state)):  # "012/..." or "0/..."
        return None
    if not township.isascii():
        township = fold_burmese(township)
    return NrcParts(int(state), township, kind, serial)


def is_valid(value: str) -> bool:
    """True when state, township (filed under that state), type and 6-digit serial all check out."""
    parts = parse(value)
    if parts is None or parts.kind not in LATIN_TYPES | BURMESE_TYPES:
        return False
    return is_township(parts.state, parts.township)


def is_township(state: int, code: str) -> bool:
    """True when `code` (Latin, Latin initials, or Burmese) names a township of `state` (1-14)."""
    if state not in TOWNSHIPS:
        return False
    burmese, latin, initials = _codes(state)
    if not code.isascii():
        return fold_burmese(code) in burmese
    code = code.upper()
    return code in (initials if len(code) == 3 else latin)


@cache
def _codes(state: int) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Burmese codes (folded), Latin codes (published + transliterated) and Latin initials of a state."""
    burmese: set[str] = set()
    latin: set[str] = set()
    initials: set[str] = set()
    for latin_code, burmese_code in TOWNSHIPS[state]:
        folded = fold_burmese(burmese_code)
        burmese.add(folded)
        latin.add(latin_code)
        options = [_SYLLABLES.get(letter, ()) for letter in folded]
        for syllables in product(*options):
            latin.add("".join(syllables))
            initials.add("".join(s[0] for s in syllables))
    return frozenset(burmese), frozenset(latin), frozenset(initials)


#: Type as one Latin letter, whichever script or spelling it was written in.
_TYPE_LETTER = {
    "NAING": "N",
    "နိုင်": "N",
    "ဧည့်": "E",
    "ပြု": "P",
    "သာသနာ": "T",
    "ယာယီ": "Y",
    "စ": "S",
}


def canonical(value: str) -> str:
    """One spelling per NRC, so Latin and Burmese writings of a card hash alike (erasure looks them up).

    `12/OUKAMA(N)123456`, `12/OKM(NAING)123456` and `၁၂/ဥကမ(နိုင်)၁၂၃၄၅၆` all become `12/ဥကမ(N)123456`: the
    township as its (folded) Burmese code, the type as one Latin letter. A Latin code that several townships
    of the state could spell (initials such as `OKM` may) maps to the first of them in code order, so it is
    stable but may differ from the card's Burmese spelling; a value that does not parse is only compacted.
    """
    parts = parse(value)
    if parts is None:
        return compact(value)
    kind = _TYPE_LETTER.get(parts.kind, parts.kind)
    township = parts.township
    if township.isascii():
        candidates = sorted(_burmese_for_latin(parts.state).get(township, ()))
        township = candidates[0] if candidates else township
    return f"{parts.state}/{township}({kind}){parts.serial}"


@cache
def _burmese_for_latin(state: int) -> dict[str, frozenset[str]]:
    """Latin code, transliteration or initials -> the folded Burmese codes of `state` it can stand for."""
    found: dict[str, set[str]] = {}
    for latin_code, burmese_code in TOWNSHIPS.get(state, ()):
        folded = fold_burmese(burmese_code)
        found.setdefault(latin_code, set()).add(folded)
        options = [_SYLLABLES.get(letter, ()) for letter in folded]
        for syllables in product(*options):
            found.setdefault("".join(syllables), set()).add(folded)
            found.setdefault("".join(s[0] for s in syllables), set()).add(folded)
    return {code: frozenset(codes) for code, codes in found.items()}
