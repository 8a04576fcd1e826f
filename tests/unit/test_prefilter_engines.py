"""A prefilter answers the same whether pyarrow matches a whole array or google-re2 a few values.

Both are RE2, but two builds of it (Arrow's, the binding's), each with its own Unicode tables; a value one
dropped and the other kept would change what a small file's scan finds. Every entity's prefilter and the
combined one are compared on the evaluation texts, fuzzed phone texts, the lake's lines and characters
whose case folding is special.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from jejak.detection import prefilter as prefilter_module
from jejak.detection.detector import Detector
from jejak.detection.prefilter import Prefilter, ascii_digits

from .test_detection_shortcuts import fuzzed_texts

ROOT = Path(__file__).resolve().parents[2]

SPECIAL = [
    "",
    "ſ",  # folds to s
    "K",  # Kelvin sign, folds to k
    "İstanbul ı",
    "ΣΊΣΥΦΟΣ σίσυφος",
    "ＡＢＣ＠ｅｘａｍｐｌｅ．ｃｏｍ ０８１２３４５６７８９",
    "๐๘๑ ๒๓๔ ๕๖๗๘ ໐໘໑ ០៨១ ၀၈၁",
    "NGUYỄN VĂN AN ông Nguyễn",
    "🙂 +65 8123 4567 🙂",
    "a\nb\r\nc\td",
    "S1234567D s1234567d",
    "x" * 5000 + " 0812-3456-7890",
]


def _texts() -> list[str]:
    texts = list(SPECIAL)
    for path in (
        ROOT / "fixtures" / "eval" / "eval.jsonl",
        ROOT / "fixtures" / "eval_holdout" / "eval.jsonl",
    ):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    for path in sorted((ROOT / "fixtures" / "lake").rglob("*")):
        if path.suffix in (".jsonl", ".csv"):
            texts += path.read_text(encoding="utf-8").splitlines()
        elif path.name.endswith(".gz"):
            # what a gzip holds, up to where it may be cut short (the lake has a truncated one)
            data = zlib.decompressobj(wbits=31).decompress(path.read_bytes())
            texts += data.decode("utf-8", errors="replace").splitlines()
    texts += fuzzed_texts(1500, seed=21)
    return texts + [text.upper() for text in texts] + [text.lower() for text in texts]


def test_both_engines_agree_on_every_prefilter(detector: Detector) -> None:
    texts = _texts()
    assert len(texts) > 8000
    values = ascii_digits(pa.array([*texts, None], pa.string()))  # what matches() is given
    plain = values.to_pylist()
    prefilters: list[Prefilter] = [detector.prefilter, *detector.prefilters.values()]
    checked = 0
    for prefilter in prefilters:
        if prefilter.pattern is None:
            continue
        arrow = pc.fill_null(pc.match_substring_regex(values, prefilter.pattern), False).to_pylist()
        python = [prefilter.search(value) for value in plain]
        differing = [plain[i] for i, (a, b) in enumerate(zip(arrow, python, strict=True)) if a != b]
        assert differing == [], f"{prefilter.pattern[:60]}...: {differing[:3]}"
        assert any(arrow), prefilter.pattern[:60]  # the texts exercise the pattern
        checked += 1
    assert checked >= 30


@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 400])
def test_matches_takes_the_engine_by_size_with_one_answer(detector: Detector, size: int) -> None:
    texts = (["call +65 8123 4567", "nothing here", None, "a@b.co"] * 100)[:size]
    values = pa.array(texts, pa.string())
    prefilter = detector.prefilters["PHONE_NUMBER"]
    assert prefilter.py_values == prefilter_module.PY_VALUES_MIN
    expected = [text is not None and "+65" in text for text in texts]
    assert prefilter.matches(values).to_pylist() == expected
    assert detector.prefilter.py_values > 200  # the combined pattern is long: more values go to Python


def test_the_pattern_set_names_the_entities_each_prefilter_names(detector: Detector) -> None:
    plain = ascii_digits(pa.array(_texts()[:6000], pa.string())).to_pylist()
    by_set = {name: mask.to_pylist() for name, mask in detector.screen.pattern_set.masks(plain).items()}
    for name, prefilter in detector.prefilters.items():
        assert by_set[name] == [prefilter.search(value) for value in plain], name
    assert sum(map(any, by_set.values())) >= 30


def test_a_set_that_answers_nothing_falls_back_to_each_pattern(
    detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RE2::Set answers "no match" when its DFA runs out of memory: the screen then asks each pattern."""

    class Exhausted:
        def Match(self, text: str) -> None:  # the binding's name
            return None

    pattern_set = detector.screen.pattern_set
    values = ["call +65 8123 4567", "a@b.co", "nothing"]
    expected = {name: mask.to_pylist() for name, mask in pattern_set.masks(values).items()}
    monkeypatch.setattr(pattern_set, "_built", (Exhausted(), pattern_set._compiled()[1]))
    assert {name: mask.to_pylist() for name, mask in pattern_set.masks(values).items()} == expected
    assert Prefilter([]).search("anything") is False  # no pattern: nothing matches, as in `matches`
    assert expected["PHONE_NUMBER"] == [True, False, False] and expected["EMAIL_ADDRESS"] == [
        False,
        True,
        False,
    ]


@pytest.mark.parametrize("string_type", [pa.string(), pa.large_string()])
def test_ascii_digits_rewrites_only_values_with_local_digits_as_one_value_at_a_time_does(
    string_type: pa.DataType,
) -> None:
    from jejak.detection.normalize import ascii_digits as value_ascii_digits

    pieces = ["abc", "๑๒๓", "໑໒", "១២៣", "၁၂၃", "１２３", "0123", "กขค", " ", "๙", "９"]
    values: list[str | None] = [None, "", *SPECIAL]
    for k in range(3000):
        values.append(
            None if k % 97 == 0 else "".join(pieces[(k * 7 + j * 3) % len(pieces)] for j in range(k % 6))
        )
    array = pa.array(values, string_type)
    mapped = ascii_digits(array)
    assert mapped.type == string_type
    assert mapped.to_pylist() == [None if v is None else value_ascii_digits(v) for v in values]
    # non-ASCII without local digits (Thai prose, accents): the array itself comes back
    prose = pa.array(["สวัสดี 0812", "Nguyễn Văn An", None], string_type)
    assert ascii_digits(prose) is prose
