"""Where a plan's assets live, turned into what erasure and its verifying rescan need to reach them.

Plans name SQL tables as `<database URL without password>#schema.table`: a plan is a document people
pass around, and must not carry credentials. So `erase execute` takes the real URLs again (`--database`)
and matches them to the plans' masked ones here; a URL without a secret (SQLite, a trusted local server)
needs none. The same mapping gives the rescan its roots: the database URL, restricted to the erased tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jejak.connectors.registry import ConnectorRegistry
from jejak.connectors.s3 import S3Connector
from jejak.connectors.s3_clients import S3Clients
from jejak.connectors.sql_url import redact_url
from jejak.erasure.erase_local import LocalFileEraser
from jejak.erasure.erase_s3 import S3ObjectEraser
from jejak.erasure.erase_sql import SqlTableEraser
from jejak.erasure.eraser import AssetEraser
from jejak.erasure.subject_cells import SubjectCells
from jejak.errors import UsageError


@dataclass(frozen=True)
class PlanSources:
    #: database as plans show it -> URL to open it with, for those given on the command line
    databases: Mapping[str, str]

    @classmethod
    def of(cls, plan: Mapping[str, Any], database_urls: Sequence[str]) -> PlanSources:
        given = {redact_url(url): url for url in database_urls}
        needed = {shown for shown, _ in sql_tables(plan)}
        unused = sorted(set(given) - needed)
        if unused:
            raise UsageError(f"--database {unused[0]}: the plan erases no table of that database")
        return cls(given)

    def rescan_roots(self, uris: Sequence[str]) -> list[str]:
        """Roots that rescan `uris`: SQL tables through their database's URL (the scan's table filter
        narrows it to the plan's tables), everything else as it is."""
        roots: dict[str, None] = {}
        for uri in uris:
            shown, separator, _ = uri.rpartition("#")
            roots[self.databases.get(shown, shown) if separator and "://" in shown else uri] = None
        return list(roots)


def sql_tables(plan: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(database as shown, `schema.table`) for every SQL table the plan acts on."""
    found: dict[tuple[str, str], None] = {}
    for hit in plan["direct_hits"]:
        if hit.get("connector") == "sql":
            shown, _, qualified = str(hit["asset_uri"]).rpartition("#")
            found[(shown, qualified)] = None
    return list(found)


def build_erasers(
    registry: ConnectorRegistry, sources: PlanSources, cells: SubjectCells
) -> dict[str, AssetEraser]:
    """The eraser for each connector that can be erased, configured as the scan configures it."""
    _, s3 = registry.for_uri("s3://bucket")
    if not isinstance(s3, S3Connector):
        raise UsageError("the s3 connector is not jejak's own; S3 objects cannot be erased through it")
    return {
        "file": LocalFileEraser(),
        "s3": S3ObjectEraser(S3Clients(s3.s3_settings)),
        "sql": SqlTableEraser(sources.databases, cells),
    }
