"""Rewrite one local file without the subject: a checked temp file beside it, then an atomic swap.

Never lose user data: the original is only ever replaced by `os.replace` of a complete, fsynced temp file
in the same directory (same filesystem, so the rename is atomic), after the temp was read back from disk
and passed the invariants:

- rows_after == rows_before - removed;
- the schema is unchanged (Parquet/Arrow schema, CSV header);
- every row the plan does not name has the same content before and after, in the same order, and a
  redacted row sits at its place, changed only inside its spans.

Both passes stream, so memory does not grow with the file: line-based formats (text logs, JSON Lines,
CSV/TSV) go record by record, keeping every other record byte for byte; JSON arrays element by element
(ijson); Parquet row group by row group. Pass 1 writes the temp; pass 2 reads the original and the temp
(through gzip when gzipped, which proves the stream is whole) side by side and compares record by record.
The sha256 of both files' stored bytes is taken while streaming; the original must hash the same in both
passes (it did not change underneath) and the temp must read back as the bytes written. A gzip file stays
gzip (deterministic: no name, mtime 0). Any failure removes the temp and keeps the original.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import stat
import zlib
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from jejak.erasure.edits import Edits, FormatRewriter, RewriteError
from jejak.erasure.rewrite_csv import DelimitedFile
from jejak.erasure.rewrite_json import JsonDocumentRewriter
from jejak.erasure.rewrite_lines import LineRewriter
from jejak.erasure.rewrite_streams import create_sink, open_source
from jejak.erasure.rewrite_tabular import ParquetRewriter
from jejak.erasure.rewrite_text import JsonLinesFile, TextFile

SUPPORTED_FORMATS = frozenset({"parquet", "csv", "tsv", "jsonl", "json", "text"})
#: What a damaged gzip stream raises while being read (BadGzipFile is an OSError, caught before others).
_GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)


def rewriter_for(format_: str) -> FormatRewriter:
    if format_ == "parquet":
        return ParquetRewriter()
    if format_ in ("csv", "tsv"):
        return LineRewriter(partial(DelimitedFile, tab=format_ == "tsv"))
    if format_ == "jsonl":
        return LineRewriter(JsonLinesFile)
    if format_ == "json":
        return JsonDocumentRewriter()
    if format_ == "text":
        return LineRewriter(TextFile)
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


def write_temp(path: Path, format_: str, gzipped: bool, edits: Edits, temp: Path) -> FileRewrite:
    """Write the rewritten file to `temp` (fsynced, same permissions) and check it; the original is not
    touched. Raises RewriteError (temp removed) when it cannot be done safely."""
    rewriter = rewriter_for(format_)
    mode = stat.S_IMODE(path.stat().st_mode)
    damaged = _GZIP_ERRORS if gzipped else ()
    handle = temp.open("xb")  # exclusive: never reuse or clobber a file that is not ours
    try:
        with handle:
            try:
                with open_source(path, gzipped) as source, create_sink(handle, gzipped) as sink:
                    counts = rewriter.rewrite(source, sink.stream, edits)
            except damaged as exc:
                reason = "the gzip stream is damaged; restore it from a backup and plan again"
                raise RewriteError(reason) from exc
        os.chmod(temp, mode)
        try:
            with open_source(path, gzipped) as before, open_source(temp, gzipped) as after:
                rewriter.check(before, after, edits, counts)
        except damaged as exc:
            raise RewriteError("the rewritten file does not read back whole; the original is kept") from exc
        if before.sha256 != source.sha256:
            raise RewriteError("the file changed while it was being rewritten; scan it and plan again")
        if after.sha256 != sink.sha256:
            raise RewriteError("the rewritten file does not read back as written; the original is kept")
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return FileRewrite(
        temp_path=temp,
        original_sha256=source.sha256,
        new_sha256=sink.sha256,
        rows_before=counts.rows_before,
        rows_after=counts.rows_after,
        removed=counts.removed,
        redacted=counts.redacted,
    )


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
