"""The promises every format reader keeps, enforced in one place rather than re-implemented per format.

1. Batches hold at most `options.batch_rows` rows and are never empty, in file order, so the row index
   of a value (the running row count) is the same on every read of an unchanged file.
2. A damaged byte stream (truncated gzip, bad CRC, unreadable file) ends the read with an
   `AssetReadError` that says how many rows were delivered before it, after those rows were yielded.
"""

from __future__ import annotations

import functools
import gzip
import zlib
from collections.abc import Callable, Generator, Iterator

import pyarrow as pa

from jejak.asset import Asset
from jejak.connectors.base import ReadOptions, ReadReport
from jejak.connectors.formats.streams import StreamOpener
from jejak.errors import AssetReadError

Reader = Callable[[StreamOpener, Asset, ReadOptions, ReadReport], Iterator[pa.RecordBatch]]


def batch_reader(read: Reader) -> Reader:
    """Wrap a format reader so it keeps the contract above whatever sizes its source produces."""

    @functools.wraps(read)
    def guarded(
        opener: StreamOpener, asset: Asset, options: ReadOptions, report: ReadReport
    ) -> Iterator[pa.RecordBatch]:
        rows = 0
        batches = read(opener, asset, options, report)
        try:
            for batch in batches:
                for piece in split_batch(batch, options.batch_rows):
                    rows += piece.num_rows
                    yield piece
        except EOFError as exc:
            stream = "gzip stream" if asset.compression == "gzip" else "stream"
            raise AssetReadError(
                asset.uri,
                f"truncated {stream} after {rows} rows; the file is incomplete, re-copy it or exclude it",
            ) from exc
        except (gzip.BadGzipFile, zlib.error) as exc:
            raise AssetReadError(
                asset.uri,
                f"corrupt gzip stream after {rows} rows ({short_reason(exc)}); re-copy it or exclude it",
            ) from exc
        except PermissionError as exc:
            raise AssetReadError(asset.uri, "permission denied; grant read access or exclude it") from exc
        except FileNotFoundError as exc:
            raise AssetReadError(asset.uri, "the file disappeared after it was listed; scan again") from exc
        except OSError as exc:
            reason = exc.strerror or short_reason(exc)
            raise AssetReadError(asset.uri, f"read failed after {rows} rows ({reason}); retry") from exc
        finally:
            if isinstance(batches, Generator):
                batches.close()

    return guarded


def split_batch(batch: pa.RecordBatch, max_rows: int) -> Iterator[pa.RecordBatch]:
    """Zero-copy slices of at most `max_rows` rows; an empty batch yields nothing."""
    for offset in range(0, batch.num_rows, max_rows):
        yield batch.slice(offset, max_rows)


def short_reason(exc: BaseException) -> str:
    """Library messages can quote file content; only their first line, cut short, is kept."""
    text = str(exc).strip().splitlines()
    return text[0][:120] if text else type(exc).__name__
