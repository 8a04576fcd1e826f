"""Scan results: per entity type, per column, per asset and per run. Counts only, never values."""

from __future__ import annotations

from dataclasses import dataclass, field

from jejak.asset import Asset


@dataclass
class EntityStats:
    """How often an entity type occurred: `count` spans in `rows` distinct rows, best score `max_score`."""

    count: int = 0
    rows: int = 0
    max_score: float = 0.0

    def add(self, count: int, rows: int, max_score: float) -> None:
        self.count += count
        self.rows += rows
        self.max_score = max(self.max_score, max_score)


@dataclass
class ColumnResult:
    """One column (or nested leaf, named by a dotted path) of a tabular asset."""

    name: str
    arrow_type: str
    rows_scanned: int = 0
    entities: dict[str, EntityStats] = field(default_factory=dict)

    def stats(self, entity_type: str) -> EntityStats:
        return self.entities.setdefault(entity_type, EntityStats())


@dataclass
class SampleInfo:
    """How a sampled scan chose its rows: `head` (first N) or `spread` (evenly over a known row count)."""

    rows: int
    method: str


@dataclass
class AssetResult:
    """Everything a scan learned about one asset. `error` set means the asset failed (possibly part-way:
    `rows` then says how far the scan got). `skipped` marks an asset that was not read, `skip_reason` says
    why: "unsupported" (not a format jejak reads) or "unchanged" (same content and detector as in run
    `unchanged_since_run`, whose rows and entity counts the result carries)."""

    asset: Asset
    rows: int = 0
    columns: dict[str, ColumnResult] = field(default_factory=dict)
    entities: dict[str, EntityStats] = field(default_factory=dict)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    sample: SampleInfo | None = None
    skipped: bool = False
    skip_reason: str | None = None
    unchanged_since_run: int | None = None
    duration_s: float = 0.0

    def entity_counts(self) -> dict[str, int]:
        return {name: stats.count for name, stats in sorted(self.entities.items())}


@dataclass
class RunSummary:
    """Totals over one scan run."""

    assets: int = 0
    assets_with_personal_data: int = 0
    assets_failed: int = 0
    assets_skipped: int = 0
    assets_unchanged: int = 0
    rows: int = 0
    entities: dict[str, int] = field(default_factory=dict)

    def add(self, result: AssetResult) -> None:
        self.assets += 1
        if not result.skipped:
            self.rows += result.rows  # rows read in this run; an unchanged asset's rows were read before
        if result.error:
            self.assets_failed += 1
        if result.skipped:
            self.assets_skipped += 1
        if result.skip_reason == "unchanged":
            self.assets_unchanged += 1
        if result.entities:
            self.assets_with_personal_data += 1
        for name, stats in result.entities.items():
            self.entities[name] = self.entities.get(name, 0) + stats.count

    def as_dict(self) -> dict[str, object]:
        return {
            "assets": self.assets,
            "assets_with_personal_data": self.assets_with_personal_data,
            "assets_failed": self.assets_failed,
            "assets_skipped": self.assets_skipped,
            "assets_unchanged": self.assets_unchanged,
            "rows": self.rows,
            "entities": dict(sorted(self.entities.items())),
        }
