"""The process pool's bookkeeping: a worker that dies fails the asset it was reading, the rest is read."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from jejak.asset import Asset, AssetFormat
from jejak.config import load_config
from jejak.connectors.base import ReadOptions
from jejak.connectors.registry import ConnectorRegistry
from jejak.detection.detector import Detector
from jejak.hashing import HashKey, KeyedHasher
from jejak.scan import process_engine
from jejak.scan.asset_scanner import AssetScanner
from jejak.scan.process_engine import ProcessEngine, worker_count
from jejak.scan.spark_worker import ScanTask

LAKE = Path(__file__).resolve().parents[2] / "fixtures" / "lake"


class DyingPool:
    """Runs tasks inline; the worker of the first task ever submitted "dies", which breaks the pool: every
    other task it holds fails too, as in a real pool."""

    def __init__(self, deaths: list[int]) -> None:
        self.deaths = deaths
        self.broken = False

    def submit(self, fn: Any, task: Any) -> Future[Any]:
        future: Future[Any] = Future()
        if not self.deaths:
            self.deaths.append(1)
            self.broken = True
        if self.broken:
            future.set_exception(BrokenProcessPool("A process in the process pool was terminated abruptly"))
        else:
            future.set_result(fn(task))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def _lake_work() -> list[tuple[None, Asset]]:
    return [
        (None, Asset(str(LAKE / "exports" / "contacts.csv"), "file", AssetFormat.CSV)),
        (None, Asset(str(LAKE / "raw" / "support_chat.jsonl"), "file", AssetFormat.JSONL)),
        (None, Asset(str(LAKE / "eval" / "eval_prompts.jsonl"), "file", AssetFormat.JSONL)),
        (None, Asset(str(LAKE / "raw" / "users.parquet"), "file", AssetFormat.PARQUET)),
        (
            None,
            Asset(
                str(LAKE / "eval" / "hf_eval_set" / "data-00000-of-00002.arrow"), "file", AssetFormat.ARROW
            ),
        ),
        (None, Asset(str(LAKE / "training" / "train.parquet"), "file", AssetFormat.PARQUET)),
    ]


def test_a_dead_worker_fails_its_asset_and_the_scan_goes_on(
    detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(overrides={"scan": {"workers": 2}})
    engine = ProcessEngine.create(config, HashKey(b"k" * 32))
    assert engine is not None
    deaths: list[int] = []
    pools: list[DyingPool] = []

    def pool(self: ProcessEngine) -> DyingPool:
        if self._pool is None:
            pools.append(DyingPool(deaths))
            self._pool = pools[-1]  # type: ignore[assignment]
        return self._pool  # type: ignore[return-value]

    monkeypatch.setattr(ProcessEngine, "pool", pool)
    scanner = AssetScanner(detector, KeyedHasher(HashKey(b"k" * 32)), ReadOptions())
    first, second, *rest = list(engine.scan(_lake_work(), scanner))  # type: ignore[arg-type]
    # the first asset is read in this process; the worker reading the second dies
    assert first.error is None and first.entities
    assert second.error is not None and "worker process reading it died" in second.error
    assert "fewer --workers" in second.error
    for result in rest:
        assert result.error is None and result.rows > 0 and result.entities
    assert deaths == [1] and len(pools) == 2  # the pool was started again for the rest


class SlowPool:
    """Runs a task only when its result is asked for: a worker still starting, as this process sees it."""

    def __init__(self) -> None:
        self.submitted: list[str] = []

    def submit(self, fn: Any, task: Any) -> Future[Any]:
        self.submitted.append(json.loads(task.assets[0])["uri"])
        return _LazyFuture(fn, task)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


class _LazyFuture(Future[Any]):
    def __init__(self, fn: Any, task: Any) -> None:
        super().__init__()
        self.fn, self.task = fn, task

    def result(self, timeout: float | None = None) -> Any:
        if not self.done():
            self.set_result(self.fn(self.task))
        return super().result(timeout)


@pytest.mark.parametrize(("held_bytes", "expected"), [(10**9, [0, 2, 3, 4, 5]), (0, [0, 2, 3, 5])])
def test_this_process_reads_the_first_unit_and_others_while_it_waits(
    detector: Detector, monkeypatch: pytest.MonkeyPatch, held_bytes: int, expected: list[int]
) -> None:
    """Two workers: one spawned, and this process, whose detector is ready from the start. While small,
    results are read ahead without limit; else up to one per worker (here, with one unit in flight each)."""
    monkeypatch.setattr(process_engine, "IN_FLIGHT_PER_WORKER", 1)
    monkeypatch.setattr(process_engine, "HELD_BYTES", held_bytes)
    config = load_config(overrides={"scan": {"workers": 2}})
    engine = ProcessEngine.create(config, HashKey(b"k" * 32))
    assert engine is not None and engine.spawned == 1
    slow = SlowPool()
    monkeypatch.setattr(ProcessEngine, "pool", lambda self: slow)
    read_here: list[str] = []
    original = ProcessEngine._read_here

    def recorded(self: ProcessEngine, unit: Any, asset_scanner: AssetScanner) -> Any:
        read_here.append(json.loads(unit.task.assets[0])["uri"])
        return original(self, unit, asset_scanner)

    monkeypatch.setattr(ProcessEngine, "_read_here", recorded)
    scanner = AssetScanner(detector, KeyedHasher(HashKey(b"k" * 32)), ReadOptions())
    work = _lake_work()
    results = list(engine.scan(work, scanner))  # type: ignore[arg-type]
    uris = [asset.uri for _, asset in work]
    # the first unit here, the second to the worker; while it is awaited, the next in line are read here
    assert read_here == [uris[k] for k in expected]
    assert slow.submitted == [uri for uri in uris if uri not in read_here]
    # in the listing's order, as one process reads them
    files = ConnectorRegistry.from_entry_points({}).classes["file"](None)
    alone = [scanner.scan(files, asset) for _, asset in work]
    assert [r.asset.uri for r in results] == uris
    assert [(r.rows, r.entities, r.error) for r in results] == [(r.rows, r.entities, r.error) for r in alone]


def test_worker_count() -> None:
    assert worker_count(load_config(overrides={"scan": {"workers": 3}})) == 3
    assert worker_count(load_config(overrides={"scan": {"workers": 0}})) >= 1
    assert ProcessEngine.create(load_config(), HashKey(b"k" * 32)) is None  # one process: no pool


def test_a_worker_imports_neither_the_catalog_nor_sqlalchemy() -> None:
    """Workers start with `spawn`, so each pays for every module its task imports; the catalog (with
    SQLAlchemy, ~0.4 s) is the main process's business."""
    code = (
        "import sys, jejak.scan.spark_worker; "
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'jejak.catalog'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_start_has_each_worker_build_its_detector_before_any_unit() -> None:
    """`jejak scan` starts the workers before building its own detector: each worker's start-up task
    builds the worker a unit of this scan would use (kept per config and key), so the first unit finds it."""
    config = load_config(overrides={"scan": {"workers": 2}})
    engine = ProcessEngine.create(config, HashKey(b"k" * 32))
    assert engine is not None
    with engine:
        engine.start()
        assert len(engine._starting) == engine.spawned == 1
        for future in engine._starting:
            future.result(timeout=120)
        # what the (only) worker process holds, asked in that process
        asked = "__import__('jejak.scan.spark_worker').scan.spark_worker._WORKER[0]"
        held = engine.pool().submit(eval, asked)
        unit = ScanTask(config_json=engine._config_json(), hash_key=b"k" * 32, assets=())
        assert held.result(timeout=60) == unit.cache_key


def test_a_worker_dying_while_it_starts_gives_a_fresh_pool() -> None:
    config = load_config(overrides={"scan": {"workers": 2}})
    engine = ProcessEngine.create(config, HashKey(b"k" * 32))
    assert engine is not None
    dead = DyingPool([1])
    engine._pool = dead  # type: ignore[assignment]
    died: Future[None] = Future()
    died.set_exception(BrokenProcessPool("A process in the process pool was terminated abruptly"))
    engine._starting = [died]
    fresh = engine.pool()
    assert fresh is not dead and isinstance(fresh, ProcessPoolExecutor) and engine._starting == []
    engine.close()
