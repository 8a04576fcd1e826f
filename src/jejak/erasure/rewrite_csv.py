"""CSV/TSV as runs and records: the csv module finds the records, so a quoted value with line breaks
stays one record, and consecutive records the plan does not name are handed on together as one `Run`.

Rows are counted as the scan's reader counts them: every non-empty record after the header (the first
non-empty record). The delimiter is guessed from the same head the reader sniffs (or, for a rewrite,
taken from its original). A redacted record is written again with the file's delimiter and the record's
own line ending.
"""

from __future__ import annotations

import csv
import io
from collections import deque
from collections.abc import Iterator, Sequence
from itertools import chain
from typing import BinaryIO

from jejak.connectors.base import ReadOptions
from jejak.connectors.formats.delimited import guess_delimiter
from jejak.connectors.formats.sniff import HEAD_BYTES
from jejak.erasure import rewrite_cursor
from jejak.erasure.edits import Cut, RewriteError, cuts_by_column, redact_text, redaction_fits
from jejak.erasure.rewrite_cursor import ByteCursor, too_long
from jejak.erasure.rewrite_text import BOM, LineFile, Record, Run, content, ending


class DelimitedFile:
    def __init__(self, stream: BinaryIO, like: LineFile | None = None, tab: bool = False) -> None:
        self._cursor = ByteCursor(stream)
        head = self._cursor.head(HEAD_BYTES, max(ReadOptions().max_line_bytes, HEAD_BYTES))
        self.prefix = BOM if head.startswith(BOM) else b""
        self._cursor.skip(len(self.prefix))
        self.delimiter: str
        if isinstance(like, DelimitedFile):
            self.delimiter = like.delimiter
        else:
            text = head.decode("utf-8", errors="replace").lstrip("\ufeff").lstrip("\r\n")
            self.delimiter = "\t" if tab else guess_delimiter(text)
        self._blocks: deque[tuple[int, list[bytes], int]] = deque()  # (first line, raw lines, bytes)
        self._lines = 0  # lines loaded so far
        self._open_end = False  # the file's last line has no line break
        self._loaded = False  # a block was loaded since the last record
        self._done = 0  # lines of the records handed out so far
        self._reader = csv.reader(chain.from_iterable(self._texts()), delimiter=self.delimiter)
        self._leading: list[bytes] = []  # empty lines before the header: the reader skips them too
        self._header: bytes | None = None
        for fields in self._records():
            if fields:
                self._header = self._take(self._reader.line_num)
                break
            self._leading.append(self._take(self._reader.line_num))
        self.header = self.fields(self._header) if self._header is not None else []
        self.schema = content(self._header).decode("utf-8") if self._header is not None else ""

    def _texts(self) -> Iterator[list[str]]:
        """The decoded lines of each block, without their "\n", for the csv module to iterate in C (it
        ends a record at the end of each string as it would at a line break, and carries a quoted value
        over to the next string; only the value loses the break, and named records are parsed again)."""
        while block := self._cursor.block():
            try:
                text = block.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise RewriteError("not valid UTF-8 text; erase it by hand") from exc
            raws, texts = block.split(b"\n"), text.split("\n")  # "\n" only ever ends a line in UTF-8
            if block.endswith(b"\n"):
                raws.pop()
                texts.pop()
            else:
                self._open_end = True
            self._blocks.append((self._lines, raws, len(block)))
            self._lines += len(raws)
            self._loaded = True
            held = sum(size for first, lines, size in self._blocks if first + len(lines) > self._done)
            if held > rewrite_cursor.MAX_RECORD_BYTES:  # one record over this many blocks
                raise too_long()
            yield texts

    def _records(self) -> Iterator[list[str]]:
        try:
            yield from self._reader
        except csv.Error as exc:  # its message may quote the data: not kept
            raise RewriteError("not a CSV/TSV file the rewriter can parse; erase it by hand") from exc

    def _take(self, end: int) -> bytes:
        """The raw bytes of lines done..end-1, with their line breaks; those lines are then done."""
        parts: list[bytes] = []
        for first, lines, _ in self._blocks:
            parts.extend(lines[max(self._done - first, 0) : max(end - first, 0)])
        self._done = end
        while self._blocks and self._blocks[0][0] + len(self._blocks[0][1]) <= end:
            self._blocks.popleft()
        raw = b"\n".join(parts)
        return raw if self._open_end and end == self._lines else raw + b"\n"

    def fields(self, raw: bytes) -> list[str]:
        """One record's values, line breaks inside quoted values included."""
        lines = raw.decode("utf-8").split("\n")
        texts = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
        return next(csv.reader(texts, delimiter=self.delimiter), [])

    def items(self, wanted: Sequence[int]) -> Iterator[Run | Record]:
        for raw in self._leading:
            yield Record(raw, False, [])
        if self._header is not None:
            yield Record(self._header, False, self.header)
        targets = set(wanted)
        reader = self._reader
        row = run_rows = 0
        start = self._done  # where the record being read starts
        self._loaded = False
        for fields in self._records():
            end = reader.line_num
            if fields and row in targets:
                if start > self._done:
                    yield Run(self._take(start), run_rows)
                    run_rows = 0
                raw = self._take(end)
                yield Record(raw, True, self.fields(raw))
            elif fields:
                run_rows += 1
            row += bool(fields)
            start = end
            if self._loaded and end > self._done:  # a new block came in: hand on what is done
                yield Run(self._take(end), run_rows)
                run_rows = 0
                self._loaded = False
        if self._done < self._lines:
            yield Run(self._take(self._lines), run_rows)

    def rows_in(self, data: bytes) -> int:
        reader = csv.reader(io.StringIO(data.decode("utf-8", errors="replace")), delimiter=self.delimiter)
        return sum(1 for fields in reader if fields)

    def _positions(self, cuts: Sequence[Cut]) -> dict[int, list[Cut]]:
        positions: dict[int, list[Cut]] = {}
        for column, column_cuts in cuts_by_column(cuts, "a CSV file").items():
            if column not in self.header:
                raise RewriteError(f"column {column} is not in the header; plan again")
            positions[self.header.index(column)] = column_cuts
        return positions

    def edit(self, record: Record, cuts: Sequence[Cut]) -> bytes:
        fields = list(record.fields or [])
        for position, column_cuts in self._positions(cuts).items():
            if position >= len(fields):
                raise RewriteError("a row to redact has fewer fields than the header; erase it by hand")
            fields[position] = redact_text(fields[position], column_cuts)
        out = io.StringIO()
        end = ending(record.raw)
        csv.writer(out, delimiter=self.delimiter, lineterminator=end.decode() or "\n").writerow(fields)
        written = out.getvalue().encode("utf-8")
        return written if end else content(written)

    def redaction_fits(self, before: Record, after: Record, cuts: Sequence[Cut]) -> bool:
        old, new = before.fields or [], after.fields or []
        if len(old) != len(new) or ending(before.raw) != ending(after.raw):
            return False
        positions = self._positions(cuts)
        return all(
            redaction_fits(a, b, positions[i]) if i in positions else a == b
            for i, (a, b) in enumerate(zip(old, new, strict=True))
        )
