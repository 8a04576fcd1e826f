"""Errors of the lineage package, inside jejak's one exception tree (`jejak.errors`).

    JejakError
    └── LineageError                 lineage input or query cannot be used (exit code 2)
        ├── LineageEventError        an OpenLineage event is malformed; names the JSON path, e.g. `run.runId`
        ├── LineageManifestError     a lineage.yaml manifest is invalid; names the key path
        ├── DatasetNameError         an asset URI or path has no OpenLineage dataset name
        └── DatasetNotFoundError     a dataset asked about is not in the lineage graph

Messages name paths, keys and line numbers, never values: an event may carry anything, and an error is
printed, logged and sent back over HTTP.
"""

from __future__ import annotations

from jejak.errors import JejakError


class LineageError(JejakError):
    """Lineage input or a lineage query that cannot be used as given."""


class LineageEventError(LineageError):
    """One OpenLineage event failed validation. `path` is the JSON path of the offending member."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason


class LineageManifestError(LineageError):
    """A lineage.yaml manifest failed validation."""


class DatasetNameError(LineageError):
    """An asset URI or path that cannot be turned into an OpenLineage dataset name."""


class DatasetNotFoundError(LineageError):
    """The dataset is not in the lineage graph."""
