"""The phone recognizer's one-pass shortcut for texts whose numbers all carry a country code must find
exactly what one matcher pass per region finds, on every eval text that has a `+` in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jejak.recognizers.phone import RegionalPhoneRecognizer

ROOT = Path(__file__).resolve().parents[2]
SYNTHETIC = [
    "call +60 12-345 6789 now",
    "Hi user2999@example.com +62 812-3456-7890 pesanan 12345",
    "+65 9123 4567 or 03-2345 6789",
    "+60 12-345 6789 / MM 012345",
    "(+63) 917 123 4567 and 0917 765 4321",
    "+84 91 234 56 78, ref 2026-11-22 10:00",
]


def plus_texts() -> list[str]:
    texts = list(SYNTHETIC)
    for path in (
        ROOT / "fixtures" / "eval" / "eval.jsonl",
        ROOT / "fixtures" / "eval_holdout" / "eval.jsonl",
    ):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            if "+" in text:
                texts.append(text)
    return texts


def found(recognizer: RegionalPhoneRecognizer, text: str) -> list[tuple[int, int, float, str]]:
    return sorted(
        (
            r.start,
            r.end,
            r.score,
            str(r.analysis_explanation.textual_explanation if r.analysis_explanation else ""),
        )
        for r in recognizer.analyze(text, ["PHONE_NUMBER"])
    )


def test_shortcut_finds_what_every_region_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = RegionalPhoneRecognizer()
    texts = plus_texts()
    assert len(texts) > 100
    shortcut = {text: found(fast, text) for text in texts}
    assert sum(fast._international_only(text) for text in texts) > 50  # the shortcut is actually taken
    monkeypatch.setattr(RegionalPhoneRecognizer, "_international_only", lambda self, text: False)
    assert {text: found(fast, text) for text in texts} == shortcut
