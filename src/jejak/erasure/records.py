"""The erasure documents kept in the catalog: each plan as sealed, and every execution report of it.

The audit log proves *that* a plan was made, approved and executed (it chains their content hashes), but
an erasure certificate must also say *what* was planned and done, long after the plan file and the
terminal output are gone. So `jejak erase plan` and `jejak erase execute` store the documents here, and
the certificate is built from them alone.

A plan id names one sealed document: storing the same plan again (a second `execute`, or a plan made on
another catalog) changes nothing, while a document with the same id and another content hash is refused,
since it means a plan file was edited and sealed again. Execution reports are appended, one per run.
Neither document holds a value of anyone: keyed hashes, asset URIs, row numbers and counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from jejak.catalog.schema import erasure_executions, erasure_plans
from jejak.erasure.plan import HASH_FIELD, verify_content_hash
from jejak.errors import CatalogError


@dataclass(frozen=True)
class StoredPlan:
    plan_id: str
    content_hash: str
    created_at: str
    document: dict[str, Any]


@dataclass(frozen=True)
class StoredExecution:
    id: int
    plan_id: str
    at: str  # ISO 8601, UTC: when the run finished
    content_hash: str  # the hash the `erase_executed` audit entry carries
    succeeded: bool
    document: dict[str, Any]


class ErasureRecords:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def save_plan(self, document: dict[str, Any]) -> bool:
        """Store a sealed plan; True when it was new, False when the catalog already held it."""
        plan_id = str(document.get("plan_id"))
        if not verify_content_hash(document):
            raise CatalogError(f"plan {plan_id}: its content hash does not match, not recorded; plan again")
        digest = str(document[HASH_FIELD])
        existing = self.plan(plan_id)
        if existing is None:
            row = {
                "plan_id": plan_id,
                "content_hash": digest,
                "created_at": str(document.get("created_at") or ""),
                "document": document,
            }
            try:
                with self._engine.begin() as conn:
                    conn.execute(insert(erasure_plans).values(row))
                return True
            except IntegrityError:  # another writer stored it first: compare with what it stored
                existing = self.plan(plan_id)
                if existing is None:
                    raise
        if existing.content_hash != digest:
            raise CatalogError(
                f"plan {plan_id} is recorded in the catalog with another content hash: a plan file was "
                "edited and sealed again; use the plan the catalog holds, or plan again"
            )
        return False

    def save_execution(
        self, plan_id: str, document: dict[str, Any], content_hash: str, at: datetime
    ) -> StoredExecution:
        """Append one execution report of `plan_id` (`Execution.as_json()` and its content hash)."""
        stamp, succeeded = at.isoformat(timespec="microseconds"), bool(document.get("succeeded"))
        values = {
            "plan_id": plan_id,
            "at": stamp,
            "content_hash": content_hash,
            "succeeded": succeeded,
            "document": document,
        }
        with self._engine.begin() as conn:
            key = conn.execute(insert(erasure_executions).values(values)).inserted_primary_key
        new_id = int(key[0]) if key is not None else 0
        return StoredExecution(new_id, plan_id, stamp, content_hash, succeeded, document)

    def plan(self, plan_id: str) -> StoredPlan | None:
        p = erasure_plans
        with self._engine.connect() as conn:
            row = conn.execute(select(p).where(p.c.plan_id == plan_id)).first()
        if row is None:
            return None
        return StoredPlan(row.plan_id, row.content_hash, row.created_at, dict(row.document))

    def executions(self, plan_id: str) -> list[StoredExecution]:
        """Every execution report of the plan, oldest first."""
        e = erasure_executions
        query = select(e).where(e.c.plan_id == plan_id).order_by(e.c.id)
        with self._engine.connect() as conn:
            return [
                StoredExecution(
                    int(row.id),
                    row.plan_id,
                    row.at,
                    row.content_hash,
                    bool(row.succeeded),
                    dict(row.document),
                )
                for row in conn.execute(query)
            ]
