"""The process pool's bookkeeping: a worker that dies fails the asset it was reading, the rest is read."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from jejak.asset import Asset, AssetFormat
from jejak.config import load_config
from jejak.connectors.base import ReadOptions
from jejak.detection.detector import Detector
from jejak.hashing import HashKey, KeyedHasher
from jejak.scan.asset_scanner import AssetScanner
from jejak.scan.process_engine import ProcessEngine, worker_count

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


def test_a_dead_worker_fails_its_asset_and_the_scan_goes_on(
    detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(overrides={"scan": {"workers": 2}})
    engine = ProcessEngine.create(config, HashKey(b"k" * 32), detector.fingerprint)
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
    work = [
        (None, Asset(str(LAKE / "exports" / "contacts.csv"), "file", AssetFormat.CSV)),
        (None, Asset(str(LAKE / "raw" / "support_chat.jsonl"), "file", AssetFormat.JSONL)),
    ]
    first, second = list(engine.scan(work, scanner))  # type: ignore[arg-type]
    assert first.error is not None and "worker process reading it died" in first.error
    assert "fewer --workers" in first.error
    assert second.error is None and second.rows > 0 and second.entities
    assert deaths == [1] and len(pools) == 2  # the pool was started again for the second asset


def test_worker_count() -> None:
    assert worker_count(load_config(overrides={"scan": {"workers": 3}})) == 3
    assert worker_count(load_config(overrides={"scan": {"workers": 0}})) >= 1
    assert ProcessEngine.create(load_config(), HashKey(b"k" * 32), "fp") is None  # one process: no pool


def test_a_worker_imports_neither_the_catalog_nor_sqlalchemy() -> None:
    """Workers start with `spawn`, so each pays for every module its task imports; the catalog (with
    SQLAlchemy, ~0.4 s) is the main process's business."""
    code = (
        "import sys, jejak.scan.spark_worker; "
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'jejak.catalog'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
