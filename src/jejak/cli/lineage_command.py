"""`jejak lineage ingest` and `jejak lineage show`: the lineage graph in the catalog, in and out.

`emit` (publish findings as OpenLineage facets) and `infer` (edges from shared identifiers) live in their
own modules and are registered on the group at the end of this one."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from jejak.cli.exit_codes import ExitCode
from jejak.cli.lineage_emit_command import emit
from jejak.cli.lineage_infer_command import infer
from jejak.cli.options import common_options
from jejak.cli.session import Session
from jejak.errors import UsageError
from jejak.lineage.event_files import EventFile, read_event_text
from jejak.lineage.events import RunEvent
from jejak.lineage.graph import Direction, Lineage, LineageGraph
from jejak.lineage.manifest import load_manifest
from jejak.lineage.render import lineage_document, lineage_dot
from jejak.lineage.store import LineageStore

RENDERED_SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf"}


@click.group()
def lineage() -> None:
    """Lineage graph: ingest OpenLineage events or lineage.yaml manifests, show upstream/downstream, infer
    edges from shared identifiers, emit findings as OpenLineage facets."""


def _open_store(session: Session) -> LineageStore:
    settings = session.catalog_settings
    return LineageStore.open(settings.url, session.hash_key)


@lineage.command("ingest")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--manifest", is_flag=True, help="FILEs are lineage.yaml manifests, not OpenLineage events.")
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Apply the valid events and exit 3 if some were invalid (default: apply nothing and exit 2).",
)
@common_options
def ingest(
    files: tuple[str, ...],
    manifest: bool,
    skip_invalid: bool,
    config_path: Path | None,
    catalog_url: str | None,
    quiet: bool,
) -> None:
    """Add OpenLineage RunEvents (JSON Lines, a JSON array, or - for stdin) to the catalog, in one
    transaction."""
    session = Session(config_path=config_path, catalog_url=catalog_url)
    batches = [_read_manifest(name, session.cwd) if manifest else _read_events(name) for name in files]
    problems = [f"{batch.source}: {problem}" for batch in batches for problem in batch.problems]
    events: list[RunEvent] = [event for batch in batches for event in batch.events]
    for problem in problems:  # printed even with --quiet: they are the reason for the exit code
        click.echo(f"error: {problem}", err=True)
    if problems and not skip_invalid:
        click.echo(
            f"error: nothing ingested: {len(problems)} invalid event(s); fix them or pass --skip-invalid",
            err=True,
        )
        raise SystemExit(int(ExitCode.USAGE_ERROR))
    with _open_store(session) as store:
        result = store.ingest(events)
    click.echo(
        f"ingested {result.events} event(s): {result.runs} run(s), {result.jobs} job(s), "
        f"{result.datasets} dataset(s); {result.edges_added} new edge(s), "
        f"{result.column_edges_added} new column edge(s)"
        + (f"; skipped {len(problems)} invalid" if problems else "")
    )
    raise SystemExit(int(ExitCode.PARTIAL_FAILURE if problems else ExitCode.OK))


def _read_events(name: str) -> EventFile:
    if name == "-":
        return read_event_text(sys.stdin.read(), "<stdin>")
    path = Path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{name}: file not found; check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise UsageError(f"{name}: cannot read ({reason})") from None
    return read_event_text(text, name)


def _read_manifest(name: str, cwd: Path) -> EventFile:
    if name == "-":
        raise UsageError("--manifest reads files, not stdin (relative paths are read from the file's folder)")
    path = (cwd / name).resolve()
    if not path.is_file():
        raise UsageError(f"{name}: file not found; check the path")
    return EventFile(name, events=load_manifest(path))


@lineage.command("show")
@click.argument("dataset", metavar="DATASET")
@click.option("--upstream", "direction", flag_value="upstream", help="Where DATASET came from.")
@click.option("--downstream", "direction", flag_value="downstream", help="Where DATASET went.")
@click.option("--depth", type=click.IntRange(min=1), metavar="N", help="At most N hops (default: all).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "dot"]),
    default="table",
    show_default=True,
    help="table for people, json for machines, dot for Graphviz.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to FILE; with --format dot, a .svg/.png/.pdf FILE is rendered by Graphviz's `dot`.",
)
@common_options
def show(
    dataset: str,
    direction: str | None,
    depth: int | None,
    output_format: str,
    output: Path | None,
    config_path: Path | None,
    catalog_url: str | None,
    quiet: bool,
) -> None:
    """Show the lineage of DATASET (namespace:name, an asset URI or a local path)."""
    if direction is None:
        raise UsageError("say which way: --upstream or --downstream")
    session = Session(config_path=config_path, catalog_url=catalog_url)
    with _open_store(session) as store:
        graph = LineageGraph(store.engine)
        root = graph.resolve(dataset, session.cwd)
        walk = graph.upstream(root, depth) if direction == "upstream" else graph.downstream(root, depth)
    if output_format == "json":
        _write(json.dumps(lineage_document(walk), indent=2, ensure_ascii=False) + "\n", output)
    elif output_format == "dot":
        _write_dot(lineage_dot(walk), output)
    elif output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as handle:
            _render_table(walk, Console(file=handle, width=160, no_color=True))
    else:
        _render_table(walk, Console())


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")


def _write_dot(text: str, output: Path | None) -> None:
    kind = RENDERED_SUFFIXES.get(output.suffix.lower()) if output else None
    if output is None or kind is None:
        _write(text, output)
        return
    dot = shutil.which("dot")
    if dot is None:
        raise UsageError(
            f"Graphviz is not installed (no `dot` on PATH) to render {output}; "
            "write a .dot file instead and render it where Graphviz is"
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([dot, f"-T{kind}", "-o", str(output)], input=text, text=True, capture_output=True)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no message"])[0]
        raise UsageError(f"Graphviz could not render {output}: {reason}")


def _render_table(walk: Lineage, console: Console) -> None:
    depth = {node.id: node.depth for node in walk.datasets}
    location = {node.id: node.location for node in walk.datasets}
    upstream = walk.direction is Direction.UPSTREAM
    table = Table(header_style="bold", title=f"{walk.direction.value} of {walk.root}", title_justify="left")
    for name in ("depth", "dataset", "location", "via job", "from" if upstream else "to"):
        table.add_column(name, overflow="fold")
    for edge in sorted(walk.edges, key=lambda e: (depth[e.input if upstream else e.output], str(e.job))):
        far, near = (edge.input, edge.output) if upstream else (edge.output, edge.input)
        job = f"{edge.job} (inferred)" if edge.inferred else str(edge.job)
        table.add_row(str(depth[far]), str(far), location[far] or "-", job, str(near))
    if walk.edges:
        console.print(table)
    else:
        console.print(f"no {walk.direction.value} lineage recorded for {walk.root}")
    masked = [c for c in walk.column_edges if c.masked]
    if masked:
        columns = Table(header_style="bold", title="masked column edges", title_justify="left")
        for name in ("input column", "output column", "job", "transformation"):
            columns.add_column(name, overflow="fold")
        for c in masked:
            columns.add_row(
                f"{c.input}.{c.input_field}",
                f"{c.output}.{c.output_field}",
                str(c.job),
                "/".join(part for part in (c.transformation_type, c.transformation_subtype) if part) or "-",
            )
        console.print(columns)
    if walk.truncated:
        console.print(f"(stopped at depth {walk.depth}; more lineage lies beyond: raise --depth)")


lineage.add_command(emit)
lineage.add_command(infer)
