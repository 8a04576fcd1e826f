"""Issue 5's "done means" for residency: the SG -> US -> VN -> SG fixture pipeline and its verdicts.

The origin's personal data comes from a real scan; every other dataset's comes through lineage (a
manifest), so the test also proves inheritance, and that a masked export carries nothing across.
"""

from __future__ import annotations

import json
import xml.dom.minidom
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "fixtures" / "residency"
CONFIG = str(FIXTURE / "jejak.yaml")
CUSTOMERS = str(FIXTURE / "sg" / "customers.csv")


@pytest.fixture
def pipeline(jejak: Any) -> Any:
    scanned = jejak("scan", str(FIXTURE / "sg"), "--config", CONFIG, "-q")
    assert scanned.exit_code == 0, scanned.output
    ingested = jejak("lineage", "ingest", "--manifest", str(FIXTURE / "lineage.yaml"), "--config", CONFIG)
    assert ingested.exit_code == 0, ingested.output
    return jejak


def _report(jejak: Any, *flags: str) -> tuple[int, dict[str, Any]]:
    return _report_with(jejak, CONFIG, *flags)


def _report_with(jejak: Any, config: str, *flags: str) -> tuple[int, dict[str, Any]]:
    args = ("--config", config, "--date", "2026-11-22", "--format", "json", *flags)
    result = jejak("residency", "report", *args)
    return result.exit_code, json.loads(result.stdout)


def _hops(document: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(h["from"], h["to"], h["kind"]): h for h in document["hops"]}


def test_every_hop_of_the_pipeline_gets_its_verdict(pipeline: Any) -> None:
    code, document = _report(pipeline)
    assert code == 0
    hops = _hops(document)
    assert set(hops) == {
        ("SG", "US", "copy"),
        ("US", "VN", "copy"),
        ("VN", "SG", "copy"),
        ("VN", "SG", "remote_access"),
        ("SG", "JP", "copy"),
    }
    llm = hops[("SG", "US", "copy")]
    assert llm["verdict"] == "ok" and llm["mechanism_used"] == "contract"
    assert llm["job"] == "pipelines:enrich_with_llm" and llm["job_country"] == "US"
    assert llm["source_dataset"] == CUSTOMERS
    assert hops[("US", "VN", "copy")]["verdict"] == "not-regulated"
    assert hops[("SG", "JP", "copy")]["verdict"] == "missing-basis", "nothing declared for SG -> JP"


def test_a_vietnam_export_without_a_dossier_reference_is_flagged(pipeline: Any) -> None:
    _, document = _report(pipeline)
    export = _hops(document)[("VN", "SG", "copy")]
    assert export["verdict"] == "missing-basis"
    assert any("dossier_ref" in reason for reason in export["reasons"])
    assert any(rule["key"].startswith("VN.transfer") for rule in export["rules"])
    access = _hops(document)[("VN", "SG", "remote_access")]
    assert access["verdict"] == "missing-basis"


def test_a_masked_export_stops_personal_data(pipeline: Any) -> None:
    _, document = _report(pipeline)
    us = {entry["dataset"]: entry for entry in document["countries"]["US"]}
    assert us["s3://us-analytics/customers_masked.parquet"]["entity_types"] == []
    assert us["s3://us-features/customers_enriched.parquet"]["personal_data"] == "inherited"
    assert all(h["target_dataset"] != "s3://us-analytics/customers_masked.parquet" for h in document["hops"])
    sg = {entry["dataset"]: entry for entry in document["countries"]["SG"]}
    assert sg[CUSTOMERS]["personal_data"] == "found"
    assert sg[CUSTOMERS]["entity_types"] == ["EMAIL_ADDRESS", "PHONE_NUMBER"]


def test_fail_on_blocks_a_pipeline(pipeline: Any) -> None:
    code, _ = _report(pipeline, "--fail-on", "missing-basis,localisation-breach")
    assert code == 1
    code, _ = _report(pipeline, "--fail-on", "localisation-breach")
    assert code == 0
    bad = pipeline("residency", "report", "--config", CONFIG, "--fail-on", "illegal")
    assert bad.exit_code == 2 and "unknown verdict" in bad.output


def test_declaring_the_dossier_makes_the_export_ok(pipeline: Any, tmp_path: Path) -> None:
    config = (
        (FIXTURE / "jejak.yaml")
        .read_text(encoding="utf-8")
        .replace(
            'evidence: "TIA drafted by the labelling vendor"',
            'evidence: "TIA filed"\n    dossier_ref: "A05-2026-0142"',
        )
    )
    fixed = tmp_path / "jejak.yaml"
    fixed.write_text(config, encoding="utf-8")
    _, document = _report_with(pipeline, str(fixed))
    hops = _hops(document)
    assert hops[("VN", "SG", "copy")]["verdict"] == "ok"
    assert hops[("VN", "SG", "copy")]["dossier_ref"] == "A05-2026-0142"


def test_markdown_and_html(pipeline: Any, tmp_path: Path) -> None:
    markdown = pipeline("residency", "report", "--config", CONFIG, "--date", "2026-11-22")
    assert "**missing basis**" in markdown.stdout and "## Inventory per country" in markdown.stdout
    page = tmp_path / "residency.html"
    result = pipeline("residency", "report", "--config", CONFIG, "--format", "html", "-o", str(page), "-q")
    assert result.exit_code == 0
    html = page.read_text(encoding="utf-8")
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    xml.dom.minidom.parseString(svg)  # well-formed
    assert 'class="edge missing-basis"' in svg and 'class="edge ok"' in svg and 'class="edge masked"' in svg
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", ""), "nothing fetched from a network"


def test_no_personal_value_reaches_the_report(pipeline: Any) -> None:
    _, document = _report(pipeline)
    text = json.dumps(document)
    for value in ("mei.ling.tan@example.com.sg", "9123 4567", "+6591234567"):
        assert value not in text
