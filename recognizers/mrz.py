"""ICAO Doc 9303 machine-readable zones (MRZ): passports (TD3), TD2 and TD1 ID cards, found in free text.

No Southeast Asian passport number has a public check digit (shared/spec/identifiers.md §J), but when the
MRZ is present its check digits do: document number, birth date, expiry and the composite (weights 7, 3, 1
repeating; 0-9 = value, A-Z = 10-35, `<` = 0; sum mod 10; ICAO 9303 part 3 §4.9, layouts in parts 4-6).
Four check digits passing together are proof, so a match scores 1.0 without context words.

The entity reported is the *document number* span, named by the issuing state for ASEAN passports
(SGP -> SG_PASSPORT, ...) and Cambodia's TD1 ID card (KHM -> KH_NID, identifiers.md §I); other documents
are PASSPORT (document code P) or MRZ_DOCUMENT. The pack declares only the umbrella MRZ_DOCUMENT (one entity
per pack spec), so `analyze` treats a request for MRZ_DOCUMENT as a request for every MRZ entity type.

Lines may be separated by newlines, spaces (one spreadsheet cell) or a literal backslash-n (escaped JSON or
CSV exports). TD1/TD2 document numbers longer than nine characters overflow into the optional data field
(the check digit position holds `<`; ICAO 9303 parts 5 and 6); those are reported from the field start to
the end of the overflow.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from jejak.recognizers.base import JejakRecognizer

MRZ_DOCUMENT = "MRZ_DOCUMENT"
PASSPORT = "PASSPORT"
ASEAN_PASSPORTS = {
    "SGP": "SG_PASSPORT",
    "MYS": "MY_PASSPORT",
    "IDN": "ID_PASSPORT",
    "THA": "TH_PASSPORT",
    "VNM": "VN_PASSPORT",
    "PHL": "PH_PASSPORT",
    "MMR": "MM_PASSPORT",
    "KHM": "KH_PASSPORT",
    "LAO": "LA_PASSPORT",
    "BRN": "BN_PASSPORT",
    "TLS": "TL_PASSPORT",
}
TD1_ID_CARDS = {"KHM": "KH_NID"}
ENTITIES = (MRZ_DOCUMENT, PASSPORT, *ASEAN_PASSPORTS.values(), *TD1_ID_CARDS.values())

_RUN = re.compile(r"[A-Z0-9<]+")
#: Between two MRZ lines: whitespace (newline, or a space inside one cell) or escaped newlines.
_SEPARATOR = re.compile(r"(?:\s|\\r|\\n){1,4}")
_WEIGHTS = (7, 3, 1)


def check_digit(field: str) -> int:
    """ICAO 9303 part 3 §4.9 check digit of `field` (characters 0-9, A-Z, <)."""
    total = 0
    for index, char in enumerate(field):
        value = int(char) if char.isdigit() else 0 if char == "<" else ord(char) - ord("A") + 10
        total += value * _WEIGHTS[index % 3]
    return total % 10


def _checks(field: str, digit: str) -> bool:
    return digit.isdigit() and check_digit(field) == int(digit)


@dataclass(frozen=True)
class _Layout:
    """Where the fields of one document format sit, as offsets into the lines joined without separators."""

    name: str
    lines: int
    width: int
    number: int  # document number: 9 characters, check digit right after
    birth: int  # birth date: 6 characters + check digit
    expiry: int  # expiry date: 6 characters + check digit
    optional: tuple[int, int]  # optional data (where an overflowing document number continues)
    composite: tuple[tuple[int, int], ...]  # ranges the composite check digit covers
    composite_at: int


_TD1 = _Layout("TD1", 3, 30, 5, 30, 38, (15, 30), ((5, 30), (30, 37), (38, 45), (48, 59)), 59)
_TD2 = _Layout("TD2", 2, 36, 36, 49, 57, (64, 71), ((36, 46), (49, 56), (57, 71)), 71)
_TD3 = _Layout("TD3", 2, 44, 44, 57, 65, (72, 86), ((44, 54), (57, 64), (65, 87)), 87)
_LAYOUTS = (_TD3, _TD2, _TD1)


@dataclass(frozen=True)
class MrzMatch:
    """A validated MRZ: its format, document code, issuing state and document number (span in `text`)."""

    layout: str
    code: str
    state: str
    number: str
    start: int
    end: int


def _number(mrz: str, layout: _Layout) -> tuple[str, int, int] | None:
    """The document number and its [start, end) offsets in `mrz`, or None when its check digit fails."""
    at = layout.number
    field, digit = mrz[at : at + 9], mrz[at + 9]
    if _checks(field, digit):
        number = field.rstrip("<")
        return (number, at, at + len(number)) if number else None
    if digit != "<" or layout is _TD3:
        return None
    # Overflow: the rest of the number and its check digit lead the optional data, ended by `<`.
    begin, end = layout.optional
    rest = mrz[begin:end].split("<", 1)[0]
    if len(rest) < 2 or not _checks(field + rest[:-1], rest[-1]):
        return None
    return field + rest[:-1], at, begin + len(rest) - 1


def parse(mrz: str, layout: _Layout) -> tuple[str, int, int] | None:
    """Validate a joined MRZ (`layout.lines` x `layout.width` characters): the document number and offsets."""
    for at in (layout.birth, layout.expiry):
        if not _checks(mrz[at : at + 6], mrz[at + 6]):
            return None
    composite = "".join(mrz[a:b] for a, b in layout.composite)
    if not _checks(composite, mrz[layout.composite_at]):
        return None
    return _number(mrz, layout)


def find_mrzs(text: str) -> list[MrzMatch]:
    """Every valid MRZ in `text`, longest formats tried first."""
    runs = list(_RUN.finditer(text))
    found: list[MrzMatch] = []
    index = 0
    while index < len(runs):
        for layout in _LAYOUTS:
            group = runs[index : index + layout.lines]
            if len(group) < layout.lines or any(len(run.group()) != layout.width for run in group):
                continue
            gaps = (text[a.end() : b.start()] for a, b in pairwise(group))
            if not all(_SEPARATOR.fullmatch(gap) for gap in gaps):
                continue
            mrz = "".join(run.group() for run in group)
            parsed = parse(mrz, layout)
            if parsed is None:
                continue
            number, start, end = parsed
            line, offset = divmod(start, layout.width)
            span_start = group[line].start() + offset
            end_line, end_offset = divmod(end - 1, layout.width)
            span_end = group[end_line].start() + end_offset + 1
            found.append(MrzMatch(layout.name, mrz[0:2], mrz[2:5], number, span_start, span_end))
            index += layout.lines - 1
            break
        index += 1
    return found


def entity_for(match: MrzMatch) -> str:
    """The entity type a validated MRZ is reported as."""
    state = match.state.replace("<", "")
    if match.code.startswith("P"):
        return ASEAN_PASSPORTS.get(state, PASSPORT)
    if match.layout == "TD1" and match.code[0] in "IAC":
        return TD1_ID_CARDS.get(state, MRZ_DOCUMENT)
    return MRZ_DOCUMENT


class MrzRecognizer(JejakRecognizer):
    """Document numbers of MRZs whose check digits all pass; see the module docstring."""

    def __init__(
        self,
        supported_language: str = "en",
        context: Sequence[str] = (),
        score: float = 1.0,
        name: str | None = None,
    ) -> None:
        self.score = score
        super().__init__(
            name=name or "MrzRecognizer",
            supported_entities=ENTITIES,
            supported_language=supported_language,
            context=context,
        )

    def analyze(
        self, text: str, entities: list[str] | None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities or ENTITIES)
        everything = not entities or MRZ_DOCUMENT in wanted
        results = []
        for match in find_mrzs(text):
            explanation = f"ICAO 9303 {match.layout} MRZ, {match.code} issued by {match.state}"
            entity = entity_for(match)
            if not everything and entity not in wanted:
                continue
            results.append(
                self.result(entity, match.start, match.end, self.score, textual_explanation=explanation)
            )
        return results
