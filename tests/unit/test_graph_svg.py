"""The residency picture: valid standalone SVG, one cluster per country, hops coloured by verdict."""

from __future__ import annotations

import xml.dom.minidom

from jejak.reports.graph_svg import EDGE_STYLES, GraphEdge, GraphNode, render_svg

NODES = [
    GraphNode("raw", "s3://sg-raw/users.parquet", "SG", "dataset-pii"),
    GraphNode("llm", "enrich_with_llm", "US", "job"),
    GraphNode("feat", "s3://us-features/users.parquet", "US", "dataset-pii"),
    GraphNode("labels", "s3://vn-labels/labels.parquet", "VN", "dataset-pii"),
    GraphNode("train", "/models/train <set>.parquet", "SG", "dataset"),
    GraphNode("lost", "somewhere", None, "dataset"),
]
EDGES = [
    GraphEdge("raw", "llm", "ok", "SG -> US: contract"),
    GraphEdge("llm", "feat", "flow"),
    GraphEdge("feat", "labels", "not-regulated"),
    GraphEdge("labels", "train", "missing-basis", "VN -> SG: no dossier"),
    GraphEdge("raw", "lost", "masked"),
]


def test_svg_is_valid_xml_with_a_cluster_per_country() -> None:
    svg = render_svg(NODES, EDGES, title="Residency")
    document = xml.dom.minidom.parseString(svg)
    clusters = [g for g in document.getElementsByTagName("g") if g.getAttribute("class") == "cluster"]
    titles = [g.getElementsByTagName("text")[0].firstChild.data for g in clusters]  # type: ignore[union-attr]
    assert titles == ["SG", "US", "VN", "??"]
    assert "&lt;set&gt;" in svg, "labels are escaped"


def test_hops_take_their_verdict_colour() -> None:
    svg = render_svg(NODES, EDGES)
    for style in ("ok", "missing-basis", "not-regulated", "masked"):
        assert f'class="edge {style}"' in svg
    assert EDGE_STYLES["missing-basis"][0] in svg


def test_rendering_is_deterministic() -> None:
    assert render_svg(NODES, EDGES) == render_svg(list(reversed(NODES)), EDGES)
