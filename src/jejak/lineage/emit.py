"""What jejak found, as OpenLineage events for other lineage tools (Marquez, DataHub, OpenMetadata ...).

For each asset whose current findings (its `findings_run` scan) hold personal data, one RunEvent of the job
`jejak:scan` names the asset's dataset as an output and attaches two facets to it:

    jejak_pii   custom facet (schema: docs/facets/JejakPiiDatasetFacet.json): entity types, occurrences and
                rows per type, the asset's country, when the scan finished, which jejak ran it
    tags        the standard TagsDatasetFacet: `pii=true` and one `pii.entity=<TYPE>` per entity type, so
                catalogs that know nothing of jejak can still filter and badge the dataset

Why an output of a run and not a DatasetEvent: every consumer (and `jejak serve`) takes RunEvents, and a
scan is a run that observed the dataset. Each event is its own run (a fresh UUIDv7): the spec allows one
COMPLETE per run, and an asset's findings are published when they are, not as one batch.

Only counts leave: no preview, no hash, no column value. Building events touches no network; the CLI sends
them with openlineage-python's HTTP transport. This module needs openlineage-python (not a core dependency
of jejak): import it only where events are built, and tell the user how to install it when it is missing.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attr
from openlineage.client.event_v2 import Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.generated.base import DatasetFacet
from openlineage.client.generated.tags_dataset import TagsDatasetFacet, TagsDatasetFacetFields
from openlineage.client.uuid import generate_new_uuid
from sqlalchemy import select
from sqlalchemy.engine import Engine

from jejak import __version__
from jejak.catalog.records import as_utc
from jejak.catalog.schema import asset_scans, assets, scan_runs
from jejak.lineage.names import DatasetId

PRODUCER = f"https://github.com/jejak/jejak/tree/v{__version__}"
JOB_NAMESPACE = "jejak"
JOB_NAME = "scan"
FACET_KEY = "jejak_pii"  # the spec's `{prefix}_{name}` for custom facets
TAG_SOURCE = "jejak"
#: Immutable pointer to the facet's schema: the release that introduced this version of it (the spec asks
#: for a tag or sha, never a branch). The shipped file's `$id` is this URL without the fragment.
FACET_SCHEMA_URL = (
    "https://raw.githubusercontent.com/jejak/jejak/v0.1.0/docs/facets/JejakPiiDatasetFacet.json"
    "#/$defs/JejakPiiDatasetFacet"
)


@attr.define(kw_only=True)
class JejakPiiDatasetFacet(DatasetFacet):
    """`jejak_pii`: what jejak's latest complete scan of the dataset found (counts only, never values)."""

    entityTypes: list[str] = attr.field(factory=list)  # camelCase: the facet's JSON member names
    counts: dict[str, int] = attr.field(factory=dict)
    rows: dict[str, int] = attr.field(factory=dict)
    countries: list[str] = attr.field(factory=list)
    scannedAt: str = attr.field(default="")
    jejakVersion: str = attr.field(default="")

    @staticmethod
    def _get_schema() -> str:
        return FACET_SCHEMA_URL


@dataclass(frozen=True)
class AssetPii:
    """One asset's current scan, as the catalog holds it: occurrences and rows per entity type."""

    uri: str
    location: str | None
    counts: dict[str, int]
    rows: dict[str, int]
    scanned_at: datetime | None
    jejak_version: str
    run_id: int


def pii_assets(engine: Engine, patterns: Sequence[str] = (), cwd: Path | None = None) -> list[AssetPii]:
    """Assets whose current scan found personal data, by URI; `patterns` (globs on the URI, or on the path
    relative to `cwd` for local files) keep only the assets that match one of them."""
    query = (
        select(
            assets.c.uri,
            assets.c.location,
            assets.c.findings_run,
            asset_scans.c.entities,
            scan_runs.c.started_at,
            scan_runs.c.finished_at,
            scan_runs.c.jejak_version,
        )
        .join(
            asset_scans,
            (asset_scans.c.asset_id == assets.c.id) & (asset_scans.c.run_id == assets.c.findings_run),
        )
        .join(scan_runs, scan_runs.c.id == assets.c.findings_run)
        .order_by(assets.c.uri)
    )
    found = []
    with engine.connect() as conn:
        for row in conn.execute(query):
            if patterns and not _matches(row.uri, patterns, cwd or Path.cwd()):
                continue
            entities: dict[str, dict[str, Any]] = dict(row.entities or {})
            counts = {name: int(stats.get("count", 0)) for name, stats in sorted(entities.items())}
            counts = {name: count for name, count in counts.items() if count > 0}
            if not counts:
                continue
            found.append(
                AssetPii(
                    uri=row.uri,
                    location=row.location,
                    counts=counts,
                    rows={name: int(entities[name].get("rows", 0)) for name in counts},
                    scanned_at=as_utc(row.finished_at) or as_utc(row.started_at),
                    jejak_version=row.jejak_version,
                    run_id=int(row.findings_run),
                )
            )
    return found


def _matches(uri: str, patterns: Sequence[str], cwd: Path) -> bool:
    names = [uri]
    if os.path.isabs(uri):
        names.append(os.path.relpath(uri, cwd))
    return any(fnmatch.fnmatchcase(name, pattern) for name in names for pattern in patterns)


def pii_facets(asset: AssetPii) -> dict[str, DatasetFacet]:
    """The `jejak_pii` and `tags` facets of one asset."""
    types = sorted(asset.counts)
    pii = JejakPiiDatasetFacet(
        producer=PRODUCER,
        entityTypes=types,
        counts=dict(asset.counts),
        rows=dict(asset.rows),
        countries=[asset.location] if asset.location else [],
        scannedAt=asset.scanned_at.isoformat() if asset.scanned_at else "",
        jejakVersion=asset.jejak_version,
    )
    tags = [TagsDatasetFacetFields(key="pii", value="true", source=TAG_SOURCE)]
    tags += [TagsDatasetFacetFields(key="pii.entity", value=name, source=TAG_SOURCE) for name in types]
    return {FACET_KEY: pii, "tags": TagsDatasetFacet(producer=PRODUCER, tags=tags)}


def pii_event(asset: AssetPii, dataset: DatasetId, event_time: datetime | None = None) -> RunEvent:
    """The COMPLETE event of a `jejak:scan` run whose output is `dataset`, carrying its PII facets."""
    moment = (event_time or datetime.now(UTC)).astimezone(UTC)
    return RunEvent(
        eventType=RunState.COMPLETE,
        eventTime=moment.isoformat(),
        run=Run(runId=str(generate_new_uuid(moment))),
        job=Job(namespace=JOB_NAMESPACE, name=JOB_NAME),
        producer=PRODUCER,
        inputs=[],
        outputs=[OutputDataset(namespace=dataset.namespace, name=dataset.name, facets=pii_facets(asset))],
    )
