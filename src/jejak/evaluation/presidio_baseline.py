"""The baseline: Presidio as a user gets it out of the box, made to run offline.

"Out of the box" means `AnalyzerEngine()` with its default recognizer registry (built by Presidio's own
provider from `conf/default_recognizers.yaml`), language "en" for every text and the default score threshold
(0). Two changes are forced by the machine, not chosen, and both are stated in the report:

* Presidio's default NLP engine loads spaCy's `en_core_web_lg`, which cannot be installed here. A blank
  English spaCy pipeline replaces it; a tiny component sets each token's lemma to its lower-cased text so
  Presidio's lemma-based context words keep working. There is no NER model, so PERSON (and LOCATION, ...)
  cannot be found: the baseline's PERSON recall is 0 by construction.
* Presidio's EmailRecognizer validates domains with tldextract's module-level extractor, which downloads
  the Public Suffix List on first use. It is replaced by the same recognizer with an extractor limited to
  tldextract's bundled snapshot: same patterns, same scores, no network.

Nothing here imports jejak's detection engine: the baseline must not inherit jejak's recognizers or fixes.
"""

from __future__ import annotations

import spacy
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from spacy.language import Language
from spacy.tokens import Doc

from jejak.evaluation.dataset import LabelledSpan
from jejak.recognizers.email import OfflineEmailRecognizer  # Presidio's own class, made offline

LANGUAGE = "en"
_LEMMA_COMPONENT = "jejak_eval_lowercase_lemma"

DESCRIPTION = (
    "Presidio analyzer {version}: `AnalyzerEngine(nlp_engine=<blank>)`, i.e. the default recognizer "
    "registry from Presidio's own provider (`conf/default_recognizers.yaml`: every recognizer enabled "
    'there, none added, none disabled), `language="en"` for every text, default score threshold 0. '
    "Forced by the offline machine: the NLP engine is a blank spaCy `en` pipeline (lemma = lower-cased "
    "token, so context words still count) instead of `en_core_web_lg`, so there is **no NER model and "
    "PERSON recall is 0 by construction**; the EmailRecognizer validates domains against tldextract's "
    "bundled suffix list instead of downloading it."
)


@Language.component(_LEMMA_COMPONENT)
def _lowercase_lemma(doc: Doc) -> Doc:
    for token in doc:
        token.lemma_ = token.lower_
    return doc


class BlankSpacyNlpEngine(SpacyNlpEngine):
    """SpacyNlpEngine over `spacy.blank(lang)`: tokens and lemmas, no NER, nothing to download."""

    def __init__(self, languages: tuple[str, ...] = (LANGUAGE,)) -> None:
        super().__init__(
            models=[{"lang_code": lang, "model_name": f"blank:{lang}"} for lang in languages],
            ner_model_configuration=NerModelConfiguration(),
        )
        self.languages = languages

    def load(self) -> None:
        pipelines: dict[str, Language] = {}
        for lang in self.languages:
            nlp = spacy.blank(lang)
            nlp.add_pipe(_LEMMA_COMPONENT)
            pipelines[lang] = nlp
        self.nlp = pipelines  # type: ignore[assignment]  # Presidio annotates it loosely


def build_default_analyzer() -> AnalyzerEngine:
    """Presidio's default engine, with only the two offline substitutions described above."""
    engine = AnalyzerEngine(nlp_engine=BlankSpacyNlpEngine())
    names = [str(getattr(recognizer, "name", "")) for recognizer in engine.registry.recognizers]
    if "EmailRecognizer" in names:
        engine.registry.remove_recognizer("EmailRecognizer")
        engine.registry.add_recognizer(OfflineEmailRecognizer())
    return engine


class PresidioBaseline:
    """Callable text -> predicted spans, as `jejak eval` runs every system."""

    name = "presidio"

    def __init__(self) -> None:
        self.engine = build_default_analyzer()

    @property
    def recognizers(self) -> list[str]:
        return sorted(
            {str(getattr(recognizer, "name", "")) for recognizer in self.engine.registry.recognizers}
        )

    def __call__(self, text: str) -> list[LabelledSpan]:
        results = self.engine.analyze(text=text, language=LANGUAGE)
        return [LabelledSpan(r.start, r.end, r.entity_type) for r in results]


def presidio_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("presidio-analyzer")
    except PackageNotFoundError:
        return "unknown"
