"""Date and timestamp columns (Parquet, Arrow, SQL `DATE`) are read as ISO text, by DATE_OF_BIRTH only: a
`birth_date DATE` column is a date of birth by its name; a `created_at` timestamp column yields nothing and
costs no analysis."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner

from jejak.cli.main import cli
from jejak.detection.detector import Detector
from jejak.scan.leaves import iter_leaves


def test_leaves_read_dates_and_timestamps_as_iso_text() -> None:
    batch = pa.record_batch(
        {
            "birth_date": pa.array([dt.date(1985, 3, 12)], pa.date32()),
            "seen_at": pa.array([dt.datetime(2026, 3, 1, 12, 0)], pa.timestamp("us", tz="UTC")),
            "opens_at": pa.array([dt.time(9, 30)], pa.time32("s")),
            "amount": pa.array([1.5]),
        }
    )
    leaves = {leaf.name: leaf for leaf in iter_leaves(batch)}
    assert sorted(leaves) == ["birth_date", "seen_at"]  # a time of day or an amount is no date
    assert leaves["birth_date"].temporal and not leaves["birth_date"].integer
    assert leaves["birth_date"].values.to_pylist() == ["1985-03-12"]
    assert leaves["seen_at"].values.to_pylist()[0].startswith("2026-03-01 12:00:00")


def test_a_temporal_column_is_asked_about_birth_dates_only(detector: Detector) -> None:
    asked = set(detector.entities) - detector._skipped_in(detector.column("birth_date", temporal=True))
    assert asked == {"DATE_OF_BIRTH"}
    values = pa.array(["1985-03-12", "1990-07-01"], pa.string())
    found = dict(detector.analyze_values(values, column=detector.column("birth_date", temporal=True)))
    assert [[s.entity_type for s in spans] for spans in found.values()] == [["DATE_OF_BIRTH"]] * 2
    stamps = pa.array(["2026-03-01 12:00:00.000000", "1985-03-12 00:00:00.000000"], pa.string())
    assert list(detector.analyze_values(stamps, column=detector.column("created_at", temporal=True))) == []


def test_a_birth_date_column_is_found_in_a_scan(tmp_path: Path) -> None:
    table = pa.table(
        {
            "birth_date": pa.array([dt.date(1985, 3, 12), dt.date(1990, 7, 1), None], pa.date32()),
            "created_at": pa.array([dt.datetime(2026, 3, 1, 12, 0)] * 3, pa.timestamp("us")),
            "dob": pa.array([dt.datetime(1977, 1, 2), None, None], pa.timestamp("ms")),
        }
    )
    pq.write_table(table, tmp_path / "users.parquet")
    catalog = f"sqlite:///{tmp_path}/catalog.db"
    args = ["scan", str(tmp_path / "users.parquet"), "--format", "json", "--quiet", "--catalog", catalog]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    report = json.loads(result.stdout)
    columns = {column["name"]: column["entities"] for column in report["assets"][0]["columns"]}
    assert columns == {"birth_date": {"DATE_OF_BIRTH": 2}, "created_at": {}, "dob": {"DATE_OF_BIRTH": 1}}
