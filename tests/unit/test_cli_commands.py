"""The `jejak` group imports a sub-command's module only when that command runs or shows its own help (not
for `jejak --help`), and only building a detector loads Presidio and spaCy."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from jejak.cli.main import COMMANDS, cli


def test_every_listed_command_resolves_to_a_command_of_its_name_and_summary() -> None:
    ctx = click.Context(cli)
    assert cli.list_commands(ctx) == sorted(COMMANDS)
    for name, listed in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert isinstance(command, click.Command) and command.name == name
        assert listed.summary == command.get_short_help_str(limit=10**6), name
    assert cli.get_command(ctx, "no-such-command") is None


@pytest.mark.parametrize("width", [40, 80, 110, 200])
def test_help_lists_the_commands_as_click_would_from_the_commands_themselves(width: int) -> None:
    ctx = click.Context(cli, terminal_width=width, max_content_width=110)
    ours, clicks = ctx.make_formatter(), ctx.make_formatter()
    cli.format_commands(ctx, ours)
    click.Group.format_commands(cli, ctx, clicks)  # imports every command for its short help
    assert ours.getvalue() == clicks.getvalue()
    assert "scan" in ours.getvalue()


#: modules whose loading the tests below watch
WATCHED = ("presidio_analyzer", "spacy", "jejak.detection.detector", "jejak.cli.")


def _run_watching(statements: str) -> tuple[str, list[str]]:
    """What `statements` print on stdout in a fresh interpreter, and the `WATCHED` modules then loaded."""
    code = (
        f"import sys\n{statements}\n"
        f"print(' '.join(sorted(m for m in sys.modules if m.startswith({WATCHED!r}))), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout, out.stderr.split()


def _detection_modules(loaded: list[str]) -> list[str]:
    return [m for m in loaded if m.startswith(WATCHED[:3])]


def test_catalog_commands_import_neither_presidio_nor_other_commands() -> None:
    """`jejak findings` reads the catalog: Presidio and spaCy (~1.5 s to import) are not loaded for it."""
    _, loaded = _run_watching(
        "import click; from jejak.cli.main import cli; cli.get_command(click.Context(cli), 'findings')"
    )
    assert "jejak.cli.findings_command" in loaded
    assert not _detection_modules(loaded)
    assert [m for m in loaded if m.endswith("_command")] == ["jejak.cli.findings_command"]


def test_help_imports_no_command() -> None:
    """`jejak --help` lists the commands from `COMMANDS` (~0.15 s); importing every command's module for
    its line of help, as click does, took ~2 s, and ~3.5 s while some of them loaded Presidio and spaCy."""
    printed, loaded = _run_watching(
        "from jejak.cli.main import main; sys.argv = ['jejak', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'pyarrow'))))"
    )
    assert "scan" in printed and "erase" in printed
    assert printed.rstrip().endswith("[]")  # neither the catalog's SQLAlchemy nor pyarrow
    assert [m for m in loaded if m.endswith("_command")] == []


def test_no_command_module_loads_presidio_on_import() -> None:
    """Only building a detector loads Presidio and spaCy (seconds): `jejak report`, `jejak erase plan` or
    `jejak scan --help` do not pay for them."""
    imports = "; ".join(f"import {listed.target.partition(':')[0]}" for listed in COMMANDS.values())
    _, loaded = _run_watching(imports)
    assert len([m for m in loaded if m.endswith("_command")]) >= len(COMMANDS)
    assert not _detection_modules(loaded)
