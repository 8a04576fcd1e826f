"""SQL databases (`sqlite:///evals.db`, `postgresql+psycopg://user:pw@host/db`): one asset per table.

Eval stores (MLflow, promptfoo, home-grown ones) keep prompts and responses in tables; each table is read with
`SELECT *` ordered by its primary key, so row numbers in findings stay the same across rescans, and streamed
through a server-side cursor in chunks, so memory stays bounded by the chunk whatever the table's size.

The root URL carries credentials. Assets are named `<URL without password>#<schema>.<table>`; the real URL
stays in this connector instance, keyed by that redacted prefix, and never reaches an Asset, a message or the
catalog. Tables have no cheap change marker (no mtime, no etag), so they carry no fingerprint and are
rescanned every time.

Only SQLite and PostgreSQL are tested; MySQL/MariaDB, SQL Server and Oracle URLs work when SQLAlchemy's
driver for them is installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import ClassVar

import pyarrow as pa
from pydantic import Field
from sqlalchemy import Connection, inspect
from sqlalchemy.engine import Inspector, make_url
from sqlalchemy.exc import ArgumentError, NoSuchTableError, SQLAlchemyError

from jejak.asset import Asset, AssetFormat
from jejak.connectors.base import Connector, ConnectorSettings, ListOptions, ReadOptions, ReadReport
from jejak.connectors.sql_arrow import reflect_table, select_in_key_order
from jejak.connectors.sql_errors import connection_error, read_error
from jejak.connectors.sql_url import DIALECTS, SqlDatabase, dialect_of, redact_url
from jejak.errors import AssetReadError, ConfigError, ConnectorError

CONNECTOR_NAME = "sql"
#: Schemas that hold the database's own catalog, never user data.
SYSTEM_SCHEMAS = frozenset(
    {
        "information_schema",
        "INFORMATION_SCHEMA",
        "pg_catalog",
        "pg_toast",
        "mysql",
        "performance_schema",
        "sys",
    }
)


class SqlSettings(ConnectorSettings):
    """`connectors.sql` in jejak.yaml. Table globs match `schema.table`, or `table` in any schema when the
    pattern has no dot (`prompts`, `public.eval_*`, `*.runs`)."""

    tables: tuple[str, ...] = ()  # empty: every table
    exclude_tables: tuple[str, ...] = ()
    schemas: tuple[str, ...] = ()  # empty: every non-system schema (`main` for SQLite)
    include_views: bool = False  # views repeat their tables' data and can be slow to read
    chunk_rows: int | None = Field(default=None, ge=1)  # rows per fetch; default: the scan's batch_rows


@dataclass(frozen=True)
class _TableEntry:
    schema: str
    name: str
    kind: str  # "table" or "view"
    primary_key: tuple[str, ...]


class SqlConnector(Connector):
    """Tables of SQL databases, read through SQLAlchemy."""

    schemes: ClassVar[tuple[str, ...]] = DIALECTS
    Settings: ClassVar[type[ConnectorSettings]] = SqlSettings

    def __init__(self, settings: ConnectorSettings | None = None) -> None:
        super().__init__(settings)
        if not isinstance(self.settings, SqlSettings):
            raise ConfigError("connectors.sql: settings must be SqlSettings (got another connector's model)")
        self._options: SqlSettings = self.settings
        #: Databases listed by this instance, by the redacted URL their assets are named after.
        self._databases: dict[str, SqlDatabase] = {}

    @classmethod
    def handles(cls, uri: str) -> bool:
        return dialect_of(uri) in DIALECTS

    @classmethod
    def redact_uri(cls, uri: str) -> str:
        return redact_url(uri)

    def list_assets(self, root: str, options: ListOptions) -> Iterator[Asset]:
        database = SqlDatabase.open(root)
        try:
            with database.engine.connect() as conn:
                entries = self._entries(inspect(conn), database, options)
        except SQLAlchemyError as exc:
            raise connection_error(exc, database.shown, database.secrets) from None
        self._databases[database.shown] = database
        for entry in entries:
            hints = {"sql.dialect": database.dialect, "sql.schema": entry.schema, "sql.table": entry.name}
            if entry.kind != "table":
                hints["sql.kind"] = entry.kind
            if entry.primary_key:
                hints["sql.primary_key"] = ",".join(entry.primary_key)
            yield Asset(
                uri=f"{database.shown}#{entry.schema}.{entry.name}",
                connector=CONNECTOR_NAME,
                format=AssetFormat.TABLE,
                hints=hints,
            )

    def read_batches(
        self, asset: Asset, options: ReadOptions, report: ReadReport
    ) -> Iterator[pa.RecordBatch]:
        schema, name = asset.hints.get("sql.schema"), asset.hints.get("sql.table")
        if not schema or not name:
            raise AssetReadError(asset.uri, "not a table listed by the sql connector; scan the database URL")
        database = self._database_for(asset.uri.removesuffix(f"#{schema}.{name}"), asset.uri)
        chunk = self._options.chunk_rows or options.batch_rows
        try:
            with database.engine.connect() as conn:
                yield from _stream(_read_only(conn, database.dialect), schema, name, chunk, report)
        except NoSuchTableError:
            raise AssetReadError(
                asset.uri, "table not found — it was dropped or renamed since it was listed; scan again"
            ) from None
        except SQLAlchemyError as exc:
            raise read_error(exc, asset.uri, database.secrets) from None

    def _entries(
        self, inspector: Inspector, database: SqlDatabase, options: ListOptions
    ) -> list[_TableEntry]:
        """Every selected table (and view, if asked) of the selected schemas, sorted by schema and name.

        The scan's `--include`/`--exclude` globs apply to tables too, with the same rules as `tables` and
        `exclude_tables` (a dot in the pattern: `schema.table`, else the table name)."""
        entries: list[_TableEntry] = []
        for schema in self._schemas(inspector, database):
            names = [(name, "table") for name in inspector.get_table_names(schema=schema)]
            if self._options.include_views:
                names += [(name, "view") for name in inspector.get_view_names(schema=schema)]
                if database.dialect == "postgresql":
                    names += [(name, "view") for name in inspector.get_materialized_view_names(schema=schema)]
            for name, kind in sorted(names):
                entry = _TableEntry(schema, name, kind, ())
                if not (
                    _selected(entry, self._options.tables, self._options.exclude_tables)
                    and _selected(entry, options.include, options.exclude)
                ):
                    continue
                if kind == "table":
                    constraint = inspector.get_pk_constraint(name, schema=schema)
                    entry = _TableEntry(
                        schema, name, kind, tuple(constraint.get("constrained_columns") or ())
                    )
                entries.append(entry)
        return entries

    def _schemas(self, inspector: Inspector, database: SqlDatabase) -> list[str]:
        existing = inspector.get_schema_names()
        if self._options.schemas:
            missing = [schema for schema in self._options.schemas if schema not in existing]
            if missing:
                raise ConnectorError(
                    f"schema not found in {database.shown}: {', '.join(missing)} "
                    "— check connectors.sql.schemas"
                )
            return list(self._options.schemas)
        if database.dialect == "sqlite":
            return ["main"]  # `temp` holds this connection's own temporary tables
        if database.dialect == "oracle":  # every Oracle user is a schema, dozens of them system ones
            return [inspector.default_schema_name] if inspector.default_schema_name else []
        return [schema for schema in existing if not _is_system_schema(schema)]

    def _database_for(self, key: str, uri: str) -> SqlDatabase:
        """The database an asset belongs to: listed by this instance, or, for a URL without secrets (SQLite,
        trusted local servers), opened again from the asset's own URI."""
        database = self._databases.get(key)
        if database is not None:
            return database
        try:
            has_secret = make_url(key).password is not None
        except (ArgumentError, ValueError):
            has_secret = True
        if has_secret:
            raise AssetReadError(uri, "its database was not listed in this run; scan the database URL again")
        try:
            database = SqlDatabase.open(key)
        except ConnectorError as exc:
            raise AssetReadError(uri, str(exc)) from None
        self._databases[key] = database
        return database


