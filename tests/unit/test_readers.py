"""The shared format readers: every format plain and gzipped, damaged inputs, and the batch contract."""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.unit.reading import read_file, read_until_error, sniffed_asset

from jejak.asset import AssetFormat
from jejak.connectors.base import ReadReport
from jejak.connectors.formats.lines import iter_line_runs, lines_in
from jejak.connectors.formats.records import RAW_COLUMN, VALUE_COLUMN, records_to_batch
from jejak.errors import AssetReadError

PEOPLE = [{"name": f"person {i}", "phone": f"0{812000 + i}"} for i in range(25)]


def _encode(fmt: AssetFormat, rows: list[dict[str, str]]) -> bytes:
    if fmt is AssetFormat.PARQUET:
        sink = io.BytesIO()
        pq.write_table(pa.Table.from_pylist(rows), sink, row_group_size=10)
        return sink.getvalue()
    if fmt in (AssetFormat.CSV, AssetFormat.TSV):
        sep = "," if fmt is AssetFormat.CSV else "\t"
        lines = [sep.join(rows[0])] + [sep.join(row.values()) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    if fmt is AssetFormat.JSONL:
        return b"".join(json.dumps(row).encode() + b"\n" for row in rows)
    if fmt is AssetFormat.JSON:
        return json.dumps(rows, indent=2).encode()
    return "".join(f"{row['name']} {row['phone']}\n" for row in rows).encode()


def _expected(fmt: AssetFormat, rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    if fmt is AssetFormat.TEXT:
        return [{"line": f"{row['name']} {row['phone']}"} for row in rows]
    return rows


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _rows(batches: list[pa.RecordBatch]) -> list[dict[str, Any]]:
    return [row for batch in batches for row in batch.to_pylist()]


FORMATS = [
    (AssetFormat.PARQUET, "people.parquet"),
    (AssetFormat.CSV, "people.csv"),
    (AssetFormat.TSV, "people.tsv"),
    (AssetFormat.JSONL, "people.jsonl"),
    (AssetFormat.JSON, "people.json"),
    (AssetFormat.TEXT, "people.log"),
]


@pytest.mark.parametrize("forward_only", [False, True], ids=["seekable", "forward-only"])
@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize(("fmt", "name"), FORMATS, ids=[fmt.value for fmt, _ in FORMATS])
def test_every_format_reads_all_rows_in_order_within_batch_rows(
    tmp_path: Path, fmt: AssetFormat, name: str, gzipped: bool, forward_only: bool
) -> None:
    content = _encode(fmt, PEOPLE)
    path = _write(tmp_path, name + (".gz" if gzipped else ""), gzip.compress(content) if gzipped else content)
    asset = sniffed_asset(path)
    assert (asset.format, asset.compression) == (fmt, "gzip" if gzipped else None)

    batches, report = read_file(path, forward_only=forward_only, batch_rows=4)

    assert _rows(batches) == _expected(fmt, PEOPLE)
    assert all(0 < batch.num_rows <= 4 for batch in batches)
    assert report.warnings == []


def test_parquet_reports_rows_total_from_metadata(tmp_path: Path) -> None:
    path = _write(tmp_path, "people.parquet", _encode(AssetFormat.PARQUET, PEOPLE))
    _, report = read_file(path)
    assert report.rows_total == len(PEOPLE)


@pytest.mark.parametrize(
    "content",
    [
        b"PAR1 this is not parquet at all PAR1",
        b"PAR1" + b"\x00" * 100,
        _encode(AssetFormat.PARQUET, PEOPLE)[:-20],
    ],
    ids=["garbage", "zeros", "cut-footer"],
)
def test_corrupt_parquet_is_an_asset_read_error(tmp_path: Path, content: bytes) -> None:
    path = _write(tmp_path, "broken.parquet", content)
    with pytest.raises(AssetReadError, match=r"not a valid Parquet file \(.+\); re-export it or exclude it"):
        read_file(path)


def test_csv_keeps_every_value_as_text(tmp_path: Path) -> None:
    content = b'id,phone,address\n007,0812345,"1 Main St\nApt 2"\n8,+62 812,x\n'
    batches, _ = read_file(_write(tmp_path, "people.csv", content))
    assert all(field.type == pa.string() for field in batches[0].schema)
    assert _rows(batches) == [
        {"id": "007", "phone": "0812345", "address": "1 Main St\nApt 2"},
        {"id": "8", "phone": "+62 812", "address": "x"},
    ]


def test_csv_with_semicolons_and_a_bom(tmp_path: Path) -> None:
    content = b"\xef\xbb\xbfname;email\nalice;a@example.com\n"
    batches, _ = read_file(_write(tmp_path, "people.csv", content))
    assert _rows(batches) == [{"name": "alice", "email": "a@example.com"}]


def test_csv_header_after_blank_lines_still_makes_every_column_text(tmp_path: Path) -> None:
    """pyarrow skips empty lines, so the header is the first non-empty line; the column types must be
    declared for that one, or a phone number is read as an integer and loses its leading zero."""
    content = b"\r\n\nname,phone\nalice,0812345678\n"
    batches, _ = read_file(_write(tmp_path, "people.csv", content))
    assert _rows(batches) == [{"name": "alice", "phone": "0812345678"}]


def test_ragged_csv_names_the_row_but_not_its_content(tmp_path: Path) -> None:
    content = b"name,email,phone\nalice,a@example.com,1\nsecret-bob,2\ncarol,c@example.com,3\n"
    path = _write(tmp_path, "people.csv", content)
    with pytest.raises(AssetReadError, match=r"row 3 .*has 2 fields but the header has 3") as caught:
        read_file(path)
    assert "secret-bob" not in str(caught.value)


def test_jsonl_nested_values_become_list_of_struct(tmp_path: Path) -> None:
    content = b'{"messages":[{"role":"user","content":"hi"}]}\n{"messages":[]}\n'
    batches, _ = read_file(_write(tmp_path, "chat.jsonl", content))
    assert batches[0].schema.field("messages").type == pa.list_(
        pa.struct([("role", pa.string()), ("content", pa.string())])
    )
    assert _rows(batches)[0] == {"messages": [{"role": "user", "content": "hi"}]}


def test_jsonl_mixed_types_fall_back_to_json_text(tmp_path: Path) -> None:
    content = b'{"id": 1, "tags": ["a"]}\n{"id": "x-2", "tags": {"k": 1}}\n{"id": null, "tags": null}\n'
    batches, report = read_file(_write(tmp_path, "mixed.jsonl", content))
    assert _rows(batches) == [
        {"id": "1", "tags": '["a"]'},
        {"id": "x-2", "tags": '{"k": 1}'},
        {"id": None, "tags": None},
    ]
    assert report.warnings == []


def test_jsonl_bad_line_is_kept_as_raw_text_with_a_warning(tmp_path: Path) -> None:
    content = b'{"name": "alice"}\n\n{"name": bob}\n[1, 2]\n{"name": "carol"}\n'
    batches, report = read_file(_write(tmp_path, "people.jsonl", content))
    assert _rows(batches) == [
        {"name": "alice", RAW_COLUMN: None, VALUE_COLUMN: None},
        {"name": None, RAW_COLUMN: '{"name": bob}', VALUE_COLUMN: None},
        {"name": None, RAW_COLUMN: None, VALUE_COLUMN: [1, 2]},
        {"name": "carol", RAW_COLUMN: None, VALUE_COLUMN: None},
    ]
    assert report.warnings == ["line 3 is not valid JSON; scanned as text"]


def test_jsonl_date_strings_stay_strings(tmp_path: Path) -> None:
    content = b'{"dob": "1990-01-31", "seen": {"at": "2024-05-01 10:00:00"}}\n'
    batches, _ = read_file(_write(tmp_path, "people.jsonl", content))
    assert _rows(batches) == [{"dob": "1990-01-31", "seen": {"at": "2024-05-01 10:00:00"}}]


HUGE = 50 * 1024 * 1024
MIB = 1024 * 1024


@pytest.mark.parametrize(
    ("name", "before", "huge", "after", "expected_after"),
    [
        ("app.log", b"first\n", b"x" * HUGE, b"\nlast line\n", {"line": "last line"}),
        ("events.jsonl", b'{"n": 1}\n', b'{"blob": "' + b"x" * HUGE + b'"}', b'\n{"n": 3}\n', {"n": 3}),
    ],
    ids=["text", "jsonl"],
)
def test_huge_line_is_cut_and_skipped_without_loading_it(
    tmp_path: Path, name: str, before: bytes, huge: bytes, after: bytes, expected_after: dict[str, Any]
) -> None:
    path = _write(tmp_path, name, before + huge + after)
    del huge
    tracemalloc.start()
    try:
        batches, report = read_file(path, max_line_bytes=MIB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    rows = _rows(batches)
    assert len(rows) == 3
    assert {k: v for k, v in rows[2].items() if v is not None} == expected_after
    cut = next(value for value in rows[1].values() if value is not None)
    assert len(cut) == MIB
    assert report.warnings == [
        f"line 2 is longer than {MIB} bytes; only its first {MIB} bytes were scanned "
        "(raise max_line_bytes to scan more)"
    ]
    assert peak < 16 * MIB, f"peak {peak / MIB:.0f} MiB: the long line was loaded"


def test_text_keeps_empty_lines_and_replaces_bad_bytes(tmp_path: Path) -> None:
    content = b"one\r\n\r\ntw\xffo\nno newline at end"
    batches, _ = read_file(_write(tmp_path, "app.log", content))
    assert _rows(batches) == [
        {"line": "one"},
        {"line": ""},
        {"line": "tw\ufffdo"},
        {"line": "no newline at end"},
    ]


def test_json_single_object_is_one_row(tmp_path: Path) -> None:
    content = json.dumps({"name": "alice", "address": {"city": "Jakarta"}}, indent=2).encode()
    batches, _ = read_file(_write(tmp_path, "profile.json", content))
    assert _rows(batches) == [{"name": "alice", "address": {"city": "Jakarta"}}]


def test_json_array_streams_in_batches(tmp_path: Path) -> None:
    records = [{"n": i, "v": 0.5} for i in range(1000)]
    batches, _ = read_file(_write(tmp_path, "big.json", json.dumps(records).encode()), batch_rows=300)
    assert [batch.num_rows for batch in batches] == [300, 300, 300, 100]
    assert _rows(batches) == records


def test_invalid_json_document_yields_records_before_the_error(tmp_path: Path) -> None:
    content = b'[{"name": "alice"}, {"name": "bob"}, {"name": secret-carol}]'
    rows, error = read_until_error(_write(tmp_path, "people.json", content))
    assert rows == [{"name": "alice"}, {"name": "bob"}]
    assert error.reason == "not valid JSON after record 2; fix the file or exclude it"


def test_empty_files_have_no_rows(tmp_path: Path) -> None:
    for name in ("a.csv", "a.jsonl", "a.json", "a.log"):
        batches, _ = read_file(_write(tmp_path, name, b""))
        assert batches == [], name


TRUNCATABLE = [
    ("people.csv.gz", AssetFormat.CSV),
    ("people.jsonl.gz", AssetFormat.JSONL),
    ("people.json.gz", AssetFormat.JSON),
    ("people.log.gz", AssetFormat.TEXT),
    ("people.parquet.gz", AssetFormat.PARQUET),
]


@pytest.mark.parametrize(("name", "fmt"), TRUNCATABLE, ids=[fmt.value for _, fmt in TRUNCATABLE])
def test_truncated_gzip_yields_rows_read_then_fails(tmp_path: Path, name: str, fmt: AssetFormat) -> None:
    rows = [{"name": f"person {i}", "phone": f"{i:09d}"} for i in range(60_000)]
    packed = gzip.compress(_encode(fmt, rows), compresslevel=1)
    read, error = read_until_error(_write(tmp_path, name, packed[: len(packed) // 2]), batch_rows=5000)

    assert error.reason == (
        f"truncated gzip stream after {len(read)} rows; the file is incomplete, re-copy it or exclude it"
    )
    assert read == _expected(fmt, rows)[: len(read)]
    if fmt is not AssetFormat.PARQUET:  # Parquet needs its footer: nothing is readable before the end
        assert len(read) > 10_000


def test_gzip_with_bad_crc_is_corrupt(tmp_path: Path) -> None:
    packed = bytearray(gzip.compress(b"alice\nbob\n"))
    packed[-8] ^= 0xFF  # the CRC32 in the gzip trailer
    rows, error = read_until_error(_write(tmp_path, "app.log.gz", bytes(packed)))
    assert rows == [{"line": "alice"}, {"line": "bob"}]  # the CRC is checked after the data is out
    assert "corrupt gzip stream" in error.reason
    assert "CRC" in error.reason


def test_unknown_format_is_an_asset_read_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "blob.bin", b"\x00\x01\x02")
    assert sniffed_asset(path).format is AssetFormat.UNKNOWN
    with pytest.raises(AssetReadError, match="not a format jejak can read"):
        read_file(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"a\nb\n", [b"a", b"b"]),
        (b"a\r\nb", [b"a", b"b"]),
        (b"\xef\xbb\xbfa\n\xef\xbb\xbfb\n", [b"a", b"\xef\xbb\xbfb"]),  # only a leading BOM is a BOM
        (b"\n\n", [b"", b""]),
        (b"abcdefgh\nxy\n", [b"abcde", b"xy"]),  # cut at max_line_bytes=5, even across read blocks
        (b"abcde\n", [b"abcde"]),  # exactly the limit: not cut
        (b"", []),
    ],
)
def test_lines_split_across_small_read_blocks(content: bytes, expected: list[bytes]) -> None:
    pieces = iter_line_runs(io.BytesIO(content), 5, ReadReport(), read_bytes=3)
    lines = [line for piece in pieces for line in lines_in(piece)]
    assert [line.data for line in lines] == expected
    assert [line.number for line in lines] == list(range(1, len(expected) + 1))


@pytest.mark.parametrize(
    ("values", "expected_types"),
    [
        ([{"a": 1}, {"b": "x"}], {"a": pa.int64(), "b": pa.string()}),
        ([{"a": 1}, {"a": 2**70}], {"a": pa.string()}),
        ([{"a": True}, {"a": 1}], {"a": pa.string()}),
        ([{"a": [1]}, {"a": [2.5]}], {"a": pa.list_(pa.float64())}),
        (["text", 3], {VALUE_COLUMN: pa.string()}),
        ([{}, {}], {VALUE_COLUMN: pa.null()}),
    ],
)
def test_records_to_batch_always_builds_one_row_per_record(
    values: list[Any], expected_types: dict[str, pa.DataType]
) -> None:
    batch = records_to_batch(values)
    assert batch.num_rows == len(values)
    assert {field.name: field.type for field in batch.schema} == expected_types
