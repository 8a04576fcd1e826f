"""Which reader serves which format: the one entry point connectors call to stream an asset.

Connectors own listing and opening; everything about bytes-to-batches lives behind `read_asset`, so a
new connector (S3, SFTP, ...) supports every format by supplying a `StreamOpener`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

import pyarrow as pa

from jejak.asset import Asset, AssetFormat
from jejak.connectors.base import ReadOptions, ReadReport
from jejak.connectors.formats.arrow_ipc import read_arrow_ipc
from jejak.connectors.formats.contract import Reader
from jejak.connectors.formats.delimited import read_delimited
from jejak.connectors.formats.json_document import read_json_document
from jejak.connectors.formats.jsonl import read_jsonl
from jejak.connectors.formats.parquet import read_parquet
from jejak.connectors.formats.streams import StreamOpener
from jejak.connectors.formats.text import read_text
from jejak.errors import AssetReadError

READERS: Mapping[AssetFormat, Reader] = MappingProxyType(
    {
        AssetFormat.PARQUET: read_parquet,
        AssetFormat.CSV: read_delimited,
        AssetFormat.TSV: read_delimited,
        AssetFormat.JSONL: read_jsonl,
        AssetFormat.JSON: read_json_document,
        AssetFormat.TEXT: read_text,
        AssetFormat.ARROW: read_arrow_ipc,
    }
)


def read_asset(
    opener: StreamOpener, asset: Asset, options: ReadOptions, report: ReadReport
) -> Iterator[pa.RecordBatch]:
    """Stream `asset` with the reader for its format; an unknown format is an `AssetReadError`."""
    reader = READERS.get(asset.format)
    if reader is None:
        raise AssetReadError(
            asset.uri, "not a format jejak can read (binary or unrecognised); exclude it from the scan"
        )
    return reader(opener, asset, options, report)
