"""A typed column's values put to its recognizers directly, without Presidio's per-call orchestration.

Once a column is typed (jejak.detection.column_profile), nearly every value of it is one identifier filling
the cell, and `AnalyzerEngine.analyze` costs ~45-90 us a value around recognizers that often cost less
(an e-mail address: ~25 us of recognizer in ~70 us). For a value that one result fills, what that
orchestration adds is the same for every value: the context window around a span filling the cell holds
nothing but the column's name, so context scoring, the score threshold, duplicate removal and overlap
resolution turn the result into a span by a rule that depends on the result (its recognizer, entity type,
score, explanation) and on the question (language, column context, entity types), never on the value.

So the recognizers `analyze` would call are called here, with the same text, language and NLP artifacts:
- nothing found: the answer is no span, as `analyze` would give;
- results all filling the value: the rule for that kind of results answers. The first value of each kind is
  analysed in full instead, and what that gives becomes the rule; a kind whose full analysis is not one span
  over the whole value (or nothing) is never answered here;
- anything else (a result over part of the value, a recognizer that must still load): None, and the
  caller analyses the value in full.

Recognizers whose own `enhance_using_context` reads more than the result and the column context would break
the rule's premise; only Presidio's default (a no-op) and recognizers that say so (`ENHANCES_BY_CONTEXT_ONLY`)
are called here, any other makes the question go through `analyze`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Sized
from dataclasses import dataclass
from typing import Any, cast

from presidio_analyzer import EntityRecognizer, RecognizerResult

from jejak.detection.analyzer_factory import BuiltAnalyzer
from jejak.detection.language import guess_language
from jejak.detection.normalized_text import normalize_text
from jejak.finding import Span

#: kinds of result remembered at most (a recognizer scoring every value differently makes a kind per value;
#: past this, new kinds are analysed in full and nothing more is remembered)
MAX_KINDS = 4096

FullAnalysis = Callable[[str, tuple[str, ...], tuple[str, ...]], list[Span]]


@dataclass(frozen=True)
class WholeSpanRule:
    """What full analysis made of results filling the value: one span of this entity type, score and
    recognizer (several results over the whole value leave one: overlap resolution keeps the first by
    priority, score and order, all of which the kind fixes)."""

    entity_type: str
    score: float
    recognizer: str


#: full analysis of that kind of result gave no span (its score fell under the threshold)
NO_SPAN = WholeSpanRule(entity_type="", score=-1.0, recognizer="")
#: full analysis gave something else: values of that kind are always analysed in full
IN_FULL = WholeSpanRule(entity_type="", score=-2.0, recognizer="")


class WholeValueReader:
    def __init__(self, built: BuiltAnalyzer, languages: Sequence[str], full: FullAnalysis) -> None:
        self.registry = built.engine.registry
        self.nlp_engine = built.nlp_engine
        self.languages = tuple(languages)
        #: `Detector.analyze_text` for (text, context, entities): learns a kind's rule
        self.full = full
        self.rules: dict[tuple[Any, ...], WholeSpanRule] = {}
        self._callable_memo: dict[tuple[str, tuple[str, ...]], list[EntityRecognizer] | None] = {}
        self._callable_for: tuple[int, int] | None = None

    def spans(self, text: str, context: tuple[str, ...], entities: tuple[str, ...]) -> list[Span] | None:
        """The spans `full(text, context, entities)` gives, or None: this value must be analysed in full."""
        if not text or not text.strip():
            return None
        language = guess_language(text, self.languages)
        recognizers = self._callable(language, entities)
        if recognizers is None:
            return None
        if text.isascii():  # what normalisation leaves as it is
            read, aligned = text, True
        else:
            normalized = normalize_text(text)
            read = normalized.text
            aligned = normalized.original_span(0, len(read)) == (0, len(text))
        artifacts = self.nlp_engine.process_text(read, language)
        found: list[tuple[EntityRecognizer, RecognizerResult]] = []
        asked = list(entities)
        for recognizer in recognizers:
            for result in recognizer.analyze(text=read, entities=asked, nlp_artifacts=artifacts) or ():
                found.append((recognizer, result))
        if not found:
            return []
        if not aligned:
            return None
        length = len(read)
        for _, result in found:
            if result.start != 0 or result.end != length:
                return None
        kind = (language, context, entities, *((recognizer.id, *_result_kind(r)) for recognizer, r in found))
        rule = self.rules.get(kind)
        if rule is None:
            spans = self.full(text, context, entities)
            if len(self.rules) < MAX_KINDS:
                self.rules[kind] = _learnt(spans, text)
            return spans
        if rule is IN_FULL:
            return None
        if rule is NO_SPAN:
            return []
        return [Span(rule.entity_type, 0, len(text), rule.score, rule.recognizer)]

    def _callable(self, language: str, entities: tuple[str, ...]) -> list[EntityRecognizer] | None:
        """The recognizers `analyze` would call for `entities`, or None if one cannot be called here.
        Remembered per question while the registry holds the same recognizers (as `MemoRecognizerRegistry`
        does) and all of them are loaded: a recognizer still loading is asked about again next time."""
        held = (id(self.registry.recognizers), len(cast(Sized, self.registry.recognizers)))
        if held != self._callable_for:
            self._callable_memo.clear()
            self._callable_for = held
        key = (language, entities)
        if key in self._callable_memo:
            return self._callable_memo[key]
        recognizers = self.registry.get_recognizers(language=language, entities=list(entities))
        if not all(_context_free(recognizer) for recognizer in recognizers):
            self._callable_memo[key] = None
            return None
        if not all(recognizer.is_loaded for recognizer in recognizers):
            return None
        self._callable_memo[key] = recognizers
        return recognizers


def _context_free(recognizer: EntityRecognizer) -> bool:
    """Whether the recognizer's own context step reads only its results and the given context."""
    own = type(recognizer).enhance_using_context
    return own is EntityRecognizer.enhance_using_context or bool(
        getattr(recognizer, "ENHANCES_BY_CONTEXT_ONLY", False)
    )


def _result_kind(result: RecognizerResult) -> tuple[Any, ...]:
    """Everything of a result that the rest of `analyze` may read, except where it lies."""
    metadata = result.recognition_metadata or {}
    explanation = result.analysis_explanation
    return (
        result.entity_type,
        result.score,
        tuple(sorted((str(key), repr(value)) for key, value in metadata.items())),
        None if explanation is None else (explanation.textual_explanation, explanation.pattern_name),
    )


def _learnt(spans: list[Span], text: str) -> WholeSpanRule:
    if not spans:
        return NO_SPAN
    if len(spans) == 1 and (spans[0].start, spans[0].end) == (0, len(text)):
        return WholeSpanRule(spans[0].entity_type, spans[0].score, spans[0].recognizer)
    return IN_FULL
