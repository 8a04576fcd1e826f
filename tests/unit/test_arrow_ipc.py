"""Arrow IPC files (Feather v2) and streams: sniffing, reading plain/gzipped/forward-only, damage."""

from __future__ import annotations

import gzip
import io
import warnings
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.feather as feather
import pytest
from tests.unit.reading import read_file, read_until_error, sniffed_asset

from jejak.asset import AssetFormat
from jejak.connectors.base import ListOptions, ReadOptions, ReadReport
from jejak.connectors.formats.sniff import HEAD_BYTES, format_from_name, is_arrow_stream, sniff
from jejak.connectors.local import LocalConnector

PEOPLE = pa.table(
    {
        "name": [f"person {i}" for i in range(25)],
        "phone": [f"0{812000 + i}" for i in range(25)],
        "tags": [[f"t{i}", "x"] for i in range(25)],
    }
)


def stream_bytes(table: pa.Table = PEOPLE, chunk: int = 10) -> bytes:
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        for batch in table.to_batches(max_chunksize=chunk):
            writer.write_batch(batch)
    return sink.getvalue()


def file_bytes(table: pa.Table = PEOPLE, chunk: int = 10) -> bytes:
    sink = io.BytesIO()
    with pa.ipc.new_file(sink, table.schema) as writer:
        for batch in table.to_batches(max_chunksize=chunk):
            writer.write_batch(batch)
    return sink.getvalue()


def feather_v2_bytes() -> bytes:
    sink = io.BytesIO()
    feather.write_feather(PEOPLE, sink)  # lz4-compressed buffers by default
    return sink.getvalue()


def feather_v1_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "legacy.feather"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        feather.write_feather(pa.table({"name": ["alice"]}), str(path), version=1)
    return path.read_bytes()


def _rows(batches: list[pa.RecordBatch]) -> list[dict[str, Any]]:
    return [row for batch in batches for row in batch.to_pylist()]


ENCODINGS = {
    "stream": (stream_bytes, "people.arrow"),
    "file": (file_bytes, "people.arrow"),
    "feather": (feather_v2_bytes, "people.feather"),
}


@pytest.mark.parametrize("forward_only", [False, True], ids=["seekable", "forward-only"])
@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("kind", list(ENCODINGS))
def test_reads_all_rows_in_order_recut_to_batch_rows(
    tmp_path: Path, kind: str, gzipped: bool, forward_only: bool
) -> None:
    encode, name = ENCODINGS[kind]
    content = encode()
    path = tmp_path / (name + (".gz" if gzipped else ""))
    path.write_bytes(gzip.compress(content) if gzipped else content)
    assert (sniffed_asset(path).format, sniffed_asset(path).compression) == (
        AssetFormat.ARROW,
        "gzip" if gzipped else None,
    )

    batches, report = read_file(path, forward_only=forward_only, batch_rows=4)

    assert _rows(batches) == PEOPLE.to_pylist()
    assert all(0 < batch.num_rows <= 4 for batch in batches)
    assert report.rows_total == (None if kind == "stream" else 25)
    assert report.warnings == []


@pytest.mark.parametrize(
    ("chunk", "batch_rows", "expected"),
    [(1000, 7, [7, 7, 7, 4]), (10, 4, [4, 4, 2, 4, 4, 2, 4, 1]), (10, 100, [10, 10, 5])],
    ids=["cut", "cut-each", "never-merged"],
)
def test_written_batches_are_cut_to_batch_rows(
    tmp_path: Path, chunk: int, batch_rows: int, expected: list[int]
) -> None:
    path = tmp_path / "big.arrow"
    path.write_bytes(stream_bytes(chunk=chunk))
    batches, _ = read_file(path, batch_rows=batch_rows)
    assert [batch.num_rows for batch in batches] == expected


def test_bytes_after_the_end_of_stream_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "twice.arrow"
    path.write_bytes(stream_bytes() * 2)  # `cat a.arrows b.arrows`: only the first stream is read
    batches, report = read_file(path)
    assert _rows(batches) == PEOPLE.to_pylist()
    assert report.warnings == [
        f"{len(stream_bytes())} bytes after the end of the Arrow IPC stream were not read"
    ]


def test_empty_table_has_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "empty.arrow"
    path.write_bytes(stream_bytes(PEOPLE.slice(0, 0)))
    batches, _ = read_file(path)
    assert batches == []


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("data.arrow", stream_bytes(), AssetFormat.ARROW),
        ("data", stream_bytes(), AssetFormat.ARROW),  # no extension: the first message decides
        ("data.csv", stream_bytes(), AssetFormat.ARROW),  # a lying extension
        ("data.feather", file_bytes(), AssetFormat.ARROW),
        ("data.bin", feather_v2_bytes(), AssetFormat.ARROW),
        ("data.ipc", file_bytes(), AssetFormat.ARROW),
        ("data.arrows", stream_bytes(), AssetFormat.ARROW),
        ("data.arrow", b"", AssetFormat.ARROW),  # empty: the name decides, the reader reports it
        ("data.arrow", b"some,text\n1,2\n", AssetFormat.CSV),
        ("notes.txt", b"ARROW1 is the magic of Arrow files\n", AssetFormat.TEXT),
        ("junk.arrow", b"\xff\xff\xff\xff" + bytes(range(256)) * 4, AssetFormat.UNKNOWN),
        ("junk", b"\xff\xff\xff\xff\x10\x00\x00\x00" + b"\x00" * 64, AssetFormat.UNKNOWN),
        ("junk", b"\xff\xff\xff\xff\x0c\x00\x00\x00" + b"\x01" * 64, AssetFormat.UNKNOWN),  # unaligned
    ],
)
def test_sniff_arrow(name: str, content: bytes, expected: AssetFormat) -> None:
    assert sniff(content[:HEAD_BYTES], name) == (expected, None)
    assert sniff(gzip.compress(content)[:HEAD_BYTES], name + ".gz") == (expected, "gzip")


