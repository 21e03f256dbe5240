"""The graph's namespaces and the keys minted in them. ``PK`` lists exactly the terms of the public vocabulary
(``ontology/presskg.ttl``, checked by ``tests/test_ontology.py``); an unknown term fails rather than minting an IRI.

Terms are plain strings, so this module needs no RDF library: rdflib is imported only where rdflib is used.

>>> PK.Briefing
'https://w3id.org/presskg/ontology#Briefing'
>>> PK["holder"] == PK.holder, "Breifing" in PK
(True, False)
>>> getattr(PK, "Breifing")
Traceback (most recent call last):
...
AttributeError: term 'Breifing' not in namespace 'https://w3id.org/presskg/ontology#'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

PK_IRI = "https://w3id.org/presskg/ontology#"
ID_IRI = "https://w3id.org/presskg/id/"
CAMEO = "https://w3id.org/presskg/cameo/"  # the CAMEO event codes (ontology/cameo.ttl)
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SDO = "https://schema.org/"

RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"
SKOS_ALT_LABEL = SKOS + "altLabel"
SKOS_PREF_LABEL = SKOS + "prefLabel"
SKOS_NOTATION = SKOS + "notation"
OWL_SAME_AS = OWL + "sameAs"
DCTERMS_RELATION = DCTERMS + "relation"


class _Terms(type):
    """A class whose annotated names are the namespace's terms, each the string of its IRI (like rdflib's
    ``DefinedNamespace`` with ``_fail = True``, without importing rdflib)."""

    _NS: str

    def __new__(mcs, name: str, bases: tuple[type, ...], body: dict[str, object]) -> _Terms:
        cls = super().__new__(mcs, name, bases, body)
        for term in cast(dict[str, object], body.get("__annotations__", {})):
            if not term.startswith("_"):
                setattr(cls, term, cls._NS + term)
        return cls

    if not TYPE_CHECKING:  # so that mypy, too, rejects an unknown term

        def __getattr__(cls, name: str) -> str:
            raise AttributeError(f"term {name!r} not in namespace {cls._NS!r}")

    def __getitem__(cls, name: str) -> str:
        """A term by a name known only at run time; an unknown name fails as an attribute does."""
        if name.startswith("_") or name not in cls.__annotations__:
            raise AttributeError(f"term {name!r} not in namespace {cls._NS!r}")
        return cls._NS + name

    def __contains__(cls, name: object) -> bool:
        return isinstance(name, str) and not name.startswith("_") and name in cls.__annotations__

    def __iter__(cls) -> Iterator[str]:
        return (name for name in cls.__annotations__ if not name.startswith("_"))


class PK(metaclass=_Terms):
    """Classes and properties of ``../shared/spec/vocabulary.md`` (a term may be added, never renamed)."""

    _NS = PK_IRI

    # classes
    Briefing: str
    SourceDocument: str
    Exchange: str
    Turn: str
    Question: str
    Answer: str
    Statement: str
    Outlet: str
    Spokesperson: str
    Country: str
    Place: str
    Organization: str
    Person: str
    Topic: str
    Act: str
    Position: str
    Link: str
    # concept schemes
    Topics: str
    Acts: str
    # properties
    spokesperson: str
    institution: str
    sha256: str
    inBriefing: str
    ordinal: str
    question: str
    answer: str
    askedBy: str
    text: str
    mentions: str
    topic: str
    inExchange: str
    inStatement: str
    act: str
    holder: str
    statedBy: str
    target: str
    about: str
    intensity: str
    evidence: str
    start: str
    end: str
    rule: str
    iso3: str
    iso2: str
    basedIn: str
    # additions (allowed by the contract: added, never renamed)
    dateInferred: str  # true where a briefing's year was not printed and was inferred
    serves: str  # Person -> Country: the state a person serves
    speaker: str  # Turn -> Person or Spokesperson: the named official who speaks it
    turnOrder: str  # Turn -> integer: its place among its exchange's turns, where there are more than two
    cue: str  # Topic, Act -> string: a cue phrase that signals it
    soleTopicMinScore: str  # the topic scheme -> xsd:decimal: the least score of a unit's sole topic
    soleTopicLead: str  # the topic scheme -> xsd:decimal: the share of it the runner-up must stay below
    strongCueWeight: str  # the topic scheme -> xsd:decimal: the weight of a strong cue ("!phrase")
    ordinaryCueWeight: str  # the topic scheme -> xsd:decimal: the weight of an ordinary cue
    weakCueWeight: str  # the topic scheme -> xsd:decimal: the weight of a weak cue ("~phrase")
    namingEntityWeight: str  # the topic scheme -> xsd:decimal: a topic scoring setting (ontology/presskg.ttl)
    relatedEntityWeight: str  # the topic scheme -> xsd:decimal: a topic scoring setting (ontology/presskg.ttl)
    questionFactor: str  # the topic scheme -> xsd:decimal: the factor of a hit in the question, which names the subject
    firstSentenceFactor: (
        str  # the topic scheme -> xsd:decimal: the factor of a hit in the first sentence of an answer or statement
    )
    tailDecay: str  # the topic scheme -> xsd:decimal: a topic scoring setting (ontology/presskg.ttl)
    tailFloor: str  # the topic scheme -> xsd:decimal: the least factor of a hit in a late sentence
    repeatDecay: str  # the topic scheme -> xsd:decimal: a topic scoring setting (ontology/presskg.ttl)
    topicMinScore: str  # the topic scheme -> xsd:decimal: the least score of a topic a unit takes
    topicMinShare: str  # the topic scheme -> xsd:decimal: a topic scoring setting (ontology/presskg.ttl)
    topicShareCap: str  # the topic scheme -> xsd:decimal: past this best score, the share bar no longer rises
    answerOnlyMinScore: str  # the topic scheme -> xsd:decimal: a topic scoring setting (ontology/presskg.ttl)
    maxTopics: str  # the topic scheme -> xsd:integer: the most topics a unit takes
    followUpMaxWords: str  # the topic scheme -> xsd:integer: a topic scoring setting (ontology/presskg.ttl)
    targetInferred: str  # Position -> true where the target is inferred from the exchange, not named
    targetRule: str  # Position -> the rule that inferred the target
    ActCue: str  # a cue of an act: pk:rule, pk:frame, pk:polarity, pk:targetPolicy, pk:pattern
    PatternFragment: str  # a named pattern shared by act cues: rdfs:label, pk:pattern
    actCue: str  # Act -> ActCue
    fragment: str  # the act scheme -> PatternFragment
    targetFragment: str  # the act scheme -> PatternFragment the target resolver reads (ontology/targets.ttl)
    frame: str  # ActCue -> who must be saying it
    polarity: str  # ActCue -> pos, neg or any
    targetPolicy: str  # ActCue -> how the act's target is found
    organisationTarget: str  # Act -> "named" or "inferred": may an unnamed organisation be its target
    groupName: str  # Organization -> a name of the group of states it stands for as a party (groups.ttl)
    actsFor: str  # Organization -> Organization: the one an organ acts for as a party (groups.ttl)
    accusesDoer: str  # Act -> true: aimed at a doer, never at the place where it happened
    answersQuestion: str  # Act -> true: naming no one, aimed at the state the question is about
    sharesPurpose: str  # Act -> true: the infinitive of purpose after it is the speaker's act too
    bilateralPartner: str  # Act -> true: naming no one in a sentence on the relation, aimed at the question's partner
    partiesFromQuestion: str  # Act -> false: its "all parties" are not the states the question names
    titledPersonState: str  # Act -> true: an object a titled person owns, naming no actor, is the question's state's
    pattern: str  # ActCue, PatternFragment -> a regular expression
    translationOf: str  # Briefing -> Briefing, Exchange -> Exchange: the original this translates
    goldstein: str  # CAMEO root code -> xsd:decimal: its Goldstein conflict-cooperation weight
    outletType: str  # Outlet -> a concept of pk:OutletTypes (ontology/outlet-types.ttl)
    OutletTypes: str  # the concept scheme of outlet types
    sign: str  # a CAMEO polarity -> xsd:integer: 1 cooperative, -1 conflictual


PREFIXES: dict[str, str] = {
    "pk": PK_IRI,
    "id": ID_IRI,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "schema": SDO,
}


def sparql_prefixes() -> str:
    """The PREFIX lines every shipped query may rely on.

    >>> "PREFIX pk: <https://w3id.org/presskg/ontology#>" in sparql_prefixes()
    True
    """
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


_NON_SLUG = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['\u2019]")


def slug(text: str, *, join_apostrophes: bool = False) -> str:
    """A key for a name in IRIs: ASCII, lower case, words joined by hyphens ("" where nothing is left).

    With ``join_apostrophes`` an apostrophe joins the letters around it, as outlet keys are written.

    >>> slug("Côte d'Ivoire"), slug("Xi'an"), slug("Moon Jae-in"), slug("Türkiye's TRT")
    ('cote-d-ivoire', 'xi-an', 'moon-jae-in', 'turkiye-s-trt')
    >>> slug("People\u2019s Daily", join_apostrophes=True), slug("?!")
    ('peoples-daily', '')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    if join_apostrophes:
        ascii_text = _APOSTROPHES.sub("", ascii_text)
    return _NON_SLUG.sub("-", ascii_text).strip("-")
