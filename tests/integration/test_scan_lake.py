"""End to end: `jejak scan fixtures/lake` reports exactly what the generator planted, keeping no raw value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jejak.catalog.store import Catalog
from jejak.hashing import HashKey

LAKE = Path(__file__).resolve().parents[2] / "fixtures" / "lake"
#: Entity types that need a named-entity model; the default offline profile has none.
NER_ONLY = {"PERSON"}


def _without_ner(counts: dict[str, int]) -> dict[str, int]:
    return {name: count for name, count in counts.items() if name not in NER_ONLY}


@pytest.fixture(scope="module")
def scan_json(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One scan of the lake shared by the assertions below (the catalog lands in the tmp dir)."""
    from click.testing import CliRunner

    from jejak.cli.main import cli

    workdir = tmp_path_factory.mktemp("scan")
    out = workdir / "scan.json"
    result = CliRunner().invoke(
        cli,
        [
            "scan",
            str(LAKE),
            "--format",
            "json",
            "--output",
            str(out),
            "--quiet",
            "--catalog",
            f"sqlite:///{workdir / 'catalog.db'}",
        ],
        catch_exceptions=False,
    )
    document = json.loads(out.read_text(encoding="utf-8"))
    document["_exit_code"] = result.exit_code
    document["_stderr"] = result.stderr
    document["_workdir"] = str(workdir)
    return document


def _by_path(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(Path(asset["uri"]).relative_to(LAKE)): asset for asset in document["assets"]}


def test_exit_code_is_partial_failure_because_of_the_corrupt_files(scan_json: dict[str, Any]) -> None:
    assert scan_json["_exit_code"] == 3
    assert scan_json["status"] == "partial"


def test_every_readable_asset_has_exactly_the_planted_entities(
    scan_json: dict[str, Any], lake_truth: dict[str, Any]
) -> None:
    assets = _by_path(scan_json)
    readable = {path: t for path, t in lake_truth["assets"].items() if not t.get("corrupt")}
    assert readable, "the truth file lists no readable asset"
    for path, truth in readable.items():
        asset = assets[path]
        assert asset["error"] is None, path
        assert asset["rows"] == truth["rows"], path
        assert asset["format"] == truth["format"], path
        assert _without_ner(asset["entities"]) == _without_ner(truth["entities"]), path


def test_columns_carry_the_planted_entities(scan_json: dict[str, Any], lake_truth: dict[str, Any]) -> None:
    assets = _by_path(scan_json)
    for path, truth in lake_truth["assets"].items():
        if truth.get("corrupt") or "columns" not in truth:
            continue
        found = {column["name"]: column["entities"] for column in assets[path]["columns"]}
        for name, planted in truth["columns"].items():
            assert _without_ner(found.get(name, {})) == _without_ner(planted), f"{path}:{name}"
        extra = {name for name, entities in found.items() if entities and name not in truth["columns"]}
        assert not extra, f"{path}: entities found in unplanted columns {extra}"


def test_person_names_are_found_without_a_model(
    scan_json: dict[str, Any], lake_truth: dict[str, Any]
) -> None:
    """Names come from titles, patronymics, family-name lists and name columns (recognizers/person.py):
    not every untitled first name in free text is found, but nothing else is taken for a name."""
    assets = _by_path(scan_json)
    planted_total = found_total = 0
    for path, truth in lake_truth["assets"].items():
        if truth.get("corrupt"):
            continue
        planted = truth["entities"].get("PERSON", 0)
        found = assets[path]["entities"].get("PERSON", 0)
        assert found <= planted, f"{path}: {found} PERSON found, {planted} planted"
        for column in assets[path].get("columns", []):
            if column["entities"].get("PERSON"):
                assert truth["columns"][column["name"]].get("PERSON"), f"{path}:{column['name']}"
        planted_total += planted
        found_total += found
    assert found_total >= 0.95 * planted_total, (found_total, planted_total)


def test_corrupt_files_are_reported_with_a_clear_error(
    scan_json: dict[str, Any], lake_truth: dict[str, Any]
) -> None:
    assets = _by_path(scan_json)
    corrupt = [path for path, t in lake_truth["assets"].items() if t.get("corrupt")]
    assert len(corrupt) >= 2
    for path in corrupt:
        error = assets[path]["error"]
        assert error and path.split("/")[-1] in error and "\n" not in error
        assert "re-" in error or "exclude" in error  # says what to do
        assert path.split("/")[-1] in scan_json["_stderr"]
    assert scan_json["summary"]["assets_failed"] == len(corrupt)


def test_lying_extension_is_read_by_content(scan_json: dict[str, Any]) -> None:
    assert _by_path(scan_json)["exports/contacts.csv"]["format"] == "jsonl"


def test_hugging_face_dataset_directory_is_one_asset(
    scan_json: dict[str, Any], lake_truth: dict[str, Any]
) -> None:
    """Its two shards are read as one table (rows numbered across them); its files are not assets."""
    assets = _by_path(scan_json)
    dataset = assets["eval/hf_eval_set"]
    assert dataset["format"] == "arrow"
    assert dataset["rows"] == lake_truth["assets"]["eval/hf_eval_set"]["rows"]
    assert not [path for path in assets if path.startswith("eval/hf_eval_set/")]


def test_text_assets_have_no_columns_and_tables_do(scan_json: dict[str, Any]) -> None:
    assets = _by_path(scan_json)
    assert "columns" not in assets["logs/app-2026-11-01.log.gz"]
    assert {c["name"] for c in assets["raw/users.parquet"]["columns"]} >= {"email", "national_id"}


def test_no_planted_value_in_the_report_or_the_catalog(
    scan_json: dict[str, Any], planted_values: set[str]
) -> None:
    workdir = Path(scan_json["_workdir"])
    catalog_bytes = b"".join(p.read_bytes() for p in workdir.glob("catalog.db*"))
    report_text = (workdir / "scan.json").read_text(encoding="utf-8")
    assert len(planted_values) > 1000
    leaked_report = {v for v in planted_values if v in report_text}
    leaked_catalog = {v for v in planted_values if v.encode("utf-8") in catalog_bytes}
    assert not leaked_report, sorted(leaked_report)[:5]
    assert not leaked_catalog, sorted(leaked_catalog)[:5]


def test_findings_recorded_match_counts_and_are_masked(
    scan_json: dict[str, Any], lake_truth: dict[str, Any]
) -> None:
    workdir = Path(scan_json["_workdir"])
    key = HashKey.resolve(workdir / "hash.key", {})
    with Catalog.open(f"sqlite:///{workdir / 'catalog.db'}", key) as catalog:
        emails = list(catalog.query_findings(entity_types=["EMAIL_ADDRESS"]))
    readable_emails = sum(
        t["entities"].get("EMAIL_ADDRESS", 0) for t in lake_truth["assets"].values() if not t.get("corrupt")
    )
    partial = _by_path(scan_json)["logs/app-2026-11-02.log.gz"]["entities"].get("EMAIL_ADDRESS", 0)
    assert len(emails) == readable_emails + partial
    assert all("****" in f.preview and len(f.value_hash) == 64 for f in emails)
    # the same address in two assets hashes alike: that is what makes a subject findable later
    assert len({f.value_hash for f in emails}) < len(emails)
