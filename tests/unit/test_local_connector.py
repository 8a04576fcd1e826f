"""The local-file connector: listing (order, filters, hidden dirs, symlinks, unreadable files) and reading."""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from jejak.asset import AssetFormat
from jejak.connectors.base import ListOptions, ReadOptions, ReadReport
from jejak.connectors.local import LocalConnector
from jejak.connectors.path_filter import compile_glob
from jejak.connectors.registry import ConnectorRegistry
from jejak.errors import AssetReadError, UsageError

CSV = b"name,email\nalice,a@example.com\nbob,b@example.com\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    files = {
        "b.csv": CSV,
        "a.jsonl": b'{"name": "alice"}\n',
        "raw/2024/events.jsonl.gz": gzip.compress(b'{"name": "bob"}\n'),
        "raw/notes.tmp": b"scratch\n",
        "raw/deep/x.tmp": b"scratch\n",
        "logs/app.log": b"started\n",
        ".git/config": b"[core]\n",
        ".jejak/catalog.txt": b"x\n",
        "logs/.hidden.log": b"hidden files are data too\n",
    }
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return tmp_path


def _listed(root: Path | str, include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> list[str]:
    assets = LocalConnector().list_assets(str(root), ListOptions(include=include, exclude=exclude))
    base = Path(root).resolve()
    return [Path(asset.uri).relative_to(base).as_posix() for asset in assets]


def test_walk_is_sorted_recursive_and_skips_hidden_directories(tree: Path) -> None:
    assert _listed(tree) == [
        "a.jsonl",
        "b.csv",
        "logs/.hidden.log",
        "logs/app.log",
        "raw/2024/events.jsonl.gz",
        "raw/deep/x.tmp",
        "raw/notes.tmp",
    ]


NO_TMP = ["a.jsonl", "b.csv", "logs/.hidden.log", "logs/app.log", "raw/2024/events.jsonl.gz"]


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        (
            (),
            ("**/*.tmp",),
            ["a.jsonl", "b.csv", "logs/.hidden.log", "logs/app.log", "raw/2024/events.jsonl.gz"],
        ),
        (
            (),
            ("*.tmp",),
            ["a.jsonl", "b.csv", "logs/.hidden.log", "logs/app.log", "raw/2024/events.jsonl.gz"],
        ),
        (("raw/**",), (), ["raw/2024/events.jsonl.gz", "raw/deep/x.tmp", "raw/notes.tmp"]),
        (("raw",), ("raw/deep",), ["raw/2024/events.jsonl.gz", "raw/notes.tmp"]),
        (("raw/*.tmp",), (), ["raw/notes.tmp"]),
        (("**/*.jsonl*",), (), ["a.jsonl", "raw/2024/events.jsonl.gz"]),
        (("*.csv", "logs/**"), ("**/.*",), ["b.csv", "logs/app.log"]),
        (("raw/20[0-9][0-9]/*",), (), ["raw/2024/events.jsonl.gz"]),
        ((), ("**",), []),
    ],
)
def test_include_and_exclude_globs(
    tree: Path, include: tuple[str, ...], exclude: tuple[str, ...], expected: list[str]
) -> None:
    assert _listed(tree, include, exclude) == expected


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("**/*.tmp", "a.tmp", True),
        ("**/*.tmp", "x/y/a.tmp", True),
        ("*.tmp", "x/y/a.tmp", True),  # no slash: any depth, like .gitignore
        ("x/*.tmp", "x/y/a.tmp", False),  # * stays within one segment
        ("raw/**", "raw", True),
        ("raw/**", "rawdata", False),
        ("a/**/b", "a/b", True),
        ("a/**/b", "a/x/y/b", True),
        ("file?.csv", "file1.csv", True),
        ("file?.csv", "file10.csv", False),
        ("[!a]*.csv", "b.csv", True),
        ("[!a]*.csv", "a.csv", False),
        ("data.v1.csv", "dataXv1.csv", False),  # dots are literal
    ],
)
def test_compile_glob(pattern: str, path: str, matches: bool) -> None:
    assert bool(compile_glob(pattern).fullmatch(path)) is matches


def test_asset_fields(tree: Path) -> None:
    (asset,) = LocalConnector().list_assets(str(tree / "b.csv"), ListOptions())
    path = tree / "b.csv"
    stat = path.stat()
    assert asset.uri == str(path.resolve())
    assert asset.connector == "file"
    assert (asset.format, asset.compression) == (AssetFormat.CSV, None)
    assert asset.size == len(CSV)
    assert asset.modified == stat.st_mtime
    assert asset.fingerprint == f"{len(CSV)}:{stat.st_mtime_ns}:{hashlib.sha256(CSV).hexdigest()[:16]}"


