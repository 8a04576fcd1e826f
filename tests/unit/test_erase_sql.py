"""SqlTableEraser on SQLite: rows addressed by primary key after checking they still hold the subject.

The plan-side inputs (locations, row numbers in key order, keyed hashes) are built here the way a scan
builds them, so each test can move the table under the plan and see the eraser refuse or fail it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from jejak.catalog.store import Catalog
from jejak.erasure.edits import Cut, Edits
from jejak.erasure.erase_sql import SqlTableEraser
from jejak.erasure.eraser import Checkpoint, EraseItem, StalePlan
from jejak.erasure.journal import Journal, Step
from jejak.erasure.subject_cells import SubjectCells
from jejak.errors import UsageError
from jejak.hashing import HashKey, KeyedHasher

ROWS = [
    (3, "alice@example.com", "hello"),
    (7, "subject@example.com", "write to subject@example.com or bob@example.org"),
    (9, "carol@example.com", "bye"),
]


def lower(entity: str, value: str) -> str:
    return value.strip().lower()


@pytest.fixture
def hasher(hash_key: HashKey) -> KeyedHasher:
    return KeyedHasher(hash_key)


@pytest.fixture
def journal(catalog_url: str, hash_key: HashKey) -> Journal:
    catalog = Catalog.open(catalog_url, hash_key)
    return Journal(catalog.engine)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "evals.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE msgs (id INTEGER PRIMARY KEY, email TEXT, body TEXT)")
        conn.executemany("INSERT INTO msgs VALUES (?, ?, ?)", ROWS)
    return path


def item(database: Path, hasher: KeyedHasher, action: str, edits: Edits) -> EraseItem:
    locations = [
        {"column": "email", "row": 1, "type": "EMAIL_ADDRESS", "start": 0, "end": 19, "via": "finding"},
        {"column": "body", "row": 1, "type": "EMAIL_ADDRESS", "start": 9, "end": 28, "via": "finding"},
    ]
    hit = {"asset_uri": f"sqlite:///{database}#main.msgs", "connector": "sql", "locations": locations}
    subject = frozenset({hasher.hash("subject@example.com")})
    return EraseItem("plan-1", 0, str(hit["asset_uri"]), action, hit, edits, subject)


def table(database: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as conn:
        return list(conn.execute("SELECT * FROM msgs ORDER BY id"))


def test_deletes_the_subjects_row_by_key_and_journals_digests(
    database: Path, hasher: KeyedHasher, journal: Journal
) -> None:
    eraser = SqlTableEraser({}, SubjectCells(hasher, lower))
    target = item(database, hasher, "delete_rows", Edits(delete=frozenset({1})))
    assert eraser.check(target, None) is False
    outcome = eraser.erase(target, journal, Checkpoint(None))
    assert (outcome.status, outcome.rows_before, outcome.rows_after, outcome.removed) == ("erased", 3, 2, 1)
    assert table(database) == [ROWS[0], ROWS[2]]
    entry = journal.entries("plan-1")[target.uri]
    assert entry.step is Step.REPLACED and entry.new_sha256 == outcome.sha256_after != outcome.sha256_before
    assert eraser.check(target, entry) is True  # the journal's digest is the table's: already erased


def test_redacts_only_the_planned_span_of_a_text_cell(
    database: Path, hasher: KeyedHasher, journal: Journal
) -> None:
    eraser = SqlTableEraser({}, SubjectCells(hasher, lower))
    edits = Edits(redact={1: (Cut("body", 9, 28),)})
    outcome = eraser.erase(item(database, hasher, "redact_spans", edits), journal, Checkpoint(None))
    assert (outcome.status, outcome.redacted, outcome.rows_after) == ("erased", 1, 3)
    assert table(database)[1] == (7, "subject@example.com", "write to [REDACTED] or bob@example.org")
    assert table(database)[0::2] == [ROWS[0], ROWS[2]]


def test_a_row_inserted_before_the_subject_makes_the_plan_stale(
    database: Path, hasher: KeyedHasher, journal: Journal
) -> None:
    with sqlite3.connect(database) as conn:
        conn.execute("INSERT INTO msgs VALUES (1, 'dave@example.com', 'shifts every row number')")
    eraser = SqlTableEraser({}, SubjectCells(hasher, lower))
    target = item(database, hasher, "delete_rows", Edits(delete=frozenset({1})))
    with pytest.raises(StalePlan, match="no longer holds the subject"):
        eraser.check(target, None)
    outcome = eraser.erase(target, journal, Checkpoint(None))  # checked again inside the transaction
    assert outcome.status == "failed" and "changed since planning" in str(outcome.reason)
    assert len(table(database)) == 4


def test_refuses_tables_without_a_key_and_masked_urls(
    tmp_path: Path, database: Path, hasher: KeyedHasher
) -> None:
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE loose (email TEXT)")
    eraser = SqlTableEraser({}, SubjectCells(hasher, lower))
    loose = item(database, hasher, "delete_rows", Edits(delete=frozenset({0})))
    loose = EraseItem(
        loose.plan_id, 0, loose.uri.replace("msgs", "loose"), loose.action, loose.hit, loose.edits
    )
    with pytest.raises(UsageError, match="no primary key"):
        eraser.check(loose, None)
    masked = EraseItem("p", 0, "postgresql+psycopg://u:***@db/x#public.t", "delete_rows", {}, Edits())
    with pytest.raises(UsageError, match="--database"):
        eraser.check(masked, None)


def test_a_non_text_key_cell_cannot_be_redacted(
    database: Path, hasher: KeyedHasher, journal: Journal
) -> None:
    eraser = SqlTableEraser({}, SubjectCells(hasher, lower))
    target = item(database, hasher, "redact_spans", Edits(redact={1: (Cut("id", None, None),)}))
    outcome = eraser.erase(target, journal, Checkpoint(None))
    assert outcome.status == "failed" and "not a text column" in str(outcome.reason)
    assert table(database) == ROWS
