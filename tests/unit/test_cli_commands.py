"""The `jejak` group imports a sub-command's module only when that command is asked for."""

from __future__ import annotations

import subprocess
import sys

import click

from jejak.cli.main import COMMANDS, cli


def test_every_listed_command_resolves_to_a_command_of_its_name() -> None:
    ctx = click.Context(cli)
    assert cli.list_commands(ctx) == sorted(COMMANDS)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert isinstance(command, click.Command) and command.name == name
    assert cli.get_command(ctx, "no-such-command") is None


def test_catalog_commands_import_neither_presidio_nor_other_commands() -> None:
    """`jejak findings` reads the catalog: Presidio and spaCy (~1.5 s to import) are not loaded for it."""
    code = (
        "import sys, click; from jejak.cli.main import cli; "
        "cli.get_command(click.Context(cli), 'findings'); "
        "prefixes = ('presidio_analyzer', 'spacy', 'jejak.cli.'); "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(prefixes))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stdout.split()
    assert "jejak.cli.findings_command" in loaded
    assert not [m for m in loaded if m.startswith(("presidio_analyzer", "spacy"))]
    assert [m for m in loaded if m.endswith("_command")] == ["jejak.cli.findings_command"]
