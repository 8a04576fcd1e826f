"""The memoising recognizer registry answers as Presidio's does, also after recognizers change."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from jejak.detection.registry import MemoRecognizerRegistry


def _recognizer(name: str, entity: str) -> PatternRecognizer:
    return PatternRecognizer(
        supported_entity=entity, name=name, patterns=[Pattern(name, r"\d{4}", 0.5)], supported_language="en"
    )


def test_answers_follow_added_removed_and_replaced_recognizers() -> None:
    registry = MemoRecognizerRegistry(supported_languages=["en"])
    registry.add_recognizer(_recognizer("first", "CODE"))
    assert [r.name for r in registry.get_recognizers("en", ["CODE"])] == ["first"]
    assert [r.name for r in registry.get_recognizers("en", ["CODE"])] == ["first"]  # from memory
    registry.add_recognizer(_recognizer("second", "CODE"))
    both = registry.get_recognizers("en", ["CODE"])
    assert sorted(r.name for r in both) == ["first", "second"]  # Presidio collects them in a set: any order
    registry.remove_recognizer("first")
    assert [r.name for r in registry.get_recognizers("en", ["CODE"])] == ["second"]
    registry.recognizers = [_recognizer("third", "CODE")]
    assert [r.name for r in registry.get_recognizers("en", ["CODE"])] == ["third"]
    answer = registry.get_recognizers("en", ["CODE"])
    answer.clear()  # a caller's list is its own
    assert [r.name for r in registry.get_recognizers("en", ["CODE"])] == ["third"]
