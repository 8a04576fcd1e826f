"""Local files and directories (`/data/x.csv`, `file:///data`): list with sniffed formats, read via the
shared format readers.

Listing is deterministic (sorted, depth-first) so two scans of the same tree visit assets in the same
order and their reports diff cleanly. Hidden directories (`.git`, `.jejak`) are skipped; symlinked
directories are followed once each, so a link back to an ancestor cannot loop.

A Hugging Face `save_to_disk` directory is one asset, not a folder of files (see `hf_dataset`): its shards
are read in order as one table, and a `DatasetDict` gives one asset per split. Globs match the directory's
relative path, as they match a file's.
"""

from __future__ import annotations

import hashlib
import json
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
from jejak.connectors.formats.streams import StreamOpener
from jejak.connectors.hf_dataset import (
    DATASET_DICT,
    FINGERPRINT_HINT,
    SHARDS_HINT,
    dataset_dict_splits,
    dataset_fingerprint,
    is_dataset_dict_dir,
    is_dataset_dir,
    shard_names,
)
from jejak.connectors.path_filter import PathFilter
from jejak.errors import AssetReadError, UsageError

CONNECTOR_NAME = "file"


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
            assets = _directory(base, "", selection, {_identity(base)})
        elif base.is_file():
            assets = iter([describe(base)] if selection.accepts(base.name) else [])
        else:
            raise UsageError(f"not a file or directory: {root} — point jejak at data files or folders")
        for asset in assets:
            if asset is not None:
                yield asset

    def read_batches(
        self, asset: Asset, options: ReadOptions, report: ReadReport
    ) -> Iterator[pa.RecordBatch]:
        unreadable = asset.hints.get(UNREADABLE_HINT)
        if unreadable:
            # a reason that already says what to do (a dataset's missing shard) is kept as it is
            advice = "" if "; " in unreadable else "; grant read access or exclude it"
            raise AssetReadError(asset.uri, f"{unreadable}{advice}")
        shards = asset.hints.get(SHARDS_HINT)
        if shards is not None:
            yield from _read_dataset(Path(asset.uri), json.loads(shards), options, report)
            return
        path = Path(asset.uri)
        yield from read_asset(_opener(path), asset, options, report)


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


def describe_dataset(path: Path) -> Asset | None:
    """One asset for a `save_to_disk` directory: format ARROW, its shards (relative names, in order) and
    fingerprint in the hints, size and mtime over all shards. A broken one (state.json unreadable, a
    shard missing) is listed as unreadable with the reason, like a file that cannot be opened.
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _unreadable(path, None, _reason(exc))
    try:
        names = shard_names(path)
        fingerprint = dataset_fingerprint(path, names)
        shard_stats = [(path / name).stat() for name in names]
    except AssetReadError as exc:
        return _unreadable(path, stat, exc.reason)
    except OSError as exc:  # a shard removed or locked between the checks
        return _unreadable(path, stat, _reason(exc))
    return Asset(
        uri=str(path),
        connector=CONNECTOR_NAME,
        format=AssetFormat.ARROW,
        size=sum(shard.st_size for shard in shard_stats),
        modified=max(shard.st_mtime for shard in shard_stats),
        fingerprint=fingerprint,
        hints={SHARDS_HINT: json.dumps(names), FINGERPRINT_HINT: fingerprint},
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


def _directory(
    path: Path, relative: str, selection: PathFilter, seen: set[tuple[int, int]]
) -> Iterator[Asset | None]:
    """A saved dataset is one asset and a DatasetDict one per split; any other directory is walked.

    `relative` is "" for the listing root, whose own name is what a glob sees when it is a dataset.
    """
    if is_dataset_dir(path):
        if selection.accepts(relative or path.name):
            yield describe_dataset(path)
    elif is_dataset_dict_dir(path):
        yield from _dataset_dict(path, relative, selection)
    else:
        yield from _walk(path, relative, selection, seen)


def _dataset_dict(path: Path, relative: str, selection: PathFilter) -> Iterator[Asset | None]:
    """The splits `dataset_dict.json` names, in its order. A named split that is not a saved dataset is
    listed as unreadable: scanning the others and staying silent would overstate the coverage."""
    try:
        splits = dataset_dict_splits(path)
    except AssetReadError as exc:
        if selection.accepts(relative or path.name):
            yield _unreadable(path, None, exc.reason)
        return
    for split in splits:
        child = f"{relative}/{split}" if relative else split
        if not selection.accepts(child):
            continue
        split_path = path / split
        if is_dataset_dir(split_path):
            yield describe_dataset(split_path)
        else:
            reason = f"split {split} listed in {DATASET_DICT} is not a saved dataset directory"
            yield _unreadable(split_path, None, f"{reason}; copy the whole DatasetDict or exclude it")


def _walk(
    directory: Path, relative: str, selection: PathFilter, seen: set[tuple[int, int]]
) -> Iterator[Asset | None]:
    """Every selected regular file below `directory`, depth-first in name order, described.

    Excluded directories are not entered at all (a `node_modules/**` exclusion saves the walk too).
    A directory that cannot be listed is described itself, as unreadable.
    """
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except PermissionError:
        yield describe(directory)
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
            yield from _directory(path, child, selection, seen)
        elif entry.is_file() and selection.accepts(child):
            yield describe(path)  # sockets, FIFOs and dangling links are not data


def _read_dataset(
    directory: Path, names: list[str], options: ReadOptions, report: ReadReport
) -> Iterator[pa.RecordBatch]:
    """The shards one after another, each through the Arrow reader with its own opener, so row numbers
    run on across shards as `load_from_disk` numbers them. An error names the shard it happened in.

    Each shard gets a report of its own: a row count one shard knows is not the dataset's.
    """
    for name in names:
        shard = Asset(uri=str(directory / name), connector=CONNECTOR_NAME, format=AssetFormat.ARROW)
        shard_report = ReadReport()
        try:
            yield from read_asset(_opener(directory / name), shard, options, shard_report)
        finally:
            for warning in shard_report.warnings:
                report.warn(warning)


def _opener(path: Path) -> StreamOpener:
    return lambda: path.open("rb")


def _identity(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_dev, stat.st_ino
