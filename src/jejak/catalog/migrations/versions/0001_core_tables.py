"""Core catalog tables: runs, assets, per-asset scans, columns and findings.

Revision ID: 0001
Revises: none

Tables are spelled out here rather than imported from `jejak.catalog.schema`: a migration records the
schema as it was at this revision, and must not change when the current schema does.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "scan_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("jejak_version", sa.String(64), nullable=False),
        sa.Column("roots", sa.JSON, nullable=False),
        sa.Column("config", sa.JSON, nullable=False),
        sa.Column("summary", sa.JSON),
    )
    op.create_table(
        "assets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uri", sa.Text, nullable=False, unique=True),
        sa.Column("connector", sa.String(64)),
        sa.Column("format", sa.String(16)),
        sa.Column("size", sa.BigInteger),
        sa.Column("modified", sa.Float),
        sa.Column("etag", sa.String(256)),
        sa.Column("fingerprint", sa.String(256)),
        sa.Column("location", sa.String(8)),
        sa.Column("first_seen_run", sa.Integer, sa.ForeignKey("scan_runs.id")),
        sa.Column("last_scan_run", sa.Integer, sa.ForeignKey("scan_runs.id")),
        sa.Column("findings_run", sa.Integer, sa.ForeignKey("scan_runs.id")),
    )
    op.create_table(
        "asset_scans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("scan_runs.id"), nullable=False),
        sa.Column("asset_id", sa.Integer, sa.ForeignKey("assets.id"), nullable=False),
        sa.Column("rows", sa.BigInteger, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("warnings", sa.JSON, nullable=False),
        sa.Column("skipped", sa.Boolean, nullable=False),
        sa.Column("duration", sa.Float, nullable=False),
        sa.Column("entities", sa.JSON, nullable=False),
        sa.Column("fingerprint", sa.String(256)),
        sa.UniqueConstraint("run_id", "asset_id"),
    )
    op.create_table(
        "columns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "asset_scan_id", sa.Integer, sa.ForeignKey("asset_scans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("arrow_type", sa.Text, nullable=False),
        sa.Column("rows_scanned", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("asset_scan_id", "name"),
    )
    op.create_table(
        "column_entities",
        sa.Column("column_id", sa.Integer, sa.ForeignKey("columns.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("entity_type", sa.String(64), primary_key=True),
        sa.Column("count", sa.BigInteger, nullable=False),
        sa.Column("rows", sa.BigInteger, nullable=False),
        sa.Column("max_score", sa.Float, nullable=False),
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("scan_runs.id"), nullable=False),
        sa.Column("asset_id", sa.Integer, sa.ForeignKey("assets.id"), nullable=False),
        sa.Column("column_name", sa.Text),
        sa.Column("row_index", sa.BigInteger, nullable=False),
        sa.Column("start_offset", sa.Integer, nullable=False),
        sa.Column("end_offset", sa.Integer, nullable=False),
        sa.Column("entity_type", sa.String(64), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("recognizer", sa.String(128), nullable=False),
        sa.Column("preview", sa.Text, nullable=False),
        sa.Column("value_hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    for table in ("findings", "column_entities", "columns", "asset_scans", "assets", "scan_runs"):
        op.drop_table(table)
    op.drop_table("catalog_meta")
