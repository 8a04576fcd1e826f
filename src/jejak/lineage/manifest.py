"""`lineage.yaml`: lineage for pipelines that emit no OpenLineage (notebooks, cron scripts, LLM API calls).

    version: 1
    jobs:
      - name: build_training_set            # unique within its namespace
        namespace: ml-pipeline              # default: manifest
        location: SG                        # ISO 3166-1 alpha-2: where the job runs
        inputs:
          - s3://raw-sg/crm/customers.parquet             # asset URI, SQL asset or path
          - {namespace: "postgres://db:5432", name: crm.public.users, location: SG}
        outputs:
          - data/features/customers.parquet               # relative paths: from the manifest's folder
        columns:
          - output: nric_hash                             # a column of the (only) output
            inputs: [nric]                                # columns of the (only) input
            masked: true
          - {output: email, output_dataset: data/features/customers.parquet,
             inputs: [{dataset: "s3://raw-sg/crm/customers.parquet", field: email}]}
      - name: summarise_with_llm
        location: US                                      # the API is hosted in the US
        inputs: [data/features/customers.parquet]         # no outputs: data leaves for the API

Each job becomes one RunEvent (type OTHER, source `manifest`) with a run id derived from the job's name, so
ingesting the same manifest twice leaves the graph as it was; it then goes through the same store path as
OpenLineage events. Validated with strict pydantic models: an unknown key is an error naming its path.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jejak.lineage.errors import DatasetNameError, LineageManifestError
from jejak.lineage.events import (
    SOURCE_MANIFEST,
    Dataset,
    EventType,
    FieldLineage,
    InputField,
    Job,
    RunEvent,
    Transformation,
)
from jejak.lineage.names import DatasetId, JobId, dataset_for_uri

DEFAULT_NAMESPACE = "manifest"
PRODUCER = "urn:jejak:lineage-manifest"
SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
_RUN_NAMESPACE = uuid.UUID("5b0c8f3e-2a41-4c55-9f0d-6a1f3c2b7e90")  # uuid5 namespace of manifest runs
_COUNTRY = r"^[A-Z]{2}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class DatasetSpec(_Strict):
    namespace: str = Field(min_length=1)
    name: str = Field(min_length=1)
    location: str | None = Field(default=None, pattern=_COUNTRY)


class ColumnInputSpec(_Strict):
    field: str = Field(min_length=1)
    dataset: str | DatasetSpec | None = None  # default: the job's only input


class ColumnSpec(_Strict):
    output: str = Field(min_length=1)
    output_dataset: str | DatasetSpec | None = None  # default: the job's only output
    inputs: list[str | ColumnInputSpec] = Field(min_length=1)
    masked: bool = False


class JobSpec(_Strict):
    name: str = Field(min_length=1)
    namespace: str = Field(default=DEFAULT_NAMESPACE, min_length=1)
    location: str | None = Field(default=None, pattern=_COUNTRY)
    inputs: list[str | DatasetSpec] = Field(default_factory=list)
    outputs: list[str | DatasetSpec] = Field(default_factory=list)
    columns: list[ColumnSpec] = Field(default_factory=list)


class ManifestSpec(_Strict):
    version: int = 1
    jobs: list[JobSpec] = Field(min_length=1)


def load_manifest(path: Path, *, now: datetime | None = None) -> list[RunEvent]:
    """Read and validate `path`; one RunEvent per job. Raises LineageManifestError naming the key path."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LineageManifestError(
            f"cannot read lineage manifest {path}: {exc.strerror}; check the path"
        ) from exc
    except yaml.YAMLError as exc:
        raise LineageManifestError(
            f"{path}: not valid YAML ({exc.__class__.__name__}); fix the syntax"
        ) from exc
    return manifest_events(data, source=str(path), base=path.parent, now=now)


def manifest_events(data: Any, *, source: str, base: Path, now: datetime | None = None) -> list[RunEvent]:
    """The events of an already-parsed manifest; relative paths are read from `base`."""
    try:
        spec = ManifestSpec.model_validate(data)
    except ValidationError as exc:
        raise LineageManifestError(f"{source}: {_describe(exc)}") from None
    if spec.version != 1:
        raise LineageManifestError(f"{source}: version: {spec.version} is not supported (only 1)")
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    seen: set[JobId] = set()
    events = []
    for index, job in enumerate(spec.jobs):
        where = f"{source}: jobs[{index}]"
        job_id = JobId(job.namespace, job.name)
        if job_id in seen:
            raise LineageManifestError(f"{where}: job {job_id} appears twice; give each job one entry")
        seen.add(job_id)
        inputs = [_dataset(item, base, f"{where}.inputs[{i}]") for i, item in enumerate(job.inputs)]
        outputs = [_dataset(item, base, f"{where}.outputs[{i}]") for i, item in enumerate(job.outputs)]
        columns = _columns(job, inputs, outputs, base, where)
        outputs = [Dataset(d.id, location=d.location, columns=tuple(columns.get(d.id, ()))) for d in outputs]
        events.append(
            RunEvent(
                event_type=EventType.OTHER,
                event_time=moment,
                producer=PRODUCER,
                schema_url=SCHEMA_URL,
                run_id=uuid.uuid5(_RUN_NAMESPACE, f"{job.namespace}\n{job.name}"),
                run_facets={},
                job=Job(job_id, location=job.location),
                inputs=tuple(inputs),
                outputs=tuple(outputs),
                source=SOURCE_MANIFEST,
            )
        )
    return events


def _dataset(item: str | DatasetSpec, base: Path, where: str) -> Dataset:
    if isinstance(item, DatasetSpec):
        return Dataset(DatasetId(item.namespace, item.name), location=item.location)
    try:
        return Dataset(dataset_for_uri(item, base))
    except DatasetNameError as exc:
        raise LineageManifestError(f"{where}: {exc}") from None


def _columns(
    job: JobSpec, inputs: list[Dataset], outputs: list[Dataset], base: Path, where: str
) -> dict[DatasetId, list[FieldLineage]]:
    found: dict[DatasetId, list[FieldLineage]] = {}
    for index, column in enumerate(job.columns):
        at = f"{where}.columns[{index}]"
        output = _only(column.output_dataset, outputs, base, f"{at}.output_dataset", "outputs")
        sources = []
        for position, raw in enumerate(column.inputs):
            item = ColumnInputSpec(field=raw) if isinstance(raw, str) else raw
            dataset = _only(item.dataset, inputs, base, f"{at}.inputs[{position}].dataset", "inputs")
            step = Transformation(
                type="DIRECT", subtype="TRANSFORMATION" if column.masked else "", masking=column.masked
            )
            sources.append(InputField(dataset, item.field, (step,)))
        found.setdefault(output, []).append(FieldLineage(column.output, tuple(sources)))
    return found


def _only(
    given: str | DatasetSpec | None, datasets: list[Dataset], base: Path, where: str, kind: str
) -> DatasetId:
    if given is not None:
        return _dataset(given, base, where).id
    if len(datasets) != 1:
        raise LineageManifestError(
            f"{where}: missing; the job has {len(datasets)} {kind}, so name the dataset"
        )
    return datasets[0].id


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]).lstrip(".")
    # a union (str | mapping) reports the branch it tried last; name the member, not pydantic's branch tag
    where = where.replace(".str", "").replace(".DatasetSpec", "").replace(".ColumnInputSpec", "")
    message = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where or '<top>'}: {message}{more}"
