"""Connector settings: `connectors.<name>` in the config is validated by that connector's own model."""

from __future__ import annotations

import pytest

from jejak.connectors.local import LocalConnector
from jejak.connectors.registry import ConnectorRegistry
from jejak.errors import ConfigError, UsageError
from jejak.redaction import mask_password


def test_connectors_get_default_settings_when_the_config_names_none() -> None:
    _, connector = ConnectorRegistry.from_entry_points({}).for_uri("/tmp")
    assert isinstance(connector, LocalConnector)
    assert connector.settings == LocalConnector.Settings()


def test_an_unknown_connector_name_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"connectors\.ftp: no connector of that name is installed"):
        ConnectorRegistry.from_entry_points({"ftp": {}})


def test_an_unknown_setting_names_its_path() -> None:
    with pytest.raises(ConfigError, match=r"connectors\.file\.chunk_rows: unknown key"):
        ConnectorRegistry.from_entry_points({"file": {"chunk_rows": 5}})


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        ("snowflake://ana:s3cr%40t@acct/db", "snowflake://ana:***@acct/db"),
        ("s3://bucket/key", "s3://bucket/key"),
        ("/data/a:b@c.csv", "/data/a:b@c.csv"),
        ("https://user@host/x", "https://user@host/x"),
    ],
)
def test_mask_password(uri: str, shown: str) -> None:
    assert mask_password(uri) == shown


def test_an_unclaimed_url_never_shows_its_password() -> None:
    with pytest.raises(UsageError) as caught:
        ConnectorRegistry.from_entry_points().for_uri("snowflake://ana:hunter2@acct/db")
    assert "hunter2" not in str(caught.value) and "ana:***@acct" in str(caught.value)
