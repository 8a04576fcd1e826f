"""Lineage: where data came from and where it went, as a graph of OpenLineage datasets in the catalog.

    from jejak.lineage import LineageStore, LineageGraph, parse_run_event, dataset_for_uri
    with LineageStore.open(url, hash_key) as store:
        store.ingest([parse_run_event(json.loads(line)) for line in lines])   # all or nothing
        graph = LineageGraph(store.engine)
        walk = graph.upstream(dataset_for_uri("s3://ml-us/features.parquet", cwd), depth=None)

Modules: `names` (dataset naming, asset URI <-> namespace/name), `events` (RunEvent parsing and
validation), `event_files` (JSON Lines / arrays of events), `manifest` (lineage.yaml), `facets` (what is
kept), `store` (`LineageStore.ingest`), `sql` (set-at-a-time SQL), `graph` (`LineageGraph` walks), `render`
(JSON and DOT), `emit` (jejak's findings as OpenLineage facets), `inference` (provenance edges proposed from
shared keyed hashes), `errors`.
"""

from __future__ import annotations

from jejak.lineage.errors import (
    DatasetNameError,
    DatasetNotFoundError,
    LineageError,
    LineageEventError,
    LineageManifestError,
)
from jejak.lineage.events import EventType, RunEvent, parse_run_event
from jejak.lineage.graph import (
    ColumnEdge,
    DatasetNode,
    Direction,
    Edge,
    JobNode,
    JobUse,
    Lineage,
    LineageGraph,
)
from jejak.lineage.manifest import load_manifest
from jejak.lineage.names import DatasetId, JobId, asset_uri_for, dataset_for_uri
from jejak.lineage.store import IngestResult, LineageStore

__all__ = [
    "ColumnEdge",
    "DatasetId",
    "DatasetNameError",
    "DatasetNode",
    "DatasetNotFoundError",
    "Direction",
    "Edge",
    "EventType",
    "IngestResult",
    "JobId",
    "JobNode",
    "JobUse",
    "Lineage",
    "LineageError",
    "LineageEventError",
    "LineageGraph",
    "LineageManifestError",
    "LineageStore",
    "RunEvent",
    "asset_uri_for",
    "dataset_for_uri",
    "load_manifest",
    "parse_run_event",
]
