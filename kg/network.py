"""networkx projections of the graph: who asks about what, who is named with whom, who takes which stance.

Each projection is one named SPARQL query (``kg/queries/view-*.rq``) that aggregates over the exchanges and
statements a :class:`ViewFilter` selects, turned into a networkx graph whose nodes are typed and labelled
(``type``, ``label``, ``iri``) and whose edges carry their weight and evidence: the IRIs of the exchanges (or,
for stances, the positions) behind them, the date span, and up to a few quotes with their date and outlet.
Node size and colour come from networkx's own measures: ``degree_centrality``, ``betweenness`` and a
Louvain ``community``; the stance view, a star around the holder, gives each node its stance index instead
(:func:`stance_index`). Those measures and the cut are ``kg.networkmeasures``'s, importable from here too.

>>> import datetime as dt
>>> import pyoxigraph as ox
>>> g = outlet_topic_network(ox.Store(), ViewFilter(start=dt.date(2020, 1, 1), top=20))
>>> g.graph["view"], g.number_of_nodes()
('outlet-topic', 0)
>>> sorted(VIEWS)
['country-comention', 'outlet-country', 'outlet-topic', 'overview', 'person-country', 'stance', 'topic-cooccurrence']
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.errors import QueryError
from kg.networkmeasures import Graph as Graph
from kg.networkmeasures import cut as cut
from kg.networkmeasures import keyed_edges
from kg.networkmeasures import measure as measure
from kg.networkmeasures import node_weights as node_weights
from kg.networkmeasures import stance_index as stance_index
from kg.queries import named_query
from kg.queryrun import bind_values, run_query
from kg.sparqlcheck import run_deep
from kg.viewquery import run_named
from kg.views.filter import ViewFilter as ViewFilter  # re-exported: part of kg.network's public API

XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
QUOTES_PER_EDGE = 3
QUOTE_CHARS = 320


@dataclass(frozen=True, slots=True)
class Quote:
    """A short piece of transcript behind an edge, with where and when it was said."""

    text: str
    date: str | None
    outlet: str | None
    unit: str  # the exchange or statement IRI
    source: str | None = None  # the page or file the briefing was read from

    def as_dict(self) -> dict[str, str | None]:
        return {"text": self.text, "date": self.date, "outlet": self.outlet, "unit": self.unit, "source": self.source}


@dataclass(frozen=True, slots=True)
class Projection:
    """How one view reads its query's rows: node types, direction, and what an edge's evidence points at."""

    name: str
    query: str
    title: str
    relation: str  # what an edge says, e.g. "asks about"
    source_type: str
    target_type: str | None  # None: taken from the row's ``targetType``
    directed: bool = False
    evidence: str = "unit"  # "unit": exchanges/statements; "position": positions
    counted: str = "exchanges"  # what an edge's weight counts, in words
    edge_key: str | None = None  # a row column that makes parallel edges (a multigraph)
    edge_columns: tuple[str, ...] = ()  # extra row columns copied onto each edge
    node_columns: Mapping[str, str] = field(default_factory=dict)  # row column -> source/target node attribute


PROJECTIONS: dict[str, Projection] = {
    p.name: p
    for p in (
        Projection(
            "outlet-topic",
            "view-outlet-topic",
            "Outlets and the topics they ask about",
            "asks about",
            "Outlet",
            "Topic",
            directed=True,
            node_columns={"targetNotation": "target.notation"},
        ),
        Projection(
            "outlet-country",
            "view-outlet-country",
            "Outlets and the countries their exchanges name",
            "asks about",
            "Outlet",
            "Country",
            directed=True,
        ),
        Projection(
            "country-comention",
            "view-country-comention",
            "Countries named together",
            "named with",
            "Country",
            "Country",
            counted="exchanges or statements",
        ),
        Projection(
            "topic-cooccurrence",
            "view-topic-cooccurrence",
            "Topics that occur together",
            "occurs with",
            "Topic",
            "Topic",
            counted="exchanges or statements",
            node_columns={"sourceNotation": "source.notation", "targetNotation": "target.notation"},
        ),
        Projection(
            "stance",
            "view-stance",
            "Stances of the spokesperson's state toward its targets",
            "act",
            "Country",
            None,
            directed=True,
            evidence="position",
            counted="positions",
            edge_key="actNotation",
            edge_columns=("act", "actNotation", "actLabel", "cameo", "quad", "quadLabel", "sign", "goldstein"),
        ),
        Projection(
            "person-country",
            "view-person-country",
            "Persons and the countries named with them",
            "named with",
            "Person",
            "Country",
            directed=True,
            counted="exchanges or statements",
            edge_columns=("serves",),
        ),
    )
}


def project(store: ox.Store, name: str, filters: ViewFilter | None = None, *, quotes: int = QUOTES_PER_EDGE) -> Graph:
    """Run the projection ``name`` (a key of :data:`PROJECTIONS`) and return its graph, cut and measured.

    >>> project(ox.Store(), "stance").graph["query"]
    'view-stance'
    """
    try:
        spec = PROJECTIONS[name]
    except KeyError:
        raise QueryError("E420", f"no view {name!r}", hint=f"known views: {', '.join(sorted(VIEWS))}") from None
    filters = filters or ViewFilter()
    rows = run_named(store, spec.query, filters.bindings()).lexical()
    graph = _graph_from_rows(spec, rows)
    graph.graph.update(
        view=spec.name, title=spec.title, query=spec.query, filters=filters.describe(), directed=spec.directed
    )
    graph.graph["nodes_before_cut"] = graph.number_of_nodes()
    graph.graph["edges_before_cut"] = graph.number_of_edges()
    graph = cut(graph, min_weight=filters.min_weight, top=filters.top)
    if quotes:
        attach_quotes(store, graph, evidence=spec.evidence, per_edge=quotes)
    if spec.name == "stance":
        stance_index(graph)  # a star around one holder: centrality says nothing there
    else:
        measure(graph)
    return graph


def _graph_from_rows(spec: Projection, rows: Iterable[dict[str, str | None]]) -> Graph:
    graph: Graph = nx.MultiDiGraph() if spec.edge_key else (nx.DiGraph() if spec.directed else nx.Graph())
    for row in rows:
        source, target = row["source"], row["target"]
        if source is None or target is None:
            continue
        target_type = spec.target_type or _local_name(row.get("targetType")) or "Entity"
        for node, kind, end in ((source, spec.source_type, "source"), (target, target_type, "target")):
            if node not in graph:
                graph.add_node(node, iri=node, type=kind, label=row.get(f"{end}Label") or _local_name(node))
            for column, where in spec.node_columns.items():
                if where.startswith(end + ".") and row.get(column):
                    graph.nodes[node][where.split(".", 1)[1]] = row[column]
        evidence = _parse_evidence(row.get("evidence") or "")
        attributes: dict[str, Any] = {
            "weight": int(row["weight"] or 0),
            "first": row.get("first") or "",
            "last": row.get("last") or "",
            "relation": spec.relation,
            "counted": spec.counted,
            "evidence": [iri for _, iri in evidence],
            "evidence_dates": [date for date, _ in evidence],
            "quotes": [],
        }
        for column in spec.edge_columns:
            attributes[_snake(column)] = _typed(row.get(column))
        if "sign" in attributes:
            attributes["sign"] = int(attributes["sign"] or 0)
            attributes["signed_weight"] = attributes["sign"] * attributes["weight"]
        if spec.edge_key:
            key = row.get(spec.edge_key) or _local_name(row.get("act")) or "edge"
            attributes["relation"] = key
            graph.add_edge(source, target, key=key, **attributes)
        else:
            graph.add_edge(source, target, **attributes)
    return graph


def _parse_evidence(text: str) -> list[tuple[str, str]]:
    """``"2020-05-13|iri 2021-12-09|iri"`` -> [(date, iri)], most recent first (undated last).

    >>> _parse_evidence("2020-05-13|http://a -|http://c 2021-12-09|http://b")
    [('2021-12-09', 'http://b'), ('2020-05-13', 'http://a'), ('', 'http://c')]
    """
    items = []
    for token in text.split():
        date, _, iri = token.partition("|")
        items.append(("" if date == "-" else date, iri))
    return sorted(items, key=lambda item: (item[0], item[1]), reverse=True)


def _local_name(iri: str | None) -> str | None:
    if not iri:
        return None
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def _typed(value: str | None) -> str | bool | None:
    # SPARQL booleans arrive as their lexical form
    return {"true": True, "false": False}.get(value, value) if value is not None else None


def attach_quotes(store: ox.Store, graph: Graph, *, evidence: str = "unit", per_edge: int = QUOTES_PER_EDGE) -> None:
    """Look up the ``per_edge`` most recent pieces of evidence of every edge and set them as ``quotes``: the
    lookups batched (``quotes_of``) on one deep-stack thread (``run_deep``), not a query and a thread each."""
    run_deep(functools.partial(_attach_quotes, store, graph, _QUOTE_LOOKUPS[evidence], per_edge))


def _attach_quotes(store: ox.Store, graph: Graph, lookup: QuoteLookup, per_edge: int) -> None:
    edges = [data for *_, data in graph.edges(data=True)]
    wanted = dict.fromkeys(iri for data in edges for iri in data.get("evidence", ())[:per_edge])
    found = quotes_of(store, lookup, list(wanted))
    for data in edges:
        quotes = (found[iri] for iri in data.get("evidence", ())[:per_edge])
        data["quotes"] = [q.as_dict() for q in quotes if q is not None]


@dataclass(frozen=True, slots=True)
class QuoteLookup:
    """A named query that gives one quote (its ``LIMIT 1``) for the IRI bound to ``param``."""

    query: str
    param: str
    quote: Callable[[dict[str, str | None], str], Quote]  # its first row, and the IRI asked about


def quotes_of(store: ox.Store, lookup: QuoteLookup, iris: Sequence[str]) -> dict[str, Quote | None]:
    """The quote of each of ``iris``, as ``lookup``'s query bound to each alone would give it: the query without
    its ``LIMIT 1`` runs for ``QUOTE_BATCH`` IRIs at once (a VALUES block), and an IRI it gives two rows or more
    (where ``LIMIT 1`` would pick one) is asked again alone."""
    rows: dict[str, list[dict[str, str | None]]] = {}
    text = _UNLIMITED.sub("", named_query(lookup.query).sparql)
    for first in range(0, len(iris), QUOTE_BATCH):
        batch = [ox.NamedNode(iri) for iri in iris[first : first + QUOTE_BATCH]]
        for row in run_query(store, bind_values(text, lookup.param, batch)).lexical():
            rows.setdefault(row[lookup.param] or "", []).append(row)
    found: dict[str, Quote | None] = {}
    for iri in iris:
        own = rows.get(iri, [])
        if len(own) > 1:
            own = run_named(store, lookup.query, {lookup.param: ox.NamedNode(iri)}).lexical()
        found[iri] = lookup.quote(own[0], iri) if own else None
    return found


QUOTE_BATCH = 256  # IRIs per query: about 25 kB of VALUES, far under MAX_QUERY_CHARS
_UNLIMITED = re.compile(r"\bLIMIT\s+1\s*$")  # the evidence queries' last line


def _unit_quote(row: dict[str, str | None], iri: str) -> Quote:
    return Quote(shorten(row.get("text") or ""), row.get("date"), row.get("outletLabel"), iri, row.get("source"))


def _position_quote(row: dict[str, str | None], iri: str) -> Quote:
    return Quote(
        shorten(row.get("evidence") or ""),
        row.get("date"),
        row.get("outletLabel"),
        row["unit"] or iri,
        row.get("source"),
    )


_QUOTE_LOOKUPS: dict[str, QuoteLookup] = {
    "unit": QuoteLookup("evidence-unit", "unit", _unit_quote),
    "position": QuoteLookup("evidence-position", "position", _position_quote),
}


def shorten(text: str, width: int = QUOTE_CHARS) -> str:
    """One line of at most ``width`` characters, cut at a word.

    >>> shorten("We firmly oppose it.\\nWe urge the US to stop.", 30)
    'We firmly oppose it. We urge…'
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= width else textwrap.shorten(flat, width=width, placeholder="…")


