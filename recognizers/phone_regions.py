"""Which regions' phone matchers could find a number in a text, decided from its digits alone.

`phonenumbers.PhoneNumberMatcher` is region by region: a national-format number (`0812-3456-7890`) means
something only with a default region, so the phone recognizer runs one matcher per configured region, about
0.1 ms per candidate each. In free text most regions find nothing, and which ones cannot find anything is
decidable exactly from the metadata the matcher itself validates against.

What a matcher hands to `parse` does not depend on its region: its candidate pattern finds a candidate, and
if that fails, the parts `_extract_inner_match` cuts from it (at spaces, slashes, brackets, dots, dashes);
only where the next search starts depends on what was found. `parse_inputs` lists all of them, for every
place a search could start. A region's matcher then finds a number in one of three ways:
- the input starts with `+`: it parses alike whatever the default region, so every pass finds it and one
  pass is enough;
- the input's digits start with the region's international dialling prefix (`00`): kept, whatever follows;
- otherwise the number gets the region's country code, and its national significant number (NSN) is the
  input's digits less a leading country code and/or national prefixes: all of them, or, where a label or
  mark lets an extension follow (`ext`, `x`, `#`, `;`...), up to where a digit block ends. It is valid
  only if it has a length and a pattern of one of the number types (mobile, fixed line, ...) of a region
  with that country code.

An input the matcher rejects before parsing it in any region (glued to a Latin letter as in `DH2026041288`,
unpaired brackets, a page reference: `may_parse`) is no input at all.

So a region none of whose conditions holds for any input cannot find anything, and is skipped. Inputs the
reasoning does not cover (three letters, which `parse` may read as a vanity number, or a national prefix
that is a pattern rather than digits, or a phonenumbers release without the matcher's patterns) keep every
region. A test checks the result against every region's matcher on thousands of generated texts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

import phonenumbers
from phonenumbers import PhoneMetadata
from phonenumbers import phonenumbermatcher as _matcher
from phonenumbers.re_util import fullmatch

#: The number types `is_valid_number` accepts a national number as (`phonenumberutil._number_type_helper`).
NUMBER_TYPES = (
    "fixed_line",
    "mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "personal_number",
    "voip",
    "pager",
    "uan",
    "voicemail",
)
_BLOCK = re.compile(r"\d+")
#: What `phonenumbers`' extension patterns (`_create_extn_pattern`) need before the extension's digits: a
#: letter of a label (ext, x, int, доб, anexo, full-width ｘ), `#`, `~` (or their full-width forms), or
#: `,` and `;` (auto-dialling, RFC 3966 `;ext=`).
_EXTENSION_MARK = re.compile(r"[^\W\d_]|[#＃~～∼⁓,;]")
_LETTERS = re.compile(r"[A-Za-z].*[A-Za-z].*[A-Za-z]", re.DOTALL)
#: The matcher's own patterns (private to phonenumbers; without them no region is skipped).
_CANDIDATE = getattr(_matcher, "_PATTERN", None)
_INNER_MATCHES = getattr(_matcher, "_INNER_MATCHES", None)
_SECOND_NUMBER_START = getattr(_matcher, "_SECOND_NUMBER_START_PATTERN", None)
_UNWANTED_END = getattr(_matcher, "_UNWANTED_END_CHAR_PATTERN", None)
#: and the checks `_parse_and_verify` makes before it parses, the same in every region
_MATCHING_BRACKETS = getattr(_matcher, "_MATCHING_BRACKETS", None)
_PUB_PAGES = getattr(_matcher, "_PUB_PAGES", None)
_LEAD = getattr(_matcher, "_LEAD_PATTERN", None)
_MIRRORED = None not in (
    _CANDIDATE,
    _INNER_MATCHES,
    _SECOND_NUMBER_START,
    _UNWANTED_END,
    _MATCHING_BRACKETS,
    _PUB_PAGES,
    _LEAD,
    getattr(_matcher.PhoneNumberMatcher, "_is_latin_letter", None),
    getattr(_matcher.PhoneNumberMatcher, "_is_invalid_punctuation_symbol", None),
)
_PLUS = ("+", "\uff0b")
#: the matcher's steps `SkippingMatcher` narrows
_SKIPPABLE = _MIRRORED and all(
    callable(getattr(_matcher.PhoneNumberMatcher, step, None))
    for step in ("_extract_match", "_parse_and_verify")
)


@dataclass(frozen=True)
class RegionNumbers:
    """What the digits of a number one region's matcher finds look like, from `phonenumbers`' metadata."""

    region: str
    #: Where a number read in the region's national format could start: an optional country code written
    #: without `+` and up to two national prefixes (`parse` strips one, and one more after a country code),
    #: then a national significant number of one of the number types' lengths and patterns, to the end.
    #: None: a region whose numbers the reasoning does not cover, never skipped.
    national: re.Pattern[str] | None
    #: Its international dialling prefix (`00`): a number after it may be any country's.
    international_prefix: re.Pattern[str] | None

    @classmethod
    def of(cls, region: str) -> RegionNumbers:
        metadata = PhoneMetadata.metadata_for_region(region)
        if metadata is None or metadata.country_code is None or metadata.general_desc is None:
            return cls(region, None, None)
        patterns: list[str] = []
        lengths: set[int] = set()
        covered = True
        for sibling in phonenumbers.region_codes_for_country_code(metadata.country_code):
            data = PhoneMetadata.metadata_for_region(sibling)
            if data is None or data.general_desc is None or data.national_prefix_transform_rule:
                covered = False  # a transform rule rewrites digits: the NSN is not a part of the text's
                continue
            for kind in NUMBER_TYPES:
                desc = getattr(data, kind)
                if desc is None or not desc.national_number_pattern:
                    continue
                patterns.append(f"(?:{desc.national_number_pattern})")
                lengths.update(n for n in desc.possible_length or data.general_desc.possible_length if n > 0)
        prefix = metadata.national_prefix_for_parsing or ""
        if not prefix.isdigit() and prefix:
            covered = False  # a pattern (carrier codes), not digits
        national = None
        if covered and patterns and lengths:
            heads = f"(?:{metadata.country_code})?" + (f"(?:{prefix}){{0,2}}" if prefix else "")
            sizes = "|".join(rf"\d{{{n}}}" for n in sorted(lengths))
            national = re.compile(rf"{heads}(?=(?:{sizes})\Z)(?:{'|'.join(patterns)})")
        idd = metadata.international_prefix
        return cls(region, national, re.compile(idd) if idd else None)


@dataclass(frozen=True)
class Piece:
    """One string a matcher could hand to `parse` (see `parse_inputs`), where it lies in the text, and the
    regions whose matcher could find a number in it. A number a matcher finds is such a piece, whole."""

    start: int
    end: int
    regions: frozenset[str]


class RegionFilter:
    """The regions whose matcher could find a number in a text (see the module docstring for why exact)."""

    def __init__(self, regions: Iterable[str]) -> None:
        numbers = [RegionNumbers.of(region) for region in regions]
        self.everything = frozenset(n.region for n in numbers)
        #: regions whose numbers the reasoning does not cover: never skipped
        self.always = frozenset(n.region for n in numbers if n.national is None)
        self._prunable = [n for n in numbers if n.national is not None]
        # one alternation of every region's first: a span of digits no region's number fits costs one call
        self._any_national = _either(n.national for n in self._prunable)
        self._any_international = _either(n.international_prefix for n in self._prunable)

    def regions(self, text: str) -> set[str]:
        """The configured regions whose matcher could find a number in `text`; an empty set if none can.
        With a `+` in the text, any one region finds the numbers written with their country code: the
        caller keeps one region then, whatever this returns."""
        return self.regions_in(self.pieces(text))

    def regions_in(self, pieces: list[Piece] | None) -> set[str]:
        """The regions whose matcher could find a number in one of `pieces` (`pieces(text)`'s answer), and
        those never skipped; every region when the pieces cannot be told."""
        if pieces is None:
            return set(self.everything)
        return set(self.always).union(*(piece.regions for piece in pieces))

    def pieces(self, text: str) -> list[Piece] | None:
        """The pieces of `text` some region's matcher could find a number in (None: a phonenumbers release
        without the matcher's patterns, where no piece can be told)."""
        if not _MIRRORED:
            return None
        # a piece recurs (a token is also a part of longer parts): read once
        read: dict[str, frozenset[str]] = {}

        def regions_of(piece: str) -> frozenset[str]:
            regions = read.get(piece)
            if regions is None:
                regions = read[piece] = frozenset(self.parseable_in(piece))
            return regions

        found: dict[tuple[int, int], Piece] = {}
        for offset, piece in parse_inputs(text, lambda piece: has_plus(piece) or bool(regions_of(piece))):
            span = (offset, offset + len(piece))
            if span in found or not (regions_of(piece) or has_plus(piece)):
                continue
            if may_parse(text, offset, piece):
                found[span] = Piece(span[0], span[1], regions_of(piece))
        return list(found.values())

    def parseable_in(self, piece: str) -> set[str]:
        """The regions in which `phonenumbers.parse(piece, region)` could be a valid number, `piece` read
        without a `+` (with one it parses alike in every region)."""
        if _LETTERS.search(piece):
            return set(self.everything)
        blocks = [_ascii(block) for block in _BLOCK.findall(piece)]
        digits = "".join(blocks)
        found = set(self.always)
        international = self._any_international
        if international is not None and international.match(digits):
            found.update(
                n.region
                for n in self._prunable
                if n.international_prefix is not None and n.international_prefix.match(digits)
            )
        # The NSN ends before the last block only where an extension is cut off, which needs a label (ext,
        # x, int), `#`, `~`, `,,` or `;`: a card number's 16 digits in blocks of four are not an 8-digit
        # number with an extension, and are tried whole only (a pass of four regions' matchers saved).
        ends = [len(digits)] if _EXTENSION_MARK.search(piece) is None else list(accumulate(map(len, blocks)))
        national = self._any_national
        for end in ends:
            if national is not None and national.fullmatch(digits, 0, end):
                found.update(
                    n.region
                    for n in self._prunable
                    if n.national is not None and n.national.fullmatch(digits, 0, end)
                )
        return found


class SkippingMatcher(_matcher.PhoneNumberMatcher):  # type: ignore[misc]
    """A region's `PhoneNumberMatcher` (leniency VALID) that parses only the candidates holding a piece the
    region could read.

    Its `_find` walks the candidates and asks `_extract_match` of each, which parses (`_parse_and_verify`)
    the candidate and its inner parts: all of them pieces (`RegionFilter.pieces`) within the candidate's
    span. A piece the region cannot read gives no match, so answering None at once, for a whole candidate
    or one of its parts, is what parsing would answer, and `_find` moves on exactly as after a failed
    parse. On an access-log line (an IP, a timestamp, status and size, a user agent's version numbers)
    each region's pass had cost ~0.5 ms of parsing that could not succeed."""

    def __init__(self, text: str, region: str, readable: Sequence[tuple[int, int]]) -> None:
        super().__init__(text, region, leniency=phonenumbers.Leniency.VALID)
        #: spans of the pieces this region could read (or holding a `+`, which every region reads)
        self._readable = frozenset(readable)

    def _extract_match(self, candidate: str, offset: int) -> Any:
        end = offset + len(candidate)
        if not any(offset <= start and stop <= end for start, stop in self._readable):
            return None
        return super()._extract_match(candidate, offset)

    def _parse_and_verify(self, candidate: str, offset: int) -> Any:
        # a readable candidate's other parts (`_extract_inner_match`) are pieces too: only readable ones parse
        if (offset, offset + len(candidate)) not in self._readable:
            return None
        return super()._parse_and_verify(candidate, offset)


def region_matcher(
    text: str, region: str, pieces: Sequence[Piece] | None
) -> Iterable[phonenumbers.PhoneNumberMatch]:
    """Region's matcher over `text`: one that skips unreadable candidates when `pieces` (the text's,
    from `RegionFilter.pieces`) are known and this phonenumbers release has the method it narrows."""
    if pieces is None or not _SKIPPABLE:
        return phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
    readable = [
        (piece.start, piece.end)
        for piece in pieces
        if region in piece.regions or has_plus(text[piece.start : piece.end])
    ]
    return SkippingMatcher(text, region, readable)


def parse_inputs(text: str, could_match: Callable[[str], bool]) -> Iterator[tuple[int, str]]:
    """Every string a `PhoneNumberMatcher` of any region could hand to `parse` for `text`, with where it
    starts, mirroring its `_find`, `_extract_match` and `_extract_inner_match`: candidates from every place
    a search could start (after a failed candidate, or after a match: a candidate or one of its parts that
    `could_match`), and their parts."""
    assert _CANDIDATE is not None and _INNER_MATCHES is not None
    assert _SECOND_NUMBER_START is not None and _UNWANTED_END is not None
    pending, searched = [0], set()
    while pending:
        index = pending.pop()
        if index in searched:
            continue
        searched.add(index)
        found = _CANDIDATE.search(text, index)
        if found is None:
            continue
        start = found.start()
        candidate = _cut(_SECOND_NUMBER_START, text[start : found.end()])
        pending.append(start + len(candidate))  # where the next search starts if nothing matched in it
        pieces = [(start, candidate)]
        for inner in _INNER_MATCHES:
            group = inner.search(candidate)
            if group is not None:
                pieces.append((start, _cut(_UNWANTED_END, candidate[: group.start()])))
            while group is not None:
                pieces.append((start + group.start(1), _cut(_UNWANTED_END, group.group(1))))
                group = inner.search(candidate, group.start() + 1)
        for offset, piece in pieces:
            yield offset, piece
            if could_match(piece):
                pending.append(offset + len(piece))  # where it starts if this piece matched


def may_parse(text: str, offset: int, piece: str) -> bool:
    """Whether `PhoneNumberMatcher._parse_and_verify` (leniency VALID) gets as far as parsing `piece` at
    `offset` of `text`: its brackets pair up, it is no page reference, and it is not glued to a Latin
    letter or a currency sign (`DH2026041288`, `8005001234def`). None of that depends on the region."""
    assert _MATCHING_BRACKETS is not None and _PUB_PAGES is not None and _LEAD is not None
    if not fullmatch(_MATCHING_BRACKETS, piece) or _PUB_PAGES.search(piece):
        return False
    glued = _matcher.PhoneNumberMatcher
    if offset > 0 and not _LEAD.match(piece):
        before = text[offset - 1]
        if glued._is_invalid_punctuation_symbol(before) or glued._is_latin_letter(before):
            return False
    end = offset + len(piece)
    if end < len(text):
        after = text[end]
        if glued._is_invalid_punctuation_symbol(after) or glued._is_latin_letter(after):
            return False
    return True


def _cut(pattern: re.Pattern[str], candidate: str) -> str:
    """`PhoneNumberMatcher._trim_after_first_match`."""
    found = pattern.search(candidate)
    return candidate[: found.start()] if found else candidate


def _either(patterns: Iterable[re.Pattern[str] | None]) -> re.Pattern[str] | None:
    sources = [f"(?:{pattern.pattern})" for pattern in patterns if pattern is not None]
    return re.compile("|".join(sources)) if sources else None


def has_plus(text: str) -> bool:
    return any(plus in text for plus in _PLUS)


def _ascii(block: str) -> str:
    if block.isascii():
        return block
    return "".join(str(unicodedata.digit(ch)) for ch in block)
