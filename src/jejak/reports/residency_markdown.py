"""The residency report as Markdown: for a privacy officer's ticket, a pull request or a wiki page."""

from __future__ import annotations

from jejak.residency.judge import HopVerdict
from jejak.residency.report import ResidencyReport

VERDICT_MARK = {
    "localisation-breach": "**LOCALISATION BREACH**",
    "missing-basis": "**missing basis**",
    "unknown-jurisdiction": "unknown jurisdiction",
    "ok": "ok",
    "not-regulated": "not regulated",
}


def render_markdown(report: ResidencyReport) -> str:
    document = report.as_dict()
    summary = document["summary"]
    counts = ", ".join(f"{name}: {count}" for name, count in summary["verdicts"].items() if count)
    lines = [
        "# Residency report",
        "",
        f"As of {report.today.isoformat()}; rules from `{report.jurisdictions_source}` (configuration for "
        "counsel to review, not legal advice; rules marked unverified rest on secondary sources).",
        "",
        f"- {summary['datasets']} datasets, {summary['datasets_with_personal_data']} with personal data, in "
        f"{', '.join(summary['countries']) or 'no known country'}",
        f"- {summary['hops']} cross-border hops of personal data: {counts or 'none'}",
    ]
    if report.unplaced_hops:
        lines.append(
            f"- {len(report.unplaced_hops)} flows of personal data could not be judged: a dataset or job has "
            "no known country (add `locations` rules)"
        )
    lines += ["", "## Hops", ""]
    if report.verdicts:
        lines += ["| verdict | from | to | data | via | basis | why |", "|---|---|---|---|---|---|---|"]
        lines += [_hop_row(verdict) for verdict in report.verdicts]
        lines += ["", "### Rules applied", ""]
        for verdict in report.verdicts:
            hop = verdict.hop
            lines.append(f"- **{hop.source_dataset} -> {hop.target_dataset}** ({verdict.verdict}):")
            for rule in verdict.rules:
                mark = "verified" if rule.verified else "unverified"
                text, source = _cell(rule.rule_text), _cell(rule.source)
                lines.append(f"  - `{rule.key}` ({mark}): {text} — source: {source}")
    else:
        lines.append("No personal data crosses a border in the known lineage.")
    lines += ["", "## Inventory per country", ""]
    for country, entries in report.by_country().items():
        lines += [f"### {country}", "", "| dataset | personal data | how |", "|---|---|---|"]
        for entry in entries:
            types = ", ".join(entry.entity_types) or "none"
            lines.append(f"| `{_cell(entry.name)}` | {types} | {entry.how} |")
        lines.append("")
    if report.unplaced_hops:
        lines += ["## Not judged (unplaced)", "", "| from | to | unknown country of |", "|---|---|---|"]
        lines += [f"| `{_cell(s)}` | `{_cell(t)}` | {which} |" for s, t, which in report.unplaced_hops]
    return "\n".join(lines).rstrip() + "\n"


def _hop_row(verdict: HopVerdict) -> str:
    hop = verdict.hop
    basis = str(verdict.mechanism_used) if verdict.mechanism_used else "—"
    if verdict.evidence:
        basis += f" ({_cell(verdict.evidence)})"
    via = f"{hop.job} ({hop.job_country or '?'})" if hop.job else hop.kind
    return (
        f"| {VERDICT_MARK.get(str(verdict.verdict), str(verdict.verdict))} | {hop.source_country} "
        f"`{_cell(hop.source_dataset)}` | {hop.target_country} `{_cell(hop.target_dataset)}` | "
        f"{', '.join(sorted(hop.entity_types))} | {_cell(via)} | {basis} | "
        f"{_cell('; '.join(verdict.reasons))} |"
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
