"""The baseline of bench/scale.py: Presidio's BatchAnalyzerEngine as a user without a spaCy model sets it up.

Only Presidio's public API, nothing from jejak's detection: an `AnalyzerEngine` over a blank spaCy `en`
pipeline (no NER model can be installed offline; `jejak eval`'s baseline engine, whose tiny component sets
each token's lemma to its lower-cased text so Presidio's context words still raise scores), a registry
holding only Presidio's predefined pattern recognizers for the benchmark's entity types (Presidio's default
registry adds US recognizers that fire thousands of times on Singapore data:
../shared/spec/environment-notes.md), the phone recognizer given the 11 ASEAN regions, language "en" for
every value (Presidio analyses one language per call), default score threshold.
`BatchAnalyzerEngine.analyze_dict` reads a slice as {column: [values]}, passing each column name as context,
in one process.

Presidio ships nothing for MY_NRIC, ID_NIK, VN_CCCD or PH_PHILSYS, and PERSON needs a NER model: those
types have recall 0 by construction, which is part of what the benchmark reports.
"""

from __future__ import annotations

import os

# tldextract (EmailRecognizer) fetches the public suffix list on first use unless told not to: its bundled
# snapshot is used instead (../shared/spec/environment-notes.md). Must be set before tldextract is imported.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from typing import Any

from presidio_analyzer import (
    AnalyzerEngine,
    BatchAnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
)
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    EmailRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    SgFinRecognizer,
    ThTninRecognizer,
)

from jejak.evaluation.presidio_baseline import BlankSpacyNlpEngine

LANGUAGE = "en"
ASEAN_REGIONS = ("SG", "MY", "ID", "TH", "VN", "PH", "BN", "KH", "LA", "MM", "TL")

#: A cell's predictions: (row, column) -> [(entity, start, end)]
Predictions = dict[tuple[int, str], list[tuple[str, int, int]]]


def recognizers() -> list[EntityRecognizer]:
    """Presidio's predefined recognizers for the benchmark's entity types, registered for `en`."""
    return [
        EmailRecognizer(),
        PhoneRecognizer(supported_regions=ASEAN_REGIONS),
        CreditCardRecognizer(),
        IpRecognizer(),
        SgFinRecognizer(),
        # Presidio registers the Thai ID for `th` only; every value is analysed as `en` here.
        ThTninRecognizer(supported_language=LANGUAGE),
    ]


@dataclass
class PresidioBaseline:
    entities: Sequence[str]
    setup_seconds: float = 0.0
    supported: list[str] = field(default_factory=list)
    engine: BatchAnalyzerEngine | None = None

    def __post_init__(self) -> None:
        started = time.perf_counter()
        registry = RecognizerRegistry(supported_languages=[LANGUAGE])
        for recognizer in recognizers():
            registry.add_recognizer(recognizer)
        analyzer = AnalyzerEngine(
            registry=registry, nlp_engine=BlankSpacyNlpEngine((LANGUAGE,)), supported_languages=[LANGUAGE]
        )
        self.engine = BatchAnalyzerEngine(analyzer_engine=analyzer)
        offered = {entity for r in registry.recognizers for entity in r.supported_entities}
        self.supported = sorted(offered & set(self.entities))
        # warm-up: spaCy and the recognizers' lazy parts, outside the timed analysis
        analyzer.analyze(text="warm up +65 9123 4567 a@b.com", language=LANGUAGE)
        self.setup_seconds = time.perf_counter() - started

    @property
    def missing(self) -> list[str]:
        return sorted(set(self.entities) - set(self.supported))

    def analyze(self, columns: Mapping[str, list[Any]]) -> tuple[float, Predictions]:
        """Analyse {column: values} with `analyze_dict`; return (seconds, predictions per cell)."""
        assert self.engine is not None
        data: dict[str, Any] = {
            name: ["" if v is None else v for v in values] for name, values in columns.items()
        }
        started = time.perf_counter()
        results = list(self.engine.analyze_dict(data, language=LANGUAGE, entities=self.supported))
        seconds = time.perf_counter() - started
        predictions: Predictions = {}
        for result in results:
            per_value: list[Any] = list(result.recognizer_results)  # type: ignore[call-overload]
            for row, found in enumerate(per_value):
                spans = [(r.entity_type, r.start, r.end) for r in found]
                if spans:
                    predictions[(row, result.key)] = spans
        return seconds, predictions


def describe(baseline: PresidioBaseline) -> dict[str, Any]:
    return {
        "version": version("presidio-analyzer"),
        "setup": (
            "BatchAnalyzerEngine(AnalyzerEngine(registry=<only the recognizers below>, "
            'nlp_engine=<spacy.blank("en") + lemma=lower-case>)).analyze_dict({column: values}, '
            'language="en", entities=<supported>)'
            ", one process, default score threshold (0)"
        ),
        "recognizers": [type(r).__name__ for r in recognizers()],
        "phone_regions": list(ASEAN_REGIONS),
        "entities_supported": baseline.supported,
        "entities_without_presidio_recognizer": baseline.missing,
        "setup_seconds": round(baseline.setup_seconds, 2),
    }
