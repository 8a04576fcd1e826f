"""The context gate: an entity only ever reported beside a context word is not asked of values (and columns)
without one, and that must not change what is found."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pyarrow as pa
import pytest

from jejak.detection.context_gate import ContextGate, GatedEntity
from jejak.detection.detector import Detector
from jejak.recognizers.pattern import PackPatternRecognizer

ROOT = Path(__file__).resolve().parents[2]
UUID = "123e4567-e89b-12d3-a456-426614174000"
#: Column names: none, a few, or all of them holding a piece of a gated entity's context words.
COLUMNS = ["ts", "msg", "dob", "payload", "tin", "national_id", "sss_no", "uen", "order_id", "nric", "amount"]


def eval_texts() -> list[str]:
    texts = []
    for path in (
        ROOT / "fixtures" / "eval" / "eval.jsonl",
        ROOT / "fixtures" / "eval_holdout" / "eval.jsonl",
    ):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    return texts


def generated_texts(count: int, seed: int = 11) -> list[str]:
    """Dates, timestamps and numbers shaped like the gated entities (PhilSys, SSS, TIN, UEN, CCCD), alone,
    beside context words (some glued to them, some cut by the match), UUIDs and filler, in random order."""
    rng = random.Random(seed)
    shapes = [
        lambda: (
            f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            f"T0{rng.randint(0, 9)}:00:00.{rng.randint(0, 999):03d}Z"
        ),
        lambda: f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1930, 2025)}",
        lambda: f"{rng.randint(1930, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        lambda: f"{rng.randint(1, 28)} March {rng.randint(1930, 2025)}",
        lambda: "-".join(f"{rng.randint(0, 9999):04d}" for _ in range(3)),
        lambda: f"{rng.randint(10, 99)}-{rng.randint(0, 9999999):07d}-{rng.randint(0, 9)}",
        lambda: f"{rng.randint(100, 999)}-{rng.randint(100, 999)}-{rng.randint(100, 999)}-000",
        lambda: f"{rng.randint(10000000, 99999999)}{rng.choice('ABCDEKMW')}",
        lambda: f"0{rng.randint(10, 96)}{rng.randint(0, 999999999):09d}",
        # shapes whose plain form needs a context word while another form stands alone
        lambda: f"{rng.choice(['31', '32', '51', '73'])}{rng.randint(10**13, 10**14 - 1)}",  # NIK plain
        lambda: (
            f"{rng.randint(10, 99)}.{rng.randint(100, 999)}.{rng.randint(100, 999)}.{rng.randint(0, 9)}"
            f"-{rng.randint(100, 999)}.{rng.randint(100, 999)}"
        ),  # NPWP formatted
        lambda: f"{rng.randint(10**14, 10**15 - 1)}",  # NPWP plain
        lambda: (
            f"{rng.randint(50, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            + rng.choice(["-14-", "", " 14 "])
            + f"{rng.randint(0, 9999):04d}"
        ),  # MY NRIC dashed, plain, spaced
        lambda: f"{rng.randint(1, 8)}{rng.randint(10**11, 10**12 - 1)}",  # TH TNIN plain
        lambda: f"{rng.randint(10**9, 10**10 - 1)}" + rng.choice(["", f"-{rng.randint(1, 999):03d}"]),  # MST
        lambda: f"{rng.randint(1, 14)}/ABC(N){rng.randint(100000, 999999)}",  # MM NRC
        lambda: f"{rng.randint(10**9, 10**10 - 1)}",  # an order id
    ]
    words = [
        "dob",
        "born",
        "date of birth",
        "birth",
        "tarikh lahir",
        "lahir",
        "of",
        "TIN",
        "SSS",
        "PhilSys",
        "uen",
        "CCCD",
        "national id",
        "order",
        "at",
        "ref",
        "build",
        UUID,
        "ta",
        "ngày sinh",
        "เกิด",
        "NIK",
        "npwp",
        "IC",
        "mst",
        "mã số thuế",
        "NRC",
        "id",
    ]
    texts = []
    for _ in range(count):
        parts = [
            rng.choice(shapes)() if rng.random() < 0.5 else rng.choice(words)
            for _ in range(rng.randint(1, 4))
        ]
        glue = rng.choice([" ", "", ": ", "-", "\t"])
        texts.append(glue.join(parts))
    return texts


#: Values where a context word is present only in pieces, or only across the cut a match leaves.
EDGE_TEXTS = [
    "date of01/02/1990birth",  # the window reads "date of birth": found
    "date of 01/02/1990 birth",
    "1990-01-01dob",
    "dob1990-01-01",
    "born: 1990-01-01",
    "2026-03-01T00:00:00.082Z",
    "ngày sinh 01/02/1990",
    f"{UUID} 01/02/1990",
    "SSS 34-1234567-8",
    "34-1234567-8",
]


def _found(
    detector: Detector, values: list[str], column: str
) -> dict[int, list[tuple[str, int, int, float]]]:
    profile = detector.column(column)
    return {
        index: [(s.entity_type, s.start, s.end, s.score) for s in spans]
        for index, spans in detector.analyze_values(pa.array(values, pa.string()), column=profile)
    }


@pytest.mark.parametrize("column", COLUMNS)
def test_the_gate_changes_nothing_found(
    detector: Detector, column: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    values = list(dict.fromkeys(eval_texts() + generated_texts(1500) + EDGE_TEXTS))
    gated = _found(detector, values, column)
    monkeypatch.setattr(detector, "context_gate", ContextGate({}))
    assert gated == _found(detector, values, column)


def test_a_context_word_cut_by_the_match_is_still_found(detector: Detector) -> None:
    found = _found(detector, ["date of01/02/1990birth", "01/02/1990", "2026-03-01T00:00:00.082Z"], "msg")
    assert [entity for entity, *_ in found[0]] == ["DATE_OF_BIRTH"]
    assert 1 not in found and 2 not in found


def test_only_entities_that_need_context_are_gated(detector: Detector) -> None:
    gated = detector.context_gate.gated
    assert {"DATE_OF_BIRTH", "SG_UEN", "VN_MST", "ID_NPWP", "TH_TNIN"} <= set(gated)
    # a checksum proves these alone; a class-backed recognizer (phone, MRZ for passports) may score anything
    for entity in ("SG_NRIC_FIN", "PHONE_NUMBER", "EMAIL_ADDRESS", "PERSON", "SG_PASSPORT"):
        assert entity not in gated
    specs = detector.built.entities
    threshold = detector.config.score_threshold
    for name, gate in gated.items():
        alone = specs[name].scores_alone()
        assert min(alone) < threshold
        # every pattern that stands alone is a key (VN_MST's branch form `0101234567-001`), and the pieces
        strong = {p.regex for p, s in zip(specs[name].patterns, alone, strict=True) if s >= threshold}
        assert len(gate.keys) == len(strong) + bool(gate.pieces)


def test_timestamps_are_not_asked_for_birth_dates(detector: Detector) -> None:
    stamps = [f"2026-03-01T00:00:{n:02d}.{n * 7:03d}Z" for n in range(60)]
    texts = pa.array([*stamps, "dob 1990-01-01", "เกิด 1990-01-01", "1990-01-01"], pa.string())
    mask = pa.array([True] * len(texts))
    expected = [False] * 60 + [True, True, False]
    narrowed, closed = detector.context_gate.narrow({"DATE_OF_BIRTH": mask}, texts, ("ts",))
    assert narrowed["DATE_OF_BIRTH"].to_pylist() == expected
    assert closed["DATE_OF_BIRTH"].to_pylist() == [not open_ for open_ in expected]
    # a column named for the entity opens the gate for all its values
    narrowed, closed = detector.context_gate.narrow({"DATE_OF_BIRTH": mask}, texts, ("dob",))
    assert narrowed["DATE_OF_BIRTH"].to_pylist() == [True] * len(texts) and closed == {}


def test_a_value_another_entity_is_asked_of_keeps_its_closed_entities(detector: Detector) -> None:
    """An unreported date still bounds the context window of the SSS number beside it, so it stays asked
    while anything else is (the detector drops the value only if its pre-checks leave closed ones alone)."""
    texts = pa.array(["1955-09-23", "1955-09-23 33-5661931-2 SSS"], pa.string())
    both = pa.array([True, True])
    narrowed, closed = detector.context_gate.narrow(
        {"DATE_OF_BIRTH": both, "PHONE_NUMBER": pa.array([False, True])}, texts, ("msg",)
    )
    assert narrowed["DATE_OF_BIRTH"].to_pylist() == [False, True]
    assert closed["DATE_OF_BIRTH"].to_pylist() == [True, True]
    found = _found(detector, ["1955-09-23\t33-5661931-2\tlahir", "2026-03-01 00:00:00"], "msg")
    assert found == {}  # the date's window stops at the SSS number: `lahir` is not the date's


def test_hidden_uuids_are_read_as_the_recognizers_read_them() -> None:
    # the analysed text hides a UUID as x's, so "ta" + UUID reads "taxxx...": a piece "tax" is there
    gate = ContextGate({"TAX": GatedEntity(words=("tax",))})
    texts = pa.array([f"ta{UUID}", "ta 123", "TAX 123"], pa.string())
    narrowed, _ = gate.narrow({"TAX": pa.array([True, True, True])}, texts, ())
    assert narrowed["TAX"].to_pylist() == [True, False, True]


def test_an_entity_without_context_words_is_never_asked() -> None:
    gate = ContextGate.build({}, 0.5)
    assert gate.gated == {}
    never = GatedEntity(words=())
    narrowed, _ = ContextGate({"X": never}).narrow({"X": pa.array([True, True])}, pa.array(["a", "ข"]), ())
    assert narrowed["X"].to_pylist() == [False, True]  # non-ASCII values always pass


def test_no_recognizer_scores_a_match_above_its_score_alone(detector: Detector) -> None:
    """`scores_alone` is what the gate trusts: a pattern recognizer's raw result never scores above what
    its pattern is said to score without context."""
    registry = detector.built.engine.registry
    recognizers = [
        r
        for r in registry.get_recognizers(language="en", all_fields=True)
        if isinstance(r, PackPatternRecognizer)
    ]
    texts = eval_texts() + generated_texts(500) + EDGE_TEXTS
    seen = 0
    for recognizer in recognizers:
        spec = recognizer.spec
        alone = dict(zip((pattern.name for pattern in spec.patterns), spec.scores_alone(), strict=True))
        for text in texts:
            for result in recognizer.analyze(text, recognizer.supported_entities):
                explanation = result.analysis_explanation
                assert explanation is not None
                assert result.score <= alone[explanation.pattern_name], (recognizer.name, text)
                seen += 1
    assert seen > 1000


def test_the_screen_makes_no_candidates_the_gate_would_drop(detector: Detector) -> None:
    """A log's `ts` column: only DATE_OF_BIRTH's prefilter takes its values, and the column's name opens
    no gate, so none is a candidate, and no other entity's prefilter runs on them. Named `dob`, every value
    is; a value holding a piece of a birth word, or not ASCII, stays a candidate."""
    stamps = [f"2026-03-01T00:00:{n:02d}.{n * 7:03d}Z" for n in range(40)]
    values = pa.array([*stamps, "born 2026-03-01", "เกิด 2026-03-01"], pa.string())
    (in_ts,) = detector.screen_columns([values], [detector.column("ts")])
    assert in_ts.texts.to_pylist() == ["born 2026-03-01", "เกิด 2026-03-01"]
    (in_dob,) = detector.screen_columns([values], [detector.column("dob")])
    assert len(in_dob.texts) == len(values)
    # a value another (open) entity's prefilter takes stays a candidate: a phone number beside the date
    (mixed,) = detector.screen_columns([pa.array(["2026-03-01 +65 9123 4567"])], [detector.column("ts")])
    assert mixed.texts.to_pylist() == ["2026-03-01 +65 9123 4567"]


def test_integer_ids_are_not_asked_for_what_needs_a_context_word(detector: Detector) -> None:
    """An `order_id` column of 10-digit integers: VN_MST's plain form and PH_SSS take them, and need a
    context word the name does not hold; VN_MST's branch form stands alone, so such a value stays."""
    ids = [str(1_267_206_302 + 7_919 * n) for n in range(50)]
    column = pa.array([*ids, "0101234567-001"], pa.string())
    (candidates,) = detector.screen_columns([column], [detector.column("order_id", integer=True)])
    assert candidates.texts.to_pylist() == ["0101234567-001"]
    (named,) = detector.screen_columns([column], [detector.column("mst", integer=True)])
    assert len(named.texts) == len(column)
