"""jejak eval's scoring on tiny hand-made examples: span matching, counts, unexpected types, languages, and
the one-line errors for malformed datasets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jejak.evaluation.dataset import DatasetError, Example, LabelledSpan, load_dataset, parse_line
from jejak.evaluation.matching import match_spans
from jejak.evaluation.metrics import Counts, Tally
from jejak.evaluation.runner import run_system, select_examples
from jejak.evaluation.targets import CHECKSUM, CONTACT, FORMAT_ONLY, PERSON, target_for

NRIC = LabelledSpan(5, 14, "SG_NRIC_FIN")
PHONE = LabelledSpan(20, 33, "PHONE_NUMBER")


def test_exact_match_needs_same_type_and_offsets() -> None:
    matched = match_spans([NRIC, PHONE], [NRIC, LabelledSpan(20, 32, "PHONE_NUMBER")], "exact")
    assert matched.true_positives == [(NRIC, NRIC)]
    assert matched.false_negatives == [PHONE]
    assert matched.false_positives == [LabelledSpan(20, 32, "PHONE_NUMBER")]


def test_overlap_match_accepts_shifted_boundaries_of_the_same_type_only() -> None:
    shifted = LabelledSpan(19, 33, "PHONE_NUMBER")
    wrong_type = LabelledSpan(5, 14, "MY_PASSPORT")
    matched = match_spans([NRIC, PHONE], [shifted, wrong_type], "overlap")
    assert matched.true_positives == [(PHONE, shifted)]
    assert matched.false_negatives == [NRIC]
    assert matched.false_positives == [wrong_type]


def test_matching_is_one_to_one() -> None:
    duplicate = LabelledSpan(6, 14, "SG_NRIC_FIN")
    matched = match_spans([NRIC], [NRIC, duplicate], "overlap")
    assert len(matched.true_positives) == 1
    assert matched.false_positives == [duplicate]


def test_counts_scores_and_empty_cases() -> None:
    counts = Counts(tp=3, fp=1, fn=2)
    assert counts.precision == 0.75
    assert counts.recall == 0.6
    assert counts.f1 == pytest.approx(2 * 3 / (2 * 3 + 1 + 2))
    assert counts.support == 5
    assert Counts(fn=4).precision is None  # nothing predicted: undefined, not 0
    assert Counts().recall is None and Counts().f1 == 0.0


def _example(identifier: str, lang: str, *spans: LabelledSpan) -> Example:
    return Example(identifier, lang, "x" * 40, tuple(spans))


def test_tally_counts_per_type_and_language_and_keeps_unexpected_types_apart() -> None:
    tally = Tally(frozenset({"SG_NRIC_FIN", "PHONE_NUMBER"}))
    tally.add(_example("a", "en", NRIC, PHONE), [NRIC, LabelledSpan(0, 4, "US_DRIVER_LICENSE")])
    tally.add(_example("b", "th", PHONE), [PHONE, LabelledSpan(0, 3, "PHONE_NUMBER")])
    by_type = tally.by_type("exact")
    assert (by_type["SG_NRIC_FIN"].tp, by_type["SG_NRIC_FIN"].fp, by_type["SG_NRIC_FIN"].fn) == (1, 0, 0)
    assert (by_type["PHONE_NUMBER"].tp, by_type["PHONE_NUMBER"].fp, by_type["PHONE_NUMBER"].fn) == (1, 1, 1)
    by_lang = tally.by_language("exact")
    assert (by_lang["en"].tp, by_lang["en"].fn, by_lang["en"].fp) == (1, 1, 0)
    assert (by_lang["th"].tp, by_lang["th"].fn, by_lang["th"].fp) == (1, 0, 1)
    assert tally.unexpected_by_type() == {"US_DRIVER_LICENSE": 1}
    assert tally.micro("exact").fp == 1
    assert tally.micro_all_predictions("exact").fp == 2
    kinds = sorted((m.id, m.kind, m.type) for m in tally.misses)
    assert kinds == [
        ("a", "fn", "PHONE_NUMBER"),
        ("a", "unexpected", "US_DRIVER_LICENSE"),
        ("b", "fp", "PHONE_NUMBER"),
    ]


def test_run_system_filters_entities_on_both_sides() -> None:
    examples = [_example("a", "en", NRIC, PHONE)]
    narrowed = select_examples_from(examples, ["SG_NRIC_FIN"])
    run = run_system("fake", lambda text: [NRIC, PHONE], narrowed, {"SG_NRIC_FIN"}, ["SG_NRIC_FIN"])
    assert run.tally.micro("exact") == Counts(tp=1)
    assert run.texts == 1 and run.texts_per_second >= 0


def select_examples_from(examples: list[Example], entities: list[str]) -> list[Example]:
    from jejak.evaluation.dataset import Dataset

    return select_examples(Dataset(Path("x"), "0", tuple(examples)), entities)


def test_targets_by_identifier_class() -> None:
    assert target_for("SG_NRIC_FIN") is CHECKSUM and target_for("CREDIT_CARD") is CHECKSUM
    assert target_for("MY_NRIC") is FORMAT_ONLY and target_for("LA_PASSPORT") is FORMAT_ONLY
    assert target_for("EMAIL_ADDRESS") is CONTACT and target_for("PERSON") is PERSON
    assert target_for("DATE_OF_BIRTH") is None


def test_load_dataset_reads_a_directory_and_sorts_spans(tmp_path: Path) -> None:
    line = {
        "id": 7,
        "lang": "en",
        "text": "NRIC S1234567D",
        "spans": [{"type": "SG_NRIC_FIN", "start": 5, "end": 14}],
    }
    (tmp_path / "eval.jsonl").write_text(json.dumps(line) + "\n\n", encoding="utf-8")
    dataset = load_dataset(tmp_path)
    assert dataset.examples == (Example("7", "en", "NRIC S1234567D", (LabelledSpan(5, 14, "SG_NRIC_FIN"),)),)
    assert dataset.gold_types == {"SG_NRIC_FIN"} and dataset.languages == ["en"] and len(dataset.sha256) == 64


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 3: not valid JSON"),
        ("[1, 2]", "line 3: expected a JSON object"),
        ('{"lang": "en", "text": "a", "spans": []}', "line 3: 'id' must be"),
        ('{"id": "a", "text": "a", "spans": []}', "line 3: 'lang' must be"),
        ('{"id": "a", "lang": "en", "text": 5, "spans": []}', "line 3: 'text' must be a string"),
        ('{"id": "a", "lang": "en", "text": "a"}', "line 3: 'spans' must be a list"),
        (
            '{"id": "a", "lang": "en", "text": "abc", "spans": [{"type": "X", "start": 2, "end": 9}]}',
            "span 0: offsets 2-9 are outside the text",
        ),
        (
            '{"id": "a", "lang": "en", "text": "abc", "spans": [{"type": "X", "start": "0", "end": 1}]}',
            "span 0: 'start' and 'end' must be integers",
        ),
        (
            '{"id": "a", "lang": "en", "text": "abc", "spans": [{"start": 0, "end": 1}]}',
            "span 0: 'type' must be",
        ),
    ],
)
def test_malformed_lines_fail_with_one_line_naming_the_line(line: str, message: str) -> None:
    with pytest.raises(DatasetError, match=message) as info:
        parse_line(line, 3, "eval.jsonl")
    assert "\n" not in str(info.value) and info.value.exit_code == 2


def test_dataset_level_errors(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="not found"):
        load_dataset(tmp_path / "missing.jsonl")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="holds no examples"):
        load_dataset(empty)
    twice = tmp_path / "twice.jsonl"
    record = json.dumps({"id": "a", "lang": "en", "text": "t", "spans": []})
    twice.write_text(f"{record}\n{record}\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="line 2: duplicate id 'a'"):
        load_dataset(twice)
    latin1 = tmp_path / "latin1.jsonl"
    latin1.write_bytes('{"id": "a", "lang": "en", "text": "caf\u00e9", "spans": []}'.encode("latin-1"))
    with pytest.raises(DatasetError, match="not UTF-8"):
        load_dataset(latin1)
