"""`jejak lineage ingest` and `jejak lineage show` end to end, on SQLite and on a real PostgreSQL server.

The fixtures are shaped like real producers' output: Spark (spark_version, columnLineage with masking,
schema, dataSource, a parent run) and Airflow (a START without datasets, then a COMPLETE with them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jejak.hashing import HashKey
from jejak.lineage.event_files import read_event_text
from jejak.lineage.graph import LineageGraph
from jejak.lineage.names import DatasetId, JobId
from jejak.lineage.store import LineageStore

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lineage"
SPARK = FIXTURES / "spark_events.jsonl"
AIRFLOW = FIXTURES / "airflow_events.jsonl"
MANIFEST = FIXTURES / "lineage.yaml"
MODEL = "s3://ml-us-bucket:models/churn/v3"
FEATURES = DatasetId("s3://ml-us-bucket", "training/customer_features")


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_server").new_database())
    return f"sqlite:///{tmp_path / 'catalog' / 'catalog.db'}"


def _counts(url: str, tmp_path: Path) -> dict[str, int]:
    key = HashKey.resolve(tmp_path / "catalog" / "hash.key", {}) if url.startswith("sqlite") else None
    with LineageStore.open(url, key or HashKey.resolve(tmp_path / ".jejak" / "hash.key", {})) as store:
        return store.counts()


def _show(jejak: Any, url: str, *args: str) -> Any:
    result = jejak("lineage", "show", *args, "--catalog", url)
    assert result.exit_code == 0, result.output
    return result


def test_ingest_spark_and_airflow_then_walk_both_ways(jejak: Any, url: str, tmp_path: Path) -> None:
    result = jejak("lineage", "ingest", str(AIRFLOW), str(SPARK), "--catalog", url)
    assert result.exit_code == 0, result.output
    assert "ingested 7 event(s): 3 run(s), 3 job(s), 5 dataset(s); 4 new edge(s)" in result.stdout
    counts = _counts(url, tmp_path)
    assert counts["lineage_edges"] == 4 and counts["lineage_runs"] == 3
    if url.startswith("sqlite"):  # the Airflow fixture's SQL quotes an NRIC: it must not be stored
        stored = b"".join(p.read_bytes() for p in (tmp_path / "catalog").glob("catalog.db*"))
        assert b"S1234567D" not in stored and b"substring_index" not in stored

    upstream = json.loads(_show(jejak, url, MODEL, "--upstream", "--format", "json").stdout)
    assert upstream["schema_version"] == 1 and upstream["direction"] == "upstream"
    depths = {(d["namespace"], d["name"]): d["depth"] for d in upstream["datasets"]}
    assert depths == {
        ("s3://ml-us-bucket", "models/churn/v3"): 0,
        ("s3://ml-us-bucket", "training/customer_features"): 1,
        ("file", "/data/raw/sg/customers.parquet"): 2,
        ("s3://raw-sg-bucket", "crm/transactions"): 2,
        ("postgres://crm-db.sg.internal:5432", "crm.public.transactions"): 3,
    }
    masked = [c for c in upstream["column_edges"] if c["masked"]]
    assert [(m["input"]["field"], m["output"]["field"]) for m in masked] == [("nric", "nric_hash")]
    jobs = {j["name"] for j in upstream["jobs"]}
    assert "crm_export.extract_transactions" in jobs

    shallow = json.loads(_show(jejak, url, MODEL, "--upstream", "--depth", "1", "--format", "json").stdout)
    assert len(shallow["datasets"]) == 2 and shallow["truncated"] is True

    dot = _show(jejak, url, "s3://raw-sg-bucket/crm/transactions", "--downstream", "--format", "dot").stdout
    assert dot.startswith("digraph ") and dot.count(" -> ") == 2 and "churn_model" in dot
    _show(jejak, url, "/data/raw/sg/customers.parquet", "--downstream", "--output", str(tmp_path / "t.txt"))
    table = (tmp_path / "t.txt").read_text(encoding="utf-8")
    assert "training/customer_features" in table and "masked column edges" in table


def test_reingesting_changes_nothing(jejak: Any, url: str, tmp_path: Path) -> None:
    assert jejak("lineage", "ingest", str(SPARK), str(AIRFLOW), "--catalog", url).exit_code == 0
    before = _counts(url, tmp_path)
    again = jejak("lineage", "ingest", str(AIRFLOW), str(SPARK), "--catalog", url)
    assert again.exit_code == 0 and "0 new edge(s), 0 new column edge(s)" in again.stdout
    assert _counts(url, tmp_path) == before


def test_a_file_with_one_bad_event_changes_nothing(jejak: Any, url: str, tmp_path: Path) -> None:
    assert jejak("lineage", "ingest", str(AIRFLOW), "--catalog", url).exit_code == 0
    before = _counts(url, tmp_path)
    lines = SPARK.read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[2])
    broken["run"]["runId"] = "S1234567D"
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text("\n".join([lines[0], lines[1], json.dumps(broken), *lines[3:]]) + "\n", encoding="utf-8")

    rejected = jejak("lineage", "ingest", str(mixed), "--catalog", url)
    assert rejected.exit_code == 2
    assert f"error: {mixed}: line 3: run.runId: not a UUID" in rejected.stderr
    assert "nothing ingested" in rejected.stderr and "S1234567D" not in rejected.output
    assert _counts(url, tmp_path) == before

    skipped = jejak("lineage", "ingest", str(mixed), "--skip-invalid", "--catalog", url)
    assert skipped.exit_code == 3 and "skipped 1 invalid" in skipped.stdout
    assert _counts(url, tmp_path)["lineage_runs"] == before["lineage_runs"] + 2


def test_a_database_error_mid_batch_applies_nothing(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jejak.errors import CatalogError
    from jejak.lineage import store as store_module

    events = read_event_text(SPARK.read_text(encoding="utf-8"), "spark").events
    key = HashKey.generate(key_file=tmp_path / "k" / "hash.key")
    with LineageStore.open(url, key) as store:
        before = store.counts()

        def fail(self: Any) -> int:  # after datasets, jobs, runs and edges were written in the transaction
            raise CatalogError("simulated failure")

        monkeypatch.setattr(store_module._Ingest, "_column_edges", fail)
        with pytest.raises(CatalogError, match="simulated"):
            store.ingest(events)
        assert store.counts() == before
        monkeypatch.undo()
        assert store.ingest(events).edges_added == 3
        assert store.ingest(events).edges_added == 0


def test_an_event_without_datasets_is_a_run_only(url: str, tmp_path: Path) -> None:
    start = read_event_text(AIRFLOW.read_text(encoding="utf-8").splitlines()[0], "airflow").events
    with LineageStore.open(url, HashKey.generate(key_file=tmp_path / "k3" / "hash.key")) as store:
        result = store.ingest(start)
        assert (result.runs, result.jobs, result.datasets, result.edges_added) == (1, 1, 0, 0)
        assert store.ingest([]).events == 0


def test_out_of_order_events_keep_the_newest_state(url: str, tmp_path: Path) -> None:
    events = read_event_text(SPARK.read_text(encoding="utf-8"), "spark").events
    with LineageStore.open(url, HashKey.generate(key_file=tmp_path / "k2" / "hash.key")) as store:
        for event in reversed(events):  # COMPLETE arrives before START
            store.ingest([event])
        with store.engine.connect() as conn:
            from sqlalchemy import select

            from jejak.catalog.schema import lineage_runs

            states = {row.run_uuid: row.event_type for row in conn.execute(select(lineage_runs))}
        assert set(states.values()) == {"COMPLETE"}
        graph = LineageGraph(store.engine)
        facets = graph.facets(FEATURES)
        assert {"schema", "dataSource", "columnLineage"} <= set(facets)


def test_manifest_ingest_records_job_locations(jejak: Any, url: str, tmp_path: Path) -> None:
    result = jejak("lineage", "ingest", "--manifest", str(MANIFEST), "--catalog", url)
    assert result.exit_code == 0, result.output
    again = jejak("lineage", "ingest", "--manifest", str(MANIFEST), "--catalog", url)
    assert "0 new edge(s)" in again.stdout
    document = json.loads(
        _show(jejak, url, "s3://raw-sg-bucket/support/tickets.jsonl", "--upstream", "--format", "json").stdout
    )
    (edge,) = document["edges"]
    assert edge["source"] == "manifest" and edge["inferred"] is False
    assert {d["name"]: d["location"] for d in document["datasets"]}["crm.public.tickets"] == "SG"
    with LineageStore.open(url, HashKey.resolve(_key_path(url, tmp_path), {})) as store:
        uses = LineageGraph(store.engine).jobs_of(DatasetId("s3://raw-sg-bucket", "support/tickets.jsonl"))
    assert {(u.job.id, u.job.location, u.role) for u in uses} == {
        (JobId("notebooks-sg", "summarise_tickets_with_llm"), "US", "input"),
        (JobId("notebooks-sg", "export_support_tickets"), "SG", "output"),
    }


def _key_path(url: str, tmp_path: Path) -> Path:
    return tmp_path / "catalog" / "hash.key" if url.startswith("sqlite") else tmp_path / ".jejak" / "hash.key"


def test_stdin_paths_and_unknown_datasets(jejak: Any, url: str, tmp_path: Path) -> None:
    event = json.loads(AIRFLOW.read_text(encoding="utf-8").splitlines()[1])
    local = tmp_path / "exports" / "tx.parquet"
    event["outputs"][0] = {"namespace": "file", "name": str(local)}
    result = jejak("lineage", "ingest", "-", "--catalog", url, input=json.dumps(event) + "\n")
    assert result.exit_code == 0, result.output
    document = json.loads(_show(jejak, url, "exports/tx.parquet", "--upstream", "--format", "json").stdout)
    assert document["root"] == {"namespace": "file", "name": str(local)}
    missing = jejak("lineage", "show", "s3://nowhere/x", "--upstream", "--catalog", url)
    assert missing.exit_code == 2 and "no dataset 's3://nowhere/x' in the lineage graph" in missing.stderr
    assert jejak("lineage", "show", "exports/tx.parquet", "--catalog", url).exit_code == 2
    assert jejak("lineage", "ingest", "no/such.jsonl", "--catalog", url).exit_code == 2
