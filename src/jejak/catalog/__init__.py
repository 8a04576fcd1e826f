"""The catalog: a database of scan runs, assets, columns and findings (never raw values).

    from jejak.catalog import Catalog, CatalogSettings
    settings = CatalogSettings.from_environ()          # --catalog URL > JEJAK_CATALOG > .jejak/catalog.db
    with Catalog.open(settings.url, settings.hash_key(os.environ)) as catalog: ...

Modules: `settings` (where), `schema` (tables), `migrate` + `migrations/` (schema versions), `engine`
(backend setup), `bulk` (fast inserts), `rows` (object <-> row), `records` (what reads return),
`store` (the `Catalog`).
"""

from __future__ import annotations

from jejak.catalog.records import FindingRecord, RunRecord, RunStatus
from jejak.catalog.settings import CatalogSettings, default_key_path, resolve_catalog_url
from jejak.catalog.store import Catalog

__all__ = [
    "Catalog",
    "CatalogSettings",
    "FindingRecord",
    "RunRecord",
    "RunStatus",
    "default_key_path",
    "resolve_catalog_url",
]
