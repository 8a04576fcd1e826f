"""What erasing the subject from one asset means: delete rows, redact spans, delete object versions.

Decided per asset, from its format and the config:

- tabular data (Parquet, CSV/TSV, JSON Lines, JSON, Arrow, SQL tables): `delete_rows`, the subject's rows
  go; unless the asset matches an `erasure.redact` glob (a chat table where one row holds several people's
  messages), then `redact_spans`;
- free text (logs): `redact_spans`, always: a log line is a record of an event that may involve others,
  and line numbers must stay stable for everyone else;
- a versioned S3 bucket (`s3.versioning` Enabled or Suspended): also `delete_object_versions`, since older
  versions still hold the subject after the object is rewritten.

Subject-key hits have no span: redacting one means blanking that key cell.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from jejak.catalog.subject_index import AssetState, IndexHit
from jejak.erasure.config import ErasureConfig

TABULAR_FORMATS = frozenset({"parquet", "csv", "tsv", "jsonl", "json", "arrow", "table"})
TEXT_FORMATS = frozenset({"text"})
VERSIONED = frozenset({"Enabled", "Suspended"})
VERSIONING_HINT = "s3.versioning"  # the S3 connector's asset property


class ActionKind(StrEnum):
    DELETE_ROWS = "delete_rows"
    REDACT_SPANS = "redact_spans"
    DELETE_OBJECT_VERSIONS = "delete_object_versions"


@dataclass(frozen=True)
class PlannedAction:
    asset_uri: str
    action: ActionKind
    rows: int  # rows (lines) touched
    spans: int  # spans (or key cells) redacted; 0 for deletions
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {
            "asset_uri": self.asset_uri,
            "action": self.action.value,
            "rows": self.rows,
            "spans": self.spans,
            "reason": self.reason,
        }


def actions_for(
    asset: AssetState, hits: Sequence[IndexHit], shared_rows: Collection[int], config: ErasureConfig
) -> list[PlannedAction]:
    """The actions erasing `hits` from `asset`; empty when jejak cannot act on its format (manual item)."""
    rows = len({hit.row for hit in hits})
    shared = len(set(shared_rows))
    found: list[PlannedAction] = []
    if asset.format in TEXT_FORMATS:
        reason = f"free text; {shared} of {rows} line(s) also hold other identifiers"
        found.append(PlannedAction(asset.uri, ActionKind.REDACT_SPANS, rows, len(hits), reason))
    elif asset.format in TABULAR_FORMATS and config.is_redacted(asset.uri):
        reason = f"matches erasure.redact; {shared} of {rows} row(s) also hold other identifiers"
        found.append(PlannedAction(asset.uri, ActionKind.REDACT_SPANS, rows, len(hits), reason))
    elif asset.format in TABULAR_FORMATS:
        found.append(PlannedAction(asset.uri, ActionKind.DELETE_ROWS, rows, 0, f"tabular ({asset.format})"))
    if found and asset.properties.get(VERSIONING_HINT) in VERSIONED:
        reason = f"bucket versioning {asset.properties[VERSIONING_HINT]}: older versions still hold the rows"
        found.append(PlannedAction(asset.uri, ActionKind.DELETE_OBJECT_VERSIONS, rows, 0, reason))
    return found
