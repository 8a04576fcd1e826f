"""Phone numbers through `phonenumbers`, for the regions jejak is configured for (all of ASEAN by default).

Presidio's PhoneRecognizer defaults to US/GB/DE/FR/IL/IN/CA/BR and labels a Malaysian number as French.
This recognizer matches with `Leniency.VALID` (the number must be a valid number of one of the regions,
not merely possible), which keeps order ids and amounts out, and records the region it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import phonenumbers
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from jejak.recognizers.base import JejakRecognizer

ASEAN_REGIONS = ("SG", "MY", "ID", "TH", "VN", "PH", "BN", "KH", "LA", "MM", "TL")

#: Digit runs that could be a phone number: at least 7 digits with short separators, optional + or (, not
#: glued to Latin letters or digits (the matcher's own rule: `8ffa7321234567` is a hex id, not a phone).
_CANDIDATE = re.compile(r"(?<![A-Za-z\d])\+?\(?\d(?:[ \t().-]{0,2}\d){6,}(?![A-Za-z\d])")
#: A number with its country code: `+`, then digits with short separators (as `_CANDIDATE`).
_INTERNATIONAL = re.compile(r"\+\(?\d(?:[ \t().-]{0,2}\d){6,}")
#: Any digit run with short separators, not glued to Latin letters or digits (which the matcher rejects).
_DIGIT_RUN = re.compile(r"(?<![A-Za-z\d])\(?\d(?:[ \t().-]{0,2}\d)*(?![A-Za-z\d])")
#: Candidates that are dates, times or dotted quads, which telemetry is full of and phones never are.
_NOT_A_PHONE = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2})?|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{1,3}(?:\.\d{1,3}){3}"
)
#: Number-like parts of machine strings, hidden from the matcher: UUIDs (an all-decimal group of one is a
#: valid Singapore number one time in forty) and software versions after a slash (`GrabFood/5.301.200`).
_MACHINE_NUMBERS = re.compile(
    r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|(?<=/)\d+(?:\.\d+)+"
)


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
        name: str | None = None,
    ) -> None:
        self.regions = tuple(regions)
        #: the fewest digits a national number of these regions has (6 in PH and MM), from their metadata
        self.min_national_digits = min(
            (
                length
                for region in self.regions
                if (metadata := phonenumbers.PhoneMetadata.metadata_for_region(region)) is not None
                and metadata.general_desc is not None
                for length in metadata.general_desc.possible_length
                if length > 0
            ),
            default=1,
        )
        #: Regions in the order tried: the last to match a whole text first (the spans found do not depend
        #: on the order; see `_whole`).
        self._order = list(self.regions)
        self.score_international = score_international
        self.score_national = score_national
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
        regions = self._order[:1] if self._international_only(text) else list(self._order)
        whole = _whole(text)
        for region in regions:
            if whole in found:
                break  # the whole text is one number: another region can only find parts of it (see _whole)
            for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
                key = (match.start, match.end)
                if key in found:
                    continue
                international = match.raw_string.lstrip().startswith("+")
                score = self.score_international if international else self.score_national
                number_region = phonenumbers.region_code_for_number(match.number) or region
                if key == whole and region != self._order[0]:
                    self._order.remove(region)  # a phone column's next number is likely this region's too
                    self._order.insert(0, region)
                found[key] = self.result(
                    self.supported_entities[0],
                    match.start,
                    match.end,
                    score,
                    textual_explanation=f"valid {number_region} phone number",
                )
        return list(found.values())

    def could_match(self, text: str) -> bool:
        """Whether `analyze` can find anything in `text`: the detector asks first, sparing a Presidio call
        for the timestamps and version strings that pass the phone prefilter."""
        return self.has_candidate(hide_machine_numbers(text))

    @staticmethod
    def has_candidate(text: str) -> bool:
        """Whether any digit run in `text` could be a phone number at all (cheap; no region metadata)."""
        return any(not _NOT_A_PHONE.fullmatch(m.group().strip()) for m in _CANDIDATE.finditer(text))

    def _international_only(self, text: str) -> bool:
        """Whether every number `text` could hold is written with its country code (`+60 12-345 6789`).

        Such a number parses the same whatever the default region, so the first region's matcher finds
        them all: one pass instead of one per region (11 for ASEAN), with the same results. A digit run left
        outside the `+` numbers with fewer digits than the shortest national number of the regions, or glued
        to letters (`user2999@...`), cannot be another."""
        rest = _INTERNATIONAL.sub(" ", text)
        return not any(
            sum(ch.isdigit() for ch in run.group()) >= self.min_national_digits
            for run in _DIGIT_RUN.finditer(rest)
        )


def hide_machine_numbers(text: str) -> str:
    """`text` with UUIDs and version numbers overwritten by `x` (offsets unchanged)."""
    if not _MACHINE_NUMBERS.search(text):
        return text
    return _MACHINE_NUMBERS.sub(lambda m: "x" * len(m.group()), text)


def _whole(text: str) -> tuple[int, int]:
    """The span of `text` without surrounding whitespace.

    Once one region's matcher finds a number filling it, the other regions are skipped: what they could add
    lies inside that span and scores no higher (a part never starts with the `+` that earns the international
    score, and its context window holds only the number's own digits), so Presidio's duplicate removal
    would drop it. A phone column then costs the regions up to the first that knows its numbers, not all."""
    stripped = text.lstrip()
    start = len(text) - len(stripped)
    return start, start + len(stripped.rstrip())
