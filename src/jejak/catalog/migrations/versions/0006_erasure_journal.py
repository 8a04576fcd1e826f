"""Erasure journal: how far `jejak erase execute` got with each asset of a plan.

Revision ID: 0006
Revises: 0005

New table only. One row per (plan, asset), its `step` moved forward as the rewrite progresses (planned,
written, replaced, verified), so a run killed half-way is resumed by the next `execute` of the same plan:
the journal says which temp file to discard and which asset already holds the erased content
(`new_sha256`). No value of anyone is stored: paths, hashes of whole files and row counts.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "erasure_journal",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.String(36), nullable=False),
        sa.Column("asset_uri", sa.Text, nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("step", sa.String(16), nullable=False),
        sa.Column("temp_path", sa.Text),
        sa.Column("original_sha256", sa.String(64)),
        sa.Column("new_sha256", sa.String(64)),
        sa.Column("rows_before", sa.BigInteger),
        sa.Column("rows_after", sa.BigInteger),
        sa.Column("removed", sa.BigInteger),
        sa.Column("redacted", sa.BigInteger),
        sa.Column("at", sa.String(40), nullable=False),
        sa.UniqueConstraint("plan_id", "asset_uri"),
    )


def downgrade() -> None:
    op.drop_table("erasure_journal")
