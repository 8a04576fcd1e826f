"""Where a jejak scan spends its time: cProfile over `Scanner.run` in-process, on the scale benchmark's data.

Builds (or reuses, from --workdir) the first --rows rows of bench/scale.py's dense or sparse table, builds the
detector outside the profile (start-up is not what is looked at), then profiles one full scan without
findings, with the benchmark's entity set, as `jejak scan --full --no-findings --entities ...` does. Prints
the top entries by cumulative and by own time.

    python bench/scale_profile.py --table dense --rows 100000
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_data

from jejak.cli.session import Session
from jejak.connectors.registry import ConnectorRegistry
from jejak.scan.scanner import Scanner


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--table", choices=("dense", "sparse"), default="dense")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--seed", type=int, default=scale_data.DEFAULT_SEED)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "jejak-bench-scale")
    parser.add_argument("--out", type=Path, help="also write the printed statistics here")
    args = parser.parse_args(argv)

    data = args.workdir / "data"
    key = scale_data.cache_key(seed=args.seed, kind=args.table, rows=args.rows)
    path = data / f"{args.table}-{args.rows}-{key}.parquet"
    scale_data.cached(path, lambda p: scale_data.write_table(args.table, p, args.rows, args.seed))
    rundir = Path(tempfile.mkdtemp(prefix="jejak-profile-", dir=args.workdir))
    session = Session(
        catalog_url=f"sqlite:///{rundir}/catalog.db",
        overrides={
            "scan": {"record_findings": False, "incremental": False},
            "detection": {"entities": list(scale_data.ENTITIES)},
        },
        cwd=rundir,
    )
    config = session.config
    scanner = Scanner(
        config=config,
        detector=session.detector,
        hasher=session.hasher,
        connectors=ConnectorRegistry.from_entry_points(config.connectors),
        catalog=session.catalog,
    )
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    run = scanner.run([str(path)])
    profile.disable()
    elapsed = time.perf_counter() - started
    out = io.StringIO()
    out.write(
        f"{args.table}, {run.summary.rows:,} rows: {elapsed:.1f}s under cProfile "
        f"({run.summary.rows / elapsed:.0f} rows/s; profiling slows Python-heavy code)\n"
    )
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    text = out.getvalue()
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
