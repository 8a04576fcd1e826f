"""jejak: find personal data in ML pipelines, trace where it goes, and prove its deletion.

The public Python API grows here; everything else is reachable through the CLI (`jejak --help`).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("jejak")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__", "gate"]


def __getattr__(name: str) -> Any:
    """`jejak.gate` without importing Presidio and pyarrow for every `import jejak`."""
    if name == "gate":
        from jejak.consent.api import gate

        return gate
    raise AttributeError(f"module 'jejak' has no attribute {name!r}")
