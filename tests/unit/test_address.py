"""LOCATION (South-East Asian street addresses): scores by evidence, column-name context, and a prefilter
that lets every address in tests/cases/address.yaml through."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
import yaml

from jejak.detection.detector import Detector, context_from_name
from jejak.detection.prefilter import Prefilter
from jejak.recognizers.address import SeaAddressRecognizer, find_components
from jejak.recognizers.loader import load_packs

CASES = Path(__file__).resolve().parents[1] / "cases" / "address.yaml"


def _locations(detector: Detector, text: str, context: list[str] | None = None) -> list[tuple[str, float]]:
    return [
        (text[s.start : s.end], s.score)
        for s in detector.analyze_text(text, context=context or [])
        if s.entity_type == "LOCATION"
    ]


def _address_texts() -> list[str]:
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    return [case["text"] for case in cases if any(e["type"] == "LOCATION" for e in case["expect"])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # postcode + two components: strong, no context needed
        ("Blk 123 Ang Mo Kio Ave 3 #05-12 Singapore 560123", 0.6),
        # no postcode, four components with a house number: strong
        ("Số 12 đường Lê Lợi, phường Bến Thành, quận 1, TP. Hồ Chí Minh", 0.6),
        # two components with a number: weak, below the threshold alone
        ("Jl. Merdeka No. 5", 0.3),
        # postcode + one component: weak
        ("Jalan Ampang, 50450", 0.3),
    ],
)
def test_scores_follow_evidence(text: str, expected: float) -> None:
    results = SeaAddressRecognizer().analyze(text, ["LOCATION"])
    assert len(results) == 1
    assert results[0].score >= expected
    assert results[0].score < 0.5 or expected >= 0.5


@pytest.mark.parametrize(
    "text",
    ["Singapore 560123", "Jalan Ampang", "Kuala Lumpur 50450", "Taman Tun Dr Ismail", "Quezon City", "12345"],
)
def test_single_component_never_reported(text: str) -> None:
    assert SeaAddressRecognizer().analyze(text, ["LOCATION"]) == []


def test_column_name_gives_context(detector: Detector) -> None:
    value = "Jl. Merdeka No. 5, Jakarta"
    assert _locations(detector, value) == []
    for column in ("alamat", "home_address", "addr"):
        found = _locations(detector, value, context_from_name(column))
        assert [text for text, _ in found] == ["Jl. Merdeka No. 5"], column
        assert found[0][1] >= 0.5


def test_local_digits_match_like_ascii(detector: Detector) -> None:
    ascii_text = "99/1 ซอยลาดพร้าว 15 แขวงจอมพล เขตจตุจักร กรุงเทพฯ 10900"
    thai_text = "๙๙/๑ ซอยลาดพร้าว ๑๕ แขวงจอมพล เขตจตุจักร กรุงเทพฯ ๑๐๙๐๐"
    assert [text for text, _ in _locations(detector, ascii_text)] == [ascii_text]
    assert [text for text, _ in _locations(detector, thai_text)] == [thai_text]


def test_sentence_end_splits_components() -> None:
    components = find_components("Jalan Ampang is busy. Lot 5 was sold, 50450 buyers.")
    assert {c.kind for c in components} >= {"street", "number"}
    assert SeaAddressRecognizer().analyze("Jalan Ampang is busy. Lot 5 was sold, 50450 buyers.", []) == []


@pytest.mark.parametrize("text", _address_texts())
def test_prefilter_lets_every_address_through(text: str) -> None:
    spec = next(e for pack in load_packs() for e in pack.entities if e.entity == "LOCATION")
    prefilter = Prefilter([spec.effective_prefilter()])
    assert prefilter.mask(pa.array([text], pa.string())).to_pylist() == [True]


def test_prefilter_skips_plain_text() -> None:
    spec = next(e for pack in load_packs() for e in pack.entities if e.entity == "LOCATION")
    prefilter = Prefilter([spec.effective_prefilter()])
    plain = ["2026-11-01T08:00:00Z GET /health 200", "order 1234567 shipped", "Terima kasih banyak!"]
    assert prefilter.mask(pa.array(plain, pa.string())).to_pylist() == [False, False, False]
