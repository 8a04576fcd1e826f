"""Indexes for finding look-ups and the sampling record of each asset scan.

Revision ID: 0002
Revises: 0001

The indexes serve the three questions the catalog is asked most: where does this value hash occur
(erasure), which findings have this entity type (reports), and what did the latest scan of this asset find.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_findings_value_hash": ["value_hash"],
    "ix_findings_entity_type": ["entity_type"],
    "ix_findings_asset_run": ["asset_id", "run_id"],
    "ix_findings_run": ["run_id"],
}


def upgrade() -> None:
    op.add_column("asset_scans", sa.Column("sample", sa.JSON))
    for name, cols in _INDEXES.items():
        op.create_index(name, "findings", cols)


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name="findings")
    with op.batch_alter_table("asset_scans") as batch:
        batch.drop_column("sample")
