"""SQL database URLs: which ones the sql connector serves, how they are shown without secrets, how they open.

A URL is the credential here (`postgresql+psycopg://user:pw@host/db`), so everything shown or stored uses
`redact_url`: the password is masked and secret query parameters (`?password=`, `sslpassword`, an ODBC
connection string) are dropped. Engines are opened read-only where the database allows it, and a SQLite file
that does not exist is an error, never silently created.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.request import pathname2url

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import NullPool

from jejak.errors import ConnectorError

#: Dialects (the scheme before any `+driver`) the connector claims. Only sqlite and postgresql are tested;
#: the others work when SQLAlchemy's driver for them is installed.
DIALECTS: tuple[str, ...] = ("sqlite", "postgresql", "postgres", "mysql", "mariadb", "mssql", "oracle")

#: Default drivers where SQLAlchemy's own default is not the one jejak installs (`jejak[postgres]` brings
#: psycopg 3; SQLAlchemy would pick psycopg2). `postgres://` is the libpq spelling SQLAlchemy 2 rejects.
_DEFAULT_DRIVERS = {"postgresql": "postgresql+psycopg"}

#: How to install the driver a URL names, by the Python module that failed to import.
_INSTALL_HINTS = {
    "psycopg": "install psycopg: pip install 'jejak[postgres]'",
    "psycopg2": "install psycopg2 (pip install psycopg2-binary), or use postgresql+psycopg:// with "
    "pip install 'jejak[postgres]'",
    "MySQLdb": "install mysqlclient: pip install mysqlclient (or pip install pymysql, mysql+pymysql://)",
    "pymysql": "install pymysql: pip install pymysql",
    "pyodbc": "install pyodbc: pip install pyodbc (and an ODBC driver for SQL Server)",
    "oracledb": "install oracledb: pip install oracledb",
    "cx_Oracle": "install oracledb and use oracle+oracledb://: pip install oracledb",
}

_SECRET_QUERY_KEY = re.compile(r"pass|pwd|secret|token|credential|odbc_connect", re.IGNORECASE)
_USERINFO_PASSWORD = re.compile(r"(://[^/@:]*):[^@]*@")


def dialect_of(uri: str) -> str:
    """`postgresql` for `postgresql+psycopg://…`; "" when `uri` has no scheme."""
    if "://" not in uri:
        return ""
    return uri.split("://", 1)[0].split("+", 1)[0].lower()


def redact_url(uri: str) -> str:
    """`uri` without its password or secret query parameters, safe to show and store."""
    try:
        url = make_url(uri)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        return _USERINFO_PASSWORD.sub(r"\1:***@", uri)
    return _shown(normalise(url))


def normalise(url: URL) -> URL:
    """One spelling per database, so asset URIs stay stable however the root was typed: SQLite paths made
    absolute, `postgres://` and a driverless `postgresql://` read as `postgresql+psycopg://`."""
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            return url
        return url.set(database=str(Path(database).expanduser().resolve()))
    drivername = re.sub(r"^postgres(\+|$)", r"postgresql\1", url.drivername)
    return url.set(drivername=_DEFAULT_DRIVERS.get(drivername, drivername))


@dataclass(frozen=True)
class SqlDatabase:
    """One database to scan: the URL as shown (no secrets), an engine on the real URL, and the secret
    strings of that URL, to scrub from any driver message quoted in an error."""

    shown: str
    dialect: str
    engine: Engine
    secrets: tuple[str, ...] = ()

    @classmethod
    def open(cls, uri: str, *, writable: bool = False) -> SqlDatabase:
        """Parse and normalise `uri` and build its engine; no connection is made yet. Scans open databases
        read-only; `writable` is for erasure, which deletes and updates rows of a table in one transaction.

        Engines use `NullPool`: a scan opens one connection per table, minutes apart while the scanner
        works, so a pooled connection would mostly be a stale one (what `pool_pre_ping` would catch with
        an extra round trip), and nothing is left open between tables or after the run.
        """
        try:
            url = make_url(uri)
        except (ArgumentError, ValueError):
            raise ConnectorError(
                f"invalid SQL URL {redact_url(uri)} — expected e.g. sqlite:///path/evals.db or "
                "postgresql+psycopg://user@host/db"
            ) from None
        url = normalise(url)
        dialect = url.get_backend_name()
        if dialect == "sqlite":
            return cls._open_sqlite(url, writable)
        shown = _shown(url)
        try:
            engine = create_engine(url, poolclass=NullPool)
        except ModuleNotFoundError as exc:
            raise ConnectorError(f"cannot open {shown}: {_install_hint(exc)}") from None
        except NoSuchModuleError:
            raise ConnectorError(
                f"cannot open {shown}: SQLAlchemy has no driver {url.drivername!r} — check the URL scheme"
            ) from None
        return cls(shown, dialect, engine, secrets_of(url))

    @classmethod
    def _open_sqlite(cls, url: URL, writable: bool = False) -> SqlDatabase:
        """SQLite opens read-only (`mode=ro`): a missing file is an error instead of a new empty database,
        and scanning never writes to the file (no journal, no schema changes).

        Writable (`mode=rw`, still never created) for erasure, with transactions begun as `BEGIN IMMEDIATE`:
        the write lock is taken before the first read, so the rows erasure checks are the rows it changes
        (the sqlite3 module would otherwise begin the transaction only at the first DELETE)."""
        database = url.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            raise ConnectorError(
                f"cannot scan {_shown(url)}: give a SQLite database file, e.g. sqlite:///path/evals.db"
            )
        path = Path(database)
        shown = _shown(url)
        if not path.is_file():
            raise ConnectorError(f"database file not found: {path} — check the path; jejak never creates it")
        target = f"file:{pathname2url(str(path))}?mode={'rw' if writable else 'ro'}"

        def connect() -> sqlite3.Connection:
            if writable:  # autocommit at the driver: SQLAlchemy's `begin` event below starts transactions
                return sqlite3.connect(target, uri=True, check_same_thread=False, isolation_level=None)
            return sqlite3.connect(target, uri=True, check_same_thread=False)

        engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)
        if writable:
            event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        return cls(shown, "sqlite", engine)


def secrets_of(url: URL) -> tuple[str, ...]:
    """The secret strings inside `url` (password, secret query values)."""
    values = [str(url.password)] if url.password else []
    for key, value in url.query.items():
        if _SECRET_QUERY_KEY.search(key):
            values.extend([value] if isinstance(value, str) else value)
    return tuple(value for value in values if value)


def _shown(url: URL) -> str:
    secret_keys = [key for key in url.query if _SECRET_QUERY_KEY.search(key)]
    return url.difference_update_query(secret_keys).render_as_string(hide_password=True)


def _install_hint(exc: ModuleNotFoundError) -> str:
    module = (exc.name or "").split(".", 1)[0]
    return _INSTALL_HINTS.get(module, f"install the database driver {module!r} (pip install {module})")
