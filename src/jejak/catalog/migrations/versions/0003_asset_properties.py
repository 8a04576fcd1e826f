"""What a connector knows about an asset beyond its size and date: S3 object tags, versioning state and
version id, a table's primary key, a dataset directory's shards (the asset's `hints`).

Revision ID: 0003
Revises: 0002

Kept as one JSON column: every connector has its own keys (`s3.tags`, `sql.primary_key`, `hf.shards`), and
the lineage and erasure work reads them per connector, never across all assets in one query.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("assets", sa.Column("properties", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("assets") as batch:
        batch.drop_column("properties")
