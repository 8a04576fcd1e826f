"""Benchmark: ingest a 100,000-dataset lineage graph into a SQLite catalog, then time graph walks.

    .venv/bin/python bench/lineage_graph.py [--datasets 100000] [--catalog sqlite:///out/lineage-bench.db]

The graph is layered like a data platform: 10 layers of datasets (raw -> staged -> features -> ...); every
dataset past the first layer is written by its own job that reads 1-2 datasets of the layer before, which
makes ~150k edges. It is built through `LineageStore.ingest` in batches of 2,000 events (the same path as
`jejak lineage ingest`), so the numbers include ingest throughput. Walks are timed from a last-layer dataset
(upstream, whole graph and depth 3) and from a first-layer one (downstream), plus a hub read by many jobs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from jejak.hashing import HashKey
from jejak.lineage.events import Dataset, EventType, Job, RunEvent
from jejak.lineage.graph import LineageGraph
from jejak.lineage.names import DatasetId, JobId
from jejak.lineage.store import LineageStore

LAYERS = 10
BATCH = 2000
START = datetime(2026, 1, 1, tzinfo=UTC)


def dataset(layer: int, index: int) -> DatasetId:
    return DatasetId("s3://bench-lake", f"layer{layer}/part-{index:06d}.parquet")


def events(total: int, rng: random.Random) -> list[RunEvent]:
    per_layer = total // LAYERS
    made = []
    for layer in range(1, LAYERS):
        for index in range(per_layer):
            reads = rng.choice((1, 2, 2))
            inputs = {dataset(layer - 1, rng.randrange(per_layer)) for _ in range(reads)}
            if layer == 1:
                inputs = {dataset(0, index), *list(inputs)[1:]}  # every raw dataset is read by someone
            if index % 1000 == 0:
                inputs.add(dataset(0, 0))  # a hub: the first raw dataset feeds ~90 jobs across the layers
            made.append(
                RunEvent(
                    event_type=EventType.COMPLETE,
                    event_time=START + timedelta(seconds=len(made)),
                    producer="https://example.invalid/bench",
                    schema_url="https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                    run_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    run_facets={},
                    job=Job(JobId("bench", f"build.layer{layer}.{index}")),
                    inputs=tuple(Dataset(d) for d in sorted(inputs)),
                    outputs=(Dataset(dataset(layer, index)),),
                )
            )
    return made


def timed(label: str, action, repeat: int = 5) -> None:  # type: ignore[no-untyped-def]
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    assert result is not None
    print(
        f"{label:<44} median {statistics.median(times) * 1000:8.1f} ms  "
        f"({len(result.datasets):>6} datasets, {len(result.edges):>6} edges)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=100_000)
    parser.add_argument("--catalog", help="catalog URL (default: a fresh SQLite file in a temp dir)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="jejak-lineage-bench-"))
    url = args.catalog or f"sqlite:///{workdir / 'catalog.db'}"
    rng = random.Random(7)
    batch = events(args.datasets, rng)
    with LineageStore.open(url, HashKey.generate(key_file=workdir / "hash.key")) as store:
        started = time.perf_counter()
        for offset in range(0, len(batch), BATCH):
            store.ingest(batch[offset : offset + BATCH])
        elapsed = time.perf_counter() - started
        counts = store.counts()
        print(f"catalog {url}")
        print(
            f"ingest: {len(batch)} events in {elapsed:.1f} s ({len(batch) / elapsed:,.0f} events/s); "
            f"{counts['lineage_datasets']:,} datasets, {counts['lineage_edges']:,} edges"
        )
        graph = LineageGraph(store.engine)
        per_layer = args.datasets // LAYERS
        last = dataset(LAYERS - 1, per_layer // 2)
        timed("upstream, last layer, all depths", lambda: graph.upstream(last))
        timed("upstream, last layer, depth 3", lambda: graph.upstream(last, 3))
        timed("downstream, first layer, all depths", lambda: graph.downstream(dataset(0, 1)))
        timed("downstream, hub, all depths", lambda: graph.downstream(dataset(0, 0)), repeat=3)
        timed("downstream, hub, depth 2", lambda: graph.downstream(dataset(0, 0), 2))


if __name__ == "__main__":
    main()
