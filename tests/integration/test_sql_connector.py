"""The sql connector against a real PostgreSQL server and real SQLite files: listing, typed streaming in
primary-key order, read-only access, one-line errors, and a password that never leaves the connector."""

from __future__ import annotations

import json
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pyarrow as pa
import pytest

from jejak.asset import Asset, AssetFormat
from jejak.connectors.base import ListOptions, ReadOptions, ReadReport
from jejak.connectors.registry import ConnectorRegistry
from jejak.connectors.sql import SqlConnector, SqlSettings
from jejak.errors import AssetReadError, ConfigError, ConnectorError, TransientConnectorError

pytestmark = pytest.mark.postgres

PASSWORD = "Pw-d0nt-l3ak-9431"

#: (id, prompt, response, meta, tags, score), inserted out of id order to prove reads are ordered by the key.
PROMPTS: list[tuple[int, str, str, dict[str, Any] | None, list[str] | None, str | None]] = [
    (
        3,
        "Email me at siti.rahma@example.co.id",
        "ok",
        {"contact": {"email": "budi@contoh.co.id"}},
        ["id"],
        "0.93",
    ),
    (1, "What is 2+2?", "Call +62 812-3456-7890 for help", {"lang": "en"}, ["math", "ngọc"], "1"),
    (5, "hello lina.tan@example.sg", "fine", {"lang": "en"}, [], "0.10"),
    (2, "Tên tôi là Ngọc", "Reach me on +60 12-345 6789", None, None, None),
    (4, "no personal data here", "still none", {"note": "nothing"}, ["plain"], "0.5"),
]
PROMPT_ENTITIES = {"EMAIL_ADDRESS": 3, "PHONE_NUMBER": 2}  # one of the emails is inside `meta`


def _with_password(url: str) -> str:
    return url.replace("postgres@", f"postgres:{PASSWORD}@", 1)


@pytest.fixture(scope="module")
def pg_url(postgres_server: Any) -> str:
    """An eval store: prompts in `public`, an archive schema, a table without a key, and a view. The URL
    carries a password (the test server trusts local connections, so any password is accepted)."""
    url = postgres_server.new_database()
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE prompts (id serial PRIMARY KEY, prompt text, response text, meta jsonb,"
            " tags text[], created timestamptz DEFAULT now(), score numeric)"
        )
        for id_, prompt, response, meta, tags, score in PROMPTS:
            conn.execute(
                "INSERT INTO prompts (id, prompt, response, meta, tags, score)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                (id_, prompt, response, json.dumps(meta, ensure_ascii=False) if meta else None, tags, score),
            )
        conn.execute("CREATE SCHEMA archive")
        conn.execute("CREATE TABLE archive.old_prompts (id int PRIMARY KEY, prompt text)")
        conn.execute("INSERT INTO archive.old_prompts VALUES (1, 'was old.user@example.com')")
        conn.execute("CREATE TABLE loose_notes (note text)")
        conn.execute("INSERT INTO loose_notes VALUES ('ring +60 12-345 6789'), ('nothing')")
        conn.execute("CREATE VIEW prompt_view AS SELECT id, prompt FROM prompts")
    return _with_password(url)


def _list(url: str, settings: SqlSettings | None = None, options: ListOptions | None = None) -> list[Asset]:
    return list(SqlConnector(settings).list_assets(url, options or ListOptions()))


def _tables(assets: list[Asset]) -> list[str]:
    return [asset.uri.rsplit("#", 1)[1] for asset in assets]


def _read(connector: SqlConnector, asset: Asset, batch_rows: int = 1000) -> list[pa.RecordBatch]:
    return list(connector.read_batches(asset, ReadOptions(batch_rows=batch_rows), ReadReport()))


def _asset(connector: SqlConnector, url: str, table: str) -> Asset:
    return next(a for a in connector.list_assets(url, ListOptions()) if a.uri.endswith(f"#{table}"))


# --- PostgreSQL: listing -----------------------------------------------------------------------------------


def test_lists_one_asset_per_table_without_the_password(pg_url: str) -> None:
    assets = _list(pg_url)
    assert _tables(assets) == ["archive.old_prompts", "public.loose_notes", "public.prompts"]  # no view
    prefix = pg_url.replace(PASSWORD, "***")
    for asset in assets:
        assert PASSWORD not in asset.uri and PASSWORD not in json.dumps(asset.hints)
        assert asset.uri.startswith(f"{prefix}#")
        assert (asset.connector, asset.format, asset.fingerprint, asset.size) == (
            "sql",
            AssetFormat.TABLE,
            None,
            None,
        )
    prompts = assets[-1]
    assert prompts.hints == {
        "sql.dialect": "postgresql",
        "sql.schema": "public",
        "sql.table": "prompts",
        "sql.primary_key": "id",
    }
    assert "sql.primary_key" not in assets[1].hints


