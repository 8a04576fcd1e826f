"""`jejak lineage emit` end to end: a real scan, then its findings sent through openlineage-python's HTTP
transport to a real `jejak serve` (a subprocess on 127.0.0.1) writing into a second catalog.

The facet that arrives is compared with the scan's own JSON report, not with hand-typed numbers, and with the
JSON schema shipped in docs/facets/.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from tests.integration.serve_process import ServeProcess, serving

from jejak.lineage.emit import FACET_KEY, FACET_SCHEMA_URL
from jejak.lineage.graph import LineageGraph
from jejak.lineage.names import DatasetId, JobId

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "facets" / "JejakPiiDatasetFacet.json"
EMAILS = [f"customer.{n}@example.com" for n in range(6)]
PHONES = [f"+65 91{n:02d} 45{n:02d}" for n in range(4)]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    """`jejak serve` on a free port with a token, over a catalog of its own."""
    with serving(tmp_path_factory.mktemp("emit-serve")) as process:
        yield process


def _lake(root: Path) -> Path:
    """A CSV placed in SG (by the config below) with e-mails and phones, a log with an e-mail, a clean CSV."""
    lake = root / "lake"
    lake.mkdir()
    rows = [f"{n},{email},{PHONES[n] if n < len(PHONES) else ''}" for n, email in enumerate(EMAILS)]
    (lake / "people.csv").write_text("id,email,phone\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (lake / "app.log").write_text(f"INFO login ok user={EMAILS[0]}\nINFO idle\n", encoding="utf-8")
    (lake / "clean.csv").write_text("id,plan\n1,basic\n2,pro\n", encoding="utf-8")
    (root / "jejak.yaml").write_text(
        "locations:\n  - {match: '*/lake/*.csv', country: SG}\n", encoding="utf-8"
    )
    return lake


def _scan(jejak: Any, lake: Path) -> dict[str, dict[str, Any]]:
    result = jejak("scan", str(lake), "--format", "json", "--quiet")
    assert result.exit_code == 0, result.output
    return {Path(a["uri"]).name: a for a in json.loads(result.stdout)["assets"]}


def _dataset(path: Path) -> DatasetId:
    return DatasetId("file", str(path.resolve()))


def test_findings_arrive_as_facets_through_openlineage_python(
    jejak: Any, served: ServeProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lake = _lake(tmp_path)
    scanned = _scan(jejak, lake)
    assert scanned["people.csv"]["entities"]["EMAIL_ADDRESS"] == len(EMAILS)
    assert scanned["people.csv"]["entities"]["PHONE_NUMBER"] == len(PHONES)
    monkeypatch.setenv("JEJAK_OPENLINEAGE_API_KEY", served.token)

    result = jejak("lineage", "emit", "--url", served.url)
    assert result.exit_code == 0, result.output
    assert f"sent 2 event(s) to {served.url}/api/v1/lineage" in result.stdout

    with served.store() as store:
        graph = LineageGraph(store.engine)
        for name, countries in (("people.csv", ["SG"]), ("app.log", [])):
            facets = graph.facets(_dataset(lake / name))
            pii, report = facets[FACET_KEY], scanned[name]
            assert pii["counts"] == report["entities"] and pii["rows"] == report["entity_rows"]
            assert pii["entityTypes"] == sorted(report["entities"])
            assert pii["countries"] == countries and pii["jejakVersion"] == "0.1.0"
            assert datetime.fromisoformat(pii["scannedAt"]).tzinfo is not None
            assert pii["_schemaURL"] == FACET_SCHEMA_URL and pii["_producer"].startswith(
                "https://github.com/"
            )
            assert facets["tags"]["tags"] == [
                {"key": "pii", "value": "true", "source": "jejak"},
                *({"key": "pii.entity", "value": t, "source": "jejak"} for t in sorted(report["entities"])),
            ]
            assert facets["tags"]["_schemaURL"].endswith(
                "/1-0-0/TagsDatasetFacet.json#/$defs/TagsDatasetFacet"
            )
            uses = graph.jobs_of(_dataset(lake / name))
            assert [(u.job.id, u.role) for u in uses] == [(JobId("jejak", "scan"), "output")]
        assert graph.dataset(_dataset(lake / "clean.csv")) is None  # nothing found, nothing sent

    served_files = b"".join(p.read_bytes() for p in Path(served.catalog[10:]).parent.glob("catalog.db*"))
    planted = [*EMAILS, *PHONES, *(phone.replace(" ", "") for phone in PHONES)]
    assert not [value for value in planted if value.encode() in served_files]


def test_wrong_token_fails_each_asset_and_exits_3(
    jejak: Any, served: ServeProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lake = _lake(tmp_path)
    _scan(jejak, lake)
    key_file = tmp_path / "wrong-key"
    key_file.write_text("x" * 43 + "\n", encoding="utf-8")
    monkeypatch.setenv("JEJAK_OPENLINEAGE_API_KEY", served.token)  # the file wins over the environment

    result = jejak("lineage", "emit", "--url", served.url, "--api-key-file", str(key_file))
    assert result.exit_code == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2 and all("not sent: HTTP 401 (missing or wrong bearer token)" in e for e in errors)
    assert "x" * 43 not in result.output and served.token not in result.output
    assert "sent 0 event(s)" in result.stdout and "2 failed" in result.stdout
    with served.store() as store:
        assert LineageGraph(store.engine).dataset(_dataset(lake / "people.csv")) is None


def test_unreachable_backend_is_one_line_per_asset(jejak: Any, tmp_path: Path) -> None:
    lake = _lake(tmp_path)
    _scan(jejak, lake)
    import socket

    with socket.socket() as sock:  # a port nobody listens on once this block ends
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = jejak("lineage", "emit", "--url", f"http://127.0.0.1:{port}", "--asset", "*.csv")
    assert result.exit_code == 3
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert error.endswith(
        f"people.csv: not sent: cannot connect to http://127.0.0.1:{port}; is the backend running?"
    )


def test_dry_run_prints_one_event_per_asset(jejak: Any, tmp_path: Path) -> None:
    lake = _lake(tmp_path)
    scanned = _scan(jejak, lake)
    result = jejak("lineage", "emit", "--dry-run")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(events) == 2 and len({e["run"]["runId"] for e in events}) == 2
    for event in events:
        assert event["eventType"] == "COMPLETE" and event["job"] == {
            "namespace": "jejak",
            "name": "scan",
            "facets": {},
        }
        assert event["schemaURL"] == "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
        assert event["producer"] == event["outputs"][0]["facets"][FACET_KEY]["_producer"]
        assert uuid.UUID(event["run"]["runId"]).version == 7 and event["inputs"] == []
        (output,) = event["outputs"]
        assert output["namespace"] == "file" and set(output["facets"]) == {FACET_KEY, "tags"}
    names = sorted(Path(e["outputs"][0]["name"]).name for e in events)
    assert names == ["app.log", "people.csv"]

    only_csv = jejak("lineage", "emit", "--dry-run", "--asset", "lake/*.csv")  # relative to the cwd
    (event,) = [json.loads(line) for line in only_csv.stdout.splitlines()]
    facet = event["outputs"][0]["facets"][FACET_KEY]
    assert facet["counts"] == scanned["people.csv"]["entities"] and facet["countries"] == ["SG"]


def test_emitted_facet_matches_the_shipped_schema(jejak: Any, tmp_path: Path) -> None:
    _scan(jejak, _lake(tmp_path))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert f"{schema['$id']}#/$defs/JejakPiiDatasetFacet" == FACET_SCHEMA_URL
    base, own = schema["$defs"]["JejakPiiDatasetFacet"]["allOf"]
    assert base["$ref"].endswith("/OpenLineage.json#/$defs/DatasetFacet")
    lines = jejak("lineage", "emit", "--dry-run").stdout.splitlines()
    for facet in (json.loads(line)["outputs"][0]["facets"][FACET_KEY] for line in lines):
        _validate(facet, own)
        assert {"_producer", "_schemaURL"} <= set(facet)  # what the base DatasetFacet requires


def _validate(facet: dict[str, Any], schema: dict[str, Any]) -> None:
    """The subset of JSON Schema the facet's schema uses (jsonschema is not a dependency of jejak)."""
    import re

    assert set(schema["required"]) <= set(facet)
    kinds = {"array": list, "object": dict, "string": str, "integer": int}
    for name, spec in schema["properties"].items():
        value = facet[name]
        assert isinstance(value, kinds[spec["type"]]), name
        if spec["type"] == "array":
            assert all(re.fullmatch(spec["items"]["pattern"], item) for item in value), name
            assert not spec.get("uniqueItems") or len(set(value)) == len(value)
        if spec["type"] == "object":
            extra = spec["additionalProperties"]
            assert all(isinstance(v, int) and v >= extra["minimum"] for v in value.values()), name
        if spec.get("format") == "date-time":
            datetime.fromisoformat(value)


def test_nothing_to_emit_and_usage_errors(jejak: Any, tmp_path: Path) -> None:
    quiet = jejak("lineage", "emit", "--url", "http://127.0.0.1:9")  # an empty catalog: nothing is sent
    assert quiet.exit_code == 0 and "nothing to emit" in quiet.stderr
    _scan(jejak, _lake(tmp_path))
    none = jejak("lineage", "emit", "--dry-run", "--asset", "*.parquet")
    assert none.exit_code == 0 and none.stdout == "" and "matching --asset" in none.stderr
    missing = jejak("lineage", "emit")
    assert missing.exit_code == 2 and "--url" in missing.stderr
    bad = jejak("lineage", "emit", "--url", "http://127.0.0.1:9", "--api-key-file", "no/such/key")
    assert bad.exit_code == 2 and "cannot read API key file no/such/key" in bad.stderr
