"""Person names in the scripts without letter case or word spaces: Thai, Lao, Khmer and Burmese.

A title or a form label (นาย, คุณ, ชื่อ-นามสกุล:, លោក, ឈ្មោះ៖, ທ້າວ, ຊື່:, ဦး, ဒေါ်, အမည် -) announces a name;
the hard part is where the name ends, since nothing separates it from the next word. Split out of
jejak.recognizers.person, which handles Latin-script names and combines both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from jejak.recognizers.gazetteers import person_words as w


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    score: float
    why: str


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


#: The name sits in a lookahead, so a rejected match ("คุณแม่ของผม") does not swallow the next title.
_TH_NAME = re.compile(
    rf"(?<!ขอบ)(?P<title>(?>{_alternation(list(w.TH_TITLES))}))(?= ?"
    rf"(?P<name>[{w.TH_LETTERS}]+(?: [{w.TH_LETTERS}]+)?))"
)
_LO_NAME = re.compile(
    rf"(?P<title>(?>{_alternation(list(w.LO_TITLES))})) ?(?P<name>[{w.LO_LETTERS}]+(?: [{w.LO_LETTERS}]+)?)"
)
_KM_NAME = re.compile(
    rf"(?P<title>(?>{_alternation(list(w.KM_TITLES))})) ?(?P<name>[{w.KM_LETTERS}]+(?: [{w.KM_LETTERS}]+)?)"
)
_SEP = r"(?:\s*[:៖\-–]\s*|\s)"
_TH_LABEL = re.compile(
    rf"(?<![{w.TH_LETTERS}])(?P<title>(?>{_alternation(list(w.TH_LABELS))}))(?=(?P<sep>{_SEP}?)"
    rf"(?P<name>[{w.TH_LETTERS}]+(?: [{w.TH_LETTERS}]+)?))"
)
_LO_LABEL = re.compile(
    rf"(?<![{w.LO_LETTERS}])(?P<title>(?>{_alternation(list(w.LO_LABELS))})){_SEP}"
    rf"(?P<name>[{w.LO_LETTERS}]+(?: [{w.LO_LETTERS}]+)?)"
)
_KM_LABEL = re.compile(
    rf"(?<![{w.KM_LETTERS}])(?P<title>(?>{_alternation(list(w.KM_LABELS))})){_SEP}"
    rf"(?P<name>[{w.KM_LETTERS}]+(?: [{w.KM_LETTERS}]+)?)"
)
_MY_LABEL = re.compile(
    rf"(?<![{w.MY_LETTERS}])(?P<title>(?>{_alternation(list(w.MY_LABELS))})){_SEP}(?P<name>[{w.MY_LETTERS}]+)"
)
_MY_NAME = re.compile(
    rf"(?<![{w.MY_LETTERS}])(?P<title>(?>{_alternation(list(w.MY_TITLES))})) ?"
    # a name starts with a consonant or independent vowel: "မှတ်" is one syllable, not Ma + "ှတ်"
    rf"(?P<name>[\u1000-\u102a\u103f][{w.MY_LETTERS}]*)"
)


def find_caseless_names(text: str, km_family: frozenset[str]) -> Iterator[Found]:
    """Names after titles and labels in Thai, Lao, Khmer and Burmese (scripts without case or spaces)."""
    for match in _TH_NAME.finditer(text):
        found = _thai(match, w.TH_TITLES[match.group("title")])
        if found is not None:
            yield found
    for match in _TH_LABEL.finditer(text):
        # without a colon ("ลูกค้าศิริพร ...", "ดิฉันมาลี ...") the name needs its family name too
        label, sep = match.group("title"), match.group("sep")
        if label in w.TH_PRONOUNS and sep:
            continue
        found = _thai(match, w.TH_LABELS[label], need_family=not sep.strip())
        if found is not None:
            yield found
    for pattern, titles in (
        (_LO_NAME, w.LO_TITLES),
        (_KM_NAME, w.KM_TITLES),
        (_LO_LABEL, w.LO_LABELS),
        (_KM_LABEL, w.KM_LABELS),
    ):
        for match in pattern.finditer(text):
            words = match.group("name").split(" ")
            if len(words) > 1 and words[1].startswith(w.LO_KM_NOT_A_NAME):
                words = words[:1]
            if any(len(word) > 12 for word in words) or words[0].startswith(w.LO_KM_NOT_A_NAME):
                continue  # a whole clause glued to the title, not a name
            score = titles[match.group("title")] + (0.15 if words[0] in km_family else 0.0)
            start = match.start("name")
            yield Found(start, start + len(" ".join(words)), score, f"title {match.group('title')}")
    for match in _MY_NAME.finditer(text):
        title, name, start = match.group("title"), match.group("name"), match.start("name")
        if name.startswith(w.MY_NOT_A_NAME) or (title in w.MY_GLUED and start > match.end("title")):
            continue  # "ကို ပြေစာ": the object marker before a noun, not Ko + name
        end = match.end("name")
        if title == "မ" and (
            (end < len(text) and not text[end].isspace()) or name.endswith(w.MY_VERB_ENDINGS)
        ):
            continue  # negation: "မလိုချင်တော့ပါ"
        found = _burmese(name, start, w.MY_TITLES[title], "Burmese title")
        if found is not None:
            yield found
    for match in _MY_LABEL.finditer(text):
        if match.group("name").startswith(w.MY_NOT_A_NAME):
            continue
        found = _burmese(
            match.group("name"), match.start("name"), w.MY_LABELS[match.group("title")], "Burmese label"
        )
        if found is not None:
            yield found


def _burmese(name: str, start: int, score: float, why: str) -> Found | None:
    for particle in w.MY_TRAILING:
        if name.endswith(particle) and len(name) > len(particle) + 1:
            name = name[: -len(particle)]
            break
    return Found(start, start + len(name), score, why) if 1 < len(name) <= 15 else None


def _thai(match: re.Match[str], score: float, need_family: bool = False) -> Found | None:
    title, name, start = match.group("title"), match.group("name"), match.start("name")
    first, _, family = name.partition(" ")
    if first.startswith(w.TH_NOT_A_NAME):
        return None
    first = _cut_at_stop(first)
    if family and (family.startswith(w.TH_STOPS) or family.startswith(w.TH_NOT_A_NAME)):
        family = ""
    family = _cut_at_stop(family) if family and len(first) == len(name.partition(" ")[0]) else ""
    if len(first) < 2 or (need_family and len(family) < 2):
        return None
    end = start + len(first) + (1 + len(family) if family else 0)
    return Found(start, end, score, f"Thai title {title}")


def _cut_at_stop(word: str) -> str:
    cut = len(word)
    for stop in w.TH_STOPS:
        at = word.find(stop, 2)
        if at != -1:
            cut = min(cut, at)
    return word[:cut]