# ---------------------------------------------------------------- the public projections


def outlet_topic_network(store: ox.Store, filters: ViewFilter | None = None) -> Graph:
    """Outlets and the topics they ask about; an edge's weight is the number of the outlet's exchanges on it.

    >>> outlet_topic_network(ox.Store()).graph["title"]
    'Outlets and the topics they ask about'
    """
    return project(store, "outlet-topic", filters)


def outlet_country_network(store: ox.Store, filters: ViewFilter | None = None) -> Graph:
    """Outlets and the countries named in their exchanges (question or answer), weighted by exchanges.

    >>> outlet_country_network(ox.Store()).number_of_edges()
    0
    """
    return project(store, "outlet-country", filters)


def country_comention_network(store: ox.Store, filters: ViewFilter | None = None) -> Graph:
    """Countries named in the same exchange or statement, weighted by how many.

    >>> country_comention_network(ox.Store()).is_directed()
    False
    """
    return project(store, "country-comention", filters)


def topic_cooccurrence_network(store: ox.Store, filters: ViewFilter | None = None) -> Graph:
    """Topics assigned to the same exchange or statement, weighted by how many.

    >>> topic_cooccurrence_network(ox.Store()).graph["query"]
    'view-topic-cooccurrence'
    """
    return project(store, "topic-cooccurrence", filters)


