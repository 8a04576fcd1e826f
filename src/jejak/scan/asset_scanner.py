"""Scan one asset: stream its batches, analyse each leaf's unique values once, fan results out to rows.

Repeated values cost once: every leaf is dictionary-encoded, the detector sees the dictionary (and only the
prefilter's candidates of it), and occurrences are found again with one vectorised `is_in`. Preview and
keyed hash are computed once per distinct value and span, and only when findings are recorded: counts come
from each distinct value's spans and occurrences (`jejak.scan.entity_tally`). Findings leave per batch
through `on_findings`, so memory is bounded by the batch, not the asset.

Subject-key columns (`erasure.subject_keys`: `user_id` and the like) are not personal data, so they are not
analysed; their values are only keyed-hashed per row and leave per batch through `on_subject_keys`, so an
erasure request can reach rows holding no visible identifier (`jejak.catalog.subject_index`).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from jejak.asset import Asset, AssetFormat
from jejak.connectors.base import UNREADABLE_HINT, Connector, ReadOptions, ReadReport
from jejak.detection.masking import mask_preview
from jejak.errors import ConnectorError
from jejak.finding import Finding, Span, SubjectKey
from jejak.hashing import KeyedHasher, identifier_hash, subject_key_hash
from jejak.scan.distinct_values import DistinctValueReader, LeafHits
from jejak.scan.entity_tally import tally_leaf
from jejak.scan.leaves import Leaf, iter_leaves
from jejak.scan.parts import AssetPart
from jejak.scan.result import AssetResult, ColumnResult, EntityStats
from jejak.scan.sampling import RowSampler

if TYPE_CHECKING:
    from jejak.detection.detector import Detector

FindingSink = Callable[[list[Finding]], None]
SubjectKeySink = Callable[[list[SubjectKey]], None]


@dataclass(frozen=True)
class _SafeSpan:
    """A span with everything a Finding needs except its location; computed once per distinct value."""

    span: Span
    preview: str
    value_hash: str


@dataclass
class AssetScanner:
    detector: Detector
    hasher: KeyedHasher
    read_options: ReadOptions
    sample_rows: int | None = None
    on_findings: FindingSink | None = None
    on_rows: Callable[[int], None] | None = None
    #: asset URI -> {column: key kind} of the subject-key columns to index (erasure.subject_keys)
    key_columns: Callable[[str], Mapping[str, str]] | None = None
    on_subject_keys: SubjectKeySink | None = None

    def scan(self, connector: Connector, asset: Asset, part: AssetPart | None = None) -> AssetResult:
        """The asset's result; with a `part`, of those rows only (numbered as rows of the whole file)."""
        started = time.perf_counter()
        result = AssetResult(asset=asset)
        if asset.format is AssetFormat.UNKNOWN and UNREADABLE_HINT not in asset.hints:
            # images, model weights, archives: not data jejak reads, and not a failure of the scan
            result.skipped = True
            result.skip_reason = "unsupported"
            result.warnings = ["skipped: not a format jejak reads (binary or unrecognised)"]
            return result
        report = ReadReport()
        keys = (
            self.key_columns(asset.uri)
            if self.key_columns and self.on_subject_keys and asset.is_tabular
            else {}
        )
        sampler: RowSampler | None = None
        values = DistinctValueReader(self.detector)
        offset = part.first_row if part is not None else 0
        options = self.read_options
        if part is not None:
            options = dataclasses.replace(options, row_groups=part.row_groups, line_range=part.line_range)
        try:
            for batch in connector.read_batches(asset, options, report):
                if self.sample_rows is not None:
                    sampler = sampler or RowSampler(self.sample_rows, report.rows_total)
                    batch_rows = batch.num_rows
                    batch, row_numbers = sampler.select(batch, offset)
                    offset += batch_rows
                else:
                    row_numbers = pa.array(range(offset, offset + batch.num_rows), pa.int64())
                    offset += batch.num_rows
                self._scan_batch(batch, row_numbers, result, keys, values)
                if self.on_rows:
                    self.on_rows(batch.num_rows)
                if sampler is not None and sampler.done:
                    break
        except ConnectorError as exc:
            result.error = str(exc)
        result.warnings = list(report.warnings)
        result.sample = sampler.info if sampler else None
        result.duration_s = round(time.perf_counter() - started, 3)
        return result

    def _scan_batch(
        self,
        batch: pa.RecordBatch,
        row_numbers: pa.Array,
        result: AssetResult,
        keys: Mapping[str, str],
        values: DistinctValueReader,
    ) -> None:
        result.rows += batch.num_rows
        findings: list[Finding] = []
        subject_keys: set[SubjectKey] = set()
        seen: set[str] = set()
        asset_rows: dict[str, list[pa.Array]] = {}
        leaves = list(iter_leaves(batch))
        for leaf, read in zip(leaves, values.read(leaves), strict=True):
            if leaf.name in keys:
                subject_keys |= self._subject_keys(leaf, row_numbers, result.asset.uri, keys[leaf.name])
            column = result.columns.get(leaf.name)
            if column is None:
                column = result.columns[leaf.name] = ColumnResult(leaf.name, leaf.arrow_type)
            if leaf.name not in seen:
                column.rows_scanned += batch.num_rows
                seen.add(leaf.name)
            if not read.found:
                continue
            cell_rows = row_numbers.take(leaf.rows)
            for entity, tally in sorted(tally_leaf(read, cell_rows).items()):
                column.stats(entity).add(tally.count, len(tally.rows), tally.max_score)
                result.entities.setdefault(entity, EntityStats()).add(tally.count, 0, tally.max_score)
                asset_rows.setdefault(entity, []).append(tally.rows)
            if self.on_findings:  # counts alone need no preview, normalised value or keyed hash
                findings.extend(self._findings(read, leaf, cell_rows, result))
        for entity, rows in asset_rows.items():
            result.entities[entity].rows += len(pc.unique(pa.concat_arrays(rows)))
        if findings and self.on_findings:
            self.on_findings(findings)
        if subject_keys and self.on_subject_keys:
            self.on_subject_keys(sorted(subject_keys, key=lambda k: (k.column, k.row)))

    def _subject_keys(self, leaf: Leaf, row_numbers: pa.Array, uri: str, kind: str) -> set[SubjectKey]:
        """Keyed hashes of a key column's cells, each distinct value hashed once; blank cells are skipped."""
        encoded = pc.dictionary_encode(leaf.values)
        hashes = [
            subject_key_hash(self.hasher, kind, value) if value and value.strip() else None
            for value in encoded.dictionary.to_pylist()
        ]
        rows = row_numbers.take(leaf.rows).to_pylist()
        found: set[SubjectKey] = set()
        for index, row in zip(encoded.indices.to_pylist(), rows, strict=True):
            key_hash = None if index is None else hashes[index]
            if key_hash is not None:
                found.add(SubjectKey(uri, leaf.name, row, kind, key_hash))
        return found

    def _findings(
        self, read: LeafHits, leaf: Leaf, cell_rows: pa.Array, result: AssetResult
    ) -> list[Finding]:
        """One Finding per span per cell; preview and keyed hash computed once per distinct value."""
        hits = {
            index: [self._safe(text, span) for span in spans] for index, (text, spans) in read.found.items()
        }
        if not hits:
            return []
        indices = read.indices
        positions = pc.indices_nonzero(pc.is_in(indices, value_set=pa.array(list(hits), indices.type)))
        unique_ids = indices.take(positions).to_pylist()
        rows = cell_rows.take(positions).to_pylist()
        column_name = leaf.name if result.asset.is_tabular else None
        return [
            Finding(
                asset_uri=result.asset.uri,
                column=column_name,
                row=row,
                start=safe.span.start,
                end=safe.span.end,
                entity_type=safe.span.entity_type,
                score=safe.span.score,
                recognizer=safe.span.recognizer,
                preview=safe.preview,
                value_hash=safe.value_hash,
            )
            for unique_id, row in zip(unique_ids, rows, strict=True)
            for safe in hits[unique_id]
        ]

    def _safe(self, text: str, span: Span) -> _SafeSpan:
        value = text[span.start : span.end]
        value_hash = identifier_hash(self.hasher, self.detector.normalize, span.entity_type, value)
        return _SafeSpan(span=span, preview=mask_preview(value), value_hash=value_hash)
