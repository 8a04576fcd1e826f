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


def test_help_loads_every_command_but_not_presidio() -> None:
    """`jejak --help` imports every command's module (for its line of help) and shell completion does the
    same: only building a detector loads Presidio and spaCy (seconds), so that is not done at import."""
    printed, loaded = _run_watching(
        "from jejak.cli.main import main; sys.argv = ['jejak', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert "scan" in printed and "erase" in printed
    lineage_parts = ["jejak.cli.lineage_emit_command", "jejak.cli.lineage_infer_command"]
    assert sorted(m for m in loaded if m.endswith("_command")) == sorted(
        [target.partition(":")[0] for target in COMMANDS.values()] + lineage_parts
    )
    assert not _detection_modules(loaded)
