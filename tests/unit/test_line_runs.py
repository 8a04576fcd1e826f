"""Lines read as runs: the same lines as splitting the whole content, and JSON Lines read through them give
the same batches and warnings as reading them line by line (the reader's former path, kept here as the
reference)."""

from __future__ import annotations

import functools
import io
import json
import random
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest

from jejak.asset import Asset, AssetFormat
from jejak.connectors.base import ReadOptions, ReadReport
from jejak.connectors.formats import jsonl, text
from jejak.connectors.formats import lines as line_reading
from jejak.connectors.formats.chunking import chunked
from jejak.connectors.formats.lines import Line, LineRun, is_blank, iter_line_runs, lines_in
from jejak.connectors.formats.records import records_to_batch

PIECES = [b"a", b"b", b"\n", b"\r", b"\r\n", b" ", b"\t", b"\xef\xbb\xbf", b"xyz", b"\n\n", b"\n \n"]


def _expanded(pieces: Iterator[Line | LineRun]) -> list[Line]:
    return [line for piece in pieces for line in lines_in(piece)]


def _lines_one_by_one(content: bytes, limit: int, report: ReadReport, before: int = 0) -> Iterator[Line]:
    """The reference: the whole content split at its breaks, line by line (a cut line is reported as it is
    reached, so warnings interleave with those of the lines before it, as when streaming)."""
    parts = content.split(b"\n")
    if parts[-1] == b"":
        parts.pop()  # a final break ends the last line; no line follows it
    for offset, part in enumerate(parts):
        cut = len(part) > limit
        # a whole line's rules (BOM, "\r", the warning) are `_finish`'s, as in the reader; what is checked
        # here is where lines begin and end, however the content reaches the reader
        yield line_reading._finish(before + offset + 1, part[:limit] if cut else part, cut, limit, report)


def test_runs_hold_the_lines_of_the_content() -> None:
    rng = random.Random(1)
    runs_seen = 0
    for _ in range(4000):
        content = b"".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))
        limit, block, before = rng.randint(1, 12), rng.randint(1, 16), rng.choice([0, 0, 5])
        by_line, by_run = ReadReport(), ReadReport()
        expected = list(_lines_one_by_one(content, limit, by_line, before))
        pieces = list(
            iter_line_runs(io.BytesIO(content), limit, by_run, read_bytes=block, lines_before=before)
        )
        assert _expanded(iter(pieces)) == expected, (content, limit, block, before)
        assert by_run.warnings == by_line.warnings  # cut lines are reported once, alike
        runs_seen += sum(isinstance(piece, LineRun) and piece.rows > 1 for piece in pieces)
    assert runs_seen > 1000  # most blocks hold whole lines, which come as runs


def test_a_run_splits_where_asked() -> None:
    run = LineRun(7, b"ab\n\ncde", 3)
    assert run.size == 5
    head, rest = run.split(2)
    assert head == LineRun(7, b"ab\n", 2) and rest == LineRun(9, b"cde", 1)
    assert run.split(3) == (run, None)


def _line(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.03:
        return b""
    if roll < 0.05:
        return b"  \t"
    if roll < 0.07:
        return b"not json {"
    if roll < 0.09:
        return json.dumps({"a": "x" * rng.randint(0, 60)}).encode()  # some exceed the line limit
    if roll < 0.10:
        return json.dumps({"a": rng.randint(0, 9)}).encode()  # a field changing type
    if roll < 0.11:
        return b"\xef\xbb\xbf" + json.dumps({"b": 1}).encode()
    if roll < 0.12:
        return json.dumps({"ts": "2026-01-02T03:04:05Z", "m": "hi"}).encode()
    if roll < 0.13:
        return b"{}"
    row = {
        "msg": f"hello {rng.randint(0, 10**6)}",
        "n": rng.randint(0, 100),
        "tags": ["a", "b"][: rng.randint(0, 2)],
    }
    return json.dumps(row).encode()


def _line_by_line(
    content: bytes, options: ReadOptions, chunk_bytes: int, report: ReadReport
) -> list[pa.RecordBatch]:
    """JSON Lines as the reader read them before runs: non-blank lines chunked one by one."""
    lines = _lines_one_by_one(content, options.max_line_bytes, report)
    records = (line for line in lines if not is_blank(line.data))
    batches: list[pa.RecordBatch] = []
    for chunk in chunked(records, options.batch_rows, chunk_bytes, lambda line: len(line.data)):
        table = jsonl._parse_fast(chunk)
        if table is not None:
            batches.extend(table.to_batches())
        else:
            batches.append(records_to_batch(jsonl._parse_slow(chunk, report)))
    return batches


def _rows(batches: list[pa.RecordBatch]) -> list[tuple[Any, ...]]:
    return [(batch.schema, batch.to_pylist()) for batch in batches]


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_json_lines_read_as_runs_give_what_reading_line_by_line_gives(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    slow_chunks = 0
    for _ in range(60):
        newline = rng.choice([b"\n", b"\n", b"\r\n"])
        content = newline.join(_line(rng) for _ in range(rng.randint(0, 300))) + rng.choice([b"", newline])
        options = ReadOptions(
            batch_rows=rng.choice([1, 2, 7, 50, 65536]), max_line_bytes=rng.choice([30, 1 << 20])
        )
        chunk_bytes, block = rng.choice([40, 500, 5000, 16 << 20]), rng.choice([5, 64, 1000, 1 << 20])
        expected_report, report = ReadReport(), ReadReport()
        expected = _line_by_line(content, options, chunk_bytes, expected_report)
        monkeypatch.setattr(jsonl, "CHUNK_BYTES", chunk_bytes)
        monkeypatch.setattr(jsonl, "iter_line_runs", functools.partial(iter_line_runs, read_bytes=block))
        asset = Asset(
            uri="memory://log.jsonl", connector="local", format=AssetFormat.JSONL, size=len(content)
        )
        batches = list(jsonl.read_jsonl(functools.partial(io.BytesIO, content), asset, options, report))
        assert _rows(batches) == _rows(expected)
        assert report.warnings == expected_report.warnings
        slow_chunks += len(expected_report.warnings)
    assert slow_chunks > 20  # bad lines and cut lines sent chunks down the line-by-line path


def test_text_lines_read_as_runs_decode_as_each_line_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run is decoded whole; bad UTF-8 at a line's end or start must become what decoding the line alone
    gives (a line break is never part of a UTF-8 sequence)."""
    rng = random.Random(9)
    pieces = [*PIECES, b"\xe2\x82", b"\xff", b"\xc3", b"\xa9", "ไทย".encode(), b"\xf0\x9f\x98"]
    for _ in range(300):
        content = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        options = ReadOptions(batch_rows=rng.choice([1, 3, 65536]), max_line_bytes=rng.choice([4, 1 << 20]))
        block = rng.choice([3, 16, 1 << 20])
        monkeypatch.setattr(text, "iter_line_runs", functools.partial(iter_line_runs, read_bytes=block))
        asset = Asset(uri="memory://app.log", connector="local", format=AssetFormat.TEXT, size=len(content))
        read = list(text.read_text(functools.partial(io.BytesIO, content), asset, options, ReadReport()))
        expected = [
            line.data.decode("utf-8", errors="replace")
            for line in _lines_one_by_one(content, options.max_line_bytes, ReadReport())
        ]
        assert [value for batch in read for value in batch.column(0).to_pylist()] == expected, content
