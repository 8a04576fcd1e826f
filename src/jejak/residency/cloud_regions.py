"""Which country a cloud region's data centres are in, so an asset can be placed without config rules.

A bucket in `ap-southeast-3` holds its data in Indonesia whatever the bucket is called; residency checks need
that country, not the region name. The table ships as `configs/cloud-regions.yaml` (generated from the
project spec) so a new region is a data change, not a code change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from types import MappingProxyType

import yaml

from jejak.errors import ConfigError

RESOURCE = "cloud-regions.yaml"


@dataclass(frozen=True)
class CloudRegions:
    """Region name -> ISO 3166-1 alpha-2 country code, per provider (`aws`, `gcp`, `azure`)."""

    providers: Mapping[str, Mapping[str, str]]

    @classmethod
    def load(cls) -> CloudRegions:
        """The table shipped in the `jejak.configs` package."""
        text = files("jejak.configs").joinpath(RESOURCE).read_text(encoding="utf-8")
        return cls.parse(text)

    @classmethod
    def parse(cls, text: str) -> CloudRegions:
        """Validate as well as parse: a bare `NO` read as false by YAML would silently unplace Norway."""
        raw = yaml.safe_load(text)
        if not isinstance(raw, dict):
            raise ConfigError(
                f"{RESOURCE}: expected a mapping of provider -> region -> country; reinstall jejak"
            )
        providers: dict[str, Mapping[str, str]] = {}
        for provider, regions in raw.items():
            if not isinstance(regions, dict):
                raise ConfigError(f"{RESOURCE}: {provider}: expected a mapping of region -> country code")
            for region, country in regions.items():
                if not (isinstance(country, str) and len(country) == 2 and country.isupper()):
                    raise ConfigError(
                        f"{RESOURCE}: {provider}.{region}: {country!r} is not an ISO 3166-1 alpha-2 "
                        "country code; quote it"
                    )
            providers[str(provider)] = MappingProxyType({str(k): v for k, v in regions.items()})
        return cls(MappingProxyType(providers))

    def country(self, provider: str, region: str) -> str | None:
        """The country of `region` at `provider`, or None when the region is unknown (a new region, a
        private S3-compatible store): an unknown location is reported as such, never guessed."""
        return self.providers.get(provider.lower(), {}).get(region.lower())
