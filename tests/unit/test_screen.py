"""Screening a batch's columns together answers, column by column, what screening each alone answers."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from jejak.detection import prefilter as prefilter_module
from jejak.detection import screen as screen_module
from jejak.detection.detector import Detector
from jejak.detection.screen import Candidates

COLUMNS = [
    pa.array(["alice@example.com", None, "", "plain words", "call +65 8123 4567"]),
    pa.array([], pa.string()),
    pa.array(["nothing", "at all"]),
    pa.array(["S1234567D", "๐๘๑ ๒๓๔ ๕๖๗๘", "10.0.0.1", "no"]),  # Thai digits are mapped for every column
    pa.array(["4111 1111 1111 1111"], pa.large_string()),  # another type: screened in its own group
    pa.array(["Budi Santoso 3201010101010001", "x"]),
]


def _as_lists(found: Candidates) -> tuple[list[int], list[str], dict[str, list[bool]]]:
    return (
        found.indices.to_pylist(),
        found.texts.to_pylist(),
        {name: mask.to_pylist() for name, mask in found.masks.items()},
    )


@pytest.mark.parametrize(("joined_bytes", "joined_values"), [(1, 100), (200, 100), (10**9, 5), (10**9, 100)])
@pytest.mark.parametrize("set_values", [-1, 3, 512])  # entities told apart by pyarrow, both, the RE2::Set
def test_columns_screened_together_get_their_own_answers(
    detector: Detector,
    monkeypatch: pytest.MonkeyPatch,
    joined_bytes: int,
    joined_values: int,
    set_values: int,
) -> None:
    monkeypatch.setattr(screen_module, "JOINED_BYTES", joined_bytes)
    monkeypatch.setattr(screen_module, "JOINED_VALUES", joined_values)
    monkeypatch.setattr(screen_module, "SET_VALUES", set_values)
    together = [_as_lists(found) for found in detector.screen.candidates(COLUMNS)]
    monkeypatch.setattr(screen_module, "SET_VALUES", -1)
    alone = [_as_lists(detector.screen.candidates([column])[0]) for column in COLUMNS]
    assert together == alone
    indices, texts, masks = together[0]
    assert indices == [0, 4] and texts == ["alice@example.com", "call +65 8123 4567"]
    assert masks["EMAIL_ADDRESS"] == [True, False] and masks["PHONE_NUMBER"] == [False, True]
    assert together[1] == ([], [], {name: [] for name in detector.entities})
    assert together[3][0] == [0, 1, 2]  # the Thai-digit phone number is a candidate too
    assert together[4][0] == [0] and together[4][2]["CREDIT_CARD"] == [True]


def test_groups_keep_order_type_and_size(monkeypatch: pytest.MonkeyPatch) -> None:
    columns = [pa.array(["a"]), pa.array(["b"]), pa.array(["c"], pa.large_string()), pa.array(["d"])]
    assert screen_module._groups(columns) == [[0, 1], [2], [3]]
    assert screen_module._groups([]) == []
    monkeypatch.setattr(screen_module, "JOINED_VALUES", 3)
    sized = [pa.array(["x"] * n) for n in (1, 2, 4, 1, 1, 1, 1)]
    assert screen_module._groups(sized) == [[0, 1], [2], [3, 4, 5], [6]]


def test_a_small_batch_compiles_no_pattern_in_pyarrow(
    detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Few values: the binding and the RE2::Set answer; pyarrow (which compiles per call) is not asked."""
    calls: list[str] = []
    original = pc.match_substring_regex

    def counted(*args: object, **kwargs: object) -> object:
        if args[1] != prefilter_module._LOCAL_DIGIT_CLASS:  # a character class: no prefilter to compile
            calls.append("called")
        return original(*args, **kwargs)

    monkeypatch.setattr(pc, "match_substring_regex", counted)
    pattern_set = detector.screen.pattern_set
    by_set = pattern_set.masks

    def counted_set(values: list[str | None]) -> dict[str, pa.BooleanArray]:
        calls.append("set")
        return by_set(values)

    monkeypatch.setattr(pattern_set, "masks", counted_set)
    small = [_as_lists(found) for found in detector.screen.candidates(COLUMNS)]
    assert calls and set(calls) == {"set"}  # entities told apart by the RE2::Set, nothing by pyarrow
    calls.clear()
    monkeypatch.setattr(screen_module, "SET_VALUES", -1)
    monkeypatch.setattr(detector.prefilter, "py_values", -1)
    for prefilter in detector.prefilters.values():
        monkeypatch.setattr(prefilter, "py_values", -1)
    assert [_as_lists(found) for found in detector.screen.candidates(COLUMNS)] == small
    assert calls.count("called") > len(detector.prefilters)  # forced to pyarrow: a compile per pattern


def test_an_integer_column_is_screened_only_for_the_entities_it_is_asked_about(detector: Detector) -> None:
    ids = pa.array([str(8_000_000 + k * 7919) for k in range(600)] + ["81234567", "4111111111111111"])
    names = pa.array(["call 8123 4567", "nothing"])
    integer, named, text = (
        detector.column("user_id", True),
        detector.column("phone", True),
        detector.column("m"),
    )
    assert "PHONE_NUMBER" in detector._skipped_in(integer) and not detector._skipped_in(named)

    screened = detector.screen_columns([ids, ids, names], [integer, named, text])

    on_ids, on_phone_ids, on_text = screened
    # phone numbers are not asked of `user_id`: its digit runs are no candidates for them
    assert "PHONE_NUMBER" not in on_ids.masks
    assert on_ids.indices.to_pylist() == [601]  # the card number is still one
    # the same values in a column named for phone numbers, and free text, are screened for everything
    assert len(on_phone_ids.indices) == len(ids) and on_phone_ids.masks["PHONE_NUMBER"].to_pylist()[-2]
    assert _as_lists(on_text) == _as_lists(detector.screen.candidates([names])[0])
    # what the integer column yields is unchanged: the spans come from the entities it was asked about
    everything = detector.screen.candidates([ids])[0]
    assert list(detector.analyze_candidates(on_ids, column=integer)) == list(
        detector.analyze_candidates(everything, column=integer)
    )
