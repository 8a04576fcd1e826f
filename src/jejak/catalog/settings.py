"""Where the catalog and its hash key live: explicit URL > `JEJAK_CATALOG` > `.jejak/catalog.db` in the cwd.

Resolution is pure (the environment and working directory are parameters) so the CLI resolves settings once
at the edge and tests never touch the process environment; `CatalogSettings.from_environ` is the one place
that reads `os.environ`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from jejak.errors import CatalogError
from jejak.hashing import HashKey
from jejak.redaction import mask_password

ENV_VAR = "JEJAK_CATALOG"
DEFAULT_DIR = ".jejak"
DEFAULT_DB_NAME = "catalog.db"
KEY_FILE_NAME = "hash.key"


def parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        raise CatalogError(
            f"invalid catalog URL {mask_password(url)!r}: expected e.g. sqlite:///path/catalog.db "
            "or postgresql+psycopg://user@host/db"
        ) from exc


def sqlite_file(url: str) -> Path | None:
    """The database file of a file-backed SQLite URL, None for other backends and in-memory SQLite."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def resolve_catalog_url(explicit: str | None, env: Mapping[str, str], cwd: Path) -> str:
    """Pick the catalog URL and make a relative SQLite path absolute against `cwd`.

    Absolute paths keep the catalog where the user meant it even if the process later changes directory,
    and let `default_key_path` place the key file beside it.
    """
    url = explicit or env.get(ENV_VAR) or f"sqlite:///{DEFAULT_DIR}/{DEFAULT_DB_NAME}"
    path = sqlite_file(url)
    if path is None or path.is_absolute():
        return url
    absolute = (cwd / path).resolve()
    return parse_url(url).set(database=str(absolute)).render_as_string(hide_password=False)


def default_key_path(url: str, cwd: Path) -> Path:
    """The hash key file for a catalog: beside a SQLite database file, else `.jejak/hash.key` in `cwd`.

    Keeping the key next to the SQLite file means copying the catalog's directory copies the key with it; a
    server database has no directory of its own, so the key lives in the project that scans into it.
    """
    path = sqlite_file(url)
    if path is None:
        return cwd / DEFAULT_DIR / KEY_FILE_NAME
    if not path.is_absolute():
        path = cwd / path
    return path.parent / KEY_FILE_NAME


def display_url(url: str) -> str:
    """The URL with any password masked, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<invalid catalog URL>"


@dataclass(frozen=True)
class CatalogSettings:
    """The resolved catalog URL and hash key file, built once at the edge (CLI) and passed down."""

    url: str
    key_file: Path

    @classmethod
    def resolve(cls, url: str | None, env: Mapping[str, str], cwd: Path) -> CatalogSettings:
        resolved = resolve_catalog_url(url, env, cwd)
        return cls(url=resolved, key_file=default_key_path(resolved, cwd))

    @classmethod
    def from_environ(cls, url: str | None = None) -> CatalogSettings:
        """Resolve against the real process environment and working directory (CLI use only)."""
        return cls.resolve(url, os.environ, Path.cwd())

    def hash_key(self, env: Mapping[str, str]) -> HashKey:
        """`JEJAK_HASH_KEY` from `env` if set, else this catalog's key file (created on first use)."""
        return HashKey.resolve(self.key_file, env)
