"""`jejak lineage emit`: publish what jejak found to an OpenLineage backend, as facets on the datasets.

Events are built by `jejak.lineage.emit` and sent with openlineage-python's `HttpTransport` directly, not
through `OpenLineageClient`: the client also reads the environment and config files, so
`OPENLINEAGE_DISABLED=true` would turn every send into a silent no-op (and jejak would report events as sent
that never left), a configured filter could drop them, and it attaches the git repository of the current
directory as the job's source code. The transport does exactly one thing: POST the event, raise on failure.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from jejak.cli.exit_codes import ExitCode
from jejak.cli.options import common_options
from jejak.cli.session import Session
from jejak.errors import UsageError
from jejak.lineage.errors import DatasetNameError
from jejak.lineage.names import dataset_for_uri
from jejak.lineage.store import LineageStore
from jejak.redaction import mask_password
from jejak.token_files import read_token_file

if TYPE_CHECKING:
    from openlineage.client.transport.http import HttpTransport

API_KEY_ENV = "JEJAK_OPENLINEAGE_API_KEY"
DEFAULT_ENDPOINT = "api/v1/lineage"
#: A few quick retries for a busy server; the default (5 with backoff) would stall a long list of assets
#: for minutes when the backend is down.
RETRY: dict[str, Any] = {
    "total": 2,
    "connect": 2,
    "read": 2,
    "backoff_factor": 0.3,
    "status_forcelist": [500, 502, 503, 504],
    "allowed_methods": ["POST"],
}
INSTALL_HINT = "jejak lineage emit needs openlineage-python; install it: pip install 'jejak[openlineage]'"


@click.command("emit")
@click.option(
    "--url", metavar="URL", help="OpenLineage backend (Marquez, jejak serve ...), e.g. http://host:5000."
)
@click.option(
    "--api-key-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=f"File whose first line is the bearer token to send (default: ${API_KEY_ENV}; none: no token).",
)
@click.option("--endpoint", default=DEFAULT_ENDPOINT, show_default=True, help="Path of the lineage API.")
@click.option("--dry-run", is_flag=True, help="Print the events as JSON Lines instead of sending them.")
@click.option(
    "--asset",
    "patterns",
    multiple=True,
    metavar="GLOB",
    help="Only assets whose URI (or local path relative to here) matches GLOB; repeatable.",
)
@common_options
def emit(
    url: str | None,
    api_key_file: Path | None,
    endpoint: str,
    dry_run: bool,
    patterns: tuple[str, ...],
    config_path: Path | None,
    catalog_url: str | None,
    quiet: bool,
) -> None:
    """Send one OpenLineage event per asset holding personal data: its dataset with the `jejak_pii` and
    `tags` facets (counts only, no values)."""
    if url is None and not dry_run:
        raise UsageError("say where to send the events: --url http://host:5000 (or --dry-run to print them)")
    try:
        from openlineage.client.serde import Serde

        from jejak.lineage.emit import pii_assets, pii_event
    except ModuleNotFoundError as exc:
        if (exc.name or "").startswith("openlineage"):
            raise UsageError(INSTALL_HINT) from None
        raise
    session = Session(config_path=config_path, catalog_url=catalog_url)
    transport = None if dry_run else _transport(url or "", endpoint, _api_key(api_key_file))
    with LineageStore.open(session.catalog_settings.url, session.hash_key) as store:
        found = pii_assets(store.engine, patterns, session.cwd)
    if not found:
        if not quiet:
            where = " among the assets matching --asset" if patterns else ""
            click.echo(f"nothing to emit: no current scan found personal data{where}", err=True)
        raise SystemExit(int(ExitCode.OK))
    failures: list[str] = []
    sent = 0
    for asset in found:
        try:
            event = pii_event(asset, dataset_for_uri(asset.uri, session.cwd))
        except DatasetNameError as exc:
            failures.append(f"{asset.uri}: no OpenLineage dataset name ({exc})")
            continue
        if transport is None:
            sys.stdout.write(Serde.to_json(event) + "\n")
            sent += 1
            continue
        problem = _send(transport, event)
        if problem is None:
            sent += 1
        else:
            failures.append(f"{asset.uri}: not sent: {problem}")
    for failure in failures:  # printed even with --quiet: they are the reason for the exit code
        click.echo(f"error: {failure}", err=True)
    if transport is not None:
        target = mask_password(f"{url.rstrip('/') if url else ''}/{endpoint.lstrip('/')}")
        click.echo(f"sent {sent} event(s) to {target}" + (f"; {len(failures)} failed" if failures else ""))
    raise SystemExit(int(ExitCode.PARTIAL_FAILURE if failures else ExitCode.OK))


def _api_key(key_file: Path | None) -> str | None:
    """The bearer token: the file's first line, else $JEJAK_OPENLINEAGE_API_KEY, else none (no header)."""
    if key_file is None:
        return os.environ.get(API_KEY_ENV, "").strip() or None
    return read_token_file(key_file, "API key file", "put the token on its first line")


def _transport(url: str, endpoint: str, api_key: str | None) -> HttpTransport:
    from openlineage.client.transport.http import (
        ApiKeyTokenProvider,
        HttpConfig,
        HttpTransport,
        TokenProvider,
    )

    auth = ApiKeyTokenProvider({"apiKey": api_key}) if api_key else TokenProvider({})
    try:
        return HttpTransport(HttpConfig(url=url, endpoint=endpoint, auth=auth, retry=dict(RETRY)))
    except ValueError:
        raise UsageError(
            f"--url {mask_password(url)} is not an http(s) URL; give e.g. http://host:5000"
        ) from None


def _send(transport: HttpTransport, event: Any) -> str | None:
    """None when the backend took the event, else one line saying why not (no payload, no token)."""
    import requests

    try:
        transport.emit(event)
    except requests.HTTPError as exc:
        return _http_reason(exc.response)
    except requests.exceptions.RetryError:
        return "the server kept failing (5xx) after retries"
    except requests.ConnectionError:
        return f"cannot connect to {mask_password(transport.url)}; is the backend running?"
    except requests.Timeout:
        return f"no answer within {transport.timeout:g} s"
    except requests.RequestException as exc:
        return type(exc).__name__
    return None


def _http_reason(response: Any) -> str:
    reason = f"HTTP {response.status_code}" if response is not None else "HTTP error"
    try:
        message = response.json().get("error") if response is not None else None
    except (ValueError, AttributeError):
        message = None
    return f"{reason} ({str(message)[:200]})" if isinstance(message, str) and message else reason
