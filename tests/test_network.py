"""The projections against counts worked out by hand on the fixture store (tests/viewstore.py)."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from viewstore import build_store

from kg import network, sparqlcheck
from kg.errors import QueryError
from kg.namespace import PREFIXES
from kg.network import (
    _QUOTE_LOOKUPS,
    PROJECTIONS,
    QUOTE_BATCH,
    VIEWS,
    ViewFilter,
    country_comention_network,
    cut,
    outlet_country_network,
    outlet_topic_network,
    overview_network,
    person_country_network,
    quotes_of,
    stance_network,
    topic_cooccurrence_network,
    view,
)
from kg.queries import named_query
from kg.queryrun import bind_values, run_query
from kg.store import open_embedded
from kg.viewquery import run_named

ID = "https://w3id.org/presskg/id/"


def country(iso3: str) -> str:
    return f"{ID}country/{iso3}"


def topic(notation: str) -> str:
    return f"{ID}topic/{notation}"


def outlet(key: str) -> str:
    return f"{ID}outlet/{key}"


def person(key: str) -> str:
    return f"{ID}person/{key}"


def unit(briefing: str, ordinal: int) -> str:
    return f"{ID}briefing/{briefing}/exchange/{ordinal}"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    return open_embedded(build_store(tmp_path_factory.mktemp("views"))).store


def weights(graph) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    return {(u, v): d["weight"] for u, v, d in graph.edges(data=True)}


def test_outlet_topic(store: ox.Store) -> None:
    g = outlet_topic_network(store)
    assert (g.number_of_nodes(), g.number_of_edges()) == (20, 17)
    w = weights(g)
    assert w[(outlet("rthk"), topic("diplomatic_visits"))] == 2  # a/e3 and a/e12
    assert sum(1 for x in w.values() if x == 2) == 1
    assert outlet("cnn") not in g  # its one question has no topic
    assert g.nodes[outlet("afp")]["type"] == "Outlet" and g.nodes[outlet("afp")]["label"] == "AFP"
    assert g.nodes[topic("taiwan")]["type"] == "Topic" and g.nodes[topic("taiwan")]["notation"] == "taiwan"
    # node weight: distinct exchanges over its edges
    assert g.nodes[topic("diplomatic_visits")]["weight"] == 4
    assert g.nodes[outlet("xinhua")]["weight"] == 2
    edge = g.edges[outlet("rthk"), topic("diplomatic_visits")]
    assert edge["evidence"] == [unit("a-2021-12-09", 3), unit("a-2021-12-09", 12)]
    assert (edge["first"], edge["last"]) == ("2021-12-09", "2021-12-09")
    assert edge["quotes"][0]["outlet"] == "Radio Television Hong Kong"
    assert edge["quotes"][0]["text"].startswith("Britain and Canada have stated")


def test_outlet_country(store: ox.Store) -> None:
    g = outlet_country_network(store)
    assert (g.number_of_nodes(), g.number_of_edges()) == (19, 23)
    w = weights(g)
    heavy = {k for k, x in w.items() if x == 2}
    assert heavy == {
        (outlet("xinhua"), country("CHN")),
        (outlet("rthk"), country("CHN")),
        (outlet("rthk"), country("USA")),
        (outlet("bloomberg"), country("CHN")),
        (outlet("afp"), country("CHN")),
    }
    assert all(x in (1, 2) for x in w.values())
    assert g.nodes[country("CIV")]["label"] == "Côte d'Ivoire"
    edge = g.edges[outlet("afp"), country("CHN")]
    assert (edge["first"], edge["last"]) == ("2020-05-13", "2020-05-13")


def test_country_comention(store: ox.Store) -> None:
    g = country_comention_network(store)
    assert (g.number_of_nodes(), g.number_of_edges()) == (12, 23)
    assert not g.is_directed()
    assert g.edges[country("CHN"), country("USA")]["weight"] == 5
    assert g.edges[country("CHN"), country("RUS")]["weight"] == 3
    assert sum(d["weight"] for *_, d in g.edges(data=True)) == 5 + 3 + 21
    # the statement of briefing d names only China: no edge of its own, and no effect on CHN's weight
    assert g.nodes[country("CHN")]["weight"] == 10
    assert g.edges[country("CHN"), country("USA")]["first"] == "2020-05-13"
    assert g.edges[country("CHN"), country("USA")]["last"] == "2021-12-09"


def test_topic_cooccurrence(store: ox.Store) -> None:
    g = topic_cooccurrence_network(store)
    assert (g.number_of_nodes(), g.number_of_edges()) == (12, 8)
    assert g.edges[topic("diplomatic_visits"), topic("olympics_sports")]["weight"] == 2
    assert g.edges[topic("covid19"), topic("multilateralism")]["evidence"] == [unit("d-2020-03-02", 1)]
    assert topic("media") not in g and topic("middle_east") not in g  # never with another topic


def test_stance(store: ox.Store) -> None:
    g = stance_network(store)
    assert g.is_directed() and g.is_multigraph()
    assert (g.number_of_nodes(), g.number_of_edges()) == (6, 11)
    usa = g.get_edge_data(country("CHN"), country("USA"))
    assert {k: d["weight"] for k, d in usa.items()} == {"criticize": 4, "oppose": 2, "warn": 2, "demand": 1}
    assert all(d["sign"] == -1 and d["quad_label"] == "verbal conflict" for d in usa.values())
    assert usa["warn"]["signed_weight"] == -2
    rus = g.get_edge_data(country("CHN"), country("RUS"))
    assert {k: (d["weight"], d["sign"]) for k, d in rus.items()} == {"support": (1, 1), "cooperate": (1, 1)}
    who = g.get_edge_data(country("CHN"), f"{ID}org/who")
    assert who["cooperate"]["weight"] == 1 and g.nodes[f"{ID}org/who"]["type"] == "Organization"
    assert sum(d["weight"] for *_, d in g.edges(data=True)) == 16  # positions with a target
    # stance quotes are the positions' evidence sentences
    assert usa["demand"]["quotes"][0]["text"].startswith("China urges the US to recognize the situation")
    assert usa["demand"]["quotes"][0]["outlet"] == "Bloomberg"
    assert g.nodes[country("CHN")]["weight"] == 16


def test_person_country(store: ox.Store) -> None:
    g = person_country_network(store)
    assert (g.number_of_nodes(), g.number_of_edges()) == (9, 14)
    putin = person("vladimir-putin")
    assert g.edges[putin, country("RUS")]["weight"] == 2 and g.edges[putin, country("RUS")]["serves"] is True
    assert g.edges[putin, country("CHN")]["weight"] == 2 and g.edges[putin, country("CHN")]["serves"] is False
    assert g.edges[person("joe-biden"), country("USA")]["serves"] is True
    assert g.nodes[putin]["type"] == "Person"


def test_overview_joins_outlet_topic_and_stance(store: ox.Store) -> None:
    g = overview_network(store)
    assert (g.number_of_nodes(), g.number_of_edges()) == (20 + 6, 17 + 11)
    assert g.graph["view"] == "overview"


def test_filters_by_spokesperson_date_outlet_topic_country(store: ox.Store) -> None:
    g = outlet_topic_network(store, ViewFilter(spokesperson="zhao lijian"))
    assert {(g.nodes[u]["label"], g.nodes[v]["notation"]) for u, v in g.edges} == {
        ("AFP", "taiwan"),
        ("AFP", "security_defense"),
        ("AFP", "covid19"),
        ("AFP", "sanctions"),
        ("Bloomberg", "media"),
    }
    g = country_comention_network(store, ViewFilter(start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31)))
    assert g.edges[country("CHN"), country("USA")]["weight"] == 1  # only c/e2 is in 2020
    assert g.number_of_edges() == 1 + 6 + 3  # b/e1; b/e2's four countries; c/e1, c/e2, c/e4
    g = outlet_country_network(store, ViewFilter(outlet="Agence France-Presse"))  # an alternative name
    assert set(g.nodes) == {outlet("afp"), country("FRA"), country("CHN"), country("USA")}
    g = country_comention_network(store, ViewFilter(topic="covid19"))
    assert weights(g) == {(country("CHN"), country("USA")): 1}
    g = stance_network(store, ViewFilter(country="rus"))
    assert {k for *_, k in g.edges(keys=True)} == {"support", "cooperate"}
    g = stance_network(store, ViewFilter(start=dt.date(2022, 1, 1)))
    assert g.number_of_nodes() == 0


def test_min_weight_and_top(store: ox.Store) -> None:
    g = country_comention_network(store, ViewFilter(min_weight=2))
    assert weights(g) == {(country("CHN"), country("USA")): 5, (country("CHN"), country("RUS")): 3}
    assert g.graph["edges_before_cut"] == 23
    g = country_comention_network(store, ViewFilter(top=3))
    assert set(g.nodes) == {country("CHN"), country("USA"), country("RUS")}
    assert g.number_of_edges() == 3
    # node weights are counted before the top-N cut: what the node amounts to in the whole view
    assert [g.nodes[n]["weight"] for n in (country("CHN"), country("USA"), country("RUS"))] == [10, 5, 3]


def test_cut_is_deterministic_on_ties() -> None:
    import networkx as nx

    g = nx.Graph()
    for a, b in (("a", "b"), ("c", "d"), ("e", "f")):
        g.add_edge(a, b, weight=1, evidence=[a + b])
    nx.set_node_attributes(g, {n: n.upper() for n in g}, "label")
    assert sorted(cut(g, top=4).nodes) == ["a", "b", "c", "d"]


def test_hostile_filter_values_find_nothing_and_change_nothing(tmp_path: Path) -> None:
    out = build_store(tmp_path)
    store = open_embedded(out).store
    before = len(store)
    for field in ("spokesperson", "outlet", "topic", "country"):
        with pytest.raises(QueryError) as caught:  # a value the store does not know is named, never run
            outlet_topic_network(store, ViewFilter(**{field: '" } ; DROP ALL ; #'}))
        assert caught.value.code == "E450" and "DROP ALL" in caught.value.message
    assert len(open_embedded(out).store) == before


def test_measures_feed_size_and_colour(store: ox.Store) -> None:
    g = outlet_topic_network(store)
    assert all(isinstance(d["community"], int) for _, d in g.nodes(data=True))
    assert any(d["betweenness"] > 0 for _, d in g.nodes(data=True))


def test_the_stance_view_shows_the_stance_index_not_centrality(store: ox.Store) -> None:
    """A star around the holder: betweenness is 0 for every target, so the view gives each node its positions,
    their net stance (summed Goldstein weights) and its mean instead."""
    g = stance_network(store)
    assert all("betweenness" not in d for _, d in g.nodes(data=True))
    usa = g.nodes[country("USA")]
    edges = [d for _, _, d in g.in_edges(country("USA"), data=True)]
    assert usa["positions"] == sum(d["weight"] for d in edges) > 0
    assert usa["stance"] == sum(d["weight"] * float(d["goldstein"]) for d in edges) < 0
    assert usa["stance_mean"] == usa["stance"] / usa["positions"]
    chn = g.nodes[country("CHN")]
    assert chn["positions"] == sum(d["weight"] for *_, d in g.out_edges(country("CHN"), data=True))


def test_every_view_query_shares_the_filter_block_and_parameters() -> None:
    names = {p.query for p in PROJECTIONS.values()} | {n for n in _shipped() if n.startswith("report-")}
    blocks = set()
    for name in names:
        q = named_query(name)
        assert [(p.name, p.type, p.optional) for p in q.params] == [
            ("from", "date", True),
            ("to", "date", True),
            ("spokesperson", "string", True),
            ("outlet", "string", True),
            ("topic", "string", True),
            ("country", "string", True),
            ("lang", "string", True),
        ], name
        start = q.sparql.index("# -- the selection every view shares")
        blocks.add(q.sparql[start : q.sparql.index("# -- end of the shared selection")])
    assert len(blocks) == 1


def _shipped() -> list[str]:
    from kg.queries import named_queries

    return list(named_queries())


def test_unknown_view_is_a_query_error(store: ox.Store) -> None:
    with pytest.raises(QueryError, match="no view"):
        view(store, "stances")
    assert set(VIEWS) == {*PROJECTIONS, "overview"}


def test_the_quotes_of_a_view_run_on_one_deep_thread_not_one_each(
    store: ox.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each quote is a query of its own (evidence-unit, evidence-position); a thread started for each cost more
    # than the query did (the overview page of the corpus: 783 of them, bench/PROFILE.md, session 10).
    started: list[str] = []
    real = threading.Thread

    class Counted(real):  # type: ignore[misc, valid-type]
        def start(self) -> None:
            started.append(self.name)
            super().start()

    monkeypatch.setattr(sparqlcheck.threading, "Thread", Counted)
    graph = overview_network(store)
    quotes = sum(len(d["quotes"]) for *_, d in graph.edges(data=True))
    # Two projections: each one thread for its own query (no view index here) and one for all its quotes.
    assert started == ["kg-query"] * 4
    assert quotes > len(started)


@pytest.mark.parametrize("evidence", ["unit", "position"])
def test_batched_quotes_are_what_each_lookup_alone_gives(store: ox.Store, evidence: str) -> None:
    # The evidence queries end in LIMIT 1: the batch (no LIMIT, a VALUES block) must pick the same row, so an IRI
    # with two rows or more is asked alone. A second label of Xinhua gives its exchanges two rows each.
    copy = ox.Store()
    copy.extend(store.quads_for_pattern(None, None, None, None))
    xinhua = ox.NamedNode(outlet("xinhua"))
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    copy.add(ox.Quad(xinhua, label, ox.Literal("Xinhua (another label)"), ox.NamedNode(f"{ID}entities")))
    lookup = _QUOTE_LOOKUPS[evidence]
    asked: list[str] = []

    def alone_too(store: ox.Store, name: str, bindings: dict[str, ox.NamedNode]) -> object:
        asked.append(bindings[lookup.param].value)
        return run_named(store, name, bindings)

    for graph in (store, copy):
        kind = "Position" if evidence == "position" else "Exchange"
        iris = [
            str(row[0].value)
            for row in graph.query(
                f"SELECT DISTINCT ?x {{ GRAPH ?g {{ ?x a pk:{kind} }} }} ORDER BY ?x", prefixes=PREFIXES
            )
        ] + [f"{ID}briefing/none/exchange/1"]
        alone = {iri: run_named(graph, lookup.query, {lookup.param: ox.NamedNode(iri)}).lexical() for iri in iris}
        expected = {iri: lookup.quote(rows[0], iri) if rows else None for iri, rows in alone.items()}
        assert len(iris) > QUOTE_BATCH // 64
        unlimited = network._UNLIMITED.sub("", named_query(lookup.query).sparql)
        assert unlimited != named_query(lookup.query).sparql
        rows = {iri: run_query(graph, bind_values(unlimited, lookup.param, [ox.NamedNode(iri)])).rows for iri in iris}
        assert any(len(found) > 1 for found in rows.values()) == (graph is copy)
        for batch in (QUOTE_BATCH, 3):
            asked.clear()
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(network, "QUOTE_BATCH", batch)
                patch.setattr(network, "run_named", alone_too)
                assert quotes_of(graph, lookup, iris) == expected
            assert asked == [iri for iri in iris if len(rows[iri]) > 1]  # LIMIT 1's pick: theirs alone
