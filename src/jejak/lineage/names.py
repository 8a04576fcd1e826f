"""OpenLineage dataset names for jejak asset URIs, and back (https://openlineage.io/docs/spec/naming).

A lineage node is identified by (namespace, name), as every OpenLineage producer names it, so events from
Spark, Airflow or dbt and assets found by `jejak scan` meet on the same node:

    asset URI (as jejak stores it)                      namespace              name
    /data/raw/users.csv                                 file                   /data/raw/users.csv
    s3://bucket/raw/users.parquet (s3a://, s3n:// too)  s3://bucket            raw/users.parquet
    gs://bucket/key                                     gs://bucket            key
    postgresql+psycopg://u:***@host/db#public.users     postgres://host:5432   db.public.users
    mysql+pymysql://u@host/shop#shop.orders             mysql://host:3306      shop.orders
    mssql+pyodbc://u@host/db#dbo.t                      mssql://host:1433      db.dbo.t
    oracle+oracledb://u@host/svc#hr.emp                 oracle://host:1521     svc.hr.emp
    sqlite:////abs/evals.db#main.prompts                sqlite                 /abs/evals.db.main.prompts

The spec has no SQLite entry; jejak's convention keeps the database file's absolute path in the name (a
SQLite database has no server to name the namespace after), then schema and table as for other databases.
Default ports are filled in because producers always write them (`postgres://host:5432`).

Going back (`asset_uri_for`) is exact for files and object stores. For SQL it gives the URL without its user
(which OpenLineage never names), so join catalog assets to lineage nodes by naming the asset
(`dataset_for_uri(asset.uri)`), not the other way round.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from jejak.lineage.errors import DatasetNameError
from jejak.redaction import mask_password

#: SQLAlchemy dialect -> (OpenLineage scheme, default port, whether the database is part of the name).
_SQL_SCHEMES: dict[str, tuple[str, int, bool]] = {
    "postgresql": ("postgres", 5432, True),
    "postgres": ("postgres", 5432, True),
    "mysql": ("mysql", 3306, False),  # a MySQL "schema" is the database: name is {database}.{table}
    "mariadb": ("mysql", 3306, False),
    "mssql": ("mssql", 1433, True),
    "oracle": ("oracle", 1521, True),
}
#: OpenLineage scheme -> SQLAlchemy dialect, to name an asset back
_OL_SQL_SCHEMES = {"postgres": "postgresql", "mysql": "mysql", "mssql": "mssql", "oracle": "oracle"}
#: Object-store schemes whose name is the object key (no leading slash); Hadoop spellings fold into s3.
_OBJECT_STORES = {"s3": "s3", "s3a": "s3", "s3n": "s3", "gs": "gs"}
SQLITE_NAMESPACE = "sqlite"
FILE_NAMESPACE = "file"


@dataclass(frozen=True, order=True)
class DatasetId:
    """A lineage node: OpenLineage's (namespace, name) of a dataset."""

    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.namespace}:{self.name}"


@dataclass(frozen=True, order=True)
class JobId:
    """A job: OpenLineage's (namespace, name), e.g. (`airflow-sg`, `build_training_set.join_customers`)."""

    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.namespace}:{self.name}"


def dataset_for_uri(uri: str, cwd: Path) -> DatasetId:
    """The dataset name of a jejak asset URI, an object-store URL or a local path (relative to `cwd`)."""
    if "://" not in uri:
        return DatasetId(FILE_NAMESPACE, _absolute(uri, cwd))
    scheme = uri.split("://", 1)[0].lower()
    dialect = scheme.split("+", 1)[0]
    if scheme == "file":
        parts = urlsplit(uri)
        path = unquote(parts.path)
        host = parts.netloc
        return DatasetId(FILE_NAMESPACE if host in ("", "localhost") else f"file://{host}", path)
    if scheme in _OBJECT_STORES:
        parts = urlsplit(uri)
        if not parts.netloc:
            raise DatasetNameError(f"{uri}: no bucket; write it as {scheme}://bucket/key")
        return DatasetId(f"{_OBJECT_STORES[scheme]}://{parts.netloc}", parts.path.lstrip("/"))
    if dialect == "sqlite" or dialect in _SQL_SCHEMES:
        return _sql_dataset(uri, dialect)
    parts = urlsplit(uri)  # hdfs://namenode:8020/path, abfss://..., kafka://...: scheme://authority + path
    if not parts.netloc:
        raise DatasetNameError(f"{uri}: cannot name this URI as a dataset; give namespace:name instead")
    return DatasetId(f"{scheme}://{parts.netloc}", parts.path or "/")


