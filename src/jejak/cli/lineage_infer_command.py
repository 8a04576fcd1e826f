"""`jejak lineage infer`: propose lineage edges between assets that share many people's identifiers."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from jejak import __version__
from jejak.cli.options import common_options, split_csv
from jejak.cli.session import Session
from jejak.lineage.graph import LineageGraph
from jejak.lineage.inference import (
    DEFAULT_MIN_OVERLAP,
    DEFAULT_MIN_SHARED,
    Proposal,
    candidate_pairs,
    proposals,
)
from jejak.lineage.names import DatasetId
from jejak.lineage.store import LineageStore

SCHEMA_VERSION = 1


@click.command("infer")
@click.option(
    "--min-shared",
    type=click.IntRange(min=1),
    default=DEFAULT_MIN_SHARED,
    show_default=True,
    metavar="N",
    help="Propose a pair only when it shares at least N distinct identifiers.",
)
@click.option(
    "--min-overlap",
    type=click.FloatRange(0.0, 1.0),
    default=DEFAULT_MIN_OVERLAP,
    show_default=True,
    metavar="F",
    help="... and at least this share of the smaller asset's distinct identifiers.",
)
@click.option("--entities", "entities", multiple=True, metavar="TYPE,...", help="Only these entity types.")
@click.option("--apply", "apply", is_flag=True, help="Store the proposals as inferred lineage edges.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people, json for machines.",
)
@common_options
def infer(
    min_shared: int,
    min_overlap: float,
    entities: tuple[str, ...],
    apply: bool,
    output_format: str,
    config_path: Path | None,
    catalog_url: str | None,
    quiet: bool,
) -> None:
    """Propose upstream -> downstream edges between assets whose current findings share identifier hashes
    (one was probably made from the other); --apply stores them, marked inferred."""
    session = Session(config_path=config_path, catalog_url=catalog_url)
    types = split_csv(entities)
    with LineageStore.open(session.catalog_settings.url, session.hash_key) as store:
        candidates = candidate_pairs(
            store.engine, min_shared=min_shared, min_overlap=min_overlap, entity_types=types
        )
        found, unnamed = proposals(LineageGraph(store.engine), candidates, session.cwd)
        added = store.add_inferred_edges((p.upstream, p.downstream) for p in found) if apply else 0
    for candidate, reason in unnamed:
        click.echo(
            f"warning: {candidate.upstream.uri} / {candidate.downstream.uri}: skipped: {reason}", err=True
        )
    status = {False: "applied" if apply else "proposed", True: "existing"}
    if output_format == "json":
        document = {
            "schema_version": SCHEMA_VERSION,
            "jejak_version": __version__,
            "min_shared": min_shared,
            "min_overlap": min_overlap,
            "entities": types or None,
            "applied": added,
            "proposals": [_proposal_json(p, status[p.existing]) for p in found],
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return
    console = Console()
    if not found:
        console.print(
            f"no candidate pairs: none share at least {min_shared} identifiers and {min_overlap:.0%} of the "
            "smaller asset's (pairs already linked by reported lineage are left out)"
        )
        return
    console.print(_table(found, status))
    if apply:
        console.print(f"stored {added} new inferred edge(s) under job jejak:inferred")
    elif any(not p.existing for p in found):
        console.print("nothing stored: rerun with --apply to add these edges (marked inferred)")


def _ref(dataset: DatasetId, uri: str) -> dict[str, str]:
    return {"namespace": dataset.namespace, "name": dataset.name, "uri": uri}


def _proposal_json(proposal: Proposal, status: str) -> dict[str, Any]:
    c = proposal.candidate
    return {
        "from": _ref(proposal.upstream, c.upstream.uri),
        "to": _ref(proposal.downstream, c.downstream.uri),
        "shared": c.shared,
        "overlap": round(c.overlap, 4),
        "identifiers": {"from": c.upstream.identifiers, "to": c.downstream.identifiers},
        "entity_types": c.entity_types,
        "reason": c.reason,
        "status": status,
    }


def _table(found: list[Proposal], status: dict[bool, str]) -> Table:
    table = Table(
        header_style="bold", title="inferred lineage (shared identifier hashes)", title_justify="left"
    )
    for name in ("from", "to", "shared", "overlap", "entity types", "why this direction", "status"):
        table.add_column(name, overflow="fold")
    for p in found:
        c = p.candidate
        table.add_row(
            str(p.upstream),
            str(p.downstream),
            str(c.shared),
            f"{c.overlap:.0%}",
            ", ".join(f"{name} {count}" for name, count in sorted(c.entity_types.items())),
            c.reason,
            status[p.existing],
        )
    return table
