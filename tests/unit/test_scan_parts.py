"""Arrow leaf extraction, sampling and the parts of large files."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jejak.asset import Asset, AssetFormat
from jejak.scan import parts as parts_module
from jejak.scan.leaves import iter_leaves
from jejak.scan.parts import plan_parts, row_group_parts
from jejak.scan.sampling import RowSampler


def test_leaves_walk_structs_and_lists_keeping_rows() -> None:
    batch = pa.RecordBatch.from_pylist(
        [
            {
                "id": 7,
                "score": 0.5,
                "messages": [{"role": "user", "content": "hi"}, {"role": "bot", "content": "yo"}],
            },
            {"id": 8, "score": 0.1, "messages": [{"role": "user", "content": "bye"}]},
        ]
    )
    leaves = {leaf.name: leaf for leaf in iter_leaves(batch)}
    assert set(leaves) == {"id", "messages.role", "messages.content"}  # float column skipped
    content = leaves["messages.content"]
    assert content.values.to_pylist() == ["hi", "yo", "bye"]
    assert content.rows.to_pylist() == [0, 0, 1]
    assert leaves["id"].values.to_pylist() == ["7", "8"]


def test_null_struct_hides_children() -> None:
    array = pa.array([{"a": "x"}, None], pa.struct([("a", pa.string())]))
    batch = pa.RecordBatch.from_arrays([array], names=["s"])
    (leaf,) = list(iter_leaves(batch))
    assert leaf.values.to_pylist() == ["x", None]


def test_head_sampler_takes_first_rows_across_batches() -> None:
    sampler = RowSampler(limit=5, total=None)
    batch = pa.RecordBatch.from_pydict({"x": list(range(3))})
    _, rows1 = sampler.select(batch, 0)
    _, rows2 = sampler.select(batch, 3)
    assert rows1.to_pylist() == [0, 1, 2] and rows2.to_pylist() == [3, 4]
    assert sampler.done and sampler.info.method == "head"


def test_spread_sampler_covers_the_whole_asset() -> None:
    sampler = RowSampler(limit=4, total=100)
    rows: list[int] = []
    for offset in range(0, 100, 30):
        batch = pa.RecordBatch.from_pydict({"x": list(range(offset, min(offset + 30, 100)))})
        taken, numbers = sampler.select(batch, offset)
        assert taken.column(0).to_pylist() == numbers.to_pylist()
        rows += numbers.to_pylist()
    assert rows == [0, 25, 50, 75]
    assert sampler.info.method == "spread"


def test_line_parts_count_rows_past_a_line_longer_than_a_block(tmp_path: Path) -> None:
    """A 12 MiB line is counted, not held; the parts cover the file exactly and end at line ends."""
    path = tmp_path / "x.jsonl"
    with path.open("wb") as out:
        out.write(b"".join(b'{"a": %d}\n' % n for n in range(3000)))
        out.write(b'{"big": "' + b"y" * (12 << 20) + b'"}\n\n')
        out.write(b"".join(b'{"a": %d}\r\n' % n for n in range(3000)))
    parts = plan_parts(Asset(str(path), "file", AssetFormat.JSONL), 1000, workers=2)
    assert len(parts) >= 2
    assert sum(part.rows for part in parts) == 6001  # the blank line is no row
    ranges = [part.line_range for part in parts]
    assert ranges[0] is not None and ranges[0][0] == 0
    assert ranges[-1] is not None and ranges[-1][1] == path.stat().st_size
    data = path.read_bytes()
    for start, _, lines_before in (r for r in ranges if r is not None):
        assert start == 0 or data[start - 1 : start] == b"\n"
        assert data[:start].count(b"\n") == lines_before


@pytest.mark.parametrize(
    ("sizes", "part_rows", "workers", "expected"),
    [
        # small row groups: four even parts for two workers, not 125k, 125k, 125k and 45k
        ([25_000] * 16 + [20_000], 131_072, 2, [100_000, 100_000, 125_000, 95_000]),
        # large groups: one each, never two groups past part_rows
        ([100_000] * 10, 131_072, 2, [100_000] * 10),
        ([500] * 6, 1000, 1, [1000, 1000, 1000]),
        ([500] * 6, 2000, 2, [1500, 1500]),
        ([300_000, 10, 10, 10], 131_072, 2, [300_000, 10, 10, 10]),  # one group larger than a part
        ([1000] * 1000, 131_072, 2, [125_000] * 8),
        ([1, 1, 1], 1, 8, [1, 1, 1]),  # more workers than groups
    ],
)
def test_row_group_parts_are_even(
    sizes: list[int], part_rows: int, workers: int, expected: list[int]
) -> None:
    parts = row_group_parts(sizes, part_rows, workers)
    assert [part.rows for part in parts] == expected
    assert parts[0].row_groups[0] == 0 and parts[-1].row_groups[1] == len(sizes)  # type: ignore[index]
    for before, after in pairwise(parts):
        assert before.row_groups[1] == after.row_groups[0]  # type: ignore[index]
        assert after.first_row == before.first_row + before.rows


def test_a_file_under_part_rows_is_split_when_each_worker_gets_enough_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The main process reads a part while the others start: a file under `part_rows` is still worth
    cutting once each worker's share holds `MIN_PART_ROWS` rows."""
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"n": list(range(1000))}), path, row_group_size=250)
    asset = Asset(str(path), "file", AssetFormat.PARQUET)
    monkeypatch.setattr(parts_module, "MIN_PART_ROWS", 100)
    halves = plan_parts(asset, 5000, workers=2)
    assert [(part.row_groups, part.rows) for part in halves] == [((0, 2), 500), ((2, 4), 500)]
    assert plan_parts(asset, 5000, workers=1) == []  # one process: nothing to share
    monkeypatch.setattr(parts_module, "MIN_PART_ROWS", 600)
    assert plan_parts(asset, 5000, workers=2) == []  # 500 rows a worker: not worth a part
    lines = tmp_path / "t.jsonl"
    lines.write_text("".join(f'{{"n": {n}}}\n' for n in range(1000)))
    monkeypatch.setattr(parts_module, "MIN_PART_ROWS", 100)
    cut = plan_parts(Asset(str(lines), "file", AssetFormat.JSONL), 5000, workers=2)
    assert len(cut) >= 2 and sum(part.rows for part in cut) == 1000
