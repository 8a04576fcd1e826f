"""Where the subject's data went: every dataset downstream of the assets that hold them, through lineage.

A downstream dataset is:

- `contains` when a scan found the subject there too (it is a direct hit itself);
- `derived, may contain` when data flowed into it but no hash matched: it may hold the subject as a
  hashed ID, an embedding, an aggregate, or it was never scanned. Hash look-ups cannot prove absence;
- `not reached` when every path to it passes an edge whose column lineage says all columns taken from the
  input were masked (hashed, tokenised): the identifiers did not flow on, as in the residency report.

Model artifacts are recognised by name (`.pt`, `.safetensors`, `.onnx` ..., `model` in the file or object
name) or by the job that wrote them (train / fit / finetune) writing something that is not tabular data:
jejak cannot erase a person from weights, so the plan asks for retraining or unlearning instead.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

from jejak.lineage.errors import DatasetNameError, DatasetNotFoundError
from jejak.lineage.graph import Lineage, LineageGraph
from jejak.lineage.names import DatasetId, asset_uri_for, dataset_for_uri

MODEL_SUFFIXES = frozenset(
    {
        ".pt",
        ".pth",
        ".safetensors",
        ".onnx",
        ".ckpt",
        ".h5",
        ".keras",
        ".gguf",
        ".joblib",
        ".pkl",
        ".pickle",
        ".mlmodel",
        ".tflite",
        ".pb",
    }
)
TABULAR_SUFFIXES = frozenset(
    {".parquet", ".csv", ".tsv", ".jsonl", ".json", ".ndjson", ".arrow", ".feather", ".txt", ".log", ".gz"}
)
_MODEL_WORD = re.compile(r"(^|[^a-z])models?([^a-z]|$)")
_TRAINING_JOB = re.compile(r"(^|[^a-z])(train|training|fit|finetune|fine_tune|fine-tune)([^a-z]|$)")


class ReachStatus(StrEnum):
    CONTAINS = "contains"
    MAY_CONTAIN = "derived, may contain"
    NOT_REACHED = "not reached"


@dataclass(frozen=True)
class ReachedDataset:
    dataset: DatasetId
    asset_uri: str | None
    location: str | None
    depth: int  # fewest hops from a direct hit
    from_assets: tuple[str, ...]  # the direct-hit assets it descends from
    jobs: tuple[str, ...]  # jobs that wrote it on the way
    status: ReachStatus
    model_reason: str | None  # why it looks like a model artifact, None if it does not


def model_reason(dataset: DatasetId, writers: Iterable[str], has_schema: bool) -> str | None:
    """Why `dataset` looks like a model artifact, or None. `writers` are the names of jobs writing it."""
    name = dataset.name.lower()
    suffix = PurePosixPath(name).suffix
    if suffix in MODEL_SUFFIXES:
        return f"model file ({suffix})"
    if _MODEL_WORD.search(PurePosixPath(name).name):  # the last part only: a parent folder says little
        return "named as a model"
    training = sorted(job for job in writers if _TRAINING_JOB.search(job.lower()))
    if training and suffix not in TABULAR_SUFFIXES and not has_schema:
        return f"written by training job {training[0]} and not tabular data"
    return None


def lineage_reach(graph: LineageGraph, hit_uris: Iterable[str], cwd: Path) -> list[ReachedDataset]:
    """Every dataset downstream of the direct-hit assets `hit_uris`, classified (see the module docstring).
    `location` is the one lineage knows; the planner fills in a scanned asset's country where it is None."""
    roots: dict[DatasetId, str] = {}
    for uri in hit_uris:
        try:
            roots[dataset_for_uri(uri, cwd)] = uri
        except DatasetNameError:
            continue
    walks: list[tuple[str, Lineage]] = []
    for dataset, uri in sorted(roots.items()):
        try:
            walks.append((uri, graph.downstream(dataset)))
        except DatasetNotFoundError:
            continue  # no lineage recorded for this asset
    depth: dict[DatasetId, int] = {}
    location: dict[DatasetId, str | None] = {}
    origins: dict[DatasetId, set[str]] = defaultdict(set)
    writers: dict[DatasetId, set[str]] = defaultdict(set)
    edges: set[tuple[DatasetId, DatasetId]] = set()
    column_masks: dict[tuple[DatasetId, DatasetId], list[bool]] = defaultdict(list)
    for uri, walk in walks:
        for node in walk.datasets:
            if node.depth == 0:
                continue
            depth[node.id] = min(depth.get(node.id, node.depth), node.depth)
            location[node.id] = location.get(node.id) or node.location
            origins[node.id].add(uri)
        for edge in walk.edges:
            edges.add((edge.input, edge.output))
            writers[edge.output].add(str(edge.job))
        for column in walk.column_edges:
            column_masks[(column.input, column.output)].append(column.masked)
    carried = _carried(set(roots), edges, column_masks)
    reached = []
    for dataset in sorted(depth, key=lambda d: (depth[d], d)):
        asset_uri = roots.get(dataset) or asset_uri_for(dataset)
        if dataset in roots:
            status = ReachStatus.CONTAINS
        elif dataset in carried:
            status = ReachStatus.MAY_CONTAIN
        else:
            status = ReachStatus.NOT_REACHED
        has_schema = "schema" in graph.facets(dataset)
        reached.append(
            ReachedDataset(
                dataset=dataset,
                asset_uri=asset_uri,
                location=location.get(dataset),
                depth=depth[dataset],
                from_assets=tuple(sorted(origins[dataset])),
                jobs=tuple(sorted(writers[dataset])),
                status=status,
                model_reason=model_reason(dataset, writers[dataset], has_schema),
            )
        )
    return reached


def _carried(
    roots: set[DatasetId],
    edges: set[tuple[DatasetId, DatasetId]],
    column_masks: Mapping[tuple[DatasetId, DatasetId], list[bool]],
) -> set[DatasetId]:
    """Datasets personal data can reach from `roots`: an edge carries it unless its column lineage exists
    and every column edge on it is masked (lineage that does not say a column was dropped does not prove
    it was)."""
    outgoing: dict[DatasetId, list[DatasetId]] = defaultdict(list)
    for source, target in edges:
        masks = column_masks.get((source, target))
        if not masks or not all(masks):
            outgoing[source].append(target)
    seen = set(roots)
    frontier = list(roots)
    while frontier:
        nxt = []
        for source in frontier:
            for target in outgoing[source]:
                if target not in seen:
                    seen.add(target)
                    nxt.append(target)
        frontier = nxt
    return seen
