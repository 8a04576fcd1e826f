"""Driver errors → one-line jejak errors that name the database (as shown, no password) and say what to do.

Drivers word the same failure differently (psycopg, sqlite3, MySQL, SQL Server), so failures are sorted by
the words of the driver's message. The driver's own text is only quoted for failures not recognised here,
first line only, with the URL's secrets scrubbed: a driver may echo its connection string.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from jejak.errors import AssetReadError, ConnectorError, TransientConnectorError

_AUTHENTICATION = (
    "password authentication failed",
    "authentication failed",
    "no password supplied",
    "access denied",
    "login failed",
    "invalid username/password",
)
_UNKNOWN_DATABASE = ("unknown database", "cannot open database")
_UNREACHABLE = (
    "connection refused",
    "could not translate host name",
    "name or service not known",
    "no route to host",
    "timeout expired",
    "timed out",
    "network is unreachable",
    "server closed the connection",
    "can't connect",
)


def connection_error(exc: SQLAlchemyError, shown: str, secrets: Sequence[str]) -> ConnectorError:
    """The error to raise for a failure while connecting to or listing the database `shown`."""
    detail = driver_message(exc, secrets)
    kind = _kind(detail)
    if kind == "authentication":
        return ConnectorError(f"authentication failed for {shown} — check the user and password")
    if kind == "database":
        return ConnectorError(f"database not found: {shown} — check the database name at the end of the URL")
    if kind == "unreachable":
        return TransientConnectorError(
            f"cannot reach {shown} — check the host and port, and that the server is running"
        )
    if kind == "not-sqlite":
        return ConnectorError(f"not a SQLite database: {shown} — point jejak at a .db/.sqlite file")
    return ConnectorError(f"cannot read {shown}: {detail}")


def read_error(exc: SQLAlchemyError, uri: str, secrets: Sequence[str]) -> AssetReadError:
    """The error to raise for a failure while reading the table `uri` (already named by the error)."""
    detail = driver_message(exc, secrets)
    kind = _kind(detail)
    if kind == "authentication":
        return AssetReadError(uri, "authentication failed — check the user and password")
    if kind == "unreachable":
        return AssetReadError(
            uri, "the server went away while reading — check it is running, then scan again"
        )
    return AssetReadError(uri, f"cannot read the table: {detail}")


def driver_message(exc: SQLAlchemyError, secrets: Sequence[str]) -> str:
    """The driver's own message (first two lines, at most 300 characters), secrets replaced by `***`.

    Not `str(exc)`: SQLAlchemy appends the SQL statement and a documentation link.
    """
    original = exc.orig if isinstance(exc, DBAPIError) else None
    text = str(original) if original is not None else str(exc)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    message = " ".join(lines[:2]) if lines else type(original or exc).__name__
    for secret in secrets:
        message = message.replace(secret, "***")
    return message[:300]


def _kind(detail: str) -> str:
    lowered = detail.lower()
    if any(words in lowered for words in _AUTHENTICATION) or _is_missing("role", lowered):
        return "authentication"
    if any(words in lowered for words in _UNKNOWN_DATABASE) or _is_missing("database", lowered):
        return "database"
    if any(words in lowered for words in _UNREACHABLE):
        return "unreachable"
    if "file is not a database" in lowered:
        return "not-sqlite"
    return "other"


def _is_missing(kind: str, message: str) -> bool:
    """psycopg: `FATAL: role "x" does not exist`, `FATAL: database "x" does not exist`."""
    return f'{kind} "' in message and "does not exist" in message
