"""Format sniffing: content decides, the extension only breaks ties."""

from __future__ import annotations

import gzip
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jejak.asset import AssetFormat
from jejak.connectors.formats.sniff import HEAD_BYTES, detect_delimiter, format_from_name, sniff


def _parquet_bytes() -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.table({"name": ["alice", "bob"]}), sink)
    return sink.getvalue()


CSV = b"name,email,phone\nalice,a@example.com,0812\nbob,b@example.com,0813\n"
JSONL = b'{"name": "alice"}\n{"name": "bob"}\n'
PRETTY_OBJECT = json.dumps({"name": "alice", "tags": ["a", "b"]}, indent=2).encode()
PRETTY_ARRAY = json.dumps([{"name": "alice"}, {"name": "bob"}], indent=2).encode()
LOG = b"[2024-05-01 10:00:01] INFO started\n[2024-05-01 10:00:02] WARN slow, retrying\n"
BINARY = bytes(range(256)) * 8

CASES = [
    # (file name, content, expected format) -- the name lies in several rows on purpose
    ("data.parquet", _parquet_bytes(), AssetFormat.PARQUET),
    ("data.csv", _parquet_bytes(), AssetFormat.PARQUET),
    ("data", _parquet_bytes(), AssetFormat.PARQUET),
    ("data.parquet", b"just some text\nin a file\n", AssetFormat.TEXT),
    ("people.csv", CSV, AssetFormat.CSV),
    ("people.dat", CSV, AssetFormat.CSV),
    ("people", CSV.replace(b",", b"\t"), AssetFormat.TSV),
    ("people.csv", CSV.replace(b",", b"\t"), AssetFormat.TSV),
    ("people", CSV.replace(b",", b";"), AssetFormat.CSV),
    ("people", CSV.replace(b",", b"|"), AssetFormat.CSV),
    ("people.tsv", b"name\nalice\n", AssetFormat.TSV),  # one column: nothing to sniff, the name decides
    ("header-only.csv", b"name,email\n", AssetFormat.CSV),
    ("events.jsonl", JSONL, AssetFormat.JSONL),
    ("events.csv", JSONL, AssetFormat.JSONL),
    ("events.txt", JSONL, AssetFormat.JSONL),
    ("events", b"\xef\xbb\xbf  " + JSONL, AssetFormat.JSONL),
    ("one.json", b'{"name": "alice"}\n', AssetFormat.JSON),
    ("one.jsonl", b'{"name": "alice"}\n', AssetFormat.JSONL),
    ("doc.json", PRETTY_OBJECT, AssetFormat.JSON),
    ("doc.csv", PRETTY_OBJECT, AssetFormat.JSON),
    ("list.txt", PRETTY_ARRAY, AssetFormat.JSON),
    ("list", b"[1, 2, 3]", AssetFormat.JSON),
    ("app.log", LOG, AssetFormat.TEXT),
    ("app", LOG, AssetFormat.TEXT),
    ("app.log", b"2024-05-01,INFO,start\n2024-05-01,INFO,stop\n", AssetFormat.TEXT),
    ("notes", b"{not json at all}\nsecond line\n", AssetFormat.TEXT),
    ("broken.json", b'[{"a": 1}, {"a": oops}]', AssetFormat.JSON),  # starts like JSON, named JSON
    ("broken.txt", b'[{"a": 1}, {"a": oops}]', AssetFormat.TEXT),
    ("latin1.txt", "Le café est fermé le dimanche, merci.\n".encode("latin-1") * 3, AssetFormat.TEXT),
    ("junk.csv", BINARY, AssetFormat.UNKNOWN),
    ("junk", b"\x00\x01\x02\x03text", AssetFormat.UNKNOWN),
    ("junk.log", bytes(range(128, 256)) * 8, AssetFormat.UNKNOWN),  # no NUL, but not UTF-8 either
    ("empty.csv", b"", AssetFormat.CSV),
    ("empty", b"", AssetFormat.TEXT),
]


