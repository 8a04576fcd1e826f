"""Pairing predicted spans with gold spans, one to one, within one text.

Two modes, because they answer different questions: `exact` (same type, same start and end) is what a
redaction pipeline needs — a span one character short leaks a digit; `overlap` (same type, ranges intersect)
tells whether the entity was found at all, so boundary conventions (an honorific, a `ngày` before a date)
do not hide a detection. Matching is one to one in both, so two predictions on one gold span count one
true positive and one false positive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from jejak.evaluation.dataset import LabelledSpan

Mode = Literal["exact", "overlap"]
MODES: tuple[Mode, ...] = ("exact", "overlap")


@dataclass
class Matched:
    true_positives: list[tuple[LabelledSpan, LabelledSpan]] = field(default_factory=list)  # (gold, predicted)
    false_negatives: list[LabelledSpan] = field(default_factory=list)
    false_positives: list[LabelledSpan] = field(default_factory=list)


def match_spans(gold: Iterable[LabelledSpan], predicted: Iterable[LabelledSpan], mode: Mode) -> Matched:
    """Pair spans of the same type: exact pairs first, then (overlap mode) the largest remaining overlaps."""
    result = Matched()
    golds = sorted(set(gold))
    remaining = sorted(predicted)
    unmatched_gold: list[LabelledSpan] = []
    for g in golds:
        if g in remaining:
            remaining.remove(g)
            result.true_positives.append((g, g))
        else:
            unmatched_gold.append(g)
    for g in unmatched_gold:
        best = _best_overlap(g, remaining) if mode == "overlap" else None
        if best is None:
            result.false_negatives.append(g)
        else:
            remaining.remove(best)
            result.true_positives.append((g, best))
    result.false_positives.extend(remaining)
    return result


def _best_overlap(gold: LabelledSpan, candidates: list[LabelledSpan]) -> LabelledSpan | None:
    best: LabelledSpan | None = None
    best_size = 0
    for p in candidates:
        if p.type != gold.type or not gold.overlaps(p):
            continue
        size = min(gold.end, p.end) - max(gold.start, p.start)
        if size > best_size:
            best, best_size = p, size
    return best
