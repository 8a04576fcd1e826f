"""`jejak findings`: query what earlier scans recorded (masked previews and keyed hashes only)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from jejak.cli.options import common_options, split_csv
from jejak.cli.session import Session


@click.command()
@click.option("--entity", "entities", multiple=True, metavar="TYPE,...", help="Only these entity types.")
@click.option(
    "--asset",
    "asset_like",
    metavar="PATTERN",
    help="Only assets whose URI contains PATTERN (SQL LIKE wildcards % and _ allowed).",
)
@click.option(
    "--run", "run_id", type=int, help="Findings of this scan run (default: each asset's latest scan)."
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many findings.")
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@common_options
def findings(
    entities: tuple[str, ...],
    asset_like: str | None,
    run_id: int | None,
    limit: int | None,
    output_format: str,
    config_path: Path | None,
    catalog_url: str | None,
    quiet: bool,
) -> None:
    """List recorded findings."""
    session = Session(config_path=config_path, catalog_url=catalog_url)
    like = asset_like if asset_like is None or "%" in asset_like else f"%{asset_like}%"
    with session.catalog as catalog:
        records = catalog.query_findings(
            entity_types=split_csv(entities), asset_like=like, run_id=run_id, limit=limit
        )
        if output_format == "json":
            click.echo("[", nl=False)
            for index, record in enumerate(records):
                click.echo(
                    ("," if index else "") + "\n  " + json.dumps(asdict(record), ensure_ascii=False), nl=False
                )
            click.echo("\n]")
            return
        table = Table(header_style="bold")
        for name in ("run", "asset", "column", "row", "span", "entity", "score", "preview", "hash"):
            table.add_column(name)
        count = 0
        for record in records:
            count += 1
            table.add_row(
                str(record.run_id),
                record.asset_uri,
                record.column or "-",
                str(record.row),
                f"{record.start}-{record.end}",
                record.entity_type,
                f"{record.score:.2f}",
                record.preview,
                record.value_hash[:12],
            )
        console = Console()
        console.print(table if count else "no findings recorded (run `jejak scan PATH` first)")
