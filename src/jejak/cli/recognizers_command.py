"""`jejak recognizers`: the identifiers the loaded packs detect (docs/identifiers.md is its output)."""

from __future__ import annotations

from pathlib import Path

import click

from jejak.cli.options import common_options
from jejak.cli.session import Session


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "markdown"]),
    default="table",
    show_default=True,
    help="markdown is what docs/identifiers.md holds.",
)
@common_options
def recognizers(output_format: str, config_path: Path | None, catalog_url: str | None, quiet: bool) -> None:
    """List the identifiers jejak detects, per country, with what each match rests on."""
    from jejak.reports.identifiers_doc import identifiers_markdown

    session = Session(config_path=config_path, catalog_url=catalog_url)
    text = identifiers_markdown(session.packs, session.config.detection.score_threshold)
    if output_format == "markdown":
        click.echo(text, nl=False)
        return
    from rich.console import Console
    from rich.markdown import Markdown

    Console().print(Markdown(text))
