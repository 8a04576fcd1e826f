"""SQL column types → Arrow: one fixed schema per table, so every batch of a table has the same columns.

The mapping serves the scanner, not a faithful copy of the database: text-like values (text, varchar, enum,
uuid, unknown types through `str()`) become strings, JSON becomes its JSON text (personal data hides inside
`meta` columns), arrays become lists (the leaf walker flattens them), and numbers, dates and bytes keep
typed Arrow columns (integers are scanned as IDs, the rest cannot hold the identifiers jejak looks for).
`Numeric` becomes a string: exact decimals keep their digits, and a phone or ID stored as `numeric(15)` is
still scanned.

SQLite is typed per value, not per column (an `INTEGER` column may hold text, a `DATETIME` any string), so
its columns are fetched raw (no SQLAlchemy result processing, which raises on a badly formatted date) and
mapped by declared affinity. A value that still does not fit its column's Arrow type is read as null and
counted, never allowed to fail the read of a whole table.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import sqlalchemy.types as sqltypes
from sqlalchemy import ColumnElement, Connection, MetaData, Select, Table, select, type_coerce
from sqlalchemy.exc import SAWarning

Convert = Callable[[Any], Any]


@dataclass(frozen=True)
class ColumnPlan:
    """How one SQL column becomes one Arrow column: the Arrow type, and the per-value conversion that makes
    a DBAPI value fit it (None when the DBAPI value already fits)."""

    name: str
    arrow_type: pa.DataType
    convert: Convert | None = None


@dataclass(frozen=True)
class TablePlan:
    """The Arrow schema of one table and the conversions that build a batch from fetched rows."""

    columns: tuple[ColumnPlan, ...]

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([pa.field(column.name, column.arrow_type) for column in self.columns])

    def to_batch(self, rows: Sequence[Sequence[Any]], misfits: dict[str, int]) -> pa.RecordBatch:
        """One batch from row tuples; `misfits` counts, per column, values read as null because they did not
        fit the column's type (the caller warns with the counts: values never leave this function)."""
        arrays = [
            _column_array([row[index] for row in rows], column, misfits)
            for index, column in enumerate(self.columns)
        ]
        return pa.RecordBatch.from_arrays(arrays, schema=self.schema)


def reflect_table(conn: Connection, schema: str, name: str) -> tuple[Table, TablePlan]:
    """The table as the database describes it, and its Arrow plan. Scans and erasure both read a table
    through this and `select_in_key_order`, so row numbers and cell texts mean the same to both."""
    with warnings.catch_warnings():  # a type SQLAlchemy does not know is read as text, which is what we want
        warnings.simplefilter("ignore", SAWarning)
        table = Table(name, MetaData(), schema=schema, autoload_with=conn)
    return table, plan_table([(column.name, column.type) for column in table.columns], conn.dialect.name)


def select_in_key_order(table: Table, dialect: str) -> Select[Any]:
    """`SELECT` every column (as `fetch_expression` fetches it) in primary-key order; in the database's own
    order when the table has no key."""
    statement = select(*(fetch_expression(column, dialect) for column in table.columns))
    key_columns = list(table.primary_key.columns)
    return statement.order_by(*key_columns) if key_columns else statement


def plan_table(types: Sequence[tuple[str, sqltypes.TypeEngine[Any]]], dialect: str) -> TablePlan:
    """The plan for columns given as (name, reflected SQL type) in table order."""
    loose = dialect == "sqlite"
    return TablePlan(tuple(_plan_column(name, type_, loose) for name, type_ in types))


def fetch_expression(column: ColumnElement[Any], dialect: str) -> ColumnElement[Any]:
    """What to SELECT for `column`: raw DBAPI values for SQLite (see the module docstring), else the
    column itself with its dialect's own result processing (JSON parsed, UUIDs as `uuid.UUID`...)."""
    if dialect == "sqlite":
        return type_coerce(column, sqltypes.NullType()).label(column.key)
    return column


def _plan_column(name: str, type_: sqltypes.TypeEngine[Any], loose: bool) -> ColumnPlan:
    arrow_type, convert = _arrow_for(type_, loose)
    return ColumnPlan(name, arrow_type, convert)


