"""The executor side of a Spark scan: scan the assets of one job with the same `AssetScanner` as a local run.

The local process pool (`scan.workers`) runs the same code, one asset or part of an asset per task.

A Python worker builds its detector, hasher and connectors once, from the driver's config and the packs
installed on the executor, and keeps them in a module global for every later task it runs (building the
detector costs seconds; a worker runs many tasks). The cache is keyed by a digest of the config and the key,
so a worker reused by another scan with other settings builds afresh.

The hash key arrives inside the task (pickled into the job's closure): executors hash exactly like the
driver, which is why the cluster must be trusted like the catalog (docs/spark.md). It is never logged, and
the task's repr leaves it out.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa

from jejak.config import JejakConfig
from jejak.connectors.base import Connector, ReadOptions
from jejak.connectors.registry import ConnectorRegistry
from jejak.finding import Finding, SubjectKey
from jejak.hashing import HashKey, KeyedHasher
from jejak.recognizers.loader import load_packs
from jejak.scan.asset_scanner import AssetScanner
from jejak.scan.parts import AssetPart
from jejak.scan.result_codec import (
    SCHEMA,
    asset_from_json,
    findings_batch,
    result_batch,
    subject_keys_batch,
)

if TYPE_CHECKING:
    from jejak.detection.detector import Detector


@dataclass(frozen=True)
class ScanTask:
    """Everything an executor needs for one job: the config (without catalog or Spark settings), the hash
    key, the job's assets as JSON (the ids of the job's input rows index them), and which sinks the driver
    has (no findings are sent back when they are not recorded)."""

    config_json: str
    hash_key: bytes = field(repr=False)
    assets: tuple[str, ...] = field(repr=False)
    findings: bool = True
    subject_keys: bool = False
    #: The rows of the job's one asset to read, when it is read in parts (jejak.scan.parts)
    part: AssetPart | None = None

    @property
    def cache_key(self) -> str:
        return hashlib.sha256(self.config_json.encode() + b"\0" + self.hash_key).hexdigest()


@dataclass
class TaskWorker:
    config: JejakConfig
    detector: Detector
    hasher: KeyedHasher
    registry: ConnectorRegistry
    connectors: dict[str, Connector] = field(default_factory=dict)

    @classmethod
    def build(cls, task: ScanTask, detector: Detector | None = None) -> TaskWorker:
        from jejak.detection.detector import Detector  # Presidio and spaCy load only where one is built

        config = JejakConfig.model_validate_json(task.config_json)
        return cls(
            config=config,
            detector=detector if detector is not None else Detector(config.detection, load_packs()),
            hasher=KeyedHasher(HashKey(task.hash_key)),
            registry=ConnectorRegistry.from_entry_points(config.connectors),
        )

    def connector(self, name: str) -> Connector:
        if name not in self.connectors:
            self.connectors[name] = self.registry.classes[name](self.registry.settings.get(name))
        return self.connectors[name]

    def scan_table(self, task: ScanTask) -> pa.Table:
        """All rows of a one-asset task."""
        return pa.Table.from_batches(self.scan(task, 0), schema=SCHEMA)

    def scan(self, task: ScanTask, item: int) -> list[pa.RecordBatch]:
        """The rows of one asset: its sink calls in order, then its result."""
        asset = asset_from_json(task.assets[item])
        parts = itertools.count()
        out: list[pa.RecordBatch] = []

        def on_findings(findings: list[Finding]) -> None:
            out.append(findings_batch(item, next(parts), findings))

        def on_subject_keys(keys: list[SubjectKey]) -> None:
            out.append(subject_keys_batch(item, next(parts), keys))

        scan = self.config.scan
        scanner = AssetScanner(
            detector=self.detector,
            hasher=self.hasher,
            read_options=ReadOptions(batch_rows=scan.batch_rows, max_line_bytes=scan.max_line_bytes),
            sample_rows=scan.sample_rows,
            on_findings=on_findings if task.findings else None,
            key_columns=self.config.erasure.key_columns if task.subject_keys else None,
            on_subject_keys=on_subject_keys if task.subject_keys else None,
        )
        result = scanner.scan(self.connector(asset.connector), asset, task.part)
        out.append(result_batch(item, next(parts), result, self.detector.fingerprint))
        return out


_WORKER: tuple[str, TaskWorker] | None = None  # (task cache key, worker): one scan's worker per process


def _worker(task: ScanTask) -> TaskWorker:
    global _WORKER
    if _WORKER is None or _WORKER[0] != task.cache_key:
        _WORKER = (task.cache_key, TaskWorker.build(task))
    return _WORKER[1]


def scan_task(task: ScanTask) -> pa.Table:
    """All rows of a one-asset task (the local process pool's unit of work; `jejak.scan.process_engine`)."""
    return _worker(task).scan_table(task)


def start_worker(task: ScanTask) -> None:
    """Build this process's worker for `task`'s scan ahead of its first unit (`ProcessEngine.start`)."""
    _worker(task)


def worker_beside(task: ScanTask, detector: Detector) -> TaskWorker:
    """A worker in this process around a detector already built for the same detection settings: the
    process engine's own process reads units too, and must not pay for a second detector."""
    return TaskWorker.build(task, detector)


def scan_partition(task: ScanTask, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """The `mapInArrow` function: input rows hold asset numbers (`id`), output rows are `result_codec`'s."""
    worker = _worker(task)
    for batch in batches:
        for item in batch.column(0).to_pylist():
            yield from worker.scan(task, int(item))
