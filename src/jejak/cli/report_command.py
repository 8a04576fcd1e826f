"""`jejak report ...`: documents drawn from what the catalog recorded, for people outside engineering.

`jejak report erasure PLAN_ID` writes the erasure certificate of a plan. Its exit code lets scripts
branch: 0 when jejak's part of the erasure is done and every check of the records holds, 1 when the
certificate was written but the erasure is incomplete, not executed, or the records do not verify.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from jejak.catalog.extension import CatalogExtension
from jejak.cli.options import common_options
from jejak.cli.session import Session
from jejak.erasure.certificate import build_certificate, passes
from jejak.errors import UsageError
from jejak.reports.erasure_html import render_html

NOT_DONE = 1  # exit code: written, but not complete or not verified (docs/cli.md)


@click.group()
def report() -> None:
    """Reports from the catalog for privacy officers: the erasure certificate of a plan."""


@report.command("erasure")
@click.argument("plan_id")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "html"]),
    default="json",
    show_default=True,
    help="json for machines and archives, html (one offline page) for people.",
)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write here.")
@common_options
def erasure(
    plan_id: str,
    output_format: str,
    output: Path | None,
    config_path: Path | None,
    catalog_url: str | None,
    quiet: bool,
) -> None:
    """The erasure certificate of PLAN_ID: request, plan, actions, results, residual items, audit trail."""
    session = Session(config_path=config_path, catalog_url=catalog_url)
    with CatalogExtension.open(session.catalog_settings.url, session.hash_key) as store:
        certificate = build_certificate(store.engine, plan_id, datetime.now(UTC))
    text = _render(certificate, output_format)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror}; check the path") from exc
        if not quiet:
            status = certificate["status"]
            click.echo(f"erasure certificate of plan {plan_id} written to {output}: {status}", err=True)
    if not passes(certificate):
        raise SystemExit(NOT_DONE)


def _render(certificate: dict[str, Any], output_format: str) -> str:
    if output_format == "html":
        return render_html(certificate)
    return json.dumps(certificate, indent=2, ensure_ascii=False) + "\n"
