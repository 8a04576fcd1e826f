"""Streaming rewrites (`rewrite.write_temp`): record by record for line-based formats, row group by row
group for Parquet, element by element for JSON arrays, and a second streaming pass that catches a writer
corrupting a single untouched record.

No test here measures memory (bench/erasure_memory.py does); they pin the behaviour streaming must keep:
bytes of untouched records, line endings, row numbers as the readers count them, gzip, Parquet codecs and
metadata, and the refusals that leave no temp file behind.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.unit.reading import read_file

from jejak.erasure import rewrite_cursor, rewrite_json, rewrite_lines, rewrite_text
from jejak.erasure.edits import MARKER, Cut, Edits, RewriteError
from jejak.erasure.rewrite import sha256_file, write_temp


def run(path: Path, format_: str, edits: Edits, gzipped: bool = False) -> bytes:
    """The rewritten payload (decompressed), after checking the temp is complete and hashed right."""
    temp = path.with_name(".jejak-erase-test-0.tmp")
    result = write_temp(path, format_, gzipped, edits, temp)
    stored = temp.read_bytes()
    assert result.new_sha256 == hashlib.sha256(stored).hexdigest()
    assert result.original_sha256 == sha256_file(path)
    temp.unlink()
    return gzip.decompress(stored) if gzipped else stored


def no_temp(path: Path) -> bool:
    return not list(path.parent.glob(".jejak-erase-*"))


# --- line-based formats: bytes of every other record kept ---------------------------------------------


def test_text_keeps_crlf_bom_and_a_missing_final_newline(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_bytes(b"\xef\xbb\xbfboot ok\r\nlogin bob@example.com\r\n\r\nbye bob@example.com")
    out = run(log, "text", Edits(redact={1: (Cut(None, 6, 21),), 3: (Cut(None, 4, 19),)}))
    assert out == f"\ufeffboot ok\r\nlogin {MARKER}\r\n\r\nbye {MARKER}".encode()


def test_jsonl_rows_skip_blank_lines_as_the_reader_does(tmp_path: Path) -> None:
    path = tmp_path / "chat.jsonl"
    lines = [
        b'{"m": "a"}\n',
        b"\n",
        b"  \r\n",
        b'{"m": "b"}\r\n',
        b'{"m": "c", "u": {"e": "x@y.z"}}\n',
        b'{"m": "d"}',
    ]
    path.write_bytes(b"".join(lines))
    rows = [row for batch in read_file(path)[0] for row in batch.to_pylist()]
    assert [row["m"] for row in rows] == ["a", "b", "c", "d"]  # row 1 is "b": blank lines are no rows
    out = run(path, "jsonl", Edits(delete=frozenset({1}), redact={2: (Cut("u.e", None, None),)}))
    assert out == b"".join(
        [lines[0], lines[1], lines[2], b'{"m": "c", "u": {"e": "[REDACTED]"}}\n', lines[5]]
    )


def test_csv_multiline_records_are_one_row_each(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    data = (
        "name,email,note\r\n"
        'Ana,ana@x.io,"first\r\nsecond"\r\n'
        'Bob,bob@x.io,"says ""hi""\nand bye"\r\n'
        "\r\n"
        "Cy,cy@x.io,plain"
    )
    path.write_bytes(data.encode())
    rows = [row for batch in read_file(path)[0] for row in batch.to_pylist()]
    assert [row["name"] for row in rows] == ["Ana", "Bob", "Cy"]
    out = run(path, "csv", Edits(delete=frozenset({0}), redact={2: (Cut("email", 0, 2),)}))
    assert (
        out
        == (f'name,email,note\r\nBob,bob@x.io,"says ""hi""\nand bye"\r\n\r\nCy,{MARKER}@x.io,plain').encode()
    )
    kept = run(path, "csv", Edits(redact={1: (Cut("note", 0, 4),)}))
    assert kept.decode().splitlines()[0:2] == ["name,email,note", 'Ana,ana@x.io,"first']
    assert f'Bob,bob@x.io,"{MARKER} ""hi""\nand bye"\r\n'.encode() in kept


def test_small_blocks_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Records cut by block boundaries (a quoted value spanning blocks) come out the same."""
    path = tmp_path / "notes.csv"
    body = "".join(f'{i},"line {i}\nstill {i}",u{i}@x.io\n' for i in range(200))
    path.write_text("id,note,email\n" + body, encoding="utf-8")
    edits = Edits(
        delete=frozenset({0, 57, 199}), redact={58: (Cut("email", 0, 3),), 120: (Cut("note", None, None),)}
    )
    expected = run(path, "csv", edits)
    monkeypatch.setattr(rewrite_cursor, "BUFFER_BYTES", 7)
    assert run(path, "csv", edits) == expected
    assert expected.count(b"\n") == 1 + (200 - 3) * 2 - 1  # the header; row 120's note is one line now
    log = tmp_path / "app.log"
    log.write_text("".join(f"line {i} u{i}@x.io\n" for i in range(100)), encoding="utf-8")
    assert (
        run(log, "text", Edits(delete=frozenset({3, 4, 99})))
        == "".join(f"line {i} u{i}@x.io\n" for i in range(100) if i not in (3, 4, 99)).encode()
    )


