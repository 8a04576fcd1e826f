"""What a connector lists: one readable unit of data (a file, an object, a table)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class AssetFormat(StrEnum):
    """Formats the shared readers understand. `TEXT` means one record per line (logs)."""

    PARQUET = "parquet"
    CSV = "csv"
    TSV = "tsv"
    JSONL = "jsonl"
    JSON = "json"  # a JSON array of records (or a single object)
    TEXT = "text"
    ARROW = "arrow"  # Arrow IPC file (Feather v2) or stream; a Hugging Face `save_to_disk` directory
    TABLE = "table"  # a database table read through SQL
    UNKNOWN = "unknown"

    @property
    def is_tabular(self) -> bool:
        """Tabular assets are reported per column; text assets per line with char offsets."""
        return self is not AssetFormat.TEXT


@dataclass(frozen=True)
class Asset:
    """A listed asset with the metadata needed to read it, place it and tell whether it changed.

    `format` is the connector's best knowledge at listing time (extension first, content sniffed when the
    extension lies or is missing); `compression` is "gzip" or None. `location` is an ISO 3166-1 alpha-2
    country code when known. `fingerprint` is size + mtime/etag + a hash of the first bytes, so a later scan
    can tell an unchanged asset without reading it all.
    """

    uri: str
    connector: str
    format: AssetFormat
    size: int | None = None
    modified: float | None = None  # POSIX timestamp
    etag: str | None = None
    compression: str | None = None
    location: str | None = None
    fingerprint: str | None = None
    hints: dict[str, str] = field(default_factory=dict)

    @property
    def is_tabular(self) -> bool:
        return self.format.is_tabular
