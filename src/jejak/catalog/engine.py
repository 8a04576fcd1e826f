"""Engine construction: the per-backend settings the catalog relies on, in one place.

SQLite gets WAL (a report can read while a scan writes), synchronous=NORMAL (durable at checkpoints, much
faster bulk inserts) and enforced foreign keys, so both backends reject the same broken references.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from jejak.catalog.settings import sqlite_file


def _json_default(value: object) -> str:
    # configs carry Paths, enums and the like; store their text rather than fail the scan at the end
    return str(value)


def _dumps(value: Any) -> str:
    return json.dumps(value, default=_json_default, ensure_ascii=False, sort_keys=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
    finally:
        cursor.close()


def build_engine(url: str) -> Engine:
    """An engine for `url`; the directory of a SQLite database file is created first."""
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, json_serializer=_dumps)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine
