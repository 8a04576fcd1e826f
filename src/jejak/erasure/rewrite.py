"""Rewrite one local file without the subject: a checked temp file beside it, then an atomic swap.

Never lose user data: the original is only ever replaced by `os.replace` of a complete, fsynced temp file
in the same directory (same filesystem, so the rename is atomic), after the temp was read back from disk
and passed the invariants:

- rows_after == rows_before - removed;
- the schema is unchanged (Parquet/Arrow schema, CSV header);
- every row the plan does not name has the same content hash before and after, in the same order.

A gzip file stays gzip (reading the temp back proves the stream is whole). Any failure removes the temp
and keeps the original. The whole file is held in memory: fine for the logs and exports this increment
targets; streaming rewrites of multi-gigabyte files are still to come.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path

from jejak.erasure.edits import Edits, FormatRewriter, RewriteError
from jejak.erasure.rewrite_tabular import JsonDocumentRewriter, ParquetRewriter
from jejak.erasure.rewrite_text import DelimitedRewriter, JsonLinesRewriter, TextRewriter

SUPPORTED_FORMATS = frozenset({"parquet", "csv", "tsv", "jsonl", "json", "text"})


def rewriter_for(format_: str) -> FormatRewriter:
    """A fresh rewriter (some keep per-file state such as a CSV header)."""
    if format_ == "parquet":
        return ParquetRewriter()
    if format_ in ("csv", "tsv"):
        return DelimitedRewriter(tab=format_ == "tsv")
    if format_ == "jsonl":
        return JsonLinesRewriter()
    if format_ == "json":
        return JsonDocumentRewriter()
    if format_ == "text":
        return TextRewriter()
    raise RewriteError(f"format {format_} cannot be rewritten yet; erase it by hand")


@dataclass(frozen=True)
class FileRewrite:
    temp_path: Path
    original_sha256: str
    new_sha256: str
    rows_before: int
    rows_after: int
    removed: int
    redacted: int


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _unpack(data: bytes, gzipped: bool) -> bytes:
    if not gzipped:
        return data
    try:
        return gzip.decompress(data)
    except (EOFError, OSError, zlib.error) as exc:
        raise RewriteError("the gzip stream is damaged; restore it from a backup and plan again") from exc


def write_temp(path: Path, format_: str, gzipped: bool, edits: Edits, temp: Path) -> FileRewrite:
    """Write the rewritten file to `temp` (fsynced, same permissions) and check it; the original is not
    touched. Raises RewriteError (temp removed) when it cannot be done safely."""
    rewriter = rewriter_for(format_)
    original = path.read_bytes()
    payload = _unpack(original, gzipped)
    result = rewriter.rewrite(payload, edits)
    stored = gzip.compress(result.payload, mtime=0) if gzipped else result.payload
    try:
        with temp.open("xb") as handle:
            handle.write(stored)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, stat.S_IMODE(path.stat().st_mode))
        check_invariants(rewriter, payload, _unpack(temp.read_bytes(), gzipped), edits, result.removed)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return FileRewrite(
        temp_path=temp,
        original_sha256=hashlib.sha256(original).hexdigest(),
        new_sha256=hashlib.sha256(stored).hexdigest(),
        rows_before=result.rows_before,
        rows_after=result.rows_after,
        removed=result.removed,
        redacted=result.redacted,
    )


def check_invariants(
    rewriter: FormatRewriter, before: bytes, after: bytes, edits: Edits, removed: int
) -> None:
    rows_before, rows_after = rewriter.rows(before), rewriter.rows(after)
    if len(rows_after) != len(rows_before) - removed:
        raise RewriteError(
            f"rows after ({len(rows_after)}) != rows before ({len(rows_before)}) - removed ({removed})"
        )
    if rewriter.schema(before) != rewriter.schema(after):
        raise RewriteError("the rewrite changed the schema")
    kept = [index for index in range(len(rows_before)) if index not in edits.delete]
    for position, index in enumerate(kept):
        if index not in edits.redact and rows_after[position] != rows_before[index]:
            raise RewriteError(f"row {index} would change although the plan does not name it")


def swap(temp: Path, path: Path) -> None:
    """Atomically put `temp` in place of `path`, and make the rename itself durable."""
    os.replace(temp, path)
    fsync_directory(path.parent)


def fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
