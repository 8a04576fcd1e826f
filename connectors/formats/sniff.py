"""Tell an asset's format from its first bytes, using the file name only where content cannot decide.

Extensions lie: exports named `.csv` that hold JSON lines, `.parquet` files that are error pages. A
reader chosen from a lying extension fails on the first block, or worse, reads garbage as data. So the
content decides (magic numbers, then the shape of the first lines) and the extension breaks ties: a
header-only CSV, an empty file, or a `.log` whose lines happen to contain commas.
"""

from __future__ import annotations

import csv
import io
import json
import struct
import zlib
from pathlib import PurePosixPath

from jejak.asset import AssetFormat

#: How much of a file (decompressed, for gzip) the sniffer looks at.
HEAD_BYTES = 64 * 1024

GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"
#: An Arrow IPC file (Feather v2) starts and ends with this, padded to 8 bytes at the start.
ARROW_FILE_MAGIC = b"ARROW1"
#: The legacy Feather v1 layout, which is not Arrow IPC at all.
FEATHER_V1_MAGIC = b"FEA1"
#: Every message of a current (Arrow >= 0.15) IPC stream starts with this, then its metadata length.
IPC_CONTINUATION = b"\xff\xff\xff\xff"
_IPC_SCHEMA_MESSAGE = 1  # MessageHeader.Schema: a stream always opens with its schema
_IPC_MAX_VERSION = 4  # MetadataVersion.V5
_IPC_MAX_METADATA = 1 << 28
_GZIP_TRAILER_BYTES = 8
DELIMITERS = (",", "\t", ";", "|")

_EXTENSIONS = {
    ".parquet": AssetFormat.PARQUET,
    ".pq": AssetFormat.PARQUET,
    ".csv": AssetFormat.CSV,
    ".tsv": AssetFormat.TSV,
    ".jsonl": AssetFormat.JSONL,
    ".ndjson": AssetFormat.JSONL,
    ".json": AssetFormat.JSON,
    ".log": AssetFormat.TEXT,
    ".txt": AssetFormat.TEXT,
    ".arrow": AssetFormat.ARROW,
    ".arrows": AssetFormat.ARROW,
    ".feather": AssetFormat.ARROW,
    ".ipc": AssetFormat.ARROW,
}
_SAMPLE_ROWS = 20
_MAX_NON_TEXT_RATIO = 0.10  # replacement or control characters tolerated in text (Latin-1 accents...)
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\b\x1b")


def format_from_name(name: str) -> tuple[AssetFormat | None, str | None]:
    """What the file name claims: (format or None if unknown, "gzip" or None)."""
    path = PurePosixPath(name.lower())
    compression = None
    if path.suffix == ".gz":
        path, compression = path.with_suffix(""), "gzip"
    return _EXTENSIONS.get(path.suffix), compression


def sniff(head: bytes, name: str) -> tuple[AssetFormat, str | None]:
    """Return (format, compression) for a file whose first bytes are `head` (up to `HEAD_BYTES`).

    A gzip head is decompressed here, as far as the head allows, and its payload sniffed: so callers
    only ever read the stored bytes once, whatever the compression.
    """
    if head.startswith(GZIP_MAGIC):
        inner_name = name[:-3] if name.lower().endswith(".gz") else name
        payload = _gunzip_head(head)
        if payload is None or payload.startswith(GZIP_MAGIC):
            return AssetFormat.UNKNOWN, "gzip"
        return _sniff_payload(payload, inner_name), "gzip"
    return _sniff_payload(head, name), None


def _gunzip_head(head: bytes) -> bytes | None:
    """Decompress what a partial gzip member allows; None if not even its start is valid gzip.

    Input is fed in small pieces so that damage further on (a bad CRC in the trailer of a small file)
    keeps the payload already decoded: the format is still known, and the reader reports the damage.
    """
    decompressor = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    payload = bytearray()
    body = max(len(head) - _GZIP_TRAILER_BYTES, 0)  # the CRC is checked on the trailer: feed it alone
    pieces = [head[start : min(start + 4096, body)] for start in range(0, body, 4096)]
    pieces.append(head[body:])
    try:
        for piece in pieces:
            payload += decompressor.decompress(piece)
            if len(payload) >= HEAD_BYTES or decompressor.eof:
                break
    except zlib.error:
        if not payload:
            return None
    return bytes(payload[:HEAD_BYTES])


def _sniff_payload(head: bytes, name: str) -> AssetFormat:
    claimed, _ = format_from_name(name)
    if not head:
        return claimed or AssetFormat.TEXT
    if head.startswith(PARQUET_MAGIC):
        return AssetFormat.PARQUET
    if is_arrow(head):
        return AssetFormat.ARROW
    if not is_text(head):
        return AssetFormat.UNKNOWN
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith("{"):
        shaped = _object_format(text, claimed)
        if shaped is not None:
            return shaped
    elif text.startswith("[") and _is_json_prefix(_complete_lines(text)):
        return AssetFormat.JSON
    if text.startswith(("{", "[")) and claimed in (AssetFormat.JSON, AssetFormat.JSONL):
        return claimed  # broken JSON named as JSON: the JSON reader will say where it breaks
    if claimed is AssetFormat.TEXT:
        return AssetFormat.TEXT  # a log with commas is still a log: reading it as CSV fails on a ragged line
    delimiter = detect_delimiter(text, require_header=True)
    if delimiter is not None:
        return AssetFormat.TSV if delimiter == "\t" else AssetFormat.CSV
    if claimed in (AssetFormat.CSV, AssetFormat.TSV):
        return claimed
    return AssetFormat.TEXT


