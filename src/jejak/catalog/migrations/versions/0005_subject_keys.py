"""Erasure: the subject-key index and the hash-chained audit log.

Revision ID: 0005
Revises: 0004

New tables only. `subject_keys` holds keyed hashes of configured key columns (`user_id` ...) per row, so
an erasure request reaches rows that hold no visible personal data; it is looked up by hash, and replaced
per asset and run like findings. `audit_log` is append-only; `prev_hash` is unique so the chain cannot fork.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subject_keys",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("scan_runs.id"), nullable=False),
        sa.Column("asset_id", sa.Integer, sa.ForeignKey("assets.id"), nullable=False),
        sa.Column("column_name", sa.Text, nullable=False),
        sa.Column("row_index", sa.BigInteger, nullable=False),
        sa.Column("key_kind", sa.String(64), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_subject_keys_key_hash", "subject_keys", ["key_hash"])
    op.create_index("ix_subject_keys_asset_run", "subject_keys", ["asset_id", "run_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("object_id", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("entry_hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_index("ix_subject_keys_asset_run", "subject_keys")
    op.drop_index("ix_subject_keys_key_hash", "subject_keys")
    op.drop_table("subject_keys")
