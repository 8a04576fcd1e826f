"""The whole lineage graph and the scanned assets, read from the catalog in a handful of queries.

A residency report looks at every path at once, not at one dataset's neighbourhood as `jejak lineage show`
does, so it loads the graph whole: ids and names, locations, edges, column edges with their masking flag,
what each job reads and writes, and for each scanned asset the entity types its current findings hold.
Counts only; no finding value or hash is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from jejak.catalog.schema import (
    asset_scans,
    assets,
    lineage_column_edges,
    lineage_datasets,
    lineage_edges,
    lineage_job_datasets,
    lineage_jobs,
)
from jejak.lineage.errors import DatasetNameError
from jejak.lineage.names import DatasetId, JobId, dataset_for_uri


@dataclass(frozen=True)
class ScannedAsset:
    uri: str
    location: str | None
    entity_types: frozenset[str]


@dataclass(frozen=True)
class GraphEdge:
    input: int
    output: int
    job: int
    inferred: bool


@dataclass
class LineageSnapshot:
    datasets: dict[int, DatasetId] = field(default_factory=dict)
    dataset_locations: dict[int, str] = field(default_factory=dict)
    jobs: dict[int, JobId] = field(default_factory=dict)
    job_locations: dict[int, str] = field(default_factory=dict)
    edges: list[GraphEdge] = field(default_factory=list)
    #: (input, output, job) -> whether every column edge between them through that job is masked; edges
    #: without column lineage are absent (nothing says the personal columns were dropped).
    masked: dict[tuple[int, int, int], bool] = field(default_factory=dict)
    #: job -> datasets it reads; jobs that write nothing still send what they read somewhere.
    job_inputs: dict[int, set[int]] = field(default_factory=dict)
    job_outputs: dict[int, set[int]] = field(default_factory=dict)
    #: Scanned assets by the dataset name they have in lineage.
    scanned: dict[DatasetId, ScannedAsset] = field(default_factory=dict)

    @classmethod
    def load(cls, engine: Engine, cwd: Path) -> LineageSnapshot:
        snapshot = cls()
        with engine.connect() as conn:
            snapshot._load_nodes(conn)
            snapshot._load_edges(conn)
            snapshot._load_scans(conn, cwd)
        return snapshot

    def _load_nodes(self, conn: Connection) -> None:
        d, j = lineage_datasets.c, lineage_jobs.c
        for row in conn.execute(select(d.id, d.namespace, d.name, d.location)):
            self.datasets[row.id] = DatasetId(row.namespace, row.name)
            if row.location:
                self.dataset_locations[row.id] = row.location
        for row in conn.execute(select(j.id, j.namespace, j.name, j.location)):
            self.jobs[row.id] = JobId(row.namespace, row.name)
            if row.location:
                self.job_locations[row.id] = row.location

    def _load_edges(self, conn: Connection) -> None:
        e, c, u = lineage_edges.c, lineage_column_edges.c, lineage_job_datasets.c
        for row in conn.execute(select(e.input_id, e.output_id, e.job_id, e.inferred)):
            self.edges.append(GraphEdge(row.input_id, row.output_id, row.job_id, bool(row.inferred)))
        for column in conn.execute(select(c.input_id, c.output_id, c.job_id, c.masked)):
            key = (column.input_id, column.output_id, column.job_id)
            self.masked[key] = self.masked.get(key, True) and bool(column.masked)
        for use in conn.execute(select(u.job_id, u.dataset_id, u.role)):
            side = self.job_inputs if use.role == "input" else self.job_outputs
            side.setdefault(use.job_id, set()).add(use.dataset_id)

    def _load_scans(self, conn: Connection, cwd: Path) -> None:
        """Entity types of each asset's current scan (the run its findings are from)."""
        a, s = assets.c, asset_scans.c
        current = (s.asset_id == a.id) & (s.run_id == a.findings_run)
        for row in conn.execute(select(a.uri, a.location, s.entities).join(asset_scans, current)):
            try:
                name = dataset_for_uri(row.uri, cwd)
            except DatasetNameError:
                continue  # a failed root's placeholder: nothing to place in the graph
            types = frozenset(t for t, stats in (row.entities or {}).items() if stats.get("count"))
            self.scanned[name] = ScannedAsset(row.uri, row.location, types)
