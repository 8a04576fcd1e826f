"""Reading a file through the shared format readers the way connectors do, for the reader tests."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pytest

from jejak.asset import Asset
from jejak.connectors.base import ReadOptions, ReadReport
from jejak.connectors.formats.readers import read_asset
from jejak.connectors.formats.sniff import HEAD_BYTES, sniff
from jejak.errors import AssetReadError


class ForwardOnly(io.RawIOBase):
    """A stream that can only `read`, like an object-store body: no seek, no readline, no read1."""

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__()
        self._stream = stream

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def read(self, size: int = -1) -> bytes:  # type: ignore[override]
        return self._stream.read(size)

    def close(self) -> None:
        self._stream.close()
        super().close()


def sniffed_asset(path: Path) -> Asset:
    with path.open("rb") as stream:
        format_, compression = sniff(stream.read(HEAD_BYTES), path.name)
    return Asset(uri=str(path), connector="file", format=format_, compression=compression)


def read_file(
    path: Path, asset: Asset | None = None, forward_only: bool = False, **options: int
) -> tuple[list[pa.RecordBatch], ReadReport]:
    """Every batch of `path` (as a forward-only stream when asked) and the read report."""
    report = ReadReport()

    def opener() -> BinaryIO:
        stream = path.open("rb")
        return ForwardOnly(stream) if forward_only else stream  # type: ignore[return-value]

    batches = list(read_asset(opener, asset or sniffed_asset(path), ReadOptions(**options), report))
    return batches, report


def read_until_error(path: Path, **options: int) -> tuple[list[dict[str, Any]], AssetReadError]:
    """The rows read before the asset failed, and the failure (the test fails if reading succeeds)."""
    rows: list[dict[str, Any]] = []
    with pytest.raises(AssetReadError) as caught:
        for batch in read_asset(
            lambda: path.open("rb"), sniffed_asset(path), ReadOptions(**options), ReadReport()
        ):
            rows.extend(batch.to_pylist())
    return rows, caught.value
