"""One store interface, two implementations: the embedded store ``open_store(out)`` gives and the SPARQL endpoint
``open_store(endpoint=URL)`` gives (a real Oxigraph server on 127.0.0.1) pass the same tests."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.api import build
from kg.errors import StoreError
from kg.queries import bind, named_queries
from kg.rdf import graph_iri, to_rdf
from kg.remote import RemoteStore, push_graphs
from kg.store import EmbeddedStore, GraphStore, current_generation, open_embedded, open_store, run_query
from tests.test_rdf_store import sample_extraction
from tests.test_remote import oxigraph_server  # noqa: F401 (a fixture)

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("interface")
    build([seeds_dir], out=out, exports=(), overview=False)
    return out


@pytest.fixture(params=["embedded", "remote"])
def reader(request: pytest.FixtureRequest, seeds_out: Path) -> GraphStore:
    """The seeds' store as each implementation reads it (the remote one gets every graph pushed first)."""
    if request.param == "embedded":
        return open_store(seeds_out)
    url = request.getfixturevalue("oxigraph_server")
    remote = open_store(endpoint=url)
    push_graphs(open_embedded(seeds_out).store, remote)
    return remote


@pytest.fixture(params=["embedded", "remote"])
def writable(request: pytest.FixtureRequest) -> GraphStore:
    """An empty store of each implementation that takes writes."""
    if request.param == "embedded":
        return EmbeddedStore(ox.Store())
    return open_store(endpoint=request.getfixturevalue("oxigraph_server"))


Rows = list[tuple[tuple[str, str | None], ...]]


def _answers(store: GraphStore, name: str, params: dict[str, str]) -> tuple[Rows, Rows]:
    """The named query's answer through ``named``, and its SPARQL's answer through ``query``, as comparable rows:
    sorted (the view index need not give them in the SPARQL's order), a view's GROUP_CONCAT evidence as its sorted
    items (SPARQL leaves their order open)."""
    query = named_queries()[name]
    bindings = bind(query, {p.name: params[p.name] for p in query.params if not p.optional})

    def comparable(rows: list[dict[str, str | None]]) -> Rows:
        cells = (
            {k: " ".join(sorted(v.split(" "))) if k == "evidence" and v else v for k, v in r.items()} for r in rows
        )
        return sorted(tuple(sorted(row.items())) for row in cells)

    return comparable(store.named(name, bindings).values()), comparable(
        store.query(query.sparql, bindings=bindings).values()
    )


def test_query_answers_sparql_over_the_union_of_the_graphs(reader: GraphStore, seeds_out: Path) -> None:
    expected = run_query(open_embedded(seeds_out).store, COUNT).values()
    assert reader.query(COUNT).values() == expected
    assert int(expected[0]["n"] or 0) > 5000
    assert reader.query("ASK { ?b a pk:Briefing }").boolean is True
    assert reader.query("SELECT ?b WHERE { ?b a pk:Briefing }", limit=1).rows.__len__() == 1
    bound = reader.query("SELECT ?b WHERE { ?b a ?c }", bindings={"c": ox.NamedNode("https://example.org/none")})
    assert bound.rows == ()


def test_every_named_query_answers_as_its_sparql_does(reader: GraphStore, seeds_out: Path) -> None:
    raw = open_embedded(seeds_out).store
    unit = run_query(raw, "SELECT ?u WHERE { ?u pk:question ?q } ORDER BY ?u LIMIT 1").values()[0]["u"]
    position = run_query(raw, "SELECT ?p WHERE { ?p pk:evidence ?e } ORDER BY ?p LIMIT 1").values()[0]["p"]
    assert unit and position
    params = {"outlet": "Bloomberg", "unit": unit, "position": position, "first": "CHN", "second": "USA"}
    # The seeds are one government's, in one language: the queries comparing two find nothing there.
    two_sided = {"compare-positions", "translation-position-disagreements"}
    for name in named_queries():
        named, sparql = _answers(reader, name, params)
        assert named == sparql, name
        assert bool(named) != (name in two_sided), f"{name} on the seeds"
    top = reader.named("exchanges-per-outlet", limit=1).values()
    assert [(row["label"], row["exchanges"]) for row in top] == [("Bloomberg", 5)]


def test_generation_and_reopen(reader: GraphStore, seeds_out: Path) -> None:
    again = reader.reopen()
    assert again.query(COUNT).values() == reader.query(COUNT).values()
    assert again.generation == reader.generation
    if isinstance(reader, EmbeddedStore):
        assert reader.generation == current_generation(seeds_out)
        assert isinstance(again, EmbeddedStore) and again.store is not reader.store
    else:
        assert isinstance(reader, RemoteStore) and reader.generation is None and again == reader


def test_reopen_reads_the_same_generation_after_a_new_build(tmp_path: Path, seeds_dir: Path) -> None:
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    build([seed], out=tmp_path, exports=(), overview=False)
    first = open_store(tmp_path)
    before = first.query(COUNT).values()
    build([seeds_dir], out=tmp_path, exports=(), overview=False)
    assert first.reopen().generation == first.generation != current_generation(tmp_path)
    assert first.reopen().query(COUNT).values() == before
    assert open_store(tmp_path).query(COUNT).values() != before


def test_graphs_are_replaced_and_dropped_one_by_one(writable: GraphStore) -> None:
    for key in ("b1", "b2"):
        writable.replace_graph(graph_iri(key), to_rdf(sample_extraction(key)))
    assert writable.graph_names() == {graph_iri("b1").value, graph_iri("b2").value}
    writable.replace_graph(graph_iri("b1"), to_rdf(sample_extraction("b1"))[:4])
    in_b1 = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert writable.query(in_b1, bindings={"g": graph_iri("b1")}).values() == [{"n": 4}]
    writable.drop_graph(graph_iri("b1"))
    writable.drop_graph(graph_iri("b1"))  # dropping what is not there is not an error
    assert writable.graph_names() == {graph_iri("b2").value}


def test_open_store_says_what_to_do_without_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="E301"):
        open_store(tmp_path)
    assert isinstance(open_store(endpoint="http://127.0.0.1:9"), RemoteStore)
