"""Where assets are read: the seam between a scan run and the machines that read its assets.

The `Scanner` lists, skips unchanged assets and records results on the driver whatever the engine. Without
an engine it reads the remaining assets itself, one after another. An `AssetEngine` (the Spark engine) reads
them elsewhere and hands back what the local `AssetScanner` would have produced: it calls the scanner's
sinks (findings, subject keys, rows for progress) for each asset before yielding that asset's result, in the
order the assets were given, so the catalog receives exactly what a local scan writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from jejak.asset import Asset
from jejak.connectors.base import Connector
from jejak.scan.asset_scanner import AssetScanner
from jejak.scan.result import AssetResult


class AssetEngine(Protocol):
    def scan(
        self, work: Sequence[tuple[Connector, Asset]], asset_scanner: AssetScanner
    ) -> Iterator[AssetResult]:
        """One result per item of `work`, in its order. Findings and subject keys go to `asset_scanner`'s
        sinks (when set) before their asset's result is yielded; an asset the engine cannot send elsewhere
        may be read with `asset_scanner` itself."""
        ...
