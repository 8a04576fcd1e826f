"""Counts without findings: a scan that records no findings reports the same stats as one that does, and
both agree with what its findings say."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pytest

from jejak.connectors.base import ListOptions, ReadOptions
from jejak.connectors.registry import ConnectorRegistry
from jejak.detection.detector import Detector
from jejak.finding import Finding, Span
from jejak.hashing import HashKey, KeyedHasher
from jejak.scan.asset_scanner import AssetScanner
from jejak.scan.distinct_values import LeafHits
from jejak.scan.entity_tally import tally_leaf
from jejak.scan.result import AssetResult

LAKE = Path(__file__).resolve().parents[2] / "fixtures" / "lake"


def _scan_lake(detector: Detector, record: bool) -> tuple[list[AssetResult], list[Finding]]:
    findings: list[Finding] = []
    scanner = AssetScanner(
        detector,
        KeyedHasher(HashKey(b"k" * 32)),
        ReadOptions(batch_rows=7),  # several batches per asset: rows are counted per batch
        on_findings=findings.extend if record else None,
    )
    _, connector = ConnectorRegistry.from_entry_points().for_uri(str(LAKE))
    assets = list(connector.list_assets(str(LAKE), ListOptions()))
    return [scanner.scan(connector, asset) for asset in assets], findings


def _stats(results: list[AssetResult]) -> dict[tuple[str, str | None, str], tuple[int, int, float]]:
    stats = {}
    for result in results:
        for entity, s in result.entities.items():
            stats[(result.asset.uri, None, entity)] = (s.count, s.rows, s.max_score)
        for column in result.columns.values():
            for entity, s in column.entities.items():
                stats[(result.asset.uri, column.name, entity)] = (s.count, s.rows, s.max_score)
    return stats


def test_counts_do_not_depend_on_recording_findings_and_match_the_findings(
    detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded, findings = _scan_lake(detector, record=True)

    def no_hashing(*args: object) -> None:
        raise AssertionError("a scan recording no findings masked, normalised or hashed a value")

    monkeypatch.setattr(AssetScanner, "_safe", no_hashing)
    counted, none = _scan_lake(detector, record=False)
    assert none == []
    stats = _stats(recorded)
    assert stats == _stats(counted)
    assert sum(1 for (_, column, _) in stats if column is None) >= 10  # the lake holds personal data

    # asset totals, from the findings: spans, distinct rows, best score
    spans: dict[tuple[str, str], int] = defaultdict(int)
    rows: dict[tuple[str, str], set[int]] = defaultdict(set)
    best: dict[tuple[str, str], float] = defaultdict(float)
    for f in findings:
        key = (f.asset_uri, f.entity_type)
        spans[key] += 1
        rows[key].add(f.row)
        best[key] = max(best[key], f.score)
    totals = {(uri, None, e): (spans[(uri, e)], len(rows[(uri, e)]), best[(uri, e)]) for uri, e in spans}
    assert totals == {key: value for key, value in stats.items() if key[1] is None}


def test_a_value_repeated_and_in_a_list_leaf_is_counted_per_cell_and_rows_once() -> None:
    # leaf of a list column: cells 0,1 in row 10, cells 2,3 in row 11; distinct values 0 ("a"), 1 ("b")
    hits = LeafHits(
        indices=pa.array([0, 1, 0, None], pa.int32()),
        found={
            0: ("a", [Span("EMAIL_ADDRESS", 0, 1, 0.9, "r"), Span("PERSON", 0, 1, 0.4, "r")]),
            1: ("b", [Span("EMAIL_ADDRESS", 0, 1, 0.7, "r"), Span("EMAIL_ADDRESS", 0, 1, 0.95, "r")]),
        },
    )
    tallies = tally_leaf(hits, pa.array([10, 10, 11, 11], pa.int64()))
    assert set(tallies) == {"EMAIL_ADDRESS", "PERSON"}
    email = tallies["EMAIL_ADDRESS"]
    assert (email.count, email.max_score, sorted(email.rows.to_pylist())) == (4, 0.95, [10, 11])
    person = tallies["PERSON"]
    assert (person.count, person.max_score, sorted(person.rows.to_pylist())) == (2, 0.4, [10, 11])
    assert tally_leaf(LeafHits(indices=pa.array([None], pa.int32()), found={}), pa.array([1])) == {}
