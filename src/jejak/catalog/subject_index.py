"""The subject index: where a person's identifiers occur, found again by keyed hash, never by value.

Two sources answer "where is this person?":

- `findings`: every identifier a scan detected, keyed-hashed after normalisation (`value_hash`, by
  `jejak.hashing.identifier_hash`);
- `subject_keys`: configured key columns (`user_id` ...) that are not personal data by themselves but point
  at a person, hashed per row as `HMAC(key, f"{kind}:{value.strip()}")` (`jejak.hashing.subject_key_hash`),
  so rows with no visible PII are reachable too.

Both are current under the same rule: rows of the run an asset's `findings_run` points at. Scans write
subject keys per batch through `Catalog.add_subject_keys`, as findings; erasure planning reads them through
`SubjectIndex`. Queries select by hash only: other people's findings in the same rows are never read,
except as a count (`rows_with_other_data`) to decide between deleting a row and redacting spans in it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, select

from jejak.catalog.extension import CatalogExtension
from jejak.catalog.schema import asset_scans, assets, findings, subject_keys

_CHUNK = 500  # values per IN (...), well under every backend's bound-parameter limit
VIA_FINDING = "finding"
VIA_SUBJECT_KEY = "subject_key"


@dataclass(frozen=True, slots=True)
class IndexHit:
    """One place a hashed identifier occurs. `label` is the entity type (findings) or key kind (subject
    keys); subject-key hits cover a whole cell, so they have no offsets."""

    asset_uri: str
    column: str | None
    row: int
    start: int | None
    end: int | None
    label: str
    value_hash: str
    via: str  # finding | subject_key


@dataclass(frozen=True, slots=True)
class AssetState:
    """What the catalog knows of an asset now: where it is, and what its current findings describe."""

    uri: str
    connector: str | None
    format: str | None
    location: str | None
    size: int | None
    etag: str | None
    fingerprint: str | None
    findings_run: int | None
    properties: dict[str, Any]


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SubjectIndex(CatalogExtension):
    """Read-only look-ups by keyed hash over a catalog's current findings and subject keys."""

    def find(self, hashes: Collection[str]) -> list[IndexHit]:
        """Every current finding and subject-key cell holding one of `hashes`, ordered by asset, column,
        row and offset."""
        wanted = sorted(set(hashes))
        hits: list[IndexHit] = []
        f, k = findings, subject_keys
        with self._engine.connect() as conn:
            for chunk in _chunks(wanted):
                query = (
                    select(
                        assets.c.uri,
                        f.c.column_name,
                        f.c.row_index,
                        f.c.start_offset,
                        f.c.end_offset,
                        f.c.entity_type,
                        f.c.value_hash,
                    )
                    .join(assets, and_(assets.c.id == f.c.asset_id, assets.c.findings_run == f.c.run_id))
                    .where(f.c.value_hash.in_(chunk))
                )
                hits += [
                    IndexHit(r[0], r[1], int(r[2]), int(r[3]), int(r[4]), r[5], r[6], VIA_FINDING)
                    for r in conn.execute(query)
                ]
                query = (
                    select(assets.c.uri, k.c.column_name, k.c.row_index, k.c.key_kind, k.c.key_hash)
                    .join(assets, and_(assets.c.id == k.c.asset_id, assets.c.findings_run == k.c.run_id))
                    .where(k.c.key_hash.in_(chunk))
                )
                hits += [
                    IndexHit(r[0], r[1], int(r[2]), None, None, r[3], r[4], VIA_SUBJECT_KEY)
                    for r in conn.execute(query)
                ]
        return sorted(
            set(hits),
            key=lambda h: (
                h.asset_uri,
                h.column or "",
                h.row,
                h.start if h.start is not None else -1,
                h.label,
            ),
        )

    def assets(self, uris: Iterable[str]) -> dict[str, AssetState]:
        """The catalog's record of each asset URI given that it knows."""
        a = assets
        found: dict[str, AssetState] = {}
        with self._engine.connect() as conn:
            for chunk in _chunks(sorted(set(uris))):
                query = select(
                    a.c.uri,
                    a.c.connector,
                    a.c.format,
                    a.c.location,
                    a.c.size,
                    a.c.etag,
                    a.c.fingerprint,
                    a.c.findings_run,
                    a.c.properties,
                ).where(a.c.uri.in_(chunk))
                for r in conn.execute(query):
                    found[r.uri] = AssetState(
                        r.uri,
                        r.connector,
                        r.format,
                        r.location,
                        r.size,
                        r.etag,
                        r.fingerprint,
                        r.findings_run,
                        dict(r.properties or {}),
                    )
        return found

    def rows_with_other_data(self, uri: str, rows: Collection[int], own_hashes: Collection[str]) -> set[int]:
        """Which of `rows` of the asset also hold identifiers other than `own_hashes` (someone else's, or the
        subject's own that were not given). Only row numbers come back, never what was found."""
        f = findings
        own = set(own_hashes)
        shared: set[int] = set()
        with self._engine.connect() as conn:
            asset = conn.execute(
                select(assets.c.id, assets.c.findings_run).where(assets.c.uri == uri)
            ).first()
            if asset is None:
                return shared
            for chunk in _chunks(sorted(set(rows))):
                query = select(f.c.row_index, f.c.value_hash).where(
                    f.c.asset_id == asset.id, f.c.run_id == asset.findings_run, f.c.row_index.in_(chunk)
                )
                shared |= {int(row) for row, value_hash in conn.execute(query) if value_hash not in own}
        return shared

    def unreadable_assets(self) -> list[AssetState]:
        """Assets whose latest scan failed (corrupt, truncated, denied): jejak cannot say whether they hold
        anyone, so an erasure plan lists them for a person to check."""
        a, s = assets, asset_scans
        query = (
            select(a.c.uri)
            .join(s, and_(s.c.asset_id == a.c.id, s.c.run_id == a.c.last_scan_run))
            .where(s.c.error.is_not(None))
        )
        with self._engine.connect() as conn:
            uris = [row.uri for row in conn.execute(query)]
        states = self.assets(uris)
        return [states[uri] for uri in sorted(states)]
