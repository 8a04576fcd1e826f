"""RunEvent parsing: typed values from spec 2-0-2 events, and errors that name the JSON path."""

from __future__ import annotations

import copy
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from jejak.lineage.errors import LineageEventError, LineageManifestError
from jejak.lineage.event_files import read_event_text
from jejak.lineage.events import EventType, parse_run_event
from jejak.lineage.facets import merge_facets, stored_facets
from jejak.lineage.manifest import manifest_events
from jejak.lineage.names import DatasetId, JobId

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lineage"

EVENT: dict[str, Any] = {
    "eventType": "COMPLETE",
    "eventTime": "2026-01-15T11:12:45.123+08:00",
    "producer": "https://github.com/example/sea-scanner/tree/v0.1.0",
    "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    "run": {
        "runId": "0194c1a2-7b3e-7c4d-9e8f-1a2b3c4d5e6f",
        "facets": {"nominalTime": {"nominalStartTime": "x"}},
    },
    "job": {"namespace": "airflow-sg", "name": "build.join_customers"},
    "inputs": [{"namespace": "s3://raw-sg-bucket", "name": "crm/customers"}],
    "outputs": [
        {
            "namespace": "s3://ml-us-bucket",
            "name": "training/features",
            "facets": {
                "columnLineage": {
                    "fields": {
                        "nric_hash": {
                            "inputFields": [
                                {
                                    "namespace": "s3://raw-sg-bucket",
                                    "name": "crm/customers",
                                    "field": "nric",
                                    "transformations": [
                                        {"type": "DIRECT", "subtype": "TRANSFORMATION", "masking": True}
                                    ],
                                }
                            ]
                        },
                        "email": {
                            "inputFields": [
                                {"namespace": "s3://raw-sg-bucket", "name": "crm/customers", "field": "email"}
                            ],
                            "transformationType": "MASKED",
                        },
                        "city": {
                            "inputFields": [
                                {
                                    "namespace": "s3://raw-sg-bucket",
                                    "name": "crm/customers",
                                    "field": "city",
                                    "transformations": [{"type": "DIRECT", "subtype": "IDENTITY"}],
                                }
                            ]
                        },
                    }
                }
            },
        }
    ],
}


def test_a_full_event_becomes_typed_values() -> None:
    event = parse_run_event(EVENT)
    assert event.event_type is EventType.COMPLETE
    assert event.event_time == datetime(2026, 1, 15, 3, 12, 45, 123000, tzinfo=UTC)  # kept in UTC
    assert event.run_id == uuid.UUID("0194c1a2-7b3e-7c4d-9e8f-1a2b3c4d5e6f")
    assert event.job.id == JobId("airflow-sg", "build.join_customers")
    assert [d.id for d in event.inputs] == [DatasetId("s3://raw-sg-bucket", "crm/customers")]
    masked = {f.field: [i.transformations[0].masking for i in f.inputs] for f in event.outputs[0].columns}
    assert masked == {"nric_hash": [True], "email": [True], "city": [False]}  # email: facet 1-0-x MASKED


def test_missing_event_type_is_other_and_lists_may_be_absent() -> None:
    data = {k: v for k, v in EVENT.items() if k not in ("eventType", "inputs", "outputs")}
    event = parse_run_event(data)
    assert event.event_type is EventType.OTHER and event.inputs == () and event.outputs == ()


def _broken(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(EVENT)
    *parents, last = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return data


FIELD = "outputs.0.facets.columnLineage.fields.nric_hash.inputFields.0"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("run.runId", "not-a-uuid", "run.runId: not a UUID"),
        ("run.runId", KeyError, "run.runId: missing"),
        ("run", KeyError, "run: missing"),
        ("eventTime", "yesterday", "eventTime: not an ISO 8601 date-time"),
        ("eventTime", "2026-01-15T03:12:45", "eventTime: no time zone offset"),
        ("eventType", "DONE", "eventType: not one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER"),
        ("producer", KeyError, "producer: missing"),
        ("schemaURL", KeyError, "schemaURL: missing"),
        ("job.name", "", "job.name: empty"),
        ("job.namespace", 3, "job.namespace: not a string"),
        ("inputs", {"namespace": "x"}, "inputs: not an array"),
        ("inputs.0.name", KeyError, "inputs[0].name: missing"),
        ("run.facets", [], "run.facets: not a JSON object"),
        (
            f"{FIELD}.field",
            KeyError,
            "outputs[0].facets.columnLineage.fields.nric_hash.inputFields[0].field: missing",
        ),
        (
            f"{FIELD}.transformations.0.masking",
            "yes",
            "outputs[0].facets.columnLineage.fields.nric_hash.inputFields[0].transformations[0].masking: "
            "not a boolean",
        ),
    ],
)
def test_malformed_events_name_the_json_path(path: str, value: Any, message: str) -> None:
    with pytest.raises(LineageEventError) as excinfo:
        parse_run_event(_broken(path, value))
    assert str(excinfo.value).startswith(message)


def test_dataset_and_job_events_are_refused_with_a_reason() -> None:
    with pytest.raises(LineageEventError, match="DatasetEvent and JobEvent are not supported"):
        parse_run_event({"dataset": {"namespace": "a", "name": "b"}, "eventTime": "x"})
    with pytest.raises(LineageEventError, match=r"\(event\): not a JSON object"):
        parse_run_event([EVENT])


def test_errors_never_quote_values() -> None:
    with pytest.raises(LineageEventError) as excinfo:
        parse_run_event(_broken("run.runId", "S1234567D"))
    assert "S1234567D" not in str(excinfo.value)


