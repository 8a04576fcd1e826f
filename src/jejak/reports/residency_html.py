"""The residency report as one self-contained HTML page: summary, the graph as inline SVG, hops, inventory.

No script, no stylesheet or font fetched from anywhere: the file is mailed to counsel and opened offline.
"""

from __future__ import annotations

from html import escape

from jejak.reports.graph_svg import GraphEdge, GraphNode, render_svg
from jejak.residency.report import ResidencyReport

_STYLE = """
body{font-family:sans-serif;margin:2em;color:#222;max-width:1400px}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccd;padding:4px 8px;vertical-align:top}
th{background:#f0f2f5}.v-missing-basis{color:#c62828;font-weight:bold}
.v-localisation-breach{color:#6a1b9a;font-weight:bold}.v-ok{color:#2e7d32}.v-not-regulated{color:#1565c0}
.v-unknown-jurisdiction{color:#8d6e00}code{font-size:90%}.graph{overflow-x:auto;border:1px solid #dde}
.muted{color:#667}
"""


def render_html(report: ResidencyReport) -> str:
    summary = report.as_dict()["summary"]
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>jejak residency report</title>",
        f"<style>{_STYLE}</style></head><body><h1>Residency report</h1>",
        f"<p class='muted'>As of {report.today.isoformat()}; rules from "
        f"<code>{escape(report.jurisdictions_source)}</code>: configuration for counsel to review, not legal "
        "advice.</p><ul>",
        f"<li>{summary['datasets']} datasets, {summary['datasets_with_personal_data']} with personal data, "
        f"in {escape(', '.join(summary['countries']) or 'no known country')}</li>",
        f"<li>{summary['hops']} cross-border hops: {_verdict_counts(summary['verdicts'])}</li></ul>",
        "<h2>Graph</h2><div class='graph'>",
        _svg(report),
        "</div><p class='muted'>Countries are boxes; hops are coloured by verdict (green ok, blue not "
        "regulated, red missing basis, purple localisation breach); dashed edges carry masked columns "
        "only.</p>",
        "<h2>Hops</h2>",
    ]
    if report.verdicts:
        parts.append(
            "<table><tr><th>verdict</th><th>from</th><th>to</th><th>data</th><th>via</th><th>basis</th>"
            "<th>why</th><th>rules</th></tr>"
        )
        for verdict in report.verdicts:
            hop = verdict.hop
            rules = "".join(
                f"<li><code>{escape(rule.key)}</code> ({'verified' if rule.verified else 'unverified'}): "
                f"{escape(rule.rule_text)} <span class='muted'>— {escape(rule.source)}</span></li>"
                for rule in verdict.rules
            )
            basis = escape(str(verdict.mechanism_used) if verdict.mechanism_used else "—")
            if verdict.evidence:
                basis += f"<br><span class='muted'>{escape(verdict.evidence)}</span>"
            parts.append(
                f"<tr><td class='v-{verdict.verdict}'>{escape(str(verdict.verdict))}</td>"
                f"<td>{hop.source_country}<br><code>{escape(hop.source_dataset)}</code></td>"
                f"<td>{hop.target_country}<br><code>{escape(hop.target_dataset)}</code></td>"
                f"<td>{escape(', '.join(sorted(hop.entity_types)))}</td>"
                f"<td>{escape(hop.job or hop.kind)}{f' ({hop.job_country})' if hop.job_country else ''}</td>"
                f"<td>{basis}</td><td>{escape('; '.join(verdict.reasons))}</td><td><ul>{rules}</ul></td></tr>"
            )
        parts.append("</table>")
    else:
        parts.append("<p>No personal data crosses a border in the known lineage.</p>")
    parts.append("<h2>Inventory per country</h2>")
    for country, entries in report.by_country().items():
        parts.append(f"<h3>{escape(country)}</h3>")
        parts.append("<table><tr><th>dataset</th><th>personal data</th><th>how</th></tr>")
        for entry in entries:
            types = escape(", ".join(entry.entity_types) or "none")
            parts.append(
                f"<tr><td><code>{escape(entry.name)}</code></td><td>{types}</td><td>{entry.how}</td></tr>"
            )
        parts.append("</table>")
    if report.unplaced_hops:
        parts.append("<h2>Not judged (no known country)</h2><ul>")
        parts += [
            f"<li><code>{escape(s)}</code> → <code>{escape(t)}</code>: unknown {which}</li>"
            for s, t, which in report.unplaced_hops
        ]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _verdict_counts(counts: dict[str, int]) -> str:
    spans = [f"<span class='v-{name}'>{name}: {n}</span>" for name, n in counts.items() if n]
    return ", ".join(spans) or "none"


def _svg(report: ResidencyReport) -> str:
    countries = {entry.name: entry.country for entry in report.datasets}
    personal = {entry.name for entry in report.datasets if entry.entity_types}
    jobs = dict(report.jobs)
    names = sorted({name for edge in report.graph_edges for name in edge[:2]})
    nodes = [
        GraphNode(
            name,
            name,
            jobs[name] if name in jobs else countries.get(name),
            "job" if name in jobs else "dataset-pii" if name in personal else "dataset",
        )
        for name in names
    ]
    edges = [GraphEdge(source, target, style, label) for source, target, style, label in report.graph_edges]
    return render_svg(nodes, edges)
