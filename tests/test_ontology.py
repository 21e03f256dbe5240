"""The ontology defines exactly the vocabulary's terms, and nothing in the code uses a pk: term it lacks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.namespace import PK, PK_IRI

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
VOCABULARY = ROOT.parent / "shared" / "spec" / "vocabulary.md"
TERM = re.compile(r"""(?:\bpk:|\bPK\.|\bpk\(["'])([A-Za-z][A-Za-z0-9_]*)""")


def defined_terms() -> dict[str, set[rdflib.URIRef]]:
    graph = rdflib.Graph().parse(ONTOLOGY / "presskg.ttl")
    out: dict[str, set[rdflib.URIRef]] = {}
    for s, _, o in graph.triples((None, RDF.type, None)):
        if isinstance(s, rdflib.URIRef) and str(s).startswith(PK_IRI):
            out.setdefault(str(s)[len(PK_IRI) :], set()).add(o)  # type: ignore[arg-type]
    return out


def test_every_term_is_labelled_and_commented() -> None:
    graph = rdflib.Graph().parse(ONTOLOGY / "presskg.ttl")
    for term in defined_terms():
        iri = rdflib.URIRef(PK_IRI + term)
        assert graph.value(iri, RDFS.label), f"pk:{term} has no rdfs:label"
        if (iri, RDF.type, SKOS.ConceptScheme) not in graph:
            assert graph.value(iri, RDFS.comment), f"pk:{term} has no rdfs:comment"


def test_properties_have_domains_and_ranges_and_classes_link_upward() -> None:
    graph = rdflib.Graph().parse(ONTOLOGY / "presskg.ttl")
    for term, types in defined_terms().items():
        iri = rdflib.URIRef(PK_IRI + term)
        if types & {OWL.ObjectProperty, OWL.DatatypeProperty}:
            assert graph.value(iri, RDFS.range) is not None, f"pk:{term} has no range"
            assert graph.value(iri, RDFS.domain) is not None, f"pk:{term} has no domain"
    for cls in ("Briefing", "Turn", "Outlet", "Country", "Place", "Organization", "Person", "Topic", "Act"):
        assert graph.value(rdflib.URIRef(PK_IRI + cls), RDFS.subClassOf) is not None


def test_namespace_class_lists_exactly_the_ontology_terms() -> None:
    members = {name for name in PK.__annotations__}
    assert members == set(defined_terms())


@pytest.mark.skipif(not VOCABULARY.exists(), reason="shared/spec/vocabulary.md is not beside this clone")
def test_every_vocabulary_term_is_defined() -> None:
    used = set(TERM.findall(VOCABULARY.read_text(encoding="utf-8")))
    missing = used - set(defined_terms())
    assert not missing, f"terms of vocabulary.md missing from ontology/presskg.ttl: {sorted(missing)}"


def test_code_and_data_use_only_defined_terms() -> None:
    defined = set(defined_terms())
    sources = [
        *ROOT.joinpath("kg").rglob("*.py"),
        *ROOT.joinpath("kg").rglob("*.rq"),
        *(p for p in ONTOLOGY.glob("*.ttl") if p.name != "presskg.ttl"),
    ]
    unknown: dict[str, set[str]] = {}
    for path in sources:
        for term in TERM.findall(path.read_text(encoding="utf-8")):
            if term not in defined:
                unknown.setdefault(term, set()).add(path.name)
    assert not unknown, f"pk: terms the ontology lacks: {unknown}"


def test_a_mistyped_term_fails() -> None:
    with pytest.raises(AttributeError):
        misspelt = "Breifing"
        getattr(PK, misspelt)