def _stream(
    conn: Connection, schema: str, name: str, chunk: int, report: ReadReport
) -> Iterator[pa.RecordBatch]:
    """`SELECT *` in primary-key order, `chunk` rows per batch, one Arrow schema for the whole table."""
    table, plan = reflect_table(conn, schema, name)
    statement = select_in_key_order(table, conn.dialect.name)
    if not table.primary_key.columns:
        report.warn(
            "no primary key: rows are read in the database's order, row numbers may change between scans"
        )
    misfits: dict[str, int] = {}
    result = conn.execution_options(yield_per=chunk).execute(statement)
    for rows in result.partitions():
        yield plan.to_batch(rows, misfits)
    for column, count in misfits.items():
        report.warn(f"column {column}: {count} values of another type than the column's were read as null")


def _read_only(conn: Connection, dialect: str) -> Connection:
    """A scan never writes: PostgreSQL enforces it per transaction (SQLite is opened with `mode=ro`)."""
    if dialect == "postgresql":
        return conn.execution_options(postgresql_readonly=True)
    return conn


def _selected(entry: _TableEntry, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    included = not include or any(_table_matches(pattern, entry) for pattern in include)
    return included and not any(_table_matches(pattern, entry) for pattern in exclude)


def _table_matches(pattern: str, entry: _TableEntry) -> bool:
    """A pattern with a dot is matched against `schema.table`, one without against the table name."""
    target = f"{entry.schema}.{entry.name}" if "." in pattern else entry.name
    return fnmatchcase(target, pattern)


def _is_system_schema(schema: str) -> bool:
    return schema in SYSTEM_SCHEMAS or schema.startswith("pg_")
