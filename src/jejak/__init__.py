"""jejak: find personal data in ML pipelines, trace where it goes, and prove its deletion.

The public Python API grows here; everything else is reachable through the CLI (`jejak --help`).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jejak")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
