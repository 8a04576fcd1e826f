"""Hugging Face `save_to_disk` directories: recognised, listed as one asset (one per DatasetDict split), read
shard after shard; broken ones (missing shard, bad state.json) are reported, never silently half-scanned.

The directories are built with pyarrow alone, byte-for-byte in the shape `datasets` writes them
(`Dataset.save_to_disk` / `DatasetDict.save_to_disk` in datasets' arrow_dataset.py and dataset_dict.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from jejak.asset import Asset, AssetFormat
from jejak.connectors.base import UNREADABLE_HINT, ListOptions, ReadOptions, ReadReport
from jejak.connectors.hf_dataset import (
    dataset_fingerprint,
    is_dataset_dict_dir,
    is_dataset_dir,
    shard_names,
    shard_paths,
)
from jejak.connectors.local import LocalConnector
from jejak.errors import AssetReadError

FEATURES = {"id": {"dtype": "string", "_type": "Value"}, "prompt": {"dtype": "string", "_type": "Value"}}


def _rows(start: int, count: int) -> list[dict[str, str]]:
    return [{"id": f"ev-{i:03d}", "prompt": f"Reply to customer {i}"} for i in range(start, start + count)]


def save_to_disk(
    directory: Path,
    shards: list[list[dict[str, Any]]],
    fingerprint: str = "9a0c1e5d7b3f2a41",
    split: str | None = None,
) -> list[str]:
    """What `Dataset.save_to_disk` writes: IPC-stream shards with HF's schema metadata, state.json, and
    dataset_info.json. Returns the shard names."""
    directory.mkdir(parents=True)
    schema = pa.schema(
        [("id", pa.string()), ("prompt", pa.string())],
        metadata={"huggingface": json.dumps({"info": {"features": FEATURES}})},
    )
    names = [f"data-{index:05d}-of-{len(shards):05d}.arrow" for index in range(len(shards))]
    for name, rows in zip(names, shards, strict=True):
        table = pa.Table.from_pylist(rows, schema=schema)
        with pa.OSFile(str(directory / name), "wb") as sink, pa.ipc.new_stream(sink, schema) as writer:
            for batch in table.to_batches(max_chunksize=3):  # ArrowWriter writes writer_batch_size rows each
                writer.write_batch(batch)
    state = {
        "_data_files": [{"filename": name} for name in names],
        "_fingerprint": fingerprint,
        "_format_columns": None,
        "_format_kwargs": {},
        "_format_type": None,
        "_output_all_columns": False,
        "_split": split,
    }
    (directory / "state.json").write_text(json.dumps(state, indent=2, sort_keys=True), encoding="utf-8")
    info = {"citation": "", "description": "", "features": FEATURES, "homepage": "", "license": ""}
    (directory / "dataset_info.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    return names


def save_dict_to_disk(directory: Path, splits: dict[str, list[list[dict[str, Any]]]]) -> None:
    """What `DatasetDict.save_to_disk` writes: dataset_dict.json, then each split in its own directory."""
    directory.mkdir(parents=True)
    (directory / "dataset_dict.json").write_text(json.dumps({"splits": list(splits)}), encoding="utf-8")
    for split, shards in splits.items():
        save_to_disk(directory / split, shards, split=split)


@pytest.fixture
def lake(tmp_path: Path) -> Path:
    (tmp_path / "a.csv").write_bytes(b"name\nalice\n")
    save_to_disk(tmp_path / "eval/hf_set", [_rows(0, 7), _rows(7, 5)])
    save_dict_to_disk(tmp_path / "dd", {"train": [_rows(100, 4), _rows(104, 4)], "test": [_rows(200, 2)]})
    (tmp_path / "z.arrow").write_bytes((tmp_path / "eval/hf_set/data-00000-of-00002.arrow").read_bytes())
    return tmp_path


def _list(root: Path, include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> list[Asset]:
    return list(LocalConnector().list_assets(str(root), ListOptions(include=include, exclude=exclude)))


def _relative(root: Path, assets: list[Asset]) -> list[str]:
    return [Path(asset.uri).relative_to(root.resolve()).as_posix() for asset in assets]


def _read(asset: Asset, batch_rows: int = 65_536) -> list[dict[str, Any]]:
    batches = LocalConnector().read_batches(asset, ReadOptions(batch_rows=batch_rows), ReadReport())
    return [row for batch in batches for row in batch.to_pylist()]


def test_recognises_dataset_and_dataset_dict_directories(lake: Path) -> None:
    assert is_dataset_dir(lake / "eval/hf_set")
    assert is_dataset_dir(lake / "dd/train")
    assert not is_dataset_dir(lake / "dd")
    assert is_dataset_dict_dir(lake / "dd")
    assert not is_dataset_dict_dir(lake / "eval/hf_set")
    assert not is_dataset_dir(lake / "eval")
    (lake / "eval/hf_set/dataset_info.json").unlink()
    assert not is_dataset_dir(lake / "eval/hf_set")  # load_from_disk needs both files too


def test_shard_paths_follow_state_json(lake: Path) -> None:
    directory = lake / "eval/hf_set"
    assert shard_paths(directory) == [
        directory / "data-00000-of-00002.arrow",
        directory / "data-00001-of-00002.arrow",
    ]
    state = json.loads((directory / "state.json").read_text())
    state["_data_files"].reverse()
    (directory / "state.json").write_text(json.dumps(state))
    assert shard_names(directory) == ["data-00001-of-00002.arrow", "data-00000-of-00002.arrow"]


def test_each_dataset_and_each_split_is_one_asset_and_is_not_descended_into(lake: Path) -> None:
    assets = _list(lake)
    assert _relative(lake, assets) == ["a.csv", "dd/train", "dd/test", "eval/hf_set", "z.arrow"]
    by_path = dict(zip(_relative(lake, assets), assets, strict=True))
    dataset = by_path["eval/hf_set"]
    assert dataset.format is AssetFormat.ARROW
    assert dataset.compression is None
    assert json.loads(dataset.hints["hf.shards"]) == [
        "data-00000-of-00002.arrow",
        "data-00001-of-00002.arrow",
    ]
    assert dataset.hints["hf.fingerprint"] == dataset.fingerprint
    assert dataset.fingerprint is not None and dataset.fingerprint.startswith("hf:9a0c1e5d7b3f2a41:")
    shard_files = [lake / "eval/hf_set" / name for name in json.loads(dataset.hints["hf.shards"])]
    assert dataset.size == sum(path.stat().st_size for path in shard_files)
    assert dataset.modified == max(path.stat().st_mtime for path in shard_files)
    assert by_path["z.arrow"].format is AssetFormat.ARROW  # a loose shard is an ordinary file
    assert by_path["z.arrow"].hints == {}


def test_reading_yields_every_shard_in_order(lake: Path) -> None:
    assets = {path: asset for path, asset in zip(_relative(lake, _list(lake)), _list(lake), strict=True)}
    assert _read(assets["eval/hf_set"], batch_rows=2) == _rows(0, 12)
    assert _read(assets["dd/train"]) == _rows(100, 8)
    assert _read(assets["dd/test"]) == _rows(200, 2)
    batches = list(
        LocalConnector().read_batches(assets["eval/hf_set"], ReadOptions(batch_rows=2), ReadReport())
    )
    assert all(0 < batch.num_rows <= 2 for batch in batches)


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        (("dd/train",), (), ["dd/train"]),
        (("dd/**",), (), ["dd/train", "dd/test"]),
        (("eval",), (), ["eval/hf_set"]),
        (("hf_set",), (), ["eval/hf_set"]),  # no slash: a name at any depth, as for files
        ((), ("eval/hf_set", "dd/test"), ["a.csv", "dd/train", "z.arrow"]),
        ((), ("dd",), ["a.csv", "eval/hf_set", "z.arrow"]),
        (("**/*.arrow",), (), ["z.arrow"]),  # globs see the dataset directory, not its shard files
    ],
)
def test_globs_apply_to_the_dataset_directory_path(
    lake: Path, include: tuple[str, ...], exclude: tuple[str, ...], expected: list[str]
) -> None:
    assert _relative(lake, _list(lake, include, exclude)) == expected


def test_a_dataset_or_dataset_dict_given_as_the_root(lake: Path) -> None:
    (asset,) = _list(lake / "eval/hf_set")
    assert asset.uri == str((lake / "eval/hf_set").resolve())
    assert _read(asset) == _rows(0, 12)
    assert _relative(lake, _list(lake / "dd")) == ["dd/train", "dd/test"]
    assert _list(lake / "eval/hf_set", include=("*.csv",)) == []


def test_missing_shard_is_listed_as_unreadable_and_named(lake: Path) -> None:
    missing = lake / "eval/hf_set/data-00001-of-00002.arrow"
    missing.unlink()
    with pytest.raises(
        AssetReadError, match=r"shard data-00001-of-00002\.arrow listed in state\.json is missing"
    ):
        shard_paths(lake / "eval/hf_set")
    (asset,) = _list(lake, include=("eval",))
    assert asset.format is AssetFormat.UNKNOWN
    assert "data-00001-of-00002.arrow" in asset.hints[UNREADABLE_HINT]
    with pytest.raises(AssetReadError) as caught:
        _read(asset)
    assert str(caught.value) == (
        f"{lake.resolve() / 'eval/hf_set'}: shard data-00001-of-00002.arrow listed in state.json is missing; "
        "copy the whole dataset directory or exclude it"
    )


def test_shard_removed_after_listing_fails_naming_it_after_the_rows_before(lake: Path) -> None:
    (asset,) = _list(lake, include=("eval",))
    (lake / "eval/hf_set/data-00001-of-00002.arrow").unlink()
    rows: list[dict[str, Any]] = []
    with pytest.raises(AssetReadError, match=r"data-00001-of-00002\.arrow: the file disappeared") as caught:
        for batch in LocalConnector().read_batches(asset, ReadOptions(), ReadReport()):
            rows.extend(batch.to_pylist())
    assert rows == _rows(0, 7)
    assert "\n" not in str(caught.value)


def test_corrupt_shard_fails_naming_it(lake: Path) -> None:
    shard = lake / "dd/train/data-00001-of-00002.arrow"
    shard.write_bytes(shard.read_bytes()[:-40])
    (asset,) = _list(lake, include=("dd/train",))
    rows: list[dict[str, Any]] = []
    with pytest.raises(AssetReadError) as caught:
        for batch in LocalConnector().read_batches(asset, ReadOptions(), ReadReport()):
            rows.extend(batch.to_pylist())
    assert caught.value.uri == str(shard.resolve())
    assert "truncated or corrupt Arrow IPC stream" in caught.value.reason
    assert rows[:4] == _rows(100, 4)


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        ("{not json", "state.json is not valid JSON; re-save the dataset or exclude it"),
        ("[]", "state.json is not a JSON object; re-save the dataset or exclude it"),
        ('{"_data_files": []}', "state.json lists no _data_files; re-save the dataset or exclude it"),
        (
            '{"_data_files": [{"filename": "../../etc/passwd"}]}',
            "state.json names an invalid shard file; re-save the dataset or exclude it",
        ),
    ],
    ids=["invalid-json", "not-object", "no-shards", "outside"],
)
def test_broken_state_json_is_an_unreadable_asset(lake: Path, state: str, reason: str) -> None:
    (lake / "eval/hf_set/state.json").write_text(state)
    (asset,) = _list(lake, include=("eval",))
    assert asset.hints == {UNREADABLE_HINT: reason}
    with pytest.raises(AssetReadError, match=r"re-save the dataset or exclude it$"):
        _read(asset)


def test_dataset_dict_split_that_is_missing_is_reported(lake: Path) -> None:
    (lake / "dd/dataset_dict.json").write_text(json.dumps({"splits": ["train", "validation", "test"]}))
    assets = _list(lake, include=("dd",))
    assert _relative(lake, assets) == ["dd/train", "dd/validation", "dd/test"]
    assert assets[1].hints[UNREADABLE_HINT] == (
        "split validation listed in dataset_dict.json is not a saved dataset directory; "
        "copy the whole DatasetDict or exclude it"
    )


def test_fingerprint_tracks_state_and_shards_without_reading_data(lake: Path) -> None:
    directory = lake / "eval/hf_set"
    names = shard_names(directory)
    first = dataset_fingerprint(directory, names)
    assert dataset_fingerprint(directory, names) == first
    shard = directory / names[1]
    stat = shard.stat()
    os.utime(shard, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    touched = dataset_fingerprint(directory, names)
    assert touched != first
    state = json.loads((directory / "state.json").read_text())
    state["_fingerprint"] = "0000000000000000"
    (directory / "state.json").write_text(json.dumps(state))
    assert dataset_fingerprint(directory, names).startswith("hf:0000000000000000:")
    assert dataset_fingerprint(directory, names).split(":")[2] == touched.split(":")[2]
