"""The erasure plan: what holds the subject, where it flowed, what jejak will do and what a person must do.

A plan is a document (JSON, `schema_version` 1) that later steps trust: `execute` refuses a plan whose
assets changed since planning (their `fingerprint`), and the certificate quotes it. So it is sealed with a
`content_hash`: SHA-256 of its canonical JSON (keys sorted, no whitespace, UTF-8, the `content_hash` member
left out). Any edit to the file changes the hash, and `verify_content_hash` says so.

It holds the subject's identifiers as keyed hashes only, and no value of anyone: locations are asset,
column, row and offsets.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jejak.erasure.actions import PlannedAction
from jejak.erasure.identifiers import SubjectIdentifier
from jejak.erasure.reach import ReachedDataset
from jejak.erasure.request import Deadline, ErasureRequest
from jejak.errors import UsageError

SCHEMA_VERSION = 1
KIND = "jejak.erasure_plan"
HASH_FIELD = "content_hash"


@dataclass(frozen=True)
class HitLocation:
    """One place in an asset: a finding's span, or a subject-key cell (no offsets)."""

    column: str | None
    row: int
    type: str
    start: int | None
    end: int | None
    via: str

    def as_json(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "row": self.row,
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "via": self.via,
        }


@dataclass(frozen=True)
class DirectHit:
    """An asset holding the subject, with what it looked like at planning time (for the staleness check)."""

    asset_uri: str
    dataset: str | None
    connector: str | None
    format: str | None
    location: str | None
    fingerprint: str | None
    findings_run: int | None
    size: int | None
    etag: str | None
    rows: int
    #: rows also holding identifiers the request did not give: someone else's, or the subject's own
    shared_rows: int
    locations: tuple[HitLocation, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "asset_uri": self.asset_uri,
            "dataset": self.dataset,
            "connector": self.connector,
            "format": self.format,
            "location": self.location,
            "fingerprint": self.fingerprint,
            "findings_run": self.findings_run,
            "size": self.size,
            "etag": self.etag,
            "rows": self.rows,
            "shared_rows": self.shared_rows,
            "locations": [location.as_json() for location in self.locations],
        }


@dataclass(frozen=True)
class ManualItem:
    """Something jejak cannot erase itself, with what a person must do and by when."""

    dataset: str
    asset_uri: str | None
    location: str | None
    kinds: tuple[str, ...]  # model_artifact | other_jurisdiction | not_scanned | unreadable
    what_to_do: tuple[str, ...]
    deadline: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "asset_uri": self.asset_uri,
            "location": self.location,
            "kinds": list(self.kinds),
            "what_to_do": list(self.what_to_do),
            "deadline": self.deadline,
        }


def reach_json(item: ReachedDataset) -> dict[str, Any]:
    return {
        "dataset": str(item.dataset),
        "asset_uri": item.asset_uri,
        "location": item.location,
        "depth": item.depth,
        "status": item.status.value,
        "from_assets": list(item.from_assets),
        "jobs": list(item.jobs),
        "model_artifact": item.model_reason is not None,
        "model_reason": item.model_reason,
    }


@dataclass(frozen=True)
class ErasurePlan:
    plan_id: str
    created_at: str
    jejak_version: str
    hash_key_fingerprint: str
    request: ErasureRequest
    received: str
    deadline: Deadline
    identifiers: tuple[SubjectIdentifier, ...]
    direct_hits: tuple[DirectHit, ...]
    reach: tuple[ReachedDataset, ...]
    manual: tuple[ManualItem, ...]
    actions: tuple[PlannedAction, ...]
    notes: tuple[str, ...] = field(default=())

    def document(self) -> dict[str, Any]:
        """The plan as JSON, without its content hash (see `sealed`)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": KIND,
            "plan_id": self.plan_id,
            "created_at": self.created_at,
            "jejak_version": self.jejak_version,
            "hash_key_fingerprint": self.hash_key_fingerprint,
            "request": {**self.request.as_json(), "received": self.received},
            "deadline": self.deadline.as_json(),
            "subject": {"identifiers": [identifier.as_json() for identifier in self.identifiers]},
            "direct_hits": [hit.as_json() for hit in self.direct_hits],
            "reach": [reach_json(item) for item in self.reach],
            "manual": [item.as_json() for item in self.manual],
            "actions": [action.as_json() for action in self.actions],
            "summary": {
                "assets": len(self.direct_hits),
                "rows": sum(hit.rows for hit in self.direct_hits),
                "downstream": len(self.reach),
                "manual": len(self.manual),
                "actions": len(self.actions),
            },
            "notes": list(self.notes),
        }

    def sealed(self) -> dict[str, Any]:
        document = self.document()
        return {**document, HASH_FIELD: content_hash(document)}


def canonical_json(document: dict[str, Any]) -> bytes:
    """The bytes that are hashed: the document without `content_hash`, keys sorted, no whitespace."""
    body = {key: value for key, value in document.items() if key != HASH_FIELD}
    return json.dumps(
        body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def content_hash(document: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(document)).hexdigest()


def verify_content_hash(document: dict[str, Any]) -> bool:
    """Whether `document` (a plan read back from JSON) is exactly what was sealed."""
    return document.get(HASH_FIELD) == content_hash(document)


def write_plan(document: dict[str, Any], path: Path, markdown: str) -> Path:
    """Write the sealed plan to `path` and its Markdown rendering beside it (`plan.json` -> `plan.md`);
    returns the Markdown path."""
    md_path = path.with_suffix(".md")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        md_path.write_text(markdown, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write plan {path}: {exc.strerror}; check the directory") from exc
    return md_path
