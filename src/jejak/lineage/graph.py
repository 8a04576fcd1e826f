"""Walk the lineage graph: where a dataset came from (upstream) and where it went (downstream).

A walk is breadth-first, one indexed query per level and chunk of the frontier, straight from the catalog.
Why not a recursive CTE: a CTE that tracks depth cannot also stop at nodes already seen (UNION compares whole
rows), so on a graph with many paths it revisits nodes once per path; BFS visits each node once, is exact
about depth, safe on cycles, and the same SQL on every backend. Why not networkx: loading the whole graph
costs more than any one walk, and the graph grows while `jejak serve` runs. Memory is the size of the
answer. `bench/lineage_graph.py` measures it on 100,000 datasets.

Column walks (`columns_upstream` / `columns_downstream`) follow column edges and, unless told otherwise,
stop at a masked edge: a hashed or tokenised column does not carry the raw value on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.engine import Connection, Engine

from jejak.catalog.schema import (
    lineage_column_edges,
    lineage_datasets,
    lineage_edges,
    lineage_job_datasets,
    lineage_jobs,
)
from jejak.lineage.errors import DatasetNotFoundError
from jejak.lineage.names import DatasetId, JobId, candidates
from jejak.lineage.sql import chunks, select_in

_FRONTIER_CHUNK = 500


class Direction(StrEnum):
    UPSTREAM = "upstream"
    DOWNSTREAM = "downstream"


@dataclass(frozen=True)
class DatasetNode:
    id: DatasetId
    location: str | None
    depth: int  # hops from the root of the walk (0 for the root)


@dataclass(frozen=True)
class JobNode:
    id: JobId
    location: str | None


@dataclass(frozen=True)
class Edge:
    """Data flows from `input` to `output` through `job`."""

    input: DatasetId
    output: DatasetId
    job: JobId
    source: str  # openlineage | manifest | inferred
    inferred: bool


@dataclass(frozen=True)
class ColumnEdge:
    input: DatasetId
    input_field: str
    output: DatasetId
    output_field: str
    job: JobId
    transformation_type: str  # "" when the producer gave none
    transformation_subtype: str
    masked: bool


@dataclass(frozen=True)
class JobUse:
    """A job that reads (`role` input) or writes (`role` output) a dataset."""

    job: JobNode
    role: str


@dataclass(frozen=True)
class Lineage:
    """The result of a walk: nodes with their depth, the jobs and edges between them, and the column edges
    whose both ends were reached. `truncated` when `depth` stopped the walk before the graph ended."""

    root: DatasetId
    direction: Direction
    depth: int | None
    datasets: tuple[DatasetNode, ...]
    jobs: tuple[JobNode, ...]
    edges: tuple[Edge, ...]
    column_edges: tuple[ColumnEdge, ...]
    truncated: bool


class LineageGraph:
    """Read-only queries over the lineage tables of a catalog."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    # -- finding nodes -----------------------------------------------------------------------------------

    def resolve(self, text: str, cwd: Path) -> DatasetId:
        """The dataset `text` names: `namespace:name`, an asset URI or a local path (relative to `cwd`).
        Raises DatasetNotFoundError when none of its readings is in the graph."""
        options = candidates(text, cwd)
        with self._engine.connect() as conn:
            ids = _dataset_ids(conn, options)
        for option in options:
            if option in ids:
                return option
        raise DatasetNotFoundError(
            f"no dataset {text!r} in the lineage graph; give namespace:name, an asset URI or a path, "
            "and ingest events first (jejak lineage ingest)"
        )

    def dataset(self, dataset: DatasetId) -> DatasetNode | None:
        t = lineage_datasets
        with self._engine.connect() as conn:
            row = conn.execute(
                select(t.c.location).where(t.c.namespace == dataset.namespace, t.c.name == dataset.name)
            ).first()
        return None if row is None else DatasetNode(dataset, row.location, 0)

    def facets(self, dataset: DatasetId) -> dict[str, Any]:
        """The dataset's stored facets (schema, dataSource, storage ...), {} when it has none."""
        t = lineage_datasets
        with self._engine.connect() as conn:
            value = conn.execute(
                select(t.c.facets).where(t.c.namespace == dataset.namespace, t.c.name == dataset.name)
            ).scalar()
        return dict(value or {})

    def jobs_of(self, dataset: DatasetId) -> tuple[JobUse, ...]:
        """Every job that reads or writes `dataset`, also jobs with no output (a call to a remote API)."""
        t, j = lineage_job_datasets, lineage_jobs
        with self._engine.connect() as conn:
            dataset_id = _dataset_ids(conn, [dataset]).get(dataset)
            if dataset_id is None:
                raise DatasetNotFoundError(f"no dataset {dataset} in the lineage graph")
            rows = conn.execute(
                select(j.c.namespace, j.c.name, j.c.location, t.c.role)
                .join(j, j.c.id == t.c.job_id)
                .where(t.c.dataset_id == dataset_id)
                .order_by(t.c.role, j.c.namespace, j.c.name)
            )
            return tuple(JobUse(JobNode(JobId(r.namespace, r.name), r.location), r.role) for r in rows)

    def edge_sources(
        self, pairs: Sequence[tuple[DatasetId, DatasetId]]
    ) -> dict[tuple[DatasetId, DatasetId], set[str]]:
        """For each (a, b) given, the sources (openlineage, manifest, inferred) of the edges between a and b
        in either direction, through any job; pairs with no edge are left out."""
        e = lineage_edges
        with self._engine.connect() as conn:
            ids = _dataset_ids(conn, sorted({d for pair in pairs for d in pair}))
            wanted = {(ids[a], ids[b]): (a, b) for a, b in pairs if a in ids and b in ids}
            keys = sorted({*wanted, *((b, a) for a, b in wanted)})
            rows = select_in(
                conn, (e.c.input_id, e.c.output_id, e.c.source), (e.c.input_id, e.c.output_id), keys
            )
        found: dict[tuple[DatasetId, DatasetId], set[str]] = {}
        for input_id, output_id, source in rows:
            for key in ((input_id, output_id), (output_id, input_id)):
                if key in wanted:
                    found.setdefault(wanted[key], set()).add(source)
        return found

    # -- dataset walks -----------------------------------------------------------------------------------

    def upstream(self, dataset: DatasetId, depth: int | None = None, *, columns: bool = True) -> Lineage:
        """Everything `dataset` was computed from, up to `depth` hops (None: all)."""
        return self._walk(dataset, Direction.UPSTREAM, depth, columns)

    def downstream(self, dataset: DatasetId, depth: int | None = None, *, columns: bool = True) -> Lineage:
        """Everything computed from `dataset`, up to `depth` hops (None: all)."""
        return self._walk(dataset, Direction.DOWNSTREAM, depth, columns)

    def _walk(self, root: DatasetId, direction: Direction, depth: int | None, columns: bool) -> Lineage:
        e = lineage_edges
        near, far = (
            (e.c.output_id, e.c.input_id)
            if direction is Direction.UPSTREAM
            else (e.c.input_id, e.c.output_id)
        )
        with self._engine.connect() as conn:
            root_id = _dataset_ids(conn, [root]).get(root)
            if root_id is None:
                raise DatasetNotFoundError(
                    f"no dataset {root} in the lineage graph; ingest its lineage first"
                )
            seen = {root_id: 0}
            frontier = [root_id]
            edge_rows: list[Any] = []
            level = 0
            while frontier and (depth is None or level < depth):
                level += 1
                reached: list[int] = []
                for chunk in chunks(frontier, _FRONTIER_CHUNK):
                    query = select(e.c.input_id, e.c.output_id, e.c.job_id, e.c.source, e.c.inferred, far)
                    for row in conn.execute(query.where(near.in_(chunk))):
                        edge_rows.append(row)
                        if row[5] not in seen:
                            seen[row[5]] = level
                            reached.append(row[5])
                frontier = reached
            truncated = bool(frontier) and _has_edges(conn, near, frontier)
            names = _dataset_rows(conn, seen)
            jobs = _job_rows(conn, {row.job_id for row in edge_rows})
            column_rows = _column_rows(conn, seen) if columns else []
        datasets = sorted(
            (DatasetNode(names[i][0], names[i][1], d) for i, d in seen.items()), key=lambda n: (n.depth, n.id)
        )
        return Lineage(
            root=root,
            direction=direction,
            depth=depth,
            datasets=tuple(datasets),
            jobs=tuple(sorted(jobs.values(), key=lambda job: job.id)),
            edges=tuple(
                sorted(
                    (
                        Edge(
                            names[r.input_id][0],
                            names[r.output_id][0],
                            jobs[r.job_id].id,
                            r.source,
                            bool(r.inferred),
                        )
                        for r in edge_rows
                    ),
                    key=lambda edge: (edge.input, edge.output, edge.job),
                )
            ),
            column_edges=tuple(_column_edge(r, names, jobs) for r in column_rows),
            truncated=truncated,
        )

    # -- column walks ------------------------------------------------------------------------------------

    def columns_downstream(
        self, dataset: DatasetId, field: str, *, through_masked: bool = False
    ) -> tuple[ColumnEdge, ...]:
        """Column edges reachable from `dataset.field`; masked edges are reported but not followed unless
        `through_masked`."""
        return self._column_walk(dataset, field, Direction.DOWNSTREAM, through_masked)

    def columns_upstream(
        self, dataset: DatasetId, field: str, *, through_masked: bool = False
    ) -> tuple[ColumnEdge, ...]:
        """Column edges `dataset.field` was computed from (stopping at masked edges, as above)."""
        return self._column_walk(dataset, field, Direction.UPSTREAM, through_masked)

    def _column_walk(
        self, root: DatasetId, field: str, direction: Direction, through_masked: bool
    ) -> tuple[ColumnEdge, ...]:
        c = lineage_column_edges
        downstream = direction is Direction.DOWNSTREAM
        near = (c.c.input_id, c.c.input_field) if downstream else (c.c.output_id, c.c.output_field)
        with self._engine.connect() as conn:
            root_id = _dataset_ids(conn, [root]).get(root)
            if root_id is None:
                raise DatasetNotFoundError(
                    f"no dataset {root} in the lineage graph; ingest its lineage first"
                )
            seen = {(root_id, field)}
            frontier = [(root_id, field)]
            found: list[Any] = []
            while frontier:
                reached = []
                for chunk in chunks(frontier, _FRONTIER_CHUNK):
                    for row in conn.execute(select(c).where(tuple_(*near).in_(chunk))):
                        found.append(row)
                        target = (
                            (row.output_id, row.output_field)
                            if downstream
                            else (row.input_id, row.input_field)
                        )
                        if (through_masked or not row.masked) and target not in seen:
                            seen.add(target)
                            reached.append(target)
                frontier = reached
            names = _dataset_rows(conn, {r.input_id for r in found} | {r.output_id for r in found})
            jobs = _job_rows(conn, {r.job_id for r in found})
        return tuple(_column_edge(r, names, jobs) for r in found)


