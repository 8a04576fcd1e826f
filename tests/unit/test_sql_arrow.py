"""SQL column types → Arrow, and DBAPI values → Arrow arrays, without a database."""

from __future__ import annotations

import datetime as dt
import ipaddress
import uuid
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest
import sqlalchemy.types as sqltypes
from sqlalchemy.dialects import postgresql as pg

from jejak.connectors.sql_arrow import plan_table


@pytest.mark.parametrize(
    ("sql_type", "arrow_type"),
    [
        (sqltypes.Integer(), pa.int64()),
        (sqltypes.BigInteger(), pa.int64()),
        (sqltypes.SmallInteger(), pa.int64()),
        (pg.DOUBLE_PRECISION(), pa.float64()),
        (sqltypes.Float(), pa.float64()),
        (sqltypes.Numeric(10, 2), pa.string()),
        (sqltypes.Boolean(), pa.bool_()),
        (sqltypes.Text(), pa.string()),
        (sqltypes.String(20), pa.string()),
        (sqltypes.CHAR(2), pa.string()),
        (pg.ENUM("a", "b", name="kind"), pa.string()),
        (pg.UUID(), pa.string()),
        (pg.JSONB(), pa.string()),
        (sqltypes.JSON(), pa.string()),
        (pg.ARRAY(sqltypes.Text()), pa.list_(pa.string())),
        (pg.ARRAY(sqltypes.Integer()), pa.list_(pa.int64())),
        (pg.TIMESTAMP(timezone=True), pa.timestamp("us", tz="UTC")),
        (sqltypes.DateTime(), pa.timestamp("us")),
        (sqltypes.Date(), pa.date32()),
        (sqltypes.Time(), pa.time64("us")),
        (pg.INTERVAL(), pa.duration("us")),
        (pg.BYTEA(), pa.binary()),
        (pg.INET(), pa.string()),
        (sqltypes.NullType(), pa.string()),
    ],
)
def test_postgres_types_map_to_arrow(sql_type: sqltypes.TypeEngine[Any], arrow_type: pa.DataType) -> None:
    assert plan_table([("c", sql_type)], "postgresql").schema.field("c").type == arrow_type


@pytest.mark.parametrize(
    ("sql_type", "arrow_type"),
    [
        (sqltypes.Integer(), pa.int64()),
        (sqltypes.Float(), pa.float64()),
        (sqltypes.LargeBinary(), pa.binary()),
        (sqltypes.DateTime(), pa.string()),  # stored as text in SQLite: never parsed, never failing
        (sqltypes.Numeric(), pa.string()),
        (sqltypes.JSON(), pa.string()),
    ],
)
def test_sqlite_maps_by_affinity(sql_type: sqltypes.TypeEngine[Any], arrow_type: pa.DataType) -> None:
    assert plan_table([("c", sql_type)], "sqlite").schema.field("c").type == arrow_type


def _column(sql_type: sqltypes.TypeEngine[Any], values: list[Any], dialect: str = "postgresql") -> list[Any]:
    misfits: dict[str, int] = {}
    batch = plan_table([("c", sql_type)], dialect).to_batch([(value,) for value in values], misfits)
    assert not misfits
    return batch.column(0).to_pylist()


def test_json_becomes_text_with_its_characters_kept() -> None:
    values = _column(pg.JSONB(), [{"email": "ngọc@example.vn", "n": Decimal("1.5")}, [1, 2], "already", None])
    assert values == ['{"email": "ngọc@example.vn", "n": "1.5"}', "[1, 2]", "already", None]


def test_text_like_values_become_strings() -> None:
    token = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert _column(pg.UUID(), [token, None]) == [str(token), None]
    assert _column(sqltypes.Numeric(), [Decimal("0.10"), Decimal("1E+2")]) == ["0.10", "1E+2"]
    assert _column(pg.INET(), [ipaddress.ip_address("10.1.2.3")]) == ["10.1.2.3"]
    assert _column(sqltypes.NullType(), [{"k": "v"}, b"caf\xc3\xa9"]) == ['{"k": "v"}', "café"]


def test_arrays_are_flattened_to_one_level() -> None:
    values = _column(pg.ARRAY(sqltypes.Text()), [["a", "b"], [["c"], ["d", None]], [], None])
    assert values == [["a", "b"], ["c", "d", None], [], None]


def test_dates_and_bytes_keep_their_types() -> None:
    moment = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert _column(pg.TIMESTAMP(timezone=True), [moment]) == [moment.astimezone(dt.UTC)]
    assert _column(pg.BYTEA(), [memoryview(b"ab"), None]) == [b"ab", None]
    assert _column(pg.INTERVAL(), [dt.timedelta(days=1)]) == [dt.timedelta(days=1)]


def test_sqlite_values_of_another_type_are_read_as_null_and_counted() -> None:
    plan = plan_table(
        [("n", sqltypes.Integer()), ("ok", sqltypes.Boolean()), ("t", sqltypes.Text())], "sqlite"
    )
    misfits: dict[str, int] = {}
    batch = plan.to_batch([(1, 1, 5), ("oops", 0, b"x"), (None, "yes", None)], misfits)
    assert batch.to_pydict() == {"n": [1, None, None], "ok": [True, False, None], "t": ["5", "x", None]}
    assert misfits == {"n": 1, "ok": 1}


def test_every_batch_of_a_table_has_the_same_schema() -> None:
    plan = plan_table([("id", sqltypes.Integer()), ("meta", pg.JSONB())], "postgresql")
    empty = plan.to_batch([], {})
    full = plan.to_batch([(1, {"a": 1})], {})
    nulls = plan.to_batch([(None, None)], {})
    assert empty.schema == full.schema == nulls.schema == plan.schema
