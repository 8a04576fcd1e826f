"""When was a dataset last built? The latest completed run of a job that writes it, from the lineage graph.

A consent report calls a training set stale when someone withdrew after it was built, so the build time
must not be later than the truth (that would hide a withdrawal). Hence only evidence of a finished build
counts:

- runs whose state is `COMPLETE` (a run's stored time is its newest event's, so this is its end time); a
  failed, aborted or still running run did not produce the dataset;
- runs reported by a producer (OpenLineage events), never by a manifest: a `lineage.yaml` says what a job
  reads and writes, not when it ran, and its runs carry the time they were ingested;
- jobs outside jejak's own namespace: `jejak:scan` (events of `jejak lineage emit`, which a `jejak serve`
  may have ingested) reads a dataset, and `jejak:inferred` is a guess; neither builds anything.

Which job wrote the dataset is known per job, not per run (`lineage_job_datasets`), so a job that once wrote
the dataset counts with all its completed runs.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine

from jejak.catalog.schema import lineage_datasets, lineage_job_datasets, lineage_jobs, lineage_runs
from jejak.lineage.errors import DatasetNameError
from jejak.lineage.events import SOURCE_MANIFEST, EventType
from jejak.lineage.names import DatasetId, JobId, candidates, dataset_for_uri

#: jejak's own jobs (`jejak:scan` of `lineage emit`, `jejak:inferred`); spelled here rather than imported
#: from `emit`, which needs the optional openlineage client.
JEJAK_JOB_NAMESPACE = "jejak"


@dataclass(frozen=True)
class Build:
    """The latest completed run of a job writing `dataset`."""

    dataset: DatasetId
    at: datetime  # aware, UTC
    job: JobId
    run_id: str


class BuildTimes:
    """Build times of datasets, read from the lineage tables of a catalog."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def node(self, names: list[str], cwd: Path) -> DatasetId | None:
        """The first lineage dataset any of `names` means, read as `jejak lineage show` reads a DATASET
        (namespace:name, an asset URI or a local path relative to `cwd`); None when the graph has none."""
        options: list[DatasetId] = []
        for name in names:
            options += candidates(name, cwd)
            with suppress(DatasetNameError):
                options.append(dataset_for_uri(name, cwd))
        options = list(dict.fromkeys(options))
        if not options:
            return None
        t = lineage_datasets
        with self._engine.connect() as conn:
            for option in options:
                found = conn.execute(
                    select(t.c.id).where(t.c.namespace == option.namespace, t.c.name == option.name)
                ).first()
                if found is not None:
                    return option
        return None

    def last_build(self, dataset: DatasetId) -> Build | None:
        """The latest completed, producer-reported run of a job that writes `dataset`; None when none."""
        d, jd, j, r = lineage_datasets, lineage_job_datasets, lineage_jobs, lineage_runs
        query = (
            select(r.c.event_time, r.c.run_uuid, j.c.namespace, j.c.name)
            .select_from(r)
            .join(j, j.c.id == r.c.job_id)
            .join(jd, (jd.c.job_id == r.c.job_id) & (jd.c.role == "output"))
            .join(d, d.c.id == jd.c.dataset_id)
            .where(
                d.c.namespace == dataset.namespace,
                d.c.name == dataset.name,
                r.c.event_type == EventType.COMPLETE.value,
                r.c.source != SOURCE_MANIFEST,
                j.c.namespace != JEJAK_JOB_NAMESPACE,
            )
            .order_by(r.c.event_time.desc(), r.c.run_uuid)
            .limit(1)
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        at = row.event_time if row.event_time.tzinfo else row.event_time.replace(tzinfo=UTC)
        return Build(dataset, at.astimezone(UTC), JobId(row.namespace, row.name), str(row.run_uuid))
