"""How many spans of each entity a leaf holds, and in which rows, counted per distinct value.

A column's stats (spans, rows, best score) follow from what each distinct value holds and how often it
occurs, so they are counted without building a `Finding` per cell: a scan that records no findings
(`--no-findings`, the counts an inventory needs) then never masks, normalises or hashes a value, and a scan
that does record them counts the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from jejak.scan.distinct_values import LeafHits


@dataclass(frozen=True)
class EntityTally:
    """One entity in one leaf of one batch."""

    #: spans of the entity, over every cell of the leaf
    count: int
    max_score: float
    #: the distinct row numbers (of the whole asset) of cells holding the entity
    rows: pa.Array


def tally_leaf(read: LeafHits, cell_rows: pa.Array) -> dict[str, EntityTally]:
    """Per entity found in the leaf: its tally. `cell_rows` numbers the row of each cell of the leaf."""
    if not read.found:
        return {}
    occurrences = _occurrences(read.indices, list(read.found))
    spans_per_value: dict[str, dict[int, int]] = {}
    best: dict[str, float] = {}
    for index, (_, spans) in read.found.items():
        for span in spans:
            per_value = spans_per_value.setdefault(span.entity_type, {})
            per_value[index] = per_value.get(index, 0) + 1
            best[span.entity_type] = max(best.get(span.entity_type, 0.0), span.score)
    tallies = {}
    for entity, per_value in spans_per_value.items():
        holding = pa.array(list(per_value), read.indices.type)
        cells = pc.fill_null(pc.is_in(read.indices, value_set=holding), False)
        tallies[entity] = EntityTally(
            count=sum(spans * occurrences.get(index, 0) for index, spans in per_value.items()),
            max_score=best[entity],
            rows=pc.unique(cell_rows.filter(cells)),
        )
    return tallies


def _occurrences(indices: pa.Array, wanted: list[int]) -> dict[int, int]:
    """How many cells hold each of the `wanted` distinct values."""
    kept = indices.filter(pc.fill_null(pc.is_in(indices, value_set=pa.array(wanted, indices.type)), False))
    counted = pc.value_counts(kept)
    return dict(
        zip(
            counted.field("values").to_pylist(),
            counted.field("counts").to_pylist(),
            strict=True,
        )
    )
