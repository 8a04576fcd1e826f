"""CSV and TSV: streamed by pyarrow, every column read as text.

Type inference is switched off on purpose. pyarrow infers types from the first block only, so a
postcode column that is all digits for 50,000 rows and then holds "SW1A 1AA" fails the read; and a
phone number read as int64 loses its leading zero before the scanner sees it. The header is parsed
up front so every column can be declared `string`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.csv as pa_csv

from jejak.asset import Asset, AssetFormat
from jejak.connectors.base import ReadOptions, ReadReport
from jejak.connectors.formats.contract import batch_reader, short_reason
from jejak.connectors.formats.sniff import DELIMITERS, HEAD_BYTES, detect_delimiter
from jejak.connectors.formats.streams import (
    CleanCutStream,
    PrefixedStream,
    StreamOpener,
    open_content,
    read_until,
)
from jejak.errors import AssetReadError

_MIN_BLOCK_BYTES = 4 << 20  # a row longer than one block is an error in pyarrow: keep blocks roomy
_MAX_BLOCK_BYTES = 64 << 20
_RAGGED = re.compile(r"(?:Row #(?P<row>\d+): )?Expected (?P<expected>\d+) columns, got (?P<got>\d+)")


@batch_reader
def read_delimited(
    opener: StreamOpener, asset: Asset, options: ReadOptions, report: ReadReport
) -> Iterator[pa.RecordBatch]:
    """Rows of a CSV (delimiter sniffed, or `asset.hints["delimiter"]`) or TSV file, all values strings.

    A row with the wrong number of fields ends the read with an `AssetReadError` naming the row.
    """
    with open_content(opener, asset) as raw:
        head = read_until(raw, b"\n", HEAD_BYTES, max(options.max_line_bytes, HEAD_BYTES))
        text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
        if not text.strip():
            return
        text = text.lstrip("\r\n")  # pyarrow skips empty lines: the header is the first non-empty one
        delimiter = _delimiter(asset, text)
        names = next(csv.reader(io.StringIO(text), delimiter=delimiter))
        block_size = _block_size(text, options.batch_rows)
        reader_options = pa_csv.ReadOptions(block_size=block_size, use_threads=False)  # threads hide row #s
        parse_options = pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True)
        convert_options = pa_csv.ConvertOptions(column_types={name: pa.string() for name in names})
        source = CleanCutStream(PrefixedStream(head, raw))
        try:
            reader = pa_csv.open_csv(
                source,
                read_options=reader_options,
                parse_options=parse_options,
                convert_options=convert_options,
            )
            yield from reader
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            if source.error is not None:
                raise source.error from exc  # a row cut by the damage, not a malformed file
            raise AssetReadError(asset.uri, _describe(exc, block_size)) from exc
        if source.error is not None:
            raise source.error


def _delimiter(asset: Asset, text: str) -> str:
    """TSV means tab; a CSV gets its hint, else the delimiter consistent over the sample rows, else the
    candidate most frequent in the header line (one-column and header-only files), else a comma."""
    if asset.format is AssetFormat.TSV:
        return "\t"
    return asset.hints.get("delimiter") or guess_delimiter(text)


def guess_delimiter(text: str) -> str:
    """The delimiter consistent over the sample rows, else the candidate most frequent in the header line,
    else a comma. Also what erasure uses to rewrite a CSV the way it was read."""
    found = detect_delimiter(text)
    if found is not None:
        return found
    header = text.partition("\n")[0]
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _block_size(text: str, batch_rows: int) -> int:
    """Bytes for about `batch_rows` rows, judged from the head's average line length."""
    lines = max(text.count("\n"), 1)
    per_row = max(len(text.encode("utf-8")) // lines, 1)
    return min(max(per_row * batch_rows, _MIN_BLOCK_BYTES), _MAX_BLOCK_BYTES)


def _describe(exc: Exception, block_size: int) -> str:
    """pyarrow's messages end with the offending row's text: only counts and row numbers are kept."""
    message = str(exc)
    ragged = _RAGGED.search(message)
    if ragged:
        where = f"row {ragged['row']} (the header is row 1)" if ragged["row"] else "a row"
        return (
            f"{where} has {ragged['got']} fields but the header has {ragged['expected']}; "
            "fix the file or exclude it"
        )
    if "invalid UTF8" in message or "invalid UTF-8" in message:
        return "not valid UTF-8 text; re-encode the file as UTF-8 or exclude it"
    if "straddling" in message:
        return f"a row is longer than the {block_size}-byte read block; split the file or exclude it"
    reason = short_reason(exc).split(":", 1)[0]
    return f"not a valid CSV/TSV file ({reason}); fix the file or exclude it"
