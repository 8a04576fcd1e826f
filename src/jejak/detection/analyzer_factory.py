"""Build a Presidio AnalyzerEngine from recognizer packs and the detection config.

Only what applies is registered: Presidio's default registry adds US driving-licence and bank-number
recognizers that fire thousands of times on Singapore data, so jejak starts from an empty registry and
adds its packs' recognizers (and spaCy NER where a real model is loaded).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from presidio_analyzer import AnalyzerEngine, EntityRecognizer
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from jejak.config import DetectionConfig
from jejak.detection.context import WindowContextEnhancer
from jejak.detection.nlp_engine import OfflineSpacyNlpEngine
from jejak.detection.registry import MemoRecognizerRegistry
from jejak.errors import AnalyzerError, RecognizerPackError
from jejak.recognizers.loader import resolve_reference
from jejak.recognizers.pack import EntitySpec, PackSpec
from jejak.recognizers.pattern import PackPatternRecognizer

NER_ENTITIES = ("PERSON", "LOCATION", "ORGANIZATION", "NRP")


@dataclass(frozen=True)
class BuiltAnalyzer:
    engine: AnalyzerEngine
    nlp_engine: OfflineSpacyNlpEngine
    #: entity type -> the spec that defines it, or for a type only reported, the spec reporting it
    entities: dict[str, EntitySpec]
    #: entity type -> class-backed specs that also report it (e.g. SG_PASSPORT <- MRZ_DOCUMENT)
    reporters: dict[str, list[EntitySpec]]


def build_analyzer(config: DetectionConfig, packs: Sequence[PackSpec]) -> BuiltAnalyzer:
    owned = {entity.entity: entity for pack in packs for entity in pack.entities}
    specs = dict(owned)
    reporters: dict[str, list[EntitySpec]] = {}
    for spec in owned.values():
        for name in spec.reports:
            specs.setdefault(name, spec)
            reporters.setdefault(name, []).append(spec)
    wanted = set(config.entities) or set(specs)
    unknown = wanted - set(specs) - set(NER_ENTITIES)
    if unknown:
        raise AnalyzerError(
            f"detection.entities names unknown entity types: {', '.join(sorted(unknown))}; "
            f"known: {', '.join(sorted(specs))}"
        )
    nlp_engine = OfflineSpacyNlpEngine(config.languages, config.nlp.models, config.nlp.engine)
    nlp_engine.load()
    registry = MemoRecognizerRegistry(supported_languages=list(config.languages))
    chosen = sorted((s for s in owned.values() if wanted & {s.entity, *s.reports}), key=lambda s: s.entity)
    for language in config.languages:
        for spec in chosen:
            registry.add_recognizer(_recognizer(spec, language, config))
        if nlp_engine.has_ner(language):
            registry.add_recognizer(
                SpacyRecognizer(supported_language=language, supported_entities=list(NER_ENTITIES))
            )
    engine = AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=list(config.languages),
        default_score_threshold=config.score_threshold,
        context_aware_enhancer=WindowContextEnhancer(),
    )
    return BuiltAnalyzer(engine=engine, nlp_engine=nlp_engine, entities=specs, reporters=reporters)


def _recognizer(spec: EntitySpec, language: str, config: DetectionConfig) -> EntityRecognizer:
    if spec.patterns:
        validator = resolve_reference(spec.validator) if spec.validator else None
        return PackPatternRecognizer(spec, validator, supported_language=language)  # type: ignore[arg-type]
    assert spec.recognizer is not None
    factory = resolve_reference(spec.recognizer)
    options: dict[str, object] = {**spec.options, **config.recognizer_options.get(spec.entity, {})}
    try:
        recognizer = _call(factory, supported_language=language, context=spec.context_words(), **options)
    except TypeError as exc:
        raise RecognizerPackError(f"{spec.entity}: cannot build {spec.recognizer} ({exc})") from exc
    if not isinstance(recognizer, EntityRecognizer):
        raise RecognizerPackError(f"{spec.entity}: {spec.recognizer} is not a Presidio EntityRecognizer")
    return recognizer


def _call(factory: object, **kwargs: object) -> object:
    assert callable(factory)
    fn: Callable[..., object] = factory
    return fn(**kwargs)
