"""Set-at-a-time SQL for the lineage store: look up many keys, insert the missing ones, update many rows.

Ingesting a batch touches thousands of rows; one statement per row would make a 100k-dataset graph take
minutes. Look-ups go in chunks of `IN (...)` (composite keys as row values, which SQLite >= 3.15 and
PostgreSQL both take), writes as executemany. Inserts that race another writer process are skipped with
`ON CONFLICT DO NOTHING` where the backend has it, so a concurrent ingest never fails on a duplicate key.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import Column, Table, bindparam, insert, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

CHUNK = 400  # keys per IN (...): 6-column keys stay well under every backend's parameter limit
_T = TypeVar("_T")


def chunks(items: Iterable[_T], size: int = CHUNK) -> Iterator[list[_T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def select_in(
    conn: Connection,
    columns: Sequence[Column[Any]],
    key: Sequence[Column[Any]],
    values: Iterable[tuple[Any, ...]],
) -> list[tuple[Any, ...]]:
    """Rows (of `columns`) whose `key` columns equal one of `values`, looked up in chunks."""
    found: list[tuple[Any, ...]] = []
    target = key[0] if len(key) == 1 else tuple_(*key)
    for chunk in chunks(values):
        wanted = [value[0] for value in chunk] if len(key) == 1 else chunk
        found.extend(tuple(row) for row in conn.execute(select(*columns).where(target.in_(wanted))))
    return found


def insert_ignoring_duplicates(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert `rows`; a row whose unique key another writer inserted meanwhile is skipped where the backend
    can say so (SQLite, PostgreSQL), else the database's error surfaces (and the transaction rolls back)."""
    if not rows:
        return
    name = conn.dialect.name
    if name == "postgresql":
        conn.execute(postgresql.insert(table).on_conflict_do_nothing(), rows)
    elif name == "sqlite":
        conn.execute(sqlite.insert(table).on_conflict_do_nothing(), rows)
    else:
        conn.execute(insert(table), rows)


def update_many(conn: Connection, table: Table, key: Sequence[str], rows: list[dict[str, Any]]) -> None:
    """UPDATE each row matched by its `key` values; every row carries the same keys (executemany)."""
    if not rows:
        return
    values: dict[str, Any] = {name: bindparam(f"v_{name}") for name in rows[0] if name not in key}
    conditions = [table.c[name] == bindparam(f"k_{name}") for name in key]
    params = [
        {(f"k_{name}" if name in key else f"v_{name}"): value for name, value in row.items()} for row in rows
    ]
    conn.execute(update(table).where(*conditions).values(values), params)
