"""Graph exports of the network views, by format name: GraphML and GEXF (Gephi, yEd, Cytoscape) and node-link
JSON (D3), each a writer paired with its reader, written atomically.

GraphML and GEXF hold only scalar attributes, so lists and mappings (an edge's evidence and quotes, the view's
filters) are written as JSON text; :func:`read_graph` turns them back. GraphML names them in the graph attribute
``json_attributes``. GEXF is written for Gephi, which merges parallel edges and shows every attribute it reads:
a multigraph (the stance view's one edge per act) becomes one weighted edge per pair, labelled with its acts
(:func:`simple_graph`), and the file holds no attribute of our own making (the reader recognises JSON text by
its brackets). Node-link JSON keeps everything as it is.

>>> sorted(GRAPH_FORMATS)
['gexf', 'graphml', 'json']
>>> graph_format("node-link").name
'json'
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import networkx as nx

from kg.atomicfile import atomic_write
from kg.errors import ExportError
from kg.network import QUOTES_PER_EDGE, Graph

JSON_ATTRIBUTES = "json_attributes"
# Attributes of parallel edges that add up when the edges become one; lists are merged, text is joined.
ADDITIVE = ("weight", "signed_weight")


@dataclass(frozen=True, slots=True)
class GraphFormat:
    name: str
    extension: str
    media_type: str
    write: Callable[[Graph, IO[bytes]], None]
    read: Callable[[IO[bytes]], Graph]
    parallel_edges: bool = True  # False: a multigraph is written with one edge per pair (simple_graph)


def flatten(graph: Graph) -> Graph:
    """A copy whose attributes are all scalars: lists and dicts become JSON text, None becomes "".

    >>> g = nx.Graph(filters={"topic": "taiwan"})
    >>> g.add_edge("a", "b", evidence=["e1"], note=None)
    >>> f = flatten(g)
    >>> f.edges["a", "b"]["evidence"], f.edges["a", "b"]["note"], f.graph["json_attributes"]
    ('["e1"]', '', 'evidence filters')
    """
    out = graph.copy()
    encoded: set[str] = set()

    def scalar(data: dict[str, Any]) -> None:
        for key, value in list(data.items()):
            if isinstance(value, list | tuple | dict):
                data[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
                encoded.add(key)
            elif value is None:
                data[key] = ""

    scalar(out.graph)
    for _, data in out.nodes(data=True):
        scalar(data)
    for *_, data in out.edges(data=True):
        scalar(data)
    out.graph[JSON_ATTRIBUTES] = " ".join(sorted(encoded))
    return out


def unflatten(graph: Graph) -> Graph:
    """Turn the attributes named in ``json_attributes`` back from JSON text (in place) and return the graph."""
    names = set(str(graph.graph.pop(JSON_ATTRIBUTES, "")).split())

    def restore(data: dict[str, Any]) -> None:
        for key in names & set(data):
            if isinstance(data[key], str) and data[key]:
                data[key] = json.loads(data[key])

    restore(graph.graph)
    for _, data in graph.nodes(data=True):
        restore(data)
    for *_, data in graph.edges(data=True):
        restore(data)
    return graph


def _write_graphml(graph: Graph, handle: IO[bytes]) -> None:
    nx.write_graphml(flatten(graph), handle, encoding="utf-8")


def _read_graphml(handle: IO[bytes]) -> Graph:
    return unflatten(nx.read_graphml(handle))


def simple_graph(graph: Graph) -> Graph:
    """A copy of ``graph`` with one edge per pair: parallel edges (a multigraph's keys) become one.

    The weights (and signed weights) add up; evidence and quotes are merged, most recent first; the date span
    widens; text that differs is joined, heaviest edge first; ``label`` says which edges were merged and how
    heavy each was (``oppose 5, urge 2``). A graph without parallel edges is returned as it is.

    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("CHN", "USA", key="oppose", weight=5, signed_weight=-5, evidence=["p1"], first="2020-01-02")
    'oppose'
    >>> g.add_edge("CHN", "USA", key="urge", weight=2, signed_weight=-2, evidence=["p2"], first="2020-01-01")
    'urge'
    >>> s = simple_graph(g)
    >>> s.is_multigraph(), s.edges["CHN", "USA"]["weight"], s.edges["CHN", "USA"]["label"]
    (False, 7, 'oppose 5, urge 2')
    >>> s.edges["CHN", "USA"]["signed_weight"], s.edges["CHN", "USA"]["first"]
    (-7, '2020-01-01')
    """
    if not graph.is_multigraph():
        return graph
    out: Graph = nx.DiGraph() if graph.is_directed() else nx.Graph()
    out.graph.update(graph.graph)
    out.add_nodes_from(graph.nodes(data=True))
    parallel: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
    for u, v, key, data in graph.edges(keys=True, data=True):
        pair = (u, v) if graph.is_directed() else (min(u, v), max(u, v))
        parallel.setdefault(pair, []).append((str(key), data))
    for (u, v), edges in parallel.items():
        out.add_edge(u, v, **_merge_edges(edges))
    return out


def _merge_edges(edges: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    edges = sorted(edges, key=lambda item: (-float(item[1].get("weight", 0)), item[0]))
    merged: dict[str, Any] = {}
    for name in dict.fromkeys(name for _, data in edges for name in data):
        values = [data[name] for _, data in edges if name in data]
        if name in ADDITIVE:
            merged[name] = sum(values)
        elif name == "first":
            merged[name] = min((value for value in values if value), default="")
        elif name == "last":
            merged[name] = max((value for value in values if value), default="")
        elif all(isinstance(value, list) for value in values):
            merged[name] = _merge_lists(name, [data for _, data in edges if name in data])
        else:
            distinct = list(dict.fromkeys(value for value in values if value not in (None, "")))
            merged[name] = distinct[0] if len(distinct) == 1 else ", ".join(str(value) for value in distinct)
    if "sign" in merged and "signed_weight" in merged:
        merged["sign"] = (merged["signed_weight"] > 0) - (merged["signed_weight"] < 0)
    merged["label"] = ", ".join(f"{key} {data.get('weight', '')}".strip() for key, data in edges)
    return merged


def _merge_lists(name: str, edges: list[dict[str, Any]]) -> list[Any]:
    if name == "evidence" and all("evidence_dates" in data for data in edges):
        pairs = {pair for data in edges for pair in zip(data["evidence_dates"], data["evidence"], strict=False)}
        return [iri for _, iri in sorted(pairs, reverse=True)]
    if name == "evidence_dates":
        return sorted({date for data in edges for date in data[name]}, reverse=True)
    if name == "quotes":
        quotes = [quote for data in edges for quote in data[name]]
        quotes.sort(key=lambda quote: str(quote.get("date") or "") if isinstance(quote, dict) else "", reverse=True)
        return quotes[:QUOTES_PER_EDGE]
    return list(dict.fromkeys(item for data in edges for item in data[name]))


def _write_gexf(graph: Graph, handle: IO[bytes]) -> None:
    flat = flatten(simple_graph(graph))
    del flat.graph[JSON_ATTRIBUTES]  # GEXF keeps no graph attributes; the reader tells JSON text by its brackets
    for *_, data in flat.edges(data=True):
        # the label Gephi shows on an edge: what it counts (merged edges already say which acts, how many each)
        data.setdefault("label", f"{data.get('relation', '')} {data.get('weight', '')}".strip())
    nx.write_gexf(flat, handle, encoding="utf-8")


def _read_gexf(handle: IO[bytes]) -> Graph:
    graph = nx.read_gexf(handle)
    for *_, data in graph.edges(data=True):
        data.pop("id", None)  # GEXF's own edge ids
    for data in (*(d for _, d in graph.nodes(data=True)), *(d for *_, d in graph.edges(data=True))):
        for key, value in data.items():
            data[key] = _json_or_text(value)
    return graph


def _json_or_text(value: Any) -> Any:
    """JSON text of a list or mapping as the value, anything else as it is.

    >>> _json_or_text('["e1", "e2"]'), _json_or_text("[Unknown]"), _json_or_text("Reuters")
    (['e1', 'e2'], '[Unknown]', 'Reuters')
    """
    if isinstance(value, str) and value.startswith(("[", "{")) and value.endswith(("]", "}")):
        try:
            decoded = json.loads(value)
        except ValueError:
            return value
        return decoded if isinstance(decoded, list | dict) else value
    return value


def _write_node_link(graph: Graph, handle: IO[bytes]) -> None:
    data = nx.node_link_data(graph, edges="links")
    handle.write(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))


def _read_node_link(handle: IO[bytes]) -> Graph:
    return nx.node_link_graph(json.load(handle), edges="links")


GRAPH_FORMATS: dict[str, GraphFormat] = {
    "graphml": GraphFormat("graphml", "graphml", "application/graphml+xml", _write_graphml, _read_graphml),
    "gexf": GraphFormat("gexf", "gexf", "application/gexf+xml", _write_gexf, _read_gexf, parallel_edges=False),
    "json": GraphFormat("json", "json", "application/json", _write_node_link, _read_node_link),
}
ALIASES = {"node-link": "json", "nodelink": "json", "d3": "json", "xml": "graphml"}


def graph_format(name: str) -> GraphFormat:
    """Look a graph format up by name, alias or media type."""
    key = ALIASES.get(name.lower(), name.lower())
    if key in GRAPH_FORMATS:
        return GRAPH_FORMATS[key]
    for fmt in GRAPH_FORMATS.values():
        if fmt.media_type == name:
            return fmt
    raise ExportError("E620", f"unknown graph format {name!r}", hint=f"use one of: {', '.join(sorted(GRAPH_FORMATS))}")


def write_graph(graph: Graph, path: str | Path, fmt: str = "graphml") -> Path:
    """Write a view's graph in ``fmt`` to ``path`` atomically and return the path.

    >>> import tempfile
    >>> g = nx.Graph(); g.add_edge("a", "b", weight=2, evidence=["e1", "e2"])
    >>> path = write_graph(g, Path(tempfile.mkdtemp()) / "g.graphml")
    >>> read_graph(path).edges["a", "b"]["evidence"]
    ['e1', 'e2']
    """
    chosen = graph_format(fmt)
    target = Path(path)
    try:
        atomic_write(target, lambda handle: chosen.write(graph, handle))
    except OSError as exc:
        raise ExportError("E621", f"cannot write: {exc.strerror or exc}", path=str(target)) from exc
    return target


def read_graph(path: str | Path, fmt: str | None = None) -> Graph:
    """Read a graph written by :func:`write_graph` (format from ``fmt`` or the file's extension)."""
    target = Path(path)
    chosen = graph_format(fmt or target.suffix.lstrip(".") or "graphml")
    with open(target, "rb") as handle:
        return chosen.read(handle)


def graph_bytes(graph: Graph, fmt: str = "graphml") -> bytes:
    """The graph in ``fmt`` as bytes, for standard output."""
    buffer = io.BytesIO()
    graph_format(fmt).write(graph, buffer)
    return buffer.getvalue()