# -- row helpers ------------------------------------------------------------------------------------------


def _dataset_ids(conn: Connection, datasets: Sequence[DatasetId]) -> dict[DatasetId, int]:
    t = lineage_datasets
    rows = select_in(
        conn,
        (t.c.id, t.c.namespace, t.c.name),
        (t.c.namespace, t.c.name),
        [(d.namespace, d.name) for d in datasets],
    )
    return {DatasetId(ns, name): int(i) for i, ns, name in rows}


def _dataset_rows(conn: Connection, ids: Iterable[int]) -> dict[int, tuple[DatasetId, str | None]]:
    t = lineage_datasets
    rows = select_in(conn, (t.c.id, t.c.namespace, t.c.name, t.c.location), (t.c.id,), [(i,) for i in ids])
    return {int(i): (DatasetId(ns, name), location) for i, ns, name, location in rows}


def _job_rows(conn: Connection, ids: Iterable[int]) -> dict[int, JobNode]:
    t = lineage_jobs
    rows = select_in(conn, (t.c.id, t.c.namespace, t.c.name, t.c.location), (t.c.id,), [(i,) for i in ids])
    return {int(i): JobNode(JobId(ns, name), location) for i, ns, name, location in rows}


def _column_rows(conn: Connection, dataset_ids: dict[int, int]) -> list[Any]:
    c = lineage_column_edges
    rows: list[Any] = []
    for chunk in chunks(dataset_ids, _FRONTIER_CHUNK):
        query = select(c).where(c.c.output_id.in_(chunk)).order_by(c.c.output_id, c.c.output_field, c.c.id)
        rows.extend(row for row in conn.execute(query) if row.input_id in dataset_ids)
    return rows


def _column_edge(
    row: Any, names: dict[int, tuple[DatasetId, str | None]], jobs: dict[int, JobNode]
) -> ColumnEdge:
    return ColumnEdge(
        input=names[row.input_id][0],
        input_field=row.input_field,
        output=names[row.output_id][0],
        output_field=row.output_field,
        job=jobs[row.job_id].id,
        transformation_type=row.transformation_type,
        transformation_subtype=row.transformation_subtype,
        masked=bool(row.masked),
    )


def _has_edges(conn: Connection, near: Any, frontier: list[int]) -> bool:
    for chunk in chunks(frontier, _FRONTIER_CHUNK):
        if conn.execute(select(lineage_edges.c.id).where(near.in_(chunk)).limit(1)).first() is not None:
            return True
    return False
