"""The connector contract: list, then read.

A connector knows a storage system (local disk, S3, a SQL database). It lists `Asset`s under a root URI and
streams each one as `pyarrow.RecordBatch`es of at most `batch_rows` rows, so memory stays bounded by the
batch size whatever the asset's size. Connectors never import the scanner.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

import pyarrow as pa
from pydantic import BaseModel, ConfigDict

from jejak.asset import Asset
from jejak.redaction import mask_password

#: `Asset.hints` key a connector sets when it listed something it cannot open (the value says why); such an
#: asset is reported as failed. An asset of format UNKNOWN without this hint is skipped as unsupported.
UNREADABLE_HINT = "unreadable"


@dataclass(frozen=True)
class ListOptions:
    """What to list under a root: glob filters are matched against the path relative to the root."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadOptions:
    """How to read an asset. `max_line_bytes` bounds one line of a text/JSONL file (longer lines are cut
    and reported as a warning, never loaded whole)."""

    batch_rows: int = 65_536
    max_line_bytes: int = 1 << 20
    #: Row groups [start, end) only, for a Parquet asset read in parts by several processes
    #: (jejak.scan.parts); other formats are always read whole.
    row_groups: tuple[int, int] | None = None
    #: Bytes [start, end) only, of an uncompressed line-based asset (JSON Lines, text) read in parts; the
    #: third number is how many lines come before `start`, so line numbers in warnings stay the file's.
    line_range: tuple[int, int, int] | None = None


@dataclass
class ReadReport:
    """Non-fatal problems met while reading one asset (bad JSON lines, cut lines). Filled in by readers
    while batches stream; the scanner copies it into the asset's result when the stream ends."""

    warnings: list[str] = field(default_factory=list)
    rows_total: int | None = None  # known up front for some formats (Parquet metadata)

    def warn(self, message: str, limit: int = 20) -> None:
        """Keep the first `limit` warnings and count the rest, so a broken log cannot flood a report."""
        if len(self.warnings) < limit:
            self.warnings.append(message)
        elif len(self.warnings) == limit:
            self.warnings.append("further warnings suppressed")


class ConnectorSettings(BaseModel):
    """A connector's own options, from `connectors.<entry-point name>` in jejak.yaml (flags override them).

    Subclass it per connector: strict like the rest of the config, so a misspelt key is an error naming its
    path (`connectors.s3.endpoint_uri: unknown key`), never silently ignored.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class Connector(ABC):
    """Base class for connectors; subclasses are registered under `jejak.connectors` entry points."""

    #: URI schemes this connector serves, e.g. ("file", "") for local paths.
    schemes: ClassVar[tuple[str, ...]] = ()
    #: The model `connectors.<name>` in the config is validated with.
    Settings: ClassVar[type[ConnectorSettings]] = ConnectorSettings

    def __init__(self, settings: ConnectorSettings | None = None) -> None:
        self.settings = settings if settings is not None else self.Settings()

    @classmethod
    def handles(cls, uri: str) -> bool:
        scheme = uri.split("://", 1)[0] if "://" in uri else ""
        return scheme in cls.schemes

    @classmethod
    def redact_uri(cls, uri: str) -> str:
        """`uri` as it may be shown and stored (catalog, reports, errors): without secrets. By default a
        password in the URI's user info is masked; connectors whose URIs carry other secrets override it."""
        return mask_password(uri)

    @abstractmethod
    def list_assets(self, root: str, options: ListOptions) -> Iterator[Asset]:
        """Yield assets under `root`. Raises `ConnectorError` if the root itself cannot be listed."""

    @abstractmethod
    def read_batches(
        self, asset: Asset, options: ReadOptions, report: ReadReport
    ) -> Iterator[pa.RecordBatch]:
        """Stream the asset. Raises `AssetReadError` on corrupt or unreadable data (possibly after some
        batches were already yielded: the scanner keeps what it saw and marks the asset failed)."""
