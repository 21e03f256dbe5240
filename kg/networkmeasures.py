"""What is computed on a view's graph once projected (``kg.network``): each node's weight, the cut to the heaviest
nodes, networkx's centrality measures and Louvain communities, and, on the stance view, the stance index.

>>> g = nx.Graph()
>>> g.add_edge("a", "b", weight=2, evidence=["e1", "e2"]); g.add_edge("b", "c", weight=1, evidence=["e3"])
>>> sorted(measure(cut(g, min_weight=2)).nodes(data="weight"))
[('a', 2), ('b', 2)]
"""

from __future__ import annotations

from typing import Any, TypeAlias

import networkx as nx

Graph: TypeAlias = nx.Graph  # nx.Graph, DiGraph or MultiDiGraph (networkx ships no type hints)


def stance_index(graph: Graph) -> Graph:
    """Set on every target of a stance graph what analysts compute instead of centrality: ``positions`` taken
    toward it, ``stance`` (the sum of their acts' Goldstein weights, ontology/cameo.ttl) and ``stance_mean``
    (stance / positions, -10 conflictual to +10 cooperative); on a holder, the same over the positions it takes.

    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("CHN", "USA", key="oppose", weight=3, goldstein=-2.0)
    'oppose'
    >>> g.add_edge("CHN", "USA", key="appeal", weight=1, goldstein=3.0)
    'appeal'
    >>> _ = stance_index(g)
    >>> g.nodes["USA"]["positions"], g.nodes["USA"]["stance"], g.nodes["USA"]["stance_mean"]
    (4, -3.0, -0.75)
    """
    for node in graph.nodes:
        edges = [*graph.in_edges(node, data=True), *graph.out_edges(node, data=True)]
        weighted = [
            (int(d.get("weight") or 0), d.get("goldstein")) for *_, d in edges if d.get("goldstein") is not None
        ]
        positions = sum(w for w, _ in weighted)
        stance = sum(w * float(g) for w, g in weighted)
        graph.nodes[node].update(
            positions=positions, stance=stance, stance_mean=stance / positions if positions else 0.0
        )
    return graph


def node_weights(graph: Graph) -> dict[str, int]:
    """Each node's weight: the number of distinct pieces of evidence (exchanges, statements or positions)
    over its edges, so a unit that links a node to three others counts once.

    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", evidence=["e1", "e2"]); g.add_edge("a", "c", evidence=["e2", "e3"])
    >>> node_weights(g)["a"]
    3
    """
    seen: dict[str, set[str]] = {n: set() for n in graph.nodes}
    for u, v, data in graph.edges(data=True):
        units = set(data.get("evidence", ()))
        seen[u] |= units
        seen[v] |= units
    return {n: len(units) for n, units in seen.items()}


def cut(graph: Graph, *, min_weight: int = 1, top: int | None = None) -> Graph:
    """Drop edges lighter than ``min_weight``, keep the ``top`` heaviest nodes, drop what is left unlinked.

    Node weights (see :func:`node_weights`) are counted after the edge cut and before the node cut, and set as
    the ``weight`` attribute: a kept node weighs what it amounts to in the whole view. Ties are broken by label,
    so the cut is the same on every run.

    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=3, evidence=["1", "2", "3"]); g.add_edge("b", "c", weight=1, evidence=["4"])
    >>> sorted(cut(g, min_weight=2).nodes)
    ['a', 'b']
    """
    out = graph.copy()
    out.remove_edges_from([(u, v, *k) for u, v, *k, w in _edges_with_weight(out) if w < min_weight])
    weights = node_weights(out)
    nx.set_node_attributes(out, weights, "weight")
    if top is not None:
        ranked = sorted(out.nodes, key=lambda n: (-weights[n], str(out.nodes[n].get("label", n)), n))
        out.remove_nodes_from(ranked[max(top, 0) :])
    out.remove_nodes_from([n for n in list(out.nodes) if out.degree(n) == 0])
    return out


def keyed_edges(graph: Graph) -> list[tuple[Any, Any, str, dict[str, Any]]]:
    """Every edge with a key: its multigraph key, else its relation."""
    if graph.is_multigraph():
        return [(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)]
    return [(u, v, d.get("relation", "edge"), d) for u, v, d in graph.edges(data=True)]


def _edges_with_weight(graph: Graph) -> list[tuple[Any, ...]]:
    if graph.is_multigraph():
        return [(u, v, k, d.get("weight", 0)) for u, v, k, d in graph.edges(keys=True, data=True)]
    return [(u, v, d.get("weight", 0)) for u, v, d in graph.edges(data=True)]


def measure(graph: Graph, *, seed: int = 0) -> Graph:
    """Set ``degree_centrality``, ``betweenness`` and ``community`` (Louvain, numbered by size) on every node.

    Measured on the undirected simple graph with summed weights, so a multigraph of acts and a bipartite
    view are measured alike.

    >>> g = nx.path_graph(3)
    >>> _ = measure(g)
    >>> g.nodes[1]["betweenness"], g.nodes[0]["community"] == g.nodes[1]["community"]
    (1.0, True)
    """
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for u, v, data in graph.edges(data=True):
        w = data.get("weight", 1) or 1
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += w
        else:
            simple.add_edge(u, v, weight=w)
    if simple.number_of_nodes() == 0:
        return graph
    nx.set_node_attributes(graph, nx.degree_centrality(simple), "degree_centrality")
    nx.set_node_attributes(graph, nx.betweenness_centrality(simple), "betweenness")
    communities = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    ordered = sorted(communities, key=lambda c: (-len(c), min(map(str, c))))
    nx.set_node_attributes(graph, {n: i for i, members in enumerate(ordered) for n in members}, "community")
    return graph
