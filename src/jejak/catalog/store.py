"""The catalog: every scan run, what it read and what it found, in SQLite or any SQLAlchemy database.

Findings stream in per batch while an asset is still being scanned, so `add_findings` may name an asset
before `record_asset` describes it: it creates a bare asset row by URI, which `record_asset` fills in later.

Which findings are current: each asset points at `findings_run`, the run whose findings describe it now. A
complete scan of the asset moves that pointer to its own run (a rescan supersedes older findings); a skipped
or failed scan leaves it alone, so an unchanged file or a transient read error does not hide what an earlier
scan found. An asset first seen through `add_findings` points at that run straight away. A catalog has one
writer at a time (one scan run); readers may run alongside.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice
from types import TracebackType
from typing import Any, Protocol, TypeVar

from sqlalchemy import Table, delete, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError, StatementError

from jejak import __version__
from jejak.catalog import rows
from jejak.catalog.bulk import insert_many
from jejak.catalog.engine import build_engine
from jejak.catalog.migrate import upgrade
from jejak.catalog.records import FindingRecord, PreviousScan, RunRecord, RunStatus
from jejak.catalog.schema import (
    asset_scans,
    assets,
    catalog_meta,
    column_entities,
    columns,
    findings,
    scan_runs,
    subject_keys,
)
from jejak.catalog.settings import display_url
from jejak.errors import CatalogError, HashKeyError
from jejak.finding import Finding, SubjectKey
from jejak.hashing import ENV_VAR as HASH_KEY_ENV
from jejak.hashing import HashKey
from jejak.scan.result import AssetResult

FINDINGS_CHUNK = 5000
_LOOKUP_CHUNK = 500  # URIs per IN (...) look-up, well under every backend's bound-parameter limit
_T = TypeVar("_T")


class _Located(Protocol):
    """A row that belongs to an asset by URI (a finding, a subject-key cell)."""

    @property
    def asset_uri(self) -> str: ...


def _chunks(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's first message line: no SQL and no bound parameters, which may hold finding previews."""
    orig = getattr(exc, "orig", None)
    if orig is not None:
        text = str(orig)
    elif isinstance(exc, StatementError):  # its text is the SQL statement with its parameters
        text = ""
    else:
        text = str(exc)
    return text.strip().splitlines()[0] if text.strip() else exc.__class__.__name__


