"""`jejak erase plan`: build, seal and record an erasure plan. Planning reads; it never modifies an asset.

The plan goes to `--output` as JSON with its Markdown rendering beside it, and a `plan_created` entry with
the plan's content hash is appended to the catalog's audit log. Executing a plan is a later step.
"""

from __future__ import annotations

import getpass
from datetime import UTC, datetime
from pathlib import Path

import click

from jejak.catalog.subject_index import SubjectIndex
from jejak.cli.options import common_options
from jejak.cli.session import Session
from jejak.cli.subject_command import read_subject_ids, subject_id_options
from jejak.erasure.audit import AuditAction, AuditLog
from jejak.erasure.plan import write_plan
from jejak.erasure.planner import PlanContext, build_plan
from jejak.erasure.render import render_markdown
from jejak.erasure.request import ErasureRequest, load_request
from jejak.errors import UsageError
from jejak.lineage.graph import LineageGraph
from jejak.residency.jurisdictions import Jurisdictions


@click.group()
def erase() -> None:
    """Erasure requests: plan where a person's data must be erased (execution comes later)."""


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


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers) and no LOGNAME/USER
        return "unknown"