def test_event_files_jsonl_array_and_single_event() -> None:
    line = json.dumps(EVENT)
    assert len(read_event_text(f"{line}\n\n{line}\n", "f").events) == 2
    assert len(read_event_text(json.dumps([EVENT, EVENT]), "f").events) == 2
    assert len(read_event_text(json.dumps(EVENT, indent=2), "f").events) == 1
    bad = read_event_text(f"{line}\nnot json\n{json.dumps(_broken('run.runId', 'x'))}\n", "f")
    assert len(bad.events) == 1
    assert bad.problems[0].startswith("line 2: not valid JSON")
    assert bad.problems[1] == "line 3: run.runId: not a UUID"
    assert read_event_text(json.dumps([EVENT, {}]), "f").problems == ["item 2: run: missing"]
    assert read_event_text("  \n", "f").problems == ["no events (the file is empty)"]


def test_fixture_files_parse_cleanly() -> None:
    for name in ("spark_events.jsonl", "airflow_events.jsonl"):
        parsed = read_event_text((FIXTURES / name).read_text(encoding="utf-8"), name)
        assert parsed.problems == [] and parsed.events


def test_free_text_facets_are_not_stored() -> None:
    facets = {
        "sql": {"_producer": "p", "query": "SELECT * FROM t WHERE nric = 'S1234567D'"},
        "errorMessage": {"message": "bad row S1234567D", "programmingLanguage": "python"},
        "columnLineage": {
            "fields": {
                "a": {
                    "inputFields": [
                        {
                            "field": "b",
                            "transformations": [
                                {"type": "DIRECT", "description": "hash('S1234567D')", "masking": True}
                            ],
                        }
                    ]
                }
            }
        },
        "schema": {"fields": [{"name": "nric"}]},
    }
    kept = stored_facets(facets)
    assert "S1234567D" not in json.dumps(kept)
    assert kept["schema"] == facets["schema"]
    assert kept["errorMessage"]["programmingLanguage"] == "python"
    assert kept["columnLineage"]["fields"]["a"]["inputFields"][0]["transformations"][0]["masking"] is True


def test_facets_merge_by_event_time() -> None:
    stored = {"schema": 1, "dataSource": 1}
    assert merge_facets(stored, {"schema": 2, "storage": 2}, incoming_is_newer=True) == {
        "schema": 2,
        "dataSource": 1,
        "storage": 2,
    }
    assert merge_facets(stored, {"schema": 0, "storage": 0}, incoming_is_newer=False) == {
        "schema": 1,
        "dataSource": 1,
        "storage": 0,
    }
    assert merge_facets(stored, {"schema": {"_deleted": True}}, incoming_is_newer=True) == {"dataSource": 1}


def test_manifest_jobs_become_events(tmp_path: Path) -> None:
    data = {
        "jobs": [
            {
                "name": "export",
                "location": "SG",
                "inputs": [{"namespace": "postgres://db:5432", "name": "crm.public.t", "location": "SG"}],
                "outputs": ["out/t.jsonl"],
                "columns": [{"output": "ref", "inputs": ["customer_id"], "masked": True}],
            },
            {"name": "llm", "namespace": "nb", "location": "US", "inputs": ["out/t.jsonl"]},
        ]
    }
    first = manifest_events(data, source="lineage.yaml", base=tmp_path)
    again = manifest_events(data, source="lineage.yaml", base=tmp_path)
    assert [e.run_id for e in first] == [e.run_id for e in again]  # re-ingesting is idempotent
    export, llm = first
    assert export.job.id == JobId("manifest", "export") and export.job.location == "SG"
    assert export.outputs[0].id == DatasetId("file", str(tmp_path / "out" / "t.jsonl"))
    (column,) = export.outputs[0].columns
    assert column.inputs[0].dataset == DatasetId("postgres://db:5432", "crm.public.t")
    assert column.inputs[0].transformations[0].masking
    assert llm.outputs == () and llm.job.location == "US" and llm.source == "manifest"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"jobs": [{"name": "a", "inputz": []}]}, r"jobs\[0\].inputz: unknown key"),
        ({"jobs": [{"name": "a", "location": "Singapore"}]}, r"jobs\[0\].location: String should match"),
        ({"jobs": []}, "jobs: List should have at least 1 item"),
        ({"jobs": [{"name": "a"}, {"name": "a"}]}, "appears twice"),
        (
            {
                "jobs": [
                    {
                        "name": "a",
                        "inputs": ["x", "y"],
                        "outputs": ["z"],
                        "columns": [{"output": "c", "inputs": ["f"]}],
                    }
                ]
            },
            r"columns\[0\].inputs\[0\].dataset: missing; the job has 2 inputs",
        ),
        ({"version": 2, "jobs": [{"name": "a"}]}, "version: 2 is not supported"),
    ],
)
def test_manifest_errors_name_the_key(data: dict[str, Any], message: str, tmp_path: Path) -> None:
    with pytest.raises(LineageManifestError, match=message):
        manifest_events(data, source="lineage.yaml", base=tmp_path)


def test_a_jejak_location_facet_places_jobs_and_datasets() -> None:
    data = copy.deepcopy(EVENT)
    data["job"]["facets"] = {"jejak_location": {"country": "US"}}
    data["inputs"][0]["facets"] = {"jejak_location": {"country": "SG"}}
    event = parse_run_event(data)
    assert event.job.location == "US"
    assert event.inputs[0].location == "SG"
    assert event.outputs[0].location is None
    data["job"]["facets"] = {"jejak_location": {"country": "usa"}}
    with pytest.raises(LineageEventError, match=r"job\.facets\.jejak_location\.country: not an ISO"):
        parse_run_event(data)
