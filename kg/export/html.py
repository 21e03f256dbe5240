r"""Interactive HTML views: a networkx projection drawn with pyvis's vis-network, in one file that works offline.

The page inlines vis-network's script and style from the pyvis package (no CDN, no network request at all: a
Content-Security-Policy forbids them and allows only the page's own two scripts, by hash). Nodes are coloured by
type (with a legend) or by community, sized by weight or centrality; edges are as wide as their count and, in
the stance view, green (cooperative) or red (conflictual). Every node and edge has a tooltip (counts, date span,
quotes with date and outlet); a click opens the details panel; a search box finds a node by name; physics
stabilise once and are then switched off, so the drawing settles and stays still.

Transcript text reaches the page in two ways, both escaped: the tooltips and details are HTML built here with
every piece of text passed through ``html.escape`` (links only for http(s) IRIs), and the data travels as JSON
inside a ``<script type="application/json">`` block with ``<``, ``>`` and ``&`` written as ``\u003c`` ....

>>> import networkx as nx
>>> g = nx.Graph(view="demo", title="Demo")
>>> g.add_node("a", label="<b>A</b>", type="Country", weight=1); g.add_node("b", label="B", type="Topic", weight=1)
>>> g.add_edge("a", "b", weight=2, evidence=[], quotes=[], relation="named with")
>>> page = html_page(g)
>>> "<b>A</b>" in page, r"\u003cb\u003eA\u003c/b\u003e" in page
(False, True)
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.atomicfile import atomic_write_bytes
from kg.errors import ExportError
from kg.export.html_template import PAGE, PAGE_SCRIPT, PAGE_STYLE
from kg.network import Graph, ViewFilter, overview_network

EDGE_LABELS_UP_TO = 80  # stance edges are labelled with their act while they are few enough to read
_MARKER = re.compile(r"@[A-Z_]+@")
DEFAULT_TOP = 60  # what `kg view` draws unless told otherwise: enough to read, few enough to settle at once


@dataclass(frozen=True, slots=True)
class NodeStyle:
    colour: str
    shape: str
    label: str  # for the legend


NODE_STYLES: dict[str, NodeStyle] = {
    "Outlet": NodeStyle("#4e79a7", "dot", "outlet"),
    "Topic": NodeStyle("#f28e2b", "diamond", "topic"),
    "Country": NodeStyle("#59a14f", "dot", "country"),
    "Organization": NodeStyle("#b07aa1", "square", "organisation"),
    "Person": NodeStyle("#edc948", "triangle", "person"),
    "Place": NodeStyle("#76b7b2", "square", "place"),
    "Spokesperson": NodeStyle("#e15759", "star", "spokesperson"),
}
OTHER_NODE = NodeStyle("#9c9c9c", "dot", "other")

# Edge colours by CAMEO polarity (the stance view's ``sign``); edges without a sign are grey.
EDGE_COLOURS: dict[int | None, tuple[str, str]] = {
    1: ("#2ca02c", "cooperative act"),
    -1: ("#d62728", "conflictual act"),
    None: ("#9aa0a6", "link"),
}
COMMUNITY_COLOURS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip

SIZE_BY: dict[str, Callable[[Mapping[str, Any]], float]] = {
    "weight": lambda d: float(d.get("weight") or 0),
    "betweenness": lambda d: float(d.get("betweenness") or 0),
    "degree": lambda d: float(d.get("degree_centrality") or 0),
}


def _type_colour(data: Mapping[str, Any]) -> tuple[str, str]:
    """(fill, border): fill by node type, border by community."""
    return NODE_STYLES.get(data.get("type", ""), OTHER_NODE).colour, _community_colour(data)


def _community_colour_fill(data: Mapping[str, Any]) -> tuple[str, str]:
    """(fill, border): fill by community, border by type."""
    return _community_colour(data), NODE_STYLES.get(data.get("type", ""), OTHER_NODE).colour


def _community_colour(data: Mapping[str, Any]) -> str:
    community = data.get("community")
    return "#555555" if community is None else COMMUNITY_COLOURS[int(community) % len(COMMUNITY_COLOURS)]


COLOR_BY: dict[str, Callable[[Mapping[str, Any]], tuple[str, str]]] = {
    "type": _type_colour,
    "community": _community_colour_fill,
}


def esc(value: object) -> str:
    """Text for HTML, escaped (quotes too, so it is safe in attributes).

    >>> esc('"><img src=x onerror=alert(1)>')
    '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'
    """
    return html.escape("" if value is None else str(value), quote=True)


def safe_href(url: str | None) -> str | None:
    """``url`` if it is an http(s) address, else None: ``javascript:`` and ``data:`` never become links.

    >>> safe_href("https://w3id.org/presskg/id/briefing/t1/exchange/2"), safe_href(" JavaScript:alert(1)")
    ('https://w3id.org/presskg/id/briefing/t1/exchange/2', None)
    """
    if not url:
        return None
    lowered = url.strip().lower()
    return url.strip() if lowered.startswith(("https://", "http://")) else None


def _link(url: str | None, text: str) -> str:
    href = safe_href(url)
    if href is None:
        return ""
    return f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer">{esc(text)}</a>'


def _span(first: str | None, last: str | None) -> str:
    if not first and not last:
        return "undated"
    return esc(first) if first == last else f"{esc(first or '?')} \N{EN DASH} {esc(last or '?')}"


def quote_html(quote: Mapping[str, Any]) -> str:
    """One quote as a list item: the text, its date and outlet, a link to its exchange and its source page."""
    who = quote.get("outlet") or "anonymous question"
    links = " ".join(x for x in (_link(quote.get("unit"), "exchange"), _link(quote.get("source"), "source")) if x)
    return (
        f'<li><q>{esc(quote.get("text"))}</q> <span class="kg-when">{esc(quote.get("date") or "undated")}, '
        f"{esc(who)}</span> {links}</li>"
    )


def node_title(graph: Graph, node: str) -> str:
    """The tooltip of a node: label, type, weight, centrality, community, date span."""
    data = graph.nodes[node]
    firsts = [d.get("first") for *_, d in _incident(graph, node) if d.get("first")]
    lasts = [d.get("last") for *_, d in _incident(graph, node) if d.get("last")]
    style = NODE_STYLES.get(data.get("type", ""), OTHER_NODE)
    measures = (
        f"weight {esc(data.get('weight', 0))} · degree centrality {float(data.get('degree_centrality') or 0):.2f}"
        f" · betweenness {float(data.get('betweenness') or 0):.2f} · community {esc(data.get('community', '-'))}"
    )
    if "stance" in data:  # the stance view: the net stance index, not centrality (a star has none worth showing)
        measures = (
            f"{esc(data.get('positions', 0))} positions · net stance {float(data['stance']):+.1f} · mean Goldstein "
            f"weight {float(data.get('stance_mean') or 0):+.2f} (-10 conflictual, +10 cooperative)"
        )
    return (
        f'<div class="kg-tip"><b>{esc(data.get("label", node))}</b> <i>{esc(style.label)}</i><br>{measures}<br>'
        f"{_span(min(firsts, default=None), max(lasts, default=None))} {_link(data.get('iri'), 'IRI')}</div>"
    )


def edge_title(graph: Graph, u: str, v: str, data: Mapping[str, Any]) -> str:
    """The tooltip of an edge: its two ends, what it says, its count and span, and its quotes."""
    arrow = "→" if graph.is_directed() else "—"
    sign = data.get("sign")
    polarity = ""
    if sign in (1, -1):
        polarity = f" · {esc(EDGE_COLOURS[sign][1])} ({esc(data.get('quad_label') or '')})"
    quotes = "".join(quote_html(q) for q in data.get("quotes", ()))
    return (
        f'<div class="kg-tip"><b>{esc(graph.nodes[u].get("label", u))} {arrow} '
        f"{esc(graph.nodes[v].get('label', v))}</b>: {esc(data.get('act_label') or data.get('relation', ''))}<br>"
        f"{esc(data.get('weight', 0))} {esc(_noun(int(data.get('weight') or 0), data.get('counted', 'times')))} · "
        f"{_span(data.get('first'), data.get('last'))}{polarity}"
        f"{f'<ul class=kg-quotes>{quotes}</ul>' if quotes else ''}</div>"
    )


SINGULAR = {"exchanges": "exchange", "positions": "position", "exchanges or statements": "exchange or statement"}


def _noun(count: int, plural: str) -> str:
    return SINGULAR.get(plural, plural) if count == 1 else plural


def _incident(graph: Graph, node: str) -> Iterable[tuple[Any, ...]]:
    if graph.is_directed():
        yield from graph.in_edges(node, data=True)
        yield from graph.out_edges(node, data=True)
    else:
        yield from graph.edges(node, data=True)


def legend_html(graph: Graph, color_by: str) -> str:
    """The legend: node types present (or communities), and the edge colours used."""
    items = []
    if color_by == "community":
        communities = sorted({d.get("community") for _, d in graph.nodes(data=True) if d.get("community") is not None})
        for c in communities[:10]:
            colour = COMMUNITY_COLOURS[int(c) % len(COMMUNITY_COLOURS)]
            items.append(f'<li><span class="kg-swatch" style="background:{colour}"></span>community {esc(c)}</li>')
    else:
        present = sorted({d.get("type", "") for _, d in graph.nodes(data=True)})
        for kind in present:
            style = NODE_STYLES.get(kind, OTHER_NODE)
            items.append(
                f'<li><span class="kg-swatch kg-{esc(style.shape)}" style="background:{style.colour}"></span>'
                f"{esc(style.label)}</li>"
            )
        if any(d.get("community") is not None for _, d in graph.nodes(data=True)):
            items.append('<li><span class="kg-swatch kg-ring"></span>ring: community (Louvain)</li>')
    signs = {d.get("sign") if d.get("sign") in (1, -1) else None for *_, d in graph.edges(data=True)}
    for sign in sorted(signs, key=lambda s: (s is None, s or 0)):
        colour, text = EDGE_COLOURS[sign]
        items.append(f'<li><span class="kg-line" style="background:{colour}"></span>{esc(text)}</li>')
    return "<ul>" + "".join(items) + "</ul>"


def _vis_assets() -> tuple[str, str]:
    """vis-network's script and style as pyvis ships them."""
    try:
        folder = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
        script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
        style = (folder / "vis-network.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise ExportError(
            "E610", f"cannot find vis-network in the pyvis package: {exc}", hint="pip install pyvis"
        ) from exc
    return script.replace("</script", "<\\/script"), style


