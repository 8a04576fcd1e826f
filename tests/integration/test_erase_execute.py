"""`jejak erase execute` on a copy of the fixture lake: erase one planted person from five local files.

The subject (as in test_erase_plan.py) is in the raw table, the support chat, the gzipped app log (a
phone number, redacted in place), the training set (by `user_id`) and the eval prompts. Every test starts
from the same scanned-and-planned snapshot, restored at the same absolute path so the plan still fits.
The fault test kills `jejak erase execute` with SIGKILL at journal checkpoints (the documented
`JEJAK_TEST_KILL_AFTER` hook) and shows the next run completes with nothing lost or corrupted.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from jejak.cli.main import cli

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lake"
IDS = "email=waikit_chong@example.com\nphone=+60 14-999 1705\nMY_NRIC=980203-01-0417\nuser_id=u002569\n"
CONFIG = 'erasure:\n  subject_keys:\n    - {match: "*/training/*.parquet", column: user_id, kind: user_id}\n'
FIVE = (
    "raw/users.parquet",
    "raw/support_chat.jsonl",
    "logs/app-2026-11-01.log.gz",
    "training/train.parquet",
    "eval/eval_prompts.jsonl",
)
LITERALS = ("waikit_chong@example.com", "980203-01-0417", "+60149991705", "u002569")


def run(workdir: Path, *args: str) -> Result:
    options = ["--catalog", f"sqlite:///{workdir / 'catalog.db'}", "--config", str(workdir / "jejak.yaml")]
    return CliRunner().invoke(cli, [*args, *options], catch_exceptions=False)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """workdir/{lake, catalog.db, hash.key, plan.json} scanned and planned, copied to workdir/.snapshot."""
    workdir = tmp_path_factory.mktemp("execute")
    shutil.copytree(FIXTURES, workdir / "lake")
    (workdir / "jejak.yaml").write_text(CONFIG, encoding="utf-8")
    (workdir / "ids.txt").write_text(IDS, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("JEJAK_HASH_KEY", raising=False)
        patch.delenv("JEJAK_CATALOG", raising=False)
        patch.chdir(workdir)
        assert (
            run(workdir, "scan", *(str(workdir / "lake" / name) for name in FIVE), "--quiet").exit_code == 0
        )
        plan = run(workdir, "erase", "plan", "--ids-file", "ids.txt", "--output", str(workdir / "plan.json"))
        assert plan.exit_code == 0, plan.output
    shutil.copytree(workdir, workdir / ".snapshot", ignore=shutil.ignore_patterns(".snapshot"))
    yield workdir


@pytest.fixture
def workdir(snapshot: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("lake", "catalog.db", "plan.json"):
        target = snapshot / name
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
        source = snapshot / ".snapshot" / name
        shutil.copytree(source, target) if source.is_dir() else shutil.copy2(source, target)
    monkeypatch.delenv("JEJAK_HASH_KEY", raising=False)
    monkeypatch.delenv("JEJAK_CATALOG", raising=False)
    monkeypatch.chdir(snapshot)
    return snapshot


def rows_of(path: Path) -> list[Any]:
    """Every row of a file as the readers count them (parses the file: a corrupt one fails here)."""
    if path.suffix == ".parquet":
        return pq.read_table(path).to_pylist()
    if path.name.endswith(".gz"):
        return gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def holds_subject(row: Any) -> bool:
    text = json.dumps(row, default=str, ensure_ascii=False)
    return any(literal in text for literal in LITERALS[:3]) or '"u002569"' in text


def assert_erased(workdir: Path) -> None:
    original, lake = workdir / ".snapshot" / "lake", workdir / "lake"
    for name in FIVE:
        before, after = rows_of(original / name), rows_of(lake / name)
        text = json.dumps(after, default=str, ensure_ascii=False)
        if name.endswith(".log.gz"):
            assert len(after) == len(before)
            changed = [i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
            assert len(changed) == 1 and "[REDACTED]" in after[changed[0]], name
            assert "+60149991705" not in text
            continue
        assert len(after) == len(before) - 1, name
        gone = [row for row in before if row not in after]
        assert len(gone) == 1 and holds_subject(gone[0]), name
        assert [row for row in before if row != gone[0]] == after, name  # every other row, in order
        assert not any(literal in text for literal in ("waikit_chong@example.com", "980203-01-0417")), name
    assert '"u002569"' not in json.dumps(rows_of(lake / "training/train.parquet"))
    assert not list(lake.rglob(".jejak-erase-*"))


def test_execute_erases_verifies_and_audits(workdir: Path) -> None:
    result = run(workdir, "erase", "execute", "plan.json", "--approve", "--actor", "dpo", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["succeeded"] and len(report["assets"]) == 5
    assert {a["status"] for a in report["assets"]} == {"erased"}
    assert {a["verification"] for a in report["assets"]} == {"clean"}
    assert_erased(workdir)
    for name in ("catalog.db", "plan.json"):
        data = (workdir / name).read_bytes()
        assert not any(literal.encode() in data for literal in LITERALS[:3])
    audit = run(workdir, "audit", "verify", "--format", "json")
    assert audit.exit_code == 0 and json.loads(audit.stdout)["entries"] == 3  # created, approved, executed
    again = run(workdir, "erase", "execute", "plan.json", "--approve", "--format", "json")
    assert again.exit_code == 0, again.output  # already erased by this plan: accepted, not redone
    assert {a["status"] for a in json.loads(again.stdout)["assets"]} == {"already_erased"}


def test_refuses_without_approve(workdir: Path) -> None:
    result = run(workdir, "erase", "execute", "plan.json")
    assert result.exit_code == 2 and "nothing is deleted without --approve" in result.stderr


def test_refuses_a_stale_plan(workdir: Path) -> None:
    chat = workdir / "lake" / "raw" / "support_chat.jsonl"
    before = {p: p.read_bytes() for p in (workdir / "lake").rglob("*") if p.is_file()}
    os.utime(chat, ns=(chat.stat().st_atime_ns, chat.stat().st_mtime_ns + 10**9))
    result = run(workdir, "erase", "execute", "plan.json", "--approve")
    assert result.exit_code == 2 and "stale" in result.stderr and str(chat) in result.stderr
    assert before == {p: p.read_bytes() for p in (workdir / "lake").rglob("*") if p.is_file()}


def test_refuses_a_tampered_plan(workdir: Path) -> None:
    plan = json.loads((workdir / "plan.json").read_text(encoding="utf-8"))
    plan["actions"] = plan["actions"][1:]
    (workdir / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    result = run(workdir, "erase", "execute", "plan.json", "--approve")
    assert result.exit_code == 2 and "content hash does not match" in result.stderr


def test_killed_runs_resume_without_loss(workdir: Path) -> None:
    jejak = Path(sys.executable).parent / "jejak"
    env = {k: v for k, v in os.environ.items() if k not in ("JEJAK_HASH_KEY", "JEJAK_CATALOG")}
    command = [str(jejak), "erase", "execute", "plan.json", "--approve", "--catalog", "sqlite:///catalog.db"]
    command += ["--config", "jejak.yaml"]
    originals = {name: rows_of(workdir / ".snapshot" / "lake" / name) for name in FIVE}
    for point in ("written:1", "swapped:2", "replaced:2"):
        killed = subprocess.run(
            command, cwd=workdir, env={**env, "JEJAK_TEST_KILL_AFTER": point}, check=False
        )
        assert killed.returncode == -9, point
        for name in FIVE:  # every file whole: either the original or the fully erased one
            rows = rows_of(workdir / "lake" / name)
            assert len(rows) in (len(originals[name]), len(originals[name]) - 1), (point, name)
    final = subprocess.run(command, cwd=workdir, env=env, check=False, capture_output=True, text=True)
    assert final.returncode == 0, final.stdout + final.stderr
    assert_erased(workdir)
