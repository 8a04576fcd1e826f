"""Rewriters for line-based formats: text logs, JSON Lines, CSV/TSV.

They work on the raw bytes of each row (a line, or a CSV record that may span lines), so every row the
plan does not name is written back byte for byte: the invariant "every other row identical" then holds by
construction and the check after writing is a true comparison, not a re-serialisation. Rows are counted
as the scan's readers count them: every line of a log (empty ones too), every non-blank line of a JSON
Lines file, every non-empty record after a CSV header.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from jejak.connectors.formats.delimited import guess_delimiter
from jejak.erasure.edits import MARKER, Cut, Edits, RewriteError, Rewritten, check_rows, redact_text, row_hash

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class _Row:
    raw: bytes  # with its line break(s)
    is_row: bool  # False for what readers skip (blank JSONL lines, empty CSV lines, the CSV header)


def _physical_lines(payload: bytes) -> list[bytes]:
    lines = payload.split(b"\n")
    tail = lines.pop()
    return [line + b"\n" for line in lines] + ([tail] if tail else [])


def _content(raw: bytes) -> bytes:
    return raw.removesuffix(b"\n").removesuffix(b"\r")


def _ending(raw: bytes) -> bytes:
    return raw[len(_content(raw)) :]


class _LineFormat:
    """Shared skeleton: split into rows, rewrite the named ones, join."""

    def split(self, payload: bytes) -> tuple[bytes, list[_Row]]:
        raise NotImplementedError

    def edit_row(self, raw: bytes, cuts: tuple[Cut, ...]) -> bytes:
        raise NotImplementedError

    def rewrite(self, payload: bytes, edits: Edits) -> Rewritten:
        prefix, parts = self.split(payload)
        total = sum(part.is_row for part in parts)
        check_rows(edits, total)
        out = [prefix]
        index = -1
        for part in parts:
            if not part.is_row:
                out.append(part.raw)
                continue
            index += 1
            if index in edits.delete:
                continue
            cuts = edits.redact.get(index)
            out.append(self.edit_row(part.raw, cuts) if cuts else part.raw)
        removed = len(edits.delete)
        return Rewritten(b"".join(out), total, total - removed, removed, edits.spans)

    def rows(self, payload: bytes) -> list[str]:
        return [row_hash(_content(part.raw)) for part in self.split(payload)[1] if part.is_row]

    def schema(self, payload: bytes) -> str:
        return ""


class TextRewriter(_LineFormat):
    """Logs: every line is a row; only spans are redacted (line numbers stay stable for everyone else)."""

    def split(self, payload: bytes) -> tuple[bytes, list[_Row]]:
        prefix = _BOM if payload.startswith(_BOM) else b""
        return prefix, [_Row(line, True) for line in _physical_lines(payload[len(prefix) :])]

    def edit_row(self, raw: bytes, cuts: tuple[Cut, ...]) -> bytes:
        text = _content(raw).decode("utf-8", errors="replace")
        return redact_text(text, cuts).encode("utf-8") + _ending(raw)


class JsonLinesRewriter(_LineFormat):
    def split(self, payload: bytes) -> tuple[bytes, list[_Row]]:
        prefix = _BOM if payload.startswith(_BOM) else b""
        lines = _physical_lines(payload[len(prefix) :])
        return prefix, [_Row(line, bool(_content(line)) and not _content(line).isspace()) for line in lines]

    def edit_row(self, raw: bytes, cuts: tuple[Cut, ...]) -> bytes:
        try:
            record = json.loads(_content(raw))
        except ValueError as exc:
            raise RewriteError("a line to redact is not valid JSON; erase it by hand") from exc
        by_column: dict[str, list[Cut]] = {}
        for cut in cuts:
            if cut.column is None:
                raise RewriteError("a span without a column in a JSON Lines file; plan again")
            by_column.setdefault(cut.column, []).append(cut)
        for column, column_cuts in by_column.items():
            _redact_path(record, column, column_cuts)
        return json.dumps(record, ensure_ascii=False).encode("utf-8") + _ending(raw)


def _redact_path(record: Any, column: str, cuts: list[Cut]) -> None:
    """Blank spans in the string at a dotted path through objects (lists are not addressed yet)."""
    *parents, leaf = column.split(".")
    node = record
    for name in parents:
        node = node.get(name) if isinstance(node, dict) else None
    if not isinstance(node, dict) or leaf not in node:
        raise RewriteError(f"column {column} is not a field path this rewriter can address; erase by hand")
    value = node[leaf]
    if isinstance(value, str):
        node[leaf] = redact_text(value, cuts)
    elif all(cut.start is None for cut in cuts):  # a subject-key cell of another type: blank it
        node[leaf] = MARKER
    else:
        raise RewriteError(f"column {column} is not text; erase that row instead of redacting it")


class DelimitedRewriter(_LineFormat):
    """CSV/TSV: records found by the csv module over physical lines, so a quoted value with line breaks
    stays one record; a redacted record is written again with the file's delimiter and line ending."""

    def __init__(self, tab: bool) -> None:
        self._tab = tab
        self._header: list[str] = []
        self._delimiter_used = "\t" if tab else ","

    def _delimiter(self, text: str) -> str:
        if self._tab:
            return "\t"
        return guess_delimiter(text[:65536])

    def split(self, payload: bytes) -> tuple[bytes, list[_Row]]:
        prefix = _BOM if payload.startswith(_BOM) else b""
        body = payload[len(prefix) :]
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RewriteError("not valid UTF-8 text; erase it by hand") from exc
        lines = _physical_lines(body)
        delimiter = self._delimiter(text)
        rows: list[_Row] = []
        self._header = []
        for first, last, fields in _records(lines, delimiter):
            raw = b"".join(lines[first : last + 1])
            if not rows:
                self._header = fields
            rows.append(_Row(raw, bool(rows) and bool(fields)))  # the first record is the header
        self._delimiter_used = delimiter
        return prefix, rows

    def edit_row(self, raw: bytes, cuts: tuple[Cut, ...]) -> bytes:
        fields = next(
            csv.reader(raw.decode("utf-8").splitlines(keepends=True), delimiter=self._delimiter_used)
        )
        for cut in cuts:
            if cut.column not in self._header:
                raise RewriteError(f"column {cut.column} is not in the header; plan again")
            position = self._header.index(cut.column)
            fields[position] = redact_text(fields[position], [cut])
        out = io.StringIO()
        ending = _ending(raw).decode() or "\n"
        csv.writer(out, delimiter=self._delimiter_used, lineterminator=ending).writerow(fields)
        written = out.getvalue().encode("utf-8")
        return written if _ending(raw) else _content(written)

    def schema(self, payload: bytes) -> str:
        parts = self.split(payload)[1]
        return _content(parts[0].raw).decode("utf-8") if parts else ""


def _records(lines: list[bytes], delimiter: str) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, fields) of each record; the csv module pulls lines one at a time, so the
    line it last pulled ends the record it just returned."""
    position = -1

    def feed() -> Iterator[str]:
        nonlocal position
        for number, line in enumerate(lines):
            position = number
            yield line.decode("utf-8")

    reader = csv.reader(feed(), delimiter=delimiter)
    start = 0
    for fields in reader:
        yield start, position, fields
        start = position + 1
