"""`jejak subject find`: every place the catalog knows a person's identifiers, by keyed hash.

Identifiers come from `--id TYPE=VALUE` or, to keep them out of shell history and process lists, from
`--ids-file FILE` (`-` for stdin). They are normalised and hashed here, at the edge; the output lists
assets, columns, rows and offsets, never a value, not even of the subject.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from jejak import __version__
from jejak.catalog.subject_index import AssetState, IndexHit, SubjectIndex
from jejak.cli.options import common_options
from jejak.cli.session import Session
from jejak.erasure.identifiers import IdentifierReader, SubjectIds, read_id_lines
from jejak.errors import UsageError

SCHEMA_VERSION = 1
NOT_FOUND = 1  # exit code when no identifier occurs anywhere: scripts branch on it (docs/cli.md)
F = TypeVar("F", bound=Callable[..., Any])


def subject_id_options(func: F) -> F:
    """--id and --ids-file, shared by `subject find` and `erase plan`."""
    func = click.option(
        "--ids-file",
        type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
        help="TYPE=VALUE lines (blank lines and # comments skipped); - reads stdin. Keeps identifiers out "
        "of shell history.",
    )(func)
    func = click.option(
        "--id",
        "ids",
        multiple=True,
        metavar="TYPE=VALUE",
        help="An identifier of the subject: email=..., phone=..., name=..., an entity type (MY_NRIC=...), or "
        "a key kind from erasure.subject_keys (user_id=...). Repeatable.",
    )(func)
    return func


def read_subject_ids(session: Session, ids: tuple[str, ...], ids_file: Path | None) -> SubjectIds:
    """Parse, normalise and hash the identifiers given on the command line and in the ids file."""
    specs = [(f"--id {number}", spec) for number, spec in enumerate(ids, start=1)]
    if ids_file is not None:
        if str(ids_file) == "-":
            text, source = sys.stdin.read(), "stdin"
        else:
            try:
                text, source = ids_file.read_text(encoding="utf-8"), str(ids_file)
            except OSError as exc:
                raise UsageError(f"cannot read ids file {ids_file}: {exc.strerror}; check the path") from exc
        specs += read_id_lines(text, source)
    detector = session.detector
    entity_types = {entity.entity for pack in session.packs for entity in pack.entities}
    reader = IdentifierReader(
        session.hasher,
        detector.normalize,
        entity_types | set(detector.entities),
        session.config.erasure.kinds(),
    )
    return reader.read(specs)


def hits_document(subject: SubjectIds, hits: list[IndexHit], states: dict[str, AssetState]) -> dict[str, Any]:
    by_asset: dict[str, list[IndexHit]] = defaultdict(list)
    for hit in hits:
        by_asset[hit.asset_uri].append(hit)
    assets = []
    for uri in sorted(by_asset):
        state = states.get(uri)
        assets.append(
            {
                "uri": uri,
                "location": state.location if state else None,
                "connector": state.connector if state else None,
                "format": state.format if state else None,
                "rows": len({hit.row for hit in by_asset[uri]}),
                "hits": [
                    {
                        "column": h.column,
                        "row": h.row,
                        "type": h.label,
                        "start": h.start,
                        "end": h.end,
                        "via": h.via,
                    }
                    for h in by_asset[uri]
                ],
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "jejak_version": __version__,
        "identifiers": subject.as_json(),
        "found": bool(hits),
        "summary": {"assets": len(assets), "rows": sum(a["rows"] for a in assets), "hits": len(hits)},
        "assets": assets,
    }


@click.group()
def subject() -> None:
    """Data subjects: where a person's identifiers occur in what jejak scanned."""


@subject.command("find")
@subject_id_options
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@common_options
def find(
    ids: tuple[str, ...],
    ids_file: Path | None,
    output_format: str,
    config_path: Path | None,
    catalog_url: str | None,
    quiet: bool,
) -> None:
    """List every asset, column and row holding one of the subject's identifiers (exit 1: found nowhere)."""
    session = Session(config_path=config_path, catalog_url=catalog_url)
    subject_ids = read_subject_ids(session, ids, ids_file)
    with SubjectIndex.open(session.catalog_settings.url, session.hash_key) as index:
        hits = index.find(subject_ids.hashes)
        states = index.assets({hit.asset_uri for hit in hits})
    document = hits_document(subject_ids, hits, states)
    if output_format == "json":
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    elif hits:
        _print_table(document)
    else:
        click.echo("found nowhere in the catalog's current findings and subject keys")
    if not hits:
        raise SystemExit(NOT_FOUND)


def _print_table(document: dict[str, Any]) -> None:
    """One block per asset (its URI in full, on its own line), then its columns or lines."""
    console = Console()
    for asset in document["assets"]:
        console.print(
            f"[bold]{asset['uri']}[/bold]  country {asset['location'] or '-'}, {asset['connector'] or '-'}, "
            f"{asset['format'] or '-'}, {asset['rows']} row(s)",
            soft_wrap=True,
            markup=True,
            highlight=False,
        )
        table = Table(header_style="bold", box=None, padding=(0, 2))
        for name in ("column/line", "rows", "types", "spans (row:start-end)"):
            table.add_column(name, overflow="fold")
        by_column: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for hit in asset["hits"]:
            by_column[hit["column"] or "(line)"].append(hit)
        for column, hits in sorted(by_column.items()):
            spans = [f"{h['row']}:{h['start']}-{h['end']}" for h in hits if h["start"] is not None]
            table.add_row(
                column,
                ", ".join(str(row) for row in sorted({hit["row"] for hit in hits})),
                ", ".join(sorted({hit["type"] for hit in hits})),
                ", ".join(spans) or "(whole cell)",
            )
        console.print(table)
