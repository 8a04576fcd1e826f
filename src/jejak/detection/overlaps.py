"""Resolve spans of different entity types that claim the same characters.

Presidio removes duplicates within one entity type only; a 16-digit Indonesian NIK that happens to pass the
Luhn check also comes back as CREDIT_CARD. Rule: among overlapping spans, the higher `priority` (national
identifiers 10, generic shapes 0) wins; within one priority the higher score, then the longer span.
"""

from __future__ import annotations

from collections.abc import Mapping

from jejak.finding import Span


def resolve_overlaps(spans: list[Span], priority: Mapping[str, int]) -> list[Span]:
    ranked = sorted(
        spans, key=lambda s: (-priority.get(s.entity_type, 0), -s.score, -(s.end - s.start), s.start)
    )
    kept: list[Span] = []
    for span in ranked:
        if all(span.end <= other.start or span.start >= other.end for other in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: (s.start, s.end))
