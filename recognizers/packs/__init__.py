"""Built-in recognizer packs (YAML). Listed through the `jejak.recognizer_packs` entry point like any
third-party pack, so there is one way to register a pack."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def builtin_pack_paths() -> list[Path]:
    """Every YAML pack shipped with jejak, in a stable order."""
    root = files(__name__)
    return sorted(Path(str(entry)) for entry in root.iterdir() if entry.name.endswith(".yaml"))
