"""Phone numbers through `phonenumbers`, for the regions jejak is configured for (all of ASEAN by default).

Presidio's PhoneRecognizer defaults to US/GB/DE/FR/IL/IN/CA/BR and labels a Malaysian number as French.
This recognizer matches with `Leniency.VALID` (the number must be a valid number of one of the regions,
not merely possible), which keeps order ids and amounts out, and records the region it belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence

import phonenumbers
from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

ASEAN_REGIONS = ("SG", "MY", "ID", "TH", "VN", "PH", "BN", "KH", "LA", "MM", "TL")


class RegionalPhoneRecognizer(LocalRecognizer):
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
        self.score_international = score_international
        self.score_national = score_national
        super().__init__(
            supported_entities=[supported_entity],
            supported_language=supported_language,
            context=list(context),
            name=name or "RegionalPhoneRecognizer",
        )

    def load(self) -> None:
        """Nothing to load: phonenumbers carries its metadata."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        found: dict[tuple[int, int], RecognizerResult] = {}
        for region in self.regions:
            for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
                key = (match.start, match.end)
                if key in found:
                    continue
                international = match.raw_string.lstrip().startswith("+")
                score = self.score_international if international else self.score_national
                number_region = phonenumbers.region_code_for_number(match.number) or region
                found[key] = RecognizerResult(
                    entity_type=self.supported_entities[0],
                    start=match.start,
                    end=match.end,
                    score=score,
                    analysis_explanation=AnalysisExplanation(
                        recognizer=self.name,
                        original_score=score,
                        textual_explanation=f"valid {number_region} phone number",
                    ),
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
        return list(found.values())
