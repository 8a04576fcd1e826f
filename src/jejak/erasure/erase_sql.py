"""Erase from SQL tables: one database transaction per table, checked before it commits.

A table cannot be swapped like a file, but a transaction gives the same guarantee: the table is the
original or the erased one, never in between. Inside it:

1. the table is locked against writers (PostgreSQL `SHARE ROW EXCLUSIVE`; SQLite `BEGIN IMMEDIATE`);
2. it is read in primary-key order, as the scan read it, and every planned location is checked to still
   hold the subject (`SubjectCells`): row numbers are positions, so any insert or delete since planning
   would otherwise point them at someone else's rows;
3. the subject's rows are deleted by primary key (`delete_rows`), or their text cells redacted
   (`redact_spans`);
4. the table is read again: rows_after == rows_before - removed, and every row the plan does not name has
   the same content, in the same order (a digest over them before and after);
5. the journal records the new table digest (`written`), and only then does the transaction commit.

A run killed before the commit leaves the original table (the database rolls back); one killed after it
is recognised by the table's digest, which equals the journal's `new_sha256`. The digest is SHA-256 over
the rows' content hashes in key order; `sha256_before`/`sha256_after` in the report are these digests.
Tables without a primary key are refused: their rows have no stable address.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import Connection, delete, text, tuple_, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchTableError, SQLAlchemyError

from jejak.connectors.sql_errors import driver_message
from jejak.connectors.sql_url import SqlDatabase
from jejak.erasure.edits import Cut, Edits, RewriteError, check_rows, redact_text
from jejak.erasure.erase_local import REWRITE_ACTIONS
from jejak.erasure.eraser import Checkpoint, EraseItem, StalePlan, swapped
from jejak.erasure.journal import Journal, JournalEntry, Step
from jejak.erasure.outcome import AssetOutcome
from jejak.erasure.sql_table import SqlTable, TableRow
from jejak.erasure.subject_cells import SubjectCells
from jejak.errors import ConnectorError, UsageError

_KEYS_PER_STATEMENT = 500


@dataclass
class _Pass:
    """One read of the table: its digest, the digest of the rows the plan leaves alone, the asked rows."""

    skip: frozenset[int]
    rows: int = 0
    _all: hashlib._Hash = field(default_factory=hashlib.sha256)
    _kept: hashlib._Hash = field(default_factory=hashlib.sha256)
    asked: dict[int, TableRow] = field(default_factory=dict)

    def add(self, row: TableRow) -> None:
        self.rows += 1
        self._all.update(row.digest.encode())
        if row.number not in self.skip:
            self._kept.update(row.digest.encode())
        if row.cells or row.number in self.skip:
            self.asked[row.number] = row

    @property
    def digest(self) -> str:
        return self._all.hexdigest()

    @property
    def kept(self) -> str:
        return self._kept.hexdigest()


class _Changed(Exception):
    """The table no longer holds the subject where the plan says (raised inside the transaction)."""


class SqlTableEraser:
    """`urls` maps a database as plans show it (password masked) to the URL to open it with."""

    def __init__(self, urls: Mapping[str, str], cells: SubjectCells, chunk_rows: int = 5_000) -> None:
        self._urls = dict(urls)
        self._cells = cells
        self._chunk = chunk_rows
        self._databases: dict[str, SqlDatabase] = {}

    def unsupported(self, item: EraseItem) -> str | None:
        if item.action not in REWRITE_ACTIONS:
            return f"{item.action} is not supported for SQL tables"
        return None

    def check(self, item: EraseItem, entry: JournalEntry | None) -> bool:
        database, schema, name = self._where(item)
        try:
            with database.engine.connect() as conn:
                table = self._reflect(conn, item, schema, name)
                read = self._read(conn, table, _wanted(item.edits), frozenset())
        except SQLAlchemyError as exc:
            message = driver_message(exc, database.secrets)
            raise UsageError(f"cannot check {item.uri} before erasing: {message}") from None
        if entry is not None and entry.is_swapped and read.digest == entry.new_sha256:
            return True
        if not self._still_holds(item, read):
            raise StalePlan(item.plan_id, item.uri, "no longer holds the subject at the planned rows")
        return False

    def erase(self, item: EraseItem, journal: Journal, checkpoint: Checkpoint) -> AssetOutcome:
        database, schema, name = self._where(item)
        try:
            with database.engine.begin() as conn:
                entry = self._erase(conn, item, schema, name, journal, checkpoint)
        except _Changed:
            reason = "it changed since planning (the planned rows no longer hold the subject); unchanged"
            return AssetOutcome(item.uri, item.action, "failed", reason)
        except RewriteError as exc:
            return AssetOutcome(item.uri, item.action, "failed", f"{exc}; the table is unchanged")
        except SQLAlchemyError as exc:
            message = driver_message(exc, database.secrets)
            return AssetOutcome(item.uri, item.action, "failed", f"{message}; the table is unchanged")
        return swapped(item, entry, journal, checkpoint)

    def _erase(
        self,
        conn: Connection,
        item: EraseItem,
        schema: str,
        name: str,
        journal: Journal,
        checkpoint: Checkpoint,
    ) -> JournalEntry:
        """Everything inside the transaction; returns the `written` entry. Raising rolls back."""
        table = SqlTable.reflect(conn, schema, name)
        if conn.dialect.name == "postgresql":
            shown = conn.dialect.identifier_preparer.format_table(table.table)
            conn.execute(text(f"LOCK TABLE {shown} IN SHARE ROW EXCLUSIVE MODE"))
        wanted = _wanted(item.edits)
        before = self._read(conn, table, wanted, wanted)
        check_rows(item.edits, before.rows)
        if not self._still_holds(item, before):
            raise _Changed
        entry = JournalEntry(item.plan_id, item.uri, item.action, Step.PLANNED, original_sha256=before.digest)
        journal.record(entry)
        checkpoint("planned")
        removed = _delete(conn, table, [before.asked[row].key for row in sorted(item.edits.delete)])
        redacted = _redact(conn, table, before.asked, item.edits)
        after = self._read(conn, table, frozenset(), frozenset(item.edits.redact))
        if after.rows != before.rows - removed:
            raise RewriteError(
                f"rows after ({after.rows}) != rows before ({before.rows}) - removed ({removed})"
            )
        if after.kept != before.kept:
            raise RewriteError("a row the plan does not name would change")
        entry = replace(
            entry,
            step=Step.WRITTEN,
            new_sha256=after.digest,
            rows_before=before.rows,
            rows_after=after.rows,
            removed=removed,
            redacted=redacted,
        )
        journal.record(entry)  # before the commit: a run killed after it recognises the erased table
        checkpoint("written")
        return entry

    def _read(self, conn: Connection, table: SqlTable, wanted: frozenset[int], skip: frozenset[int]) -> _Pass:
        read = _Pass(skip)
        for row in table.rows(conn, self._chunk, wanted):
            read.add(row)
        return read

    def _still_holds(self, item: EraseItem, read: _Pass) -> bool:
        for location in item.hit["locations"]:
            row = read.asked.get(int(location["row"]))
            values = row.cells.get(str(location["column"]), []) if row else []
            if not self._cells.holds(location, values, item.subject):
                return False
        return True

    def _reflect(self, conn: Connection, item: EraseItem, schema: str, name: str) -> SqlTable:
        try:
            table = SqlTable.reflect(conn, schema, name)
        except NoSuchTableError:
            raise StalePlan(item.plan_id, item.uri, "no longer exists") from None
        if not table.key_columns:
            raise UsageError(
                f"{item.uri} has no primary key, so its rows have no stable address; erase them by hand "
                "or add a key, scan and plan again"
            )
        return table

    def _where(self, item: EraseItem) -> tuple[SqlDatabase, str, str]:
        shown, _, qualified = item.uri.rpartition("#")
        schema, _, name = qualified.partition(".")
        if not shown or not name:
            raise UsageError(f"{item.uri} is not a table URI of the sql connector; plan again")
        if shown not in self._databases:
            self._databases[shown] = self._open(shown)
        return self._databases[shown], schema, name

    def _open(self, shown: str) -> SqlDatabase:
        url = self._urls.get(shown)
        if url is None:
            try:
                masked = make_url(shown).password is not None
            except (ArgumentError, ValueError):
                masked = True
            if masked:
                raise UsageError(
                    f"the plan erases tables of {shown}: pass its URL with --database (plans never hold "
                    "the password)"
                )
            url = shown
        try:
            return SqlDatabase.open(url, writable=True)
        except ConnectorError as exc:
            raise UsageError(str(exc)) from None


def _wanted(edits: Edits) -> frozenset[int]:
    return frozenset(edits.delete) | frozenset(edits.redact)


def _delete(conn: Connection, table: SqlTable, keys: list[tuple[object, ...]]) -> int:
    columns = [table.table.c[name] for name in table.key_columns]
    removed = 0
    for start in range(0, len(keys), _KEYS_PER_STATEMENT):
        chunk = keys[start : start + _KEYS_PER_STATEMENT]
        if len(columns) == 1:
            condition = columns[0].in_([key[0] for key in chunk])
        else:
            condition = tuple_(*columns).in_(chunk)
        removed += conn.execute(delete(table.table).where(condition)).rowcount
    if removed != len(keys):
        raise RewriteError(f"{removed} rows deleted where the plan names {len(keys)}")
    return removed


def _redact(conn: Connection, table: SqlTable, rows: Mapping[int, TableRow], edits: Edits) -> int:
    writable = table.text_columns()
    redacted = 0
    for number, cuts in sorted(edits.redact.items()):
        row = rows[number]
        changes: dict[str, str] = {}
        for column, column_cuts in _by_column(cuts).items():
            if column not in writable:
                raise RewriteError(
                    f"column {column} is not a text column, so it cannot be redacted in place; "
                    "use delete_rows (leave the table out of erasure.redact)"
                )
            values = row.cells.get(column, [])
            if len(values) != 1:
                raise RewriteError(f"column {column} of row {number} has no single text value to redact")
            changes[column] = redact_text(values[0], column_cuts)
            redacted += len(column_cuts)
        where = [table.table.c[name] == value for name, value in zip(table.key_columns, row.key, strict=True)]
        if conn.execute(update(table.table).where(*where).values(changes)).rowcount != 1:
            raise RewriteError(f"row {number} could not be updated by its primary key")
    return redacted


def _by_column(cuts: Iterable[Cut]) -> dict[str, list[Cut]]:
    grouped: dict[str, list[Cut]] = {}
    for cut in cuts:
        grouped.setdefault(str(cut.column), []).append(cut)
    return grouped
