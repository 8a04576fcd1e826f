"""`jejak report consent` on fixtures/consent, with the training set's build time from lineage events.

The ledger's model_training withdrawals (fixtures/make_consent.py): u003 granted 2026-01-10 and withdrew
2026-06-01T12:30+07:00 (two rows with their user id, and one more row naming them by e-mail alone); u007
granted and withdrew at the same instant, 2026-04-01 (two rows; the withdrawal wins the tie). u004 withdrew
2026-02-01 and granted again 2026-03-15, so is granted. A build on 2026-03-01 is stale by both withdrawals,
one on 2026-05-01 by u003's only, one on 2026-12-01 by none (but still holds people who withdrew).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from tests.conftest import PostgresServer

from jejak.consent.api import ConsentTools
from jejak.consent.api import gate as consent_gate
from jejak.consent.report import BuiltAt, consent_report
from jejak.lineage.names import dataset_for_uri

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "consent"
TRUTH = json.loads((FIXTURE / "_truth.json").read_text(encoding="utf-8"))
TRAIN = FIXTURE / "train.jsonl"
LEDGER = FIXTURE / "ledger.csv"
CONFIG = FIXTURE / "jejak.yaml"
RAW = (
    "ana.lim@example.com", "bo.tan@example.com", "siti.third@example.org", "345 6789", "walk.in@example",
    "u001", "u003", "u007",
)  # fmt: skip
ANALYTICS_VERDICTS = {"consented": 2, "not_personal": 1, "withdrawn": 0, "missing": 18, "unknown_subject": 1}


def _event(
    dataset: tuple[str, str],
    when: str,
    state: str = "COMPLETE",
    job: str = "build_train_set",
    ns: str = "ml-my",
) -> list[dict[str, Any]]:
    """A START and a final event of one run of job `ns:job` writing `dataset` (namespace, name)."""
    base = {
        "producer": "https://github.com/apache/airflow/tree/providers-openlineage/1.14.0",
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        "run": {"runId": str(uuid.uuid4())},
        "job": {"namespace": ns, "name": job},
        "inputs": [{"namespace": "postgres://crm.my.internal:5432", "name": "crm.public.tickets"}],
        "outputs": [{"namespace": dataset[0], "name": dataset[1]}],
    }
    start = {**base, "eventType": "START", "eventTime": when.replace("T10:", "T09:")}
    return [start, {**base, "eventType": state, "eventTime": when}]


def _ingest(jejak: Any, catalog: str, tmp_path: Path, *runs: list[dict[str, Any]]) -> None:
    events = tmp_path / f"events-{uuid.uuid4().hex}.jsonl"
    events.write_text("".join(json.dumps(e) + "\n" for run in runs for e in run), encoding="utf-8")
    result = jejak("lineage", "ingest", str(events), "--catalog", catalog)
    assert result.exit_code == 0, result.output


def _report(jejak: Any, catalog: str, *args: str, datasets: tuple[str, ...] = (str(TRAIN),)) -> Any:
    result = jejak(
        "report", "consent", *datasets, "--ledger", str(LEDGER), "--subject-column", "user_id",
        "--config", str(CONFIG), "--catalog", catalog, *args,
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return result, json.loads(result.stdout) if result.stdout else None


def _purpose(dataset: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [p for p in dataset["purposes"] if p["purpose"] == name]
    return found


@pytest.fixture
def catalog(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'catalog' / 'catalog.db'}"


TRAIN_NODE = ("file", str(TRAIN))


@pytest.mark.parametrize(
    ("built", "since_subjects", "since_rows"),
    [
        ("2026-03-01T10:00:00+00:00", 2, 5),  # before u007's and u003's withdrawals
        ("2026-05-01T10:00:00+00:00", 1, 3),  # after u007's, before u003's (3 rows: 2 by id, 1 by e-mail)
        ("2026-12-01T10:00:00+00:00", 0, 0),  # after every event
    ],
)
def test_built_at_from_lineage_decides_staleness(
    jejak: Any, catalog: str, tmp_path: Path, built: str, since_subjects: int, since_rows: int
) -> None:
    _ingest(jejak, catalog, tmp_path, _event(TRAIN_NODE, built))
    result, document = _report(jejak, catalog)
    assert result.exit_code == 1  # some dataset holds people who withdrew, stale or not
    assert document["kind"] == "jejak.consent_report" and document["schema_version"] == 1
    assert document["ledger"] == {"uri": str(LEDGER), "rows": 13, "subjects": 6, "problems": 4}
    assert document["purposes"] == ["model_training", "analytics"]  # the ledger's, in config order
    (dataset,) = document["datasets"]
    assert dataset["dataset"] == str(TRAIN) and dataset["rows"] == TRUTH["rows"]
    assert datetime.fromisoformat(dataset["built_at"]) == datetime.fromisoformat(built)
    assert dataset["built_at_source"] == "lineage"
    assert dataset["lineage_dataset"] == f"file:{TRAIN}"
    assert dataset["built_by"]["job"] == "ml-my:build_train_set"
    training = _purpose(dataset, "model_training")
    assert training["withdrawn_since_built"] == {"subjects": since_subjects, "rows": since_rows}
    assert training["withdrawn_any_time"] == {"subjects": 2, "rows": 5}
    assert training["stale"] is (since_subjects > 0) and dataset["stale"] is (since_subjects > 0)
    assert document["summary"] == {
        "datasets": 1,
        "stale": int(since_subjects > 0),
        "with_withdrawn_subjects": 1,
        "needs_attention": True,
    }
    analytics = _purpose(dataset, "analytics")
    assert analytics["withdrawn_since_built"] == {"subjects": 0, "rows": 0} and analytics["stale"] is False


def test_per_purpose_counts_match_the_gate(jejak: Any, catalog: str, tmp_path: Path) -> None:
    _ingest(jejak, catalog, tmp_path, _event(TRAIN_NODE, "2026-03-01T10:00:00+00:00"))
    _, document = _report(jejak, catalog)
    (dataset,) = document["datasets"]
    training, analytics = _purpose(dataset, "model_training"), _purpose(dataset, "analytics")
    assert training["rows_by_verdict"] == TRUTH["rows_by_verdict"]
    assert training["rows_blocked"] == TRUTH["rows_blocked"] and training["rows_personal"] == 21
    assert training["subjects"] == 8
    assert training["subjects_by_status"] == {"granted": 3, "withdrawn": 2, "missing": 3}
    assert analytics["rows_by_verdict"] == ANALYTICS_VERDICTS
    assert analytics["subjects_by_status"] == {"granted": 1, "withdrawn": 0, "missing": 7}
    for purpose in (training, analytics):  # the very numbers `jejak gate` gives
        gated = consent_gate(
            TRAIN, purpose=purpose["purpose"], ledger=LEDGER, subject_column="user_id", config_path=CONFIG
        ).as_json()
        assert purpose["rows_by_verdict"] == gated["rows_by_verdict"]
        assert purpose["subjects_by_status"] == {
            "granted": gated["consented"],
            "withdrawn": gated["withdrawn"],
            "missing": gated["missing"],
        }


def test_jurisdictions_with_their_regime(jejak: Any, catalog: str, tmp_path: Path) -> None:
    _ingest(jejak, catalog, tmp_path, _event(TRAIN_NODE, "2026-03-01T10:00:00+00:00"))
    _, document = _report(jejak, catalog, "--purpose", "model_training")
    assert document["purposes"] == ["model_training"]
    assert document["jurisdictions_source"] == "jurisdictions.yaml"
    (purpose,) = document["datasets"][0]["purposes"]
    my, nowhere = purpose["jurisdictions"]
    # u001-u004, u006 (placed by their analytics grant), u007; u005 (never asked) and u008 (only a
    # malformed row) are placed nowhere
    assert (my["code"], my["subjects"]) == ("MY", 6)
    assert (nowhere["code"], nowhere["subjects"], nowhere["regime"]) == (None, 2, None)
    regime = my["regime"]
    assert regime["id"] == "MY" and regime["name"] == "Malaysia"
    assert regime["ai_training"]["consent_required"] is True
    assert {"rule", "source", "verified"} <= set(regime["ai_training"]) | set(regime["erasure"])
    assert all({"name", "citation", "source", "verified"} == set(law) for law in regime["laws"])


def test_unknown_jurisdiction_code_has_no_regime(jejak: Any, catalog: str, tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(LEDGER.read_text(encoding="utf-8").replace(",MY,", ",ZZ,"), encoding="utf-8")
    result = jejak(
        "report", "consent", str(TRAIN), "--ledger", str(ledger), "--subject-column", "user_id",
        "--config", str(CONFIG), "--catalog", catalog, "--purpose", "model_training", "--quiet",
    )  # fmt: skip
    (purpose,) = json.loads(result.stdout)["datasets"][0]["purposes"]
    assert [(j["code"], j["subjects"], j["regime"]) for j in purpose["jurisdictions"]] == [
        ("ZZ", 6, None),
        (None, 2, None),
    ]


def test_only_completed_producer_runs_count(jejak: Any, catalog: str, tmp_path: Path) -> None:
    _ingest(
        jejak,
        catalog,
        tmp_path,
        _event(TRAIN_NODE, "2026-03-01T10:00:00+00:00"),
        _event(TRAIN_NODE, "2026-12-01T10:00:00+00:00", state="FAIL"),  # failed: built nothing
        _event(TRAIN_NODE, "2026-12-02T10:00:00+00:00", state="ABORT", job="other_job"),
        _event(TRAIN_NODE, "2026-12-03T10:00:00+00:00", job="scan", ns="jejak"),  # a scan builds nothing
    )
    _, document = _report(jejak, catalog)
    (dataset,) = document["datasets"]
    assert dataset["built_at"].startswith("2026-03-01T10:00:00") and dataset["stale"] is True


def test_a_dataset_lineage_does_not_know_falls_back_to_its_modification_time(
    jejak: Any, catalog: str, tmp_path: Path
) -> None:
    _ingest(jejak, catalog, tmp_path, _event(TRAIN_NODE, "2026-12-01T10:00:00+00:00"))
    copy = tmp_path / "copy" / "train.jsonl"
    copy.parent.mkdir()
    shutil.copy(TRAIN, copy)
    may = datetime(2026, 5, 1, 12, tzinfo=UTC).timestamp()
    os.utime(copy, (may, may))
    result, document = _report(jejak, catalog, datasets=(str(TRAIN), str(copy)))
    assert result.exit_code == 1
    fresh, stale = document["datasets"]
    assert (fresh["built_at_source"], fresh["stale"]) == ("lineage", False)
    assert stale["dataset"] == str(copy) and stale["lineage_dataset"] is None
    assert stale["built_at_source"] == "modified"
    assert datetime.fromisoformat(stale["built_at"]) == datetime(2026, 5, 1, 12, tzinfo=UTC)
    assert _purpose(stale, "model_training")["withdrawn_since_built"] == {"subjects": 1, "rows": 3}
    assert document["summary"]["stale"] == 1 and document["summary"]["with_withdrawn_subjects"] == 2


def test_manifest_lineage_gives_no_build_time(jejak: Any, catalog: str, tmp_path: Path) -> None:
    manifest = tmp_path / "lineage.yaml"
    manifest.write_text(
        f"version: 1\njobs:\n  - name: build\n    namespace: ml-my\n    outputs: ['{TRAIN}']\n",
        encoding="utf-8",
    )
    assert jejak("lineage", "ingest", "--manifest", str(manifest), "--catalog", catalog).exit_code == 0
    _, document = _report(jejak, catalog)
    (dataset,) = document["datasets"]
    assert (dataset["built_at_source"], dataset["lineage_dataset"]) == ("modified", f"file:{TRAIN}")


def test_exit_0_when_nothing_is_stale_or_withdrawn(jejak: Any, catalog: str, tmp_path: Path) -> None:
    _ingest(jejak, catalog, tmp_path, _event(TRAIN_NODE, "2026-03-01T10:00:00+00:00"))
    result, document = _report(jejak, catalog, "--purpose", "analytics")
    assert result.exit_code == 0 and document["summary"]["needs_attention"] is False


def test_no_catalog_no_lineage_and_none_created(jejak: Any, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "catalog.db"
    result, document = _report(jejak, f"sqlite:///{missing}")
    assert "no catalog at" in result.stderr and not missing.parent.exists()
    assert document["datasets"][0]["built_at_source"] == "modified"
    quiet, _ = _report(jejak, f"sqlite:///{missing}", "--quiet")
    assert quiet.stderr == ""


def test_html_is_escaped_and_holds_no_raw_value(jejak: Any, catalog: str, tmp_path: Path) -> None:
    odd = tmp_path / "<b>&train.jsonl"
    shutil.copy(TRAIN, odd)
    _ingest(
        jejak, catalog, tmp_path, _event(("file", str(odd)), "2026-03-01T10:00:00+00:00", job="<script>x")
    )
    out = tmp_path / "out" / "consent.html"
    result, _ = _report(jejak, catalog, "--format", "html", "--output", str(out), datasets=(str(odd),))
    assert result.exit_code == 1 and result.stdout == ""
    assert "consent report written to" in result.stderr and "1 stale" in result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "&lt;script&gt;x" in page
    assert "&lt;b&gt;&amp;train.jsonl" in page and "<b>" not in page
    assert "class='dataset stale'" in page and "Malaysia" in page
    assert "src=" not in page and "href=" not in page and "@import" not in page  # nothing fetched
    assert not any(raw in page for raw in RAW)
    json_out = tmp_path / "consent.json"
    _report(jejak, catalog, "--output", str(json_out), "--quiet", datasets=(str(odd),))
    assert not any(raw in json_out.read_text(encoding="utf-8") for raw in RAW)


def test_errors_exit_2(jejak: Any, catalog: str, tmp_path: Path) -> None:
    def run(*args: str) -> Any:
        return jejak("report", "consent", *args, "--config", str(CONFIG), "--catalog", catalog)

    missing = run(str(tmp_path / "nope.jsonl"), "--ledger", str(LEDGER))
    assert missing.exit_code == 2 and "nope.jsonl" in missing.stderr
    purpose = run(str(TRAIN), "--ledger", str(LEDGER), "--purpose", "ads")
    assert purpose.exit_code == 2 and "consent.purposes" in purpose.stderr
    no_ledger = run(str(TRAIN), "--ledger", str(tmp_path / "ledger.csv"))
    assert no_ledger.exit_code == 2 and "ledger" in no_ledger.stderr
    column = run(str(TRAIN), "--ledger", str(LEDGER), "--subject-column", "uid")
    assert column.exit_code == 2 and "no column 'uid'" in column.stderr
    assert run("--ledger", str(LEDGER)).exit_code == 2  # DATASET is required
    empty = tmp_path / "empty.csv"
    empty.write_text("subject_key,purpose,status,timestamp\nu1,ads,granted,2026-01-01\n", encoding="utf-8")
    nothing = run(str(TRAIN), "--ledger", str(empty))
    assert nothing.exit_code == 2 and "--purpose" in nothing.stderr


def test_python_api() -> None:
    tools = ConsentTools.build(CONFIG)
    report = consent_report(
        [TRAIN],
        ledger=FIXTURE / "ledger.parquet",
        tools=tools,
        purposes=["model_training"],
        subject_column="user_id",
        built_at=lambda _name, _source: BuiltAt(datetime(2026, 3, 1, tzinfo=UTC), "lineage"),
    )
    assert report.needs_attention and [d.dataset for d in report.stale] == [str(TRAIN)]
    (purpose,) = report.as_json()["datasets"][0]["purposes"]
    assert purpose["withdrawn_since_built"] == {"subjects": 2, "rows": 5}
    unknown = consent_report([TRAIN], ledger=LEDGER, tools=tools, built_at=lambda _n, _s: BuiltAt())
    (dataset,) = unknown.as_json()["datasets"]
    assert dataset["built_at"] is None and dataset["stale"] is None  # people withdrew, when built is unknown
    assert _purpose(dataset, "model_training")["withdrawn_since_built"] is None
    assert _purpose(dataset, "analytics")["stale"] is False  # nobody withdrew: cannot be stale


def test_a_postgresql_table_matches_its_lineage_node(
    jejak: Any, catalog: str, tmp_path: Path, postgres_server: PostgresServer
) -> None:
    url = postgres_server.new_database()
    rows = [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines()]
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("CREATE TABLE train (id integer PRIMARY KEY, user_id text, email text, text text)")
        for index, row in enumerate(rows):
            conn.execute(
                "INSERT INTO train VALUES (%s, %s, %s, %s)",
                (index, row["user_id"], row["email"], row["text"]),
            )
    table = f"{url}#public.train"
    found = dataset_for_uri(table, Path.cwd())
    node = (found.namespace, found.name)
    _ingest(jejak, catalog, tmp_path, _event(node, "2026-05-01T10:00:00+00:00"))
    _, document = _report(jejak, catalog, "--purpose", "model_training", datasets=(table,))
    (dataset,) = document["datasets"]
    assert dataset["built_at_source"] == "lineage" and dataset["lineage_dataset"] == f"{node[0]}:{node[1]}"
    assert dataset["purposes"][0]["withdrawn_since_built"] == {"subjects": 1, "rows": 3}
