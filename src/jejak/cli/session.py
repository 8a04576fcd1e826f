"""Everything a command needs, built once from command-line options: config, packs, detector, catalog.

This is the edge where environment variables are read (JEJAK_CATALOG, JEJAK_HASH_KEY) and turned into
typed objects; nothing below the CLI looks at the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jejak.catalog.settings import CatalogSettings
from jejak.catalog.store import Catalog
from jejak.config import JejakConfig, load_config
from jejak.hashing import HashKey, KeyedHasher
from jejak.recognizers.pack import PackSpec

if TYPE_CHECKING:
    from jejak.detection.detector import Detector

CATALOG_ENV = "JEJAK_CATALOG"


@dataclass
class Session:
    config_path: Path | None = None
    catalog_url: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    cwd: Path = field(default_factory=Path.cwd)
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))

    @cached_property
    def config(self) -> JejakConfig:
        overrides = dict(self.overrides)
        url = self.catalog_url or self.env.get(CATALOG_ENV)
        if url:
            overrides.setdefault("catalog", {})["url"] = url
        return load_config(self.config_path, cwd=self.cwd, overrides=overrides)

    @cached_property
    def packs(self) -> list[PackSpec]:
        from jejak.recognizers.loader import load_packs  # imports every pack's validators and recognizers

        return load_packs()

    @cached_property
    def detector(self) -> Detector:
        # Presidio and spaCy take ~1.5 s to import: commands that read the catalog only never pay for them
        from jejak.detection.detector import Detector

        return Detector(self.config.detection, self.packs)

    @cached_property
    def catalog_settings(self) -> CatalogSettings:
        # The config already holds flag > env > file > default; resolving only makes SQLite paths absolute.
        return CatalogSettings.resolve(self.config.catalog.url, {}, self.cwd)

    @cached_property
    def hash_key(self) -> HashKey:
        return self.catalog_settings.hash_key(self.env)

    @cached_property
    def hasher(self) -> KeyedHasher:
        return KeyedHasher(self.hash_key)

    @cached_property
    def catalog(self) -> Catalog:
        return Catalog.open(self.catalog_settings.url, self.hash_key)
