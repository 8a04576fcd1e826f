"""The same scan written to a real PostgreSQL catalog gives the same findings as SQLite."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

LAKE = Path(__file__).resolve().parents[2] / "fixtures" / "lake"

pytestmark = pytest.mark.postgres


def test_scan_into_postgres_matches_sqlite(
    jejak, postgres_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # one key for both catalogs (by default each would get its own key file), so hashes are comparable
    monkeypatch.setenv("JEJAK_HASH_KEY", "11" * 32)
    pg_url = postgres_server.new_database()
    sqlite_url = f"sqlite:///{tmp_path / 'catalog.db'}"
    args = ("scan", str(LAKE), "--format", "json", "--quiet", "--include", "raw/**", "--include", "eval/**")
    on_pg = jejak(*args, "--catalog", pg_url)
    on_sqlite = jejak(*args, "--catalog", sqlite_url)
    assert on_pg.exit_code == on_sqlite.exit_code == 3  # raw/ holds the corrupt Parquet backup
    assert (
        json.loads(on_pg.stdout)["summary"]["entities"] == json.loads(on_sqlite.stdout)["summary"]["entities"]
    )

    def findings(url: str) -> list[dict[str, Any]]:
        result = jejak("findings", "--catalog", url, "--format", "json")
        rows = json.loads(result.stdout)
        return sorted(rows, key=lambda r: (r["asset_uri"], r["column"] or "", r["row"], r["start"]))

    from_pg, from_sqlite = findings(pg_url), findings(sqlite_url)
    assert len(from_pg) == json.loads(on_pg.stdout)["summary"]["findings_recorded"] > 100
    strip = lambda rows: [{k: v for k, v in r.items() if k != "run_id"} for r in rows]  # noqa: E731
    assert strip(from_pg) == strip(from_sqlite)


def test_subject_keys_and_lookup_on_postgres(
    jejak, postgres_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Subject-key cells are written per batch like findings, and `subject find` reads both, on PostgreSQL."""
    monkeypatch.setenv("JEJAK_HASH_KEY", "22" * 32)
    url = postgres_server.new_database()
    config = tmp_path / "jejak.yaml"
    config.write_text(
        'erasure:\n  subject_keys:\n    - {match: "*/training/*.parquet", column: user_id, kind: user_id}\n',
        encoding="utf-8",
    )
    scanned = jejak(
        "scan", str(LAKE / "training"), str(LAKE / "raw"), "--config", str(config), "--catalog", url, "-q"
    )
    assert scanned.exit_code == 3, scanned.output  # raw/ holds the corrupt Parquet backup
    by_key = jejak(
        "subject",
        "find",
        "--id",
        "user_id=u002569",
        "--config",
        str(config),
        "--catalog",
        url,
        "--format",
        "json",
    )
    assert by_key.exit_code == 0, by_key.output
    hits = json.loads(by_key.stdout)
    assert [a["uri"].rsplit("/", 2)[-2:] for a in hits["assets"]] == [["training", "train.parquet"]]
    assert {hit["via"] for a in hits["assets"] for hit in a["hits"]} == {"subject_key"}
    by_email = jejak(
        "subject", "find", "--id", "email=waikit_chong@example.com", "--catalog", url, "--format", "json"
    )
    assert by_email.exit_code == 0 and "waikit_chong" not in by_email.stdout
    assert any(a["uri"].endswith("raw/users.parquet") for a in json.loads(by_email.stdout)["assets"])
    missing = jejak("subject", "find", "--id", "user_id=u999999", "--config", str(config), "--catalog", url)
    assert missing.exit_code == 1
