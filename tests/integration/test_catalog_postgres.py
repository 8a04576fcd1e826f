"""The backend-neutral catalog tests of tests/unit/test_catalog.py, run again on a real PostgreSQL server.

The test bodies are written once, in the unit module, against the `catalog_url` fixture. This module loads
that module, collects every test that takes `catalog_url`, and overrides the fixture so each test gets an
empty database on the throwaway server from tests/conftest.py.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.postgres

_UNIT_TESTS = Path(__file__).resolve().parents[1] / "unit" / "test_catalog.py"


def _load_unit_module() -> ModuleType:
    # tests are not a package (importlib import mode), so the module is loaded from its path
    name = "jejak_tests_catalog_behaviour"
    spec = importlib.util.spec_from_file_location(name, _UNIT_TESTS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _shared_tests(module: ModuleType) -> dict[str, object]:
    return {
        name: func
        for name, func in vars(module).items()
        if name.startswith("test_")
        and inspect.isfunction(func)
        and "catalog_url" in inspect.signature(func).parameters
    }


SHARED = _shared_tests(_load_unit_module())
globals().update(SHARED)


@pytest.fixture
def catalog_url(postgres_server: Any) -> str:  # a conftest.PostgresServer (conftest is not importable)
    return str(postgres_server.new_database())


def test_the_shared_tests_were_collected() -> None:
    # a rename in the unit module must not silently drop PostgreSQL coverage
    assert len(SHARED) >= 10
    assert {
        "test_run_roundtrip_keeps_assets_columns_and_findings",
        "test_old_catalog_is_upgraded_with_data_kept",
        "test_rescan_supersedes_older_findings_per_asset",
        "test_hash_key_mismatch_is_refused",
    } <= set(SHARED)


def test_server_is_postgresql(catalog_url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(catalog_url)
    with engine.connect() as conn:
        assert conn.dialect.name == "postgresql"
        assert conn.execute(sa.text("SELECT current_setting('listen_addresses')")).scalar_one() == "127.0.0.1"
    engine.dispose()
