"""Outlet types and home countries (ontology/outlets.ttl, ontology/outlet-types.ttl): every gazetteer outlet has
exactly one of each, the shapes say so, the graph carries them, and the report queries group by them."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from viewstore import build_store

from kg.gazetteer import load_gazetteer
from kg.store import open_embedded
from kg.types import EntityKind
from kg.viewindex import read_entities
from kg.viewquery import run_named

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
PK = rdflib.Namespace("https://w3id.org/presskg/ontology#")
OT = "https://w3id.org/presskg/id/outlet-type/"
OUTLET = "https://w3id.org/presskg/id/outlet/"


def _gazetteer(outlets: str | None = None) -> rdflib.Graph:
    """The gazetteer with the outlet types, and its home countries described as the graph describes them."""
    graph = rdflib.Graph().parse(ONTOLOGY / "outlet-types.ttl")
    graph.parse(data=outlets or (ONTOLOGY / "outlets.ttl").read_text(encoding="utf-8"), format="turtle")
    for country in set(graph.objects(None, PK.basedIn)):
        graph.add((country, rdflib.RDF.type, PK.Country))
        graph.add((country, rdflib.RDFS.label, rdflib.Literal(str(country)[-3:])))
        graph.add((country, PK.iso3, rdflib.Literal(str(country)[-3:])))
    return graph


def _conforms(graph: rdflib.Graph) -> tuple[bool, str]:
    shapes = rdflib.Graph().parse(ONTOLOGY / "shapes.ttl")
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True)
    return bool(conforms), str(text)


def test_every_gazetteer_outlet_has_one_type_and_one_country_and_conforms() -> None:
    graph = _gazetteer()
    conforms, text = _conforms(graph)
    assert conforms, text[:2000]
    outlets = set(graph.subjects(rdflib.RDF.type, PK.Outlet))
    assert len(outlets) > 100
    for outlet in outlets:
        assert len(list(graph.objects(outlet, PK.outletType))) == 1, outlet
        assert len(list(graph.objects(outlet, PK.basedIn))) == 1, outlet
    used = Counter(str(o).removeprefix(OT) for o in graph.objects(None, PK.outletType))
    assert "unlisted" not in used  # the graph's mark for outlets the gazetteer lacks, never given in it
    assert set(used) == {"state-media", "wire-service", "newspaper", "broadcaster", "magazine-online"}


@pytest.mark.parametrize(
    ("key", "kind", "country"),
    [("xinhua", "state-media", "CHN"), ("reuters", "wire-service", "GBR"), ("afp", "wire-service", "FRA"),
     ("bloomberg", "wire-service", "USA"), ("tass", "state-media", "RUS"), ("bbc", "broadcaster", "GBR"),
     ("new-york-times", "newspaper", "USA"), ("the-economist", "magazine-online", "GBR")],
)  # fmt: skip
def test_the_gazetteer_reads_types_and_countries(key: str, kind: str, country: str) -> None:
    outlet = load_gazetteer(EntityKind.OUTLET)[key]
    assert (outlet.outlet_type, outlet.country) == (kind, country)


BROKEN = {
    "no type": ("    pk:outletType ot:wire-service ;\n    pk:basedIn country:GBR", "    pk:basedIn country:GBR"),
    "two types": ("pk:outletType ot:wire-service ;\n    pk:basedIn country:GBR",
                  "pk:outletType ot:wire-service, ot:newspaper ;\n    pk:basedIn country:GBR"),
    "no country": ("    pk:outletType ot:state-media ;\n    pk:basedIn country:CHN .",
                   "    pk:outletType ot:state-media ."),
    "two countries": ("pk:basedIn country:FRA", "pk:basedIn country:FRA, country:BEL"),
    "a type outside the scheme": ("pk:outletType ot:wire-service", "pk:outletType ot:blog"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_shapes_refuse_an_outlet_without_exactly_one_type_and_country(name: str) -> None:
    old, new = BROKEN[name]
    text = (ONTOLOGY / "outlets.ttl").read_text(encoding="utf-8")
    assert old in text, "the text to break is gone: update this test with the gazetteer"
    conforms, _ = _conforms(_gazetteer(text.replace(old, new, 1)))
    assert not conforms


def test_an_unlisted_outlet_may_lack_a_country_but_not_a_type() -> None:
    extra = '\noutlet:nowhere a pk:Outlet ; rdfs:label "Nowhere News" ; pk:outletType ot:unlisted .\n'
    text = (ONTOLOGY / "outlets.ttl").read_text(encoding="utf-8")
    assert _conforms(_gazetteer(text + extra))[0]
    assert not _conforms(_gazetteer(text + extra.replace(" ; pk:outletType ot:unlisted", "")))[0]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    return open_embedded(build_store(tmp_path_factory.mktemp("outlet-types"))).store


def test_the_graph_links_an_exchanges_outlet_to_its_type(store: ox.Store) -> None:
    found = {
        (str(s["outlet"].value).removeprefix(OUTLET), str(s["type"].value).removeprefix(OT), s["label"].value)
        for s in store.query(
            "SELECT ?outlet ?type ?label WHERE { ?e <https://w3id.org/presskg/ontology#askedBy> ?outlet . "
            "?outlet <https://w3id.org/presskg/ontology#outletType> ?type . "
            "?type <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
            use_default_graph_as_union=True,
        )
    }
    assert ("reuters", "wire-service", "wire service") in found
    assert ("xinhua", "state-media", "state media") in found
    assert ("mena", "unlisted", "not in the gazetteer") in found  # the fixture gives MENA no type


_POSITIONS = """
SELECT ?position ?type ?target ?date ?act WHERE {
  ?position pk:inExchange ?unit ; pk:target ?target ; pk:act ?act .
  ?target a pk:Country .
  ?unit pk:askedBy ?outlet ; pk:inBriefing ?briefing .
  ?outlet pk:outletType ?type .
  ?briefing dcterms:date ?date .
}"""


def test_stance_index_by_outlet_type_is_the_sum_of_weights(store: ox.Store) -> None:
    """Worked from the positions one by one: each outlet type's net stance toward a country in a month."""
    weights = read_entities(store).goldstein
    prefixes = {"pk": str(PK), "dcterms": "http://purl.org/dc/terms/"}
    expected: dict[tuple[str, str, str], tuple[int, Decimal]] = {}
    for s in store.query(_POSITIONS, prefixes=prefixes, use_default_graph_as_union=True):
        weight = weights.get(s["act"].value)
        if weight is not None:
            key = (s["type"].value, s["target"].value, s["date"].value[:7])
            n, total = expected.get(key, (0, Decimal(0)))
            expected[key] = (n + 1, total + weight)
    rows = run_named(store, "report-stance-index-by-outlet-type").values()
    got = {
        (str(r["outletType"]), str(r["target"]), str(r["month"])): (int(r["positions"] or 0), Decimal(str(r["stance"])))
        for r in rows
    }
    assert got == expected and expected
    usa = "https://w3id.org/presskg/id/country/USA"
    assert got[(OT + "wire-service", usa, "2021-12")] == (4, Decimal("-19"))
    assert {str(r["outletTypeLabel"]) for r in rows} >= {"wire service", "state media"}


