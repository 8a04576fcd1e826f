"""`jejak scan --engine spark`: the assets of a scan are read on a Spark cluster, the results land here.

The driver (this process) lists, skips unchanged assets and writes the catalog exactly as a local scan does
(`jejak.scan.scanner`); only reading and detection move to the executors. The assets to read are sent in
jobs of `scan.spark.assets_per_job` (default 4 x the cluster's default parallelism): each job is a
`spark.range` with one partition per asset, mapped with `mapInArrow` through `jejak.scan.spark_worker`,
which scans each asset with the same `AssetScanner` and emits the findings, subject keys and result as
`jejak.scan.result_codec` rows. The driver collects one job's rows, then replays them into the scanner's
sinks asset by asset, in listing order, while the next job already runs. So the driver holds at most two
jobs' findings, and the catalog sees the same calls as in a local scan.

Assets that cannot or need not travel are read on the driver with the local `AssetScanner`: SQL tables (the
sql connector reads through the database it listed, whose password stays here), third-party connectors'
assets, and assets that are never read (unsupported formats, assets listed as unreadable).

Executors must run the same jejak and packs as the driver: each result carries the fingerprint of the
detector that produced it, and a different one stops the scan rather than mix two detectors' findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pyarrow as pa

from jejak.asset import Asset
from jejak.config import CatalogConfig, JejakConfig, SparkConfig
from jejak.connectors.base import Connector
from jejak.errors import JejakError
from jejak.hashing import HashKey
from jejak.scan.asset_scanner import AssetScanner
from jejak.scan.engine import reads_remotely, replay
from jejak.scan.result import AssetResult
from jejak.scan.result_codec import SCHEMA, ItemOutcome, asset_to_json, decode_item
from jejak.scan.spark_session import OwnedSession, open_session, require_pyspark
from jejak.scan.spark_worker import ScanTask, scan_partition

JOBS_PER_CORE = 4
_SPARK_TYPES = {pa.int64(): "bigint", pa.string(): "string", pa.float64(): "double"}
#: The schema of the rows executors return, in Spark's DDL (backquoted: `end` and `row` are SQL keywords).
OUTPUT_DDL = ", ".join(f"`{f.name}` {_SPARK_TYPES[f.type]}" for f in SCHEMA)
_EXCEPTION_LINE = re.compile(r"^\s*([\w.]+(?:Error|Exception)): .+$")


class SparkJobError(JejakError):
    """A Spark job of the scan failed (an executor without jejak, a lost cluster): the scan stops."""


def executor_config(config: JejakConfig) -> JejakConfig:
    """The config executors get: no catalog URL (it may hold a password; executors never write the
    catalog) and no Spark settings (they may hold credentials; executors do not need them)."""
    scan = config.scan.model_copy(update={"spark": SparkConfig()})
    return config.model_copy(update={"catalog": CatalogConfig(), "scan": scan})


@dataclass
class SparkEngine:
    """An `AssetEngine` on Spark. Build it with `SparkEngine.create`; `close()` stops the session it
    started (a session found running belongs to the application and is left alone)."""

    config: JejakConfig
    hash_key: HashKey = field(repr=False)
    detector_fingerprint: str
    _session: OwnedSession | None = field(default=None, repr=False)
    _pool: ThreadPoolExecutor | None = field(default=None, repr=False)

    @classmethod
    def create(cls, config: JejakConfig, hash_key: HashKey, detector_fingerprint: str) -> SparkEngine:
        """Fails at once (exit 2) without pyspark; the session itself starts with the first asset to read,
        so a rescan that finds everything unchanged never starts Spark."""
        require_pyspark()
        return cls(config, hash_key, detector_fingerprint)

    def __enter__(self) -> SparkEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        if self._session is not None:
            self._session.stop()
            self._session = None

    @property
    def spark(self) -> Any:
        if self._session is None:
            self._session = open_session(self.config.scan.spark)
        return self._session.spark

    def scan(
        self, work: Sequence[tuple[Connector, Asset]], asset_scanner: AssetScanner
    ) -> Iterator[AssetResult]:
        remote = [index for index, (_, asset) in enumerate(work) if reads_remotely(asset)]
        jobs = self._jobs(remote, [asset for _, asset in work], asset_scanner) if remote else None
        for index, (connector, asset) in enumerate(work):
            if jobs is None or index not in jobs.place:
                yield asset_scanner.scan(connector, asset)
            else:
                yield replay(jobs.outcome(index, asset), asset_scanner, self.detector_fingerprint)

    def _jobs(self, remote: list[int], assets: list[Asset], asset_scanner: AssetScanner) -> _Jobs:
        size = self.config.scan.spark.assets_per_job or JOBS_PER_CORE * _parallelism(self.spark)
        chunks = [remote[start : start + size] for start in range(0, len(remote), size)]
        config_json = executor_config(self.config).model_dump_json()
        keys = asset_scanner.on_subject_keys is not None and asset_scanner.key_columns is not None
        tasks = [
            ScanTask(
                config_json=config_json,
                hash_key=self.hash_key.secret,
                assets=tuple(asset_to_json(assets[index]) for index in chunk),
                findings=asset_scanner.on_findings is not None,
                subject_keys=keys,
            )
            for chunk in chunks
        ]
        place = {index: (job, item) for job, chunk in enumerate(chunks) for item, index in enumerate(chunk)}
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jejak-spark")
        return _Jobs(self.spark, self._pool, tasks, place)


@dataclass
class _Jobs:
    """The scan's Spark jobs, run one at a time on a background thread, one job ahead of the driver."""

    spark: Any
    pool: ThreadPoolExecutor
    tasks: list[ScanTask]
    place: dict[int, tuple[int, int]]  # work index -> (job, item within the job)
    _running: dict[int, Future[_JobRows]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._submit(0)

    def outcome(self, index: int, asset: Asset) -> ItemOutcome:
        job, item = self.place[index]
        self._submit(job + 1)  # the cluster works on the next job while the driver writes this one
        for done in [number for number in self._running if number < job]:
            del self._running[done]  # let a finished job's rows go
        try:
            rows = self._running[job].result()
        except JejakError:
            raise
        except Exception as exc:
            raise _job_error(exc) from exc
        return decode_item(rows.of(item), asset)

    def _submit(self, job: int) -> None:
        if job < len(self.tasks) and job not in self._running:
            self._running[job] = self.pool.submit(_run_job, self.spark, self.tasks[job])


@dataclass(frozen=True)
class _JobRows:
    """One job's output rows, sorted by asset and part, with each asset's slice."""

    table: pa.Table
    bounds: dict[int, tuple[int, int]]

    def of(self, item: int) -> pa.Table:
        start, end = self.bounds.get(item, (0, 0))
        return self.table.slice(start, end - start)


def _run_job(spark: Any, task: ScanTask) -> _JobRows:
    count = len(task.assets)
    frame = spark.range(0, count, 1, numPartitions=count).mapInArrow(
        partial(scan_partition, task), OUTPUT_DDL
    )
    table = _collect(frame).sort_by([("item", "ascending"), ("part", "ascending")])
    items = table.column("item").to_pylist()
    bounds: dict[int, tuple[int, int]] = {}
    for position, item in enumerate(items):
        start, _ = bounds.get(item, (position, position))
        bounds[item] = (start, position + 1)
    return _JobRows(table, bounds)


def _collect(frame: Any) -> pa.Table:
    """The rows as one Arrow table: `toArrow` (Spark 4), else the Arrow collect `toPandas` uses (3.5)."""
    to_arrow = getattr(frame, "toArrow", None)
    if to_arrow is not None:
        return to_arrow()
    batches = frame._collect_as_arrow()
    return pa.Table.from_batches(batches) if batches else SCHEMA.empty_table()


def _parallelism(spark: Any) -> int:
    try:
        return max(1, int(spark.sparkContext.defaultParallelism))
    except Exception:  # Spark Connect sessions have no SparkContext
        return 2


def _job_error(exc: Exception) -> SparkJobError:
    """One line for a failed job: the last Python exception line of the worker's traceback if there is one
    (Spark wraps it in pages of JVM stack), with what to do when jejak is missing on the executors."""
    text = str(exc)
    lines = [match.group(0).strip() for match in map(_EXCEPTION_LINE.match, text.splitlines()) if match]
    reason = lines[-1] if lines else (text.strip().splitlines() or [exc.__class__.__name__])[0]
    hint = ""
    if "No module named 'jejak" in text:
        hint = "; install jejak on every executor (docs/spark.md)"
    return SparkJobError(f"the Spark scan failed: {reason}{hint}")
