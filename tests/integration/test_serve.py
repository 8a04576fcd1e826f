"""`jejak serve` as producers meet it: a real subprocess on 127.0.0.1, fed by openlineage-python's client.

Every refusal (401, 413, 415, 400) is checked against the catalog's row counts: a refused or invalid
request must leave the catalog exactly as it was.
"""

from __future__ import annotations

import gzip
import http.client
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import column_lineage_dataset as cl
from openlineage.client.facet_v2 import schema_dataset
from openlineage.client.serde import Serde
from openlineage.client.transport.http import ApiKeyTokenProvider, HttpCompression, HttpConfig, HttpTransport
from tests.integration.serve_process import ServeProcess, serving

from jejak.hashing import HashKey
from jejak.lineage.graph import LineageGraph
from jejak.lineage.names import DatasetId
from jejak.lineage.store import LineageStore

PRODUCER = "https://github.com/example/jejak-tests"
MAX_BODY = 64 * 1024


class Served(ServeProcess):
    def counts(self) -> dict[str, int]:
        with self.store() as store:
            return store.counts()

    def client(
        self, token: str | None = None, compression: HttpCompression | None = None
    ) -> OpenLineageClient:
        config = HttpConfig(
            url=self.url,
            auth=ApiKeyTokenProvider({"apiKey": token or self.token}),
            compression=compression,
            retry={"total": 0},
        )
        return OpenLineageClient(transport=HttpTransport(config))

    def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        response = requests.post(f"{self.url}/api/v1/lineage", data=body, headers=headers, timeout=10)
        return response.status_code, response.json()

    def auth(self, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json", **extra}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serving(tmp_path_factory.mktemp("serve"), "--max-body-bytes", str(MAX_BODY)) as process:
        yield Served(process.url, process.token, process.catalog, process.key_file)


def _event(run_id: str | None = None, output: str = "training/features") -> RunEvent:
    raw = "s3://raw-sg-bucket"
    lineage = cl.ColumnLineageDatasetFacet(
        fields={
            "nric_hash": cl.Fields(
                inputFields=[
                    cl.InputField(
                        raw,
                        "crm/customers",
                        "nric",
                        [cl.Transformation("DIRECT", "TRANSFORMATION", masking=True)],
                    )
                ]
            ),
            "city": cl.Fields(
                inputFields=[
                    cl.InputField(raw, "crm/customers", "city", [cl.Transformation("DIRECT", "IDENTITY")])
                ]
            ),
        }
    )
    schema = schema_dataset.SchemaDatasetFacet(
        fields=[schema_dataset.SchemaDatasetFacetFields(name="nric_hash", type="string")]
    )
    return RunEvent(
        eventType=RunState.COMPLETE,
        eventTime=datetime.now(UTC).isoformat(),
        run=Run(runId=run_id or str(uuid.uuid4())),
        job=Job(namespace="notebooks-sg", name="build_features"),
        producer=PRODUCER,
        inputs=[InputDataset(namespace=raw, name="crm/customers")],
        outputs=[
            OutputDataset(
                namespace="s3://ml-us-bucket",
                name=output,
                facets={"columnLineage": lineage, "schema": schema},
            )
        ],
    )


def test_openlineage_client_events_land_in_the_catalog(served: Served) -> None:
    before = served.counts()
    client = served.client()
    run_id = str(uuid.uuid4())
    client.emit(_event(run_id))
    client.emit(_event(run_id))  # a retried event changes nothing more
    after = served.counts()
    assert after["lineage_runs"] == before["lineage_runs"] + 1
    with LineageStore.open(served.catalog, HashKey.resolve(served.key_file, {})) as store:
        walk = LineageGraph(store.engine).upstream(DatasetId("s3://ml-us-bucket", "training/features"))
    assert [str(edge.input) for edge in walk.edges] == ["s3://raw-sg-bucket:crm/customers"]
    assert {(c.input_field, c.masked) for c in walk.column_edges} == {("nric", True), ("city", False)}


def test_gzip_bodies_are_accepted(served: Served) -> None:
    before = served.counts()
    served.client(compression=HttpCompression.GZIP).emit(_event(output="training/gzipped"))
    assert served.counts()["lineage_datasets"] == before["lineage_datasets"] + 1


def test_wrong_or_missing_token_is_401_and_changes_nothing(served: Served) -> None:
    before = served.counts()
    with pytest.raises(requests.HTTPError) as excinfo:
        served.client(token="x" * 43).emit(_event())
    assert excinfo.value.response.status_code == 401
    body = json.dumps({"run": {}}).encode()
    status, document = served.post(body, {"Content-Type": "application/json"})
    assert status == 401 and document == {"error": "missing or wrong bearer token"}
    status, _ = served.post(body, {"Content-Type": "application/json", "Authorization": served.token})
    assert status == 401  # the scheme is required
    assert served.counts() == before


def test_oversize_body_is_413_before_it_is_read(served: Served) -> None:
    before = served.counts()
    host, port = served.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.putrequest("POST", "/api/v1/lineage")
    for name, value in served.auth(**{"Content-Length": str(10 * 1024**3)}).items():
        connection.putheader(name, value)
    connection.endheaders()  # 10 GiB announced, not one byte sent: the answer must come anyway
    response = connection.getresponse()
    assert response.status == 413 and "limit is 65536" in json.loads(response.read())["error"]
    connection.close()
    padded = json.dumps({"pad": "x" * (MAX_BODY + 10)}).encode()  # any JSON past the limit
    status, document = served.post(padded, served.auth())
    assert status == 413, document
    bomb = gzip.compress(b"[" + b" " * (MAX_BODY * 4) + b"]")
    status, _ = served.post(bomb, served.auth(**{"Content-Encoding": "gzip"}))
    assert status == 413
    assert served.counts() == before


def test_malformed_json_and_invalid_events_are_400_with_the_reason(served: Served) -> None:
    before = served.counts()
    status, document = served.post(b'{"eventType": "START",', served.auth())
    assert status == 400 and document["error"].startswith("not valid JSON")
    event = json.loads(Serde.to_json(_event()))
    event["run"]["runId"] = "S1234567D"
    status, document = served.post(json.dumps(event).encode(), served.auth())
    assert status == 400 and document == {"error": "run.runId: not a UUID"}
    event["run"]["runId"] = str(uuid.uuid4())
    event["outputs"][0]["facets"]["columnLineage"]["fields"]["city"]["inputFields"][0]["field"] = 7
    status, document = served.post(json.dumps(event).encode(), served.auth())
    assert status == 400
    assert (
        document["error"] == "outputs[0].facets.columnLineage.fields.city.inputFields[0].field: not a string"
    )
    assert served.counts() == before  # the valid dataset and job of that event were not half-applied


def test_wrong_content_type_is_415(served: Served) -> None:
    before = served.counts()
    status, document = served.post(b"{}", served.auth(**{"Content-Type": "text/plain"}))
    assert status == 415 and "application/json" in document["error"]
    status, _ = served.post(b"{}", served.auth(**{"Content-Encoding": "br"}))
    assert status == 415
    assert served.counts() == before


def test_health_and_unknown_paths(served: Served) -> None:
    assert requests.get(f"{served.url}/api/v1/health", timeout=10).json() == {"status": "ok"}
    assert requests.get(f"{served.url}/api/v1/lineage?nodeId=x", timeout=10).status_code == 404
    response = requests.post(f"{served.url}/api/v1/jobs", data=b"{}", headers=served.auth(), timeout=10)
    assert response.status_code == 404
    other_spelling = f"{served.url}/api/v1/openlineage/lineage"
    response = requests.post(other_spelling, data=Serde.to_json(_event()), headers=served.auth(), timeout=10)
    assert response.status_code == 201 and response.json() == {}


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        ((), {}, "jejak serve needs an API token"),
        (("--no-auth", "--host", "0.0.0.0"), {}, "--no-auth is only allowed on a loopback host"),
        ((), {"JEJAK_API_TOKEN": "short"}, "has 5 characters; use at least 16"),
        (("--token-file", "missing.txt"), {}, "cannot read token file missing.txt"),
    ],
)
def test_serve_refuses_to_start_open(
    jejak: Any, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], env: dict[str, str], message: str
) -> None:
    monkeypatch.delenv("JEJAK_API_TOKEN", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = jejak("serve", *args)
    assert result.exit_code == 2 and message in result.stderr