def _absolute(path: str, cwd: Path) -> str:
    # the local connector names files by their resolved path, so resolve the same way
    return str((cwd / Path(path).expanduser()).resolve())


def _sql_dataset(uri: str, dialect: str) -> DatasetId:
    base, hash_mark, table_part = uri.partition("#")
    if not hash_mark or "." not in table_part:
        raise DatasetNameError(
            f"{_masked(uri)}: a SQL asset is named <database URL>#<schema>.<table>; add the table"
        )
    schema, _, table = table_part.partition(".")
    try:
        url = make_url(base)
    except (ArgumentError, ValueError):
        raise DatasetNameError(f"{_masked(uri)}: not a database URL; check its spelling") from None
    if dialect == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            raise DatasetNameError("an in-memory SQLite database has no lasting dataset name")
        return DatasetId(SQLITE_NAMESPACE, f"{os.path.abspath(database)}.{schema}.{table}")
    ol_scheme, default_port, with_database = _SQL_SCHEMES[dialect]
    if not url.host:
        raise DatasetNameError(f"{_masked(uri)}: no host in the database URL; lineage names need one")
    name = f"{url.database}.{schema}.{table}" if with_database and url.database else f"{schema}.{table}"
    return DatasetId(f"{ol_scheme}://{url.host}:{url.port or default_port}", name)


def _masked(uri: str) -> str:
    return mask_password(uri)


def asset_uri_for(dataset: DatasetId) -> str | None:
    """The jejak asset URI a dataset corresponds to, None when jejak cannot scan it (a Kafka topic...).

    SQL URLs come back without a user (see the module docstring)."""
    namespace, name = dataset.namespace, dataset.name
    if namespace == FILE_NAMESPACE:
        return name
    if namespace == SQLITE_NAMESPACE:
        parts = name.rsplit(".", 2)
        return f"sqlite:///{parts[0]}#{parts[1]}.{parts[2]}" if len(parts) == 3 else None
    scheme, _, authority = namespace.partition("://")
    if scheme in ("s3", "gs") and authority:
        return f"{scheme}://{authority}/{name}"
    if scheme in _OL_SQL_SCHEMES and authority:
        dialect = _OL_SQL_SCHEMES[scheme]
        driver = "postgresql+psycopg" if dialect == "postgresql" else dialect
        pieces = name.split(".")
        if dialect in ("mysql", "mariadb"):
            return f"{driver}://{authority}/{pieces[0]}#{name}" if len(pieces) == 2 else None
        if len(pieces) != 3:
            return None
        return f"{driver}://{authority}/{pieces[0]}#{pieces[1]}.{pieces[2]}"
    return None


def candidates(text: str, cwd: Path) -> list[DatasetId]:
    """Every dataset `text` may mean, most literal first: each `namespace:name` split at a colon, then the
    name of `text` read as an asset URI or path. The caller keeps the first that exists in the graph
    (namespaces hold colons themselves: `s3://bucket:key`, `postgres://host:5432:db.schema.table`)."""
    found: list[DatasetId] = []
    for index, char in enumerate(text):
        if char == ":" and 0 < index < len(text) - 1:
            found.append(DatasetId(text[:index], text[index + 1 :]))
    with suppress(DatasetNameError):
        found.append(dataset_for_uri(text, cwd))
    return list(dict.fromkeys(found))
