"""`jejak scan --workers N` (`scan.workers`): the local engine on every core of this machine.

Detection is Python, so one process uses one core. With workers, the assets left to read after listing and
skipping are read by a pool of processes, each running the same `AssetScanner` through the Spark engine's
worker code (`jejak.scan.spark_worker`: detector built once per process, results as `result_codec` rows);
a large local Parquet, JSON Lines or text file is read in parts (`jejak.scan.parts`) so that one file keeps
every worker busy.
This process replays each asset's findings into the catalog in listing order and merges the parts'
counts, so the catalog receives what a scan with one process writes.

Memory stays bounded: at most two units of work per worker are in flight or held here (more only while
they hold under 64 MiB together), and a unit's findings travel back as one Arrow table (a part holds
`scan.part_rows` rows). SQL tables are read here, where the connection's password already is. A worker
that dies (killed for memory, say) fails the asset it was reading, with what to do; the pool is started
again for the rest.

Workers start with the `spawn` method: no copy of this process's threads, locks or catalog connection.
Each builds its detector (seconds), which is why `workers: 1` (the default) reads in this process. With N
workers this process is one of them and N - 1 are spawned. `start()` spawns them and has each build its
detector at once; `jejak scan` calls it before this process builds its own, so the two start-ups overlap
instead of following each other. This process reads the first unit while the others finish starting, any
unit it needs next that no worker has started, and the next units in line while it waits for a worker's.
Units are handed to the workers at once, not when they have started: a worker then begins its first unit
the moment it is ready (waiting until this process had finished a unit to hand them over made a sparse
table of 1M rows slower, 11.8 s against 11.0 s). On small inputs workers do not pay: on 200k sparse rows,
one process took 5.7 s and two 6.6 s (8.2 s when the worker only started on its first unit).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

import pyarrow as pa

from jejak.asset import Asset
from jejak.config import JejakConfig
from jejak.connectors.base import Connector
from jejak.hashing import HashKey
from jejak.scan.asset_scanner import AssetScanner
from jejak.scan.engine import reads_remotely, replay
from jejak.scan.parts import AssetPart, merge_results, plan_parts
from jejak.scan.result import AssetResult
from jejak.scan.result_codec import asset_to_json, decode_item
from jejak.scan.spark_engine import executor_config
from jejak.scan.spark_worker import ScanTask, TaskWorker, scan_task, start_worker, worker_beside

IN_FLIGHT_PER_WORKER = 2
#: results read here ahead of their turn may exceed two per worker while they hold less than this together
HELD_BYTES = 64 * 1024 * 1024


def worker_count(config: JejakConfig) -> int:
    """`scan.workers`, with 0 meaning one per core this process may run on."""
    if config.scan.workers:
        return config.scan.workers
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class _Unit:
    """One task for the pool: an asset, or one part of it."""

    index: int  # position in the scan's work list
    task: ScanTask


@dataclass
class ProcessEngine:
    """An `AssetEngine` over local processes. `close()` stops them."""

    config: JejakConfig
    hash_key: HashKey = field(repr=False)
    workers: int
    _pool: ProcessPoolExecutor | None = field(default=None, repr=False)
    #: the workers' start-up tasks (`start`)
    _starting: list[Future[None]] = field(default_factory=list, repr=False)
    #: this process's own worker, around the scan's detector (built on first use)
    _here: TaskWorker | None = field(default=None, repr=False)

    @classmethod
    def create(cls, config: JejakConfig, hash_key: HashKey) -> ProcessEngine | None:
        """The engine for `scan.workers`, or None when one process reads everything. Its workers start on
        the first unit submitted, or at `start()`."""
        workers = worker_count(config)
        return cls(config, hash_key, workers) if workers > 1 else None

    def start(self) -> None:
        """Spawn the workers now and have each build its detector, while this process goes on (building
        its own, in `jejak scan`). A start-up that fails, fails again on the worker's first unit, which
        reports it there."""
        task = ScanTask(config_json=self._config_json(), hash_key=self.hash_key.secret, assets=())
        pool = self.pool()
        self._starting = [pool.submit(start_worker, task) for _ in range(self.spawned)]

    def _config_json(self) -> str:
        """The config a worker builds from (its detector is kept per config and key: `spark_worker`)."""
        return executor_config(self.config).model_dump_json()

    def __enter__(self) -> ProcessEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def scan(
        self, work: Sequence[tuple[Connector, Asset]], asset_scanner: AssetScanner
    ) -> Iterator[AssetResult]:
        units = self._units(work, asset_scanner)
        by_asset: dict[int, list[_Unit]] = {}
        for unit in units:
            by_asset.setdefault(unit.index, []).append(unit)
        queue = _Queue(
            self,
            deque(units),
            window=self.spawned * IN_FLIGHT_PER_WORKER,
            hold=self.workers * IN_FLIGHT_PER_WORKER,
            here=lambda unit: self._read_here(unit, asset_scanner),
        )
        for index, (connector, asset) in enumerate(work):
            mine = by_asset.get(index)
            if mine is None:
                yield asset_scanner.scan(connector, asset)  # the pool keeps working meanwhile
                continue
            results = [self._outcome(queue, unit, asset, asset_scanner) for unit in mine]
            if len(results) == 1 and mine[0].task.part is None:
                yield results[0]
                continue
            merged = merge_results(asset, results)
            # the parts ran side by side: the asset took the time from its first part's start to now
            merged.duration_s = round(time.perf_counter() - min(queue.submitted_at[id(u)] for u in mine), 3)
            yield merged

    def _units(self, work: Sequence[tuple[Connector, Asset]], asset_scanner: AssetScanner) -> list[_Unit]:
        config_json = self._config_json()
        keys = asset_scanner.on_subject_keys is not None and asset_scanner.key_columns is not None
        split = self.config.scan.sample_rows is None  # a sample is drawn over the whole file
        units = []
        for index, (_, asset) in enumerate(work):
            if not reads_remotely(asset):
                continue
            scan = self.config.scan
            planned = plan_parts(asset, scan.part_rows, self.workers, scan.max_line_bytes) if split else []
            parts: list[AssetPart | None] = list(planned)
            for part in parts or [None]:
                task = ScanTask(
                    config_json=config_json,
                    hash_key=self.hash_key.secret,
                    assets=(asset_to_json(asset),),
                    findings=asset_scanner.on_findings is not None,
                    subject_keys=keys,
                    part=part,
                )
                units.append(_Unit(index, task))
        return units

    @property
    def spawned(self) -> int:
        """Worker processes started beside this one, which is a worker too."""
        return self.workers - 1

    def _read_here(self, unit: _Unit, asset_scanner: AssetScanner) -> pa.Table:
        """A unit read in this process, giving what a spawned worker gives."""
        if self._here is None:
            self._here = worker_beside(unit.task, asset_scanner.detector)
        return self._here.scan_table(unit.task)

    def _outcome(self, queue: _Queue, unit: _Unit, asset: Asset, asset_scanner: AssetScanner) -> AssetResult:
        try:
            table = queue.result(unit)
        except BrokenProcessPool:
            queue.restart()
            return AssetResult(
                asset=asset,
                error=f"{asset.uri}: the worker process reading it died (out of memory?); scan it with "
                "fewer --workers or a smaller scan.part_rows",
            )
        return replay(decode_item(table, asset), asset_scanner, asset_scanner.detector.fingerprint)

    def pool(self) -> ProcessPoolExecutor:
        if any(_broke(future) for future in self._starting):  # a worker died starting: start afresh
            self.drop_pool()
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.spawned, mp_context=context)
        return self._pool

    def drop_pool(self) -> None:
        self._starting = []
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _broke(future: Future[None]) -> bool:
    return future.done() and not future.cancelled() and isinstance(future.exception(), BrokenProcessPool)


@dataclass
class _Queue:
    """Units submitted in order, at most `window` ahead of the one being waited for; units nobody has started
    are read in this process (`here`) when needed, or next in line while a worker's result is awaited."""

    engine: ProcessEngine
    pending: deque[_Unit]
    window: int
    #: at most this many results read here ahead of their turn (more while small: `HELD_BYTES`)
    hold: int
    here: Callable[[_Unit], pa.Table]
    running: dict[int, tuple[_Unit, Future[pa.Table]]] = field(default_factory=dict)
    #: results of units read here ahead of their turn, by id(unit)
    held: dict[int, pa.Table] = field(default_factory=dict)
    held_bytes: int = 0
    submitted_at: dict[int, float] = field(default_factory=dict)  # id(unit) -> perf_counter at submission

    def __post_init__(self) -> None:
        # the first unit is left to this process, whose detector is ready while the workers start
        first = self.pending.popleft() if self.pending else None
        self._fill()
        if first is not None:
            self.pending.appendleft(first)

    def result(self, unit: _Unit) -> pa.Table:
        if id(unit) in self.held:
            table = self.held.pop(id(unit))
            self.held_bytes -= table.nbytes
            return table
        if id(unit) not in self.running:  # no worker has started it
            del self.pending[next(k for k, pending in enumerate(self.pending) if pending is unit)]
            self._fill()
            return self._read_here(unit)
        _, future = self.running[id(unit)]
        while not future.done() and self.pending and self._may_hold():
            ahead = self.pending.popleft()  # needed soonest of those left, so held the shortest
            table = self.held[id(ahead)] = self._read_here(ahead)
            self.held_bytes += table.nbytes
        self.running.pop(id(unit))
        self._fill()
        table = future.result()
        self._fill()
        return table

    def _may_hold(self) -> bool:
        """Whether another result may be read ahead: up to `hold` of them, or more while they are small
        (a scan recording no findings sends back a few rows per unit)."""
        return len(self.held) < self.hold or self.held_bytes < HELD_BYTES

    def _read_here(self, unit: _Unit) -> pa.Table:
        self.submitted_at[id(unit)] = time.perf_counter()
        return self.here(unit)

    def restart(self) -> None:
        """A dead worker breaks the whole pool: start another and submit what was in flight again (the
        unit being waited for has been removed and is reported failed)."""
        again = [unit for unit, _ in self.running.values()]
        self.running.clear()
        self.engine.drop_pool()
        self.pending.extendleft(reversed(again))
        self._fill()

    def _fill(self) -> None:
        while self.pending and len(self.running) < self.window:
            unit = self.pending.popleft()
            self.submitted_at[id(unit)] = time.perf_counter()
            self.running[id(unit)] = (unit, self.engine.pool().submit(scan_task, unit.task))
