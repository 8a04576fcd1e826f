"""The cloud region table: complete against the spec, YAML-safe, and looked up case-insensitively."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jejak.errors import ConfigError
from jejak.residency.cloud_regions import CloudRegions

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "cloud-regions.json"
SPEC_COUNTS = {"aws": 39, "gcp": 42, "azure": 63}


@pytest.fixture(scope="module")
def regions() -> CloudRegions:
    return CloudRegions.load()


@pytest.mark.parametrize(
    ("provider", "region", "country"),
    [
        ("aws", "ap-southeast-1", "SG"),
        ("aws", "ap-southeast-3", "ID"),
        ("aws", "ap-southeast-5", "MY"),
        ("aws", "ap-southeast-7", "TH"),
        ("aws", "us-east-1", "US"),
        ("aws", "eu-west-1", "IE"),
        ("gcp", "asia-southeast1", "SG"),
        ("gcp", "asia-southeast2", "ID"),
        ("azure", "norwayeast", "NO"),  # a bare NO in YAML would be the boolean false
        ("AWS", "AP-SOUTHEAST-1", "SG"),
    ],
)
def test_known_regions(regions: CloudRegions, provider: str, region: str, country: str) -> None:
    assert regions.country(provider, region) == country


@pytest.mark.parametrize(("provider", "region"), [("aws", "mars-north-1"), ("oracle", "ap-singapore-1")])
def test_unknown_region_or_provider_is_none(regions: CloudRegions, provider: str, region: str) -> None:
    assert regions.country(provider, region) is None


def test_every_spec_entry_is_shipped(regions: CloudRegions) -> None:
    assert {provider: len(table) for provider, table in regions.providers.items()} == SPEC_COUNTS
    if SPEC.exists():  # the spec lives beside the repository in the workspace, not in a wheel or sdist
        spec = json.loads(SPEC.read_text(encoding="utf-8"))
        assert {provider: dict(table) for provider, table in regions.providers.items()} == spec


@pytest.mark.parametrize(
    "text",
    ["- aws\n", "aws: [ap-southeast-1]\n", "azure:\n  norwayeast: NO\n", "aws:\n  x-1: Singapore\n"],
)
def test_malformed_tables_are_config_errors(text: str) -> None:
    with pytest.raises(ConfigError, match=r"cloud-regions\.yaml"):
        CloudRegions.parse(text)