def _json_for_script(data: object) -> str:
    """JSON that cannot close its ``<script>`` element or open a comment, whatever the strings hold."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _options(graph: Graph) -> dict[str, Any]:
    many = graph.number_of_nodes() > 100
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": not many},
        "nodes": {
            "borderWidth": 3,
            "scaling": {"min": 10, "max": 46, "label": {"enabled": True, "min": 12, "max": 22, "drawThreshold": 6}},
            "font": {"face": "Helvetica, Arial, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "scaling": {"min": 1, "max": 12, "label": {"enabled": False}},
            # "continuous" curves are drawn, not simulated: "dynamic" would add a physics node per edge
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.2},
            "selectionWidth": 2,
            "hoverWidth": 1.5,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": many, "multiselect": False},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70, "springLength": 110, "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 40, "fit": True},
            "maxVelocity": 40,
            "minVelocity": 1.5,
        },
    }


def network_data(graph: Graph, *, size_by: str = "weight", color_by: str = "type") -> dict[str, Any]:
    """The nodes, edges and options the page draws, built with pyvis (which checks ids and edge ends)."""
    from pyvis.network import Network

    try:
        size, colour = SIZE_BY[size_by], COLOR_BY[color_by]
    except KeyError as exc:
        raise ExportError(
            "E611", f"unknown choice {exc.args[0]!r}", hint=f"size by {sorted(SIZE_BY)}, colour by {sorted(COLOR_BY)}"
        ) from None
    net = Network(directed=graph.is_directed(), cdn_resources="in_line")
    ids = {node: i for i, node in enumerate(sorted(graph.nodes, key=str))}
    heaviest = max((size(d) for _, d in graph.nodes(data=True)), default=0.0) or 1.0
    for node in sorted(graph.nodes, key=str):
        data = graph.nodes[node]
        fill, border = colour(data)
        style = NODE_STYLES.get(data.get("type", ""), OTHER_NODE)
        net.add_node(
            ids[node],
            label=str(data.get("label", node)),
            title=node_title(graph, node),
            shape=style.shape,
            color={"background": fill, "border": border, "highlight": {"background": fill, "border": "#222222"}},
            value=max(size(data), 0.0001),
            # heavy nodes repel more, so a hub and its heaviest neighbour do not sit on each other
            mass=1 + 2 * size(data) / heaviest,
            kgType=str(data.get("type", "")),
            kgIri=str(data.get("iri", node)),
        )
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True)
    parallel: dict[tuple[int, int], int] = {}
    labelled = graph.number_of_edges() <= EDGE_LABELS_UP_TO  # counted once: each count walks every edge
    for n, (u, v, *rest) in enumerate(edges):
        data = rest[-1]
        pair = (ids[u], ids[v])
        parallel[pair] = parallel.get(pair, 0) + 1
        sign = data.get("sign") if data.get("sign") in (1, -1) else None
        edge_colour = EDGE_COLOURS[sign][0]
        options: dict[str, Any] = {
            "id": f"e{n}",
            "value": max(int(data.get("weight") or 0), 1),
            "title": edge_title(graph, u, v, data),
            "color": {"color": edge_colour, "highlight": edge_colour, "hover": edge_colour, "opacity": 0.75},
            "kgWeight": int(data.get("weight") or 0),
        }
        if data.get("act_label") and labelled:
            options["label"] = str(data["act_label"])
            options["font"] = {"size": 10, "color": "#444444", "strokeWidth": 2, "align": "middle"}
        if parallel[pair] > 1:  # parallel acts between one pair: fan them out
            options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.12 * (parallel[pair] - 1)}
        net.add_edge(ids[u], ids[v], **options)
    nodes, edge_list, *_ = net.get_network_data()
    return {"nodes": nodes, "edges": edge_list, "options": _options(graph)}


def html_page(graph: Graph, *, title: str | None = None, size_by: str = "weight", color_by: str = "type") -> str:
    """The whole page as text (see :func:`write_html`)."""
    script, style = _vis_assets()
    data = network_data(graph, size_by=size_by, color_by=color_by)
    heading = title or graph.graph.get("title") or "presskg view"
    filters = graph.graph.get("filters") or {}
    meta = {
        "view": graph.graph.get("view", ""),
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "nodesBeforeCut": graph.graph.get("nodes_before_cut", graph.number_of_nodes()),
        "edgesBeforeCut": graph.graph.get("edges_before_cut", graph.number_of_edges()),
    }
    subtitle = " · ".join(f"{esc(k)}: {esc(v)}" for k, v in filters.items()) or "all briefings"
    counts = (
        f"{meta['nodes']} of {meta['nodesBeforeCut']} nodes, {meta['edges']} of {meta['edgesBeforeCut']} edges"
        f" · size: {esc(size_by)} · colour: {esc(color_by)} · query: {esc(graph.graph.get('query', ''))}"
    )
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(script)} {_csp_hash(PAGE_SCRIPT)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )
    replacements = {
        "@CSP@": esc(csp),
        "@TITLE@": esc(heading),
        "@VIS_CSS@": style,
        "@PAGE_CSS@": PAGE_STYLE,
        "@SUBTITLE@": subtitle,
        "@COUNTS@": counts,
        "@LEGEND@": legend_html(graph, color_by),
        "@DATA@": _json_for_script({**data, "meta": meta}),
        "@VIS_JS@": script,
        "@PAGE_JS@": PAGE_SCRIPT,
    }
    # one pass: what is put in is never searched again, so text holding "@DATA@" stays text
    return _MARKER.sub(lambda m: replacements[m.group(0)], PAGE)


def write_html(
    graph: Graph,
    path: str | Path,
    *,
    title: str | None = None,
    size_by: str = "weight",
    color_by: str = "type",
) -> Path:
    """Write ``graph`` as a self-contained interactive page at ``path`` (atomically) and return the path.

    ``size_by``: ``weight`` (default), ``betweenness`` or ``degree``; ``color_by``: ``type`` (default, with a
    legend; the border shows the community) or ``community``.

    >>> import tempfile, networkx as nx
    >>> g = nx.Graph(title="Two countries")
    >>> g.add_edge("a", "b", weight=1)
    >>> write_html(g, Path(tempfile.mkdtemp()) / "g.html").read_text().count("vis.Network(")
    1
    """
    target = Path(path)
    page = html_page(graph, title=title, size_by=size_by, color_by=color_by)
    try:
        atomic_write_bytes(target, page.encode("utf-8"))
    except OSError as exc:
        raise ExportError("E612", f"cannot write: {exc.strerror or exc}", path=str(target)) from exc
    return target


def write_overview(store: ox.Store, path: str | Path, filters: ViewFilter | None = None) -> Path:
    """Write the overview page (outlets and topics; stances toward targets), as ``kg build`` does into
    ``output/graph.html``.

    >>> import tempfile
    >>> write_overview(ox.Store(), Path(tempfile.mkdtemp()) / "graph.html").name
    'graph.html'
    """
    return write_html(overview_network(store, filters), path)
