"""`jejak lineage infer` on the fixture lake, on SQLite and on a real PostgreSQL server.

The lake's training set was derived from `raw/users.parquet`, and its "cleaning" missed 10 rows that still
hold the raw e-mail (fixtures/README.md): those 10 keyed hashes are all the identifiers the training set
has, and all of them are in the user table. The raw folder is scanned first, as it would have been in a
real pipeline (the raw table existed before the training set was cut from it), which gives the direction.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from jejak.lineage.inference import AssetSide, orient

LAKE = (Path(__file__).resolve().parents[2] / "fixtures" / "lake").resolve()
USERS = LAKE / "raw" / "users.parquet"
TRAIN = LAKE / "training" / "train.parquet"
CONTACTS = LAKE / "exports" / "contacts.csv"
#: What a user who knows the training set is small would ask: every identifier in the smaller asset (at
#: least 10 of them) also found in the other. The defaults (20 shared, 50%) are for lakes of real size.
THRESHOLDS = ("--min-shared", "10", "--min-overlap", "0.9")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_server").new_database())
    return f"sqlite:///{tmp_path / 'catalog' / 'catalog.db'}"


def _infer(jejak: Any, url: str, *args: str) -> dict[str, Any]:
    result = jejak("lineage", "infer", *args, "--format", "json", "--catalog", url)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def _pairs(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(p["from"]["name"], p["to"]["name"]): p for p in document["proposals"]}


def test_infer_proposes_raw_to_training_and_applies_it(jejak: Any, url: str, tmp_path: Path) -> None:
    for root in (LAKE / "raw", LAKE):  # exit 3: the lake holds two corrupt files on purpose
        assert jejak("scan", str(root), "--quiet", "--catalog", url).exit_code == 3

    default = _pairs(_infer(jejak, url))
    assert (str(USERS), str(TRAIN)) not in default  # 10 shared identifiers: below the default 20
    assert all(p["shared"] >= 20 and p["overlap"] >= 0.5 for p in default.values())

    proposed = _infer(jejak, url, *THRESHOLDS)
    pairs = _pairs(proposed)
    assert set(pairs) == {(str(USERS), str(TRAIN)), (str(USERS), str(CONTACTS))}
    train = pairs[(str(USERS), str(TRAIN))]
    assert (train["shared"], train["overlap"], train["entity_types"]) == (10, 1.0, {"EMAIL_ADDRESS": 10})
    assert train["identifiers"]["to"] == 10 and train["identifiers"]["from"] > 1000
    assert train["reason"] == "first seen earlier (scan run 1 vs 2)" and train["status"] == "proposed"
    assert train["from"] == {"namespace": "file", "name": str(USERS), "uri": str(USERS)}
    assert proposed["applied"] == 0

    applied = _infer(jejak, url, *THRESHOLDS, "--apply")
    assert applied["applied"] == 2 and {p["status"] for p in applied["proposals"]} == {"applied"}
    again = _infer(jejak, url, *THRESHOLDS, "--apply")  # idempotent: nothing new, the evidence still shown
    assert again["applied"] == 0 and {p["status"] for p in again["proposals"]} == {"existing"}

    shown = jejak("lineage", "show", str(TRAIN), "--upstream", "--format", "json", "--catalog", url)
    assert shown.exit_code == 0, shown.output
    (edge,) = json.loads(shown.stdout)["edges"]
    assert edge == {
        "input": {"namespace": "file", "name": str(USERS)},
        "output": {"namespace": "file", "name": str(TRAIN)},
        "job": {"namespace": "jejak", "name": "inferred"},
        "source": "inferred",
        "inferred": True,
    }
    table = tmp_path / "downstream.txt"
    jejak("lineage", "show", str(USERS), "--downstream", "--output", str(table), "--catalog", url)
    assert "jejak:inferred (inferred)" in table.read_text(encoding="utf-8")


def test_reported_lineage_wins_over_inference(jejak: Any, url: str) -> None:
    for root in (LAKE / "raw", LAKE / "exports"):
        jejak("scan", str(root), "--quiet", "--catalog", url)
    assert set(_pairs(_infer(jejak, url, *THRESHOLDS))) == {(str(USERS), str(CONTACTS))}
    event = {
        "eventType": "COMPLETE",
        "eventTime": "2026-11-01T02:00:00Z",
        "run": {"runId": str(uuid.uuid4())},
        "job": {"namespace": "crm", "name": "export_contacts"},
        "inputs": [{"namespace": "file", "name": str(USERS)}],
        "outputs": [{"namespace": "file", "name": str(CONTACTS)}],
        "producer": "https://example.com/crm",
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    }
    ingested = jejak("lineage", "ingest", "-", "--catalog", url, input=json.dumps(event) + "\n")
    assert ingested.exit_code == 0, ingested.output
    assert _infer(jejak, url, *THRESHOLDS)["proposals"] == []
    phones = _infer(jejak, url, "--min-shared", "1", "--min-overlap", "0", "--entities", "PHONE_NUMBER")
    assert phones["entities"] == ["PHONE_NUMBER"] and phones["proposals"]
    assert (str(USERS), str(CONTACTS)) not in _pairs(phones)
    assert all(set(p["entity_types"]) == {"PHONE_NUMBER"} for p in phones["proposals"])
    empty = jejak("lineage", "infer", "--min-shared", "1000", "--catalog", url)
    assert empty.exit_code == 0 and "no candidate pairs" in empty.stdout


def _side(uri: str, first: int | None, modified: float | None, identifiers: int) -> AssetSide:
    return AssetSide(0, uri, first, modified, identifiers)


@pytest.mark.parametrize(
    ("a", "b", "upstream", "why"),
    [
        (_side("t", 2, 1.0, 10), _side("r", 1, 9e9, 5), "r", "first seen earlier (scan run 1 vs 2)"),
        (_side("t", 1, 5000.0, 10), _side("r", 1, 1000.0, 5), "r", "modified earlier"),
        (_side("t", 1, 1000.5, 10), _side("r", 1, 1000.0, 500), "r", "holds more identifiers (500 vs 10)"),
        (_side("b", None, None, 7), _side("a", None, None, 7), "a", "direction by name only"),
    ],
)
def test_direction_rules(a: AssetSide, b: AssetSide, upstream: str, why: str) -> None:
    up, down, reason = orient(a, b)
    assert up.uri == upstream and down.uri != upstream and why in reason
    assert orient(b, a) == (up, down, reason)
