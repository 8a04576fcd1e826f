"""The base of stores that keep their own tables in the catalog database (lineage, the subject index).

They open the catalog the way `Catalog.open` does (created or upgraded, hash key checked: hashes under
another key would silently match nothing, and lineage must not be written into another key's catalog),
then work on their own engine; used as context managers.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.engine import Engine

from jejak.catalog.engine import build_engine
from jejak.catalog.store import Catalog
from jejak.hashing import HashKey


class CatalogExtension:
    def __init__(self, engine: Engine, url: str) -> None:
        self._engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str, hash_key: HashKey) -> Self:
        Catalog.open(url, hash_key).close()
        return cls(build_engine(url), url)

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