class Catalog:
    """Read and write one catalog database. Open with `Catalog.open`; use as a context manager."""

    def __init__(self, engine: Engine, url: str) -> None:
        self._engine = engine
        self.url = url
        self._asset_ids: dict[str, int] = {}  # uri -> assets.id, filled only after a commit
        self._claimed: set[tuple[int, int]] = set()  # (run, asset) pairs already given a findings run

    @property
    def engine(self) -> Engine:
        """The catalog's engine, for modules that keep their own tables in it (subject keys, lineage):
        one connection pool, so SQLite writers in one process take turns instead of locking each other."""
        return self._engine

    # -- lifecycle ---------------------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str, hash_key: HashKey) -> Catalog:
        """Open (creating or upgrading as needed) the catalog at `url` and check it was written with
        `hash_key`. Raises CatalogError if the database is unreachable or newer than this jejak,
        HashKeyError if the catalog belongs to another key."""
        shown = display_url(url)
        try:
            engine = build_engine(url)
        except ImportError as exc:
            raise CatalogError(
                f"cannot open catalog {shown}: database driver {exc.name} is not installed "
                "(for PostgreSQL: pip install 'jejak[postgres]')"
            ) from exc
        except (SQLAlchemyError, OSError) as exc:
            reason = _reason(exc) if isinstance(exc, SQLAlchemyError) else str(exc)
            raise CatalogError(f"cannot open catalog {shown}: {reason}") from exc
        try:
            with engine.connect() as conn:
                _prepare(conn, hash_key)
        except DBAPIError as exc:
            engine.dispose()
            raise CatalogError(f"cannot open catalog {shown}: {_reason(exc)}") from exc
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, url)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def _writing(self, action: str) -> Iterator[Connection]:
        """One transaction; database errors become a CatalogError that names the action, not the data.
        (Only errors from the database: a misuse of SQLAlchemy is a bug and keeps its own traceback.)"""
        try:
            with self._engine.begin() as conn:
                yield conn
        except DBAPIError as exc:
            raise CatalogError(f"cannot {action} in catalog {display_url(self.url)}: {_reason(exc)}") from exc

    # -- writing -----------------------------------------------------------------------------------------

    def start_run(self, roots: list[str], config: dict[str, Any], jejak_version: str) -> int:
        """Record a new run as `running`; `config` is the effective config, already stripped of secrets."""
        values = {
            "started_at": datetime.now(UTC),
            "status": RunStatus.RUNNING.value,
            "jejak_version": jejak_version,
            "roots": list(roots),
            "config": config,
        }
        with self._writing("start a run") as conn:
            run_id = conn.execute(insert(scan_runs).values(values)).inserted_primary_key
        assert run_id is not None
        return int(run_id[0])

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        final = RunStatus.parse(status)
        if final is RunStatus.RUNNING:
            raise CatalogError("finish_run needs a final status: completed, failed or partial")
        with self._writing("finish a run") as conn:
            done = conn.execute(
                update(scan_runs)
                .where(scan_runs.c.id == run_id)
                .values(finished_at=datetime.now(UTC), status=final.value, summary=summary)
            )
            if done.rowcount == 0:
                raise CatalogError(f"no scan run {run_id} in catalog {display_url(self.url)}")

    def record_asset(self, run_id: int, result: AssetResult) -> int:
        """Upsert the asset by URI and store this run's scan of it with its columns; returns the asset id.
        Recording the same asset twice in one run replaces the first record (a retried asset)."""
        asset = result.asset
        new_ids: dict[str, int] = {}
        created: set[str] = set()
        with self._writing(f"record asset {asset.uri}") as conn:
            ids = self._asset_ids_for(conn, {asset.uri}, run_id, new_ids, findings_run=None, created=created)
            asset_id = ids[asset.uri]
            conn.execute(
                update(assets)
                .where(assets.c.id == asset_id)
                .values({**rows.asset_metadata(asset), "last_scan_run": run_id})
            )
            if rows.is_complete(result):
                conn.execute(
                    update(assets)
                    .where(
                        assets.c.id == asset_id,
                        or_(assets.c.findings_run.is_(None), assets.c.findings_run <= run_id),
                    )
                    .values(findings_run=run_id, fingerprint=asset.fingerprint)
                )
            if asset.uri not in created:  # a row made just now has no scans (three statements saved)
                _delete_scan(conn, run_id, asset_id)
            inserted = conn.execute(insert(asset_scans).values(rows.scan_values(run_id, asset_id, result)))
            assert inserted.inserted_primary_key is not None
            _insert_columns(conn, int(inserted.inserted_primary_key[0]), result)
        self._asset_ids.update(new_ids)
        return asset_id

    def add_findings(self, run_id: int, items: Iterable[Finding]) -> int:
        """Insert findings in one transaction (executemany per chunk of 5,000); returns how many."""
        return self._add_located(run_id, items, findings, rows.finding_values, "add findings")

    def add_subject_keys(self, run_id: int, items: Iterable[SubjectKey]) -> int:
        """Insert subject-key cells (`erasure.subject_keys` columns) as `add_findings` inserts findings: an
        asset first seen here gets a bare row whose findings are current from this run."""
        return self._add_located(run_id, items, subject_keys, rows.subject_key_values, "add subject keys")

    def _add_located(
        self,
        run_id: int,
        items: Iterable[_Located],
        table: Table,
        values: Callable[[int, int, Any], dict[str, Any]],
        action: str,
    ) -> int:
        total = 0
        new_ids: dict[str, int] = {}
        claimed: set[tuple[int, int]] = set()
        with self._writing(action) as conn:
            for chunk in _chunks(items, FINDINGS_CHUNK):
                uris = {item.asset_uri for item in chunk}
                ids = self._asset_ids_for(conn, uris, run_id, new_ids, findings_run=run_id)
                self._claim_findings_run(conn, run_id, ids.values(), claimed)
                insert_many(conn, table, [values(run_id, ids[item.asset_uri], item) for item in chunk])
                total += len(chunk)
        self._asset_ids.update(new_ids)
        self._claimed |= claimed
        return total

    def _asset_ids_for(
        self,
        conn: Connection,
        uris: set[str],
        run_id: int,
        new_ids: dict[str, int],
        *,
        findings_run: int | None,
        created: set[str] | None = None,
    ) -> dict[str, int]:
        """Asset ids by URI, from the cache, the table, or a new bare row (recorded in `new_ids` so the
        cache only learns them once the transaction has committed). A new row's findings are current from
        `findings_run`: the findings' own run for `add_findings`, not yet for `record_asset` (a failed
        first scan must leave room for the findings of a later one). URIs given rows here go to `created`."""
        found = {uri: self._asset_ids.get(uri) or new_ids.get(uri) for uri in uris}
        missing = sorted(uri for uri, asset_id in found.items() if asset_id is None)
        for chunk in _chunks(missing, _LOOKUP_CHUNK):
            known = conn.execute(select(assets.c.uri, assets.c.id).where(assets.c.uri.in_(chunk)))
            for uri, asset_id in known:
                found[uri] = new_ids[uri] = asset_id
        for uri in missing:
            if found[uri] is None:
                key = conn.execute(
                    insert(assets).values(uri=uri, first_seen_run=run_id, findings_run=findings_run)
                ).inserted_primary_key
                assert key is not None
                found[uri] = new_ids[uri] = int(key[0])
                if created is not None:
                    created.add(uri)
        return {uri: int(asset_id) for uri, asset_id in found.items() if asset_id is not None}

    def _claim_findings_run(
        self, conn: Connection, run_id: int, asset_ids: Collection[int], claimed: set[tuple[int, int]]
    ) -> None:
        """Findings of an asset with no current run yet (e.g. its only scan failed) become current now."""
        todo = [a for a in asset_ids if (run_id, a) not in self._claimed and (run_id, a) not in claimed]
        if todo:
            conn.execute(
                update(assets)
                .where(assets.c.id.in_(todo), assets.c.findings_run.is_(None))
                .values(findings_run=run_id)
            )
            claimed.update((run_id, a) for a in todo)

    # -- reading -----------------------------------------------------------------------------------------

    def last_fingerprint(self, uri: str) -> str | None:
        """The fingerprint of the asset as of its last complete scan (None if never completely scanned)."""
        previous = self.previous_scan(uri)
        return previous.fingerprint if previous else None

    def previous_scan(self, uri: str) -> PreviousScan | None:
        """The asset's last complete scan (the one whose findings are current), None if it never had one."""
        query = (
            select(
                assets.c.findings_run,
                assets.c.fingerprint,
                asset_scans.c.rows,
                asset_scans.c.sample,
                asset_scans.c.entities,
            )
            .join(
                asset_scans,
                (asset_scans.c.asset_id == assets.c.id) & (asset_scans.c.run_id == assets.c.findings_run),
            )
            .where(assets.c.uri == uri)
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return PreviousScan(
            run_id=int(row.findings_run),
            fingerprint=row.fingerprint,
            rows=int(row.rows),
            sampled=row.sample is not None,
            entities=dict(row.entities or {}),
        )

    def query_findings(
        self,
        *,
        entity_types: Sequence[str] = (),
        asset_like: str | None = None,
        run_id: int | None = None,
        limit: int | None = None,
    ) -> Iterator[FindingRecord]:
        """Stream findings, ordered by asset URI, column, row and offset.

        `run_id=None` gives each asset's current findings (see the module docstring); a run id gives exactly
        that run's findings. `asset_like` is a SQL LIKE pattern on the URI (`%` any run, `_` one character),
        matched case-insensitively on every backend.
        """
        stmt = (
            select(*rows.FINDING_COLUMNS)
            .join(assets, assets.c.id == findings.c.asset_id)
            .where(findings.c.run_id == (assets.c.findings_run if run_id is None else run_id))
            .order_by(
                assets.c.uri,
                findings.c.column_name.asc().nulls_first(),
                findings.c.row_index,
                findings.c.start_offset,
                findings.c.id,
            )
        )
        if entity_types:
            stmt = stmt.where(findings.c.entity_type.in_(list(entity_types)))
        if asset_like is not None:
            stmt = stmt.where(assets.c.uri.ilike(asset_like))
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._engine.connect() as conn:
            for row in conn.execution_options(yield_per=2000).execute(stmt):
                yield rows.finding_record(row)

    def runs(self, limit: int = 20) -> list[RunRecord]:
        """The most recent runs, newest first."""
        with self._engine.connect() as conn:
            result = conn.execute(select(scan_runs).order_by(scan_runs.c.id.desc()).limit(limit))
            return [rows.run_record(row) for row in result]

    def meta(self) -> dict[str, str]:
        """`created_at`, `created_by` (jejak version) and `hash_key_fingerprint`."""
        with self._engine.connect() as conn:
            return _read_meta(conn)


def _prepare(conn: Connection, hash_key: HashKey) -> None:
    """Upgrade the schema, then record or check the hash key fingerprint, in one transaction.

    SQLite migrations run with foreign keys off: batch migrations rebuild a table by dropping it, which with
    enforcement on would delete (or refuse for) every row that references it. The pragma only takes effect
    outside a transaction, hence the commits around it.
    """
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
    try:
        with conn.begin():
            upgrade(conn)
            _check_hash_key(conn, hash_key)
    finally:
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


def _check_hash_key(conn: Connection, hash_key: HashKey) -> None:
    stored = _read_meta(conn)
    fingerprint = hash_key.fingerprint()
    if "hash_key_fingerprint" not in stored:
        wanted = {
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "created_by": __version__,
            "hash_key_fingerprint": fingerprint,
        }
        missing = [{"key": key, "value": value} for key, value in wanted.items() if key not in stored]
        conn.execute(insert(catalog_meta), missing)
    elif stored["hash_key_fingerprint"] != fingerprint:
        where = hash_key.key_file or "the catalog's hash.key file"
        raise HashKeyError(
            f"this catalog was written with another hash key (fingerprint "
            f"{stored['hash_key_fingerprint']}, given {fingerprint}); set {HASH_KEY_ENV} "
            f"or restore {where}"
        )


def _read_meta(conn: Connection) -> dict[str, str]:
    return {key: value for key, value in conn.execute(select(catalog_meta.c.key, catalog_meta.c.value))}


def _delete_scan(conn: Connection, run_id: int, asset_id: int) -> None:
    """Remove an earlier record of this asset in this run, children first (no reliance on cascades)."""
    scan_ids = select(asset_scans.c.id).where(
        asset_scans.c.run_id == run_id, asset_scans.c.asset_id == asset_id
    )
    column_ids = select(columns.c.id).where(columns.c.asset_scan_id.in_(scan_ids))
    conn.execute(delete(column_entities).where(column_entities.c.column_id.in_(column_ids)))
    conn.execute(delete(columns).where(columns.c.asset_scan_id.in_(scan_ids)))
    conn.execute(delete(asset_scans).where(asset_scans.c.id.in_(scan_ids)))


def _insert_columns(conn: Connection, scan_id: int, result: AssetResult) -> None:
    """The scan's columns in one executemany, their ids read back by name (unique per scan), then their
    entity stats: a statement per column made recording a wide table's scan cost more than reading it."""
    scanned = list(result.columns.values())
    if not scanned:
        return
    conn.execute(
        insert(columns),
        [
            {
                "asset_scan_id": scan_id,
                "name": column.name,
                "arrow_type": column.arrow_type,
                "rows_scanned": column.rows_scanned,
            }
            for column in scanned
        ],
    )
    ids = dict(
        conn.execute(select(columns.c.name, columns.c.id).where(columns.c.asset_scan_id == scan_id)).all()
    )
    entity_rows = [
        {"column_id": int(ids[column.name]), "entity_type": name, **stats}
        for column in scanned
        for name, stats in rows.entities_json(column.entities).items()
    ]
    if entity_rows:
        conn.execute(insert(column_entities), entity_rows)
