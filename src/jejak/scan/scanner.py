"""A scan run: list every root, scan every asset, record results and findings in the catalog.

One unreadable asset never stops the run: its error lands in its result (exit code 3 at the CLI), and the
rest is scanned. A root that cannot be listed at all becomes a failed pseudo-asset named after the root.

Rescans are incremental: an asset whose content fingerprint and detector fingerprint both match its last
complete scan in the catalog is not read again; its rows and entity counts are carried forward (so a
`--fail-on` gate sees the whole dataset, not only what changed) and its findings stay current in the
catalog. Roots are stored and shown through their connector's `redact_uri` (no SQL passwords).

Subject-key columns (`erasure.subject_keys`) are indexed beside the findings, per batch, through
`Catalog.add_subject_keys`; the key columns an asset matches are part of its scan fingerprint,
so configuring a new key column makes the next scan read the assets it applies to again.

Reading may happen elsewhere: with an `AssetEngine` (`--engine spark`, `jejak.scan.spark_engine`) the
assets left after listing and skipping are read by it, and their results are recorded here as above.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from jejak import __version__
from jejak.asset import Asset, AssetFormat
from jejak.catalog.records import PreviousScan
from jejak.catalog.store import Catalog
from jejak.config import JejakConfig
from jejak.connectors.base import Connector, ListOptions, ReadOptions
from jejak.connectors.registry import ConnectorRegistry
from jejak.errors import ConnectorError, UsageError
from jejak.finding import Finding, SubjectKey
from jejak.hashing import KeyedHasher
from jejak.redaction import mask_password
from jejak.scan.asset_scanner import AssetScanner, FindingSink, SubjectKeySink
from jejak.scan.engine import AssetEngine
from jejak.scan.locations import locate
from jejak.scan.result import AssetResult, EntityStats, RunSummary

if TYPE_CHECKING:
    from jejak.detection.detector import Detector


class ScanProgress(Protocol):
    """What the CLI's progress bar implements; the scanner reports, never renders."""

    def listed(self, assets: Sequence[Asset]) -> None: ...
    def asset_started(self, asset: Asset) -> None: ...
    def rows_scanned(self, rows: int) -> None: ...
    def asset_finished(self, result: AssetResult) -> None: ...


@dataclass
class ScanRun:
    run_id: int | None
    roots: list[str]
    started_at: str
    finished_at: str = ""
    results: list[AssetResult] = field(default_factory=list)
    summary: RunSummary = field(default_factory=RunSummary)
    findings_recorded: int = 0

    @property
    def status(self) -> str:
        return "partial" if self.summary.assets_failed else "completed"


