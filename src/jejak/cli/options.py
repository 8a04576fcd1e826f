"""Options shared by several commands, declared once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def common_options(func: F) -> F:
    """--config, --catalog and --quiet, accepted by every command that touches config or catalog."""
    func = click.option(
        "--quiet", "-q", is_flag=True, help="No progress bars or notes on stderr; errors are still printed."
    )(func)
    func = click.option(
        "--catalog",
        "catalog_url",
        metavar="URL",
        help="Catalog database (SQLAlchemy URL). Default: $JEJAK_CATALOG, then the config, then "
        "sqlite:///.jejak/catalog.db.",
    )(func)
    func = click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Config file merged over the defaults. Default: ./jejak.yaml when present.",
    )(func)
    return func


def split_csv(values: tuple[str, ...]) -> list[str]:
    """`--x A,B --x C` -> [A, B, C]."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def ledger_options(func: F) -> F:
    """--ledger and --subject-column, shared by `jejak gate` and `jejak report consent`."""
    func = click.option(
        "--subject-column", metavar="COLUMN", help="The dataset's subject-key column (e.g. user_id)."
    )(func)
    func = click.option(
        "--ledger",
        required=True,
        metavar="URI",
        help="Consent ledger: CSV, JSON Lines, Parquet, S3 or URL#schema.table.",
    )(func)
    return func


def endpoint_url_option(func: F) -> F:
    """--endpoint-url for S3-compatible stores, as `connectors.s3.endpoint_url`."""
    return click.option(
        "--endpoint-url", help="S3-compatible endpoint for s3:// URIs; same as connectors.s3.endpoint_url."
    )(func)
