"""Where personal data flows: what each dataset holds (found, or inherited from upstream) and the hops.

A dataset holds the entity types its own scan found, plus every type an upstream dataset holds, carried
along each lineage edge *unless* that edge's column lineage says every column it takes from that input is
masked (a hashed or tokenised export carries no personal data on). An edge without column lineage carries
everything: lineage that does not say what was dropped proves nothing was. Inheritance runs to a fixpoint,
so cycles terminate and a dataset reached by several paths holds the union.

Every edge that carries personal data between two placed nodes is a `Hop` (the job's own country included,
so `judge_path` splits a hop through a job in a third country); so is a job that reads personal data and
writes nothing jejak can see (an LLM API call), and each declared remote access.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from jejak.residency.hops import Hop, remote_access_hops
from jejak.residency.placement import Placement
from jejak.residency.snapshot import LineageSnapshot
from jejak.residency.transfers import RemoteAccess


@dataclass
class Flows:
    #: Display name per dataset id (`Placement.display_name`), as hops and reports show it.
    names: dict[int, str] = field(default_factory=dict)
    #: Entity types per dataset id: found by a scan or inherited.
    holds: dict[int, frozenset[str]] = field(default_factory=dict)
    #: How personal data reached a dataset: display names from an origin to it (origins: empty).
    paths: dict[int, tuple[str, ...]] = field(default_factory=dict)
    hops: list[Hop] = field(default_factory=list)
    #: Edges carrying personal data that could not be judged: (from, to, which end is unplaced).
    unplaced: list[tuple[str, str, str]] = field(default_factory=list)


def trace(snapshot: LineageSnapshot, placement: Placement, remote: Sequence[RemoteAccess]) -> Flows:
    names = {dataset_id: placement.display_name(name) for dataset_id, name in snapshot.datasets.items()}
    flows = Flows(names=names)
    for dataset_id, name in snapshot.datasets.items():
        scanned = snapshot.scanned.get(name)
        if scanned is not None and scanned.entity_types:
            flows.holds[dataset_id] = scanned.entity_types
            flows.paths[dataset_id] = ()
    carrying = [edge for edge in snapshot.edges if not _masked(snapshot, edge.input, edge.output, edge.job)]
    downstream: dict[int, list[int]] = {}
    for edge in carrying:
        downstream.setdefault(edge.input, []).append(edge.output)
    queue = deque(sorted(flows.holds))
    while queue:
        current = queue.popleft()
        for target in downstream.get(current, ()):
            before = flows.holds.get(target, frozenset())
            after = before | flows.holds[current]
            if after != before:
                flows.holds[target] = after
                flows.paths.setdefault(target, (*flows.paths.get(current, ()), names[current]))
                queue.append(target)
    for edge in sorted(carrying, key=lambda e: (e.input, e.output, e.job)):
        types = flows.holds.get(edge.input)
        if types:
            _add_hop(flows, placement, names, edge.input, edge.output, edge.job, types)
    for job_id, inputs in sorted(snapshot.job_inputs.items()):
        if snapshot.job_outputs.get(job_id):
            continue  # its outputs are datasets: the edges above cover it
        for dataset_id in sorted(inputs):
            types = flows.holds.get(dataset_id)
            if types:
                _add_hop(flows, placement, names, dataset_id, None, job_id, types)
    for dataset_id, types in sorted(flows.holds.items()):
        country = placement.dataset_country(dataset_id)
        if country is not None:
            path = (*flows.paths.get(dataset_id, ()), names[dataset_id])
            flows.hops.extend(remote_access_hops(names[dataset_id], country, types, remote, path))
    return flows


def _masked(snapshot: LineageSnapshot, source: int, target: int, job: int) -> bool:
    return snapshot.masked.get((source, target, job), False)


def _add_hop(
    flows: Flows,
    placement: Placement,
    names: dict[int, str],
    source: int,
    target: int | None,
    job_id: int,
    types: frozenset[str],
) -> None:
    job = str(placement.snapshot.jobs[job_id])
    job_country = placement.job_country(job_id)
    source_country = placement.dataset_country(source)
    # A job that writes nothing visible: the data ends where the job runs.
    target_country = placement.dataset_country(target) if target is not None else job_country
    target_name = names[target] if target is not None else job
    if source_country is None or target_country is None:
        missing = "source" if source_country is None else "destination"
        flows.unplaced.append((names[source], target_name, missing))
        return
    flows.hops.append(
        Hop(
            source_country=source_country,
            target_country=target_country,
            source_dataset=names[source],
            target_dataset=target_name,
            entity_types=types,
            job=job,
            job_country=job_country,
            path=(*flows.paths.get(source, ()), names[source]),
            has_local_copy=True,  # a copy leaves; the source stays where it is
        )
    )
