"""Provenance no producer reported: assets that share many people's identifiers were probably derived from
one another.

Findings store a keyed hash (HMAC) of each normalised value, so the same e-mail, phone or national ID in two
assets has the same `value_hash` without the value ever being stored. When two assets share many of them,
and those shared hashes are a large part of the smaller asset, one was most likely made from the other: a
training set cut from a user table, an export of a CRM table. `candidate_pairs` finds such pairs with one
SQL statement over each asset's current findings (a self-join on `value_hash`, grouped by asset pair),
so the work stays in the database however many assets there are; Python only sees the pairs that pass.

    shared   distinct hashes both assets hold
    overlap  shared / distinct hashes of the smaller asset (1.0: every identifier in it is also in the other)

Which way the data flowed is a guess from order: the asset jejak saw first (an earlier scan run), else the
one modified earlier, else the one holding more identifiers (a derived set is usually a subset), else by
name. Each proposal carries the reason, and stored edges are marked `inferred` so no one mistakes them for
reported lineage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Float, case, func, literal, select
from sqlalchemy.engine import Engine

from jejak.catalog.schema import assets, findings
from jejak.lineage.errors import DatasetNameError
from jejak.lineage.graph import LineageGraph
from jejak.lineage.names import DatasetId, dataset_for_uri

DEFAULT_MIN_SHARED = 20
DEFAULT_MIN_OVERLAP = 0.5
#: Modification times closer than this say nothing about order (a checkout or a copy writes files together;
#: some file systems keep 2-second times).
MTIME_TOLERANCE_S = 2.0


@dataclass(frozen=True)
class AssetSide:
    """One end of a candidate pair, with what the direction is decided on."""

    id: int
    uri: str
    first_seen_run: int | None
    modified: float | None
    identifiers: int  # distinct hashes in its current findings (of the entity types considered)


@dataclass(frozen=True)
class Candidate:
    """Two assets sharing identifiers, oriented upstream -> downstream, with the reason for that order."""

    upstream: AssetSide
    downstream: AssetSide
    shared: int
    overlap: float
    entity_types: dict[str, int]  # shared hashes per type (a hash found as two types: the first by name)
    reason: str


@dataclass(frozen=True)
class Proposal:
    """A candidate named as lineage datasets; `existing` when an inferred edge already links them."""

    candidate: Candidate
    upstream: DatasetId
    downstream: DatasetId
    existing: bool


def candidate_pairs(
    engine: Engine,
    *,
    min_shared: int = DEFAULT_MIN_SHARED,
    min_overlap: float = DEFAULT_MIN_OVERLAP,
    entity_types: Sequence[str] = (),
) -> list[Candidate]:
    """Asset pairs whose current findings share at least `min_shared` distinct hashes, at least
    `min_overlap` of the smaller asset's; only hashes of `entity_types` when given. Most shared first."""
    with engine.connect() as conn:
        types = list(entity_types) or _entity_types(conn)
        if not types:
            return []
        rows = conn.execute(_pairs_query(min_shared, min_overlap, types, bool(entity_types))).all()
    found = [_candidate(row, types) for row in rows]
    return sorted(found, key=lambda c: (-c.shared, -c.overlap, c.upstream.uri, c.downstream.uri))


def _current_findings() -> Any:
    f, a = findings, assets
    return select(f.c.asset_id, f.c.value_hash, f.c.entity_type).join(
        a, (a.c.id == f.c.asset_id) & (f.c.run_id == a.c.findings_run)
    )


def _entity_types(conn: Any) -> list[str]:
    query = _current_findings().with_only_columns(findings.c.entity_type).distinct()
    return sorted(row[0] for row in conn.execute(query))


