"""Phone numbers through `phonenumbers`, for the regions jejak is configured for (all of ASEAN by default).

Presidio's PhoneRecognizer defaults to US/GB/DE/FR/IL/IN/CA/BR and labels a Malaysian number as French.
This recognizer matches with `Leniency.VALID` (the number must be a valid number of one of the regions,
not merely possible), which keeps order ids and amounts out, and records the region it belongs to. Short
national numbers (seven digits or fewer, without a country code) need a context word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import phonenumbers
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from jejak.detection.machine_ids import UUID_PATTERN
from jejak.recognizers.base import JejakRecognizer
from jejak.recognizers.phone_regions import Piece, RegionFilter, has_plus, region_matcher

ASEAN_REGIONS = ("SG", "MY", "ID", "TH", "VN", "PH", "BN", "KH", "LA", "MM", "TL")

#: Digit runs that could be a phone number: at least 7 digits with short separators, optional + or (, not
#: glued to Latin letters or digits (the matcher's own rule: `8ffa7321234567` is a hex id, not a phone).
_CANDIDATE = re.compile(r"(?<![A-Za-z\d])\+?\(?\d(?:[ \t().-]{0,2}\d){6,}(?![A-Za-z\d])")
#: Candidates that are dates, times or dotted quads, which telemetry is full of and phones never are.
_NOT_A_PHONE = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2})?|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{1,3}(?:\.\d{1,3}){3}"
)
#: An IPv4 address: four dotted octets of 0-255 without leading zeros, not part of a longer dotted number.
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = rf"(?<![\d.]){_OCTET}(?:\.{_OCTET}){{3}}(?!\.?\d)"
#: Number-like parts of machine strings, hidden from the matcher: UUIDs (an all-decimal group of one is a
#: valid Singapore number one time in forty), IPv4 addresses (`83.0.28.199` is a valid Singapore number;
#: every access-log line has one) and software versions after a slash (`GrabFood/5.301.200`). Each of them
#: starts with a hex digit: the leading look-ahead lets `re` pass other positions before trying the
#: look-behinds (~11 -> ~4 us a text; it is searched twice for each text reaching the phone recognizer).
_MACHINE_NUMBERS = re.compile(rf"(?=[0-9A-Fa-f])(?:{UUID_PATTERN}|{_IPV4}|(?<=/)\d+(?:\.\d+)+)")


class RegionalPhoneRecognizer(JejakRecognizer):
    """Valid phone numbers of the configured regions; international form scores higher than national."""

    def __init__(
        self,
        supported_language: str = "en",
        supported_entity: str = "PHONE_NUMBER",
        regions: Sequence[str] = ASEAN_REGIONS,
        context: Sequence[str] = (),
        score_international: float = 0.7,
        score_national: float = 0.55,
        score_national_short: float = 0.4,
        short_digits: int = 7,
        name: str | None = None,
    ) -> None:
        self.regions = tuple(regions)
        self._filter = RegionFilter(self.regions)
        self._possible: tuple[str, list[Piece] | None] | None = None
        #: Regions in the order tried: the last to match a whole text first (the spans found do not depend
        #: on the order; see `_whole`).
        self._order = list(self.regions)
        #: A lone number's shape (digit count, first two digits) -> the last region that knew a number of
        #: that shape: a column mixing countries' numbers (0812-..., 09xx ...) then usually finds each in
        #: the first region tried, where the one learnt order alone keeps switching between them.
        self._by_shape: dict[tuple[int, str], str] = {}
        self.score_international = score_international
        self.score_national = score_national
        #: A number written without its country code whose national number has at most `short_digits`
        #: digits (Brunei's and Timor-Leste's seven) scores `score_national_short`, under the threshold: a
        #: context word must say it is a phone. Any three digits and four others are a valid Brunei number,
        #: so an access log's `" 404 5901 "` (status, size) was one on every line.
        self.score_national_short = score_national_short
        self.short_digits = short_digits
        super().__init__(
            name=name or "RegionalPhoneRecognizer",
            supported_entities=[supported_entity],
            supported_language=supported_language,
            context=context,
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        text = hide_machine_numbers(text)
        if not self.has_candidate(text):
            return []  # the matcher costs ~0.1 ms per region; most texts reaching here are timestamps
        found: dict[tuple[int, int], RecognizerResult] = {}
        whole = _whole(text)
        # A text that is one digit run (a phone column's value) tries the regions in the learnt order and
        # stops at the first that knows it, without the filter's cost: the order usually finds it at once.
        shape = _shape(text) if _lone_number(text) else None
        pieces = self._pieces(text) if shape is None else None
        for region in self._lone_order(shape) if shape is not None else self._regions_for(text):
            if whole in found:
                break  # the whole text is one number: another region can only find parts of it (see _whole)
            if found and pieces is not None and not self._left_for(region, pieces, found):
                continue  # what it could find lies inside numbers found already (see _whole)
            self._match(text, region, whole, found, shape, pieces)
        return list(found.values())

    def _left_for(
        self, region: str, pieces: list[Piece], found: dict[tuple[int, int], RecognizerResult]
    ) -> bool:
        """Whether `region`'s matcher could find a number outside those found: in a piece it could read
        that no found number contains. A number a matcher finds is one of the pieces, whole."""
        if region in self._filter.always:
            return True
        return any(
            region in piece.regions and not any(s <= piece.start and piece.end <= e for s, e in found)
            for piece in pieces
        )

    def _lone_order(self, shape: tuple[int, str]) -> list[str]:
        """Every region, the one that last knew a number of this shape first, then the learnt order."""
        order = list(self._order)
        first = self._by_shape.get(shape)
        if first is not None and order[0] != first:
            order.remove(first)
            order.insert(0, first)
        return order

    def _match(
        self,
        text: str,
        region: str,
        whole: tuple[int, int],
        found: dict[tuple[int, int], RecognizerResult],
        shape: tuple[int, str] | None = None,
        pieces: list[Piece] | None = None,
    ) -> None:
        """Add what `region`'s matcher finds in `text` to `found` (a span found before is kept). With the
        text's `pieces`, the matcher parses only candidates holding one the region could read."""
        for match in region_matcher(text, region, pieces):
            key = (match.start, match.end)
            if key in found:
                continue
            international = match.raw_string.lstrip().startswith("+")
            if international:
                score = self.score_international
            elif len(phonenumbers.national_significant_number(match.number)) <= self.short_digits:
                score = self.score_national_short
            else:
                score = self.score_national
            number_region = phonenumbers.region_code_for_number(match.number) or region
            if key == whole and region != self._order[0]:
                self._order.remove(region)  # a phone column's next number is likely this region's too
                self._order.insert(0, region)
            if key == whole and shape is not None:
                self._by_shape[shape] = region
            found[key] = self.result(
                self.supported_entities[0],
                match.start,
                match.end,
                score,
                textual_explanation=f"valid {number_region} phone number",
            )

    def could_match(self, text: str) -> bool:
        """Whether `analyze` can find anything in `text`: the detector asks first, sparing a Presidio call
        for the timestamps and version strings that pass the phone prefilter."""
        text = hide_machine_numbers(text)
        return self.has_candidate(text) and (_lone_number(text) or bool(self._possible_regions(text)))

    @staticmethod
    def has_candidate(text: str) -> bool:
        """Whether any digit run in `text` could be a phone number at all (cheap; no region metadata)."""
        return any(not _NOT_A_PHONE.fullmatch(m.group().strip()) for m in _CANDIDATE.finditer(text))

    def _regions_for(self, text: str) -> list[str]:
        """The regions to run a matcher for, in the learnt order: those that could find a number in `text`
        (see `phone_regions`), or the first one alone when only numbers written with `+` could be there,
        which parse alike in every region."""
        possible = self._possible_regions(text)
        regions = [region for region in self._order if region in possible]
        if not regions and has_plus(text):
            return self._order[:1]
        return regions

    def _possible_regions(self, text: str) -> set[str]:
        return self._filter.regions_in(self._pieces(text))

    def _pieces(self, text: str) -> list[Piece] | None:
        memo = self._possible  # read once: the pair stays whole if another thread replaces it
        if memo is None or memo[0] != text:
            memo = self._possible = (text, self._filter.pieces(text))  # for `could_match`, then `analyze`
        return memo[1]


def hide_machine_numbers(text: str) -> str:
    """`text` with UUIDs, IPv4 addresses and version numbers overwritten by `x` (offsets unchanged)."""
    if not _MACHINE_NUMBERS.search(text):
        return text
    return _MACHINE_NUMBERS.sub(lambda m: "x" * len(m.group()), text)


def _lone_number(text: str) -> bool:
    return _CANDIDATE.fullmatch(text.strip()) is not None


def _shape(text: str) -> tuple[int, str]:
    digits = "".join(char for char in text if char.isdigit())
    return len(digits), digits[:2]


def _whole(text: str) -> tuple[int, int]:
    """The span of `text` without surrounding whitespace.

    Once one region's matcher finds a number filling it, the other regions are skipped: what they could add
    lies inside that span and scores no higher (a part never starts with the `+` that earns the international
    score, and its context window holds only the number's own digits), so Presidio's duplicate removal
    would drop it. A phone column then costs the regions up to the first that knows its numbers, not all.
    Free text follows the same reasoning piece by piece (`_left_for`): a region is skipped once every piece
    it could read lies inside a number found already."""
    stripped = text.lstrip()
    start = len(text) - len(stripped)
    return start, start + len(stripped.rstrip())
