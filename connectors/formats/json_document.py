"""JSON documents: an array of records (one row per element) or a single object (one row).

Exports of this kind reach gigabytes, and `json.load` would hold all of it (several times over, as
Python objects). `ijson` streams the array element by element, so memory stays at one batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import ijson
import pyarrow as pa

from jejak.asset import Asset
from jejak.connectors.base import ReadOptions, ReadReport
from jejak.connectors.formats.chunking import chunked
from jejak.connectors.formats.contract import batch_reader
from jejak.connectors.formats.records import records_to_batch
from jejak.connectors.formats.streams import STREAM_ERRORS, PrefixedStream, StreamOpener, open_content
from jejak.errors import AssetReadError

_WHITESPACE = b" \t\r\n"
_BOM = b"\xef\xbb\xbf"


@batch_reader
def read_json_document(
    opener: StreamOpener, asset: Asset, options: ReadOptions, report: ReadReport
) -> Iterator[pa.RecordBatch]:
    """Rows in document order. Invalid JSON ends the read with an error naming the last good record;
    the records before it are yielded first. A single top-level object is held whole in memory."""
    with open_content(opener, asset) as raw:
        first, stream = _first_token(raw)
        if not first:
            return  # an empty (or blank) document has no rows
        prefix = "item" if first == b"[" else ""
        items = ijson.items(stream, prefix, use_float=True)
        count = 0
        try:
            for chunk in chunked(items, options.batch_rows, flush_on=(*STREAM_ERRORS, ijson.JSONError)):
                count += len(chunk)
                yield records_to_batch(chunk)
        except ijson.JSONError as exc:
            # ijson's message quotes the text around the error, which may be personal data: not kept.
            raise AssetReadError(
                asset.uri, f"not valid JSON after record {count}; fix the file or exclude it"
            ) from exc


def _first_token(raw: BinaryIO) -> tuple[bytes, BinaryIO]:
    """The first significant byte ("[", "{", ...) and a stream that still starts at it.

    The top-level shape decides how ijson is asked to iterate, and a forward-only stream cannot be
    rewound after looking, so the peeked bytes are replayed through a `PrefixedStream`.
    """
    skipped_bom = False
    while block := raw.read(1 << 16):
        if not skipped_bom:
            block, skipped_bom = block.removeprefix(_BOM), True
        data = block.lstrip(_WHITESPACE)
        if data:
            return data[:1], PrefixedStream(data, raw)
    return b"", raw
