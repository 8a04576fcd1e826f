"""`jejak audit verify`: walk the catalog's hash-chained audit log; exit 1 naming the first broken entry."""

from __future__ import annotations

import json
from pathlib import Path

import click

from jejak.catalog.subject_index import SubjectIndex
from jejak.cli.options import common_options
from jejak.cli.session import Session
from jejak.erasure.audit import AuditLog

BROKEN = 1  # exit code when the chain does not verify (docs/cli.md)


@click.group()
def audit() -> None:
    """The audit log of erasure plans, approvals and executions."""


@audit.command("verify")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@common_options
def verify(output_format: str, config_path: Path | None, catalog_url: str | None, quiet: bool) -> None:
    """Check every entry's hash and link; exit 0 when intact, 1 when an entry was altered or removed."""
    session = Session(config_path=config_path, catalog_url=catalog_url)
    with SubjectIndex.open(session.catalog_settings.url, session.hash_key) as index:
        result = AuditLog(index.engine).verify()
    if output_format == "json":
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    elif result.intact:
        click.echo(f"audit log intact: {result.entries} entry(ies), head {result.head}")
    else:
        click.echo(f"audit log broken: {result.reason}")
    if not result.intact:
        raise SystemExit(BROKEN)
