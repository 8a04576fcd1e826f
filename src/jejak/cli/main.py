"""The `jejak` command. Each sub-command lives in its own module; this one wires them and maps errors."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import click

from jejak import __version__
from jejak.errors import JejakError


@dataclass(frozen=True)
class Subcommand:
    """Where a sub-command lives ("module:attribute") and its line in `jejak --help`: the command's own
    short help (its docstring's first sentence), kept here so that listing the commands imports none of
    them (tests/unit/test_cli_commands.py checks the two agree)."""

    target: str
    summary: str


#: Sub-command name -> where it lives. A command's module is imported when it runs (or for its own
#: `--help`), so `jejak scan` does not pay for the modules of lineage, erasure or the HTTP server (~0.5 s),
#: and `jejak --help` for none of them (~2 s).
COMMANDS = {
    "version": Subcommand(
        "jejak.cli.version_command:version",
        "Print jejak's version, the recognizer packs it loads and the NLP pipeline per language.",
    ),
    "recognizers": Subcommand(
        "jejak.cli.recognizers_command:recognizers",
        "List the identifiers jejak detects, per country, with what each match rests on.",
    ),
    "scan": Subcommand(
        "jejak.cli.scan_command:scan",
        "Scan files, folders, S3 buckets and SQL databases for personal data; record results in the catalog.",
    ),
    "analyze": Subcommand(
        "jejak.cli.analyze_command:analyze",
        "Find personal data in text (no catalog is written).",
    ),
    "findings": Subcommand(
        "jejak.cli.findings_command:findings",
        "List recorded findings.",
    ),
    "eval": Subcommand(
        "jejak.cli.eval_command:eval_",
        "Score jejak (and Presidio's defaults) on labelled text: precision, recall, F1 per entity, language.",
    ),
    "lineage": Subcommand(
        "jejak.cli.lineage_command:lineage",
        "Lineage graph: ingest OpenLineage events or lineage.yaml manifests, show upstream/downstream, "
        "infer edges from shared identifiers, emit findings as OpenLineage facets.",
    ),
    "serve": Subcommand(
        "jejak.cli.serve_command:serve",
        "Serve POST /api/v1/lineage (OpenLineage, Marquez-compatible) into the catalog until interrupted.",
    ),
    "residency": Subcommand(
        "jejak.cli.residency_command:residency",
        "Residency: datasets per country, cross-border hops of personal data, verdicts under each regime.",
    ),
    "subject": Subcommand(
        "jejak.cli.subject_command:subject",
        "Data subjects: where a person's identifiers occur in what jejak scanned.",
    ),
    "erase": Subcommand(
        "jejak.cli.erase_command:erase",
        "Erasure requests: plan where a person's data must be erased, then execute the approved plan.",
    ),
    "audit": Subcommand(
        "jejak.cli.audit_command:audit",
        "The audit log of erasure plans, approvals and executions.",
    ),
    "gate": Subcommand(
        "jejak.cli.gate_command:gate_command",
        "Check every row of DATASET against a consent ledger for a purpose; exit 0 pass, 1 blocked, 2 error.",
    ),
    "report": Subcommand(
        "jejak.cli.report_command:report",
        "Reports for privacy officers: the erasure certificate of a plan, consent per dataset and purpose.",
    ),
}


class JejakGroup(click.Group):
    """Turns a `JejakError` into one line on stderr and its exit code, for every sub-command."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        subcommand = COMMANDS.get(cmd_name)
        if subcommand is None:
            return None
        target = subcommand.target
        module, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command) and command.name == cmd_name, target
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click lists them, from `COMMANDS`' summaries instead of the imported commands."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        # click's own shortening, on a stand-in command holding the summary
        rows = [
            (name, click.Command(name, help=COMMANDS[name].summary).get_short_help_str(limit))
            for name in names
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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


def main() -> None:
    cli(prog_name="jejak")
