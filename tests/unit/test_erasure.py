"""Erasure building blocks: the plan's canonical hash, the audit chain, identifiers, reach and actions."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from jejak.catalog.store import Catalog
from jejak.catalog.subject_index import AssetState, IndexHit
from jejak.erasure.actions import ActionKind, actions_for
from jejak.erasure.audit import GENESIS, AuditLog, chain_hash
from jejak.erasure.config import ErasureConfig
from jejak.erasure.identifiers import IdentifierReader
from jejak.erasure.plan import canonical_json, content_hash, verify_content_hash
from jejak.erasure.reach import model_reason
from jejak.errors import UsageError
from jejak.hashing import HashKey, KeyedHasher, subject_key_hash
from jejak.lineage.names import DatasetId

AT = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


# -- plan hashing ---------------------------------------------------------------------------------------


def test_canonical_json_ignores_key_order_and_the_hash_field() -> None:
    a = {"plan_id": "p", "actions": [{"rows": 1, "action": "delete_rows"}], "request": {"country": "VN"}}
    b = {"request": {"country": "VN"}, "actions": [{"action": "delete_rows", "rows": 1}], "plan_id": "p"}
    assert canonical_json(a) == canonical_json(b) == canonical_json({**a, "content_hash": "anything"})
    assert (
        canonical_json(a) == b'{"actions":[{"action":"delete_rows","rows":1}],"plan_id":"p",'
        b'"request":{"country":"VN"}}'
    )


def test_content_hash_detects_any_change() -> None:
    plan = {"plan_id": "p", "legal_basis": "Điều 14", "rows": [1, 2]}
    sealed = {**plan, "content_hash": content_hash(plan)}
    assert verify_content_hash(sealed)
    assert not verify_content_hash({**sealed, "rows": [1]})
    assert not verify_content_hash({**sealed, "legal_basis": "Dieu 14"})
    assert not verify_content_hash(plan)  # no hash at all


# -- audit chain ----------------------------------------------------------------------------------------


@pytest.fixture
def audit(catalog_url: str, hash_key: HashKey) -> AuditLog:
    Catalog.open(catalog_url, hash_key).close()  # creates the tables
    return AuditLog(sa.create_engine(catalog_url))


def test_chain_links_each_entry_to_the_one_before(audit: AuditLog) -> None:
    first = audit.append("dpo", "plan_created", "plan-1", "a" * 64, AT)
    second = audit.append("dpo", "plan_created", "plan-2", "b" * 64, AT)
    assert (first.id, first.prev_hash) == (1, GENESIS)
    assert second.prev_hash == first.entry_hash
    assert second.entry_hash == chain_hash(first.entry_hash, second.body())
    result = audit.verify()
    assert result.intact and result.entries == 2 and result.head == second.entry_hash


def test_empty_log_is_intact(audit: AuditLog) -> None:
    assert audit.verify().intact and audit.verify().head == GENESIS


@pytest.mark.parametrize(
    ("sql", "broken_id", "reason"),
    [
        ("UPDATE audit_log SET content_hash = 'c' WHERE id = 2", 2, "altered"),
        ("DELETE FROM audit_log WHERE id = 2", 3, "removed or reordered"),
        ("UPDATE audit_log SET at = '2020-01-01T00:00:00.000000+00:00' WHERE id = 1", 1, "altered"),
    ],
)
def test_tampering_names_the_first_broken_entry(
    audit: AuditLog, sql: str, broken_id: int, reason: str
) -> None:
    for index in range(3):
        audit.append("dpo", "plan_created", f"plan-{index}", f"{index:064x}", AT)
    with audit._engine.begin() as conn:
        conn.execute(sa.text(sql))
    result = audit.verify()
    assert not result.intact and result.broken is not None
    assert result.broken.id == broken_id and reason in (result.reason or "")


def test_a_recomputed_entry_still_breaks_the_next_link(audit: AuditLog) -> None:
    first = audit.append("dpo", "plan_created", "plan-1", "a" * 64, AT)
    audit.append("dpo", "plan_created", "plan-2", "b" * 64, AT)
    forged = {**first.body(), "actor": "mallory"}
    with audit._engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE audit_log SET actor = 'mallory', entry_hash = :h WHERE id = 1"),
            {"h": chain_hash(GENESIS, forged)},
        )
    result = audit.verify()
    assert result.broken is not None and result.broken.id == 2


# -- identifiers ----------------------------------------------------------------------------------------


def _reader() -> IdentifierReader:
    hasher = KeyedHasher(HashKey(b"k" * 32))
    return IdentifierReader(
        hasher, lambda entity, value: value.strip().lower(), {"EMAIL_ADDRESS", "MY_NRIC"}, {"user_id"}
    )


def test_identifiers_are_hashed_as_scans_hash_them() -> None:
    hasher = KeyedHasher(HashKey(b"k" * 32))
    ids = _reader().read([("--id 1", "email= A@B.com "), ("--id 2", "user_id=u1 "), ("--id 3", "my_nric=X")])
    by_type = {i.type: i for i in ids.identifiers}
    assert by_type["EMAIL_ADDRESS"].hash == hasher.hash("a@b.com")
    assert by_type["user_id"].hash == subject_key_hash(hasher, "user_id", "u1") == hasher.hash("user_id:u1")
    assert by_type["user_id"].via == "subject_key" and by_type["MY_NRIC"].via == "finding"
    assert "a@b.com" not in repr(ids) and ids.quoted_in("mail A@B.COM please")


def test_unknown_type_is_not_echoed_when_it_looks_like_a_value() -> None:
    with pytest.raises(UsageError, match=r"^ids\.txt: line 2: unknown identifier type;") as excinfo:
        _reader().read([("ids.txt: line 2", "S1234567D=x")])
    assert "S1234567D" not in str(excinfo.value)


# -- reach and actions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "writers", "schema", "expected"),
    [
        ("churn/model.safetensors", [], False, "model file (.safetensors)"),
        ("/srv/out/churn_model", [], False, "named as a model"),
        ("/tmp/test_model0/train.parquet", ["ml:train_churn"], False, None),  # a folder name says little
        (
            "weights/v3",
            ["airflow:finetune_llm"],
            False,
            "written by training job airflow:finetune_llm and not tabular data",
        ),
        ("features/v3", ["airflow:fit_scaler"], True, None),  # has a schema: tabular output
    ],
)
def test_model_reason(name: str, writers: list[str], schema: bool, expected: str | None) -> None:
    assert model_reason(DatasetId("ns", name), writers, schema) == expected


def _state(uri: str, fmt: str, **properties: str) -> AssetState:
    return AssetState(uri, "file", fmt, None, 1, None, "fp", 1, dict(properties))


def _hit(uri: str, row: int) -> IndexHit:
    return IndexHit(uri, None, row, 0, 5, "EMAIL_ADDRESS", "h", "finding")


def test_actions_by_format_config_and_versioning() -> None:
    config = ErasureConfig.model_validate({"redact": ["*/chat/*"]})
    hits = [_hit("x", 1), _hit("x", 1), _hit("x", 4)]
    assert [a.action for a in actions_for(_state("/l/a.parquet", "parquet"), hits, set(), config)] == [
        ActionKind.DELETE_ROWS
    ]
    (redact,) = actions_for(_state("/l/app.log", "text"), hits, {4}, config)
    assert (redact.action, redact.rows, redact.spans) == (ActionKind.REDACT_SPANS, 2, 3)
    assert (
        actions_for(_state("/l/chat/c.jsonl", "jsonl"), hits, set(), config)[0].action
        is ActionKind.REDACT_SPANS
    )
    versioned = actions_for(
        _state("s3://b/a.csv", "csv", **{"s3.versioning": "Enabled"}), hits, set(), config
    )
    assert [a.action for a in versioned] == [ActionKind.DELETE_ROWS, ActionKind.DELETE_OBJECT_VERSIONS]
    assert actions_for(_state("/l/blob.bin", "unknown"), hits, set(), config) == []


def test_key_columns_match_by_glob(tmp_path: Path) -> None:
    config = ErasureConfig.model_validate(
        {
            "subject_keys": [
                {"match": "*/train/*", "column": "user_id", "kind": "user_id"},
                {"match": "*", "column": "user_id", "kind": "other"},
            ]
        }
    )
    assert config.key_columns("/d/train/a.parquet") == {"user_id": "user_id"}
    assert config.key_columns("/d/raw/a.parquet") == {"user_id": "other"}
    assert config.kinds() == {"user_id", "other"}
