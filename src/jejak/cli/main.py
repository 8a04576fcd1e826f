"""The `jejak` command. Each sub-command lives in its own module; this one wires them and maps errors."""

from __future__ import annotations

import importlib
from typing import Any

import click

from jejak import __version__
from jejak.errors import JejakError

#: Sub-command name -> "module:attribute". A command's module is imported when it runs (or for `--help`),
#: so `jejak scan` does not pay for the modules of lineage, erasure or the HTTP server (~0.5 s).
COMMANDS = {
    "version": "jejak.cli.version_command:version",
    "recognizers": "jejak.cli.recognizers_command:recognizers",
    "scan": "jejak.cli.scan_command:scan",
    "analyze": "jejak.cli.analyze_command:analyze",
    "findings": "jejak.cli.findings_command:findings",
    "eval": "jejak.cli.eval_command:eval_",
    "lineage": "jejak.cli.lineage_command:lineage",
    "serve": "jejak.cli.serve_command:serve",
    "residency": "jejak.cli.residency_command:residency",
    "subject": "jejak.cli.subject_command:subject",
    "erase": "jejak.cli.erase_command:erase",
    "audit": "jejak.cli.audit_command:audit",
    "gate": "jejak.cli.gate_command:gate_command",
    "report": "jejak.cli.report_command:report",
}


class JejakGroup(click.Group):
    """Turns a `JejakError` into one line on stderr and its exit code, for every sub-command."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command) and command.name == cmd_name, target
        return command

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
