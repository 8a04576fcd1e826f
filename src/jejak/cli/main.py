"""The `jejak` command. Each sub-command lives in its own module; this one wires them and maps errors."""

from __future__ import annotations

from typing import Any

import click

from jejak import __version__
from jejak.cli.analyze_command import analyze
from jejak.cli.audit_command import audit
from jejak.cli.erase_command import erase
from jejak.cli.eval_command import eval_
from jejak.cli.findings_command import findings
from jejak.cli.gate_command import gate_command
from jejak.cli.lineage_command import lineage
from jejak.cli.recognizers_command import recognizers
from jejak.cli.report_command import report
from jejak.cli.residency_command import residency
from jejak.cli.scan_command import scan
from jejak.cli.serve_command import serve
from jejak.cli.subject_command import subject
from jejak.cli.version_command import version
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


cli.add_command(version)
cli.add_command(recognizers)
cli.add_command(scan)
cli.add_command(analyze)
cli.add_command(findings)
cli.add_command(eval_)
cli.add_command(lineage)
cli.add_command(serve)
cli.add_command(residency)
cli.add_command(subject)
cli.add_command(erase)
cli.add_command(audit)
cli.add_command(gate_command)
cli.add_command(report)


def main() -> None:
    cli(prog_name="jejak")
