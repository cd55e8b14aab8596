"""Graph export through networkx: GraphML and node-link JSON.

Takes the plain node and edge maps of ``kg.store.reader.GraphReader.subgraph``
(no neo4j types), so it stays a pure function of data.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from typing import Any

import networkx as nx

# GraphML attributes are scalars; lists become one string with this separator.
LIST_SEPARATOR = " | "


def _scalar_attrs(data: dict[str, Any]) -> dict[str, Any]:
    """Attributes GraphML can hold: None dropped, lists joined."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        out[key] = LIST_SEPARATOR.join(map(str, value)) if isinstance(value, list | tuple) else value
    return out


def to_networkx(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]]) -> nx.MultiDiGraph:
    """A directed multigraph keyed by entity id; each edge keyed by its relation type."""
    g = nx.MultiDiGraph()
    for node in nodes:
        g.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
    for edge in edges:
        attrs = {k: v for k, v in edge.items() if k not in ("source", "target")}
        g.add_edge(edge["source"], edge["target"], key=edge["relation"], **attrs)
    return g


def to_graphml(g: nx.MultiDiGraph) -> str:
    flat = nx.MultiDiGraph()
    flat.add_nodes_from((n, _scalar_attrs(d)) for n, d in g.nodes(data=True))
    flat.add_edges_from((u, v, k, _scalar_attrs(d)) for u, v, k, d in g.edges(keys=True, data=True))
    buf = BytesIO()
    nx.write_graphml(flat, buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def to_node_link(g: nx.MultiDiGraph) -> dict[str, Any]:
    return nx.node_link_data(g, edges="edges")
