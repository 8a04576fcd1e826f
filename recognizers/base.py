"""The base of jejak's own Presidio recognizers: one name, and results that carry it.

Presidio's context enhancer and jejak's overlap resolution find a result's recognizer through
`recognition_metadata` (name and id); every recognizer here builds its results through `result()` so that
metadata is never missing or spelled differently.
"""

from __future__ import annotations

from collections.abc import Sequence

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult


class JejakRecognizer(LocalRecognizer):
    def __init__(
        self,
        *,
        name: str,
        supported_entities: Sequence[str],
        supported_language: str,
        context: Sequence[str] = (),
    ) -> None:
        self.recognizer_name = name
        super().__init__(
            supported_entities=list(supported_entities),
            supported_language=supported_language,
            context=list(context),
            name=name,
        )

    def load(self) -> None:
        """Nothing to load: subclasses prepare what they need in __init__."""

    def result(
        self,
        entity_type: str,
        start: int,
        end: int,
        score: float,
        *,
        textual_explanation: str | None = None,
        pattern_name: str | None = None,
        pattern: str | None = None,
    ) -> RecognizerResult:
        """A result with its explanation and the metadata that ties it to this recognizer."""
        return RecognizerResult(
            entity_type=entity_type,
            start=start,
            end=end,
            score=score,
            analysis_explanation=AnalysisExplanation(
                recognizer=self.recognizer_name,
                original_score=score,
                pattern_name=pattern_name,  # type: ignore[arg-type]  # Presidio annotates None defaults as str
                pattern=pattern,  # type: ignore[arg-type]
                textual_explanation=textual_explanation,  # type: ignore[arg-type]
            ),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.recognizer_name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
