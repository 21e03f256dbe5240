"""The graph's namespaces. ``PK`` lists exactly the terms of the public vocabulary; an unknown term fails.

>>> str(PK.Briefing)
'https://w3id.org/presskg/ontology#Briefing'
>>> getattr(PK, "Breifing")
Traceback (most recent call last):
...
AttributeError: term 'Breifing' not in namespace 'https://w3id.org/presskg/ontology#'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

PK_IRI = "https://w3id.org/presskg/ontology#"
ID_IRI = "https://w3id.org/presskg/id/"


class PK(DefinedNamespace):
    """Classes and properties of ``../shared/spec/vocabulary.md`` (a term may be added, never renamed)."""

    _NS = Namespace(PK_IRI)
    _fail = True

    # classes
    Briefing: URIRef
    SourceDocument: URIRef
    Exchange: URIRef
    Turn: URIRef
    Question: URIRef
    Answer: URIRef
    Statement: URIRef
    Outlet: URIRef
    Spokesperson: URIRef
    Country: URIRef
    Place: URIRef
    Organization: URIRef
    Person: URIRef
    Topic: URIRef
    Act: URIRef
    Position: URIRef
    # concept schemes
    Topics: URIRef
    Acts: URIRef
    # properties
    spokesperson: URIRef
    institution: URIRef
    sha256: URIRef
    inBriefing: URIRef
    ordinal: URIRef
    question: URIRef
    answer: URIRef
    askedBy: URIRef
    text: URIRef
    mentions: URIRef
    topic: URIRef
    inExchange: URIRef
    inStatement: URIRef
    act: URIRef
    holder: URIRef
    statedBy: URIRef
    target: URIRef
    about: URIRef
    intensity: URIRef
    evidence: URIRef
    start: URIRef
    end: URIRef
    rule: URIRef
    iso3: URIRef
    iso2: URIRef
    basedIn: URIRef
    # additions (allowed by the contract: added, never renamed)
    dateInferred: URIRef  # true where a briefing's year was not printed and was inferred
    serves: URIRef  # Person -> Country: the state a person serves
    cue: URIRef  # Topic, Act -> string: a cue phrase that signals it
    translationOf: URIRef  # Briefing -> Briefing, Exchange -> Exchange: the original this translates


ID = Namespace(ID_IRI)

PREFIXES: dict[str, str] = {
    "pk": PK_IRI,
    "id": ID_IRI,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SDO),
}


def sparql_prefixes() -> str:
    """The PREFIX lines every shipped query may rely on.

    >>> "PREFIX pk: <https://w3id.org/presskg/ontology#>" in sparql_prefixes()
    True
    """
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