def _arrow_for(type_: sqltypes.TypeEngine[Any], loose: bool) -> tuple[pa.DataType, Convert | None]:
    """Order matters: `Float` and `Enum` subclass `Numeric` and `String`, `JSON` is not a `String`."""
    if isinstance(type_, sqltypes.ARRAY):
        item_type, item_convert = _arrow_for(type_.item_type, loose)
        return pa.list_(item_type), _list_converter(item_convert)
    if isinstance(type_, sqltypes.Boolean):
        return pa.bool_(), _to_bool
    if isinstance(type_, sqltypes.Integer):
        return pa.int64(), None
    if isinstance(type_, sqltypes.Float):
        return pa.float64(), None
    if _python_type(type_) is bytes:  # BLOB, BYTEA, VARBINARY ...
        return pa.binary(), _to_bytes
    if loose:  # SQLite: dates, decimals and JSON are stored as text (or whatever the writer put there)
        return pa.string(), _to_text
    if isinstance(type_, sqltypes.JSON):
        return pa.string(), _to_json
    if isinstance(type_, sqltypes.DateTime):
        return pa.timestamp("us", tz="UTC" if type_.timezone else None), None
    if isinstance(type_, sqltypes.Date):
        return pa.date32(), None
    if isinstance(type_, sqltypes.Time):
        return pa.time64("us"), _to_naive_time
    if _python_type(type_) is dt.timedelta:  # Interval, PostgreSQL INTERVAL
        return pa.duration("us"), None
    return pa.string(), _to_text  # Numeric, String, Enum, Uuid, NullType and dialect types (INET, HSTORE...)


def _python_type(type_: sqltypes.TypeEngine[Any]) -> type | None:
    try:
        return type_.python_type
    except NotImplementedError:  # NullType and many dialect-specific types
        return None


def _to_bool(value: Any) -> Any:
    return bool(value) if isinstance(value, int) and value in (0, 1) else value  # SQLite stores 0/1


def _to_text(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(
        value, dict | list
    ):  # HSTORE, composite or JSON-ish values of types SQLAlchemy does not know
        return _to_json(value)
    return str(value)


def _to_json(value: Any) -> Any:
    """JSON text with the characters themselves (`ensure_ascii=False`), so recognizers see `ngọc@…`, not
    `\\u1ecd`. A string that is already JSON text (drivers that do not parse JSON) is kept as is."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _to_bytes(value: Any) -> Any:
    if value is None or isinstance(value, bytes):
        return value
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    return str(value).encode("utf-8")  # SQLite: text in a BLOB column


def _to_naive_time(value: Any) -> Any:
    return value.replace(tzinfo=None) if isinstance(value, dt.time) and value.tzinfo else value


def _list_converter(item_convert: Convert | None) -> Convert:
    """Arrays flattened to one level: the scanner cares which row a value came from, not its position in a
    multi-dimensional array."""

    def convert(value: Any) -> Any:
        if value is None:
            return None
        items = _flatten(value)
        return [item_convert(item) for item in items] if item_convert else items

    return convert


def _flatten(value: Any) -> list[Any]:
    if not isinstance(value, list | tuple):
        return [value]
    flat: list[Any] = []
    for item in value:
        flat.extend(_flatten(item) if isinstance(item, list | tuple) else [item])
    return flat


def _column_array(values: list[Any], column: ColumnPlan, misfits: dict[str, int]) -> pa.Array:
    if column.convert is not None:
        values = [column.convert(value) for value in values]
    try:
        return pa.array(values, type=column.arrow_type)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return _array_without_misfits(values, column, misfits)


def _array_without_misfits(values: list[Any], column: ColumnPlan, misfits: dict[str, int]) -> pa.Array:
    """The slow path, taken only for a batch with a value of the wrong kind: each value is tried alone."""
    kept: list[Any] = []
    for value in values:
        try:
            pa.array([value], type=column.arrow_type)
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            misfits[column.name] = misfits.get(column.name, 0) + 1
            value = None
        kept.append(value)
    return pa.array(kept, type=column.arrow_type)
