"""Context words: one search tells whether the window holds a word, and which, as asking each word does."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from jejak.detection.context import _word_pattern, find_context_word
from jejak.detection.detector import Detector

ROOT = Path(__file__).resolve().parents[2]


def _word_by_word(window: str, words: list[str]) -> str | None:
    for word in words:
        if _word_pattern(word.lower()).search(window):
            return word
    return None


def test_one_search_finds_a_word_where_asking_each_word_finds_one(detector: Detector) -> None:
    lists = sorted(
        {tuple(r.context) for r in detector.built.engine.registry.recognizers if r.context}, key=str
    )
    assert len(lists) >= 20
    texts = [
        json.loads(line)["text"].lower()
        for line in (ROOT / "fixtures" / "eval" / "eval.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    rng = random.Random(5)
    windows = [text[start : start + rng.randint(5, 80)] for text in texts for start in (0, len(text) // 2)]
    windows += ["", "nik", "ktp:", "humidity", "music", "เลขบัตรประชาชน", "id", "phone number"]
    found = 0
    for words in lists:
        for window in windows:
            expected = _word_by_word(window, list(words))
            word = find_context_word(window, list(words))
            assert (word is None) == (expected is None), (window, words)
            if word is not None:  # a word of the list, present in the window by its own pattern
                assert word in words and _word_pattern(word.lower()).search(window), (window, word)
            found += expected is not None
    assert found > 500  # the windows hold context words often enough to test the second step
    assert find_context_word("nik 123", []) is None


def _first_alternative(window: str, words: list[str]) -> str | None:
    """The plain alternation of every word's pattern: leftmost position, then the first word in list order."""
    found = re.search("|".join(f"({_word_pattern(word.lower()).pattern})" for word in words), window)
    return None if found is None or found.lastindex is None else words[found.lastindex - 1]


def test_the_narrowed_search_picks_the_same_word_as_the_plain_alternation(detector: Detector) -> None:
    lists = [list(r.context) for r in detector.built.engine.registry.recognizers if r.context]
    lists += [["İD", "d.o.b", "[x]", "-ic", "^up", "nik"], ["", "nik"], ["Phone", "PH", "hp"]]
    texts = [
        json.loads(line)["text"].lower()
        for line in (ROOT / "fixtures" / "eval" / "eval.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    rng = random.Random(11)
    windows = [text[start : start + rng.randint(5, 80)] for text in texts for start in (0, len(text) // 3)]
    windows += ["i̇d 1", "dob: d.o.b", "[x] -ic ^up", "tel/hp: phone", "xnik nik", "", "  "]
    differing_first = 0
    for words in lists:
        for window in windows:
            expected = _first_alternative(window, words)
            assert find_context_word(window, words) == expected, (window, words)
            if expected is not None and expected != _word_by_word(window, words):
                differing_first += 1
    # the list's first present word and the leftmost one differ often enough to tell the two rules apart
    assert differing_first > 20