def _pairs_query(min_shared: int, min_overlap: float, types: list[str], filtered: bool) -> Any:
    """One statement: each asset's distinct current hashes (one row per asset and hash, labelled with one
    entity type), joined to themselves on the hash and grouped by asset pair (a < b, so each pair once).
    With one row per (asset, hash), COUNT(*) is the number of distinct shared hashes and the per-type
    counts are plain conditional sums: no COUNT(DISTINCT ...), which costs a sort per join row."""
    f = findings
    current = _current_findings()
    if filtered:
        current = current.where(f.c.entity_type.in_(types))
    hashes = (
        current.with_only_columns(
            f.c.asset_id, f.c.value_hash, func.min(f.c.entity_type).label("entity_type")
        )
        .group_by(f.c.asset_id, f.c.value_hash)
        .cte("current_hashes")
    )
    sizes = select(hashes.c.asset_id, func.count().label("n")).group_by(hashes.c.asset_id).cte("sizes")
    x, y = hashes.alias("x"), hashes.alias("y")
    per_type = [
        func.sum(case((x.c.entity_type == name, 1), else_=0)).label(f"t{index}")
        for index, name in enumerate(types)
    ]
    pairs = (
        select(x.c.asset_id.label("a"), y.c.asset_id.label("b"), func.count().label("shared"), *per_type)
        .select_from(x.join(y, (y.c.value_hash == x.c.value_hash) & (x.c.asset_id < y.c.asset_id)))
        .group_by(x.c.asset_id, y.c.asset_id)
        .having(func.count() >= min_shared)
        .cte("pairs")
    )
    sa, sb = sizes.alias("sa"), sizes.alias("sb")
    aa, ab = assets.alias("aa"), assets.alias("ab")
    smaller = case((sa.c.n < sb.c.n, sa.c.n), else_=sb.c.n)
    return (
        select(
            pairs,
            sa.c.n.label("na"),
            sb.c.n.label("nb"),
            aa.c.uri.label("uri_a"),
            aa.c.first_seen_run.label("first_a"),
            aa.c.modified.label("modified_a"),
            ab.c.uri.label("uri_b"),
            ab.c.first_seen_run.label("first_b"),
            ab.c.modified.label("modified_b"),
        )
        .join(sa, sa.c.asset_id == pairs.c.a)
        .join(sb, sb.c.asset_id == pairs.c.b)
        .join(aa, aa.c.id == pairs.c.a)
        .join(ab, ab.c.id == pairs.c.b)
        .where(pairs.c.shared >= literal(min_overlap, Float) * smaller)
    )


def _candidate(row: Any, types: list[str]) -> Candidate:
    a = AssetSide(int(row.a), row.uri_a, row.first_a, row.modified_a, int(row.na))
    b = AssetSide(int(row.b), row.uri_b, row.first_b, row.modified_b, int(row.nb))
    upstream, downstream, reason = orient(a, b)
    counts = {name: int(row._mapping[f"t{index}"]) for index, name in enumerate(types)}
    return Candidate(
        upstream=upstream,
        downstream=downstream,
        shared=int(row.shared),
        overlap=int(row.shared) / min(a.identifiers, b.identifiers),
        entity_types={name: count for name, count in counts.items() if count},
        reason=reason,
    )


def orient(a: AssetSide, b: AssetSide) -> tuple[AssetSide, AssetSide, str]:
    """(upstream, downstream, why): first seen earlier, else modified earlier, else more identifiers."""
    if a.first_seen_run is not None and b.first_seen_run is not None and a.first_seen_run != b.first_seen_run:
        up, down = (a, b) if a.first_seen_run < b.first_seen_run else (b, a)
        return up, down, f"first seen earlier (scan run {up.first_seen_run} vs {down.first_seen_run})"
    if a.modified is not None and b.modified is not None and abs(a.modified - b.modified) > MTIME_TOLERANCE_S:
        up, down = (a, b) if a.modified < b.modified else (b, a)
        assert up.modified is not None and down.modified is not None
        return up, down, f"modified earlier ({_day(up.modified)} vs {_day(down.modified)})"
    if a.identifiers != b.identifiers:
        up, down = (a, b) if a.identifiers > b.identifiers else (b, a)
        return (
            up,
            down,
            f"seen and modified together; holds more identifiers ({up.identifiers} vs "
            f"{down.identifiers}), and a derived set is usually a subset",
        )
    up, down = (a, b) if a.uri <= b.uri else (b, a)
    return up, down, "no evidence of order; direction by name only"


def _day(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")


def proposals(
    graph: LineageGraph, candidates: Sequence[Candidate], cwd: Path
) -> tuple[list[Proposal], list[tuple[Candidate, str]]]:
    """Candidates named as datasets, minus pairs that reported lineage (any direction) already connects;
    pairs linked only by an inferred edge come back marked `existing`. Also returns the candidates whose
    assets have no dataset name, with the reason."""
    named: list[tuple[Candidate, DatasetId, DatasetId]] = []
    unnamed: list[tuple[Candidate, str]] = []
    for candidate in candidates:
        try:
            up = dataset_for_uri(candidate.upstream.uri, cwd)
            down = dataset_for_uri(candidate.downstream.uri, cwd)
        except DatasetNameError as exc:
            unnamed.append((candidate, str(exc)))
            continue
        named.append((candidate, up, down))
    sources = graph.edge_sources([(up, down) for _, up, down in named])
    result = []
    for candidate, up, down in named:
        known = sources.get((up, down), set())
        if known - {"inferred"}:
            continue  # a producer or a manifest already says how these two are related
        result.append(Proposal(candidate, up, down, existing=bool(known)))
    return result, unnamed
