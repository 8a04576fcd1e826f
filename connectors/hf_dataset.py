"""Hugging Face `datasets` directories written by `save_to_disk`: one logical dataset spread over files.

What `Dataset.save_to_disk(path)` writes (datasets 2.x/3.x, `src/datasets/arrow_dataset.py`):

    path/
      data-00000-of-00002.arrow   shards, Arrow IPC *stream* format (`ArrowWriter`: RecordBatchStreamWriter)
      data-00001-of-00002.arrow
      dataset_info.json           DatasetInfo: description, citation, features, ...
      state.json                  {"_data_files": [{"filename": "data-00000-of-00002.arrow"}, ...],
                                   "_fingerprint": "…", "_format_columns": null, "_format_kwargs": {},
                                   "_format_type": null, "_output_all_columns": false, "_split": null}

`DatasetDict.save_to_disk(path)` writes `path/dataset_dict.json` = {"splits": ["train", "test"]} and saves
each split as above into `path/<split>/`. Older releases named a single shard `dataset.arrow`; the shard
names are always taken from `state.json`, so both layouts read alike.

Scanning the shards one by one as separate files would report one dataset as many assets and lose the row
numbering a user sees in `load_from_disk`; so a dataset directory is one asset whose rows are its shards'
rows in `_data_files` order. Rows are those stored: `save_to_disk` flattens any `select`/`shuffle` view
before writing, so there is no indices mapping to apply.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from jejak.errors import AssetReadError

DATASET_INFO = "dataset_info.json"
DATASET_STATE = "state.json"
DATASET_DICT = "dataset_dict.json"
#: `Asset.hints` keys of a dataset-directory asset: its shard names (a JSON list, relative to the
#: directory, in read order) and the dataset fingerprint.
SHARDS_HINT = "hf.shards"
FINGERPRINT_HINT = "hf.fingerprint"

_MAX_METADATA_BYTES = 16 << 20  # state.json is a few hundred bytes; a huge one is not HF's
_RESAVE = "re-save the dataset or exclude it"


def is_dataset_dir(path: Path) -> bool:
    """A `Dataset.save_to_disk` directory: both metadata files present (as `load_from_disk` requires).

    `os.path.isfile` rather than `Path.is_file`: it answers False, not PermissionError, inside a directory
    that cannot be searched, so a listing walk never fails on this check.
    """
    return os.path.isfile(path / DATASET_STATE) and os.path.isfile(path / DATASET_INFO)


def is_dataset_dict_dir(path: Path) -> bool:
    """A `DatasetDict.save_to_disk` directory: it names its splits, each a dataset directory below it."""
    return os.path.isfile(path / DATASET_DICT) and not is_dataset_dir(path)


def dataset_dict_splits(path: Path) -> list[str]:
    """The split names `dataset_dict.json` lists, in its order. Raises `AssetReadError` if it is invalid."""
    document = _load_json(path, DATASET_DICT)
    splits = document.get("splits") if isinstance(document, dict) else None
    if not isinstance(splits, list) or not all(isinstance(name, str) and _is_plain(name) for name in splits):
        raise AssetReadError(
            str(path), f'{DATASET_DICT} has no valid "splits" list; re-save the DatasetDict or exclude it'
        )
    return splits


def shard_names(path: Path) -> list[str]:
    """The dataset's shard file names, in `_data_files` order, each checked to exist.

    Raises `AssetReadError` (naming the directory, and the shard when one is missing) rather than letting a
    partial copy of a dataset be scanned as if it were whole.
    """
    state = _load_state(path)
    files = state.get("_data_files")
    if not isinstance(files, list) or not files:
        raise AssetReadError(str(path), f"{DATASET_STATE} lists no _data_files; {_RESAVE}")
    names: list[str] = []
    for entry in files:
        name = entry.get("filename") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not _is_plain(name):
            raise AssetReadError(str(path), f"{DATASET_STATE} names an invalid shard file; {_RESAVE}")
        if not os.path.isfile(path / name):
            raise AssetReadError(
                str(path),
                f"shard {name} listed in {DATASET_STATE} is missing; copy the whole dataset directory "
                "or exclude it",
            )
        names.append(name)
    return names


def shard_paths(path: Path) -> list[Path]:
    """`shard_names` as paths inside the dataset directory."""
    return [path / name for name in shard_names(path)]


def dataset_fingerprint(path: Path, names: Sequence[str]) -> str:
    """`_fingerprint` from state.json plus every shard's name, size and mtime, hashed.

    `datasets` changes `_fingerprint` with every transform, but a shard copied over or edited in place
    keeps it; the shard stats catch that without reading any data.
    """
    state = _load_state(path)
    stats = []
    for name in names:
        stat = (path / name).stat()
        stats.append([name, stat.st_size, stat.st_mtime_ns])
    digest = hashlib.sha256(json.dumps(stats).encode()).hexdigest()[:16]
    return f"hf:{state.get('_fingerprint') or '-'}:{digest}"


def _load_state(path: Path) -> dict[str, Any]:
    state = _load_json(path, DATASET_STATE)
    if not isinstance(state, dict):
        raise AssetReadError(str(path), f"{DATASET_STATE} is not a JSON object; {_RESAVE}")
    return state


def _load_json(path: Path, name: str) -> Any:
    """One metadata file, parsed; any failure is an `AssetReadError` naming the file, not its content."""
    try:
        with (path / name).open("rb") as stream:
            data = stream.read(_MAX_METADATA_BYTES + 1)
    except PermissionError as exc:
        reason = f"{name}: permission denied; grant read access or exclude it"
        raise AssetReadError(str(path), reason) from exc
    except OSError as exc:
        raise AssetReadError(str(path), f"{name} cannot be read ({exc.strerror}); retry") from exc
    if len(data) > _MAX_METADATA_BYTES:
        raise AssetReadError(str(path), f"{name} is implausibly large; {_RESAVE}")
    try:
        return json.loads(data)
    except ValueError as exc:
        raise AssetReadError(str(path), f"{name} is not valid JSON; {_RESAVE}") from exc


def _is_plain(name: str) -> bool:
    """A single file or directory name: a state.json naming `../x` must not make jejak read outside."""
    return bool(name) and PurePosixPath(name).name == name and name not in (".", "..") and "\\" not in name
