"""A Presidio recognizer built from a declarative pack entity: regex patterns, a validator, context words.

Presidio's PatternRecognizer turns every checksum pass into score 1.0. That is wrong for bare digit runs:
a millisecond timestamp passes the Thai ID checksum one time in ten. Here each pattern says what a
validated match is worth (`validated_score`), so a contiguous 13-digit run still needs a context word
while a dashed `N-NNNN-NNNNN-NN-N` stands on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from jejak.recognizers.base import JejakRecognizer
from jejak.recognizers.pack import EntitySpec

Validator = Callable[[str], bool]


class PackPatternRecognizer(JejakRecognizer):
    def __init__(
        self,
        spec: EntitySpec,
        validator: Validator | None,
        supported_language: str = "en",
    ) -> None:
        self.spec = spec
        self.validator = validator
        self._compiled = [
            (pattern, re.compile(pattern.regex, re.IGNORECASE | re.MULTILINE)) for pattern in spec.patterns
        ]
        super().__init__(
            name=f"{spec.entity}Recognizer",
            supported_entities=[spec.entity],
            supported_language=supported_language,
            context=spec.context_words(),
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: dict[tuple[int, int], RecognizerResult] = {}
        for pattern, regex in self._compiled:
            for match in regex.finditer(text):
                start, end = match.span()
                if start == end:
                    continue
                score = self._score(match.group(), pattern.score, pattern.validated_score)
                if score is None:
                    continue
                previous = results.get((start, end))
                if previous is not None and previous.score >= score:
                    continue
                results[(start, end)] = self.result(
                    self.spec.entity, start, end, score, pattern_name=pattern.name, pattern=pattern.regex
                )
        return list(results.values())

    def could_match(self, text: str) -> bool:
        """Whether `analyze` can find anything in `text`: one of the patterns matches it. The detector asks
        first, sparing a Presidio call for values its prefilter (RE2, without look-arounds) takes but the
        patterns do not: a 16-character hex session id holds a 13-digit run, but not one standing alone.
        Recognizers read normalised text (local digits in ASCII, NFC), which is the text itself only when
        it is ASCII; anything else may match."""
        return not text.isascii() or any(regex.search(text) for _, regex in self._compiled)

    def _score(self, matched: str, score: float, validated_score: float) -> float | None:
        """The match's score after validation, or None when the validator rejects it."""
        if self.validator is None:
            return score
        if not self.validator(matched):
            return None
        if self.spec.validator_kind == "checksum":
            return max(score, validated_score)
        return score
