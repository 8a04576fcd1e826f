"""Many small files: what a scan pays per file, next to the same lines in one file.

ML lakes often hold one small file per conversation, sample or hour of a service's log. Whatever a scan
pays per file (listing, opening, screening a few values, recording the asset in the catalog) then counts
as much as what it pays per line. This writes `--files` JSON Lines files of `--lines` app-log lines each
(bench/scale.py's log rows: 1% of messages hold personal data) and the same lines as one file, then times,
in one run: pyarrow reading every small file (the floor), and `jejak scan --full --no-findings` of the
directory and of the single file, one process and `--workers 2`. The two scans must count the same
entities. Writes bench/results-small-files.json.

    python bench/small_files.py --files 1000 --lines 10
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_data
import scale_run
from scale import machine


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=10, help="lines per file")
    parser.add_argument("--seed", type=int, default=scale_data.DEFAULT_SEED)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "jejak-bench-small-files"
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results-small-files.json"))
    return parser.parse_args(argv)


def write_inputs(args: argparse.Namespace) -> tuple[Path, Path]:
    """The directory of small files and the one file holding the same lines (rewritten every run)."""
    lake = args.workdir / "lake"
    single = args.workdir / "single" / "all.jsonl"
    for stale in (*lake.glob("*.jsonl"), single):
        stale.unlink(missing_ok=True)
    lake.mkdir(parents=True, exist_ok=True)
    single.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps(scale_data.log_record(row), ensure_ascii=False)
        for row in scale_data.iter_rows("log", args.seed, args.files * args.lines)
    ]
    with single.open("w", encoding="utf-8") as whole:
        for number in range(args.files):
            part = lines[number * args.lines : (number + 1) * args.lines]
            text = "\n".join(part) + "\n"
            (lake / f"part-{number:06d}.jsonl").write_text(text, encoding="utf-8")
            whole.write(text)
    return lake, single


def read_floor(lake: Path) -> float:
    """Best of three: pyarrow reading every small file (after a warm-up read)."""
    files = sorted(lake.glob("*.jsonl"))
    runs = []
    for attempt in range(4):
        started = time.perf_counter()
        for path in files:
            scale_run.read_jsonl_once(path)
        if attempt:
            runs.append(time.perf_counter() - started)
    return min(runs)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    lake, single = write_inputs(args)
    floor_s = read_floor(lake)
    scans = {
        f"{name}, {workers} worker{'s' if workers > 1 else ''}": scale_run.summarised_scan(
            path, args.workdir / "runs", list(scale_data.ENTITIES), workers
        )
        for name, path in (("small files", lake), ("one file", single))
        for workers in (1, 2)
    }
    counts = {json.dumps(scan["entities"], sort_keys=True) for scan in scans.values()}
    if len(counts) != 1:
        raise SystemExit(f"the scans count different entities: {sorted(counts)}")
    one, many = scans["one file, 1 worker"]["seconds"], scans["small files, 1 worker"]["seconds"]
    for scan in scans.values():
        scan["ms_per_file"] = round(scan["seconds"] * 1000 / args.files, 2)
        scan["ratio_to_floor"] = round(scan["seconds"] / floor_s, 1)
    results = {
        "schema_version": 1,
        "parameters": {"files": args.files, "lines_per_file": args.lines, "seed": args.seed},
        "machine": machine(),
        "floor": {"reader": "pyarrow.json.open_json, file by file", "seconds": round(floor_s, 3)},
        "scans": scans,
        "per_file_overhead_ms": round((many - one) * 1000 / args.files, 2),
        "entities": scans["one file, 1 worker"]["entities"],
        "seconds": round(time.perf_counter() - started, 1),
    }
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"floor: pyarrow reads {args.files:,} files in {floor_s:.2f}s")
    for name, scan in scans.items():
        print(
            f"{name:>24}: {scan['seconds']:7.2f}s  {scan['ms_per_file']:6.2f} ms/file  "
            f"{scan['ratio_to_floor']:6.1f}x floor  {scan['peak_rss_mb']:,.0f} MB"
        )
    print(f"per-file overhead (one process): {results['per_file_overhead_ms']} ms; wrote {args.out}")


if __name__ == "__main__":
    main()
