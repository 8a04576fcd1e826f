"""An NLP engine for Presidio that needs no downloaded model.

Presidio's default engine insists on `en_core_web_lg`, which cannot be installed offline. jejak builds,
per language, either the configured spaCy model (when installed; it brings NER for PERSON/LOCATION) or a
blank spaCy pipeline (a tokenizer only). Context words do not depend on it: jejak's enhancer searches the
characters around a match (jejak.detection.context), which also works for scripts without spaces.

Without a model nothing jejak runs reads the tokens, yet Presidio tokenises every text it is given (13% of a
dense scan). `process_text` then hands out `DeferredNlpArtifacts`, which tokenise only if a recognizer (a
third-party pack's, say) asks for tokens or lemmas.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.language import Language
from spacy.tokens import Doc

from jejak.errors import AnalyzerError

log = logging.getLogger(__name__)

#: Languages whose spaCy blank pipeline needs a third-party tokenizer (pythainlp, pyvi) or that spaCy
#: lacks; they get the multi-language tokenizer (or, for vi, spaCy's own without pyvi).
_BLANK_FALLBACK: Mapping[str, tuple[str, dict[str, object]]] = {
    "vi": ("vi", {"nlp": {"tokenizer": {"use_pyvi": False}}}),
    "th": ("xx", {}),
    "km": ("xx", {}),
    "lo": ("xx", {}),
    "my": ("xx", {}),
}


@dataclass(frozen=True)
class PipelineChoice:
    """What was loaded for one language, for reports and `jejak version`."""

    language: str
    kind: str  # "model" or "blank"
    name: str  # model package or blank language class


class OfflineSpacyNlpEngine(SpacyNlpEngine):
    """SpacyNlpEngine that never downloads: a model when configured and installed, else a blank pipeline."""

    def __init__(self, languages: Sequence[str], models: Mapping[str, str], mode: str) -> None:
        super().__init__(
            models=[{"lang_code": lang, "model_name": models.get(lang, "blank")} for lang in languages],
            ner_model_configuration=NerModelConfiguration(),
        )
        self.languages = tuple(languages)
        self.model_names = dict(models)
        self.mode = mode
        self.choices: list[PipelineChoice] = []
        #: languages loaded with a model, from `choices` (asked once per analysed value)
        self._with_model: frozenset[str] = frozenset()

    def load(self) -> None:
        """Decide per language now (so a missing required model fails early); build pipelines on first use."""
        self.choices = []
        for lang in self.languages:
            model = self.model_names.get(lang)
            if model and self.mode != "blank" and _is_installed(model):
                self.choices.append(PipelineChoice(lang, "model", model))
            elif model and self.mode == "spacy":
                raise AnalyzerError(
                    f"spaCy model {model!r} for language {lang!r} is not installed; install it with pip, "
                    "or set detection.nlp.engine to 'auto' or 'blank'"
                )
            else:
                self.choices.append(PipelineChoice(lang, "blank", _BLANK_FALLBACK.get(lang, (lang, {}))[0]))
        self.nlp = LazyPipelines(self.choices)  # type: ignore[assignment]  # Presidio types it as a dict
        self._with_model = frozenset(c.language for c in self.choices if c.kind == "model")

    def has_ner(self, language: str | None = None) -> bool:
        return bool(self._with_model) if language is None else language in self._with_model

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        if self.has_ner(language):
            return super().process_text(text, language)
        return DeferredNlpArtifacts(self, text, language)

    def tokenize(self, text: str, language: str) -> NlpArtifacts:
        """What the blank pipeline makes of `text`: the artifacts `DeferredNlpArtifacts` defers."""
        return super().process_text(text, language)


class DeferredNlpArtifacts(NlpArtifacts):
    """Artifacts of a blank pipeline, tokenised on first use. A blank pipeline finds no entities, so those
    are known without running it."""

    def __init__(self, engine: OfflineSpacyNlpEngine, text: str, language: str) -> None:
        self.entities = []
        self.scores = []
        self.nlp_engine = engine
        self._engine = engine
        self._text = text
        self._language = language
        self._real: NlpArtifacts | None = None

    def _artifacts(self) -> NlpArtifacts:
        if self._real is None:
            self._real = self._engine.tokenize(self._text, self._language)
        return self._real

    @property
    def tokens(self) -> Doc:  # type: ignore[override]
        return self._artifacts().tokens

    @property
    def tokens_indices(self) -> list[int]:  # type: ignore[override]
        return self._artifacts().tokens_indices

    @property
    def lemmas(self) -> list[str]:  # type: ignore[override]
        return self._artifacts().lemmas

    @property
    def keywords(self) -> list[str]:  # type: ignore[override]
        return self._artifacts().keywords


class LazyPipelines(Mapping[str, Language]):
    """Language -> spaCy pipeline, built when first asked for.

    Blank pipelines cost up to seconds each (spaCy's `id` and `ms` tokenizer tables), and a scan usually
    meets one or two languages, so start-up pays only for what the data needs.
    """

    def __init__(self, choices: Sequence[PipelineChoice]) -> None:
        self._choices = {choice.language: choice for choice in choices}
        self._loaded: dict[str, Language] = {}

    def __getitem__(self, language: str) -> Language:
        if language not in self._loaded:
            choice = self._choices[language]
            self._loaded[language] = spacy.load(choice.name) if choice.kind == "model" else _blank(language)
        return self._loaded[language]

    def __iter__(self) -> Iterator[str]:
        return iter(self._choices)

    def __len__(self) -> int:
        return len(self._choices)


def _is_installed(model: str) -> bool:
    """A model is an installed package name or a directory written by `nlp.to_disk()`."""
    return spacy.util.is_package(model) or Path(model).is_dir()


def _blank(lang: str) -> Language:
    spacy_lang, config = _BLANK_FALLBACK.get(lang, (lang, {}))
    try:
        return spacy.blank(spacy_lang, config=config)
    except ImportError:
        return spacy.blank("xx")
