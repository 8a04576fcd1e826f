"""Peak memory of an erasure rewrite (`rewrite.write_temp`): it must stay flat, whatever the file's size.

Generates (deterministically, seed 7) five files of about --size-mb megabytes of payload each: a
plain-text app log, a gzipped JSON Lines log, a CSV export with quoted multi-line notes, a pretty-printed
JSON array, and a Parquet table in 256k-row row groups. Each is rewritten in a child process with a plan
deleting 1,000 rows spread over the file and redacting a span in 100 others (both passes: write, then
read back and compare). The child reports its own peak RSS (getrusage) and its RSS before the rewrite;
prints and writes bench/results-erasure-memory.json.

    python bench/erasure_memory.py --size-mb 1024
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

CASES = ("text", "jsonl.gz", "csv", "json", "parquet")
FORMATS = {
    "text": ("text", False),
    "jsonl.gz": ("jsonl", True),
    "csv": ("csv", False),
    "json": ("json", False),
    "parquet": ("parquet", False),
}
ROW_GROUP = 1 << 18


def _records(rng: random.Random) -> Iterator[dict[str, object]]:
    while True:
        yield {
            "ts": f"2026-11-01T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}Z",
            "service": rng.choice(("api", "auth", "billing", "search")),
            "request_id": f"{rng.getrandbits(64):016x}",
            "latency_ms": rng.randrange(1, 900),
            "message": f"user{rng.randrange(10**6)}@example.com handled in {rng.randrange(900)} ms",
        }


def generate(case: str, path: Path, size_mb: int) -> int:
    """Write the case's file; return its row count (as the scan counts rows)."""
    rng = random.Random(7)
    target, rows = size_mb << 20, 0
    records = _records(rng)
    if case == "parquet":
        return _parquet(path, target, records)
    gzipped = case.endswith(".gz")
    with (
        gzip.open(path, "wt", encoding="utf-8", compresslevel=1)
        if gzipped
        else path.open("w", encoding="utf-8", newline="")
    ) as handle:
        writer = csv.writer(handle, lineterminator="\n") if case == "csv" else None
        if writer:
            writer.writerow(["ts", "service", "request_id", "latency_ms", "message"])
        written = 0
        handle.write("[" if case == "json" else "")
        while written < target:
            record = next(records)
            if case == "json":  # an array of records, as json.dumps(records, indent=2) lays it out
                element = json.dumps(record, indent=2).replace("\n", "\n  ")
                handle.write(("\n  " if not rows else ",\n  ") + element)
                written += len(element) + 4
            elif writer:
                note = "line one\nline two" if rows % 97 == 0 else record["message"]
                fields = [*list(record.values())[:4], note]
                writer.writerow(fields)
                written += sum(len(str(field)) for field in fields) + 5
            else:
                line = json.dumps(record) if case.startswith("jsonl") else " ".join(map(str, record.values()))
                handle.write(line + "\n")
                written += len(line) + 1
            rows += 1
        handle.write("\n]\n" if case == "json" else "")
    return rows


def _parquet(path: Path, target: int, records: Iterator[dict[str, object]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = written = 0
    writer = None
    while written < target:
        batch = pa.Table.from_pylist([next(records) for _ in range(ROW_GROUP)])
        batch = batch.replace_schema_metadata({"origin": "bench"})
        writer = writer or pq.ParquetWriter(path, batch.schema, compression="zstd")
        writer.write_table(batch, row_group_size=ROW_GROUP)
        rows += batch.num_rows
        written += batch.nbytes  # payload (decoded) bytes, as for the other formats
    if writer:
        writer.close()
    return rows


def child(case: str, path: Path, rows: int) -> None:
    """Run one rewrite in this process and print its numbers as JSON."""
    from jejak.erasure.edits import Cut, Edits
    from jejak.erasure.rewrite import write_temp

    format_, gzipped = FORMATS[case]
    delete = frozenset(range(0, rows, max(rows // 1000, 1)))
    column = None if format_ == "text" else "message"
    redact = {row + 1: (Cut(column, 0, 4),) for row in range(0, rows, max(rows // 100, 1)) if row + 1 < rows}
    edits = Edits(delete=delete, redact={row: cuts for row, cuts in redact.items() if row not in delete})
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    temp = path.with_name(f".bench-{path.name}.tmp")
    temp.unlink(missing_ok=True)
    started = time.perf_counter()
    result = write_temp(path, format_, gzipped, edits, temp)
    elapsed = time.perf_counter() - started
    temp.unlink()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"seconds": elapsed, "peak_rss_mb": peak, "baseline_rss_mb": baseline,
                      "rows_before": result.rows_before, "rows_after": result.rows_after}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-mb", type=int, default=1024, help="payload megabytes per file")
    parser.add_argument("--keep", type=Path, help="Directory to keep the generated files in (reused).")
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--child", nargs=3, metavar=("CASE", "PATH", "ROWS"), help=argparse.SUPPRESS)
    parser.add_argument("--generate", nargs=2, metavar=("CASE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), int(args.child[2]))
        return
    if args.generate:
        print(generate(args.generate[0], Path(args.generate[1]), args.size_mb))
        return
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="jejak-bench-erase-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for case in args.cases.split(","):
        path = workdir / f"bench-{args.size_mb}mb.{case}"
        rows_file = path.with_name(path.name + ".rows")
        if not (path.exists() and rows_file.exists()):
            started = time.perf_counter()
            # in a child of its own: Linux keeps a process's peak RSS across fork and exec, so a parent
            # grown by generating would show in the rewrite's measurement
            size = ["--size-mb", str(args.size_mb)]
            command = [sys.executable, __file__, *size, "--generate", case, str(path)]
            rows_file.write_text(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
            print(f"generated {path} in {time.perf_counter() - started:.1f}s", flush=True)
        rows = int(rows_file.read_text())
        command = [sys.executable, __file__, "--child", case, str(path), str(rows)]
        completed = subprocess.run(command, check=True, capture_output=True, text=True)
        numbers = json.loads(completed.stdout)
        stored_mb = path.stat().st_size / 2**20
        result = {
            "case": case,
            "stored_mb": round(stored_mb, 1),
            "payload_mb": args.size_mb,
            "rows": rows,
            "removed": rows - numbers["rows_after"],
            "seconds": round(numbers["seconds"], 1),
            "payload_mb_per_s": round(args.size_mb / numbers["seconds"], 1),
            "peak_rss_mb": round(numbers["peak_rss_mb"], 1),
            "rss_before_rewrite_mb": round(numbers["baseline_rss_mb"], 1),
            "peak_rss_over_payload": round(numbers["peak_rss_mb"] / args.size_mb, 3),
        }
        print(json.dumps(result), flush=True)
        results.append(result)
    out = Path(__file__).with_name("results-erasure-memory.json")
    out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