def test_topics_by_outlet_type_add_up_the_outlets_topic_mix(store: ox.Store) -> None:
    types = read_entities(store).outlet_types
    expected: Counter[tuple[str, str]] = Counter()
    for row in run_named(store, "report-topic-mix-per-outlet").values():
        expected[(types[str(row["outletNode"])], str(row["topicNode"]))] += int(row["exchanges"] or 0)
    got = {(str(r["outletType"]), str(r["topicNode"])): int(r["exchanges"] or 0)
           for r in run_named(store, "report-topics-by-outlet-type").values()}  # fmt: skip
    assert got == dict(expected) and len(got) > 5


def test_the_report_shows_topics_and_stance_by_outlet_type(store: ox.Store) -> None:
    from kg.export.report import build_report
    from kg.export.report_page import report_html

    sections = {s.key: s for s in build_report(store)}
    mix, stance = sections["outlet-types"], sections["stance-by-outlet-type"]
    assert mix.svg is not None and stance.svg is not None
    assert [r.name for r in mix.runs] == ["report-topics-by-outlet-type", "report-exchanges-by-month"]
    assert [r.name for r in stance.runs] == ["report-stance-index-by-outlet-type"]
    # the population and period: the fixture has 11 exchanges naming their outlet of 12 dated ones
    assert mix.population.startswith("Counts the 11 of 12 dated exchanges whose question names the outlet")
    rows = stance.runs[0].rows
    counted = sum(int(r["positions"] or 0) for r in rows if r["target"] in {r2["target"] for r2 in rows})
    assert f"Counts the {counted:,} positions toward these" in stance.population
    assert "2020-05 to 2021-12" in stance.population
    kinds = sorted({str(r["outletTypeLabel"]) for r in rows})
    assert [line.split(" (")[0] for line in stance.lines] == kinds
    assert all("report-stance-index-by-outlet-type whose outletType is https://" in line for line in stance.lines)
    page = report_html(list(sections.values()))
    assert "kg query --name report-stance-index-by-outlet-type --format csv" in page
    assert "kg query --name report-topics-by-outlet-type --format csv" in page
