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
