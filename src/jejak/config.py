"""Typed configuration: configs/default.yaml, then the user's jejak.yaml, then env and flags.

Configuration flows one way: files -> `JejakConfig` (frozen) -> components. Nothing reads settings from a
global. Unknown keys are errors that name the key path and the file, e.g.
`jejak.yaml: detection.score_treshold: unknown key`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jejak.consent.config import ConsentConfig
from jejak.erasure.config import ErasureConfig
from jejak.errors import ConfigError
from jejak.residency.transfers import OperatorProfile, RemoteAccess, TransferDeclaration

USER_CONFIG_NAME = "jejak.yaml"
_SECRET_SETTING = re.compile(r"secret|password|token|credential|access\.?key", re.IGNORECASE)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SparkConfig(_Strict):
    """Where `scan.engine: spark` runs (docs/spark.md). `conf` is passed to the SparkSession builder.
    `master` None: the one spark-submit gives when jejak runs under it, else local[2]."""

    master: str | None = None
    conf: dict[str, str] = Field(default_factory=dict)
    #: Assets per Spark job; the driver holds one job's results at a time (None: 4 x default parallelism).
    assets_per_job: int | None = Field(default=None, ge=1)


class ScanConfig(_Strict):
    batch_rows: int = Field(default=65_536, ge=1)
    sample_rows: int | None = Field(default=None, ge=1)
    max_line_bytes: int = Field(default=1 << 20, ge=1024)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    record_findings: bool = True
    #: Skip assets whose fingerprint (S3 ETag; local size + mtime + header hash) and detector are unchanged
    #: since their last complete scan in the catalog; their counts are carried forward. `--full` turns it off.
    incremental: bool = True
    #: Where assets are read: here, one after another (`local`), or on a Spark cluster (`spark`).
    engine: Literal["local", "spark"] = "local"
    spark: SparkConfig = SparkConfig()
    #: Local engine: processes reading assets (and parts of large files) at once; 0 = one per core.
    workers: int = Field(default=1, ge=0)
    #: Local engine with workers: a local Parquet, JSON Lines or text file of more rows is read in parts of
    #: up to about this many rows, and at least one part per worker, so one large file keeps them all busy.
    part_rows: int = Field(default=131_072, ge=1)


class NlpConfig(_Strict):
    engine: Literal["blank", "auto", "spacy"] = "auto"
    models: dict[str, str] = Field(default_factory=dict)


class ColumnTypingConfig(_Strict):
    """Reading a column with the recognizers its first values call for (jejak.detection.column_profile)."""

    enabled: bool = True
    #: Candidate values analysed in full before a column is typed (or not).
    sample_values: int = Field(default=200, ge=1)
    #: Share of those that must be one identifier filling the cell for the column to be typed.
    min_share: float = Field(default=0.9, gt=0.0, le=1.0)
    #: A typed column's values go to its recognizers directly, results filling the value scored by rules
    #: learnt from full analysis (jejak.detection.whole_values); off: every value through Presidio's engine.
    whole_value_rules: bool = True


class DetectionConfig(_Strict):
    entities: tuple[str, ...] = ()
    score_threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    languages: tuple[str, ...] = ("en",)
    #: Keyword arguments for class-backed recognizers, by entity type, over the pack's `options`.
    recognizer_options: dict[str, dict[str, Any]] = Field(default_factory=dict)
    nlp: NlpConfig = NlpConfig()
    column_typing: ColumnTypingConfig = ColumnTypingConfig()

    @property
    def phone_regions(self) -> tuple[str, ...]:
        """Regions phone numbers are read in; also used to normalise national-format numbers to E.164."""
        regions = self.recognizer_options.get("PHONE_NUMBER", {}).get("regions", ())
        return tuple(str(region) for region in regions) if isinstance(regions, list | tuple) else ()


class LocationRule(_Strict):
    match: str
    country: str = Field(pattern=r"^[A-Z]{2}$")


class CatalogConfig(_Strict):
    url: str = "sqlite:///.jejak/catalog.db"


class JejakConfig(_Strict):
    version: Literal[1] = 1
    scan: ScanConfig = ScanConfig()
    detection: DetectionConfig = DetectionConfig()
    locations: tuple[LocationRule, ...] = ()
    catalog: CatalogConfig = CatalogConfig()
    #: Options per connector, by its entry-point name (`s3`, `sql`, ...); each connector validates its own.
    connectors: dict[str, dict[str, Any]] = Field(default_factory=dict)
    #: Evidence for cross-border transfers (contracts, consent, a Vietnam TIA dossier ...), per route.
    transfers: tuple[TransferDeclaration, ...] = ()
    #: Data stored in one country and read from another (Vietnam counts that as a transfer).
    remote_access: tuple[RemoteAccess, ...] = ()
    #: Who runs the pipelines: sectors per country, for localisation rules that bind some sectors only.
    operator: OperatorProfile = OperatorProfile()
    #: A rules file replacing the shipped configs/jurisdictions.yaml (e.g. counsel's reviewed copy).
    jurisdictions: Path | None = None
    #: Erasure requests: subject-key columns to index, assets to redact in place (docs/erasure.md).
    erasure: ErasureConfig = ErasureConfig()
    #: Consent ledgers and gates: purposes, ledger columns, the unknown-subject policy (docs/consent.md).
    consent: ConsentConfig = ConsentConfig()

    def redacted(self) -> dict[str, Any]:
        """The effective config for reports: secrets are never part of it (keys live outside config;
        Spark settings whose names say secret, password, token or credential are masked)."""
        dumped = self.model_dump(mode="json")
        conf = dumped["scan"]["spark"]["conf"]
        for name in conf:
            if _SECRET_SETTING.search(name):
                conf[name] = "***"
        return dumped


def default_config_text() -> str:
    return files("jejak.configs").joinpath("default.yaml").read_text(encoding="utf-8")


def load_config(
    path: Path | None = None,
    *,
    cwd: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> JejakConfig:
    """Defaults, merged with `path` (or ./jejak.yaml when present), merged with `overrides`.

    `overrides` is a nested mapping built from flags and environment by the CLI, applied last.
    """
    merged = _parse_yaml(default_config_text(), "configs/default.yaml")
    source = "configs/default.yaml"
    if path is None and cwd is not None and (cwd / USER_CONFIG_NAME).is_file():
        path = cwd / USER_CONFIG_NAME
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read config file {path}: {exc.strerror}; check the path") from exc
        user = _parse_yaml(text, str(path))
        merged = _deep_merge(merged, user)
        source = str(path)
    if overrides:
        merged = _deep_merge(merged, dict(overrides))
    try:
        return JejakConfig.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source)) from exc


def _parse_yaml(text: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: not valid YAML ({exc.__class__.__name__}); fix the syntax") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the top level must be a mapping of keys, not {type(data).__name__}")
    return data


def _deep_merge(base: dict[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key; anything else (lists included) is replaced, so a user can shorten a list."""
    result = dict(base)
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), dict):
            result[key] = _deep_merge(result[key], value)
        else:
            result[key] = value
    return result


def _describe(exc: ValidationError, source: str) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "<top>"
    message = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{source}: {where}: {message}{more}"
