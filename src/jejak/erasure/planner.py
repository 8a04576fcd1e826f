"""Build an erasure plan from the catalog: direct hits by keyed hash, reach through lineage, manual items.

Planning only reads: the subject index, the lineage graph and the jurisdiction rules. It never touches an
asset; `execute` (a later step) will, and only with the plan and an explicit approval.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from jejak import __version__
from jejak.catalog.subject_index import AssetState, IndexHit, SubjectIndex
from jejak.erasure.actions import PlannedAction, actions_for
from jejak.erasure.config import ErasureConfig
from jejak.erasure.identifiers import SubjectIds
from jejak.erasure.plan import DirectHit, ErasurePlan, HitLocation, ManualItem
from jejak.erasure.reach import ReachedDataset, ReachStatus, lineage_reach
from jejak.erasure.request import Deadline, ErasureRequest, deadline_for
from jejak.errors import UsageError
from jejak.lineage.errors import DatasetNameError
from jejak.lineage.graph import LineageGraph
from jejak.lineage.names import dataset_for_uri
from jejak.residency.jurisdictions import Jurisdictions

RETRAIN = "retrain or unlearn: the model was trained on data holding the subject"
NOT_SCANNED = "not scanned by jejak: scan it and plan again, or check and erase it by hand"
UNREADABLE = (
    "jejak could not read it (corrupt, truncated or denied): check it by hand; backups keep old copies"
)


@dataclass(frozen=True)
class PlanContext:
    """Everything a plan is built from, gathered at the CLI edge."""

    index: SubjectIndex
    graph: LineageGraph
    jurisdictions: Jurisdictions
    config: ErasureConfig
    hash_key_fingerprint: str
    cwd: Path
    now: datetime


def build_plan(context: PlanContext, subject: SubjectIds, request: ErasureRequest) -> ErasurePlan:
    if request.legal_basis and subject.quoted_in(request.legal_basis):
        raise UsageError("the request's legal_basis quotes one of the subject's identifiers; remove it")
    if request.reference and subject.quoted_in(request.reference):
        raise UsageError("the request's reference quotes one of the subject's identifiers; use a case number")
    received = request.received or context.now.date()
    deadline = deadline_for(request, received, context.jurisdictions)
    by_asset: dict[str, list[IndexHit]] = defaultdict(list)
    for hit in context.index.find(subject.hashes):
        by_asset[hit.asset_uri].append(hit)
    states = context.index.assets(by_asset)
    direct: list[DirectHit] = []
    actions: list[PlannedAction] = []
    for uri in sorted(by_asset):
        hits, state = by_asset[uri], states[uri]
        shared = context.index.rows_with_other_data(uri, {hit.row for hit in hits}, subject.hashes)
        direct.append(_direct_hit(state, hits, len(shared), context.cwd))
        actions += actions_for(state, hits, shared, context.config)
    reach = _with_locations(lineage_reach(context.graph, by_asset, context.cwd), context.index)
    scanned = set(context.index.assets(r.asset_uri for r in reach if r.asset_uri))
    manual = _manual(direct, reach, scanned, context.index.unreadable_assets(), request, deadline)
    notes = [] if request.received else ["no received date in the request: the deadline counts from today"]
    return ErasurePlan(
        plan_id=str(uuid.uuid4()),
        created_at=context.now.isoformat(timespec="seconds"),
        jejak_version=__version__,
        hash_key_fingerprint=context.hash_key_fingerprint,
        request=request,
        received=received.isoformat(),
        deadline=deadline,
        identifiers=subject.identifiers,
        direct_hits=tuple(direct),
        reach=tuple(reach),
        manual=tuple(manual),
        actions=tuple(actions),
        notes=tuple(notes),
    )


def _direct_hit(state: AssetState, hits: list[IndexHit], shared_rows: int, cwd: Path) -> DirectHit:
    try:
        dataset: str | None = str(dataset_for_uri(state.uri, cwd))
    except DatasetNameError:
        dataset = None
    return DirectHit(
        asset_uri=state.uri,
        dataset=dataset,
        connector=state.connector,
        format=state.format,
        location=state.location,
        fingerprint=state.fingerprint,
        findings_run=state.findings_run,
        size=state.size,
        etag=state.etag,
        rows=len({hit.row for hit in hits}),
        shared_rows=shared_rows,
        locations=tuple(HitLocation(h.column, h.row, h.label, h.start, h.end, h.via) for h in hits),
    )


def _with_locations(reach: list[ReachedDataset], index: SubjectIndex) -> list[ReachedDataset]:
    """Lineage's country where it has one, else the scanned asset's."""
    states = index.assets(r.asset_uri for r in reach if r.asset_uri and r.location is None)
    return [replace(r, location=states[r.asset_uri].location) if r.asset_uri in states else r for r in reach]


def _manual(
    direct: list[DirectHit],
    reach: list[ReachedDataset],
    scanned: set[str],
    unreadable: list[AssetState],
    request: ErasureRequest,
    deadline: Deadline,
) -> list[ManualItem]:
    due = deadline.due.isoformat() if deadline.due else None
    items: dict[str, tuple[str | None, str | None, list[tuple[str, str]]]] = {}

    def add(key: str, uri: str | None, location: str | None, kind: str, what: str) -> None:
        entry = items.setdefault(key, (uri, location, []))
        if all(existing != kind for existing, _ in entry[2]):
            entry[2].append((kind, what))

    home = request.country
    for hit in direct:
        if home and hit.location and hit.location != home:
            add(
                hit.dataset or hit.asset_uri,
                hit.asset_uri,
                hit.location,
                "other_jurisdiction",
                _abroad(hit.location, home),
            )
    for item in reach:
        if item.status is ReachStatus.NOT_REACHED:
            continue
        key = str(item.dataset)
        if item.model_reason:
            add(key, item.asset_uri, item.location, "model_artifact", f"{RETRAIN} ({item.model_reason})")
        elif item.asset_uri not in scanned:
            add(key, item.asset_uri, item.location, "not_scanned", NOT_SCANNED)
        if home and item.location and item.location != home:
            add(key, item.asset_uri, item.location, "other_jurisdiction", _abroad(item.location, home))
    for state in unreadable:
        add(state.uri, state.uri, state.location, "unreadable", UNREADABLE)
    return [
        ManualItem(key, uri, location, tuple(k for k, _ in todo), tuple(w for _, w in todo), due)
        for key, (uri, location, todo) in sorted(items.items())
    ]


def _abroad(where: str, home: str) -> str:
    return (
        f"held in {where}, outside the request's jurisdiction ({home}): erase it there, or have the "
        "processor abroad erase it and confirm in writing"
    )
