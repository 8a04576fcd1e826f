"""The residency report's content: inventory per country, every cross-border hop with its verdict.

Built once from the catalog (lineage + scans), the config (locations, transfers, remote access, operator)
and the jurisdiction rules; rendered as JSON, Markdown or HTML by `jejak.reports.residency_*`. Names,
countries, entity types and rule texts only: no value and no hash of personal data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from jejak import __version__
from jejak.config import JejakConfig
from jejak.residency.flows import Flows, trace
from jejak.residency.judge import HopVerdict, Verdict, judge_path, worst
from jejak.residency.jurisdictions import Jurisdictions
from jejak.residency.placement import Placement
from jejak.residency.snapshot import LineageSnapshot

SCHEMA_VERSION = 1
UNPLACED = "unplaced"


@dataclass(frozen=True)
class DatasetEntry:
    name: str
    country: str | None
    entity_types: tuple[str, ...]
    how: str  # found | inherited | none
    scanned: bool


@dataclass
class ResidencyReport:
    today: date
    jurisdictions_source: str
    datasets: list[DatasetEntry] = field(default_factory=list)
    jobs: list[tuple[str, str | None]] = field(default_factory=list)
    verdicts: list[HopVerdict] = field(default_factory=list)
    unplaced_hops: list[tuple[str, str, str]] = field(default_factory=list)
    #: For the picture: (source, target, style, label) between display names / job names.
    graph_edges: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def worst(self) -> Verdict | None:
        return worst(self.verdicts)

    def verdict_counts(self) -> dict[str, int]:
        counts = Counter(str(v.verdict) for v in self.verdicts)
        return {str(verdict): counts.get(str(verdict), 0) for verdict in Verdict}

    def by_country(self) -> dict[str, list[DatasetEntry]]:
        grouped: dict[str, list[DatasetEntry]] = {}
        for entry in self.datasets:
            grouped.setdefault(entry.country or UNPLACED, []).append(entry)
        return dict(sorted(grouped.items()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "jejak_version": __version__,
            "date": self.today.isoformat(),
            "jurisdictions": self.jurisdictions_source,
            "summary": {
                "datasets": len(self.datasets),
                "datasets_with_personal_data": sum(1 for d in self.datasets if d.entity_types),
                "countries": sorted({d.country for d in self.datasets if d.country}),
                "hops": len(self.verdicts),
                "verdicts": self.verdict_counts(),
                "worst": None if self.worst is None else str(self.worst),
                "unplaced_hops": len(self.unplaced_hops),
            },
            "countries": {
                country: [
                    {
                        "dataset": entry.name,
                        "entity_types": list(entry.entity_types),
                        "personal_data": entry.how,
                        "scanned": entry.scanned,
                    }
                    for entry in entries
                ]
                for country, entries in self.by_country().items()
            },
            "jobs": [{"job": name, "country": country} for name, country in self.jobs],
            "hops": [verdict.as_dict() for verdict in self.verdicts],
            "unplaced_hops": [
                {"from": source, "to": target, "unplaced": which}
                for source, target, which in self.unplaced_hops
            ],
        }


def build_report(engine: Engine, config: JejakConfig, cwd: Path, today: date) -> ResidencyReport:
    jurisdictions = Jurisdictions.load(config.jurisdictions)
    snapshot = LineageSnapshot.load(engine, cwd)
    placement = Placement(snapshot, config.locations)
    flows = trace(snapshot, placement, config.remote_access)
    verdicts = judge_path(flows.hops, jurisdictions, config.transfers, today, operator=config.operator)
    report = ResidencyReport(today=today, jurisdictions_source=str(jurisdictions.source))
    report.verdicts = sorted(verdicts, key=lambda v: (-v.verdict.severity, v.hop.source_dataset))
    report.unplaced_hops = flows.unplaced
    _inventory(report, snapshot, placement, flows)
    _picture(report, snapshot, flows)
    return report


def _inventory(
    report: ResidencyReport, snapshot: LineageSnapshot, placement: Placement, flows: Flows
) -> None:
    seen: set[str] = set()
    for dataset_id, name in sorted(snapshot.datasets.items(), key=lambda item: str(item[1])):
        holds = flows.holds.get(dataset_id, frozenset())
        scanned = snapshot.scanned.get(name)
        found = bool(scanned and scanned.entity_types)
        display = flows.names[dataset_id]
        seen.add(display)
        report.datasets.append(
            DatasetEntry(
                display,
                placement.dataset_country(dataset_id),
                tuple(sorted(holds)),
                "found" if found else "inherited" if holds else "none",
                scanned is not None,
            )
        )
    for scanned in sorted(snapshot.scanned.values(), key=lambda s: s.uri):
        if scanned.uri not in seen:  # scanned but not in any lineage: inventory only
            types = tuple(sorted(scanned.entity_types))
            report.datasets.append(
                DatasetEntry(scanned.uri, scanned.location, types, "found" if types else "none", True)
            )
    report.jobs = sorted((str(job), placement.job_country(job_id)) for job_id, job in snapshot.jobs.items())


def _picture(report: ResidencyReport, snapshot: LineageSnapshot, flows: Flows) -> None:
    """Edges for the SVG: dataset -> job -> dataset, each leg coloured by the verdict of the hop it makes."""
    verdict_of: dict[tuple[str, str], HopVerdict] = {}
    for verdict in report.verdicts:
        key = _crossing_leg(verdict)
        known = verdict_of.get(key) if key is not None else None
        if key is not None and (known is None or verdict.verdict.severity > known.verdict.severity):
            verdict_of[key] = verdict
    names = flows.names
    legs: set[tuple[str, str, str, str]] = set()
    for edge in snapshot.edges:
        job = str(snapshot.jobs[edge.job])
        masked = snapshot.masked.get((edge.input, edge.output, edge.job), False)
        for source, target in ((names[edge.input], job), (job, names[edge.output])):
            legs.add(_leg(source, target, masked, flows.holds.get(edge.input), verdict_of))
    for job_id, inputs in snapshot.job_inputs.items():
        if not snapshot.job_outputs.get(job_id):
            job = str(snapshot.jobs[job_id])
            for dataset_id in inputs:
                legs.add(_leg(names[dataset_id], job, False, flows.holds.get(dataset_id), verdict_of))
    report.graph_edges = sorted(legs)


def _crossing_leg(verdict: HopVerdict) -> tuple[str, str] | None:
    """The dataset -> job or job -> dataset leg of the picture on which this hop crosses the border."""
    hop = verdict.hop
    if hop.job is None or hop.kind == "remote_access":
        return None
    if hop.job in (hop.source_dataset, hop.target_dataset):  # already split at a job in a third country
        return (hop.source_dataset, hop.target_dataset)
    if hop.job_country == hop.target_country:
        return (hop.source_dataset, hop.job)  # the job runs abroad: the data leaves on its way in
    return (hop.job, hop.target_dataset)


def _leg(
    source: str,
    target: str,
    masked: bool,
    holds: frozenset[str] | None,
    verdict_of: dict[tuple[str, str], HopVerdict],
) -> tuple[str, str, str, str]:
    if masked:
        return (source, target, "masked", "masked columns: no personal data carried")
    verdict = verdict_of.get((source, target))
    if verdict is not None:
        hop = verdict.hop
        label = f"{hop.source_country} -> {hop.target_country}: {verdict.verdict}"
        return (source, target, str(verdict.verdict), label)
    label = ", ".join(sorted(holds)) if holds else ""
    return (source, target, "flow", label)
