"""A web server's access log: what a scan with the default entities costs per line, and what it finds.

Access logs are in every bucket, and every line of one is dense with numbers: an IP address (personal data),
a timestamp, request ids, a status and a size, a latency, user agents with version numbers. Each is a
candidate for several recognizers, so a line costs far more than a chat message of the same length, and a
status and size (`404 5901`) are a valid Brunei phone number. This writes `--lines` lines in the combined
log format (deterministic seed; 1% of them with an e-mail address as the authenticated user, as basic-auth
logins often are), then times, in one run: pyarrow reading the lines (the floor) and
`jejak scan FILE --full --no-findings` with jejak's default entities, one process and `--workers 2`.
It reports lines/s and the entities found next to those planted (every line's IP, the e-mails; no phone
numbers). Writes bench/results-access-log.json.

    python bench/access_log.py --lines 100000
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.csv as pa_csv

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_data
import scale_run
from scale import machine

AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 "
    "Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "okhttp/4.9.3",
    "GrabFood/5.301.200 (Android 13; SM-A546E)",
    "curl/8.4.0",
)
PATHS = ("/api/v1/orders", "/api/v1/cart", "/static/app.js", "/login", "/api/v1/users/me", "/health")
USERS = ("alice.tan", "budi.santoso", "nguyen.an", "siti.aminah", "somchai.k", "maria.santos")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=scale_data.DEFAULT_SEED)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "jejak-bench-access-log"
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results-access-log.json"))
    return parser.parse_args(argv)


def write_log(path: Path, lines: int, seed: int) -> dict[str, int]:
    """The log and what it holds: an IP on every line, an e-mail on 1% of them."""
    rng = random.Random(seed)
    planted = {"IP_ADDRESS": 0, "EMAIL_ADDRESS": 0}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for _ in range(lines):
            ip = f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            planted["IP_ADDRESS"] += 1
            user = "-"
            if rng.random() < 0.01:
                user = f"{rng.choice(USERS)}{rng.randint(1, 99)}@example.com"
                planted["EMAIL_ADDRESS"] += 1
            stamp = (
                f"{rng.randint(1, 28):02d}/Nov/2026:{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:"
                + (f"{rng.randint(0, 59):02d} +0800")
            )
            query = f"?id={rng.randint(1000, 9_999_999)}" if rng.random() < 0.5 else ""
            status = rng.choice((200, 200, 200, 201, 301, 304, 404, 500))
            out.write(
                f'{ip} - {user} [{stamp}] "GET {rng.choice(PATHS)}{query} HTTP/1.1" {status} '
                f'{rng.randint(0, 99_999)} "-" "{rng.choice(AGENTS)}" {rng.random():.3f}\n'
            )
    return planted


def read_floor(path: Path) -> float:
    """Best of three: pyarrow reading the lines as one string column (after a warm-up read)."""
    parse = pa_csv.ParseOptions(delimiter="\x01", quote_char=False, escape_char=False)
    read = pa_csv.ReadOptions(column_names=["line"], block_size=16 << 20)
    runs = []
    for attempt in range(4):
        started = time.perf_counter()
        pa_csv.read_csv(path, read_options=read, parse_options=parse)
        if attempt:
            runs.append(time.perf_counter() - started)
    return min(runs)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    log = args.workdir / f"access-{args.lines}-{args.seed}.log"
    planted = write_log(log, args.lines, args.seed)
    floor_s = read_floor(log)
    scans = {
        f"{workers} worker{'s' if workers > 1 else ''}": scale_run.summarised_scan(
            log, args.workdir / "runs", None, workers
        )
        for workers in (1, 2)
    }
    for scan in scans.values():
        scan["lines_per_s"] = round(args.lines / scan["seconds"], 1) if scan["seconds"] else None
        scan["ratio_to_floor"] = round(scan["seconds"] / floor_s, 1)
    results = {
        "schema_version": 1,
        "parameters": {"lines": args.lines, "seed": args.seed, "entities": "jejak's defaults"},
        "machine": machine(),
        "floor": {"reader": "pyarrow.csv, one string column", "seconds": round(floor_s, 3)},
        "planted": planted,
        "scans": scans,
        "seconds": round(time.perf_counter() - started, 1),
    }
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"floor: pyarrow reads {args.lines:,} lines in {floor_s:.2f}s; planted {planted}")
    for name, scan in scans.items():
        print(
            f"{name:>10}: {scan['seconds']:7.2f}s  {scan['lines_per_s']:>10,.0f} lines/s  "
            f"{scan['ratio_to_floor']:6.1f}x floor  {scan['peak_rss_mb']:,.0f} MB  found {scan['entities']}"
        )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
