"""`jejak report ...`: documents drawn from what the catalog recorded, for people outside engineering.

`jejak report erasure PLAN_ID` writes the erasure certificate of a plan. Its exit code lets scripts
branch: 0 when jejak's part of the erasure is done and every check of the records holds, 1 when the
certificate was written but the erasure is incomplete, not executed, or the records do not verify.

`jejak report consent DATASET... --ledger LEDGER` reports each dataset per purpose by consent status, and
whether it was built before someone in it withdrew (its build time from the catalog's lineage graph). Exit
1 when some dataset is stale or holds people who withdrew, so scripts can branch the same way.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from jejak.catalog.extension import CatalogExtension
from jejak.catalog.settings import sqlite_file
from jejak.cli.gate_command import echo_ledger_problems
from jejak.cli.options import F, common_options, endpoint_url_option, ledger_options
from jejak.cli.session import Session
from jejak.consent.api import ConsentTools
from jejak.consent.built_at import lineage_then_modified
from jejak.consent.report import ConsentReport, consent_report
from jejak.erasure.certificate import build_certificate, passes
from jejak.errors import UsageError
from jejak.lineage.builds import BuildTimes
from jejak.lineage.store import LineageStore
from jejak.reports.consent_html import render_html as render_consent_html
from jejak.reports.erasure_html import render_html

NOT_DONE = 1  # exit code: written, but not complete or not verified (docs/cli.md)
NEEDS_ATTENTION = 1  # exit code: consent report written, and some dataset is stale or holds withdrawals


def report_output_options(func: F) -> F:
    """--format json|html and --output, the same for every report."""
    func = click.option(
        "--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write here."
    )(func)
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["json", "html"]),
        default="json",
        show_default=True,
        help="json for machines and archives, html (one offline page) for people.",
    )(func)


@click.group()
def report() -> None:
    """Reports for privacy officers: the erasure certificate of a plan, consent per dataset and purpose."""


@report.command("erasure")
@click.argument("plan_id")
@report_output_options
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
    _emit(text, output)
    if output is not None and not quiet:
        status = certificate["status"]
        click.echo(f"erasure certificate of plan {plan_id} written to {output}: {status}", err=True)
    if not passes(certificate):
        raise SystemExit(NOT_DONE)


def _render(certificate: dict[str, Any], output_format: str) -> str:
    if output_format == "html":
        return render_html(certificate)
    return json.dumps(certificate, indent=2, ensure_ascii=False) + "\n"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}; check the path") from exc


@report.command("consent")
@click.argument("datasets", nargs=-1, required=True, metavar="DATASET...")
@ledger_options
@click.option(
    "--purpose",
    "purposes",
    multiple=True,
    metavar="P",
    help="A purpose to report (repeatable). Default: every consent.purposes entry the ledger has events for.",
)
@report_output_options
@endpoint_url_option
@common_options
def consent(
    datasets: tuple[str, ...],
    ledger: str,
    purposes: tuple[str, ...],
    subject_column: str | None,
    output_format: str,
    output: Path | None,
    endpoint_url: str | None,
    config_path: Path | None,
    catalog_url: str | None,
    quiet: bool,
) -> None:
    """Consent per DATASET and purpose: rows and people by status, withdrawals since each was built
    (lineage), and the jurisdictions whose rules apply. Exit 0, or 1 when a dataset is stale or holds
    withdrawals."""
    overrides: dict[str, Any] = {"connectors": {"s3": {"endpoint_url": endpoint_url}}} if endpoint_url else {}
    session = Session(config_path=config_path, catalog_url=catalog_url, overrides=overrides)
    tools = ConsentTools.build(config=session.config)
    url = session.catalog_settings.url
    database = sqlite_file(url)
    if database is not None and not database.exists():  # a report creates no catalog
        if not quiet:
            click.echo(f"note: no catalog at {database}; build times from modification times", err=True)
        result = _consent_report(datasets, ledger, purposes, subject_column, tools, None, session.cwd)
    else:
        with LineageStore.open(url, session.hash_key) as store:
            times = BuildTimes(store.engine)
            result = _consent_report(datasets, ledger, purposes, subject_column, tools, times, session.cwd)
    if not quiet:
        echo_ledger_problems(result.ledger_problems)
    document = result.as_json()
    if output_format == "html":
        text = render_consent_html(document)
    else:
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    _emit(text, output)
    if output is not None and not quiet:
        summary = document["summary"]
        click.echo(
            f"consent report written to {output}: {summary['datasets']} dataset(s), {summary['stale']} "
            f"stale, {summary['with_withdrawn_subjects']} with withdrawn subjects",
            err=True,
        )
    if result.needs_attention:
        raise SystemExit(NEEDS_ATTENTION)


def _consent_report(
    datasets: tuple[str, ...],
    ledger: str,
    purposes: tuple[str, ...],
    subject_column: str | None,
    tools: ConsentTools,
    times: BuildTimes | None,
    cwd: Path,
) -> ConsentReport:
    return consent_report(
        datasets,
        ledger=ledger,
        tools=tools,
        purposes=purposes,
        subject_column=subject_column,
        built_at=lineage_then_modified(times, cwd),
    )