def test_redact_uri_names_assets_the_way_listing_does(pg_url: str) -> None:
    shown = SqlConnector.redact_uri(pg_url)
    assert PASSWORD not in shown and "***" in shown
    assert all(asset.uri.startswith(f"{shown}#") for asset in _list(pg_url))
    driverless = pg_url.replace("postgresql+psycopg://", "postgres://")
    assert _tables(_list(driverless)) == _tables(_list(pg_url))  # psycopg 3 is the default driver


@pytest.mark.parametrize(
    ("settings", "options", "expected"),
    [
        (SqlSettings(tables=("prompts",)), None, ["public.prompts"]),
        (SqlSettings(tables=("*.old_*",)), None, ["archive.old_prompts"]),
        (SqlSettings(exclude_tables=("public.*",)), None, ["archive.old_prompts"]),
        (SqlSettings(schemas=("public",)), None, ["public.loose_notes", "public.prompts"]),
        (
            SqlSettings(include_views=True, tables=("prompt*",)),
            None,
            ["public.prompt_view", "public.prompts"],
        ),
        (None, ListOptions(include=("public.*",), exclude=("*notes",)), ["public.prompts"]),
    ],
)
def test_table_and_schema_selection(
    pg_url: str, settings: SqlSettings | None, options: ListOptions | None, expected: list[str]
) -> None:
    assert _tables(_list(pg_url, settings, options)) == expected


def test_an_unknown_schema_is_named(pg_url: str) -> None:
    with pytest.raises(
        ConnectorError, match=r"schema not found in .*: nope — check connectors\.sql\.schemas"
    ):
        _list(pg_url, SqlSettings(schemas=("nope",)))


# --- PostgreSQL: reading -----------------------------------------------------------------------------------


def test_reads_typed_batches_in_key_order_chunk_by_chunk(pg_url: str) -> None:
    connector = SqlConnector(SqlSettings(chunk_rows=2))
    batches = _read(connector, _asset(connector, pg_url, "public.prompts"))
    assert [batch.num_rows for batch in batches] == [2, 2, 1]
    assert len({batch.schema for batch in batches}) == 1
    schema = batches[0].schema
    assert {name: str(schema.field(name).type) for name in schema.names} == {
        "id": "int64",
        "prompt": "string",
        "response": "string",
        "meta": "string",
        "tags": "list<item: string>",
        "created": "timestamp[us, tz=UTC]",
        "score": "string",
    }
    table = pa.Table.from_batches(batches)
    assert table.column("id").to_pylist() == [1, 2, 3, 4, 5]
    assert table.column("score").to_pylist() == ["1", None, "0.93", "0.5", "0.10"]
    assert table.column("tags").to_pylist()[:3] == [["math", "ngọc"], None, ["id"]]
    meta = table.column("meta").to_pylist()
    assert "budi@contoh.co.id" in meta[2] and json.loads(meta[2]) == {
        "contact": {"email": "budi@contoh.co.id"}
    }


def test_batch_rows_is_the_default_chunk(pg_url: str) -> None:
    connector = SqlConnector()
    assert [b.num_rows for b in _read(connector, _asset(connector, pg_url, "public.prompts"), 3)] == [3, 2]


def test_rows_stream_through_a_server_side_cursor(pg_url: str, postgres_server: Any) -> None:
    """While the first chunk is being scanned, the server holds an open cursor: the table is not fetched
    whole into memory."""
    connector = SqlConnector(SqlSettings(chunk_rows=2))
    stream = connector.read_batches(_asset(connector, pg_url, "public.prompts"), ReadOptions(), ReadReport())
    try:
        assert next(stream).num_rows == 2
        database = pg_url.rsplit("/", 1)[1]
        with psycopg.connect(
            postgres_server.url(database).replace("postgresql+psycopg", "postgresql")
        ) as conn:
            queries = [
                row[0]
                for row in conn.execute(
                    "SELECT query FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    (database,),
                )
            ]
        assert any("FETCH" in query.upper() or "DECLARE" in query.upper() for query in queries), queries
    finally:
        stream.close()  # type: ignore[attr-defined]


