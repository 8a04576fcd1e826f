"""Loading the name lists shipped in this package.

Each `*.txt` list holds one name per line; lines starting with `#` are its header (source, licence,
processing). Lists are read once per process (`lru_cache`); they are small (hundreds of names), so a
frozenset lookup per token is the cheapest evidence a recognizer can ask for.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.resources import files

#: Family-name lists by naming tradition. `*_editorial` lists are small, hand-written additions for closed,
#: well-known sets (Vietnamese and Chinese surnames); see docs/person-detection.md.
FAMILY_LISTS: dict[str, tuple[str, ...]] = {
    "vi": ("family_vi.txt", "family_vi_editorial.txt"),
    "zh": ("family_zh.txt", "family_zh_editorial.txt"),
    "ph": ("family_ph.txt",),
    "km": ("family_km.txt",),
}
GIVEN_LISTS: tuple[str, ...] = ("given_names.txt",)


@cache
def read_list(filename: str) -> tuple[str, ...]:
    """The entries of one list file, in file order, NFC-composed (recognizers see NFC text)."""
    text = files(__name__.rpartition(".")[0]).joinpath(filename).read_text(encoding="utf-8")
    entries = (unicodedata.normalize("NFC", line.strip()) for line in text.splitlines())
    return tuple(entry for entry in entries if entry and not entry.startswith("#"))


@cache
def family_names(tradition: str) -> frozenset[str]:
    """Family names of one tradition (`vi`, `zh`, `ph`, `km`), as written in the lists."""
    return frozenset(name for filename in FAMILY_LISTS[tradition] for name in read_list(filename))


@cache
def given_names() -> frozenset[str]:
    return frozenset(name for filename in GIVEN_LISTS for name in read_list(filename))


def fold(word: str) -> str:
    """Lower-case ASCII form: diacritics removed and đ -> d, so `Nguyễn` and `Nguyen` compare equal."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
