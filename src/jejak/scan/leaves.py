"""Turn an Arrow batch into the string leaves recognizers can read, each with its rows.

Chat datasets nest text (`messages: list<struct<role, content>>`), so columns are walked down: struct fields
become dotted paths (`messages.content`), lists are flattened with `list_parent_indices` so every leaf value
still knows its row. Integer columns are cast to strings (IDs stored as int64 are still IDs), and so are
date and timestamp columns (`1985-03-12`: a `birth_date DATE` column is a date of birth; only entities
whose pack says `temporal_columns: scan` look at them); floats, booleans, times of day and binary columns
cannot hold the identifiers jejak looks for and are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc


@dataclass(frozen=True)
class Leaf:
    """`values[i]` came from row `rows[i]` of the batch (rows repeat for list elements)."""

    name: str
    arrow_type: str
    values: pa.Array  # string
    rows: pa.Array  # int64
    #: stored as integers (cast to strings here): ids more often than identifiers
    integer: bool = False
    #: stored as dates or timestamps (cast to ISO strings here)
    temporal: bool = False


def iter_leaves(batch: pa.RecordBatch) -> Iterator[Leaf]:
    rows = pa.array(range(batch.num_rows), pa.int64())
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        yield from _walk(name, column, rows, str(column.type))


def _walk(name: str, array: pa.Array, rows: pa.Array, top_type: str) -> Iterator[Leaf]:
    kind = array.type
    if isinstance(array, pa.ChunkedArray):  # defensive: batches hold plain arrays
        array = array.combine_chunks()
    if pa.types.is_dictionary(kind):
        yield from _walk(name, array.cast(kind.value_type), rows, top_type)
    elif (
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_string_view(kind)
        or pa.types.is_integer(kind)
    ):
        yield Leaf(name, top_type, array.cast(pa.string()), rows, integer=pa.types.is_integer(kind))
    elif pa.types.is_date(kind) or pa.types.is_timestamp(kind):
        yield Leaf(name, top_type, array.cast(pa.string()), rows, temporal=True)
    elif pa.types.is_struct(kind):
        for index in range(kind.num_fields):
            child = array.field(index)
            if array.null_count:  # a null struct hides its children's values
                child = pc.if_else(array.is_valid(), child, pa.nulls(len(child), child.type))
            yield from _walk(f"{name}.{kind.field(index).name}", child, rows, top_type)
    elif pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        parents = pc.list_parent_indices(array)
        flat = pc.list_flatten(array)
        yield from _walk(name, flat, rows.take(parents), top_type)
