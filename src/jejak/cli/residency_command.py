"""`jejak residency report`: where personal data lives, every cross-border hop and its verdict."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from jejak.cli.exit_codes import ExitCode
from jejak.cli.options import common_options, split_csv
from jejak.cli.session import Session
from jejak.errors import UsageError
from jejak.lineage.store import LineageStore
from jejak.reports.residency_html import render_html
from jejak.reports.residency_markdown import render_markdown
from jejak.residency.judge import Verdict
from jejak.residency.report import ResidencyReport, build_report


@click.group()
def residency() -> None:
    """Residency: datasets per country, cross-border hops of personal data, verdicts under each regime."""


@residency.command("report")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "md", "html"]),
    default="md",
    show_default=True,
    help="json for machines, md for tickets and wikis, html (with the graph as SVG) for people.",
)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write here.")
@click.option(
    "--date",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Judge declarations as of this day (expiry dates). Default: today.",
)
@click.option(
    "--fail-on",
    metavar="VERDICT,...",
    help="Exit 1 when a hop has one of these verdicts (missing-basis, localisation-breach, ...).",
)
@common_options
def report(
    output_format: str,
    output: Path | None,
    as_of: object,
    fail_on: str | None,
    config_path: Path | None,
    catalog_url: str | None,
    quiet: bool,
) -> None:
    """Inventory per country and every cross-border hop of personal data, judged by jurisdiction rules."""
    failing = _verdicts(fail_on)
    session = Session(config_path=config_path, catalog_url=catalog_url)
    today = as_of.date() if hasattr(as_of, "date") else date.today()
    with LineageStore.open(session.catalog_settings.url, session.hash_key) as store:
        built = build_report(store.engine, session.config, session.cwd, today)
    text = _render(built, output_format)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        if not quiet:
            click.echo(f"residency report written to {output}", err=True)
    if not quiet and built.unplaced_hops:
        click.echo(
            f"note: {len(built.unplaced_hops)} flows of personal data have no known country at one end and "
            "were not judged; add `locations` rules (docs/residency.md)",
            err=True,
        )
    if failing and any(verdict.verdict in failing for verdict in built.verdicts):
        raise SystemExit(int(ExitCode.FINDINGS_MATCHED))


def _render(built: ResidencyReport, output_format: str) -> str:
    if output_format == "json":
        return json.dumps(built.as_dict(), indent=2, ensure_ascii=False) + "\n"
    if output_format == "html":
        return render_html(built)
    return render_markdown(built)


def _verdicts(fail_on: str | None) -> set[Verdict]:
    wanted: set[Verdict] = set()
    for name in split_csv((fail_on,) if fail_on else ()):
        try:
            wanted.add(Verdict(name))
        except ValueError:
            known = ", ".join(v.value for v in Verdict)
            raise UsageError(f"--fail-on: unknown verdict {name!r}; use some of {known}") from None
    return wanted