def test_gzip_round_trip_is_deterministic(tmp_path: Path) -> None:
    path = tmp_path / "app.jsonl.gz"
    payload = b"".join(json.dumps({"i": i, "e": f"u{i}@x.io"}).encode() + b"\n" for i in range(1000))
    path.write_bytes(gzip.compress(payload))
    edits = Edits(delete=frozenset({10, 999}))
    first, second = tmp_path / ".jejak-erase-a.tmp", tmp_path / ".jejak-erase-b.tmp"
    one, two = (write_temp(path, "jsonl", True, edits, temp) for temp in (first, second))
    assert first.read_bytes() == second.read_bytes() and one.new_sha256 == two.new_sha256
    assert first.read_bytes()[4:8] == b"\0\0\0\0"  # mtime 0
    lines = payload.splitlines(keepends=True)
    assert gzip.decompress(first.read_bytes()) == b"".join(lines[:10] + lines[11:999])
    assert (one.rows_before, one.rows_after, one.removed) == (1000, 998, 2)


def test_the_whole_file_is_never_read_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the whole file was read into memory")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    monkeypatch.setattr(gzip, "decompress", refuse)
    monkeypatch.setattr(pq.ParquetFile, "read", refuse)
    monkeypatch.setattr(pq, "read_table", refuse)
    log = tmp_path / "app.log.gz"
    log.write_bytes(gzip.compress(b"a\nb\nc\n"))
    assert write_temp(log, "text", True, Edits(delete=frozenset({1})), tmp_path / ".t1").rows_after == 2
    table = tmp_path / "t.parquet"
    pq.write_table(pa.table({"a": ["x", "y"]}), table)
    assert write_temp(table, "parquet", False, Edits(delete=frozenset({0})), tmp_path / ".t2").rows_after == 1


# --- Parquet: row group by row group ----------------------------------------------------------------


def five_row_groups(path: Path, compression: str | dict[str, str] = "zstd") -> pa.Table:
    table = pa.table(
        {
            "id": list(range(50)),
            "email": [f"u{i}@x.io" for i in range(50)],
            "score": [i / 3 for i in range(50)],
        }
    ).replace_schema_metadata({"origin": "crm", "owner": "dpo"})
    table = table.cast(table.schema.set(1, pa.field("email", pa.string(), metadata={"pii": "yes"})))
    pq.write_table(table, path, row_group_size=10, compression=compression)
    return table


def test_parquet_keeps_row_groups_codec_and_schema_metadata(tmp_path: Path) -> None:
    path = tmp_path / "users.parquet"
    table = five_row_groups(path, compression={"id": "zstd", "email": "gzip", "score": "snappy"})
    edits = Edits(delete=frozenset({0, 1, 25, 49}), redact={33: (Cut("email", 0, 3),)})
    out = pq.ParquetFile(io.BytesIO(run(path, "parquet", edits)))
    assert out.metadata.num_row_groups == 5
    assert [out.metadata.row_group(g).num_rows for g in range(5)] == [8, 10, 9, 10, 9]
    first = out.metadata.row_group(0)
    codecs = {first.column(c).path_in_schema: first.column(c).compression for c in range(3)}
    assert codecs == {"id": "ZSTD", "email": "GZIP", "score": "SNAPPY"}
    assert out.schema_arrow.equals(table.schema, check_metadata=True)
    assert out.schema_arrow.field("email").metadata == {b"pii": b"yes"}
    rows = out.read().to_pylist()
    expected = [row for i, row in enumerate(table.to_pylist()) if i not in edits.delete]
    expected[30]["email"] = f"{MARKER}@x.io"  # row 33 less the three deleted rows before it
    assert rows == expected