def test_gzip_and_lying_extensions_are_sniffed(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_bytes(b'{"name": "alice"}\n{"name": "bob"}\n')
    (tmp_path / "people.log.gz").write_bytes(gzip.compress(CSV))
    (tmp_path / "photo.csv").write_bytes(bytes(range(256)))
    assets = {Path(a.uri).name: a for a in LocalConnector().list_assets(str(tmp_path), ListOptions())}
    assert (assets["events.csv"].format, assets["events.csv"].compression) == (AssetFormat.JSONL, None)
    assert (assets["people.log.gz"].format, assets["people.log.gz"].compression) == (AssetFormat.TEXT, "gzip")
    assert assets["photo.csv"].format is AssetFormat.UNKNOWN


def test_file_uri_and_relative_root_give_absolute_plain_uris(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree)
    by_path = [a.uri for a in LocalConnector().list_assets("logs", ListOptions())]
    by_uri = [a.uri for a in LocalConnector().list_assets(f"file://{tree}/logs", ListOptions())]
    assert by_path == by_uri == [str(tree / "logs/.hidden.log"), str(tree / "logs/app.log")]


def test_missing_root_is_a_one_line_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(UsageError, match=r"^path not found: .*nope — check the path") as caught:
        list(LocalConnector().list_assets(str(missing), ListOptions()))
    assert "\n" not in str(caught.value)


def test_symlinked_directories_are_followed_once_without_looping(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data/a.csv").write_bytes(CSV)
    (tmp_path / "data/loop").symlink_to(tmp_path)  # back to the root
    (tmp_path / "data/self").symlink_to(tmp_path / "data")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "b.csv").write_bytes(CSV)
    (tmp_path / "linked").symlink_to(outside)
    assert _listed(tmp_path) == ["data/a.csv", "linked/b.csv"]


def test_unreadable_file_is_listed_and_read_fails_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.csv").write_bytes(CSV)
    secret = tmp_path / "secret.csv"
    secret.write_bytes(CSV)
    real_open = Path.open

    def guarded_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "secret.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)  # tests run as root, where chmod 000 reads anyway
    connector = LocalConnector()
    assets = {Path(a.uri).name: a for a in connector.list_assets(str(tmp_path), ListOptions())}
    denied = assets["secret.csv"]
    assert denied.format is AssetFormat.UNKNOWN
    assert denied.size == len(CSV)
    assert denied.fingerprint is None
    with pytest.raises(AssetReadError, match="permission denied; grant read access or exclude it"):
        list(connector.read_batches(denied, ReadOptions(), ReadReport()))
    assert assets["a.csv"].format is AssetFormat.CSV


def test_read_batches_streams_the_listed_assets(tree: Path) -> None:
    connector = LocalConnector()
    rows = {}
    for asset in connector.list_assets(str(tree), ListOptions(include=("*.csv", "**/*.gz"))):
        batches = list(connector.read_batches(asset, ReadOptions(batch_rows=1), ReadReport()))
        assert all(batch.num_rows == 1 for batch in batches)
        rows[Path(asset.uri).name] = [row for batch in batches for row in batch.to_pylist()]
    assert rows == {
        "b.csv": [{"name": "alice", "email": "a@example.com"}, {"name": "bob", "email": "b@example.com"}],
        "events.jsonl.gz": [{"name": "bob"}],
    }


def test_binary_file_reads_as_an_asset_error(tmp_path: Path) -> None:
    (tmp_path / "blob").write_bytes(os.urandom(64) + b"\x00")
    (asset,) = LocalConnector().list_assets(str(tmp_path), ListOptions())
    with pytest.raises(AssetReadError, match="not a format jejak can read"):
        list(LocalConnector().read_batches(asset, ReadOptions(), ReadReport()))


@pytest.mark.parametrize("uri", ["/tmp", "relative/path", "file:///tmp"])
def test_registry_resolves_file_connector(uri: str) -> None:
    name, connector = ConnectorRegistry.from_entry_points().for_uri(uri)
    assert name == "file"
    assert isinstance(connector, LocalConnector)


def test_unlistable_directory_is_listed_as_unreadable(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_scandir = os.scandir

    def guarded_scandir(path: os.PathLike[str]) -> object:
        if Path(path).name == "logs":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded_scandir)
    assets = list(LocalConnector().list_assets(str(tree), ListOptions(include=("logs/**", "b.csv"))))
    assert [(Path(a.uri).name, a.format, a.hints) for a in assets] == [
        ("b.csv", AssetFormat.CSV, {}),
        ("logs", AssetFormat.UNKNOWN, {"unreadable": "permission denied (the directory cannot be listed)"}),
    ]
