"""Who each row of a dataset is about: its subject key, and the identifiers jejak finds in it.

A training row usually carries its subject's key (`user_id`) and some of their identifiers (an `email`
column), and sometimes names other people in free text ("call my sister at +60 12-..."). The gate must
tell these apart, so each identifier is classed by where it stands:

- `own`: it fills its whole cell (an `email` column): an attribute of the row's subject;
- `mention`: it sits inside longer text: anyone's, the subject's only when the ledger knows it as theirs.

Values are analysed once per distinct value per column (dictionary-encoded, as scans do) and kept only as
keyed hashes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa

from jejak.consent.source import Source
from jejak.errors import UsageError
from jejak.hashing import KeyedHasher, identifier_hash
from jejak.scan.distinct_values import DistinctValueReader
from jejak.scan.leaves import iter_leaves

if TYPE_CHECKING:
    from jejak.detection.detector import Detector


@dataclass
class RowPeople:
    key: str | None = None  # the subject key value's hash, when the row has one
    own: set[str] = field(default_factory=set)  # identifier hashes filling a whole cell
    mentions: set[str] = field(default_factory=set)  # identifier hashes inside longer text

    @property
    def personal(self) -> bool:
        return self.key is not None or bool(self.own or self.mentions)


def row_people(
    source: Source,
    detector: Detector,
    hasher: KeyedHasher,
    key_hash: Callable[[object], str | None],
    subject_column: str | None,
) -> Iterator[list[RowPeople]]:
    """One list per batch, a `RowPeople` per row in order."""
    values = DistinctValueReader(detector)  # as a scan reads an asset, so both find the same identifiers
    for number, batch in enumerate(source.batches()):
        if number == 0:
            check_column(source, subject_column, batch)
        people = [RowPeople() for _ in range(batch.num_rows)]
        leaves = list(iter_leaves(batch))
        for leaf in leaves:
            if leaf.name == subject_column:
                for value, row in zip(leaf.values.to_pylist(), leaf.rows.to_pylist(), strict=True):
                    people[row].key = people[row].key or key_hash(value)
        analysed = [leaf for leaf in leaves if leaf.name != subject_column]
        for leaf, read in zip(analysed, values.read(analysed), strict=True):
            found = {
                index: [
                    (
                        identifier_hash(
                            hasher, detector.normalize, span.entity_type, text[span.start : span.end]
                        ),
                        not text[: span.start].strip() and not text[span.end :].strip(),
                    )
                    for span in spans
                ]
                for index, (text, spans) in read.found.items()
            }
            if not found:
                continue
            for index, row in zip(read.indices.to_pylist(), leaf.rows.to_pylist(), strict=True):
                for value_hash, whole in found.get(index, ()) if index is not None else ():
                    (people[row].own if whole else people[row].mentions).add(value_hash)
        yield people


def check_column(source: Source, subject_column: str | None, batch: pa.RecordBatch) -> None:
    """Fail early, naming the columns there are, when `--subject-column` is not one of them."""
    names = sorted({leaf.name for leaf in iter_leaves(batch.slice(0, 0))})
    if subject_column is not None and subject_column not in names:
        shown = source.connector.redact_uri(source.asset.uri)
        raise UsageError(
            f"dataset {shown} has no column {subject_column!r}; its columns: {', '.join(names) or 'none'}"
        )
