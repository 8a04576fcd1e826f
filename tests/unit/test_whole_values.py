"""Typed columns read by whole-value rules (jejak.detection.whole_values) find exactly what Presidio's full
orchestration finds, value for value, score for score; and the rules are what answers, not full analysis."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

from jejak.config import load_config
from jejak.detection.detector import Detector
from jejak.detection.whole_values import IN_FULL, NO_SPAN, WholeSpanRule, WholeValueReader, _context_free
from jejak.finding import Span
from jejak.recognizers.loader import load_packs
from jejak.recognizers.person import PersonNameRecognizer
from jejak.recognizers.phone import RegionalPhoneRecognizer

BENCH = Path(__file__).resolve().parents[2] / "bench"
ROWS = 700

#: Values a typed column meets besides its own kind: partial matches, masked and log-keyed addresses,
#: blanks around a value, local digits, Zawgyi, two identifiers, upper and lower case, nothing at all.
ODD = {
    "email": [
        "user=alice.tan@example.com",
        "a***@example.com",
        "  bob.lim@example.com.sg  ",
        "ALICE.TAN@EXAMPLE.COM",
        "carol@example.invalidtld",
        "Siti Aminah <siti.aminah@example.co.id>",
        "ngườidùng@ví-dụ.vn",
        "dave@co.id",
        "call 0812-3456-7890",
        "-",
    ],
    "national_id": [
        "๓๑๐๐๖๐๐๔๔๕๖๓๕",
        "３１００６００４４５６３５",
        "s1234567d",
        " S1234567D",
        "NIK: 3171011612770003",
        "S1234567D / 3100600445635",
        "4111111111111111",
        "1234-5678-9012",
        "123456789012",
        "880101-14-5678",
    ],
    "phone": [
        "9123 4567 / S1234567D",
        " 0813 1111 2222 ",
        "+65 9123 4567",
        "(+63) 917 123 4567",
        "๐๘๑-๒๓๔-๕๖๗๘",
        "1234567",
        "ext 12",
    ],
    "name": [
        "Nguyễn Văn An",
        "สมชาย ใจดี",
        "ေအာင္ေအာင္",
        "Dato' Sri Ahmad bin Abdullah",
        "acme sdn bhd",
        "ALI BIN ABU",
        "x",
    ],
}


@pytest.fixture(scope="module")
def gen() -> Any:
    spec = importlib.util.spec_from_file_location("scale_data", BENCH / "scale_data.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["scale_data"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def columns(gen: Any) -> dict[str, list[str]]:
    """The benchmark's dense structured columns (six countries interleaved), with odd values spread in."""
    rows = list(gen.iter_rows("dense", gen.DEFAULT_SEED, ROWS))
    rng = random.Random(5)
    out: dict[str, list[str]] = {}
    for name, odd in ODD.items():
        values = [row.values[name] for row in rows]
        for value in odd * 3:
            values.insert(rng.randrange(40, len(values)), value)
        out[name] = values
    out["thai_id"] = [gen.th_tnin(rng) for _ in range(ROWS)]
    return out


def read(detector: Detector, values: list[str], column: str) -> dict[int, list[Span]]:
    profile = detector.column(column)
    profile.typing = profile.typing.model_copy(update={"sample_values": 30, "min_share": 0.3})
    found = dict(detector.analyze_values(pa.array(values), column=profile))
    assert profile.typed, column
    return found


def full_detector() -> Detector:
    config = load_config(overrides={"detection": {"column_typing": {"whole_value_rules": False}}})
    return Detector(config.detection, load_packs())


@pytest.fixture(scope="module")
def in_full() -> Detector:
    return full_detector()


@pytest.fixture(scope="module")
def with_rules() -> Detector:
    return Detector(load_config().detection, load_packs())


@pytest.mark.parametrize("column", ["email", "national_id", "phone", "name", "ref"])
def test_rules_find_what_full_analysis_finds(
    columns: dict[str, list[str]], column: str, in_full: Detector, with_rules: Detector
) -> None:
    source = {"ref": "thai_id"}.get(column, column)
    values = columns[source]
    found = read(with_rules, values, column)
    assert found == read(in_full, values, column)  # entity, offsets, score and recognizer alike
    assert with_rules.whole_values is not None
    context = tuple(with_rules.column(column).context)
    rules = {rule for kind, rule in with_rules.whole_values.rules.items() if kind[1] == context}
    assert any(rule not in (NO_SPAN, IN_FULL) for rule in rules)
    if column == "ref":  # a plain Thai ID scores under the threshold without a context word
        assert NO_SPAN in rules


