from __future__ import annotations

from pathlib import Path

import pytest

from jejak.config import load_config
from jejak.errors import ConfigError


def test_defaults_load_and_are_typed() -> None:
    config = load_config()
    assert config.detection.score_threshold == 0.5
    assert "SG" in config.detection.recognizer_options["PHONE_NUMBER"]["regions"]
    assert config.scan.sample_rows is None


def test_user_file_merges_over_defaults(tmp_path: Path) -> None:
    (tmp_path / "jejak.yaml").write_text("detection:\n  score_threshold: 0.8\nscan:\n  sample_rows: 10\n")
    config = load_config(cwd=tmp_path)
    assert config.detection.score_threshold == 0.8
    assert config.scan.sample_rows == 10
    assert config.detection.languages  # untouched keys keep their defaults


def test_unknown_key_names_its_path_and_file(tmp_path: Path) -> None:
    path = tmp_path / "custom.yaml"
    path.write_text("detection:\n  score_treshold: 0.8\n")
    with pytest.raises(ConfigError) as excinfo:
        load_config(path)
    message = str(excinfo.value)
    assert "detection.score_treshold" in message and "unknown key" in message and str(path) in message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("detection: [1, 2", "not valid YAML"),
        ("- a\n- b\n", "top level must be a mapping"),
        ("detection:\n  score_threshold: 3\n", "detection.score_threshold"),
        ("locations:\n  - {match: '/x/**', country: Singapore}\n", "locations.0.country"),
    ],
)
def test_bad_config_is_one_clear_line(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "jejak.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=None) as excinfo:
        load_config(path)
    assert fragment in str(excinfo.value)
    assert "\n" not in str(excinfo.value)


def test_missing_config_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config(tmp_path / "nope.yaml")


def test_overrides_win(tmp_path: Path) -> None:
    config = load_config(cwd=tmp_path, overrides={"catalog": {"url": "sqlite:///x.db"}})
    assert config.catalog.url == "sqlite:///x.db"