def test_a_table_without_key_is_read_with_a_warning(pg_url: str) -> None:
    connector = SqlConnector()
    report = ReadReport()
    batches = list(
        connector.read_batches(_asset(connector, pg_url, "public.loose_notes"), ReadOptions(), report)
    )
    assert sum(b.num_rows for b in batches) == 2
    assert report.warnings and "no primary key" in report.warnings[0]


def test_a_table_dropped_after_listing_fails_that_asset_only(postgres_server: Any) -> None:
    url = _with_password(postgres_server.new_database())
    plain = url.replace("postgresql+psycopg", "postgresql").replace(f":{PASSWORD}", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("CREATE TABLE doomed (id int PRIMARY KEY, note text)")
    connector = SqlConnector()
    (asset,) = connector.list_assets(url, ListOptions())
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("DROP TABLE doomed")
    with pytest.raises(AssetReadError, match=r"table not found .* scan again") as caught:
        _read(connector, asset)
    assert PASSWORD not in str(caught.value) and "\n" not in str(caught.value)


def test_an_asset_needs_its_password_from_the_listing(pg_url: str) -> None:
    asset = _asset(SqlConnector(), pg_url, "public.prompts")
    with pytest.raises(AssetReadError, match="not listed in this run"):
        _read(SqlConnector(), asset)  # a fresh instance has no password to reopen it with


# --- PostgreSQL: connection errors -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _error(url: str) -> ConnectorError:
    with pytest.raises(ConnectorError) as caught:
        _list(url)
    message = str(caught.value)
    assert PASSWORD not in message and "\n" not in message
    return caught.value


def test_bad_credentials(pg_url: str) -> None:
    error = _error(pg_url.replace("//postgres:", "//nobody:", 1))
    assert "authentication failed for postgresql+psycopg://nobody:***@" in str(error)
    assert str(error).endswith("— check the user and password")


def test_unknown_database(pg_url: str) -> None:
    assert "database not found: " in str(_error(pg_url.rsplit("/", 1)[0] + "/no_such_db"))


def test_unreachable_server() -> None:
    error = _error(f"postgresql+psycopg://postgres:{PASSWORD}@127.0.0.1:{_free_port()}/db")
    assert isinstance(error, TransientConnectorError) and "cannot reach" in str(error)


def test_missing_driver_says_what_to_install() -> None:
    error = _error(f"postgresql+psycopg2://postgres:{PASSWORD}@127.0.0.1:1/db")
    assert "install psycopg2" in str(error)


def test_registry_routes_sql_urls_with_validated_settings(pg_url: str) -> None:
    name, connector = ConnectorRegistry.from_entry_points({"sql": {"chunk_rows": 2}}).for_uri(pg_url)
    assert name == "sql" and isinstance(connector, SqlConnector)
    assert connector.settings == SqlSettings(chunk_rows=2)
    with pytest.raises(ConfigError, match=r"connectors\.sql\.chunk_rows"):
        ConnectorRegistry.from_entry_points({"sql": {"chunk_rows": 0}})


# --- SQLite ------------------------------------------------------------------------------------------------


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Path:
    path = tmp_path / "evals.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY, prompt TEXT, output TEXT, created DATETIME)")
        conn.executemany(
            "INSERT INTO runs VALUES (?, ?, ?, ?)",
            [
                (2, "mail ana.cruz@example.ph", "Call +60 12-345 6789", "2025-01-02 03:04:05"),
                (1, "nothing", "nothing", "not a date"),
                (3, "ask dewi@contoh.co.id", "done", None),
            ],
        )
        conn.execute('CREATE TABLE "Eval Notes" (note TEXT)')  # needs quoting
        conn.execute("INSERT INTO \"Eval Notes\" VALUES ('ring +62 812-3456-7890')")
    conn.close()
    return path


def _snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(directory.iterdir())}


def test_sqlite_is_listed_and_read_without_touching_the_file(sqlite_db: Path) -> None:
    before = _snapshot(sqlite_db.parent)
    connector = SqlConnector(SqlSettings(chunk_rows=2))
    assets = list(connector.list_assets(f"sqlite:///{sqlite_db}", ListOptions()))
    assert [a.uri for a in assets] == [
        f"sqlite:///{sqlite_db}#main.Eval Notes",
        f"sqlite:///{sqlite_db}#main.runs",
    ]
    assert assets[1].hints["sql.dialect"] == "sqlite"
    batches = _read(connector, assets[1])
    assert [b.num_rows for b in batches] == [2, 1]
    table = pa.Table.from_batches(batches)
    assert table.column("id").to_pylist() == [1, 2, 3]
    assert table.schema.field("created").type == pa.string()  # SQLite dates are text; a bad one cannot fail
    assert table.column("created").to_pylist()[:2] == ["not a date", "2025-01-02 03:04:05"]
    assert pa.Table.from_batches(_read(connector, assets[0])).column("note").to_pylist() == [
        "ring +62 812-3456-7890"
    ]
    assert _snapshot(sqlite_db.parent) == before  # no journal, no WAL, same bytes and mtime