def test_parquet_gzipped_and_nan_values(tmp_path: Path) -> None:
    path = tmp_path / "m.parquet.gz"
    sink = io.BytesIO()
    pq.write_table(pa.table({"v": [1.0, float("nan"), None, 2.0]}), sink, row_group_size=2)
    path.write_bytes(gzip.compress(sink.getvalue()))
    out = pq.read_table(io.BytesIO(run(path, "parquet", Edits(delete=frozenset({3})), gzipped=True)))
    assert out.num_rows == 3 and out.column("v")[1].as_py() != out.column("v")[1].as_py()  # NaN kept


# --- JSON arrays: element by element ------------------------------------------------------------------


def test_json_array_streamed_with_its_layout(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    records = [{"name": f"n{i}", "email": f"u{i}@x.io"} for i in range(5)]
    path.write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")
    out = run(path, "json", Edits(delete=frozenset({0}), redact={4: (Cut("email", 0, 2),)}))
    expected = records[1:]
    expected[3] = {"name": "n4", "email": f"{MARKER}@x.io"}
    assert out.decode() == json.dumps(expected, indent=2) + "\n"
    path.write_text(json.dumps(records), encoding="utf-8")
    assert run(path, "json", Edits(delete=frozenset({1, 2, 3}))).decode() == json.dumps(
        [records[0], records[4]]
    )


def test_a_single_json_object_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text('{"email": "a@b.c"}', encoding="utf-8")
    with pytest.raises(RewriteError, match="single JSON object"):
        write_temp(path, "json", False, Edits(delete=frozenset({0})), tmp_path / ".jejak-erase-x")
    assert no_temp(path)


# --- the second pass catches what the first got wrong -------------------------------------------------


def test_a_corrupted_untouched_line_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "app.log"
    path.write_text("".join(f"event {i}\n" for i in range(5000)), encoding="utf-8")
    real_write = rewrite_cursor.BatchedWriter.write

    def corrupting(self: rewrite_cursor.BatchedWriter, data: bytes) -> None:
        real_write(self, data.replace(b"event 4321\n", b"event 4321!\n"))

    monkeypatch.setattr(rewrite_lines.BatchedWriter, "write", corrupting)
    with pytest.raises(RewriteError, match="row 4321 would change although the plan does not name it"):
        write_temp(path, "text", False, Edits(delete=frozenset({7})), tmp_path / ".jejak-erase-x")
    assert no_temp(path)


def test_a_lost_record_shows_as_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text("".join(f'{{"i": {i}}}\n' for i in range(100)), encoding="utf-8")
    real_write = rewrite_cursor.BatchedWriter.write

    def dropping(self: rewrite_cursor.BatchedWriter, data: bytes) -> None:
        real_write(self, data.replace(b'{"i": 50}\n', b""))

    monkeypatch.setattr(rewrite_lines.BatchedWriter, "write", dropping)
    with pytest.raises(RewriteError, match=r"rows after \(98\) != rows before \(100\) - removed \(1\)"):
        write_temp(path, "jsonl", False, Edits(delete=frozenset({3})), tmp_path / ".jejak-erase-x")
    assert no_temp(path)


def test_a_redaction_beyond_its_span_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "app.log"
    path.write_text("keep\nmail bob@x.io now\nkeep\n", encoding="utf-8")
    monkeypatch.setattr(rewrite_text.TextFile, "edit", lambda self, record, cuts: f"{MARKER}\n".encode())
    with pytest.raises(RewriteError, match="row 1 changed beyond the plan's spans"):
        write_temp(path, "text", False, Edits(redact={1: (Cut(None, 5, 13),)}), tmp_path / ".jejak-erase-x")
    assert no_temp(path)


def test_a_corrupted_parquet_row_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "users.parquet"
    five_row_groups(path)
    real_write = pq.ParquetWriter.write_table

    def corrupting(self: pq.ParquetWriter, table: pa.Table, row_group_size: int | None = None) -> None:
        if table.column("id")[0].as_py() == 30:  # row group 3: its first row's email changes
            emails = table.column("email").to_pylist()
            table = table.set_column(1, table.schema.field(1), pa.array(["x", *emails[1:]]))
        real_write(self, table, row_group_size=row_group_size)

    monkeypatch.setattr(pq.ParquetWriter, "write_table", corrupting)
    with pytest.raises(RewriteError, match="row 30 would change although the plan does not name it"):
        write_temp(path, "parquet", False, Edits(delete=frozenset({2})), tmp_path / ".jejak-erase-x")
    assert no_temp(path)


def test_a_corrupted_json_element_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps([{"i": i} for i in range(10)]), encoding="utf-8")
    real_dumps = rewrite_json.JsonDocumentRewriter._dumps
    monkeypatch.setattr(
        rewrite_json.JsonDocumentRewriter,
        "_dumps",
        staticmethod(lambda record, pretty: real_dumps({"i": -1} if record == {"i": 6} else record, pretty)),
    )
    with pytest.raises(RewriteError, match="row 6 would change"):
        write_temp(path, "json", False, Edits(delete=frozenset({0})), tmp_path / ".jejak-erase-x")
    assert no_temp(path)


