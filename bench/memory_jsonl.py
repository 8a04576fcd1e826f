"""Peak memory of `jejak scan` on a large JSON Lines log: it must stay bounded by the batch, not the file.

Generates (deterministically, seed 7) a JSONL app log of --size-mb megabytes where about 1% of lines hold
personal data, scans it with `jejak scan` in a child process and reads the child's peak RSS from
getrusage(RUSAGE_CHILDREN). Prints and writes bench/results-memory.json.

    python bench/memory_jsonl.py --size-mb 1024
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PII_TEMPLATES = (
    "customer email {email} asked for a refund",
    "callback requested to +65 9{n7}",
    "login from 203.0.113.{octet}",
)


def write_log(path: Path, size_mb: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    target = size_mb * 1024 * 1024
    written = lines = 0
    with path.open("w", encoding="utf-8") as handle:
        while written < target:
            chunk = []
            for _ in range(10_000):
                lines += 1
                if rng.random() < 0.01:
                    template = rng.choice(PII_TEMPLATES)
                    message = template.format(
                        email=f"user{rng.randrange(10**6)}@example.com",
                        n7=f"{rng.randrange(10**7):07d}",
                        octet=rng.randrange(1, 255),
                    )
                else:
                    cache = "hit" if rng.random() < 0.7 else "miss"
                    message = f"request handled in {rng.randrange(1, 900)} ms, cache={cache}"
                record = {
                    "ts": f"2026-11-01T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z",
                    "level": "INFO",
                    "service": rng.choice(("api", "auth", "billing", "search")),
                    "request_id": f"{rng.getrandbits(64):016x}",
                    "latency_ms": rng.randrange(1, 900),
                    "message": message,
                }
                chunk.append(json.dumps(record))
            text = "\n".join(chunk) + "\n"
            handle.write(text)
            written += len(text.encode("utf-8"))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument(
        "--keep", type=Path, help="Directory to keep the generated log in (reused if present)."
    )
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="jejak-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / f"app-{args.size_mb}mb.jsonl"
    if not log.exists():
        started = time.perf_counter()
        lines = write_log(log, args.size_mb)
        print(f"generated {log} ({lines:,} lines) in {time.perf_counter() - started:.1f}s", flush=True)
    jejak = Path(sys.executable).with_name("jejak")
    command = [
        str(jejak),
        "scan",
        str(log),
        "--format",
        "json",
        "--quiet",
        "--no-findings",
        "--catalog",
        f"sqlite:///{workdir}/catalog.db",
        "--output",
        str(workdir / "scan.json"),
    ]
    started = time.perf_counter()
    completed = subprocess.run(command, check=False)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    report = json.loads((workdir / "scan.json").read_text())
    size_mb = log.stat().st_size / 2**20
    result = {
        "input_mb": round(size_mb, 1),
        "rows": report["summary"]["rows"],
        "entities": report["summary"]["entities"],
        "exit_code": completed.returncode,
        "seconds": round(elapsed, 1),
        "mb_per_s": round(size_mb / elapsed, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "peak_rss_over_input": round(peak_mb / size_mb, 3),
    }
    print(json.dumps(result, indent=2))
    out = Path(__file__).with_name("results-memory.json")
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