def test_rules_answer_most_values_without_full_analysis(
    columns: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    detector = Detector(load_config().detection, load_packs())
    full: list[str] = []
    real = detector.analyze_text
    monkeypatch.setattr(detector, "analyze_text", lambda text, **kw: full.append(text) or real(text, **kw))
    for name in ("email", "national_id", "phone"):
        full.clear()
        values = list(dict.fromkeys(columns[name]))
        read(detector, values, name)
        # the 30 sampled values, the first value of each kind of result, the odd values
        assert len(full) < 30 + 40 + len(ODD[name]) * 2, name
        assert len(values) > 600


def test_a_kind_whose_full_analysis_differs_is_always_analysed_in_full(detector: Detector) -> None:
    answers: list[list[Span]] = [[Span("EMAIL_ADDRESS", 0, 3, 0.9, "x"), Span("PERSON", 4, 7, 0.9, "y")]]
    reader = WholeValueReader(detector.built, ("en",), lambda text, context, entities: answers[0])
    ask = ("alice.tan@example.com", ("email",), ("EMAIL_ADDRESS",))
    assert reader.spans(*ask) == answers[0]  # learning: what full analysis said
    assert set(reader.rules.values()) == {IN_FULL}
    assert reader.spans("bob.lim@example.com", *ask[1:]) is None


def test_rules_keep_the_score_full_analysis_gave(detector: Detector) -> None:
    reader = WholeValueReader(detector.built, ("en",), lambda text, context, entities: [])
    assert reader.spans("alice.tan@example.com", ("email",), ("EMAIL_ADDRESS",)) == []
    assert set(reader.rules.values()) == {NO_SPAN}
    assert reader.spans("bob.lim@example.com", ("email",), ("EMAIL_ADDRESS",)) == []
    reader = WholeValueReader(
        detector.built,
        ("en",),
        lambda text, context, entities: [Span("EMAIL_ADDRESS", 0, len(text), 0.85, "r")],
    )
    reader.spans("alice.tan@example.com", ("email",), ("EMAIL_ADDRESS",))
    assert set(reader.rules.values()) == {WholeSpanRule("EMAIL_ADDRESS", 0.85, "r")}
    assert reader.spans("bob@example.com", ("email",), ("EMAIL_ADDRESS",)) == [
        Span("EMAIL_ADDRESS", 0, 15, 0.85, "r")
    ]
    assert reader.spans("mail bob@example.com", ("email",), ("EMAIL_ADDRESS",)) is None  # part of the value


def test_recognizers_with_their_own_context_step_are_not_called_directly() -> None:
    class Reads(EntityRecognizer):
        def load(self) -> None: ...

        def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[Any]:
            return []

        def enhance_using_context(self, text: str, *args: Any, **kwargs: Any) -> list[Any]:
            return []

    class Plain(Reads):
        enhance_using_context = EntityRecognizer.enhance_using_context  # type: ignore[assignment]

    assert not _context_free(Reads(supported_entities=["X"]))
    assert _context_free(Plain(supported_entities=["X"]))
    assert _context_free(PersonNameRecognizer())  # its own step reads the column's name only


def test_rules_are_a_detection_setting() -> None:
    packs = load_packs()
    assert full_detector().whole_values is None
    assert full_detector().fingerprint != Detector(load_config().detection, packs).fingerprint


def test_a_mixed_phone_column_tries_one_region_a_number(gen: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    recognizer = RegionalPhoneRecognizer()
    passes: list[str] = []
    real = RegionalPhoneRecognizer._match
    monkeypatch.setattr(
        RegionalPhoneRecognizer,
        "_match",
        lambda self, text, region, *a: passes.append(text) or real(self, text, region, *a),
    )
    numbers = [row.values["phone"] for row in gen.iter_rows("dense", gen.DEFAULT_SEED, 600)]
    for number in numbers:
        assert recognizer.analyze(number, ["PHONE_NUMBER"]), number
    assert len({row[:3] for row in numbers}) > 10  # several countries' numbers, interleaved
    assert len(passes) < len(numbers) * 1.2  # the learnt order alone: ~1.4


def test_rules_follow_the_registry_when_recognizers_change() -> None:
    detector = Detector(load_config().detection, load_packs())
    reader = detector.whole_values
    assert reader is not None
    ask = ("alice.tan@example.com", ("email",), ("EMAIL_ADDRESS",))
    reader.spans(*ask)  # learns the rule
    assert [s.entity_type for s in reader.spans("bob.lim@example.com", *ask[1:]) or []] == ["EMAIL_ADDRESS"]
    detector.built.engine.registry.remove_recognizer("MaskAwareEmailRecognizer")
    with pytest.raises(ValueError, match="No matching recognizers"):  # Presidio: nobody left to ask
        detector.analyze_text("bob.lim@example.com", context=["email"], entities=["EMAIL_ADDRESS"])
    with pytest.raises(ValueError, match="No matching recognizers"):  # and the rules do not answer for it
        reader.spans("bob.lim@example.com", *ask[1:])


def test_the_recognizers_callable_here_follow_the_registry() -> None:
    """Which recognizers may be called directly is remembered per question; a recognizer registered later
    (one whose own context step reads the text) must still send the question to full analysis."""
    detector = Detector(load_config().detection, load_packs())
    assert detector.whole_values is not None
    question = ("en", ("EMAIL_ADDRESS",))
    assert detector.whole_values._callable(*question) is not None

    class ReadsTheText(PatternRecognizer):
        def enhance_using_context(self, *args: Any, **kwargs: Any) -> list[RecognizerResult]:
            return []

    detector.built.engine.registry.add_recognizer(
        ReadsTheText(supported_entity="EMAIL_ADDRESS", patterns=[Pattern("x", r"x@x\.com", 0.5)])
    )
    assert detector.whole_values._callable(*question) is None
    assert detector.whole_values.spans("a@example.com", ("email",), ("EMAIL_ADDRESS",)) is None
