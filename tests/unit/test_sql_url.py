"""Which URLs the sql connector claims and how they are shown: no password, one spelling per database."""

from __future__ import annotations

from pathlib import Path

import pytest

from jejak.connectors import sql_url
from jejak.connectors.sql import SqlConnector
from jejak.connectors.sql_url import SqlDatabase
from jejak.errors import ConnectorError


@pytest.mark.parametrize(
    ("uri", "handled"),
    [
        ("sqlite:///evals.db", True),
        ("postgresql+psycopg://u:p@h/db", True),
        ("postgresql://h/db", True),
        ("postgres://h/db", True),
        ("mysql+pymysql://u@h/db", True),
        ("mariadb://h/db", True),
        ("mssql+pyodbc://h/db", True),
        ("oracle+oracledb://h/db", True),
        ("s3://bucket/key", False),
        ("/data/sqlite/x.db", False),
        ("file:///data/postgresql", False),
    ],
)
def test_handles_sql_dialects_whatever_the_driver(uri: str, handled: bool) -> None:
    assert SqlConnector.handles(uri) is handled


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        (
            "postgresql+psycopg://ana:s3cr3t@db.internal:5432/evals",
            "postgresql+psycopg://ana:***@db.internal:5432/evals",
        ),
        ("postgresql://ana:s3cr3t@h/evals", "postgresql+psycopg://ana:***@h/evals"),
        ("postgres://ana@h/evals", "postgresql+psycopg://ana@h/evals"),
        (
            "postgresql+psycopg://ana@h/evals?sslmode=require&password=s3cr3t",
            "postgresql+psycopg://ana@h/evals?sslmode=require",
        ),
        ("mssql+pyodbc://h/db?odbc_connect=DRIVER%3Dx%3BPWD%3Ds3cr3t", "mssql+pyodbc://h/db"),
        ("sqlite:////data/evals.db", "sqlite:////data/evals.db"),
    ],
)
def test_redact_uri_hides_secrets_and_normalises(uri: str, shown: str) -> None:
    assert SqlConnector.redact_uri(uri) == shown


def test_an_unparsable_url_is_still_redacted() -> None:
    assert "s3cr3t" not in SqlConnector.redact_uri("postgresql+psycopg://ana:s3cr3t@h:notaport/db")


def test_invalid_url_error_hides_the_password() -> None:
    with pytest.raises(ConnectorError, match="invalid SQL URL") as caught:
        SqlDatabase.open("postgresql+psycopg://ana:s3cr3t@h:notaport/db")
    assert "s3cr3t" not in str(caught.value)


def test_missing_psycopg_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*_: object, **__: object) -> None:
        raise ModuleNotFoundError("No module named 'psycopg'", name="psycopg")

    monkeypatch.setattr(sql_url, "create_engine", missing)
    with pytest.raises(ConnectorError, match=r"install psycopg: pip install 'jejak\[postgres\]'") as caught:
        SqlDatabase.open("postgresql+psycopg://ana:s3cr3t@h/db")
    assert "s3cr3t" not in str(caught.value) and "ana:***@h/db" in str(caught.value)


def test_in_memory_sqlite_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConnectorError, match="give a SQLite database file"):
        SqlDatabase.open("sqlite://")
