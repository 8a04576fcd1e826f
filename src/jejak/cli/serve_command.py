"""`jejak serve`: receive OpenLineage events over HTTP, as Marquez does, into the catalog."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from jejak.catalog.settings import display_url
from jejak.cli.options import common_options
from jejak.cli.session import Session
from jejak.errors import UsageError
from jejak.lineage.store import LineageStore
from jejak.server.app import LineageServer
from jejak.server.settings import (
    DEFAULT_HOST,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_PORT,
    TOKEN_ENV,
    build_settings,
)


@click.command()
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True, help="0: any free port."
)
@click.option(
    "--token-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=f"File holding the bearer token clients must send (default: ${TOKEN_ENV}).",
)
@click.option("--no-auth", is_flag=True, help="Accept requests without a token (loopback hosts only).")
@click.option(
    "--max-body-bytes",
    type=click.IntRange(min=1024),
    default=DEFAULT_MAX_BODY_BYTES,
    show_default=True,
    help="Larger requests are refused with 413 before their body is read.",
)
@common_options
def serve(
    host: str,
    port: int,
    token_file: Path | None,
    no_auth: bool,
    max_body_bytes: int,
    config_path: Path | None,
    catalog_url: str | None,
    quiet: bool,
) -> None:
    """Serve POST /api/v1/lineage (OpenLineage, Marquez-compatible) into the catalog until interrupted."""
    settings = build_settings(
        host=host,
        port=port,
        token_file=token_file,
        no_auth=no_auth,
        max_body_bytes=max_body_bytes,
        env=os.environ,
    )
    session = Session(config_path=config_path, catalog_url=catalog_url)
    if not settings.is_loopback:
        click.echo(
            f"warning: listening on {host}, reachable from other machines; the token travels in clear "
            "unless a TLS proxy is in front",
            err=True,
        )
    if not quiet:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        logger = logging.getLogger("jejak.server")
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    with LineageStore.open(session.catalog_settings.url, session.hash_key) as store:
        try:
            server = LineageServer(settings, store)
        except OSError as exc:
            raise UsageError(
                f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port"
            ) from None
        with server:
            # the first line on stdout is the URL: scripts (and tests) started with --port 0 read it
            click.echo(f"jejak serve: {server.url}/api/v1/lineage -> {display_url(store.url)}")
            sys.stdout.flush()
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                click.echo("jejak serve: stopped", err=True)
