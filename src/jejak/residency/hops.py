"""A hop: personal data crossing from one country to another along a lineage path, as the judge sees it.

The lineage side builds hops from its graph; this module only defines the value and two ways of deriving
hops that the graph alone does not show: a job running in a third country (the data passes through it),
and declared remote access (the data is read from abroad without being copied).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from jejak.residency.transfers import RemoteAccess

HopKind = Literal["copy", "remote_access"]


@dataclass(frozen=True, kw_only=True)
class Hop:
    """One movement of personal data between two datasets that may sit in different countries."""

    source_country: str
    target_country: str
    source_dataset: str
    target_dataset: str
    #: The personal data that flows, by jejak entity type; empty means nothing personal moves.
    entity_types: frozenset[str]
    job: str | None = None
    job_country: str | None = None
    #: Dataset and job names from the data's origin to the source of this hop, for the report.
    path: tuple[str, ...] = ()
    kind: HopKind = "copy"
    #: Whether a copy stays in the source country (what `keep_local_copy` rules ask for).
    has_local_copy: bool = False

    @property
    def datasets(self) -> tuple[str, ...]:
        return (self.source_dataset, self.target_dataset)


def legs(hop: Hop) -> tuple[Hop, ...]:
    """Split a hop whose job runs in a third country into source -> job and job -> target.

    A Singapore-to-Singapore copy done by a job in the US still sends the data to the US; judging only the
    endpoints would miss that. The job's name stands in for the data in transit on both legs.
    """
    job_country = hop.job_country
    if hop.job is None or job_country is None or job_country in (hop.source_country, hop.target_country):
        return (hop,)
    inbound = replace(hop, target_country=job_country, target_dataset=hop.job)
    outbound = replace(hop, source_country=job_country, source_dataset=hop.job, path=(*hop.path, hop.job))
    return (inbound, outbound)


def remote_access_hops(
    dataset: str,
    country: str,
    entity_types: frozenset[str],
    accesses: Iterable[RemoteAccess],
    path: tuple[str, ...] = (),
) -> tuple[Hop, ...]:
    """Hops for declared access to `dataset` (stored in `country`) from other countries.

    The data stays stored where it is, so these hops always have a local copy.
    """
    return tuple(
        Hop(
            source_country=country,
            target_country=access.from_country,
            source_dataset=dataset,
            target_dataset=dataset,
            entity_types=entity_types,
            job_country=access.from_country,
            path=path,
            kind="remote_access",
            has_local_copy=True,
        )
        for access in accesses
        if access.covers(dataset) and access.from_country != country
    )
