"""What `jejak erase execute` did to each asset, and the execution report sealed into the audit log."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

#: The statuses an asset can end in; only the first two count as erased.
ERASED, ALREADY_ERASED, FAILED, NOT_SUPPORTED = "erased", "already_erased", "failed", "not_supported"


@dataclass(frozen=True)
class AssetOutcome:
    asset_uri: str
    action: str
    status: str  # erased | already_erased | failed | not_supported
    reason: str | None = None
    rows_before: int | None = None
    rows_after: int | None = None
    removed: int | None = None
    redacted: int | None = None
    #: sha256 of the stored bytes (files, objects) or of the table's rows in key order (SQL tables)
    sha256_before: str | None = None
    sha256_after: str | None = None
    verification: str = "not_run"  # clean | remaining | not_run
    #: older object versions (and delete markers) removed, for `delete_object_versions`
    versions_deleted: int | None = None

    @property
    def touched(self) -> bool:
        return self.status in (ERASED, ALREADY_ERASED)

    @property
    def rescanned(self) -> bool:
        """Whether a rescan of the asset can prove this outcome (a version deletion is checked by listing)."""
        return self.touched and self.action != "delete_object_versions"

    def as_json(self) -> dict[str, Any]:
        return {
            "asset_uri": self.asset_uri,
            "action": self.action,
            "status": self.status,
            "reason": self.reason,
            "rows_before": self.rows_before,
            "rows_after": self.rows_after,
            "removed": self.removed,
            "redacted_spans": self.redacted,
            "sha256_before": self.sha256_before,
            "sha256_after": self.sha256_after,
            "versions_deleted": self.versions_deleted,
            "verification": self.verification,
        }


@dataclass(frozen=True)
class Execution:
    plan_id: str
    plan_hash: str
    outcomes: tuple[AssetOutcome, ...]

    @property
    def succeeded(self) -> bool:
        return all(o.touched and o.verification == "clean" for o in self.outcomes)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": "jejak.erasure_execution",
            "schema_version": 1,
            "plan_id": self.plan_id,
            "plan_content_hash": self.plan_hash,
            "succeeded": self.succeeded,
            "assets": [outcome.as_json() for outcome in self.outcomes],
        }

    def content_hash(self) -> str:
        canonical = json.dumps(self.as_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
