"""`--write-consented OUT`: the dataset without its blocked rows, so a pipeline can go on with clean data.

A local file in a format erasure can rewrite is copied through the same checked, streaming rewriter
(`jejak.erasure.rewrite.write_temp`): the same format and compression, every passing row byte-identical,
row numbers meaning what the gate meant. Anything else (S3 objects, SQL tables, Arrow datasets) is written
as Parquet from the rows as read, so OUT must then end in `.parquet`. Either way OUT appears whole or not
at all (a temp file beside it, then `os.replace`), and OUT may not be the dataset itself.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from jejak.consent.source import Source
from jejak.erasure.edits import Edits, RewriteError
from jejak.erasure.rewrite import SUPPORTED_FORMATS, fsync_directory, write_temp
from jejak.errors import UsageError


def write_consented(source: Source, blocked: Collection[int], out: Path) -> int:
    """Write the passing rows to `out`; returns how many rows it holds."""
    asset = source.asset
    local = asset.connector == "file"
    if local and out.resolve() == Path(asset.uri).resolve():
        raise UsageError(f"--write-consented {out} is the dataset itself; write the clean copy elsewhere")
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.parent / f".jejak-gate-{os.getpid()}-{out.name}.tmp"
    temp.unlink(missing_ok=True)
    try:
        if local and asset.format.value in SUPPORTED_FORMATS:
            gzipped = asset.compression == "gzip"
            try:
                result = write_temp(
                    Path(asset.uri), asset.format.value, gzipped, Edits(delete=frozenset(blocked)), temp
                )
            except RewriteError as exc:
                raise UsageError(f"cannot write {out}: {exc}") from None
            rows = result.rows_after
        elif out.suffix.lower() == ".parquet":
            rows = _parquet(source, frozenset(blocked), temp)
        else:
            shown = source.connector.redact_uri(asset.uri)
            raise UsageError(
                f"{shown} is written as Parquet: name --write-consented OUT with a .parquet suffix"
            )
        os.replace(temp, out)
        fsync_directory(out.parent)
    finally:
        temp.unlink(missing_ok=True)
    return rows


def _parquet(source: Source, blocked: frozenset[int], temp: Path) -> int:
    writer: pq.ParquetWriter | None = None
    offset = kept = 0
    try:
        for batch in source.batches():
            mask = pa.array([offset + i not in blocked for i in range(batch.num_rows)], pa.bool_())
            offset += batch.num_rows
            chosen = batch.filter(mask)
            if writer is None:
                writer = pq.ParquetWriter(temp, batch.schema)
            writer.write_batch(chosen)
            kept += chosen.num_rows
    finally:
        if writer is not None:
            writer.close()
    if writer is None:
        raise UsageError("the dataset has no rows to write")
    with temp.open("rb+") as handle:
        os.fsync(handle.fileno())
    return kept
