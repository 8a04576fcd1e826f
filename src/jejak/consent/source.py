"""One dataset or ledger, named by URI, read through the connectors as a scan reads it.

A gate judges one thing (a file, an object, a table), so a URI that lists several assets is refused
rather than merged: `--write-consented` could not say which file it wrote. SQL tables are named like the
assets of a scan, `URL#schema.table`.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from jejak.asset import Asset, AssetFormat
from jejak.connectors.base import Connector, ListOptions, ReadOptions, ReadReport
from jejak.connectors.registry import ConnectorRegistry
from jejak.errors import UsageError


@dataclass(frozen=True)
class Source:
    asset: Asset
    connector: Connector

    @classmethod
    def open(cls, uri: str, registry: ConnectorRegistry, role: str) -> Source:
        """The single asset `uri` names; `role` ("dataset", "ledger") words the errors."""
        root, _, table = uri.partition("#") if "://" in uri.partition("#")[0] else (uri, "", "")
        _, connector = registry.for_uri(root)
        options = ListOptions(include=(table,)) if table else ListOptions()
        assets = [asset for asset in connector.list_assets(root, options)]
        shown = connector.redact_uri(uri)
        if not assets:
            raise UsageError(f"{role} {shown}: nothing to read there; check the path, object or table")
        if len(assets) > 1:
            raise UsageError(
                f"{role} {shown} names {len(assets)} files, objects or tables; give exactly one "
                "(a SQL table as URL#schema.table)"
            )
        asset = assets[0]
        if asset.format is AssetFormat.UNKNOWN:
            raise UsageError(f"{role} {shown}: not a format jejak reads (CSV, JSON Lines, JSON, Parquet ...)")
        return cls(asset, connector)

    def batches(self, batch_rows: int = 65_536) -> Iterator[pa.RecordBatch]:
        report = ReadReport()
        yield from self.connector.read_batches(self.asset, ReadOptions(batch_rows=batch_rows), report)

    def record_lines(self) -> list[int] | None:
        """The file line of each record (1-based), for local CSV/TSV and JSON Lines; None elsewhere."""
        if self.asset.connector != "file" or self.asset.format not in (
            AssetFormat.CSV,
            AssetFormat.TSV,
            AssetFormat.JSONL,
        ):
            return None
        path = Path(self.asset.uri)
        with gzip.open(path, "rb") if self.asset.compression == "gzip" else path.open("rb") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
            if self.asset.format is AssetFormat.JSONL:
                return [number for number, line in enumerate(text, start=1) if line.strip()]
            return _csv_record_lines(
                text, "\t" if self.asset.format is AssetFormat.TSV else self.asset.hints.get("delimiter", ",")
            )


def _csv_record_lines(text: Iterator[str], delimiter: str) -> list[int]:
    """The first line of each data record: a quoted record may span lines, blank lines are skipped."""
    reader = csv.reader(text, delimiter=delimiter)
    lines: list[int] = []
    header_seen, previous_end = False, 0
    for record in reader:
        start, previous_end = previous_end + 1, reader.line_num
        if not record:
            continue  # blank lines are skipped by the reader, as pyarrow does
        if header_seen:
            lines.append(start)
        header_seen = True
    return lines
