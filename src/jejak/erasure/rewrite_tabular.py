"""Rewriters for whole-document formats: Parquet (through Arrow) and JSON documents (arrays of records).

These cannot keep other rows' bytes (a Parquet file is re-encoded, a JSON array re-serialised), so the
invariants compare row content: each row canonicalised as sorted-key JSON and hashed, before and after.
Parquet keeps its Arrow schema (metadata included) and the compression codec of its first column chunk.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from jejak.erasure.edits import MARKER, Edits, RewriteError, Rewritten, check_rows, redact_text, row_hash


def _canonical(row: Any) -> bytes:
    return json.dumps(row, sort_keys=True, ensure_ascii=False, default=repr).encode("utf-8")


class ParquetRewriter:
    def _table(self, payload: bytes) -> tuple[pa.Table, str]:
        try:
            parquet = pq.ParquetFile(pa.BufferReader(payload))
            meta = parquet.metadata
            codec = meta.row_group(0).column(0).compression if meta.num_row_groups else "SNAPPY"
            return parquet.read(), codec
        except (pa.ArrowException, OSError) as exc:
            raise RewriteError("not a readable Parquet file; plan again after a scan") from exc

    def rewrite(self, payload: bytes, edits: Edits) -> Rewritten:
        table, codec = self._table(payload)
        check_rows(edits, table.num_rows)
        for column, rows in _cells(edits).items():
            table = _redact_column(table, column, rows)
        if edits.delete:
            keep = pa.array([index not in edits.delete for index in range(table.num_rows)])
            table = table.filter(keep)
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression=codec.lower() if codec != "UNCOMPRESSED" else "none")
        removed = len(edits.delete)
        total = table.num_rows + removed
        return Rewritten(sink.getvalue().to_pybytes(), total, table.num_rows, removed, edits.spans)

    def rows(self, payload: bytes) -> list[str]:
        return [row_hash(_canonical(row)) for row in self._table(payload)[0].to_pylist()]

    def schema(self, payload: bytes) -> str:
        return self._table(payload)[0].schema.to_string(show_schema_metadata=True)


def _cells(edits: Edits) -> dict[str, dict[int, list[Any]]]:
    by_column: dict[str, dict[int, list[Any]]] = {}
    for row, cuts in edits.redact.items():
        for cut in cuts:
            if cut.column is None:
                raise RewriteError("a span without a column in a table; plan again")
            by_column.setdefault(cut.column, {}).setdefault(row, []).append(cut)
    return by_column


def _redact_column(table: pa.Table, column: str, rows: dict[int, list[Any]]) -> pa.Table:
    if column not in table.column_names:
        raise RewriteError(f"column {column} is not a top-level column; erase that row instead")
    position = table.column_names.index(column)
    field = table.schema.field(position)
    if not (pa.types.is_string(field.type) or pa.types.is_large_string(field.type)):
        raise RewriteError(f"column {column} is not text; erase that row instead of redacting it")
    values = table.column(position).to_pylist()
    for row, cuts in rows.items():
        values[row] = None if values[row] is None else redact_text(values[row], cuts)
    return table.set_column(position, field, pa.array(values, type=field.type))


class JsonDocumentRewriter:
    """An array of records; a single top-level object is one row and cannot lose it (erase by hand)."""

    def _load(self, payload: bytes) -> Any:
        try:
            return json.loads(payload.decode("utf-8-sig"))
        except ValueError as exc:
            raise RewriteError("not valid JSON; erase it by hand") from exc

    def rewrite(self, payload: bytes, edits: Edits) -> Rewritten:
        document = self._load(payload)
        if not isinstance(document, list):
            raise RewriteError("a single JSON object, not an array of records; erase it by hand")
        check_rows(edits, len(document))
        for row, cuts in edits.redact.items():
            for cut in cuts:
                record = document[row]
                if not isinstance(record, dict) or cut.column not in record:
                    raise RewriteError(f"column {cut.column} is not a top-level field; erase the row instead")
                value = record[cut.column]
                record[cut.column] = redact_text(value, [cut]) if isinstance(value, str) else MARKER
        kept = [record for index, record in enumerate(document) if index not in edits.delete]
        pretty = b"\n" in payload.strip()
        text = json.dumps(kept, ensure_ascii=False, indent=2 if pretty else None)
        ending = "\n" if payload.endswith(b"\n") else ""
        removed = len(edits.delete)
        return Rewritten((text + ending).encode("utf-8"), len(document), len(kept), removed, edits.spans)

    def rows(self, payload: bytes) -> list[str]:
        document = self._load(payload)
        records = document if isinstance(document, list) else [document]
        return [row_hash(_canonical(record)) for record in records]

    def schema(self, payload: bytes) -> str:
        return "array" if isinstance(self._load(payload), list) else "object"