def test_sqlite_relative_path_is_named_absolutely(sqlite_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sqlite_db.parent)
    assert _list("sqlite:///evals.db")[0].uri == f"sqlite:///{sqlite_db}#main.Eval Notes"
    assert SqlConnector.redact_uri("sqlite:///evals.db") == f"sqlite:///{sqlite_db}"


def test_sqlite_asset_can_be_read_by_a_fresh_connector(sqlite_db: Path) -> None:
    asset = _list(f"sqlite:///{sqlite_db}", SqlSettings(tables=("runs",)))[0]
    assert sum(b.num_rows for b in _read(SqlConnector(), asset)) == 3  # no secret in the URL: reopened


def test_missing_sqlite_file_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    with pytest.raises(ConnectorError, match=r"database file not found: .*nope\.db — check the path"):
        _list(f"sqlite:///{missing}")
    assert not missing.exists()


def test_a_file_that_is_not_sqlite_is_named(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("just some text, long enough to be a header " * 4, encoding="utf-8")
    with pytest.raises(ConnectorError, match="not a SQLite database"):
        _list(f"sqlite:///{path}")


# --- CLI end to end ----------------------------------------------------------------------------------------


@pytest.fixture
def scan(jejak: Any, tmp_path: Path) -> Iterator[Any]:
    catalog = tmp_path / "c.db"

    def run(*uris: str) -> tuple[int, dict[str, Any], str]:
        result = jejak("scan", *uris, "--format", "json", "--quiet", "--catalog", f"sqlite:///{catalog}")
        return result.exit_code, json.loads(result.stdout), result.stdout + result.stderr

    yield run


def _catalog_bytes(tmp_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(tmp_path.glob("c.db*")))


def test_cli_scans_postgres_tables(scan: Any, pg_url: str) -> None:
    code, document, _ = scan(pg_url)
    assert code == 0, document
    assets = {asset["uri"].rsplit("#", 1)[1]: asset for asset in document["assets"]}
    assert set(assets) == {"archive.old_prompts", "public.loose_notes", "public.prompts"}
    prompts = assets["public.prompts"]
    assert {k: prompts["entities"].get(k, 0) for k in PROMPT_ENTITIES} == PROMPT_ENTITIES
    columns = {column["name"]: column["entities"] for column in prompts["columns"]}
    assert columns["meta"].get("EMAIL_ADDRESS") == 1  # the email inside JSON
    assert prompts["rows"] == len(PROMPTS) and prompts["format"] == "table"
    assert assets["archive.old_prompts"]["entities"].get("EMAIL_ADDRESS") == 1
    assert assets["public.loose_notes"]["entities"].get("PHONE_NUMBER") == 1
    assert all(PASSWORD not in asset["uri"] for asset in document["assets"])


def test_cli_password_appears_in_no_output_and_no_catalog_byte(
    scan: Any, pg_url: str, tmp_path: Path
) -> None:
    """Needs the scanner to store and show roots through `redact_uri` (run roots, failed roots)."""
    _, _, output = scan(pg_url, pg_url.rsplit("/", 1)[0] + "/no_such_db")
    assert "database not found" in output
    assert PASSWORD not in output
    assert PASSWORD.encode() not in _catalog_bytes(tmp_path)


def test_cli_scans_sqlite(scan: Any, sqlite_db: Path) -> None:
    code, document, _ = scan(f"sqlite:///{sqlite_db}")
    assert code == 0
    assets = {asset["uri"]: asset for asset in document["assets"]}
    runs = assets[f"sqlite:///{sqlite_db}#main.runs"]
    assert runs["entities"] == {"EMAIL_ADDRESS": 2, "PHONE_NUMBER": 1}
    assert assets[f"sqlite:///{sqlite_db}#main.Eval Notes"]["entities"] == {"PHONE_NUMBER": 1}


def test_cli_missing_sqlite_file_exits_with_a_usage_error(jejak: Any, tmp_path: Path) -> None:
    result = jejak("scan", f"sqlite:///{tmp_path / 'nope.db'}", "--catalog", f"sqlite:///{tmp_path / 'c.db'}")
    assert result.exit_code == 2 and "database file not found" in result.stdout + result.stderr
    assert not (tmp_path / "nope.db").exists()
