"""Local files and directories (`/data/x.csv`, `file:///data`): list with sniffed formats, read via the
shared format readers.

Listing is deterministic (sorted, depth-first) so two scans of the same tree visit assets in the same
order and their reports diff cleanly. Hidden directories (`.git`, `.jejak`) are skipped; symlinked
directories are followed once each, so a link back to an ancestor cannot loop.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

import pyarrow as pa

from jejak.asset import Asset, AssetFormat
from jejak.connectors.base import UNREADABLE_HINT, Connector, ListOptions, ReadOptions, ReadReport
from jejak.connectors.formats.readers import read_asset
from jejak.connectors.formats.sniff import HEAD_BYTES, sniff
from jejak.connectors.path_filter import PathFilter
from jejak.errors import AssetReadError, UsageError

CONNECTOR_NAME = "file"
#: Hint set on assets that could be listed but not opened; its value says why.


class LocalConnector(Connector):
    """Plain paths and `file://` URIs on the machine running jejak."""

    schemes: ClassVar[tuple[str, ...]] = ("", "file")

    def list_assets(self, root: str, options: ListOptions) -> Iterator[Asset]:
        base = path_from_uri(root)
        if not base.exists():
            raise UsageError(f"path not found: {root} — check the path, or that its disk is mounted")
        base = base.resolve()
        selection = PathFilter.from_options(options)
        if base.is_dir():
            paths: Iterator[Path] = _walk(base, "", selection, {_identity(base)})
        elif base.is_file():
            paths = iter([base] if selection.accepts(base.name) else [])
        else:
            raise UsageError(f"not a file or directory: {root} — point jejak at data files or folders")
        for path in paths:
            asset = describe(path)
            if asset is not None:
                yield asset

    def read_batches(
        self, asset: Asset, options: ReadOptions, report: ReadReport
    ) -> Iterator[pa.RecordBatch]:
        unreadable = asset.hints.get(UNREADABLE_HINT)
        if unreadable:
            raise AssetReadError(asset.uri, f"{unreadable}; grant read access or exclude it")
        path = Path(asset.uri)
        yield from read_asset(lambda: path.open("rb"), asset, options, report)


def path_from_uri(uri: str) -> Path:
    """`file:///a%20b` and `/a b` name the same file; `~` is expanded for plain paths."""
    if not uri.startswith("file://"):
        return Path(uri).expanduser()
    parts = urlsplit(uri)
    if parts.netloc not in ("", "localhost"):
        raise UsageError(f"cannot read {uri}: file URIs on another host ({parts.netloc}) are not supported")
    return Path(unquote(parts.path))


def describe(path: Path) -> Asset | None:
    """An asset for one regular file (None if it vanished since the directory was listed).

    The first 64 KiB give both the format and the fingerprint. A file or directory that cannot be
    opened is still listed (format unknown, with an `unreadable` hint saying why): a scan that
    silently skipped it would claim a coverage it does not have.
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _unreadable(path, None, _reason(exc))
    if path.is_dir():
        return _unreadable(path, stat, "permission denied (the directory cannot be listed)")
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _unreadable(path, stat, _reason(exc))
    format_, compression = sniff(head, path.name)
    return Asset(
        uri=str(path),
        connector=CONNECTOR_NAME,
        format=format_,
        size=stat.st_size,
        modified=stat.st_mtime,
        compression=compression,
        fingerprint=f"{stat.st_size}:{stat.st_mtime_ns}:{hashlib.sha256(head).hexdigest()[:16]}",
    )


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot open ({exc.strerror or type(exc).__name__})"


def _unreadable(path: Path, stat: os.stat_result | None, reason: str) -> Asset:
    return Asset(
        uri=str(path),
        connector=CONNECTOR_NAME,
        format=AssetFormat.UNKNOWN,
        size=stat.st_size if stat else None,
        modified=stat.st_mtime if stat else None,
        hints={UNREADABLE_HINT: reason},
    )


def _walk(
    directory: Path, relative: str, selection: PathFilter, seen: set[tuple[int, int]]
) -> Iterator[Path]:
    """Every selected regular file below `directory`, depth-first in name order.

    Excluded directories are not entered at all (a `node_modules/**` exclusion saves the walk too).
    A directory that cannot be listed is yielded itself, for `describe` to report as unreadable.
    """
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except PermissionError:
        yield directory
        return
    for entry in entries:
        child = f"{relative}/{entry.name}" if relative else entry.name
        path = Path(entry.path)
        if entry.is_dir():
            if entry.name.startswith(".") or selection.excludes(child):
                continue
            identity = _identity(path)
            if identity in seen:
                continue  # a symlink back into the tree, or a second link to the same directory
            seen.add(identity)
            yield from _walk(path, child, selection, seen)
        elif entry.is_file() and selection.accepts(child):
            yield path  # sockets, FIFOs and dangling links are not data


def _identity(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_dev, stat.st_ino
