"""Catalog behaviour. Tests that take `catalog_url` are backend-neutral: they run here on SQLite and again on
PostgreSQL from tests/integration/test_catalog_postgres.py, which collects these same functions."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from jejak.asset import Asset, AssetFormat
from jejak.catalog import Catalog, CatalogSettings, FindingRecord, RunStatus, default_key_path
from jejak.catalog.engine import build_engine
from jejak.catalog.migrate import VERSION_TABLE, current_revisions, head_revision, upgrade
from jejak.catalog.schema import metadata
from jejak.errors import CatalogError, HashKeyError
from jejak.finding import Finding
from jejak.hashing import HashKey
from jejak.scan.result import AssetResult, ColumnResult, EntityStats, SampleInfo


def asset_result(
    uri: str, *, fingerprint: str = "fp-1", error: str | None = None, skipped: bool = False, size: int = 100
) -> AssetResult:
    asset = Asset(
        uri=uri,
        connector="file",
        format=AssetFormat.CSV,
        size=size,
        modified=1_700_000_000.5,
        etag="e1",
        location="SG",
        fingerprint=fingerprint,
    )
    email = ColumnResult(
        "email", "string", rows_scanned=10, entities={"EMAIL_ADDRESS": EntityStats(4, 3, 0.9)}
    )
    plain = ColumnResult("notes", "large_string", rows_scanned=10)
    return AssetResult(
        asset=asset,
        rows=10,
        columns={"email": email, "notes": plain},
        entities={"EMAIL_ADDRESS": EntityStats(4, 3, 0.9)},
        error=error,
        warnings=["w1"],
        sample=SampleInfo(rows=10, method="head"),
        skipped=skipped,
        duration_s=0.25,
    )


def finding(
    uri: str,
    row: int = 0,
    entity_type: str = "EMAIL_ADDRESS",
    column: str | None = "email",
    value_hash: str = "a" * 64,
) -> Finding:
    return Finding(
        asset_uri=uri,
        column=column,
        row=row,
        start=2,
        end=9,
        entity_type=entity_type,
        score=0.85,
        recognizer="EmailRecognizer",
        preview="a****@x.sg",
        value_hash=value_hash,
    )


def current(catalog: Catalog, **filters: object) -> list[tuple[int, str, int]]:
    return [(f.run_id, f.asset_uri, f.row) for f in catalog.query_findings(**filters)]  # type: ignore[arg-type]


# -- behaviour on every backend (also run against PostgreSQL) ---------------------------------------------


def test_run_roundtrip_keeps_assets_columns_and_findings(catalog_url: str, hash_key: HashKey) -> None:
    with Catalog.open(catalog_url, hash_key) as catalog:
        run = catalog.start_run(["/data"], {"sample_rows": 10, "path": Path("/x")}, "9.9.9")
        asset_id = catalog.record_asset(run, asset_result("file:///data/a.csv"))
        added = catalog.add_findings(
            run,
            [finding("file:///data/a.csv", row=r) for r in (2, 0)]
            + [finding("file:///data/a.csv", row=1, column=None)],
        )
        catalog.finish_run(run, "completed", {"assets": 1, "entities": {"EMAIL_ADDRESS": 3}})
        records = list(catalog.query_findings())
        (stored_run,) = catalog.runs()

    assert added == 3
    assert records[0] == FindingRecord(
        run,
        "file:///data/a.csv",
        None,
        1,
        2,
        9,
        "EMAIL_ADDRESS",
        0.85,
        "EmailRecognizer",
        "a****@x.sg",
        "a" * 64,
    )
    assert [(r.column, r.row) for r in records[1:]] == [("email", 0), ("email", 2)]
    assert stored_run.status is RunStatus.COMPLETED and stored_run.finished_at is not None
    assert stored_run.finished_at >= stored_run.started_at and stored_run.started_at.tzinfo is not None
    assert stored_run.roots == ["/data"] and stored_run.jejak_version == "9.9.9"
    assert stored_run.config == {"sample_rows": 10, "path": "/x"}
    assert stored_run.summary == {"assets": 1, "entities": {"EMAIL_ADDRESS": 3}}

    engine = build_engine(catalog_url)
    with engine.connect() as conn:
        scan = conn.execute(
            sa.text(
                "SELECT rows, error, skipped, duration, warnings, sample, entities "
                "FROM asset_scans WHERE asset_id = :a"
            ),
            {"a": asset_id},
        ).one()
        cols = conn.execute(
            sa.text(
                "SELECT c.name, c.arrow_type, c.rows_scanned, e.entity_type, e.count, "
                "e.rows, e.max_score FROM columns c LEFT JOIN column_entities e "
                "ON e.column_id = c.id ORDER BY c.name"
            )
        ).all()
        asset = conn.execute(
            sa.text(
                "SELECT connector, format, size, etag, location, fingerprint, "
                "first_seen_run, last_scan_run FROM assets"
            )
        ).one()
    engine.dispose()
    assert (scan.rows, scan.error, bool(scan.skipped), scan.duration) == (10, None, False, 0.25)
    sample = scan.sample if isinstance(scan.sample, dict) else json.loads(scan.sample)
    entities = scan.entities if isinstance(scan.entities, dict) else json.loads(scan.entities)
    assert sample == {"rows": 10, "method": "head"}
    assert entities == {"EMAIL_ADDRESS": {"count": 4, "rows": 3, "max_score": 0.9}}
    assert [tuple(c) for c in cols] == [
        ("email", "string", 10, "EMAIL_ADDRESS", 4, 3, 0.9),
        ("notes", "large_string", 10, None, None, None, None),
    ]
    assert tuple(asset) == ("file", "csv", 100, "e1", "SG", "fp-1", run, run)


def test_rescan_supersedes_older_findings_per_asset(catalog_url: str, hash_key: HashKey) -> None:
    a, b = "s3://bkt/a.csv", "s3://bkt/b.csv"
    with Catalog.open(catalog_url, hash_key) as catalog:
        run1 = catalog.start_run(["s3://bkt"], {}, "1")
        catalog.add_findings(run1, [finding(a, 0), finding(a, 1), finding(b, 5)])
        catalog.record_asset(run1, asset_result(a))
        catalog.record_asset(run1, asset_result(b))
        catalog.finish_run(run1, "completed", {})

        run2 = catalog.start_run(["s3://bkt/a.csv"], {}, "1")
        catalog.add_findings(run2, [finding(a, 7)])
        assert current(catalog) == [(run1, a, 0), (run1, a, 1), (run1, b, 5)], "in-progress rescan hid data"
        catalog.record_asset(run2, asset_result(a, fingerprint="fp-2"))
        catalog.finish_run(run2, "completed", {})

        assert current(catalog) == [(run2, a, 7), (run1, b, 5)]
        assert current(catalog, run_id=run1) == [(run1, a, 0), (run1, a, 1), (run1, b, 5)]
        assert current(catalog, run_id=run2) == [(run2, a, 7)]
        assert catalog.last_fingerprint(a) == "fp-2" and catalog.last_fingerprint(b) == "fp-1"
        assert catalog.last_fingerprint("s3://bkt/never.csv") is None
        assert [r.id for r in catalog.runs()] == [run2, run1]
        assert [r.id for r in catalog.runs(limit=1)] == [run2]


def test_skipped_or_failed_rescan_keeps_earlier_findings(catalog_url: str, hash_key: HashKey) -> None:
    a, b = "file:///d/a.csv", "file:///d/b.csv"
    with Catalog.open(catalog_url, hash_key) as catalog:
        run1 = catalog.start_run(["/d"], {}, "1")
        catalog.add_findings(run1, [finding(a, 0), finding(b, 0)])
        catalog.record_asset(run1, asset_result(a))
        catalog.record_asset(run1, asset_result(b))
        run2 = catalog.start_run(["/d"], {}, "1")
        catalog.record_asset(run2, asset_result(a, skipped=True))
        catalog.add_findings(run2, [finding(b, 3)])
        catalog.record_asset(run2, asset_result(b, fingerprint="fp-new", error="truncated gzip", size=5))
        catalog.finish_run(run2, "partial", {})

        assert current(catalog) == [(run1, a, 0), (run1, b, 0)]
        assert catalog.last_fingerprint(b) == "fp-1", "a failed scan must not mark new content as scanned"
        assert current(catalog, run_id=run2) == [(run2, b, 3)]
        assert catalog.runs()[0].status is RunStatus.PARTIAL


def test_findings_before_record_asset_share_one_asset_row(catalog_url: str, hash_key: HashKey) -> None:
    uri = "file:///logs/app.log"
    with Catalog.open(catalog_url, hash_key) as catalog:
        run = catalog.start_run(["/logs"], {}, "1")
        assert catalog.add_findings(run, [finding(uri, 4, column=None)]) == 1
        assert current(catalog) == [(run, uri, 4)], "findings of a new asset are visible straight away"
        asset_id = catalog.record_asset(run, asset_result(uri))
        catalog.add_findings(run, [finding(uri, 9, column=None)])
        assert current(catalog) == [(run, uri, 4), (run, uri, 9)]

    engine = build_engine(catalog_url)
    with engine.connect() as conn:
        assets = conn.execute(sa.text("SELECT id, connector, first_seen_run FROM assets")).all()
        finding_assets = conn.execute(sa.text("SELECT DISTINCT asset_id FROM findings")).scalars().all()
    engine.dispose()
    assert [tuple(a) for a in assets] == [(asset_id, "file", run)]
    assert finding_assets == [asset_id]


def test_findings_of_a_later_run_count_when_every_earlier_scan_failed(
    catalog_url: str, hash_key: HashKey
) -> None:
    uri = "file:///d/broken.parquet"
    with Catalog.open(catalog_url, hash_key) as catalog:
        run1 = catalog.start_run(["/d"], {}, "1")
        catalog.record_asset(run1, asset_result(uri, error="corrupt footer"))
        run2 = catalog.start_run(["/d"], {}, "1")
        catalog.add_findings(run2, [finding(uri, 1)])
        assert current(catalog) == [(run2, uri, 1)]


def test_recording_an_asset_twice_in_a_run_replaces_the_first(catalog_url: str, hash_key: HashKey) -> None:
    uri = "file:///d/a.csv"
    with Catalog.open(catalog_url, hash_key) as catalog:
        run = catalog.start_run(["/d"], {}, "1")
        catalog.record_asset(run, asset_result(uri, error="timeout"))
        catalog.record_asset(run, asset_result(uri))
    engine = build_engine(catalog_url)
    with engine.connect() as conn:
        scans = conn.execute(sa.text("SELECT error FROM asset_scans")).scalars().all()
        n_columns = conn.execute(sa.text("SELECT COUNT(*) FROM columns")).scalar_one()
        n_entities = conn.execute(sa.text("SELECT COUNT(*) FROM column_entities")).scalar_one()
    engine.dispose()
    assert (scans, n_columns, n_entities) == ([None], 2, 1)


def test_query_filters(catalog_url: str, hash_key: HashKey) -> None:
    with Catalog.open(catalog_url, hash_key) as catalog:
        run = catalog.start_run(["/d"], {}, "1")
        catalog.add_findings(
            run,
            [
                finding("file:///d/Users.csv", 0),
                finding("file:///d/users.csv", 1, "PHONE"),
                finding("file:///d/orders.csv", 2, "NRIC"),
            ],
        )
        assert [f.row for f in catalog.query_findings(entity_types=["PHONE", "NRIC"])] == [2, 1]
        assert [f.asset_uri for f in catalog.query_findings(asset_like="%USERS%")] == [
            "file:///d/Users.csv",
            "file:///d/users.csv",
        ], "asset_like is case-insensitive on every backend"
        assert [f.row for f in catalog.query_findings(asset_like="%users.csv", entity_types=["PHONE"])] == [1]
        assert len(list(catalog.query_findings(limit=2))) == 2
        assert list(catalog.query_findings(run_id=run + 1)) == []


def test_hash_key_mismatch_is_refused(catalog_url: str, hash_key: HashKey, tmp_path: Path) -> None:
    Catalog.open(catalog_url, hash_key).close()
    other = HashKey.generate(key_file=tmp_path / "other.key")
    with pytest.raises(HashKeyError) as excinfo:
        Catalog.open(catalog_url, other)
    message = str(excinfo.value)
    assert "another hash key" in message and "JEJAK_HASH_KEY" in message and str(other.key_file) in message
    assert "\n" not in message and hash_key.hex() not in message
    with Catalog.open(catalog_url, hash_key) as catalog:  # the right key still opens it
        assert catalog.meta()["hash_key_fingerprint"] == hash_key.fingerprint()


def test_old_catalog_is_upgraded_with_data_kept(catalog_url: str, hash_key: HashKey) -> None:
    engine = build_engine(catalog_url)
    with engine.begin() as conn:
        upgrade(conn, "0001")
        conn.execute(
            sa.text("INSERT INTO catalog_meta (key, value) VALUES ('hash_key_fingerprint', :fp)"),
            {"fp": hash_key.fingerprint()},
        )
        old_run = conn.execute(
            sa.text(
                "INSERT INTO scan_runs (started_at, status, jejak_version, roots, config) "
                "VALUES (:t, 'completed', '0.0.1', '[\"/old\"]', '{}') RETURNING id"
            ),
            {"t": datetime(2024, 1, 1, tzinfo=UTC)},
        ).scalar_one()
        old_asset = conn.execute(
            sa.text("INSERT INTO assets (uri, findings_run) VALUES ('file:///old.csv', :r) RETURNING id"),
            {"r": old_run},
        ).scalar_one()
        conn.execute(
            sa.text(
                "INSERT INTO findings (run_id, asset_id, column_name, row_index, start_offset, "
                "end_offset, entity_type, score, recognizer, preview, value_hash) VALUES "
                "(:r, :a, 'c', 3, 0, 5, 'NRIC', 0.5, 'r', 'S***', :h)"
            ),
            {"r": old_run, "a": old_asset, "h": "b" * 64},
        )
    with engine.connect() as conn:
        assert current_revisions(conn) == ("0001",)
        assert "sample" not in {c["name"] for c in sa.inspect(conn).get_columns("asset_scans")}

    with Catalog.open(catalog_url, hash_key) as catalog:
        assert current(catalog) == [(old_run, "file:///old.csv", 3)]
        run = catalog.start_run(["/new"], {}, "1")
        catalog.record_asset(run, asset_result("file:///new.csv"))  # writes the column 0002 added
        assert run != old_run and catalog.runs()[1].roots == ["/old"]

    with engine.connect() as conn:
        assert current_revisions(conn) == (head_revision(),) == ("0007",)
        indexes = {ix["name"] for ix in sa.inspect(conn).get_indexes("findings")}
    engine.dispose()
    assert {"ix_findings_value_hash", "ix_findings_entity_type", "ix_findings_asset_run"} <= indexes


def test_catalog_from_a_newer_jejak_is_refused(catalog_url: str, hash_key: HashKey) -> None:
    Catalog.open(catalog_url, hash_key).close()
    engine = build_engine(catalog_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f"UPDATE {VERSION_TABLE} SET version_num = '0099_future'"))
    engine.dispose()
    with pytest.raises(CatalogError, match=r"revision 0099_future, newer .*; upgrade jejak") as excinfo:
        Catalog.open(catalog_url, hash_key)
    assert "\n" not in str(excinfo.value)


def test_schema_module_matches_the_migrations(catalog_url: str, hash_key: HashKey) -> None:
    Catalog.open(catalog_url, hash_key).close()
    engine = build_engine(catalog_url)
    with engine.connect() as conn:
        diffs = compare_metadata(
            MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}), metadata
        )
    engine.dispose()
    assert diffs == []


def test_add_findings_bulk(catalog_url: str, hash_key: HashKey) -> None:
    n = 100_000
    items = (finding(f"file:///d/part-{i % 50}.parquet", row=i, value_hash=f"{i:064x}") for i in range(n))
    with Catalog.open(catalog_url, hash_key) as catalog:
        run = catalog.start_run(["/d"], {}, "1")
        started = time.perf_counter()
        assert catalog.add_findings(run, items) == n
        elapsed = time.perf_counter() - started
        assert sum(1 for _ in catalog.query_findings(asset_like="%part-7.parquet")) == n // 50
    assert elapsed < 20, f"100k findings took {elapsed:.1f}s"


def test_finish_run_rejects_bad_status_and_unknown_run(catalog_url: str, hash_key: HashKey) -> None:
    with Catalog.open(catalog_url, hash_key) as catalog:
        run = catalog.start_run([], {}, "1")
        with pytest.raises(CatalogError, match="unknown run status 'done'"):
            catalog.finish_run(run, "done", {})
        with pytest.raises(CatalogError, match="final status"):
            catalog.finish_run(run, "running", {})
        with pytest.raises(CatalogError, match=f"no scan run {run + 1}"):
            catalog.finish_run(run + 1, "completed", {})
        assert catalog.runs()[0].status is RunStatus.RUNNING


def test_findings_for_an_unknown_run_are_rejected_whole(catalog_url: str, hash_key: HashKey) -> None:
    with Catalog.open(catalog_url, hash_key) as catalog:
        run = catalog.start_run([], {}, "1")
        with pytest.raises(CatalogError, match="cannot add findings"):
            catalog.add_findings(run + 1, [finding("file:///x.csv")])
        # the failed transaction left no asset behind, and the id cache did not keep one either
        catalog.add_findings(run, [finding("file:///x.csv")])
        assert current(catalog) == [(run, "file:///x.csv", 0)]


# -- SQLite and settings specifics ------------------------------------------------------------------------


def test_default_catalog_lives_in_dot_jejak_of_cwd(tmp_path: Path, hash_key: HashKey) -> None:
    settings = CatalogSettings.resolve(None, {}, tmp_path)
    assert settings.url == f"sqlite:///{tmp_path}/.jejak/catalog.db"
    assert settings.key_file == tmp_path / ".jejak" / "hash.key"
    Catalog.open(settings.url, hash_key).close()
    assert (tmp_path / ".jejak" / "catalog.db").is_file()


def test_catalog_url_precedence_and_relative_paths(tmp_path: Path) -> None:
    env = {"JEJAK_CATALOG": "sqlite:///env/c.db"}
    assert (
        CatalogSettings.resolve("postgresql+psycopg://u@h/db", env, tmp_path).url
        == "postgresql+psycopg://u@h/db"
    )
    from_env = CatalogSettings.resolve(None, env, tmp_path)
    assert from_env.url == f"sqlite:///{tmp_path}/env/c.db"
    assert from_env.key_file == tmp_path / "env" / "hash.key"


def test_default_key_path_for_server_databases_is_in_cwd(tmp_path: Path) -> None:
    assert (
        default_key_path("postgresql+psycopg://u:secret@h:5432/db", tmp_path) == tmp_path / ".jejak/hash.key"
    )
    assert default_key_path("sqlite://", tmp_path) == tmp_path / ".jejak/hash.key"
    assert default_key_path("sqlite:////srv/cat/x.db", tmp_path) == Path("/srv/cat/hash.key")


def test_settings_give_the_env_hash_key_over_the_file(tmp_path: Path) -> None:
    settings = CatalogSettings.resolve(None, {}, tmp_path)
    key = settings.hash_key({"JEJAK_HASH_KEY": "ab" * 32})
    assert key.secret == bytes.fromhex("ab" * 32) and not settings.key_file.exists()


def test_unopenable_catalog_is_a_one_line_catalog_error(tmp_path: Path, hash_key: HashKey) -> None:
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(CatalogError, match=r"cannot open catalog sqlite:///.*dir\.db: ") as excinfo:
        Catalog.open(f"sqlite:///{tmp_path / 'dir.db'}", hash_key)
    assert "\n" not in str(excinfo.value)
    with pytest.raises(CatalogError, match="invalid catalog URL"):
        CatalogSettings.resolve("not a url", {}, tmp_path)


def test_password_is_masked_in_open_errors(hash_key: HashKey) -> None:
    with pytest.raises(CatalogError) as excinfo:
        Catalog.open("postgresql+psycopg://u:hunter2@127.0.0.1:1/db?connect_timeout=2", hash_key)
    assert "hunter2" not in str(excinfo.value) and "***" in str(excinfo.value)
