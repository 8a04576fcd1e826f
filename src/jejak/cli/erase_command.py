"""`jejak erase plan`: build, seal and record an erasure plan. Planning reads; it never modifies an asset.

The plan goes to `--output` as JSON with its Markdown rendering beside it, and a `plan_created` entry with
the plan's content hash is appended to the catalog's audit log. Executing a plan is a later step.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from jejak.catalog.subject_index import SubjectIndex
from jejak.cli.exit_codes import ExitCode
from jejak.cli.options import common_options
from jejak.cli.session import Session
from jejak.cli.subject_command import read_subject_ids, subject_id_options
from jejak.connectors.registry import ConnectorRegistry
from jejak.erasure.audit import AuditAction, AuditLog
from jejak.erasure.execute import KILL_ENV, ExecuteContext, Execution, execute, load_plan
from jejak.erasure.plan import write_plan
from jejak.erasure.planner import PlanContext, build_plan
from jejak.erasure.records import ErasureRecords
from jejak.erasure.render import render_markdown
from jejak.erasure.request import ErasureRequest, load_request
from jejak.erasure.sources import PlanSources, build_erasers, sql_tables
from jejak.erasure.subject_cells import SubjectCells
from jejak.errors import UsageError
from jejak.lineage.graph import LineageGraph
from jejak.residency.jurisdictions import Jurisdictions
from jejak.scan.scanner import Scanner


@click.group()
def erase() -> None:
    """Erasure requests: plan where a person's data must be erased, then execute the approved plan."""


@erase.command("plan")
@subject_id_options
@click.option(
    "--request",
    "request_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="request.yaml: reference, country, received, legal_basis (docs/erasure.md).",
)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the plan (JSON) here; its Markdown rendering goes beside it (plan.json -> plan.md).",
)
@click.option("--actor", metavar="NAME", help="Who plans, for the audit log. Default: $USER.")
@common_options
def plan(
    ids: tuple[str, ...],
    ids_file: Path | None,
    request_path: Path | None,
    output: Path,
    actor: str | None,
    config_path: Path | None,
    catalog_url: str | None,
    quiet: bool,
) -> None:
    """Plan the erasure of one subject: direct hits, reach through lineage, manual items, actions."""
    if output.suffix.lower() == ".md":
        raise UsageError(
            f"--output {output}: the Markdown rendering is written beside the JSON; name a .json file"
        )
    session = Session(config_path=config_path, catalog_url=catalog_url)
    request = load_request(request_path) if request_path else ErasureRequest()
    subject_ids = read_subject_ids(session, ids, ids_file)
    jurisdictions = Jurisdictions.load(session.config.jurisdictions)
    now = datetime.now(UTC)
    with SubjectIndex.open(session.catalog_settings.url, session.hash_key) as index:
        context = PlanContext(
            index=index,
            graph=LineageGraph(index.engine),
            jurisdictions=jurisdictions,
            config=session.config.erasure,
            hash_key_fingerprint=session.hash_key.fingerprint(),
            cwd=session.cwd,
            now=now,
        )
        document = build_plan(context, subject_ids, request).sealed()
        md_path = write_plan(document, output, render_markdown(document))
        ErasureRecords(index.engine).save_plan(document)
        who = actor or session.env.get("USER") or _login_name()
        AuditLog(index.engine).append(
            who, AuditAction.PLAN_CREATED, document["plan_id"], document["content_hash"], now
        )
    summary = document["summary"]
    click.echo(
        f"plan {document['plan_id']} written to {output} and {md_path}: {summary['assets']} asset(s), "
        f"{summary['rows']} row(s), {summary['downstream']} downstream dataset(s), "
        f"{summary['manual']} manual item(s); content hash {document['content_hash']}"
    )