def test_an_original_changed_between_the_passes_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "app.log"
    path.write_text("keep\ngone 1\nkeep\n", encoding="utf-8")
    real_check = rewrite_lines.LineRewriter.check

    def tampering(
        self: rewrite_lines.LineRewriter, before: Any, after: Any, edits: Edits, counts: Any
    ) -> None:
        path.write_text("keep\ngone 2\nkeep\n", encoding="utf-8")  # same length, in the deleted row only
        real_check(self, before, after, edits, counts)

    monkeypatch.setattr(rewrite_lines.LineRewriter, "check", tampering)
    with pytest.raises(RewriteError, match="changed while it was being rewritten"):
        write_temp(path, "text", False, Edits(delete=frozenset({1})), tmp_path / ".jejak-erase-x")
    assert no_temp(path)


# --- refusals leave nothing behind ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "payload", "format_"),
    [("a.log", b"a\nb\n", "text"), ("a.csv", b"h\nx\ny\n", "csv"), ("a.json", b"[1, 2]", "json")],
)
def test_a_row_past_the_end_leaves_no_temp(tmp_path: Path, name: str, payload: bytes, format_: str) -> None:
    path = tmp_path / name
    path.write_bytes(payload)
    with pytest.raises(RewriteError, match="names row 2 but the asset has 2 rows"):
        write_temp(path, format_, False, Edits(delete=frozenset({2})), tmp_path / ".jejak-erase-x")
    assert no_temp(path)


def test_damaged_gzip_and_overlong_records_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "app.log.gz"
    path.write_bytes(gzip.compress(b"x" * 1000 + b"\n")[:-12])
    with pytest.raises(RewriteError, match="gzip stream is damaged"):
        write_temp(path, "text", True, Edits(), tmp_path / ".jejak-erase-x")
    long = tmp_path / "long.log"
    long.write_bytes(b"short\n" + b"y" * 5000 + b"\nshort\n")
    monkeypatch.setattr(rewrite_cursor, "MAX_RECORD_BYTES", 1024)  # a line longer than a block, and
    monkeypatch.setattr(rewrite_cursor, "BUFFER_BYTES", 64)  # than the limit
    with pytest.raises(RewriteError, match="longer than"):
        write_temp(long, "text", False, Edits(delete=frozenset({0})), tmp_path / ".jejak-erase-y")
    assert no_temp(path)


def test_temp_is_exclusive_and_takes_the_originals_mode(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    path.write_text("a\nb\n", encoding="utf-8")
    os.chmod(path, 0o640)
    temp = tmp_path / ".jejak-erase-x"
    temp.write_bytes(b"someone else's")
    with pytest.raises(FileExistsError):
        write_temp(path, "text", False, Edits(delete=frozenset({0})), temp)
    assert temp.read_bytes() == b"someone else's"  # not ours: neither reused nor removed
    temp.unlink()
    write_temp(path, "text", False, Edits(delete=frozenset({0})), temp)
    assert temp.stat().st_mode & 0o777 == 0o640