def test_sniff_feather_v1(tmp_path: Path) -> None:
    assert sniff(feather_v1_bytes(tmp_path), "legacy.feather") == (AssetFormat.ARROW, None)


def test_sniff_stream_whose_schema_message_outgrows_the_head() -> None:
    metadata = {b"huggingface": b"x" * (2 * HEAD_BYTES)}  # HF puts its features JSON here
    content = stream_bytes(PEOPLE.replace_schema_metadata(metadata))
    assert is_arrow_stream(content[:HEAD_BYTES])


def test_stream_messages_are_recognised_only_when_they_open_with_a_schema() -> None:
    content = stream_bytes()
    schema_length = int.from_bytes(content[4:8], "little")
    second_message = content[8 + schema_length :]  # a record batch message, not a stream's start
    assert is_arrow_stream(content)
    assert not is_arrow_stream(second_message)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.arrow", (AssetFormat.ARROW, None)),
        ("a.FEATHER", (AssetFormat.ARROW, None)),
        ("a.ipc", (AssetFormat.ARROW, None)),
        ("a.arrows", (AssetFormat.ARROW, None)),
        ("a.arrow.gz", (AssetFormat.ARROW, "gzip")),
    ],
)
def test_format_from_name(name: str, expected: tuple[AssetFormat | None, str | None]) -> None:
    assert format_from_name(name) == expected


def test_stream_cut_mid_message_yields_rows_before_then_fails(tmp_path: Path) -> None:
    path = tmp_path / "cut.arrow"
    path.write_bytes(stream_bytes()[:-30])
    rows, error = read_until_error(path, batch_rows=4)
    assert rows == PEOPLE.to_pylist()[:20]
    assert error.reason.startswith("truncated or corrupt Arrow IPC stream after 20 rows (")
    assert error.reason.endswith("); re-export it or exclude it")
    assert "\n" not in str(error)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (file_bytes()[:-30], "file"),  # footer cut: the file cannot be indexed
        (b"ARROW1\x00\x00" + b"\x07" * 200, "file"),
        (stream_bytes()[:40], "stream"),  # cut inside the schema message
    ],
    ids=["cut-footer", "garbage-after-magic", "cut-schema"],
)
def test_corrupt_arrow_is_an_asset_read_error(tmp_path: Path, content: bytes, kind: str) -> None:
    path = tmp_path / "broken.arrow"
    path.write_bytes(content)
    rows, error = read_until_error(path)
    assert rows == []
    assert error.reason.startswith(f"not a valid Arrow IPC {kind} (")
    assert error.reason.endswith("); re-export it or exclude it")


def test_empty_arrow_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.arrow"
    path.write_bytes(b"")
    _, error = read_until_error(path)
    assert error.reason == "empty file, not an Arrow IPC file; re-export it or exclude it"


def test_feather_v1_is_reported_as_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "legacy.feather"
    path.write_bytes(feather_v1_bytes(tmp_path))
    _, error = read_until_error(path)
    assert error.reason == (
        "Feather v1 (legacy) file, which cannot be streamed; re-save it as Feather v2 "
        "(pyarrow.feather.write_feather) or exclude it"
    )


def test_truncated_gzip_stream_is_a_storage_error_not_a_format_error(tmp_path: Path) -> None:
    big = pa.table({"name": [f"person {i}" for i in range(60_000)]})
    packed = gzip.compress(stream_bytes(big, chunk=1000), compresslevel=1)
    path = tmp_path / "big.arrow.gz"
    path.write_bytes(packed[: len(packed) // 2])
    rows, error = read_until_error(path, batch_rows=5000)
    assert error.reason == (
        f"truncated gzip stream after {len(rows)} rows; the file is incomplete, re-copy it or exclude it"
    )
    assert len(rows) > 10_000
    assert rows == big.to_pylist()[: len(rows)]


def test_gzip_bad_crc_is_reported_as_corrupt_gzip(tmp_path: Path) -> None:
    packed = bytearray(gzip.compress(stream_bytes()))
    packed[-8] ^= 0xFF  # the CRC32 in the gzip trailer
    path = tmp_path / "people.arrow.gz"
    path.write_bytes(bytes(packed))
    _, error = read_until_error(path)
    assert "corrupt gzip stream" in error.reason


def test_truncated_gzip_file_format_fails_while_spooling(tmp_path: Path) -> None:
    packed = gzip.compress(file_bytes())
    path = tmp_path / "people.feather.gz"
    path.write_bytes(packed[: len(packed) // 2])
    rows, error = read_until_error(path)
    assert rows == []  # the footer is at the end: nothing can be read before it
    assert error.reason.startswith("truncated gzip stream after 0 rows")


def test_plain_arrow_and_feather_files_are_ordinary_local_assets(tmp_path: Path) -> None:
    (tmp_path / "a.arrow").write_bytes(stream_bytes())
    (tmp_path / "b.feather").write_bytes(feather_v2_bytes())
    connector = LocalConnector()
    assets = list(connector.list_assets(str(tmp_path), ListOptions()))
    assert [(Path(a.uri).name, a.format, a.hints) for a in assets] == [
        ("a.arrow", AssetFormat.ARROW, {}),
        ("b.feather", AssetFormat.ARROW, {}),
    ]
    for asset in assets:
        rows = [
            row
            for batch in connector.read_batches(asset, ReadOptions(), ReadReport())
            for row in batch.to_pylist()
        ]
        assert rows == PEOPLE.to_pylist()
