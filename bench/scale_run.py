"""Timed runs for bench/scale.py: the pyarrow read floor, `jejak scan` / `jejak findings` in child processes.

Each `jejak` call is a fresh child process with its own SQLite catalog in a fresh directory (so nothing is
skipped as unchanged and no earlier run's findings count). Wall clock is measured around the child; its
peak RSS is its own high-water mark, polled from /proc (see `run_child`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq

JEJAK = Path(sys.executable).with_name("jejak")


# --------------------------------------------------------------------------------------------- floor


def read_parquet_once(path: Path) -> int:
    return pq.read_table(path).num_rows


def read_jsonl_once(path: Path) -> int:
    """pyarrow's streaming JSON reader over the whole file (what a fast JSONL read costs)."""
    rows = 0
    options = pa_json.ReadOptions(block_size=16 << 20)
    with pa_json.open_json(path, read_options=options) as reader:
        for batch in reader:
            rows += batch.num_rows
    return rows


def floor(path: Path, repeats: int = 3) -> dict[str, Any]:
    """Time reading every column of `path` `repeats` times after a warm-up read; the best run is the floor."""
    reader = read_jsonl_once if path.suffix == ".jsonl" else read_parquet_once
    rows = reader(path)  # warm-up: page cache, pyarrow's thread pool
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        reader(path)
        runs.append(time.perf_counter() - started)
    best = min(runs)
    mb = path.stat().st_size / 2**20
    return {
        "reader": "pyarrow.json.open_json" if reader is read_jsonl_once else "pyarrow.parquet.read_table",
        "rows": rows,
        "seconds": round(best, 3),
        "runs_seconds": [round(r, 3) for r in runs],
        "rows_per_s": round(rows / best),
        "mb_per_s": round(mb / best, 1),
    }


# --------------------------------------------------------------------------------------------- jejak


@dataclass
class JejakRun:
    command: list[str]
    exit_code: int
    seconds: float
    peak_rss_mb: float
    report: dict[str, Any]
    stderr_tail: str

    @property
    def asset(self) -> dict[str, Any]:
        assets: list[dict[str, Any]] = self.report.get("assets", [])
        return assets[0] if assets else {}

    @property
    def rows(self) -> int:
        return int(self.asset.get("rows", 0))

    @property
    def asset_seconds(self) -> float:
        """Time spent scanning the asset (reading + detection + recording), without start-up."""
        return float(self.asset.get("duration_s", 0.0))

    @property
    def entities(self) -> dict[str, int]:
        return dict(sorted(self.asset.get("entities", {}).items()))


def _status_kib(pid: int, field: str) -> int:
    """A size field of /proc/PID/status (VmHWM: peak resident set so far; VmRSS: now), in KiB; 0 once the
    process is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    """Child processes of `pid`, recursively (the scan's worker processes with --workers)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                for child in children.read().split():
                    found += [int(child), *_descendants(int(child))]
        except (OSError, ValueError):
            continue
    return found


def _tree_rss_kib(pid: int) -> int:
    """The resident set of `pid` and all its descendants now, in KiB."""
    return sum(_status_kib(process, "VmRSS") for process in [pid, *_descendants(pid)])


def run_child(command: list[str], cwd: Path, log: Path, poll_s: float = 0.1) -> tuple[int, float, float]:
    """Run `command`; return (exit code, wall seconds, peak RSS in MiB) of that child alone.

    The peak is the child's own high-water mark (/proc/PID/status VmHWM), read every `poll_s` until it
    exits, or the largest sum of the resident sets of the child and its worker processes seen at a poll,
    whichever is higher: getrusage's ru_maxrss is no use here, because Linux carries the parent's resident
    size at fork into the child's ru_maxrss across exec, and this process holds Presidio and spaCy.
    """
    peak = 0
    with log.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        while True:
            pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _status_kib(proc.pid, "VmHWM"), _tree_rss_kib(proc.pid))
            time.sleep(poll_s)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, seconds, peak / 1024