@pytest.mark.parametrize(("name", "content", "expected"), CASES)
def test_sniff_plain(name: str, content: bytes, expected: AssetFormat) -> None:
    assert sniff(content[:HEAD_BYTES], name) == (expected, None)


@pytest.mark.parametrize(("name", "content", "expected"), CASES)
def test_sniff_gzipped_sees_the_payload(name: str, content: bytes, expected: AssetFormat) -> None:
    assert sniff(gzip.compress(content)[:HEAD_BYTES], name + ".gz") == (expected, "gzip")


def test_sniff_gzip_without_gz_extension() -> None:
    assert sniff(gzip.compress(JSONL), "export.bin") == (AssetFormat.JSONL, "gzip")


def test_sniff_gz_name_with_plain_content_is_not_compressed() -> None:
    assert sniff(CSV, "people.csv.gz") == (AssetFormat.CSV, None)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (gzip.compress(gzip.compress(CSV)), (AssetFormat.UNKNOWN, "gzip")),  # nested gzip is not read
        (b"\x1f\x8b" + b"\xff" * 40, (AssetFormat.UNKNOWN, "gzip")),  # gzip magic, corrupt header
    ],
)
def test_sniff_unreadable_gzip(head: bytes, expected: tuple[AssetFormat, str | None]) -> None:
    assert sniff(head, "x.gz") == expected


def test_sniff_large_json_array_cut_by_the_head() -> None:
    content = json.dumps([{"name": f"person {i}", "n": i} for i in range(20_000)], indent=1).encode()
    assert len(content) > HEAD_BYTES
    assert sniff(content[:HEAD_BYTES], "export") == (AssetFormat.JSON, None)


def test_sniff_jsonl_whose_first_line_is_longer_than_the_head() -> None:
    content = json.dumps({"blob": "x" * (2 * HEAD_BYTES)}).encode() + b"\n" + JSONL
    assert sniff(content[:HEAD_BYTES], "dump") == (AssetFormat.JSONL, None)


def test_sniff_big_gzip_head_is_decompressed_only_partly() -> None:
    content = b"name,email\n" + b"alice,a@example.com\n" * 200_000
    head = gzip.compress(content)[:HEAD_BYTES]
    assert sniff(head, "people.csv.gz") == (AssetFormat.CSV, "gzip")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.parquet", (AssetFormat.PARQUET, None)),
        ("a.PQ", (AssetFormat.PARQUET, None)),
        ("a.csv.gz", (AssetFormat.CSV, "gzip")),
        ("a.ndjson", (AssetFormat.JSONL, None)),
        ("a.log.gz", (AssetFormat.TEXT, "gzip")),
        ("dir/a.json", (AssetFormat.JSON, None)),
        ("a.bin", (None, None)),
        ("a.gz", (None, "gzip")),
    ],
)
def test_format_from_name(name: str, expected: tuple[AssetFormat | None, str | None]) -> None:
    assert format_from_name(name) == expected


@pytest.mark.parametrize(
    ("text", "require_header", "expected"),
    [
        ("a,b\n1,2\n3,4\n", False, ","),
        ("a;b;c\n1;2;3\n", False, ";"),
        ("a|b\n1|2\n", False, "|"),
        ("a\tb\n1\t2\n", False, "\t"),
        ('name,address\nalice,"1 Main St; Apt 2"\n', False, ","),  # quoted ; does not count
        ("a,b\n1,2,3\n", False, None),  # inconsistent widths
        ("just one line, with a comma", False, None),
        (",b\n1,2\n", True, None),  # an empty header name is not a header
        ("a,a\n1,2\n", True, None),  # nor is a repeated one
        (",b\n1,2\n", False, ","),
    ],
)
def test_detect_delimiter(text: str, require_header: bool, expected: str | None) -> None:
    assert detect_delimiter(text, require_header=require_header) == expected
