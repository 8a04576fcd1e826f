"""Schema versions of the catalog, applied with Alembic configured in code (no alembic.ini on disk).

A catalog written by an older jejak is upgraded when it is opened; one written by a newer jejak carries a
revision this installation has never heard of, and is refused instead of being guessed at. The revision is
kept in `catalog_version` rather than Alembic's default `alembic_version`, so a catalog placed in a database
that already hosts another Alembic-managed application does not mistake that application's revision for
its own.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.engine import Connection

import jejak.catalog.migrations as migrations_package
from jejak.errors import CatalogError

VERSION_TABLE = "catalog_version"
SCRIPT_LOCATION = Path(migrations_package.__file__).parent


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the installed migrations package, optionally bound to a connection."""
    config = Config()
    # configparser interpolation treats "%" specially; an install path may contain one
    config.set_main_option("script_location", str(SCRIPT_LOCATION).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    if head is None:  # only possible if the package was installed without its versions
        raise CatalogError(f"no catalog migrations found in {SCRIPT_LOCATION}; reinstall jejak")
    return head


def current_revisions(connection: Connection) -> tuple[str, ...]:
    """The revisions the database is stamped with; empty for a database jejak never wrote to."""
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return context.get_current_heads()


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Bring the catalog schema to `revision` (default: the newest this jejak knows), inside the caller's
    transaction. Refuses a catalog stamped with a revision that is not in this installation."""
    script = script_directory()
    for current in current_revisions(connection):
        try:
            script.get_revision(current)
        except CommandError:
            raise CatalogError(
                f"the catalog has schema revision {current}, newer than this jejak knows "
                f"(latest {head_revision()}); upgrade jejak to open it"
            ) from None
    command.upgrade(alembic_config(connection), revision)
