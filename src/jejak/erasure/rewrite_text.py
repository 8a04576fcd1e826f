"""Line-based formats as runs and records: text logs and JSON Lines (CSV/TSV: rewrite_csv).

Only the rows a plan names are ever looked at one by one. Everything between them is handed on as a
`Run`: whole lines as stored, about a megabyte at a time, which pass 1 copies and pass 2 compares as
bytes, in C. Each named row comes as a `Record`: the raw bytes of its line with its line break, so a
record is only re-encoded when it is redacted, and every other byte of the file stays as it was.

Rows are counted as the scan's readers count them (connectors/formats): every line of a log (empty ones
too), every non-blank line of a JSON Lines file. A line ends at "\\n" ("\\r\\n" keeps its "\\r" as part of
the ending); a last line without a break is still a line. A UTF-8 byte-order mark is not part of the
first row (the readers drop it too); it is kept as a prefix.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO, NamedTuple, Protocol

from jejak.erasure.edits import Cut, RewriteError, redact_text, redaction_fits
from jejak.erasure.rewrite_cursor import ByteCursor
from jejak.erasure.rewrite_fields import json_redaction_fits, redact_json

BOM = b"\xef\xbb\xbf"


class Record(NamedTuple):
    raw: bytes  # with its line break(s), exactly as stored
    is_row: bool  # False for what readers skip (blank JSONL lines, empty CSV lines, the CSV header)
    fields: list[str] | None = None  # a CSV record's values, as parsed


class Run(NamedTuple):
    """Whole records the plan does not name, as stored, and how many rows they hold."""

    raw: bytes
    rows: int


class LineFile(Protocol):
    """One file opened as runs and records (`like` is the original when this is its rewrite)."""

    prefix: bytes
    schema: str

    def items(self, wanted: Sequence[int]) -> Iterator[Run | Record]:
        """The file in order: a Record for each row in `wanted` (sorted), Runs for everything else."""
        ...

    def rows_in(self, data: bytes) -> int:
        """Rows in `data`, whole lines from the start of a Run (to say where a difference lies)."""
        ...

    def edit(self, record: Record, cuts: Sequence[Cut]) -> bytes: ...

    def redaction_fits(self, before: Record, after: Record, cuts: Sequence[Cut]) -> bool: ...


def content(raw: bytes) -> bytes:
    return raw.removesuffix(b"\n").removesuffix(b"\r")


def ending(raw: bytes) -> bytes:
    return raw[len(content(raw)) :]


class TextFile:
    """Logs: every line is a row; only spans are redacted (line numbers stay stable for everyone else)."""

    schema = ""

    def __init__(self, stream: BinaryIO, like: LineFile | None = None) -> None:
        self._cursor = ByteCursor(stream)
        self.prefix = BOM if self._cursor.peek(len(BOM)) == BOM else b""
        self._cursor.skip(len(self.prefix))

    def _row_lines(self, lines: list[bytes]) -> list[int] | None:
        """The index of each line that is a row, or None when every line is one."""
        return None

    def _count(self, lines: list[bytes]) -> int:
        return len(lines)

    def rows_in(self, data: bytes) -> int:
        return self._count(data.split(b"\n")[:-1])

    def items(self, wanted: Sequence[int]) -> Iterator[Run | Record]:
        row = 0
        while block := self._cursor.block():
            lines = block.split(b"\n")
            if not lines[-1]:
                lines.pop()  # the block ends with a line break, not with a line
            rows = self._count(lines)
            targets = wanted[bisect_left(wanted, row) : bisect_left(wanted, row + rows)]
            if targets:
                yield from self._split(block, lines, row, targets)
            else:
                yield Run(block, rows)
            row += rows

    def _split(
        self, block: bytes, lines: list[bytes], row: int, targets: Sequence[int]
    ) -> Iterator[Run | Record]:
        open_end = not block.endswith(b"\n")
        row_lines = self._row_lines(lines)

        def raw(first: int, last: int) -> bytes:  # lines first..last-1 as stored
            data = b"\n".join(lines[first:last])
            return data if open_end and last == len(lines) else data + b"\n"

        def rows(first: int, last: int) -> int:
            if row_lines is None:
                return last - first
            return bisect_left(row_lines, last) - bisect_left(row_lines, first)

        start = 0
        for target in targets:
            line = target - row if row_lines is None else row_lines[target - row]
            if line > start:
                yield Run(raw(start, line), rows(start, line))
            yield Record(raw(line, line + 1), True)
            start = line + 1
        if start < len(lines):
            yield Run(raw(start, len(lines)), rows(start, len(lines)))

    def edit(self, record: Record, cuts: Sequence[Cut]) -> bytes:
        text = content(record.raw).decode("utf-8", errors="replace")
        return redact_text(text, cuts).encode("utf-8") + ending(record.raw)

    def redaction_fits(self, before: Record, after: Record, cuts: Sequence[Cut]) -> bool:
        old = content(before.raw).decode("utf-8", errors="replace")
        new = content(after.raw).decode("utf-8", errors="replace")
        return ending(before.raw) == ending(after.raw) and redaction_fits(old, new, cuts)


class JsonLinesFile(TextFile):
    """One JSON value per non-blank line; a redacted line is the record written again as compact JSON."""

    def _count(self, lines: list[bytes]) -> int:
        blank = lines.count(b"") + sum(map(bytes.isspace, lines))  # both in C: no loop per line here
        return len(lines) - blank

    def _row_lines(self, lines: list[bytes]) -> list[int] | None:
        if self._count(lines) == len(lines):
            return None
        return [index for index, line in enumerate(lines) if line and not line.isspace()]

    def edit(self, record: Record, cuts: Sequence[Cut]) -> bytes:
        value = redact_json(_parse(record.raw), cuts)
        return json.dumps(value, ensure_ascii=False).encode("utf-8") + ending(record.raw)

    def redaction_fits(self, before: Record, after: Record, cuts: Sequence[Cut]) -> bool:
        if ending(before.raw) != ending(after.raw):
            return False
        return json_redaction_fits(_parse(before.raw), _parse(after.raw), cuts)


def _parse(raw: bytes) -> Any:
    try:
        return json.loads(content(raw))
    except ValueError as exc:
        raise RewriteError("a line to redact is not valid JSON; erase it by hand") from exc
