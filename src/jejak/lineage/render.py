"""A walk (`graph.Lineage`) as a JSON document (`schema_version` 1, see docs/cli.md) or Graphviz DOT.

DOT output is text, so Graphviz is never needed to produce it; `jejak lineage show --output x.svg` hands it
to the `dot` program when one is installed.
"""

from __future__ import annotations

import json
from typing import Any

from jejak import __version__
from jejak.lineage.graph import Lineage
from jejak.lineage.names import DatasetId, JobId

SCHEMA_VERSION = 1


def _ref(node: DatasetId | JobId) -> dict[str, str]:
    return {"namespace": node.namespace, "name": node.name}


def lineage_document(lineage: Lineage) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "jejak_version": __version__,
        "root": _ref(lineage.root),
        "direction": lineage.direction.value,
        "depth": lineage.depth,
        "truncated": lineage.truncated,
        "datasets": [{**_ref(n.id), "location": n.location, "depth": n.depth} for n in lineage.datasets],
        "jobs": [{**_ref(j.id), "location": j.location} for j in lineage.jobs],
        "edges": [
            {
                "input": _ref(e.input),
                "output": _ref(e.output),
                "job": _ref(e.job),
                "source": e.source,
                "inferred": e.inferred,
            }
            for e in lineage.edges
        ],
        "column_edges": [
            {
                "input": {**_ref(c.input), "field": c.input_field},
                "output": {**_ref(c.output), "field": c.output_field},
                "job": _ref(c.job),
                "transformation": {"type": c.transformation_type, "subtype": c.transformation_subtype},
                "masked": c.masked,
            }
            for c in lineage.column_edges
        ],
    }


def lineage_dot(lineage: Lineage) -> str:
    """Datasets as boxes (the root bold), one arrow per edge labelled with its job; masked column edges are
    listed on the arrow of their datasets."""
    masked: dict[tuple[DatasetId, DatasetId], list[str]] = {}
    for column in lineage.column_edges:
        if column.masked:
            masked.setdefault((column.input, column.output), []).append(
                f"{column.input_field} -> {column.output_field} (masked)"
            )
    ids = {node.id: f"d{index}" for index, node in enumerate(lineage.datasets)}
    lines = [f"digraph {_quote(f'lineage {lineage.direction.value} of {lineage.root}')} {{", "  rankdir=LR;"]
    lines.append('  node [shape=box, fontname="Helvetica"];')
    for node in lineage.datasets:
        label = _escape(str(node.id)) + (f"\\n[{node.location}]" if node.location else "")
        style = ", style=bold" if node.id == lineage.root else ""
        lines.append(f"  {ids[node.id]} [label={_quote(label, escaped=True)}{style}];")
    for edge in lineage.edges:
        label = "\\n".join(
            [_escape(str(edge.job)), *(_escape(m) for m in masked.get((edge.input, edge.output), []))]
        )
        style = ", style=dashed" if edge.inferred else ""
        lines.append(
            f"  {ids[edge.input]} -> {ids[edge.output]} [label={_quote(label, escaped=True)}{style}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    return json.dumps(text)[1:-1]


def _quote(text: str, *, escaped: bool = False) -> str:
    """A DOT string; `escaped` text already has its quotes and backslashes escaped (and may hold \\n)."""
    return f'"{text if escaped else _escape(text)}"'
