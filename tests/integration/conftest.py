"""Fixtures for end-to-end tests: the fixture lake, its planted truth, and a CLI runner in a clean cwd."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner, Result

from jejak.cli.main import cli

REPO = Path(__file__).resolve().parents[2]
LAKE = REPO / "fixtures" / "lake"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "jejak_fixture_make_lake", REPO / "fixtures" / "make_lake.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def lake_truth() -> dict[str, Any]:
    return json.loads((LAKE / "_truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def planted_values() -> set[str]:
    """Every raw PII string the generator planted (normalised spellings included)."""
    return _load_generator().planted_values(LAKE, normalized=True)


class Jejak:
    """Runs `jejak ...` in-process in an isolated working directory with no JEJAK_* variables."""

    def __init__(self, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.cwd = cwd
        monkeypatch.chdir(cwd)
        for name in ("JEJAK_CATALOG", "JEJAK_HASH_KEY"):
            monkeypatch.delenv(name, raising=False)

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def jejak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Jejak:
    return Jejak(tmp_path, monkeypatch)
