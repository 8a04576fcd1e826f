"""The lineage graph in the catalog: OpenLineage events (and manifests) in, one transaction per batch.

`LineageStore.ingest` applies a batch of events all or nothing: datasets, jobs and runs are upserted,
what each job reads and writes is recorded, dataset edges are the job's inputs x outputs (a job is the unit
OpenLineage describes; it says nothing finer at dataset level), column edges come from `columnLineage`.
Re-ingesting an event changes nothing but "last seen" markers, so a producer may retry freely.

Events may arrive out of order (a COMPLETE before its START, a backfill): a batch is applied in event-time
order, facets merge by event time (`facets.merge_facets`), and a run's state is its newest event's type
(OTHER only when nothing else was seen). Edges are job-level and cumulative: a job that once read X and
wrote Y keeps the edge X -> Y with the runs it was first and last seen in.

`add_inferred_edges` stores edges that no producer reported but shared identifiers suggest
(`jejak.lineage.inference`): source `inferred`, through the job `jejak:inferred`, with no run.

Writers in one process take turns (a lock): SQLite allows one writer at a time anyway, and on PostgreSQL it
keeps two requests of `jejak serve` from interleaving the same upserts.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from jejak.catalog.extension import CatalogExtension
from jejak.catalog.schema import (
    COLUMN_EDGE_KEY,
    lineage_column_edges,
    lineage_datasets,
    lineage_edges,
    lineage_job_datasets,
    lineage_jobs,
    lineage_runs,
)
from jejak.catalog.settings import display_url
from jejak.errors import CatalogError
from jejak.lineage.events import SOURCE_INFERRED, EventType, RunEvent, Transformation
from jejak.lineage.facets import merge_facets, stored_facets
from jejak.lineage.names import DatasetId, JobId
from jejak.lineage.sql import insert_ignoring_duplicates, select_in, update_many

LINEAGE_TABLES = (
    lineage_datasets,
    lineage_jobs,
    lineage_runs,
    lineage_job_datasets,
    lineage_edges,
    lineage_column_edges,
)
_NO_TRANSFORMATION = (Transformation(),)
INFERRED_JOB = JobId("jejak", "inferred")  # the one job every inferred edge goes through


@dataclass(frozen=True)
class IngestResult:
    """What one `ingest` call did: counts of distinct things touched, and of edges new to the graph."""

    events: int
    runs: int
    jobs: int
    datasets: int
    edges_added: int
    column_edges_added: int


class LineageStore(CatalogExtension):
    """Write lineage into a catalog database. Open with `LineageStore.open`; use as a context manager."""

    def __init__(self, engine: Engine, url: str) -> None:
        super().__init__(engine, url)
        self._lock = threading.Lock()

    def counts(self) -> dict[str, int]:
        """Rows per lineage table, e.g. {"lineage_edges": 12, ...}."""
        with self._engine.connect() as conn:
            return {
                table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for table in LINEAGE_TABLES
            }

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        try:
            with self._lock, self._engine.begin() as conn:
                yield conn
        except DBAPIError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
            raise CatalogError(
                f"cannot store lineage in catalog {display_url(self.url)}: {reason}; nothing was applied"
            ) from exc

    def ingest(self, events: Iterable[RunEvent]) -> IngestResult:
        """Apply `events` in one transaction: all of them, or (on any error) none."""
        batch = sorted(events, key=lambda event: event.event_time)
        if not batch:
            return IngestResult(0, 0, 0, 0, 0, 0)
        with self._writing() as conn:
            return _Ingest(conn, batch).run()

    def add_inferred_edges(self, pairs: Iterable[tuple[DatasetId, DatasetId]]) -> int:
        """Store (upstream, downstream) pairs as edges of the job `jejak:inferred`, marked inferred, in one
        transaction; returns how many were new. No run and no job inputs/outputs are recorded: nothing ran,
        the edge is a guess (`jejak.lineage.inference`). Adding the same pairs again changes nothing."""
        wanted = {(up, down) for up, down in pairs if up != down}
        if not wanted:
            return 0
        with self._writing() as conn:
            datasets = _ensure_nodes(conn, lineage_datasets, {d for pair in wanted for d in pair}, DatasetId)
            job_id = _ensure_nodes(conn, lineage_jobs, {INFERRED_JOB}, JobId)[INFERRED_JOB]
            t = lineage_edges
            keys = sorted((job_id, datasets[up], datasets[down]) for up, down in wanted)
            columns = (t.c.job_id, t.c.input_id, t.c.output_id)
            existing = {tuple(row) for row in select_in(conn, columns, columns, keys)}
            new = [
                {"job_id": j, "input_id": i, "output_id": o, "source": SOURCE_INFERRED, "inferred": True}
                for j, i, o in keys
                if (j, i, o) not in existing
            ]
            insert_ignoring_duplicates(conn, t, new)
        return len(new)


class _Ingest:
    """One batch inside one transaction. Each step looks up what exists, then writes set-at-a-time."""

    def __init__(self, conn: Connection, batch: list[RunEvent]) -> None:
        self.conn = conn
        self.batch = batch
        self.dataset_ids: dict[DatasetId, int] = {}
        self.job_ids: dict[JobId, int] = {}
        self.run_ids: dict[str, int] = {}

    def run(self) -> IngestResult:
        datasets = {d.id for e in self.batch for d in (*e.inputs, *e.outputs)}
        datasets |= {i.dataset for e in self.batch for d in e.outputs for f in d.columns for i in f.inputs}
        self.dataset_ids = self._ensure(lineage_datasets, datasets, DatasetId)
        self.job_ids = self._ensure(lineage_jobs, {e.job.id for e in self.batch}, JobId)
        self._merge_datasets()
        self._merge_jobs()
        self._upsert_runs()
        io = self._job_datasets()
        edges_added = self._edges(io)
        column_edges_added = self._column_edges()
        return IngestResult(
            events=len(self.batch),
            runs=len(self.run_ids),
            jobs=len(self.job_ids),
            datasets=len(self.dataset_ids),
            edges_added=edges_added,
            column_edges_added=column_edges_added,
        )

    # -- nodes -------------------------------------------------------------------------------------------

    def _ensure(self, table: Any, keys: set[Any], kind: type[Any]) -> dict[Any, int]:
        return _ensure_nodes(self.conn, table, keys, kind)

    def _merge_datasets(self) -> None:
        updates: dict[int, list[tuple[Any, dict[str, Any], str | None]]] = defaultdict(list)
        for event in self.batch:
            for dataset in (*event.inputs, *event.outputs):
                if dataset.facets or dataset.location:
                    updates[self.dataset_ids[dataset.id]].append(
                        (event.event_time, stored_facets(dataset.facets), dataset.location)
                    )
        self._merge_node_facets(lineage_datasets, updates)

    def _merge_jobs(self) -> None:
        updates: dict[int, list[tuple[Any, dict[str, Any], str | None]]] = defaultdict(list)
        for event in self.batch:
            if event.job.facets or event.job.location:
                updates[self.job_ids[event.job.id]].append(
                    (event.event_time, stored_facets(event.job.facets), event.job.location)
                )
        self._merge_node_facets(lineage_jobs, updates)

    def _merge_node_facets(
        self, table: Any, updates: dict[int, list[tuple[Any, dict[str, Any], str | None]]]
    ) -> None:
        if not updates:
            return
        columns = (table.c.id, table.c.facets, table.c.facets_time, table.c.location)
        current = {
            row[0]: row[1:] for row in select_in(self.conn, columns, (table.c.id,), [(i,) for i in updates])
        }
        rows = []
        for node_id, changes in updates.items():
            facets, facets_time, location = current[node_id]
            for moment, incoming, new_location in changes:
                newer = facets_time is None or _aware(facets_time) <= moment
                facets = merge_facets(facets, incoming, incoming_is_newer=newer)
                if newer:
                    facets_time = moment
                location = new_location or location
            rows.append({"id": node_id, "facets": facets, "facets_time": facets_time, "location": location})
        update_many(self.conn, table, ("id",), rows)

    # -- runs --------------------------------------------------------------------------------------------

    def _upsert_runs(self) -> None:
        columns = (
            lineage_runs.c.run_uuid,
            lineage_runs.c.id,
            lineage_runs.c.event_type,
            lineage_runs.c.event_time,
            lineage_runs.c.facets,
        )
        uuids = sorted({str(e.run_id) for e in self.batch})
        existing = {
            row[0]: row[1:]
            for row in select_in(self.conn, columns, (lineage_runs.c.run_uuid,), [(u,) for u in uuids])
        }
        state: dict[str, dict[str, Any]] = {}
        for uuid_text, (run_id, event_type, event_time, facets) in existing.items():
            state[uuid_text] = {
                "id": run_id,
                "event_type": event_type,
                "event_time": _aware(event_time),
                "facets": facets,
            }
        for event in self.batch:
            key = str(event.run_id)
            row = state.setdefault(
                key,
                {
                    "id": None,
                    "event_type": EventType.OTHER.value,
                    "event_time": event.event_time,
                    "facets": {},
                },
            )
            newer = row["event_time"] <= event.event_time
            row["facets"] = merge_facets(
                row["facets"], stored_facets(event.run_facets), incoming_is_newer=newer
            )
            if event.event_type is not EventType.OTHER and (
                newer or row["event_type"] == EventType.OTHER.value
            ):
                row["event_type"] = event.event_type.value
            row["event_time"] = max(row["event_time"], event.event_time)
            row["job_id"] = self.job_ids[event.job.id]
            row["source"] = event.source
        new = [
            {"run_uuid": k, **{c: v for c, v in r.items() if c != "id"}}
            for k, r in state.items()
            if r["id"] is None
        ]
        insert_ignoring_duplicates(self.conn, lineage_runs, new)
        update_many(
            self.conn,
            lineage_runs,
            ("id",),
            [{c: v for c, v in r.items()} for r in state.values() if r["id"] is not None],
        )
        self.run_ids = {
            row[0]: int(row[1])
            for row in select_in(
                self.conn,
                (lineage_runs.c.run_uuid, lineage_runs.c.id),
                (lineage_runs.c.run_uuid,),
                [(u,) for u in uuids],
            )
        }

    # -- edges -------------------------------------------------------------------------------------------

    def _job_datasets(self) -> dict[int, dict[str, set[int]]]:
        """Record what each job read and wrote; returns every job's inputs and outputs known after it."""
        t = lineage_job_datasets
        jobs = sorted(set(self.job_ids.values()))
        known: dict[int, dict[str, set[int]]] = {job: {"input": set(), "output": set()} for job in jobs}
        existing = set()
        for job_id, dataset_id, role in select_in(
            self.conn, (t.c.job_id, t.c.dataset_id, t.c.role), (t.c.job_id,), [(j,) for j in jobs]
        ):
            known[job_id][role].add(dataset_id)
            existing.add((job_id, dataset_id, role))
        touched: dict[tuple[int, int, str], dict[str, Any]] = {}
        for event in self.batch:
            job_id, run_id = self.job_ids[event.job.id], self.run_ids[str(event.run_id)]
            for role, datasets in (("input", event.inputs), ("output", event.outputs)):
                for dataset in datasets:
                    key = (job_id, self.dataset_ids[dataset.id], role)
                    row = touched.setdefault(key, {"first_run_id": run_id})
                    row.update(last_run_id=run_id, source=event.source)
                    known[job_id][role].add(key[1])
        new = [
            {"job_id": k[0], "dataset_id": k[1], "role": k[2], **row}
            for k, row in touched.items()
            if k not in existing
        ]
        insert_ignoring_duplicates(self.conn, t, new)
        update_many(
            self.conn,
            t,
            ("job_id", "dataset_id", "role"),
            [
                {
                    "job_id": k[0],
                    "dataset_id": k[1],
                    "role": k[2],
                    "last_run_id": r["last_run_id"],
                    "source": r["source"],
                }
                for k, r in touched.items()
                if k in existing
            ],
        )
        return known

    def _edges(self, io: dict[int, dict[str, set[int]]]) -> int:
        """Input x output edges of each job an event touched; returns how many are new."""
        t = lineage_edges
        touched: dict[tuple[int, int, int], dict[str, Any]] = {}
        for event in self.batch:
            job_id, run_id = self.job_ids[event.job.id], self.run_ids[str(event.run_id)]
            ins = {self.dataset_ids[d.id] for d in event.inputs}
            outs = {self.dataset_ids[d.id] for d in event.outputs}
            pairs = {(i, o) for i in io[job_id]["input"] for o in outs}
            pairs |= {(i, o) for i in ins for o in io[job_id]["output"]}
            for i, o in pairs:
                if i != o:  # a job updating a table in place is not an edge
                    row = touched.setdefault((job_id, i, o), {"first_run_id": run_id})
                    row.update(last_run_id=run_id, source=event.source)
        if not touched:
            return 0
        key = (t.c.job_id, t.c.input_id, t.c.output_id)
        existing = {tuple(row) for row in select_in(self.conn, key, key, sorted(touched))}
        new = [
            {"job_id": k[0], "input_id": k[1], "output_id": k[2], "inferred": False, **row}
            for k, row in touched.items()
            if k not in existing
        ]
        insert_ignoring_duplicates(self.conn, t, new)
        update_many(
            self.conn,
            t,
            ("job_id", "input_id", "output_id"),
            [
                {
                    "job_id": k[0],
                    "input_id": k[1],
                    "output_id": k[2],
                    "last_run_id": r["last_run_id"],
                    "source": r["source"],
                }
                for k, r in touched.items()
                if k in existing
            ],
        )
        return len(new)

    def _column_edges(self) -> int:
        t = lineage_column_edges
        touched: dict[tuple[int, str, int, str, str, str], dict[str, Any]] = {}
        for event in self.batch:
            job_id, run_id = self.job_ids[event.job.id], self.run_ids[str(event.run_id)]
            for output in event.outputs:
                output_id = self.dataset_ids[output.id]
                for lineage in output.columns:
                    for source in lineage.inputs:
                        for step in source.transformations or _NO_TRANSFORMATION:
                            key = (
                                output_id,
                                lineage.field,
                                self.dataset_ids[source.dataset],
                                source.field,
                                step.type[:32],
                                step.subtype[:32],
                            )
                            touched[key] = {"masked": step.masking, "job_id": job_id, "last_run_id": run_id}
        if not touched:
            return 0
        names = COLUMN_EDGE_KEY
        key_columns = tuple(t.c[name] for name in names)
        existing = {tuple(row) for row in select_in(self.conn, key_columns, key_columns, sorted(touched))}
        rows = [{**dict(zip(names, k, strict=True)), **row} for k, row in touched.items()]
        insert_ignoring_duplicates(
            self.conn, t, [r for k, r in zip(touched, rows, strict=True) if k not in existing]
        )
        update_many(self.conn, t, names, [r for k, r in zip(touched, rows, strict=True) if k in existing])
        return sum(1 for k in touched if k not in existing)


def _ensure_nodes(conn: Connection, table: Any, keys: set[Any], kind: type[Any]) -> dict[Any, int]:
    """Ids of the (namespace, name) nodes in `keys`, inserting those not there yet."""
    key_columns = (table.c.namespace, table.c.name)
    wanted = sorted((k.namespace, k.name) for k in keys)
    found = {
        (ns, name): int(i) for i, ns, name in select_in(conn, (table.c.id, *key_columns), key_columns, wanted)
    }
    missing = [{"namespace": ns, "name": name} for ns, name in wanted if (ns, name) not in found]
    if missing:
        insert_ignoring_duplicates(conn, table, missing)
        again = [(row["namespace"], row["name"]) for row in missing]
        for i, ns, name in select_in(conn, (table.c.id, *key_columns), key_columns, again):
            found[(ns, name)] = int(i)
    return {kind(ns, name): i for (ns, name), i in found.items()}


def _aware(moment: Any) -> Any:
    """SQLite returns timestamps without their offset (event times are stored in UTC); read them as UTC."""
    if isinstance(moment, datetime) and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment
