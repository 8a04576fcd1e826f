"""OpenLineage RunEvents (spec 2-0-2) as typed, validated values.

Validation is done by hand rather than with the JSON schema: the store needs typed values anyway, and a
producer needs to be told *where* its event is wrong (`outputs[0].facets.columnLineage.fields.email
.inputFields[1].field: missing`), which is the JSON path the error names. Facets are checked only for shape
(objects), except `columnLineage`, which the store reads. Unknown members are allowed, as the spec does.

Masked column edges: a transformation with `masking: true` (ColumnLineageDatasetFacet 1-2-0), a
transformation whose `type` is `MASKED`, or a field whose deprecated `transformationType` is `MASKED`
(facet 1-0-x) marks the column edge masked.

DatasetEvent and JobEvent (static lineage, no run) are refused with a reason for now.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from jejak.lineage.errors import LineageEventError
from jejak.lineage.names import DatasetId, JobId

SOURCE_OPENLINEAGE = "openlineage"
SOURCE_MANIFEST = "manifest"
SOURCE_INFERRED = "inferred"


class EventType(StrEnum):
    START = "START"
    RUNNING = "RUNNING"
    COMPLETE = "COMPLETE"
    ABORT = "ABORT"
    FAIL = "FAIL"
    OTHER = "OTHER"


@dataclass(frozen=True)
class Transformation:
    """How an input column becomes an output column (`type` DIRECT/INDIRECT, `subtype` IDENTITY, ...)."""

    type: str = ""
    subtype: str = ""
    description: str | None = None
    masking: bool = False


@dataclass(frozen=True)
class InputField:
    dataset: DatasetId
    field: str
    transformations: tuple[Transformation, ...] = ()


@dataclass(frozen=True)
class FieldLineage:
    """One output column and the input columns it is computed from."""

    field: str
    inputs: tuple[InputField, ...]


#: jejak's custom facet for where a dataset is stored or a job runs: `{"country": "SG"}` (job or dataset).
LOCATION_FACET = "jejak_location"


@dataclass(frozen=True)
class Dataset:
    id: DatasetId
    facets: Mapping[str, Any] = field(default_factory=dict)
    io_facets: Mapping[str, Any] = field(default_factory=dict)  # inputFacets / outputFacets
    columns: tuple[FieldLineage, ...] = ()  # from the columnLineage facet (outputs only)
    location: str | None = None  # ISO country code: a manifest's `location` or a `jejak_location` facet


@dataclass(frozen=True)
class Job:
    id: JobId
    facets: Mapping[str, Any] = field(default_factory=dict)
    location: str | None = None  # ISO country where the job runs: manifest or `jejak_location` facet


@dataclass(frozen=True)
class RunEvent:
    event_type: EventType
    event_time: datetime
    producer: str
    schema_url: str
    run_id: uuid.UUID
    run_facets: Mapping[str, Any]
    job: Job
    inputs: tuple[Dataset, ...] = ()
    outputs: tuple[Dataset, ...] = ()
    source: str = SOURCE_OPENLINEAGE


def parse_run_event(data: Any) -> RunEvent:
    """Validate one decoded JSON event. Raises LineageEventError naming the JSON path of the first problem."""
    event = _object(data, "")
    if "run" not in event:
        if "dataset" in event or "job" in event:
            raise LineageEventError(
                "run", "missing (DatasetEvent and JobEvent are not supported; send RunEvents)"
            )
        raise LineageEventError("run", "missing")
    run = _object(event["run"], "run")
    job = _object(_required(event, "job", ""), "job")
    raw_type = event.get("eventType", EventType.OTHER.value)
    if raw_type is None:
        raw_type = EventType.OTHER.value
    try:
        event_type = EventType(_string(raw_type, "eventType"))
    except ValueError:
        allowed = ", ".join(member.value for member in EventType)
        raise LineageEventError("eventType", f"not one of {allowed}") from None
    return RunEvent(
        event_type=event_type,
        event_time=_timestamp(_required(event, "eventTime", ""), "eventTime"),
        producer=_text(_required(event, "producer", ""), "producer"),
        schema_url=_text(_required(event, "schemaURL", ""), "schemaURL"),
        run_id=_uuid(_required(run, "runId", "run"), "run.runId"),
        run_facets=_facets(run.get("facets"), "run.facets"),
        job=_job(job),
        inputs=_datasets(event.get("inputs"), "inputs", "inputFacets"),
        outputs=_datasets(event.get("outputs"), "outputs", "outputFacets"),
    )


def _job(job: Mapping[str, Any]) -> Job:
    facets = _facets(job.get("facets"), "job.facets")
    return Job(
        id=JobId(_text(_required(job, "namespace", "job"), "job.namespace"), _job_name(job)),
        facets=facets,
        location=_location(facets, "job.facets"),
    )


def _location(facets: Mapping[str, Any], path: str) -> str | None:
    """The country from a `jejak_location` facet (`{"country": "US"}`): OpenLineage has no facet for
    geography, and a producer that knows where a job runs (an LLM API region) can say so this way."""
    raw = facets.get(LOCATION_FACET)
    if raw is None:
        return None
    country = _object(raw, f"{path}.{LOCATION_FACET}").get("country")
    if not (isinstance(country, str) and len(country) == 2 and country.isascii() and country.isupper()):
        raise LineageEventError(
            f"{path}.{LOCATION_FACET}.country", "not an ISO 3166-1 alpha-2 code such as SG"
        )
    return country


def _job_name(job: Mapping[str, Any]) -> str:
    return _text(_required(job, "name", "job"), "job.name")


def _datasets(value: Any, path: str, io_key: str) -> tuple[Dataset, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise LineageEventError(path, "not an array")
    datasets = []
    for index, item in enumerate(value):
        where = f"{path}[{index}]"
        raw = _object(item, where)
        dataset_id = DatasetId(
            _text(_required(raw, "namespace", where), f"{where}.namespace"),
            _text(_required(raw, "name", where), f"{where}.name"),
        )
        facets = _facets(raw.get("facets"), f"{where}.facets")
        columns: tuple[FieldLineage, ...] = ()
        if "columnLineage" in facets:
            columns = _column_lineage(facets["columnLineage"], f"{where}.facets.columnLineage")
        datasets.append(
            Dataset(
                id=dataset_id,
                facets=facets,
                io_facets=_facets(raw.get(io_key), f"{where}.{io_key}"),
                columns=columns,
                location=_location(facets, f"{where}.facets"),
            )
        )
    return tuple(datasets)


def _column_lineage(value: Any, path: str) -> tuple[FieldLineage, ...]:
    facet = _object(value, path)
    if facet.get("_deleted") is True:
        return ()
    fields = _object(_required(facet, "fields", path), f"{path}.fields")
    lineage = []
    for name, raw_field in fields.items():
        where = f"{path}.fields.{name}"
        spec = _object(raw_field, where)
        field_masked = spec.get("transformationType") == "MASKED"  # facet 1-0-x
        raw_inputs = _required(spec, "inputFields", where)
        if not isinstance(raw_inputs, list):
            raise LineageEventError(f"{where}.inputFields", "not an array")
        inputs = []
        for index, raw_input in enumerate(raw_inputs):
            at = f"{where}.inputFields[{index}]"
            item = _object(raw_input, at)
            transformations = _transformations(item.get("transformations"), f"{at}.transformations")
            if field_masked and not any(t.masking for t in transformations):
                description = spec.get("transformationDescription")
                transformations += (
                    Transformation(
                        type="MASKED",
                        description=description if isinstance(description, str) else None,
                        masking=True,
                    ),
                )
            inputs.append(
                InputField(
                    dataset=DatasetId(
                        _text(_required(item, "namespace", at), f"{at}.namespace"),
                        _text(_required(item, "name", at), f"{at}.name"),
                    ),
                    field=_text(_required(item, "field", at), f"{at}.field"),
                    transformations=transformations,
                )
            )
        lineage.append(FieldLineage(field=name, inputs=tuple(inputs)))
    return tuple(lineage)


def _transformations(value: Any, path: str) -> tuple[Transformation, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise LineageEventError(path, "not an array")
    found = []
    for index, raw in enumerate(value):
        where = f"{path}[{index}]"
        item = _object(raw, where)
        kind = _string(_required(item, "type", where), f"{where}.type")
        subtype = item.get("subtype")
        description = item.get("description")
        masking = item.get("masking", False)
        if subtype is not None:
            _string(subtype, f"{where}.subtype")
        if description is not None:
            _string(description, f"{where}.description")
        if not isinstance(masking, bool):
            raise LineageEventError(f"{where}.masking", "not a boolean")
        found.append(
            Transformation(
                type=kind,
                subtype=subtype or "",
                description=description,
                masking=masking or kind.upper() == "MASKED",
            )
        )
    return tuple(found)


# -- primitives -----------------------------------------------------------------------------------------


def _object(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise LineageEventError(path or "(event)", "not a JSON object")
    return value


def _required(container: Mapping[str, Any], key: str, parent: str) -> Any:
    if key not in container or container[key] is None:
        raise LineageEventError(f"{parent}.{key}" if parent else key, "missing")
    return container[key]


def _string(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise LineageEventError(path, "not a string")
    return value


def _text(value: Any, path: str) -> str:
    text = _string(value, path)
    if not text.strip():
        raise LineageEventError(path, "empty")
    return text


def _uuid(value: Any, path: str) -> uuid.UUID:
    try:
        return uuid.UUID(_string(value, path))
    except ValueError:
        raise LineageEventError(path, "not a UUID") from None


def _timestamp(value: Any, path: str) -> datetime:
    text = _string(value, path)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise LineageEventError(path, "not an ISO 8601 date-time (e.g. 2026-01-15T03:12:45.123Z)") from None
    if moment.tzinfo is None:
        raise LineageEventError(path, "no time zone offset (end it with Z or +hh:mm)")
    return moment.astimezone(UTC)  # stored in UTC: SQLite keeps no offset


def _facets(value: Any, path: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    facets = _object(value, path)
    for key, facet in facets.items():
        _object(facet, f"{path}.{key}")
    return facets
