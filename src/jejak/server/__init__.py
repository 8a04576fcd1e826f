"""`jejak serve`: an OpenLineage endpoint compatible with Marquez's `POST /api/v1/lineage`.

Modules: `settings` (host, token, limits; refuses open configurations), `handler` (the HTTP contract),
`app` (`LineageServer`).
"""

from __future__ import annotations

from jejak.server.app import LineageServer
from jejak.server.settings import ServeSettings, build_settings

__all__ = ["LineageServer", "ServeSettings", "build_settings"]
