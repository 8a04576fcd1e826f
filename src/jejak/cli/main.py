"""The `jejak` command. Each sub-command lives in its own module; this one wires them and maps errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from jejak import __version__
from jejak.cli.analyze_command import analyze
from jejak.cli.eval_command import eval_
from jejak.cli.findings_command import findings
from jejak.cli.options import common_options
from jejak.cli.scan_command import scan
from jejak.cli.session import Session
from jejak.errors import JejakError


class JejakGroup(click.Group):
    """Turns a `JejakError` into one line on stderr and its exit code, for every sub-command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except JejakError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(
    cls=JejakGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110}
)
@click.version_option(__version__, prog_name="jejak")
def cli() -> None:
    """jejak: find personal data in ML data lakes, logs and eval sets (Southeast Asia first).

    \b
    Exit codes: 0 ok, 1 findings matched --fail-on, 2 usage/config error, 3 partial failure.
    Docs: docs/cli.md
    """


@cli.command()
@common_options
def version(config_path: Path | None, catalog_url: str | None, quiet: bool) -> None:
    """Print jejak's version, the recognizer packs it loads and the NLP pipeline per language."""
    from jejak.detection.nlp_engine import OfflineSpacyNlpEngine

    session = Session(config_path=config_path, catalog_url=catalog_url)
    click.echo(f"jejak {__version__}")
    for pack in session.packs:
        entities = ", ".join(entity.entity for entity in pack.entities)
        click.echo(f"  pack {pack.pack} {pack.version}: {entities}")
    nlp = session.config.detection.nlp
    engine = OfflineSpacyNlpEngine(session.config.detection.languages, nlp.models, nlp.engine)
    engine.load()
    for choice in engine.choices:
        click.echo(f"  nlp {choice.language}: {choice.kind} ({choice.name})")


@cli.command()
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


cli.add_command(scan)
cli.add_command(analyze)
cli.add_command(findings)
cli.add_command(eval_)


def main() -> None:
    cli(prog_name="jejak")
