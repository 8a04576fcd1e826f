"""A lineage picture as standalone SVG: countries as clusters, datasets and jobs as boxes, hops highlighted.

Why hand-written SVG: the residency report must open offline on a privacy officer's laptop, with no
Graphviz, no JavaScript and no network. The layout is simple on purpose and deterministic (same graph, same
bytes): clusters left to right in the order data first reaches them, nodes in each cluster top to bottom
in topological order, edges as curves whose colour says the verdict of the crossing they make.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

#: Edge styles: stroke colour and dash pattern. Hops take their verdict's style.
EDGE_STYLES: dict[str, tuple[str, str]] = {
    "flow": ("#8a8f98", ""),
    "masked": ("#8a8f98", "4 3"),
    "ok": ("#2e7d32", ""),
    "not-regulated": ("#1565c0", ""),
    "missing-basis": ("#c62828", ""),
    "localisation-breach": ("#6a1b9a", ""),
}
NODE_FILL = {"dataset": "#ffffff", "dataset-pii": "#fff3e0", "job": "#eef2f7"}
UNPLACED = "??"

_NODE_W, _NODE_H, _NODE_GAP = 190, 34, 18
_CLUSTER_PAD, _CLUSTER_GAP, _TITLE_H = 16, 90, 26
_LABEL_CHARS = 28


@dataclass(frozen=True)
class GraphNode:
    id: str
    label: str
    country: str | None
    kind: str  # dataset | dataset-pii | job


@dataclass(frozen=True)
class GraphEdge:
    source: str
    target: str
    style: str  # a key of EDGE_STYLES
    label: str = ""


def render_svg(nodes: Sequence[GraphNode], edges: Sequence[GraphEdge], title: str = "") -> str:
    order = _topological(nodes, edges)
    clusters: dict[str, list[GraphNode]] = {}
    for node in order:
        clusters.setdefault(node.country or UNPLACED, []).append(node)
    positions: dict[str, tuple[float, float]] = {}
    parts: list[str] = []
    x = 20.0
    height = 0.0
    for country, members in clusters.items():
        box_w = _NODE_W + 2 * _CLUSTER_PAD
        box_h = _TITLE_H + len(members) * (_NODE_H + _NODE_GAP) - _NODE_GAP + 2 * _CLUSTER_PAD
        top = 20.0 + (40 if title else 0)
        parts.append(
            f'<g class="cluster"><rect x="{x:.0f}" y="{top:.0f}" width="{box_w}" height="{box_h}" rx="10" '
            f'fill="#fafafa" stroke="#c5cad3"/><text x="{x + _CLUSTER_PAD:.0f}" y="{top + 20:.0f}" '
            f'font-weight="bold">{escape(country)}</text></g>'
        )
        for index, node in enumerate(members):
            nx = x + _CLUSTER_PAD
            ny = top + _CLUSTER_PAD + _TITLE_H + index * (_NODE_H + _NODE_GAP)
            positions[node.id] = (nx, ny)
            shape = 'rx="17"' if node.kind == "job" else 'rx="3"'
            parts.append(
                f'<g class="node {node.kind}"><title>{escape(node.label)}</title>'
                f'<rect x="{nx:.0f}" y="{ny:.0f}" width="{_NODE_W}" height="{_NODE_H}" {shape} '
                f'fill="{NODE_FILL.get(node.kind, "#ffffff")}" stroke="#5f6670"/>'
                f'<text x="{nx + 8:.0f}" y="{ny + 21:.0f}">{escape(_short(node.label))}</text></g>'
            )
        height = max(height, top + box_h)
        x += box_w + _CLUSTER_GAP
    for edge in edges:
        if edge.source in positions and edge.target in positions:
            parts.append(_edge(edge, positions[edge.source], positions[edge.target]))
    width = max(x - _CLUSTER_GAP + 20, 200)
    heading = f'<text x="20" y="32" font-size="16" font-weight="bold">{escape(title)}</text>' if title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height + 20:.0f}" '
        f'viewBox="0 0 {width:.0f} {height + 20:.0f}" font-family="sans-serif" font-size="12">'
        f"{_markers()}{heading}{''.join(parts)}</svg>"
    )


def _edge(edge: GraphEdge, source: tuple[float, float], target: tuple[float, float]) -> str:
    colour, dash = EDGE_STYLES.get(edge.style, EDGE_STYLES["flow"])
    sx, sy = source[0] + _NODE_W, source[1] + _NODE_H / 2
    tx, ty = target[0], target[1] + _NODE_H / 2
    if tx <= sx:  # same cluster or backwards: leave by the right, come back in from the left
        sx, tx = source[0] + _NODE_W, target[0] + _NODE_W
        bend = 60.0
        path = f"M{sx:.0f},{sy:.0f} C{sx + bend:.0f},{sy:.0f} {tx + bend:.0f},{ty:.0f} {tx:.0f},{ty:.0f}"
    else:
        mid = (sx + tx) / 2
        path = f"M{sx:.0f},{sy:.0f} C{mid:.0f},{sy:.0f} {mid:.0f},{ty:.0f} {tx:.0f},{ty:.0f}"
    width = 2.5 if edge.style in ("missing-basis", "localisation-breach", "ok", "not-regulated") else 1.3
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    label = f"<title>{escape(edge.label)}</title>" if edge.label else ""
    return (
        f'<g class="edge {edge.style}">{label}<path d="{path}" fill="none" stroke="{colour}" '
        f'stroke-width="{width}"{dashes} marker-end="url(#arrow-{edge.style})"/></g>'
    )


def _markers() -> str:
    markers = "".join(
        f'<marker id="arrow-{name}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for name, (colour, _) in EDGE_STYLES.items()
    )
    return f"<defs>{markers}</defs>"


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else "…" + label[-(_LABEL_CHARS - 1) :]


def _topological(nodes: Sequence[GraphNode], edges: Sequence[GraphEdge]) -> list[GraphNode]:
    """Nodes sources first (Kahn's algorithm, ties by id); nodes on a cycle follow in id order."""
    by_id = {node.id: node for node in nodes}
    incoming = {node.id: 0 for node in nodes}
    outgoing: dict[str, list[str]] = {node.id: [] for node in nodes}
    for edge in edges:
        if edge.source in by_id and edge.target in by_id:
            incoming[edge.target] += 1
            outgoing[edge.source].append(edge.target)
    ready = sorted(node_id for node_id, count in incoming.items() if count == 0)
    ordered: list[str] = []
    while ready:
        current = ready.pop(0)
        ordered.append(current)
        for target in sorted(outgoing[current]):
            incoming[target] -= 1
            if incoming[target] == 0:
                ready.append(target)
        ready.sort()
    seen = set(ordered)
    ordered += sorted(node_id for node_id in by_id if node_id not in seen)
    return [by_id[node_id] for node_id in ordered]
