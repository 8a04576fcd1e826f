"""PERSON without a model: name-shaped values in name columns, prefilter, gazetteers, spaCy coexistence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
import spacy

from jejak.config import load_config
from jejak.detection.detector import Detector, context_from_name
from jejak.recognizers.gazetteers.names import FAMILY_LISTS, GIVEN_LISTS, family_names, fold, read_list
from jejak.recognizers.loader import load_packs
from jejak.recognizers.person import PersonNameRecognizer

GAZETTEERS = Path(__file__).resolve().parents[2] / "recognizers" / "gazetteers"


def _persons(detector: Detector, value: str, context: list[str]) -> list[tuple[str, float]]:
    return [
        (value[s.start : s.end], s.score)
        for s in detector.analyze_text(value, context=context)
        if s.entity_type == "PERSON"
    ]


@pytest.mark.parametrize(
    ("value", "context"),
    [
        ("Siti Aminah", ["nama"]),
        ("Tan Wei Ming", ["full", "name"]),
        ("AHMAD BIN ISMAIL", ["name"]),
        ("Nguyễn Thị Lan", ["họ", "tên"]),
        ("Reyes, Maria Clara", ["pangalan"]),
        ("สมชาย", ["ชื่อ"]),
        ("สมชาย ใจดี", ["ชื่อ-นามสกุล"]),
        ("សុខា", ["ឈ្មោះ"]),
        ("ສົມພອນ", ["ຊື່"]),
        ("အောင်မြင့်", ["အမည်"]),
        ("Sutrisno", ["full", "name"]),  # Indonesian mononym
    ],
)
def test_name_shaped_value_in_a_name_column_is_person(
    detector: Detector, value: str, context: list[str]
) -> None:
    found = _persons(detector, value, context)
    assert [text for text, _ in found] == [value]
    assert found[0][1] >= 0.5


@pytest.mark.parametrize("value", ["Siti Aminah", "สมชาย", "Sutrisno", "Chris Evans"])
def test_the_same_value_without_a_name_column_is_not(detector: Detector, value: str) -> None:
    assert _persons(detector, value, ["status"]) == []
    assert _persons(detector, value, []) == []


@pytest.mark.parametrize(
    ("value", "context"),
    [
        ("Galaxy Note", ["product", "name"]),  # product_name
        ("Acme Trading", ["company", "name"]),
        ("Report Final", ["file", "name"]),
        ("Unknown", ["name"]),  # placeholder
        ("Admin", ["user", "name"]),
        ("Jalan Ampang", ["name"]),
        ("Bank Negara", ["name"]),
        ("January", ["name"]),
        ("Please call me back tomorrow, I am busy.", ["name"]),  # free text: no whole-value match
        ("john.tan@example.com", ["name"]),
        ("Tan Wei Ming 91234567", ["name"]),
    ],
)
def test_not_a_person_even_in_a_name_column(detector: Detector, value: str, context: list[str]) -> None:
    assert [text for text, _ in _persons(detector, value, context) if text == value.strip()] == []


def test_whole_value_alone_stays_below_the_threshold() -> None:
    recognizer = PersonNameRecognizer()
    (result,) = recognizer.analyze("Siti Aminah", ["PERSON"])
    assert result.score < 0.5
    assert (result.start, result.end) == (0, len("Siti Aminah"))


def test_column_names_give_context_words() -> None:
    assert set(context_from_name("full_name")) >= {"name"}
    assert "nama" in context_from_name("nama_pelanggan")


def test_title_span_is_the_name_only(detector: Detector) -> None:
    text = "Puan Siti Hajar binti Osman"
    (span,) = [s for s in detector.analyze_text(text) if s.entity_type == "PERSON"]
    assert text[span.start : span.end] == "Siti Hajar binti Osman"


def test_offsets_point_into_the_original_text_with_local_digits(detector: Detector) -> None:
    text = "นายสมชาย ใจดี โทร ๐๘๑ ๒๓๔ ๕๖๗๘"
    spans = {s.entity_type: text[s.start : s.end] for s in detector.analyze_text(text)}
    assert spans == {"PERSON": "สมชาย ใจดี", "PHONE_NUMBER": "๐๘๑ ๒๓๔ ๕๖๗๘"}


def test_prefilter_passes_names_and_skips_telemetry(detector: Detector) -> None:
    values = pa.array(
        [
            "Encik Ahmad",
            "pak Budi",
            "Nguyễn Văn An",
            "นายสมชาย",
            "สมชาย",
            "Sutrisno",
            'to="ปิยะพงษ์ ใจดี <p@example.org>"',
            "2026-11-01T00:04:15.730Z DEBUG db.pool active=6",
            "status=200 latency_ms=121",
            "ok",
        ]
    )
    mask = detector.prefilters["PERSON"].mask(values).to_pylist()
    assert mask == [True] * 7 + [False] * 3


def test_gazetteers_record_source_and_licence() -> None:
    files = [name for names in FAMILY_LISTS.values() for name in names] + list(GIVEN_LISTS)
    for filename in files:
        header = [
            line
            for line in (GAZETTEERS / filename).read_text(encoding="utf-8").splitlines()
            if line.startswith("#")
        ]
        text = " ".join(header).lower()
        assert "licence" in text, filename
        assert "editorial" in text or "source:" in text, filename
        assert read_list(filename), filename
        assert "faker" not in text and "names-dataset" not in text.replace("no list from", "")


def test_family_names_and_folding() -> None:
    assert {"Nguyễn", "Trần", "Lê"} <= family_names("vi")
    assert {"Tan", "Lim", "Ng"} <= family_names("zh")
    assert "dela Cruz" in family_names("ph")
    assert fold("Nguyễn") == "nguyen" and fold("Đặng") == "dang"


def test_person_is_defined_by_a_pack() -> None:
    (spec,) = [e for pack in load_packs() for e in pack.entities if e.entity == "PERSON"]
    assert spec.recognizer == "jejak.recognizers.person:PersonNameRecognizer"
    assert spec.prefilter


def test_pack_and_spacy_model_work_together(tmp_path: Path) -> None:
    """With a model installed both recognizers report PERSON; without one the pack still finds names."""
    nlp = spacy.blank("en")
    ruler: Any = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": [{"LOWER": "kenji"}, {"LOWER": "sato"}]}])
    nlp.to_disk(tmp_path / "en_ruler")
    overrides = {
        "detection": {
            "languages": ["en"],
            "nlp": {"engine": "auto", "models": {"en": str(tmp_path / "en_ruler")}},
        }
    }
    with_model = Detector(load_config(overrides=overrides).detection, load_packs())
    text = "Kenji Sato met Encik Ahmad bin Ismail"
    found = {text[s.start : s.end] for s in with_model.analyze_text(text) if s.entity_type == "PERSON"}
    assert found == {"Kenji Sato", "Ahmad bin Ismail"}
    missing = {
        "detection": {"languages": ["en"], "nlp": {"engine": "auto", "models": {"en": "xx_no_such_model"}}}
    }
    without = Detector(load_config(overrides=missing).detection, load_packs())
    assert "PERSON" in without.entities
    assert {text[s.start : s.end] for s in without.analyze_text(text)} == {"Ahmad bin Ismail"}


@pytest.mark.parametrize(
    "value",
    [
        "holder Teodoro Malabanan.",
        "Name: Wiratama",
        "a.n. Sugeng Riyadi",
        "ni Rodel Ampatuan",
        "ลูกค้าวิภา รักดี",
        "ឈ្មោះ៖ ស៊ាន សុវណ្ណ",
        "ຂ້ອຍຊື່ ບົວພັນ ຈັນທະລາ",
        "အမည် - စိုးမိုးကျော်",
        "မနှင်းဝေ အီးမေးလ်",
    ],
)
def test_prefilter_passes_roles_and_labels(detector: Detector, value: str) -> None:
    assert detector.prefilters["PERSON"].mask(pa.array([value])).to_pylist() == [True]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a rejected title match must not swallow the next title ("คุณแม่" is "mother")
        ("คุณแม่ของผม คุณวิภา รักดี", ["วิภา รักดี"]),
        # ผม ("I") introduces a name only glued to it
        ("ผม ประยุทธ มั่นคง", []),
        ("ผมประยุทธ มั่นคง ครับ", ["ประยุทธ มั่นคง"]),
        # Burmese: "မှတ်" is one syllable, not the title မ + name
        ("မှတ်ပုံတင်အမှတ်", []),
        # a name label followed by "company": the name of something else
        ("ឈ្មោះ ក្រុមហ៊ុន", []),
        # a middle initial and a possessive
        ("Ledger kept by Arnel P. Dimaculangan's office.", ["Arnel P. Dimaculangan"]),
        # Tagalog "oo" (yes) splits only where it starts a run: Burmese "Oo" ends names
        ("holder Tin Maung Oo, renewal due", ["Tin Maung Oo"]),
    ],
)
def test_name_boundaries(text: str, names: list[str]) -> None:
    recognizer = PersonNameRecognizer()
    found = [text[r.start : r.end] for r in recognizer.analyze(text, ["PERSON"]) if r.score >= 0.5]
    assert found == names


def test_display_names_are_looked_for_only_beside_an_address(monkeypatch: pytest.MonkeyPatch) -> None:
    """The display-name pattern scans lazily from every place; a text without `<` cannot hold one."""
    from jejak.recognizers import person

    scanned: list[str] = []
    real = person._DISPLAY_NAME

    class Spy:
        def finditer(self, text: str) -> Any:
            scanned.append(text)
            return real.finditer(text)

    monkeypatch.setattr(person, "_DISPLAY_NAME", Spy())
    recognizer = person.PersonNameRecognizer()
    recognizer.analyze("Encik Ahmad paid 20 ringgit", ["PERSON"])
    assert scanned == []
    found = recognizer.analyze('from "Siti Aminah" <siti@example.com>', ["PERSON"])
    assert scanned and any(r.entity_type == "PERSON" for r in found)
