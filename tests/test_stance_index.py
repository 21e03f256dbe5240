"""What analysts compute: each CAMEO root's Goldstein weight as data (ontology/cameo.ttl, its source named), the
net stance index per target and month and per spokesperson, and the report's first chart drawn from them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import lxml.html
import pyoxigraph as ox
import pytest
import rdflib
from viewstore import build_store

from kg.export.report import build_report
from kg.export.report_page import report_html
from kg.store import open_embedded
from kg.viewindex import read_entities
from kg.viewquery import run_named

ROOT = Path(__file__).resolve().parent.parent
CAMEO = "https://w3id.org/presskg/cameo/"
GOLDSTEIN = rdflib.URIRef("https://w3id.org/presskg/ontology#goldstein")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    return open_embedded(build_store(tmp_path_factory.mktemp("stance"))).store


def test_every_cameo_root_has_one_goldstein_weight_with_its_source() -> None:
    graph = rdflib.Graph().parse(ROOT / "ontology" / "cameo.ttl")
    weights = {str(s).removeprefix(CAMEO): o.toPython() for s, o in graph.subject_objects(GOLDSTEIN)}
    assert sorted(weights) == [f"{n:02d}" for n in range(1, 21)]
    assert all(-10 <= w <= 10 for w in weights.values())
    # the scale's landmarks: statements are neutral, appeals cooperative, demands, protests and force conflictual
    assert (weights["01"], weights["02"], weights["10"], weights["14"], weights["19"]) == (0, 3, -5, -6.5, -10)
    # every cooperative root weighs at least as much as every conflictual one, as their quad classes say
    assert min(weights[f"{n:02d}"] for n in range(2, 9)) > max(weights[f"{n:02d}"] for n in range(10, 21))
    comment = " ".join(str(o) for o in graph.objects(rdflib.URIRef(CAMEO + "scheme"), rdflib.RDFS.comment))
    assert "Goldstein" in comment and "CAMEO.SCALE" in comment


# GDELT's lookup table CAMEO.goldsteinscale.txt (https://www.gdeltproject.org/data/lookups/CAMEO.goldsteinscale.txt),
# its rows for the twenty root codes, as the lead read them on 2026-12-06.
GDELT_ROOT_WEIGHTS = {
    "01": "0.0", "02": "3.0", "03": "4.0", "04": "1.0", "05": "3.5", "06": "6.0", "07": "7.0", "08": "5.0",
    "09": "-2.0", "10": "-5.0", "11": "-2.0", "12": "-4.0", "13": "-6.0", "14": "-6.5", "15": "-7.2", "16": "-4.0",
    "17": "-7.0", "18": "-9.0", "19": "-10.0", "20": "-10.0",
}  # fmt: skip
GDELT_TABLE = "https://www.gdeltproject.org/data/lookups/CAMEO.goldsteinscale.txt"


def test_the_root_weights_are_gdelts_and_the_table_is_named_as_a_source() -> None:
    graph = rdflib.Graph().parse(ROOT / "ontology" / "cameo.ttl")
    weights = {str(s).removeprefix(CAMEO): o.toPython() for s, o in graph.subject_objects(GOLDSTEIN)}
    assert weights == {code: Decimal(w) for code, w in GDELT_ROOT_WEIGHTS.items()}
    sources = {str(o) for o in graph.objects(rdflib.URIRef(CAMEO + "scheme"), rdflib.DCTERMS.source)}
    assert GDELT_TABLE in sources and "https://parusanalytics.com/eventdata/data.dir/cameo.html" in sources


def test_the_polarities_carry_their_sign_as_a_declared_property_not_rdf_value() -> None:
    graph = rdflib.Graph().parse(ROOT / "ontology" / "cameo.ttl")
    sign = rdflib.URIRef("https://w3id.org/presskg/ontology#sign")
    signs = {str(s).removeprefix(CAMEO): o.toPython() for s, o in graph.subject_objects(sign)}
    assert signs == {"cooperation": 1, "conflict": -1}
    assert not list(graph.triples((None, rdflib.RDF.value, None)))
    declared = rdflib.Graph().parse(ROOT / "ontology" / "presskg.ttl")
    assert (sign, rdflib.RDF.type, rdflib.OWL.DatatypeProperty) in declared
    import pyshacl

    shapes = rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl")
    assert pyshacl.validate(graph, shacl_graph=shapes, inference="none")[0]
    graph.set((rdflib.URIRef(CAMEO + "conflict"), sign, rdflib.Literal(2)))
    assert not pyshacl.validate(graph, shacl_graph=shapes, inference="none")[0]


def test_the_shapes_refuse_a_weight_off_the_scale() -> None:
    import pyshacl

    shapes = rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl")
    data = rdflib.Graph().parse(ROOT / "ontology" / "cameo.ttl")
    assert pyshacl.validate(data, shacl_graph=shapes, inference="none")[0]
    data.set((rdflib.URIRef(CAMEO + "14"), GOLDSTEIN, rdflib.Literal(Decimal("-12.0"))))
    assert not pyshacl.validate(data, shacl_graph=shapes, inference="none")[0]


def test_each_act_carries_its_roots_weight(store: ox.Store) -> None:
    weights = read_entities(store).goldstein
    act = "https://w3id.org/presskg/id/act/"
    assert weights[act + "criticize"] == Decimal("-2.0")  # cameo:111, root 11 disapprove
    assert weights[act + "warn"] == Decimal("-6.0")  # cameo:130, root 13 threaten
    assert weights[act + "cooperate"] == Decimal("4.0")  # cameo:030, root 03 express intent to cooperate
    assert weights[act + "no_comment"] == Decimal("0.0")  # cameo:011, root 01 make public statement


def test_net_stance_index_by_month_is_the_sum_of_weights(store: ox.Store) -> None:
    """Worked from the fixture's positions: the sum of their acts' weights, positions without a target country
    not counted; by spokesperson the same positions split by who held the briefing."""
    weights = read_entities(store).goldstein
    stance = run_named(store, "view-stance").values()
    expected: dict[str, tuple[int, Decimal]] = {}
    for row in stance:
        if row["targetType"] == "https://w3id.org/presskg/ontology#Country":
            n, s = expected.get(str(row["target"]), (0, Decimal(0)))
            expected[str(row["target"])] = (n + int(row["weight"] or 0),
                                            s + int(row["weight"] or 0) * weights[str(row["act"])])  # fmt: skip
    by_month: dict[str, tuple[int, Decimal]] = {}
    for row in run_named(store, "report-stance-index-by-month").values():
        n, s = by_month.get(str(row["target"]), (0, Decimal(0)))
        by_month[str(row["target"])] = (n + int(row["positions"] or 0), s + Decimal(str(row["stance"])))
    assert by_month == expected and expected
    usa = "https://w3id.org/presskg/id/country/USA"
    assert by_month[usa][1] < 0  # the fixture's positions toward the US are criticisms, demands and warnings
    speakers: dict[str, tuple[int, Decimal]] = {}
    for row in run_named(store, "report-stance-index-by-spokesperson").values():
        n, s = speakers.get(str(row["target"]), (0, Decimal(0)))
        speakers[str(row["target"])] = (n + int(row["positions"] or 0), s + Decimal(str(row["stance"])))
    assert speakers == expected


def test_the_reports_first_chart_is_the_stance_index(store: ox.Store) -> None:
    sections = build_report(store)
    first = sections[0]
    assert first.key == "stance" and first.svg is not None
    assert [run.name for run in first.runs] == ["report-stance-index-by-month", "report-most-targeted-countries"]
    assert first.lines and all("report-stance-index-by-month whose target is https://" in line for line in first.lines)
    doc = lxml.html.fromstring(report_html(sections))
    assert doc.xpath("//section")[0].get("id") == "stance"
    assert len(doc.xpath('//section[@id="stance"]/ul[@class="lines"]/li')) == len(first.lines)