def stance_network(store: ox.Store, filters: ViewFilter | None = None) -> Graph:
    """The spokesperson's state toward each target: a directed multigraph with one edge per act (its key),
    weighted by positions and signed (``sign`` +1 cooperative, -1 conflictual) by the act's CAMEO quad class.

    >>> stance_network(ox.Store()).is_multigraph()
    True
    """
    return project(store, "stance", filters)


def person_country_network(store: ox.Store, filters: ViewFilter | None = None) -> Graph:
    """Persons and the countries named in the same exchange or statement; ``serves`` marks their own state.

    >>> person_country_network(ox.Store()).graph["view"]
    'person-country'
    """
    return project(store, "person-country", filters)


def overview_network(store: ox.Store, filters: ViewFilter | None = None) -> Graph:
    """Who asks about what beside whom the spokesperson's state takes stances toward, on one page.

    The outlet-topic and stance views, each cut to ``filters.top`` nodes (default 30), joined into one
    directed multigraph (outlet-topic edges keyed ``asks about``).

    >>> overview_network(ox.Store()).graph["view"]
    'overview'
    """
    filters = filters or ViewFilter()
    if filters.top is None:
        filters = ViewFilter(**{**asdict(filters), "top": OVERVIEW_TOP})
    out = nx.MultiDiGraph()
    parts = (outlet_topic_network(store, filters), stance_network(store, filters))
    for part in parts:
        out.add_nodes_from(part.nodes(data=True))
        for u, v, key, data in keyed_edges(part):
            out.add_edge(u, v, key=key, **data)
    measure(out)
    out.graph.update(
        view="overview",
        title="Overview: who asks about what, and the stances taken toward whom",
        query=" + ".join(p.graph["query"] for p in parts),
        filters=filters.describe(),
        directed=True,
        nodes_before_cut=sum(p.graph["nodes_before_cut"] for p in parts),
        edges_before_cut=sum(p.graph["edges_before_cut"] for p in parts),
    )
    return out


OVERVIEW_TOP = 30

VIEWS: dict[str, Callable[[ox.Store, ViewFilter | None], Graph]] = {
    "outlet-topic": outlet_topic_network,
    "outlet-country": outlet_country_network,
    "country-comention": country_comention_network,
    "topic-cooccurrence": topic_cooccurrence_network,
    "stance": stance_network,
    "person-country": person_country_network,
    "overview": overview_network,
}


def view(store: ox.Store, name: str, filters: ViewFilter | None = None) -> Graph:
    """The graph of the view ``name`` (a key of :data:`VIEWS`).

    >>> view(ox.Store(), "stance").graph["view"]
    'stance'
    >>> view(ox.Store(), "stances")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: no view 'stances' [E420] (known views: country-comention, outlet-country, ...)
    """
    try:
        make = VIEWS[name]
    except KeyError:
        raise QueryError("E420", f"no view {name!r}", hint=f"known views: {', '.join(sorted(VIEWS))}") from None
    return make(store, filters)
