"""Numbers that follow the label people write before them, for identifiers whose format is not established.

Brunei's IC, the Lao ID card and Timor-Leste's Bilhete de Identidade and voter card have no published
number format or checksum (shared/spec/identifiers.md §I, docs/identifiers-research.md). A window of
context words around any digit run would flag every phone, amount and order number near the word "IC". A
*label* is much stronger evidence: "No. IC: 01-107761", "ເລກບັດປະຈຳຕົວ 123456789", "BI n.º 12345" — the
number written right after the words naming the card is that card's number, whatever its exact format.

So this recognizer reports a value only when it follows one of the entity's context words (the pack's
`context`, which doubles as the label list) across a short gap of separators and number words ("No.",
"nombor", "n.º", "ເລກທີ"). The value itself is a pack option (`value`, a regex): as narrow as the evidence
allows (BN's `NN-NNNNNN`), else a plain digit run. The span is the value only, like every other
identifier. Its score is final: the label is the context, so the window enhancer does not raise it again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from jejak.recognizers.base import JejakRecognizer

#: Between a label and its value: spaces, punctuation and the words for "number" in the region's languages.
_NUMBER_WORDS = (
    r"no\.?",
    r"nos?\.?",
    r"number",
    r"num\.?",
    r"nombor",
    r"nomor",
    r"n\.?\s?[º°o]\.?",
    r"número",
    r"numero",
    r"númeru",
    r"ເລກທີ",
    r"ເລກ",
    r"is",
    r"ialah",
    r"adalah",
    r"saya",
    r"é",
)
_GAP = r"(?:[\s:：#.\-–—=(),]|" + "|".join(_NUMBER_WORDS) + r"){0,8}"
#: How far a value may sit from the end of its label, in characters.
MAX_GAP = 16


def _label_regex(label: str) -> str:
    """A label as a regex: Latin words must start and end a word ("ic" never fires inside "music"); words
    in scripts without spaces may touch their neighbours."""
    body = r"\s+".join(re.escape(part) for part in label.split())
    if re.match(r"[a-z0-9]", label):
        body = r"(?<![0-9a-z])" + body
    if re.search(r"[a-z0-9.]$", label):
        body += r"(?![a-z])"
    return body


class LabelledNumberRecognizer(JejakRecognizer):
    def __init__(
        self,
        supported_entity: str,
        value: str,
        supported_language: str = "en",
        context: Sequence[str] = (),
        score: float = 0.6,
        name: str | None = None,
    ) -> None:
        if not context:
            raise ValueError(f"{supported_entity}: a labelled number needs context words (its labels)")
        self.score = score
        labels = sorted({word.lower() for word in context}, key=len, reverse=True)
        self._pattern = re.compile(
            "(?:"
            + "|".join(_label_regex(label) for label in labels)
            + f")(?P<gap>{_GAP})(?<![0-9A-Za-z])(?P<value>{value})(?![0-9A-Za-z])",
            re.IGNORECASE,
        )
        super().__init__(
            name=name or f"LabelledNumberRecognizer_{supported_entity}",
            supported_entities=[supported_entity],
            supported_language=supported_language,
            context=context,
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        entity = self.supported_entities[0]
        results = []
        for match in self._pattern.finditer(text):
            if len(match.group("gap")) > MAX_GAP:
                continue
            result = self.result(
                entity,
                match.start("value"),
                match.end("value"),
                self.score,
                textual_explanation="value right after its label",
                pattern_name="labelled_number",
            )
            result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
            results.append(result)
        return results
