"""Text assets (logs): one row per line in a single string column, so row index = line index."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa

from jejak.asset import Asset
from jejak.connectors.base import ReadOptions, ReadReport
from jejak.connectors.formats.contract import batch_reader
from jejak.connectors.formats.lines import CHUNK_BYTES, LineRun, chunk_lines, iter_line_runs
from jejak.connectors.formats.streams import StreamOpener, open_lines

LINE_COLUMN = "line"


@batch_reader
def read_text(
    opener: StreamOpener, asset: Asset, options: ReadOptions, report: ReadReport
) -> Iterator[pa.RecordBatch]:
    """Every line, empty ones included, decoded as UTF-8 (bad bytes become U+FFFD, never an error)."""
    with open_lines(opener, asset, options) as (stream, lines_before):
        pieces = iter_line_runs(stream, options.max_line_bytes, report, lines_before=lines_before)
        for chunk in chunk_lines(pieces, options.batch_rows, CHUNK_BYTES):
            # a run is decoded whole: a line break is never part of a UTF-8 sequence, so each line's text
            # (U+FFFD for its bad bytes) is what decoding it alone gives
            texts = [
                text
                for piece in chunk
                for text in (
                    piece.data.decode("utf-8", errors="replace").split("\n")
                    if isinstance(piece, LineRun)
                    else [piece.data.decode("utf-8", errors="replace")]
                )
            ]
            yield pa.record_batch([pa.array(texts, type=pa.string())], names=[LINE_COLUMN])
