"""`jejak gate`: block a dataset whose personal data lacks consent for a purpose (exit 0 pass, 1 blocked)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from jejak.cli.exit_codes import ExitCode
from jejak.cli.options import endpoint_url_option, ledger_options
from jejak.config import load_config
from jejak.consent.api import ConsentTools, gate
from jejak.consent.gate import GateResult
from jejak.consent.ledger_rows import LedgerProblem

_PROBLEMS_SHOWN = 20


@click.command("gate")
@click.argument("dataset")
@click.option("--purpose", required=True, help="The purpose the data is for, one of consent.purposes.")
@ledger_options
@click.option(
    "--write-consented",
    "write_consented_to",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="OUT",
    help="Also write the dataset with only the rows that pass (same format for local files, else Parquet).",
)
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write the result here."
)
@endpoint_url_option
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Config file merged over the defaults. Default: ./jejak.yaml when present.",
)
@click.option("--quiet", "-q", is_flag=True, help="No notes on stderr; errors are still printed.")
def gate_command(
    dataset: str,
    purpose: str,
    ledger: str,
    subject_column: str | None,
    write_consented_to: Path | None,
    output_format: str,
    output: Path | None,
    endpoint_url: str | None,
    config_path: Path | None,
    quiet: bool,
) -> None:
    """Check every row of DATASET against a consent ledger for a purpose; exit 0 pass, 1 blocked, 2 error."""
    overrides: dict[str, Any] = {"connectors": {"s3": {"endpoint_url": endpoint_url}}} if endpoint_url else {}
    config = load_config(config_path, cwd=Path.cwd(), overrides=overrides)
    result = gate(
        dataset,
        purpose=purpose,
        ledger=ledger,
        subject_column=subject_column,
        write_consented_to=write_consented_to,
        tools=ConsentTools.build(config=config),
    )
    if not quiet:
        echo_ledger_problems(result.ledger_problems)
    text = (
        json.dumps(result.as_json(), indent=2, ensure_ascii=False)
        if output_format == "json"
        else _table(result)
    )
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    raise SystemExit(int(ExitCode.OK if result.passed else ExitCode.FINDINGS_MATCHED))


def echo_ledger_problems(problems: Sequence[LedgerProblem]) -> None:
    """Malformed ledger rows on stderr, by line, the first 20 of them (also in the JSON, all of them)."""
    for problem in problems[:_PROBLEMS_SHOWN]:
        click.echo(f"warning: ledger {problem.where}: {problem.reason}; row ignored", err=True)
    if len(problems) > _PROBLEMS_SHOWN:
        click.echo(
            f"warning: ledger: {len(problems) - _PROBLEMS_SHOWN} more malformed row(s) ignored", err=True
        )


def _table(result: GateResult) -> str:
    data = result.as_json()
    verdicts = data["rows_by_verdict"]
    lines = [
        f"{'PASSED' if result.passed else 'BLOCKED'}: {data['dataset']} for {data['purpose']}",
        f"rows {data['rows']}: {data['rows_passed']} pass, {data['rows_blocked']} blocked "
        f"(consented {verdicts['consented']}, no personal data {verdicts['not_personal']}, withdrawn "
        f"{verdicts['withdrawn']}, missing consent {verdicts['missing']}, unknown subjects "
        f"{verdicts['unknown_subject']})",
        f"subjects {data['subjects']}: consented {data['consented']}, withdrawn {data['withdrawn']}, "
        f"missing {data['missing']}",
        f"ledger: {data['ledger']['rows']} row(s), {data['ledger']['subjects']} subject(s), "
        f"{len(data['ledger']['problems'])} malformed; "
        f"unknown subjects: {data['policy']['unknown_subjects']}",
    ]
    if data["written"]:
        lines.append(f"wrote {data['written']['rows']} passing row(s) to {data['written']['path']}")
    return "\n".join(lines)
