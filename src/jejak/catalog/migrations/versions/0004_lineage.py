"""Lineage: OpenLineage datasets, jobs and runs, what each job reads and writes, dataset and column edges.

Revision ID: 0004
Revises: 0003

New tables only. Datasets and jobs are unique by OpenLineage's (namespace, name); edges are indexed from
both ends because reports walk the graph both ways (where did this come from, where did it go). Column edges
carry `masked`, so a walk for personal data can stop where a column was hashed or tokenised.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lineage_datasets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("namespace", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("location", sa.String(8)),
        sa.Column("facets", sa.JSON),
        sa.Column("facets_time", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("namespace", "name"),
    )
    op.create_table(
        "lineage_jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("namespace", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("location", sa.String(8)),
        sa.Column("facets", sa.JSON),
        sa.Column("facets_time", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("namespace", "name"),
    )
    op.create_table(
        "lineage_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("job_id", sa.Integer, sa.ForeignKey("lineage_jobs.id"), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("event_type", sa.String(16), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("facets", sa.JSON),
    )
    op.create_index("ix_lineage_runs_job", "lineage_runs", ["job_id"])
    op.create_table(
        "lineage_job_datasets",
        sa.Column("job_id", sa.Integer, sa.ForeignKey("lineage_jobs.id"), primary_key=True),
        sa.Column("dataset_id", sa.Integer, sa.ForeignKey("lineage_datasets.id"), primary_key=True),
        sa.Column("role", sa.String(8), primary_key=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("first_run_id", sa.Integer, sa.ForeignKey("lineage_runs.id")),
        sa.Column("last_run_id", sa.Integer, sa.ForeignKey("lineage_runs.id")),
    )
    op.create_index("ix_lineage_job_datasets_dataset", "lineage_job_datasets", ["dataset_id", "role"])
    op.create_table(
        "lineage_edges",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("job_id", sa.Integer, sa.ForeignKey("lineage_jobs.id"), nullable=False),
        sa.Column("input_id", sa.Integer, sa.ForeignKey("lineage_datasets.id"), nullable=False),
        sa.Column("output_id", sa.Integer, sa.ForeignKey("lineage_datasets.id"), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("inferred", sa.Boolean, nullable=False),
        sa.Column("first_run_id", sa.Integer, sa.ForeignKey("lineage_runs.id")),
        sa.Column("last_run_id", sa.Integer, sa.ForeignKey("lineage_runs.id")),
        sa.UniqueConstraint("job_id", "input_id", "output_id"),
    )
    op.create_index("ix_lineage_edges_input", "lineage_edges", ["input_id", "output_id"])
    op.create_index("ix_lineage_edges_output", "lineage_edges", ["output_id", "input_id"])
    op.create_table(
        "lineage_column_edges",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("output_id", sa.Integer, sa.ForeignKey("lineage_datasets.id"), nullable=False),
        sa.Column("output_field", sa.Text, nullable=False),
        sa.Column("input_id", sa.Integer, sa.ForeignKey("lineage_datasets.id"), nullable=False),
        sa.Column("input_field", sa.Text, nullable=False),
        sa.Column("transformation_type", sa.String(32), nullable=False),
        sa.Column("transformation_subtype", sa.String(32), nullable=False),
        sa.Column("masked", sa.Boolean, nullable=False),
        sa.Column("job_id", sa.Integer, sa.ForeignKey("lineage_jobs.id"), nullable=False),
        sa.Column("last_run_id", sa.Integer, sa.ForeignKey("lineage_runs.id")),
        sa.UniqueConstraint(
            "output_id",
            "output_field",
            "input_id",
            "input_field",
            "transformation_type",
            "transformation_subtype",
        ),
    )
    op.create_index("ix_lineage_column_edges_input", "lineage_column_edges", ["input_id", "input_field"])


def downgrade() -> None:
    for table in (
        "lineage_column_edges",
        "lineage_edges",
        "lineage_job_datasets",
        "lineage_runs",
        "lineage_jobs",
        "lineage_datasets",
    ):
        op.drop_table(table)
