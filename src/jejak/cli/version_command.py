"""`jejak version`: what this installation loads (packs, NLP pipelines), for bug reports."""

from __future__ import annotations

from pathlib import Path

import click

from jejak import __version__
from jejak.cli.options import common_options
from jejak.cli.session import Session


@click.command()
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
