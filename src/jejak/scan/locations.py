"""Place assets in a country from the config's `locations` rules (first matching glob wins).

Connectors may know better (an S3 bucket's region); a location set by the connector is kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from fnmatch import fnmatchcase

from jejak.asset import Asset
from jejak.config import LocationRule


def locate(asset: Asset, rules: Sequence[LocationRule]) -> Asset:
    if asset.location is not None:
        return asset
    for rule in rules:
        if fnmatchcase(asset.uri, rule.match):
            return dataclasses.replace(asset, location=rule.country)
    return asset
