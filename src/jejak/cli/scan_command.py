"""`jejak scan`: find personal data in local paths, S3 buckets and SQL databases (more through plugins)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from jejak.cli.exit_codes import ExitCode
from jejak.cli.options import common_options, split_csv
from jejak.cli.progress import RichScanProgress
from jejak.cli.session import Session
from jejak.connectors.registry import ConnectorRegistry
from jejak.errors import UsageError
from jejak.reports.scan_json import scan_document
from jejak.reports.scan_table import render_scan_table
from jejak.scan.process_engine import ProcessEngine
from jejak.scan.scanner import Scanner, ScanRun
from jejak.scan.spark_engine import SparkEngine


@click.command()
@click.argument("uris", nargs=-1, required=True, metavar="PATH_OR_URI...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people, json for machines (schema in docs/cli.md).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to this file instead of stdout.",
)
@click.option(
    "--sample",
    type=click.IntRange(min=1),
    metavar="N",
    help="Scan N rows per asset (spread evenly when the row count is known, else the first N).",
)
@click.option("--include", multiple=True, metavar="GLOB", help="Only assets whose relative path matches.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip assets whose relative path matches.")
@click.option("--entities", multiple=True, metavar="TYPE,...", help="Only these entity types.")
@click.option(
    "--fail-on",
    "fail_on",
    metavar="any|TYPE,...",
    help="Exit 1 when any finding (or one of these entity types) is found: for hooks and CI.",
)
@click.option("--no-findings", is_flag=True, help="Record counts in the catalog but not each occurrence.")
@click.option(
    "--full",
    is_flag=True,
    help="Read every asset, also those unchanged since their last scan (default: skip them).",
)
@click.option(
    "--endpoint-url",
    metavar="URL",
    help="S3-compatible endpoint for s3:// URIs (MinIO, Ceph, R2); same as connectors.s3.endpoint_url.",
)
@click.option(
    "--table",
    "tables",
    multiple=True,
    metavar="GLOB",
    help="For SQL URLs: only these tables (schema.table or table, globs); same as connectors.sql.tables.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    help="Read assets here (local, the default) or on a Spark cluster (docs/spark.md); same as scan.engine.",
)
@click.option(
    "--spark-master",
    metavar="URL",
    help="With --engine spark: local[N], yarn, spark://HOST:PORT, k8s://... (default: the master "
    "spark-submit gives, else local[2]); same as scan.spark.master.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    metavar="N",
    help="Local engine: N processes read assets (and parts of large files) at once; 0 = one per "
    "core; same as scan.workers (default 1: this process).",
)
@common_options
def scan(
    uris: tuple[str, ...],
    output_format: str,
    output: Path | None,
    sample: int | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    entities: tuple[str, ...],
    fail_on: str | None,
    no_findings: bool,
    full: bool,
    endpoint_url: str | None,
    tables: tuple[str, ...],
    engine: str | None,
    spark_master: str | None,
    workers: int | None,
    config_path: Path | None,
    catalog_url: str | None,
    quiet: bool,
) -> None:
    """Scan files, folders, S3 buckets and SQL databases for personal data; record results in the catalog."""
    scan_overrides: dict[str, Any] = {}
    if sample:
        scan_overrides["sample_rows"] = sample
    if include:
        scan_overrides["include"] = list(include)
    if exclude:
        scan_overrides["exclude"] = list(exclude)
    if no_findings:
        scan_overrides["record_findings"] = False
    if full:
        scan_overrides["incremental"] = False
    if engine:
        scan_overrides["engine"] = engine
    if spark_master:
        scan_overrides["spark"] = {"master": spark_master}
    if workers is not None:
        scan_overrides["workers"] = workers
    overrides: dict[str, Any] = {"scan": scan_overrides} if scan_overrides else {}
    connector_overrides: dict[str, dict[str, Any]] = {}
    if endpoint_url:
        connector_overrides["s3"] = {"endpoint_url": endpoint_url}
    if tables:
        connector_overrides["sql"] = {"tables": list(tables)}
    if connector_overrides:
        overrides["connectors"] = connector_overrides
    if entities:
        overrides["detection"] = {"entities": split_csv(entities)}
    session = Session(config_path=config_path, catalog_url=catalog_url, overrides=overrides)
    config = session.config
    stderr = Console(stderr=True)
    engine_used = _engine(session, spark_master, workers)
    try:
        scanner = Scanner(
            config=config,
            detector=session.detector,
            hasher=session.hasher,
            connectors=ConnectorRegistry.from_entry_points(config.connectors),
            catalog=session.catalog,
            engine=engine_used,
        )
        try:
            with RichScanProgress(stderr, enabled=not quiet and stderr.is_terminal) as progress:
                run = scanner.run(list(uris), progress)
        finally:
            session.catalog.close()
    finally:
        if engine_used is not None:
            engine_used.close()
    _emit(run, output_format, output, session)
    for result in run.results:  # errors are printed even with --quiet
        if result.error:
            stderr.print(f"[red]error:[/] {result.error}", highlight=False, soft_wrap=True)
    raise SystemExit(int(exit_code(run, fail_on)))


def _engine(
    session: Session, spark_master: str | None, workers: int | None
) -> SparkEngine | ProcessEngine | None:
    """The Spark engine when `scan.engine` is spark (pyspark checked before any run is recorded), the
    process pool when the local engine has `scan.workers` other than 1, else None (this process reads)."""
    config = session.config
    if config.scan.engine != "spark":
        if spark_master:
            raise UsageError("--spark-master needs --engine spark (or scan.engine: spark in the config)")
        engine = ProcessEngine.create(config, session.hash_key)
        if engine is not None:
            engine.start()  # before this process builds its detector, so the start-ups overlap
        return engine
    if workers is not None:
        raise UsageError("--workers applies to the local engine; a Spark scan uses the cluster's executors")
    return SparkEngine.create(config, session.hash_key, session.detector.fingerprint)


def exit_code(run: ScanRun, fail_on: str | None) -> ExitCode:
    if fail_on:
        wanted = {part.strip() for part in fail_on.split(",") if part.strip()}
        found = set(run.summary.entities)
        if ("any" in wanted and found) or (wanted & found):
            return ExitCode.FINDINGS_MATCHED
    if run.summary.assets_failed:
        return ExitCode.PARTIAL_FAILURE
    return ExitCode.OK


def _emit(run: ScanRun, output_format: str, output: Path | None, session: Session) -> None:
    if output_format == "json":
        text = json.dumps(scan_document(run, session.config, session.packs), indent=2, ensure_ascii=False)
        if output:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text + "\n", encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
        return
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as handle:
            render_scan_table(run, Console(file=handle, width=160, no_color=True))
    else:
        render_scan_table(run, Console())