@dataclass
class Scanner:
    config: JejakConfig
    detector: Detector
    hasher: KeyedHasher
    connectors: ConnectorRegistry
    catalog: Catalog | None = None
    #: Reads the assets elsewhere (`--engine spark`); None reads them here, one after another.
    engine: AssetEngine | None = None

    def run(self, roots: Sequence[str], progress: ScanProgress | None = None) -> ScanRun:
        scan = self.config.scan
        shown_roots = [self._redact(root) for root in roots]
        run = ScanRun(run_id=None, roots=shown_roots, started_at=_now())
        if self.catalog is not None:
            run.run_id = self.catalog.start_run(shown_roots, self.config.redacted(), __version__)
        work, failures = self._list(roots)
        if not work and failures and len(failures) == len(roots):
            if self.catalog is not None and run.run_id is not None:
                self.catalog.finish_run(run.run_id, "failed", {})
            raise UsageError(failures[0].error or "nothing to scan")
        if progress:
            progress.listed([asset for _, asset in work])
        asset_scanner = AssetScanner(
            detector=self.detector,
            hasher=self.hasher,
            read_options=ReadOptions(batch_rows=scan.batch_rows, max_line_bytes=scan.max_line_bytes),
            sample_rows=scan.sample_rows,
            on_findings=self._sink(run),
            on_rows=progress.rows_scanned if progress else None,
        )
        self._index_subject_keys(run, asset_scanner)
        for result in failures:
            self._finish(run, result, progress)
        if self.engine is not None:
            self._scan_with(self.engine, run, work, asset_scanner, progress)
        else:
            for connector, listed in work:
                asset = self._with_detector(listed)
                if progress:
                    progress.asset_started(asset)
                previous = self._unchanged(asset)
                if previous is not None:
                    self._finish(run, _carried(asset, previous), progress)
                    continue
                self._finish(run, asset_scanner.scan(connector, asset), progress)
        run.finished_at = _now()
        if self.catalog is not None and run.run_id is not None:
            self.catalog.finish_run(run.run_id, run.status, run.summary.as_dict())
        return run

    def _scan_with(
        self,
        engine: AssetEngine,
        run: ScanRun,
        work: list[tuple[Connector, Asset]],
        asset_scanner: AssetScanner,
        progress: ScanProgress | None,
    ) -> None:
        """As the local loop, but the unchanged assets are settled first: the engine needs the whole list
        of assets to read up front. Results are still recorded in listing order."""
        fingerprinted = [(connector, self._with_detector(listed)) for connector, listed in work]
        planned = [(connector, asset, self._unchanged(asset)) for connector, asset in fingerprinted]
        to_read = [(connector, asset) for connector, asset, previous in planned if previous is None]
        scanned = engine.scan(to_read, asset_scanner)
        for _, asset, previous in planned:
            if progress:
                progress.asset_started(asset)
            self._finish(run, next(scanned) if previous is None else _carried(asset, previous), progress)

    def _list(self, roots: Sequence[str]) -> tuple[list[tuple[Connector, Asset]], list[AssetResult]]:
        options = ListOptions(include=self.config.scan.include, exclude=self.config.scan.exclude)
        work: list[tuple[Connector, Asset]] = []
        failures: list[AssetResult] = []
        for root in roots:
            try:
                _, connector = self.connectors.for_uri(root)
                for asset in connector.list_assets(root, options):
                    work.append((connector, locate(asset, self.config.locations)))
            except (ConnectorError, UsageError) as exc:
                placeholder = Asset(uri=self._redact(root), connector="", format=AssetFormat.UNKNOWN)
                failures.append(AssetResult(asset=placeholder, error=str(exc)))
        return work, failures

    def _redact(self, root: str) -> str:
        try:
            _, connector = self.connectors.for_uri(root)
        except UsageError:
            return mask_password(root)
        return connector.redact_uri(root)

    def _with_detector(self, asset: Asset) -> Asset:
        """The asset with a fingerprint that also names the detector (and whether findings are recorded):
        what a later scan must match to reuse this one. No content fingerprint, no reuse."""
        if asset.fingerprint is None:
            return asset
        findings = "findings" if self.config.scan.record_findings else "counts"
        fingerprint = f"{asset.fingerprint}|{self.detector.fingerprint}|{findings}"
        keys = self.config.erasure.key_columns(asset.uri)
        if keys:  # only assets with key columns: a new rule leaves every other fingerprint as it was
            fingerprint += "|keys:" + hashlib.sha256(repr(sorted(keys.items())).encode()).hexdigest()[:12]
        return dataclasses.replace(asset, fingerprint=fingerprint)

    def _unchanged(self, asset: Asset) -> PreviousScan | None:
        """The previous complete scan this asset may reuse, or None when it must be read."""
        if self.catalog is None or not self.config.scan.incremental or asset.fingerprint is None:
            return None
        previous = self.catalog.previous_scan(asset.uri)
        if previous is None or previous.fingerprint != asset.fingerprint:
            return None
        if previous.sampled and self.config.scan.sample_rows is None:
            return None  # a sample does not stand in for the full scan asked for now
        return previous

    def _sink(self, run: ScanRun) -> FindingSink | None:
        if self.catalog is None or run.run_id is None or not self.config.scan.record_findings:
            return None
        catalog, run_id = self.catalog, run.run_id

        def write(findings: list[Finding]) -> None:
            run.findings_recorded += catalog.add_findings(run_id, findings)

        return write

    def _index_subject_keys(self, run: ScanRun, asset_scanner: AssetScanner) -> None:
        """Hook subject-key indexing into `asset_scanner` when key columns are configured and findings are
        recorded in a catalog."""
        if self.catalog is None or run.run_id is None or not self.config.erasure.subject_keys:
            return
        if not self.config.scan.record_findings:
            return
        catalog, run_id = self.catalog, run.run_id

        def write(keys: list[SubjectKey]) -> None:
            catalog.add_subject_keys(run_id, keys)

        sink: SubjectKeySink = write
        asset_scanner.key_columns = self.config.erasure.key_columns
        asset_scanner.on_subject_keys = sink

    def _finish(self, run: ScanRun, result: AssetResult, progress: ScanProgress | None) -> None:
        run.results.append(result)
        run.summary.add(result)
        if self.catalog is not None and run.run_id is not None and result.asset.connector:
            self.catalog.record_asset(run.run_id, result)
        if progress:
            progress.asset_finished(result)


def _carried(asset: Asset, previous: PreviousScan) -> AssetResult:
    entities = {
        name: EntityStats(int(stats["count"]), int(stats["rows"]), float(stats["max_score"]))
        for name, stats in previous.entities.items()
    }
    return AssetResult(
        asset=asset,
        rows=previous.rows,
        entities=entities,
        skipped=True,
        skip_reason="unchanged",
        unchanged_since_run=previous.run_id,
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
