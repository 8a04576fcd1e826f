"""JSON documents (an array of records), streamed element by element with ijson as the scan reads them.

An array is re-serialised, so other records cannot keep their bytes; the invariants compare content
instead: each record as canonical JSON (sorted keys), before and after, in lockstep. The layout is kept
as far as it matters to people: indented by 2 when the document has line breaks (judged from its first
64 KiB, where a pretty-printed array shows them), compact otherwise, and a final newline stays. A single
top-level object is one row the file cannot lose: it is refused (erase it by hand).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import ijson

from jejak.connectors.formats.streams import PrefixedStream
from jejak.erasure.edits import Counts, Edits, RewriteError, Source, check_counts, check_rows
from jejak.erasure.rewrite_cursor import BatchedWriter
from jejak.erasure.rewrite_fields import json_redaction_fits, redact_json
from jejak.erasure.rewrite_streams import BUFFER_BYTES

_HEAD_BYTES = 64 << 10
_BOM = b"\xef\xbb\xbf"


class _Tail(io.RawIOBase):
    """Passes a stream through and remembers its last byte (whether the document ends in a newline)."""

    def __init__(self, stream: io.RawIOBase) -> None:
        super().__init__()
        self._stream = stream
        self.last = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self._stream.readinto(buffer) or 0
        if count:
            self.last = bytes(memoryview(buffer)[count - 1 : count])
        return count

    def drain(self) -> bytes:
        block = bytearray(BUFFER_BYTES)
        while self.readinto(block):
            pass
        return self.last


@dataclass(frozen=True)
class _Array:
    pretty: bool
    items: Iterator[Any]
    tail: _Tail


def _open_array(stream: BinaryIO) -> _Array:
    head = bytearray()
    while len(head) < _HEAD_BYTES and (block := stream.read(_HEAD_BYTES - len(head))):
        head += block
    body = bytes(head).removeprefix(_BOM)
    stripped = body.strip()
    if not stripped:
        raise RewriteError("not valid JSON (an empty document); erase it by hand")
    if not stripped.startswith(b"["):
        raise RewriteError("a single JSON object, not an array of records; erase it by hand")
    tail = _Tail(PrefixedStream(body, stream))
    return _Array(b"\n" in stripped, _items(ijson.items(tail, "item", use_float=True)), tail)


def _items(items: Iterator[Any]) -> Iterator[Any]:
    count = 0
    try:
        for item in items:
            yield item
            count += 1
    except ijson.JSONError as exc:  # ijson's message quotes the text around the error: not kept
        raise RewriteError(f"not valid JSON after record {count}; erase it by hand") from exc


# One encoder each, made once: json.dumps builds a new encoder per call, a cost paid per record here.
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=repr)
_COMPACT = json.JSONEncoder(ensure_ascii=False)
_PRETTY = json.JSONEncoder(ensure_ascii=False, indent=2)


def _canonical(record: Any) -> str:
    return _CANONICAL.encode(record)


class JsonDocumentRewriter:
    def rewrite(self, source: Source, sink: BinaryIO, edits: Edits) -> Counts:
        array = _open_array(source.stream)
        out = BatchedWriter(sink)
        out.write(b"[")
        first, separator = (b"\n  ", b",\n  ") if array.pretty else (b"", b", ")
        total = kept = 0
        for index, record in enumerate(array.items):
            total += 1
            if index in edits.delete:
                continue
            cuts = edits.redact.get(index)
            if cuts:
                record = redact_json(record, cuts)
            out.write((separator if kept else first) + self._dumps(record, array.pretty))
            kept += 1
        out.write(b"\n]" if array.pretty and kept else b"]")
        out.write(b"\n" if array.tail.drain() == b"\n" else b"")
        out.flush()
        check_rows(edits, total)
        return Counts.of(total, edits)

    @staticmethod
    def _dumps(record: Any, pretty: bool) -> bytes:
        """One element as `json.dumps(array, indent=2)` would lay it out inside the array."""
        if not pretty:
            return _COMPACT.encode(record).encode("utf-8")
        return _PRETTY.encode(record).replace("\n", "\n  ").encode("utf-8")

    def check(self, before: Source, after: Source, edits: Edits, counts: Counts) -> None:
        old = _open_array(before.stream)
        try:
            new = _open_array(after.stream)
        except RewriteError as exc:
            raise RewriteError("the rewrite is no longer a JSON array of records") from exc
        rows_before = rows_after = 0
        ended = False
        for index, record in enumerate(old.items):
            rows_before += 1
            if index in edits.delete or ended:
                continue
            twin = next(new.items, _END)
            if twin is _END:
                ended = True
                continue
            rows_after += 1
            cuts = edits.redact.get(index)
            if cuts:
                if not json_redaction_fits(record, twin, cuts):
                    raise RewriteError(f"row {index} changed beyond the plan's spans")
            elif _canonical(twin) != _canonical(record):
                raise RewriteError(f"row {index} would change although the plan does not name it")
        rows_after += sum(1 for _ in new.items)
        check_counts(rows_before, rows_after, counts)


_END = object()