def scan(
    path: Path,
    rundir: Path,
    entities: list[str] | None,
    sample: int | None = None,
    findings: bool = False,
    workers: int = 1,
) -> JejakRun:
    """`jejak scan PATH --format json --full` with a fresh catalog in `rundir` (recreated); `entities`
    None: the default entity set, as a user's scan runs."""
    shutil.rmtree(rundir, ignore_errors=True)
    rundir.mkdir(parents=True)
    command = [
        str(JEJAK),
        "scan",
        str(path),
        "--format",
        "json",
        "--quiet",
        "--full",
        *(("--entities", ",".join(entities)) if entities is not None else ()),
        "--catalog",
        f"sqlite:///{rundir}/catalog.db",
        "--output",
        str(rundir / "scan.json"),
    ]
    if not findings:
        command.append("--no-findings")
    if sample is not None:
        command += ["--sample", str(sample)]
    if workers != 1:
        command += ["--workers", str(workers)]
    code, seconds, rss = run_child(command, rundir, rundir / "stderr.txt")
    report_path = rundir / "scan.json"
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    stderr = (rundir / "stderr.txt").read_text(errors="replace")[-2000:]
    return JejakRun(command, code, round(seconds, 3), round(rss, 1), report, stderr)


def summarised_scan(path: Path, rundir: Path, entities: list[str] | None, workers: int) -> dict[str, Any]:
    """`scan`, failing loudly, summed up: seconds, peak RSS and the report's summary counts."""
    run = scan(path, rundir, entities, workers=workers)
    if run.exit_code not in (0, 1):
        raise SystemExit(f"jejak scan {path} failed ({run.exit_code}): {run.stderr_tail}")
    summary = run.report.get("summary", {})
    return {
        "workers": workers,
        "seconds": run.seconds,
        "peak_rss_mb": run.peak_rss_mb,
        "assets": summary.get("assets"),
        "rows": summary.get("rows"),
        "entities": summary.get("entities", {}),
    }


def findings(rundir: Path) -> list[dict[str, Any]]:
    """Every finding of the catalog in `rundir` (`jejak findings --format json`)."""
    out = rundir / "findings.json"
    command = [
        str(JEJAK),
        "findings",
        "--format",
        "json",
        "--quiet",
        "--catalog",
        f"sqlite:///{rundir}/catalog.db",
    ]
    with out.open("wb") as handle:
        subprocess.run(command, cwd=rundir, stdout=handle, check=True)
    loaded: list[dict[str, Any]] = json.loads(out.read_text())
    return loaded


# --------------------------------------------------------------------------------------------- prefixes


def prefix_file(path: Path, rows: int) -> Path:
    """The first `rows` rows (Parquet) or lines (JSON Lines) of `path`, as a file beside it (cached)."""
    out = path.with_name(f"{path.stem}.first{rows}{path.suffix}")
    if out.exists():
        return out
    tmp = out.with_name(out.name + ".tmp")
    if path.suffix == ".parquet":
        source = pq.ParquetFile(path)
        batches, taken = [], 0
        for batch in source.iter_batches(batch_size=min(rows, 65_536)):
            batches.append(batch.slice(0, rows - taken))
            taken += batches[-1].num_rows
            if taken >= rows:
                break
        table = pa.Table.from_batches(batches, schema=source.schema_arrow)
        # small row groups, so that `--workers` can share even a short prefix evenly (jejak.scan.parts)
        pq.write_table(table, tmp, row_group_size=25_000)
    else:
        with path.open("rb") as src, tmp.open("wb") as dst:
            for n, line in enumerate(src):
                if n >= rows:
                    break
                dst.write(line)
    tmp.replace(out)
    return out


def read_jsonl_slice(path: Path, rows: int) -> dict[str, list[Any]]:
    """The first `rows` records of a JSON Lines file as {field: [values]}."""
    columns: dict[str, list[Any]] = {}
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n >= rows:
                break
            record = json.loads(line)
            for key, value in record.items():
                columns.setdefault(key, [None] * n).append(value)
            for values in columns.values():
                if len(values) < n + 1:
                    values.append(None)
    return columns
