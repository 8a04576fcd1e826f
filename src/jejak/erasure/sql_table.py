"""One SQL table read as the scan reads it, for erasure: rows in primary-key order, with their keys.

Row numbers in a plan are positions in primary-key order as the sql connector streamed the table, and
cell texts are what its Arrow conversion made of the values (JSON as text, numbers as strings). Reading
the table the same way here, through the connector's own `plan_table` and the scanner's `iter_leaves`,
keeps both meanings identical. Each row also gets a content hash (its converted values as canonical
JSON) so the invariants and the before/after digests do not depend on the driver's Python types.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy.types as sqltypes
from sqlalchemy import Connection, Table

from jejak.connectors.sql_arrow import TablePlan, reflect_table, select_in_key_order
from jejak.scan.leaves import iter_leaves


@dataclass(frozen=True)
class TableRow:
    number: int  # position in primary-key order, as in findings
    key: tuple[Any, ...]  # primary-key values as the driver returned them, to address the row
    digest: str  # sha256 of the row's converted values
    cells: dict[str, list[str]]  # leaf name -> texts the scanner reads (only for rows asked for)


@dataclass(frozen=True)
class SqlTable:
    table: Table
    plan: TablePlan
    key_columns: tuple[str, ...]

    @classmethod
    def reflect(cls, conn: Connection, schema: str, name: str) -> SqlTable:
        table, plan = reflect_table(conn, schema, name)
        return cls(table, plan, tuple(column.name for column in table.primary_key.columns))

    def text_columns(self) -> frozenset[str]:
        """Columns whose values are plain text in the database too, so a redacted string can be written
        back (JSON columns are text to the scanner but structured to the database)."""
        return frozenset(
            column.name
            for column in self.table.columns
            if isinstance(column.type, sqltypes.String) and not isinstance(column.type, sqltypes.Enum)
        )

    def rows(self, conn: Connection, chunk: int, wanted: frozenset[int] = frozenset()) -> Iterator[TableRow]:
        """Every row in key order; `cells` filled only for row numbers in `wanted`."""
        columns = list(self.table.columns)
        statement = select_in_key_order(self.table, conn.dialect.name)
        key_positions = [columns.index(self.table.c[name]) for name in self.key_columns]
        number = 0
        misfits: dict[str, int] = {}
        # on the statement, not the connection: a connection's options would stream its DELETE too
        for raw in conn.execute(statement.execution_options(yield_per=chunk)).partitions():
            batch = self.plan.to_batch(raw, misfits)
            values = batch.to_pylist()
            asked = [i for i in range(len(raw)) if number + i in wanted]
            taken = _cells(batch.take(asked)) if asked else {}
            cells = {asked[position]: leaves for position, leaves in taken.items()}
            for i, row in enumerate(raw):
                digest = hashlib.sha256(
                    json.dumps(values[i], sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")
                ).hexdigest()
                yield TableRow(
                    number + i,
                    tuple(row[p] for p in key_positions),
                    digest,
                    cells.get(i, {}),
                )
            number += len(raw)


def _cells(batch: Any) -> dict[int, dict[str, list[str]]]:
    """Leaf texts of a (small) batch of asked-for rows, by batch position and leaf name."""
    found: dict[int, dict[str, list[str]]] = {}
    for leaf in iter_leaves(batch):
        for value, row in zip(leaf.values.to_pylist(), leaf.rows.to_pylist(), strict=True):
            if value is not None:
                found.setdefault(row, {}).setdefault(leaf.name, []).append(value)
    return found
