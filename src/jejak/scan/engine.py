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

from jejak.asset import Asset, AssetFormat
from jejak.connectors.base import UNREADABLE_HINT, Connector
from jejak.errors import AnalyzerError
from jejak.scan.asset_scanner import AssetScanner
from jejak.scan.result import AssetResult
from jejak.scan.result_codec import ItemOutcome

#: Connectors whose assets another process or machine can read from the `Asset` alone (a path on a shared
#: mount, an object). SQL tables stay with the process that listed them, which holds their password.
REMOTE_CONNECTORS = frozenset({"file", "s3"})


class AssetEngine(Protocol):
    def scan(
        self, work: Sequence[tuple[Connector, Asset]], asset_scanner: AssetScanner
    ) -> Iterator[AssetResult]:
        """One result per item of `work`, in its order. Findings and subject keys go to `asset_scanner`'s
        sinks (when set) before their asset's result is yielded; an asset the engine cannot send elsewhere
        may be read with `asset_scanner` itself."""
        ...


def reads_remotely(asset: Asset) -> bool:
    """Whether an engine's workers read `asset`; the others are read by the scanning process itself."""
    return (
        asset.connector in REMOTE_CONNECTORS
        and asset.format is not AssetFormat.UNKNOWN
        and UNREADABLE_HINT not in asset.hints
    )


def replay(outcome: ItemOutcome, asset_scanner: AssetScanner, detector_fingerprint: str) -> AssetResult:
    """Replay what a worker's scanner sent to its sinks into `asset_scanner`'s, in order, as a local scan
    would have made the calls; return the worker's result. A worker with another detector (another jejak
    or packs on a cluster's executors) stops the scan rather than mix two detectors' findings."""
    if outcome.detector != detector_fingerprint:
        raise AnalyzerError(
            f"the workers' detector ({outcome.detector}) differs from this one "
            f"({detector_fingerprint}): install the same jejak version and packs where the workers run"
        )
    if asset_scanner.on_findings is not None:
        for findings in outcome.findings:
            asset_scanner.on_findings(findings)
    if asset_scanner.on_subject_keys is not None:
        for keys in outcome.subject_keys:
            asset_scanner.on_subject_keys(keys)
    if asset_scanner.on_rows is not None:
        asset_scanner.on_rows(outcome.result.rows)
    return outcome.result
