"""The NER switch: a configured spaCy pipeline is used when installed, else blank (auto) or an error (spacy).

No official spaCy model can be downloaded here, so the test builds a real spaCy pipeline whose NER comes
from an EntityRuler and saves it with `nlp.to_disk()`; jejak loads it exactly like an installed model.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from jejak.config import load_config
from jejak.detection.detector import Detector
from jejak.errors import AnalyzerError
from jejak.recognizers.loader import load_packs


@pytest.fixture(scope="module")
def ruler_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": [{"LOWER": "siti"}, {"LOWER": "nurhaliza"}]}])
    path = tmp_path_factory.mktemp("model") / "en_ruler"
    nlp.to_disk(path)
    return path


def _detector(engine: str, model: str) -> Detector:
    overrides = {"detection": {"languages": ["en"], "nlp": {"engine": engine, "models": {"en": model}}}}
    return Detector(load_config(overrides=overrides).detection, load_packs())


def test_installed_model_adds_person(ruler_model: Path) -> None:
    detector = _detector("auto", str(ruler_model))
    assert "PERSON" in detector.entities
    text = "Please call Siti Nurhaliza at +60 12-345 6789"
    found = {(s.entity_type, text[s.start : s.end]) for s in detector.analyze_text(text)}
    assert found == {("PERSON", "Siti Nurhaliza"), ("PHONE_NUMBER", "+60 12-345 6789")}


def test_with_a_model_person_bypasses_the_prefilter(ruler_model: Path) -> None:
    detector = _detector("auto", str(ruler_model))
    assert detector.prefilters["PERSON"].passthrough and detector.prefilter.passthrough


def test_missing_model_falls_back_to_blank_in_auto_mode() -> None:
    detector = _detector("auto", "xx_no_such_model")
    assert [c.kind for c in detector.built.nlp_engine.choices] == ["blank"]
    # PERSON then comes from the model-free person pack alone, behind its prefilter
    assert "PERSON" in detector.entities and not detector.prefilters["PERSON"].passthrough


def test_missing_model_is_an_error_in_spacy_mode() -> None:
    with pytest.raises(AnalyzerError, match="xx_no_such_model"):
        _detector("spacy", "xx_no_such_model")


def test_blank_mode_ignores_an_installed_model(ruler_model: Path) -> None:
    detector = _detector("blank", str(ruler_model))
    assert not detector.built.nlp_engine.has_ner()
    text = "Please call Siti Nurhaliza at +60 12-345 6789"  # no title, no listed family name: no PERSON
    assert {s.entity_type for s in detector.analyze_text(text)} == {"PHONE_NUMBER"}
