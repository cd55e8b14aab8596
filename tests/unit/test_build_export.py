"""kg.export: networkx GraphML and node-link JSON from subgraph rows."""

from __future__ import annotations

import io

import networkx as nx

from kg.export import to_graphml, to_networkx, to_node_link

NODES = [{"id": "Company:远山集团", "name": "远山集团", "type": "Company", "aliases": ["远山"], "code": None},
         {"id": "Project:松风物流园项目", "name": "松风物流园项目", "type": "Project", "aliases": []}]
EDGES = [{"source": "Company:远山集团", "target": "Project:松风物流园项目", "relation": "PARTICIPATES_IN",
          "confidence": 0.8, "doc_ids": ["d1"], "evidence": "远山集团投资建设松风物流园项目。"}]


def test_build_export_graphml_round_trips() -> None:
    text = to_graphml(to_networkx(NODES, EDGES))
    g = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert g.nodes["Company:远山集团"]["aliases"] == "远山"
    assert "code" not in g.nodes["Company:远山集团"]  # None dropped: GraphML has no null
    (_, _, data), = g.edges(data=True)
    assert data["relation"] == "PARTICIPATES_IN" and data["doc_ids"] == "d1"


def test_build_export_node_link_keeps_lists() -> None:
    data = to_node_link(to_networkx(NODES, EDGES))
    assert data["directed"] and data["multigraph"]
    assert {n["id"] for n in data["nodes"]} == {"Company:远山集团", "Project:松风物流园项目"}
    assert data["edges"][0]["key"] == "PARTICIPATES_IN" and data["edges"][0]["doc_ids"] == ["d1"]
