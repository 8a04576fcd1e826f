"""Cheap per-text language guess, used only to pick the tokenizer (and NER model) for a text.

Recognizers and context words are the same for every language (SEA text mixes English, Malay and local
scripts in one message), so a wrong guess among Latin-script languages costs nothing; the script of the text
decides Thai, Lao, Khmer and Burmese, and Vietnamese is told apart by its tone marks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("th", re.compile(r"[\u0E00-\u0E7F]")),
    ("lo", re.compile(r"[\u0E80-\u0EFF]")),
    ("km", re.compile(r"[\u1780-\u17FF]")),
    ("my", re.compile(r"[\u1000-\u109F]")),
    ("vi", re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂÂĐÊÔƠƯ]", re.IGNORECASE)),
)


def guess_language(text: str, supported: Sequence[str], default: str = "en") -> str:
    """The first script-identified language that is supported, else `default` (or the first supported)."""
    if text.isascii():  # every script pattern needs a character outside ASCII
        return default if default in supported else supported[0]
    for language, pattern in _SCRIPTS:
        if language in supported and pattern.search(text):
            return language
    if default in supported:
        return default
    return supported[0]
