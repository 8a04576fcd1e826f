"""Text assets (logs): one row per line in a single string column, so row index = line index."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa

from jejak.asset import Asset
from jejak.connectors.base import ReadOptions, ReadReport
from jejak.connectors.formats.chunking import chunked
from jejak.connectors.formats.contract import batch_reader
from jejak.connectors.formats.lines import CHUNK_BYTES, iter_lines, line_size
from jejak.connectors.formats.streams import StreamOpener, open_lines

LINE_COLUMN = "line"


@batch_reader
def read_text(
    opener: StreamOpener, asset: Asset, options: ReadOptions, report: ReadReport
) -> Iterator[pa.RecordBatch]:
    """Every line, empty ones included, decoded as UTF-8 (bad bytes become U+FFFD, never an error)."""
    with open_lines(opener, asset, options) as (stream, lines_before):
        lines = iter_lines(stream, options.max_line_bytes, report, lines_before=lines_before)
        for chunk in chunked(lines, options.batch_rows, CHUNK_BYTES, line_size):
            texts = [line.data.decode("utf-8", errors="replace") for line in chunk]
            yield pa.record_batch([pa.array(texts, type=pa.string())], names=[LINE_COLUMN])
