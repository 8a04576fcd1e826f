"""The catalog tables as SQLAlchemy Core objects, the shape the code reads and writes.

The migrations in `jejak.catalog.migrations.versions` build the same tables step by step and never import
this module (a migration must keep describing the past even after this file changes); a test checks that
the head revision and these definitions agree.

Column names avoid SQL keywords (`column_name`, `row_index`, `start_offset`, `end_offset` instead of
column/row/start/end) so people can query the catalog by hand in any SQL shell without quoting.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY; other backends get 64 bits.
BigId = BigInteger().with_variant(Integer(), "sqlite")

catalog_meta = Table(
    "catalog_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

scan_runs = Table(
    "scan_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False),
    Column("jejak_version", String(64), nullable=False),
    Column("roots", JSON, nullable=False),
    Column("config", JSON, nullable=False),
    Column("summary", JSON),
)

assets = Table(
    "assets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uri", Text, nullable=False, unique=True),
    Column("connector", String(64)),
    Column("format", String(16)),
    Column("size", BigInteger),
    Column("modified", Float),
    Column("etag", String(256)),
    # fingerprint of the content whose findings are current (set by complete scans only)
    Column("fingerprint", String(256)),
    Column("location", String(8)),
    Column("properties", JSON),  # the connector's hints (S3 tags, versioning ...); added in revision 0003
    Column("first_seen_run", ForeignKey("scan_runs.id")),
    Column("last_scan_run", ForeignKey("scan_runs.id")),  # any scan, including skipped or failed ones
    Column("findings_run", ForeignKey("scan_runs.id")),  # the run whose findings are current
)

asset_scans = Table(
    "asset_scans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", ForeignKey("scan_runs.id"), nullable=False),
    Column("asset_id", ForeignKey("assets.id"), nullable=False),
    Column("rows", BigInteger, nullable=False),
    Column("error", Text),
    Column("warnings", JSON, nullable=False),
    Column("skipped", Boolean, nullable=False),
    Column("duration", Float, nullable=False),
    Column("entities", JSON, nullable=False),
    Column("fingerprint", String(256)),
    Column("sample", JSON),  # added in revision 0002
    UniqueConstraint("run_id", "asset_id"),
)

columns = Table(
    "columns",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("asset_scan_id", ForeignKey("asset_scans.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text, nullable=False),
    Column("arrow_type", Text, nullable=False),
    Column("rows_scanned", BigInteger, nullable=False),
    UniqueConstraint("asset_scan_id", "name"),
)

column_entities = Table(
    "column_entities",
    metadata,
    Column("column_id", ForeignKey("columns.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_type", String(64), primary_key=True),
    Column("count", BigInteger, nullable=False),
    Column("rows", BigInteger, nullable=False),
    Column("max_score", Float, nullable=False),
)

findings = Table(
    "findings",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("run_id", ForeignKey("scan_runs.id"), nullable=False),
    Column("asset_id", ForeignKey("assets.id"), nullable=False),
    Column("column_name", Text),  # None for text assets
    Column("row_index", BigInteger, nullable=False),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("entity_type", String(64), nullable=False),
    Column("score", Float, nullable=False),
    Column("recognizer", String(128), nullable=False),
    Column("preview", Text, nullable=False),
    Column("value_hash", String(64), nullable=False),
    # indexes added in revision 0002
    Index("ix_findings_value_hash", "value_hash"),
    Index("ix_findings_entity_type", "entity_type"),
    Index("ix_findings_asset_run", "asset_id", "run_id"),
    Index("ix_findings_run", "run_id"),
)

# -- lineage (revision 0004) ----------------------------------------------------------------------------
# Nodes are OpenLineage datasets named (namespace, name) as producers name them (jejak.lineage.names).
# Jobs connect them; `lineage_job_datasets` records what each job reads and writes (also a job that writes
# nothing, e.g. one that sends rows to an LLM API), `lineage_edges` the dataset -> dataset edges through a
# job, `lineage_column_edges` column -> column edges with the masking flag. Facets: JSON, free text removed.

lineage_datasets = Table(
    "lineage_datasets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("namespace", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("location", String(8)),  # ISO 3166-1 alpha-2 country of the data, when known
    Column("facets", JSON),
    Column("facets_time", DateTime(timezone=True)),  # event time of the newest facets merged in
    UniqueConstraint("namespace", "name"),
)

lineage_jobs = Table(
    "lineage_jobs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("namespace", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("location", String(8)),  # ISO country where the job runs (e.g. an LLM API hosted in US)
    Column("facets", JSON),
    Column("facets_time", DateTime(timezone=True)),
    UniqueConstraint("namespace", "name"),
)

lineage_runs = Table(
    "lineage_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_uuid", String(36), nullable=False, unique=True),
    Column("job_id", ForeignKey("lineage_jobs.id"), nullable=False),
    Column("source", String(16), nullable=False),  # openlineage | manifest
    Column("event_type", String(16), nullable=False),  # the run's state after its newest event
    Column("event_time", DateTime(timezone=True), nullable=False),
    Column("facets", JSON),
    Index("ix_lineage_runs_job", "job_id"),
)

lineage_job_datasets = Table(
    "lineage_job_datasets",
    metadata,
    Column("job_id", ForeignKey("lineage_jobs.id"), primary_key=True),
    Column("dataset_id", ForeignKey("lineage_datasets.id"), primary_key=True),
    Column("role", String(8), primary_key=True),  # input | output
    Column("source", String(16), nullable=False),
    Column("first_run_id", ForeignKey("lineage_runs.id")),
    Column("last_run_id", ForeignKey("lineage_runs.id")),
    Index("ix_lineage_job_datasets_dataset", "dataset_id", "role"),
)

lineage_edges = Table(
    "lineage_edges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("job_id", ForeignKey("lineage_jobs.id"), nullable=False),
    Column("input_id", ForeignKey("lineage_datasets.id"), nullable=False),
    Column("output_id", ForeignKey("lineage_datasets.id"), nullable=False),
    Column("source", String(16), nullable=False),  # openlineage | manifest | inferred
    Column("inferred", Boolean, nullable=False),
    Column("first_run_id", ForeignKey("lineage_runs.id")),
    Column("last_run_id", ForeignKey("lineage_runs.id")),
    UniqueConstraint("job_id", "input_id", "output_id"),
    Index("ix_lineage_edges_input", "input_id", "output_id"),  # downstream traversal
    Index("ix_lineage_edges_output", "output_id", "input_id"),  # upstream traversal
)

#: What makes one column edge: the same field pair through the same transformation is one edge, however
#: many runs reported it.
COLUMN_EDGE_KEY = (
    "output_id",
    "output_field",
    "input_id",
    "input_field",
    "transformation_type",
    "transformation_subtype",
)

lineage_column_edges = Table(
    "lineage_column_edges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("output_id", ForeignKey("lineage_datasets.id"), nullable=False),
    Column("output_field", Text, nullable=False),
    Column("input_id", ForeignKey("lineage_datasets.id"), nullable=False),
    Column("input_field", Text, nullable=False),
    Column("transformation_type", String(32), nullable=False),  # "" when the producer gave none
    Column("transformation_subtype", String(32), nullable=False),
    Column("masked", Boolean, nullable=False),
    Column("job_id", ForeignKey("lineage_jobs.id"), nullable=False),
    Column("last_run_id", ForeignKey("lineage_runs.id")),
    UniqueConstraint(*COLUMN_EDGE_KEY),
    Index("ix_lineage_column_edges_input", "input_id", "input_field"),
)

# -- erasure (revision 0005) ----------------------------------------------------------------------------
# `subject_keys`: keyed hashes of configured subject-key columns (`user_id` ...), per row, written by scans
# beside the findings of the same run and current under the same rule (`assets.findings_run`).
# `audit_log`: an append-only, hash-chained record of erasure plans, approvals and executions. `at` is ISO
# 8601 text, not a DateTime, because the chain hashes it and every backend must give back the same bytes;
# `prev_hash` is unique so two writers can never fork the chain (the second one fails and retries).

subject_keys = Table(
    "subject_keys",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("run_id", ForeignKey("scan_runs.id"), nullable=False),
    Column("asset_id", ForeignKey("assets.id"), nullable=False),
    Column("column_name", Text, nullable=False),
    Column("row_index", BigInteger, nullable=False),
    Column("key_kind", String(64), nullable=False),
    Column("key_hash", String(64), nullable=False),
    Index("ix_subject_keys_key_hash", "key_hash"),
    Index("ix_subject_keys_asset_run", "asset_id", "run_id"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(40), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(32), nullable=False),
    Column("object_id", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("prev_hash", String(64), nullable=False, unique=True),
    Column("entry_hash", String(64), nullable=False),
)

# -- erasure journal (revision 0006) --------------------------------------------------------------------
# One row per (plan, asset) whose `step` moves planned -> written -> replaced -> verified while `jejak erase
# execute` rewrites the asset, so a killed run is resumed: `temp_path` is the rewrite not yet swapped in,
# `new_sha256` recognises an asset already holding the erased content. Whole-file hashes and counts only.

erasure_journal = Table(
    "erasure_journal",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", String(36), nullable=False),
    Column("asset_uri", Text, nullable=False),
    Column("action", String(32), nullable=False),
    Column("step", String(16), nullable=False),  # planned | written | replaced | verified
    Column("temp_path", Text),
    Column("original_sha256", String(64)),
    Column("new_sha256", String(64)),
    Column("rows_before", BigInteger),
    Column("rows_after", BigInteger),
    Column("removed", BigInteger),
    Column("redacted", BigInteger),
    Column("at", String(40), nullable=False),
    UniqueConstraint("plan_id", "asset_uri"),
)

# -- erasure records (revision 0007) --------------------------------------------------------------------
# The documents the erasure certificate is built from: each plan as sealed (`content_hash` over the
# document, see jejak.erasure.plan) and every execution report of it. The audit log holds only their
# hashes; these hold the documents. Keyed hashes, asset URIs, row numbers and counts: no value of anyone.
# `created_at`/`at` are ISO 8601 text like the audit log's, so they read back as written on every backend.

erasure_plans = Table(
    "erasure_plans",
    metadata,
    Column("plan_id", String(36), primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("document", JSON, nullable=False),
)

erasure_executions = Table(
    "erasure_executions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", String(36), nullable=False),
    Column("at", String(40), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("succeeded", Boolean, nullable=False),
    Column("document", JSON, nullable=False),
    Index("ix_erasure_executions_plan", "plan_id"),
)