def is_arrow(head: bytes) -> bool:
    """An Arrow IPC file (Feather v2), a legacy Feather v1 file, or an Arrow IPC stream.

    The file formats carry a magic number; the NUL padding after it keeps a text file that happens to
    start with "ARROW1" out. A stream has none, only a continuation marker and a length, which random
    binary data matches often enough, so its first message is decoded far enough to see a schema.
    Feather v1 is recognised so that the reader can say it is unsupported rather than skip it silently.
    """
    if head.startswith(ARROW_FILE_MAGIC):
        return head[len(ARROW_FILE_MAGIC) : len(ARROW_FILE_MAGIC) + 2] == b"\x00\x00"
    if head.startswith(FEATHER_V1_MAGIC):
        return b"\x00" in head[len(FEATHER_V1_MAGIC) : 16]
    return is_arrow_stream(head)


def is_arrow_stream(head: bytes) -> bool:
    """True when `head` opens with an IPC schema message: continuation marker, an 8-aligned metadata
    length, then a flatbuffer `Message` whose version is known and whose header is a `Schema`.

    Only the message's root table is decoded. Flatbuffers are built back to front, so the root table
    sits at the start of the metadata even when a large schema makes the message outgrow the head.
    """
    if not head.startswith(IPC_CONTINUATION) or len(head) < 16:
        return False
    (length,) = struct.unpack_from("<i", head, 4)
    if length <= 0 or length % 8 or length > _IPC_MAX_METADATA:
        return False
    message = head[8 : 8 + length]
    try:
        (root,) = struct.unpack_from("<I", message, 0)
        vtable = root - struct.unpack_from("<i", message, root)[0]
        if vtable < 0:
            return False
        vtable_size, table_size = struct.unpack_from("<HH", message, vtable)
        if vtable_size < 8 or vtable_size % 2 or table_size < 4:
            return False
        version_at, header_type_at = struct.unpack_from("<HH", message, vtable + 4)
        version = struct.unpack_from("<h", message, root + version_at)[0] if version_at else 0
        header_type = struct.unpack_from("<B", message, root + header_type_at)[0] if header_type_at else 0
    except struct.error:
        return False  # an offset points past the head: not a message
    return 0 <= version <= _IPC_MAX_VERSION and header_type == _IPC_SCHEMA_MESSAGE


def is_text(head: bytes) -> bool:
    """UTF-8 text with at most a few bad bytes. A NUL byte settles it: text never holds one, nearly
    every binary format does."""
    if b"\x00" in head:
        return False
    text = head.decode("utf-8", errors="replace")
    odd = sum(1 for char in text if char == "\ufffd" or (char < " " and char not in _TEXT_CONTROLS))
    return odd <= len(text) * _MAX_NON_TEXT_RATIO


def _object_format(text: str, claimed: AssetFormat | None) -> AssetFormat | None:
    """JSONL when the first line is a whole JSON object, JSON when an object spans lines, else None."""
    first, newline, rest = text.partition("\n")
    try:
        first_is_object = isinstance(json.loads(first), dict)
    except ValueError:
        first_is_object = False
    if first_is_object:
        single = not rest.strip()
        return AssetFormat.JSON if claimed is AssetFormat.JSON and single else AssetFormat.JSONL
    if not newline:
        # One line longer than the head: it cannot be parsed whole, so trust a JSON-looking start.
        if _is_json_prefix(text):
            return AssetFormat.JSON if claimed is AssetFormat.JSON else AssetFormat.JSONL
        return None
    return AssetFormat.JSON if _is_json_prefix(_complete_lines(text)) else None


def _complete_lines(text: str) -> str:
    """Drop the last line, which the head may have cut in the middle (a whole file loses nothing that
    decides the outcome: a JSON prefix stays a JSON prefix)."""
    cut = text.rfind("\n")
    return text[:cut] if cut > 0 else text


def _is_json_prefix(text: str) -> bool:
    """True when `text` is a JSON value or a valid beginning of one.

    `json` reports where parsing stopped: at the very end of the text means "ran out of input", i.e. a
    truncated but so far valid document; anywhere earlier means the text is not JSON (e.g. a log line
    like "[2024-05-01 10:00] started").
    """
    text = text.rstrip()
    try:
        json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        return exc.pos >= len(text) or exc.msg.startswith("Unterminated string")
    return True


def detect_delimiter(text: str, require_header: bool = False) -> str | None:
    """The delimiter that splits the sample's rows into one consistent number (>= 2) of fields.

    `csv.Sniffer` is not used: its `has_header` rejects tables whose columns are all text, which is
    exactly what personal data looks like (names, emails). With `require_header`, the first row must
    also look like a header: no empty and no repeated names.
    """
    lines = text.splitlines()
    if len(lines) > 2 and not text.endswith("\n"):
        lines = lines[:-1]  # the head may have cut the last row
    sample = "\n".join(lines[: _SAMPLE_ROWS + 1])
    best: tuple[int, str] | None = None
    for delimiter in DELIMITERS:
        try:
            rows = [row for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row]
        except csv.Error:
            continue
        widths = {len(row) for row in rows}
        if len(rows) < 2 or len(widths) != 1 or (width := widths.pop()) < 2:
            continue
        if require_header and not _looks_like_header(rows[0]):
            continue
        if best is None or width > best[0]:
            best = (width, delimiter)
    return best[1] if best else None


def _looks_like_header(row: list[str]) -> bool:
    names = [name.strip() for name in row]
    return all(names) and len(set(names)) == len(names)
