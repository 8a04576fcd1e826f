"""Scale benchmark (issue 8): jejak against the pyarrow read floor and against Presidio, on the same data.

Generates (deterministic seed; cached in --workdir by parameters) a dense and a sparse Parquet table of
--rows rows, a JSON Lines log of --log-mb MiB and, with --big-mb, a bigger JSON Lines input (sparse rows),
each with its planted truth (bench/scale_data.py). Then, in one run, on the same data and entity types:

(a) the floor: pyarrow reading every column (best of 3 after a warm-up);
(b) Presidio's BatchAnalyzerEngine as a user without a model sets it up (bench/scale_presidio.py), timed on
    the first --presidio-rows rows and extrapolated linearly;
(c) `jejak scan FILE --full --no-findings --workers N` in a child process (wall clock, peak RSS of that
    child and its workers);
(d) `jejak scan FILE --sample --sample-rows` (one process: a sample is not split);
(e) as (c) with jejak's default entities, on the sparse table and the log: what a user's scan costs.
F1 of (b) and (c) against the planted spans of the first --presidio-rows rows of each table (jejak's scan of
that slice records findings, read back with `jejak findings`). Prints a table and writes --out.

A full scan whose estimated time (from the sample's rate) exceeds --scan-budget-s is measured on a prefix
of the input and extrapolated linearly; results say so (`extrapolated_from_rows`). The big input is always
read whole: it is there to show peak memory over 5 GB. Nothing is asserted:
targets get a PASS/FAIL/n-a verdict in the output.

    python bench/scale.py                  # 1M rows, 1 GiB log (make bench adds --big-mb 5120)
    python bench/scale.py --rows 100000 --log-mb 100 --presidio-rows 500     # quick sanity run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_data
import scale_report
import scale_run

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("dense", "sparse")
#: inputs also scanned with the default entities (the dense table's notes would take minutes more)
DEFAULT_ENTITY_RUNS = ("sparse", "log")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the dense and sparse tables")
    parser.add_argument("--log-mb", type=int, default=1024, help="size of the JSON Lines log (MiB)")
    parser.add_argument("--big-mb", type=int, default=0, help="size of the big JSON Lines input (0: skip)")
    parser.add_argument("--presidio-rows", type=int, default=2000, help="slice for Presidio and the F1")
    parser.add_argument("--sample-rows", type=int, default=10_000, help="N of `jejak scan --sample N`")
    parser.add_argument(
        "--scan-budget-s",
        type=float,
        default=420.0,
        help="a full jejak scan estimated to take longer is measured on a prefix and extrapolated",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="`jejak scan --workers N` for the full scans (default: one per core)",
    )
    parser.add_argument("--seed", type=int, default=scale_data.DEFAULT_SEED)
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "jejak-bench-scale",
        help="generated data (cached, keyed by parameters and seed) and per-run catalogs",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    return parser.parse_args(argv)


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --------------------------------------------------------------------------------------------- data


def generate(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    data_dir = args.workdir / "data"
    specs: dict[str, tuple[str, dict[str, Any]]] = {
        "dense": ("parquet", {"kind": "dense", "rows": args.rows}),
        "sparse": ("parquet", {"kind": "sparse", "rows": args.rows}),
        "log": ("jsonl", {"kind": "log", "mb": args.log_mb}),
    }
    if args.big_mb:
        specs["big"] = ("jsonl", {"kind": "sparse", "mb": args.big_mb})
    out: dict[str, dict[str, Any]] = {}
    for name, (ext, params) in specs.items():
        key = scale_data.cache_key(seed=args.seed, **params)
        size = f"{params['rows']}" if "rows" in params else f"{params['mb']}mb"
        path = data_dir / f"{name}-{size}-{key}.{ext}"
        started = time.perf_counter()

        def make(target: Path, params: dict[str, Any] = params, ext: str = ext) -> scale_data.Truth:
            if ext == "parquet":
                return scale_data.write_table(params["kind"], target, params["rows"], args.seed)
            return scale_data.write_jsonl(params["kind"], target, params["mb"], args.seed)

        truth = scale_data.cached(path, make)
        was_cached = truth.pop("cached")
        say(
            f"{name}: {path} ({truth['rows']:,} rows, {path.stat().st_size / 2**20:.0f} MiB) "
            + ("cached" if was_cached else f"generated in {time.perf_counter() - started:.0f}s")
        )
        out[name] = {
            "path": str(path),
            "format": ext,
            "rows": truth["rows"],
            "mb": round(path.stat().st_size / 2**20, 1),
            "truth": truth,
        }
    return out


# --------------------------------------------------------------------------------------------- machine


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", "--no-optional-locks", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def machine() -> dict[str, Any]:
    import psutil

    return {
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {
            p: _version(p)
            for p in (
                "jejak",
                "pyarrow",
                "presidio-analyzer",
                "spacy",
                "phonenumbers",
                "Faker",
                "python-stdnum",
            )
        },
        "git_commit": _git("rev-parse", "HEAD"),
        # other engineers edit the same working tree: what jejak was measured with, beyond the commit
        "git_uncommitted_detection_code": _git(
            "status", "--porcelain", "--", "src", "connectors", "recognizers"
        ).splitlines(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


# --------------------------------------------------------------------------------------------- steps


def table_slice(path: Path, rows: int) -> dict[str, list[Any]]:
    first = pq.ParquetFile(path).iter_batches(batch_size=rows)
    return dict(next(first).to_pydict())


def run_presidio(
    args: argparse.Namespace, data: dict[str, dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    from scale_presidio import PresidioBaseline, describe

    baseline = PresidioBaseline(scale_data.ENTITIES)
    runs: dict[str, Any] = {}
    predictions: dict[str, Any] = {}
    for name in ("dense", "sparse", "log"):
        path = Path(data[name]["path"])
        if name == "log":
            columns = scale_run.read_jsonl_slice(path, args.presidio_rows)
        else:
            columns = table_slice(path, args.presidio_rows)
        rows = len(next(iter(columns.values())))
        seconds, found = baseline.analyze(columns)
        predictions[name] = found
        total = data[name]["rows"]
        runs[name] = {
            "slice_rows": rows,
            "slice_seconds": round(seconds, 2),
            "rows_per_s": round(rows / seconds, 1),
            "extrapolated_seconds": round(seconds * total / rows, 1),
            "extrapolated_hours": round(seconds * total / rows / 3600, 2),
        }
        say(f"(b) Presidio {name}: {rows} rows in {seconds:.1f}s ({rows / seconds:.0f} rows/s)")
    return {**describe(baseline), "runs": runs}, predictions


def run_f1(
    args: argparse.Namespace, data: dict[str, dict[str, Any]], presidio_predictions: dict[str, Any]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in TABLES:
        rows = min(args.presidio_rows, data[name]["rows"])
        slice_path = scale_run.prefix_file(Path(data[name]["path"]), rows)
        rundir = args.workdir / "runs" / f"f1-{name}"
        run = scale_run.scan(slice_path, rundir, list(scale_data.ENTITIES), findings=True)
        jejak_cells = scale_report.findings_to_cells(scale_run.findings(rundir))
        gold = scale_data.slice_spans(name, rows, args.seed)
        out[name] = {
            "rows": rows,
            "matching": "jejak.evaluation.matching.match_spans per cell (row, column); exact and overlap",
            "gold_spans": sum(len(v) for v in gold.values()),
            "presidio": scale_report.score(gold, presidio_predictions[name], scale_data.ENTITIES),
            "jejak": scale_report.score(gold, jejak_cells, scale_data.ENTITIES),
            "jejak_scan_exit_code": run.exit_code,
        }
        say(
            f"F1 {name}: jejak {out[name]['jejak']['micro']['exact']['f1']:.3f}, "
            f"Presidio {out[name]['presidio']['micro']['exact']['f1']:.3f} (exact, {rows} rows)"
        )
    return out


def _summary(run: scale_run.JejakRun, rows_total: int, mb: float) -> dict[str, Any]:
    return {
        "exit_code": run.exit_code,
        "rows_total": rows_total,
        "rows_scanned": run.rows,
        "measured_seconds": run.seconds,
        "asset_seconds": run.asset_seconds,
        "startup_seconds": round(run.seconds - run.asset_seconds, 2),
        "peak_rss_mb": run.peak_rss_mb,
        "entities_found": run.entities,
        "input_mb": mb,
        "stderr_tail": run.stderr_tail if run.exit_code else "",
    }


def run_sample(args: argparse.Namespace, name: str, info: dict[str, Any]) -> dict[str, Any]:
    run = scale_run.scan(
        Path(info["path"]),
        args.workdir / "runs" / f"sample-{name}",
        list(scale_data.ENTITIES),
        sample=args.sample_rows,
    )
    out = _summary(run, info["rows"], info["mb"])
    out["sample"] = run.asset.get("sample")
    out["seconds"] = run.seconds
    out["rows_per_s"] = round(run.rows / run.seconds, 1) if run.seconds else None
    out["asset_rows_per_s"] = round(run.rows / run.asset_seconds, 1) if run.asset_seconds else None
    say(f"(d) jejak --sample {args.sample_rows} {name}: {run.seconds:.1f}s, {out['peak_rss_mb']:.0f} MiB RSS")
    return out


def run_full(
    args: argparse.Namespace, name: str, info: dict[str, Any], sample: dict[str, Any]
) -> dict[str, Any]:
    path, total = Path(info["path"]), info["rows"]
    rate = sample.get("asset_rows_per_s") or 0.0
    estimate = total / rate if rate else 0.0
    prefix_rows = None
    # the big input is there for peak memory over the whole file: always read to the end
    if rate and estimate > args.scan_budget_s and name != "big":
        prefix_rows = int(rate * args.scan_budget_s)
        prefix_rows = max(prefix_rows // 10_000 * 10_000, min(total, 10_000))
        if prefix_rows >= total:
            prefix_rows = None
    target = scale_run.prefix_file(path, prefix_rows) if prefix_rows else path
    say(
        f"(c) jejak full {name}: estimated {estimate:.0f}s from the sample"
        + (f"; measuring the first {prefix_rows:,} rows and extrapolating" if prefix_rows else "")
    )
    run = scale_run.scan(
        target, args.workdir / "runs" / f"full-{name}", list(scale_data.ENTITIES), workers=args.workers
    )
    out = _summary(run, total, info["mb"])
    out["estimated_seconds_from_sample"] = round(estimate, 1)
    if prefix_rows and run.rows:
        scale = total / run.rows
        out["extrapolated_from_rows"] = run.rows
        out["seconds"] = round(out["startup_seconds"] + run.asset_seconds * scale, 1)
        out["asset_seconds_extrapolated"] = round(run.asset_seconds * scale, 1)
    else:
        out["seconds"] = run.seconds
        out["asset_seconds_extrapolated"] = run.asset_seconds
        out["entities_planted"] = info["truth"]["entities"]
    out["rows_per_s"] = round(total / out["seconds"], 1) if out["seconds"] else None
    out["mb_per_s"] = round(info["mb"] / out["seconds"], 2) if out["seconds"] else None
    say(
        f"(c) jejak full {name}: {out['seconds']:.1f}s{' (extrapolated)' if prefix_rows else ''}, "
        f"{out['rows_per_s']} rows/s, {out['peak_rss_mb']:.0f} MiB RSS, exit {run.exit_code}"
    )
    return out


def run_default_entities(args: argparse.Namespace, name: str, info: dict[str, Any]) -> dict[str, Any]:
    """(e) The full scan with jejak's default entity set, as users run it: the other runs ask only the
    entities Presidio is also given, which leaves out those needing a context word (birth dates, tax and
    business numbers) whose prefilters take every timestamp."""
    run = scale_run.scan(
        Path(info["path"]), args.workdir / "runs" / f"default-{name}", None, workers=args.workers
    )
    out = _summary(run, info["rows"], info["mb"])
    out["seconds"] = run.seconds
    out["rows_per_s"] = round(run.rows / run.seconds, 1) if run.seconds else None
    out["asset_rows_per_s"] = round(run.rows / run.asset_seconds, 1) if run.asset_seconds else None
    say(f"(e) jejak full {name}, default entities: {run.seconds:.1f}s, {out['rows_per_s']} rows/s")
    return out


def ratios(results: dict[str, Any]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for name in results["data"]:
        a = results["floor"].get(name, {})
        b = results["presidio"]["runs"].get(name, {})
        c = results["jejak_full"].get(name, {})
        if not (a and c and c.get("seconds")):
            continue
        out[f"{name}_full_over_floor"] = round(c["seconds"] / a["seconds"], 1)
        out[f"{name}_full_over_floor_asset_only"] = round(c["asset_seconds_extrapolated"] / a["seconds"], 1)
        if b:
            out[f"{name}_presidio_over_full"] = round(b["extrapolated_seconds"] / c["seconds"], 2)
            out[f"{name}_presidio_over_full_asset_only"] = round(
                b["extrapolated_seconds"] / c["asset_seconds_extrapolated"], 2
            )
    return out


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict[str, Any] = {
        "schema_version": 1,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameters": {
            "rows": args.rows,
            "log_mb": args.log_mb,
            "big_mb": args.big_mb,
            "presidio_rows": args.presidio_rows,
            "sample_rows": args.sample_rows,
            "scan_budget_s": args.scan_budget_s,
            "seed": args.seed,
            "workers": args.workers,
            "entities": list(scale_data.ENTITIES),
            "jejak_scan": "jejak scan FILE --format json --quiet --full --no-findings --entities <entities> "
            f"--catalog sqlite:///<fresh> --workers {args.workers} (the --sample and F1 runs: one process)",
        },
        "machine": machine(),
    }
    data = generate(args)
    results["data"] = {
        name: {k: v for k, v in info.items() if k != "path"} | {"file": Path(info["path"]).name}
        for name, info in data.items()
    }
    results["floor"] = {}
    for name, info in data.items():
        results["floor"][name] = scale_run.floor(Path(info["path"]))
        measured = results["floor"][name]
        say(f"(a) floor {name}: {measured['seconds']}s ({measured['mb_per_s']} MB/s)")
    results["presidio"], predictions = run_presidio(args, data)
    results["f1"] = run_f1(args, data, predictions)
    results["jejak_sample"], results["jejak_full"] = {}, {}
    for name, info in data.items():
        results["jejak_sample"][name] = run_sample(args, name, info)
        results["jejak_full"][name] = run_full(args, name, info, results["jejak_sample"][name])
    results["jejak_full_default_entities"] = {
        name: run_default_entities(args, name, data[name]) for name in DEFAULT_ENTITY_RUNS if name in data
    }
    results["ratios"] = ratios(results)
    results["targets"] = scale_report.targets(results)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["notes"] = [
        "Timings are wall clock on a 2-core machine shared with other work: single runs, noisy (see load "
        "averages); ratios within one run are more stable than absolute numbers.",
        "(c) runs the CLI in a child process: wall clock includes start-up (config, packs, Presidio); the "
        "'asset_only' ratios use the scan's own duration_s instead.",
        "(b) runs in this process after a warm-up; setup time excluded.",
        "jejak scans (c) and (d) use --entities with the benchmark's entity set, as Presidio gets the same "
        "set; (e) scans the sparse table and the log with jejak's default entities, in full.",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print()
    print(scale_report.render(results))
    print(f"\nwrote {args.out} ({results['total_seconds']:.0f}s)")


if __name__ == "__main__":
    main()