@erase.command("execute")
@click.argument("plan_path", metavar="PLAN.json", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--approve", is_flag=True, help="Required: nothing is deleted without it.")
@click.option("--actor", metavar="NAME", help="Who approves, for the audit log. Default: $USER.")
@click.option(
    "--database",
    "database_urls",
    multiple=True,
    metavar="URL",
    help="URL (with credentials) of a database whose tables the plan erases; plans show it without the "
    "password. Repeatable. Not needed for SQLite or a URL without a password.",
)
@click.option(
    "--endpoint-url",
    help="S3-compatible endpoint for s3:// assets (MinIO, Ceph, R2); same as connectors.s3.endpoint_url.",
)
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@common_options
def execute_command(
    plan_path: Path,
    approve: bool,
    actor: str | None,
    database_urls: tuple[str, ...],
    endpoint_url: str | None,
    output_format: str,
    config_path: Path | None,
    catalog_url: str | None,
    quiet: bool,
) -> None:
    """Erase the subject from the plan's files, S3 objects and SQL tables (journaled, atomic), then
    rescan them to prove it."""
    if not approve:
        raise UsageError(f"nothing is deleted without --approve; review {plan_path} (and its .md) first")
    document = load_plan(plan_path)
    sources = PlanSources.of(document, database_urls)
    # the rescan must read every touched asset again, whatever the incremental setting says, and only
    # the plan's tables of a database
    connectors: dict[str, Any] = {}
    if tables := [table for _, table in sql_tables(document)]:
        connectors["sql"] = {"tables": tables}
    if endpoint_url:
        connectors["s3"] = {"endpoint_url": endpoint_url}
    session = Session(
        config_path=config_path,
        catalog_url=catalog_url,
        overrides={"scan": {"incremental": False}, "connectors": connectors},
    )
    who = actor or session.env.get("USER") or _login_name()
    registry = ConnectorRegistry.from_entry_points(session.config.connectors)
    cells = SubjectCells(session.hasher, session.detector.normalize)
    with SubjectIndex.open(session.catalog_settings.url, session.hash_key) as index:

        def rescan(uris: Sequence[str]) -> None:
            catalog = session.catalog
            scanner = Scanner(
                config=session.config,
                detector=session.detector,
                hasher=session.hasher,
                connectors=ConnectorRegistry.from_entry_points(session.config.connectors),
                catalog=catalog,
            )
            try:
                scanner.run(sources.rescan_roots(uris))
            finally:
                catalog.close()

        context = ExecuteContext(
            engine=index.engine,
            actor=who,
            hash_key_fingerprint=session.hash_key.fingerprint(),
            erasers=build_erasers(registry, sources, cells),
            rescan=rescan,
            find=index.find,
            kill_after=session.env.get(KILL_ENV),
        )
        records = ErasureRecords(index.engine)  # for `jejak report erasure`
        records.save_plan(document)  # also a plan made against another catalog; before anything changes
        execution = execute(document, context)
        records.save_execution(
            execution.plan_id, execution.as_json(), execution.content_hash(), datetime.now(UTC)
        )
    if output_format == "json":
        click.echo(json.dumps(execution.as_json(), indent=2, ensure_ascii=False))
    else:
        _echo_table(execution)
    raise SystemExit(int(ExitCode.OK if execution.succeeded else ExitCode.PARTIAL_FAILURE))


def _echo_table(execution: Execution) -> None:
    click.echo(
        f"plan {execution.plan_id}: " + ("erased and verified" if execution.succeeded else "INCOMPLETE")
    )
    header = ("asset", "action", "status", "rows", "removed", "spans", "sha256 before -> after", "verified")
    click.echo("  ".join(header))
    for o in execution.outcomes:
        rows = f"{o.rows_before}->{o.rows_after}" if o.rows_before is not None else "-"
        hashes = f"{(o.sha256_before or '-')[:12]} -> {(o.sha256_after or '-')[:12]}"
        cells = (o.asset_uri, o.action, o.status, rows, str(o.removed or 0), str(o.redacted or 0), hashes)
        click.echo("  ".join((*cells, o.verification)))
        if o.reason:
            click.echo(f"    {o.reason}")


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers) and no LOGNAME/USER
        return "unknown"
