"""Alembic environment for the catalog: migrations run on the connection jejak hands over.

There is no alembic.ini and no URL here on purpose: `jejak.catalog.migrate` builds the Alembic config in
code and passes an open connection in `config.attributes`, so the upgrade and the catalog's own first writes
share one transaction (on PostgreSQL a failed upgrade leaves nothing behind).
"""

from __future__ import annotations

from alembic import context

from jejak.catalog.migrate import VERSION_TABLE
from jejak.errors import CatalogError

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise CatalogError("catalog migrations run when jejak opens the catalog, not from the alembic CLI")

context.configure(
    connection=connection,
    version_table=VERSION_TABLE,
    # SQLite cannot ALTER most things in place; batch mode rebuilds the table when a migration needs it
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
