"""Graph exports of the network views, by format name: GraphML and GEXF (Gephi, yEd, Cytoscape) and node-link
JSON (D3), each a writer paired with its reader, written atomically.

GraphML and GEXF hold only scalar attributes, so lists and mappings (an edge's evidence and quotes, the view's
filters) are written as JSON text and named in the graph attribute ``json_attributes``; :func:`read_graph`
turns them back. Node-link JSON keeps them as they are.

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

from kg.errors import ExportError
from kg.export.rdf import atomic_write
from kg.network import Graph

JSON_ATTRIBUTES = "json_attributes"


@dataclass(frozen=True, slots=True)
class GraphFormat:
    name: str
    extension: str
    media_type: str
    write: Callable[[Graph, IO[bytes]], None]
    read: Callable[[IO[bytes]], Graph]


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


def _write_gexf(graph: Graph, handle: IO[bytes]) -> None:
    flat = flatten(graph)
    # GEXF keeps no graph attributes: carry the list of JSON-encoded attribute names on every edge
    nx.set_edge_attributes(flat, flat.graph[JSON_ATTRIBUTES], JSON_ATTRIBUTES)
    nx.write_gexf(flat, handle, encoding="utf-8")


def _read_gexf(handle: IO[bytes]) -> Graph:
    graph = nx.read_gexf(handle)
    names: set[str] = set()
    for *_, data in graph.edges(data=True):
        names |= set(str(data.pop(JSON_ATTRIBUTES, "")).split())
        data.pop("id", None)  # GEXF's own edge ids
    graph.graph[JSON_ATTRIBUTES] = " ".join(sorted(names))
    return unflatten(graph)


def _write_node_link(graph: Graph, handle: IO[bytes]) -> None:
    data = nx.node_link_data(graph, edges="links")
    handle.write(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))


def _read_node_link(handle: IO[bytes]) -> Graph:
    return nx.node_link_graph(json.load(handle), edges="links")


GRAPH_FORMATS: dict[str, GraphFormat] = {
    "graphml": GraphFormat("graphml", "graphml", "application/graphml+xml", _write_graphml, _read_graphml),
    "gexf": GraphFormat("gexf", "gexf", "application/gexf+xml", _write_gexf, _read_gexf),
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
