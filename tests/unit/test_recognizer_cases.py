"""Table-driven recognizer cases from tests/cases/*.yaml: each text must yield exactly the listed entities."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jejak.detection.detector import Detector

CASES_DIR = Path(__file__).resolve().parents[1] / "cases"


def _cases() -> list[pytest.param]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for index, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            params.append(pytest.param(case, id=f"{path.stem}-{index}"))
    return params


@pytest.mark.parametrize("case", _cases())
def test_recognizer_case(detector: Detector, case: dict) -> None:
    text = case["text"]
    spans = detector.analyze_text(text)
    found = sorted((s.entity_type, text[s.start : s.end]) for s in spans)
    expected = sorted((e["type"], str(e["text"])) for e in case["expect"])
    assert found == expected
    for item in case["expect"]:
        if "min_score" in item:
            span = next(s for s in spans if text[s.start : s.end] == str(item["text"]))
            assert span.score >= item["min_score"]
