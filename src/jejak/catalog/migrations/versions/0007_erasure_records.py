"""Erasure records: the sealed plan documents and execution reports the erasure certificate is built from.

Revision ID: 0007
Revises: 0006

New tables only. `erasure_plans` keeps each plan as it was sealed (one row per plan id, with its content
hash), `erasure_executions` every report of `jejak erase execute` for a plan (the audit log holds only
their hashes). Both documents hold no value of anyone: keyed hashes, asset URIs, row numbers and counts.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "erasure_plans",
        sa.Column("plan_id", sa.String(36), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
    )
    op.create_table(
        "erasure_executions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.String(36), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("succeeded", sa.Boolean, nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
    )
    op.create_index("ix_erasure_executions_plan", "erasure_executions", ["plan_id"])


def downgrade() -> None:
    op.drop_index("ix_erasure_executions_plan", "erasure_executions")
    op.drop_table("erasure_executions")
    op.drop_table("erasure_plans")
