"""Incremental rescans: unchanged assets are not read again, their counts carried; changes are rescanned."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest

from jejak.connectors.local import LocalConnector

USERS = "name,email\nAlice Tan,alice.tan@example.com\nBob Lim,bob.lim@example.org\n"
LOG = "2026-01-01 login ok user=carol@example.net\n2026-01-01 logout\n"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    root.mkdir()
    (root / "users.csv").write_text(USERS, encoding="utf-8")
    (root / "app.log.gz").write_bytes(gzip.compress(LOG.encode()))
    (root / "weights.bin").write_bytes(bytes(range(256)) * 64)  # unsupported: skipped, never "unchanged"
    (root / "broken.jsonl.gz").write_bytes(gzip.compress(b'{"email": "dave@example.com"}\n')[:-12])
    return root


def _scan(jejak: Any, root: Path, *flags: str) -> dict[str, Any]:
    result = jejak("scan", str(root), "--format", "json", "-q", *flags)
    assert result.exit_code in (0, 3), result.output
    return json.loads(result.stdout)


def _by_name(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {Path(a["uri"]).name: a for a in document["assets"]}


def test_second_scan_reads_nothing_unchanged_and_carries_the_counts(
    jejak: Any, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _scan(jejak, data)
    reads: list[str] = []
    original = LocalConnector.read_batches

    def counting(self: LocalConnector, asset: Any, options: Any, report: Any) -> Any:
        reads.append(Path(asset.uri).name)
        return original(self, asset, options, report)

    monkeypatch.setattr(LocalConnector, "read_batches", counting)
    second = _scan(jejak, data)

    assert reads == ["broken.jsonl.gz"], "only the asset whose last scan failed is read again"
    assets = _by_name(second)
    for name in ("users.csv", "app.log.gz"):
        assert assets[name]["skipped"] is True
        assert assets[name]["skip_reason"] == "unchanged"
        assert assets[name]["unchanged_since_run"] == first["run_id"]
        assert assets[name]["entities"] == _by_name(first)[name]["entities"]
        assert assets[name]["rows"] == _by_name(first)[name]["rows"]
    assert assets["weights.bin"]["skip_reason"] == "unsupported"
    assert second["summary"]["assets_unchanged"] == 2
    assert second["summary"]["entities"] == first["summary"]["entities"]
    assert second["summary"]["rows"] < first["summary"]["rows"], "rows counts what this run read"
    assert second["summary"]["findings_recorded"] == 0


def test_a_changed_file_is_rescanned_alone(jejak: Any, data: Path) -> None:
    _scan(jejak, data)
    users = data / "users.csv"
    users.write_text(USERS + "Eve Ng,eve.ng@example.com\n", encoding="utf-8")
    second = _by_name(_scan(jejak, data))
    assert second["users.csv"]["skipped"] is False
    assert second["users.csv"]["entities"]["EMAIL_ADDRESS"] == 3
    assert second["app.log.gz"]["skip_reason"] == "unchanged"


def test_same_size_rewrite_with_a_new_mtime_is_rescanned(jejak: Any, data: Path) -> None:
    _scan(jejak, data)
    users = data / "users.csv"
    users.write_text(USERS.replace("Alice", "Alize"), encoding="utf-8")
    stat = users.stat()
    os.utime(users, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert _by_name(_scan(jejak, data))["users.csv"]["skipped"] is False


def test_full_reads_everything(jejak: Any, data: Path) -> None:
    _scan(jejak, data)
    second = _scan(jejak, data, "--full")
    assert second["summary"]["assets_unchanged"] == 0
    assert _by_name(second)["users.csv"]["skipped"] is False


def test_another_detector_rescans(jejak: Any, data: Path) -> None:
    _scan(jejak, data)
    second = _scan(jejak, data, "--entities", "EMAIL_ADDRESS")
    assert second["summary"]["assets_unchanged"] == 0, "other entity types: old findings do not answer"


def test_a_sample_does_not_stand_in_for_a_full_scan(jejak: Any, data: Path) -> None:
    _scan(jejak, data, "--sample", "1")
    full = _scan(jejak, data)
    assert _by_name(full)["users.csv"]["skipped"] is False
    sampled_again = _scan(jejak, data, "--sample", "1")
    assert _by_name(sampled_again)["users.csv"]["skip_reason"] == "unchanged", "a full scan covers a sample"


def test_table_output_names_unchanged_assets(jejak: Any, data: Path) -> None:
    _scan(jejak, data)
    result = jejak("scan", str(data), "-q")
    assert "unchanged since" in result.stdout  # the cell may wrap on a narrow terminal
    assert "2 unchanged" in result.stdout
