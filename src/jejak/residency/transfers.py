"""The evidence users declare for cross-border flows: transfer bases, remote access, and what they operate.

A lineage graph shows where personal data goes but not why that is lawful; the lawful basis lives in
contracts, filings and consent records that no scanner can read. Users therefore declare it, in jejak.yaml
(`transfers:`, `remote_access:`, `operator:`) or in a lineage manifest, and the judge matches each hop
against these declarations. Declarations hold references to documents, never personal data.

Globs (`datasets`, `jobs`, `dataset`) use shell syntax over OpenLineage dataset names (`namespace:name`) or
jejak asset URIs; `*` also crosses `/`, so `s3://sg-crm/*` covers every key in the bucket.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from fnmatch import fnmatchcase

from pydantic import BaseModel, ConfigDict, Field, model_validator

from jejak.residency.jurisdictions import CountryCode, Mechanism, SectorTag


class _Declared(BaseModel):
    # `from` is a Python keyword, so fields are `from_country`/`to_country` with YAML aliases `from`/`to`;
    # both spellings are accepted on input, the YAML one is written on output.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, serialize_by_alias=True)


class TransferDeclaration(_Declared):
    """One declared basis for moving personal data from one country (or `EU`) to another."""

    from_country: CountryCode = Field(alias="from")
    to_country: CountryCode = Field(alias="to")
    mechanism: Mechanism
    #: Globs over dataset names; empty = any dataset on this route. A hop matches on its source or target.
    datasets: tuple[str, ...] = ()
    #: Globs over job names; empty = any job (or none).
    jobs: tuple[str, ...] = ()
    #: Where the proof is, e.g. "DPA-2025-017 signed 2025-03-01"; shown in reports.
    evidence: str = Field(min_length=1)
    #: Reference of a filing with an authority; required for `tia_dossier` (Vietnam's CTIA dossier).
    dossier_ref: str | None = Field(default=None, min_length=1)
    #: Last day the basis holds (a contract's end, a 3-year Malaysian TIA); later it no longer counts.
    expires: date | None = None
    consent_purpose: str | None = None

    @model_validator(mode="after")
    def _two_places(self) -> TransferDeclaration:
        if self.from_country == self.to_country:
            raise ValueError("from and to are the same; a declaration is for a crossing")
        return self

    def is_expired(self, today: date) -> bool:
        return self.expires is not None and self.expires < today

    def covers(self, datasets: Iterable[str], job: str | None) -> bool:
        """Whether this declaration's dataset and job globs match a hop's datasets and job."""
        names = tuple(datasets)
        if self.datasets and not any(matches(name, self.datasets) for name in names):
            return False
        return not self.jobs or (job is not None and matches(job, self.jobs))

    @property
    def label(self) -> str:
        """How reasons refer to this declaration: its evidence reference, shortened."""
        return self.evidence if len(self.evidence) <= 60 else self.evidence[:57] + "..."


class RemoteAccess(_Declared):
    """Datasets stored in one country that are read from another (a support team, an offshore vendor).

    Storage location alone misses these: Vietnam counts such access as a transfer even though the data never
    leaves its store, so users declare them and the lineage side turns them into `remote_access` hops.
    """

    dataset: str = Field(min_length=1)
    from_country: CountryCode = Field(alias="from")
    #: Who reads it, e.g. "group HR (Singapore)"; free text for the report.
    by: str | None = None

    def covers(self, dataset: str) -> bool:
        return matches(dataset, (self.dataset,))


class OperatorProfile(_Declared):
    """The operator classes the organisation falls in, per country: localisation binds by sector and role.

    Vietnam's local-copy duty binds domestic telecom, internet and value-added service firms, Indonesia's
    public-scope operators, China's CIIOs; the same dataset is free to move for anyone else.
    """

    sectors: dict[CountryCode, tuple[SectorTag, ...]] = Field(default_factory=dict)

    def sectors_in(self, *codes: str) -> frozenset[str]:
        """Sectors declared under any of `codes` (a country and its regime id, e.g. `DE` and `EU`)."""
        return frozenset(sector for code in codes for sector in self.sectors.get(code, ()))


def matches(name: str, globs: Iterable[str]) -> bool:
    """Case-sensitive shell-glob match: dataset names are case-sensitive in most stores."""
    return any(fnmatchcase(name, glob) for glob in globs)
