"""The Philippines pack is format-only: guard that, and the context rules that pick between shared shapes.

No PH check digit could be verified from two independent sources (PH_TIN's mod 11 is Presidio's alone and
python-stdnum found no BIR algorithm; PhilHealth's mod 11 only in open Presidio PR #2047), so there is no
`recognizers/validators/ph_*.py` yet. These tests fail if someone adds an unverified checksum (it would
reject real numbers) or lets a bare shape through without a context word.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jejak.detection.detector import Detector, context_from_name
from jejak.recognizers.loader import load_pack

PACK = load_pack(Path(__file__).resolve().parents[2] / "recognizers" / "packs" / "ph.yaml")
SPECS = {spec.entity: spec for spec in PACK.entities}


def test_pack_declares_the_ph_entities() -> None:
    assert set(SPECS) == {
        "PH_PHILSYS",
        "PH_TIN",
        "PH_SSS",
        "PH_UMID",
        "PH_PHILHEALTH",
        "PH_PAGIBIG",
        "PH_PASSPORT",
    }
    assert all(spec.priority == 10 for spec in SPECS.values())


@pytest.mark.parametrize("entity", sorted(SPECS))
def test_unverified_entities_need_context(entity: str) -> None:
    spec = SPECS[entity]
    assert spec.validator is None
    assert all(pattern.score < 0.5 for pattern in spec.patterns)
    # a context word lifts a match by 0.35 (Presidio's LemmaContextAwareEnhancer default) over the threshold
    assert all(pattern.score + 0.35 >= 0.5 for pattern in spec.patterns)


def _best(entity: str, value: str) -> float:
    return max(p.score for p in SPECS[entity].patterns if re.fullmatch(p.regex, value))


def test_shared_shapes_prefer_the_documented_owner() -> None:
    assert _best("PH_PHILSYS", "1234-5678-9012") > _best("PH_PAGIBIG", "1234-5678-9012")
    assert _best("PH_UMID", "0111-2345678-9") > _best("PH_PHILSYS", "0111-2345678-9")


def test_context_words_are_single_distinctive_tokens() -> None:
    # phrases are split into words; a generic word such as "ng" or "id" would boost every PH shape
    for spec in SPECS.values():
        words = spec.context_words()
        assert words and not {"ng", "id", "no", "number", "numero", "national"} & set(words)


@pytest.mark.parametrize(
    ("column", "value", "entity"),
    [
        ("sss_no", "34-1234567-8", "PH_SSS"),
        ("philhealthPin", "120000157266", "PH_PHILHEALTH"),
        ("pagibig_mid", "1234-5678-9012", "PH_PAGIBIG"),
        ("philsys_psn", "1234-5678-9012", "PH_PHILSYS"),
        ("umid_crn", "0111-2345678-9", "PH_UMID"),
        ("tin", "123-456-782-000", "PH_TIN"),
        ("pasaporte", "P1234567A", "PH_PASSPORT"),
    ],
)
def test_column_name_supplies_the_context(detector: Detector, column: str, value: str, entity: str) -> None:
    spans = detector.analyze_text(value, context=context_from_name(column))
    assert [(s.entity_type, value[s.start : s.end]) for s in spans] == [(entity, value)]
    assert detector.analyze_text(value, context=context_from_name("ref_code")) == []
