"""Every IRI presskg mints, from stable keys, in one place: the same input gives the same IRIs. Graphs (one per
briefing, and the ontology, entities and alignment graphs), briefings and their sources, exchanges, statements and
turns, entities, spokespersons, outlet types, topics and acts; ``pk`` checks a term of the vocabulary. ``kg.rdf``
writes the triples with them (and re-exports them).

>>> briefing_iri("t1558711").value
'https://w3id.org/presskg/id/briefing/t1558711'
>>> entity_iri(EntityKind.COUNTRY, "USA").value
'https://w3id.org/presskg/id/country/USA'
>>> unit_iri("b1", "s2")
'https://w3id.org/presskg/id/briefing/b1/statement/2'
"""

from __future__ import annotations

import re
from functools import cache

import pyoxigraph as ox

from kg.namespace import ID_IRI, PK, slug
from kg.types import EntityKind, Turn

ONTOLOGY_GRAPH = ox.NamedNode(ID_IRI + "graph/ontology")
ENTITIES_GRAPH = ox.NamedNode(ID_IRI + "graph/entities")
ALIGNMENT_GRAPH = ox.NamedNode(ID_IRI + "graph/alignment")  # English briefings and exchanges -> their originals

ENTITY_PATH: dict[EntityKind, str] = {
    EntityKind.COUNTRY: "country",
    EntityKind.PLACE: "place",
    EntityKind.ORGANIZATION: "org",
    EntityKind.PERSON: "person",
    EntityKind.OUTLET: "outlet",
}


def pk(term: str) -> ox.NamedNode:
    return _pk(term)


@cache
def _pk(term: str) -> ox.NamedNode:
    return ox.NamedNode(PK[term])  # an unknown term fails here rather than minting a new IRI


def graph_iri(briefing_key: str) -> ox.NamedNode:
    return ox.NamedNode(graph_str(briefing_key))


def briefing_iri(briefing_key: str) -> ox.NamedNode:
    return ox.NamedNode(briefing_str(briefing_key))


def entity_iri(kind: EntityKind, key: str) -> ox.NamedNode:
    return ox.NamedNode(entity_str(kind, key))


# The IRIs of a briefing's graph, as strings.


def graph_str(briefing_key: str) -> str:
    return f"{ID_IRI}graph/{briefing_key}"


def briefing_str(briefing_key: str) -> str:
    return f"{ID_IRI}briefing/{briefing_key}"


def entity_str(kind: EntityKind, key: str) -> str:
    return f"{ID_IRI}{ENTITY_PATH[kind]}/{key}"


def source_iri(briefing_key: str) -> str:
    return f"{ID_IRI}source/{briefing_key}"


def exchange_iri(briefing_key: str, ordinal: int) -> str:
    return f"{ID_IRI}briefing/{briefing_key}/exchange/{ordinal}"


def statement_iri(briefing_key: str, ordinal: int) -> str:
    return f"{ID_IRI}briefing/{briefing_key}/statement/{ordinal}"


def unit_iri(briefing_key: str, unit: str) -> str:
    """The exchange (``e3``) or statement (``s1``) a unit id names."""
    ordinal = int(unit[1:])
    return exchange_iri(briefing_key, ordinal) if unit[0] == "e" else statement_iri(briefing_key, ordinal)


def turn_iri(briefing_key: str, turn: Turn | str) -> str:
    """A turn's node from its key: ``e3q`` -> ``.../exchange/3/question``, a later part ``e3a2`` -> ``.../answer/2``.

    >>> turn_iri("b1", "e3a2")
    'https://w3id.org/presskg/id/briefing/b1/exchange/3/answer/2'
    """
    key = turn.key if isinstance(turn, Turn) else turn
    if key.startswith("s"):
        return statement_iri(briefing_key, int(key[1:]))
    m = _TURN_KEY.fullmatch(key)
    if m is None:
        raise ValueError(f"not a turn key: {key!r}")
    role = "question" if m.group(2) == "q" else "answer"
    part = f"/{m.group(3)}" if m.group(3) else ""
    return f"{ID_IRI}briefing/{briefing_key}/exchange/{m.group(1)}/{role}{part}"


_TURN_KEY = re.compile(r"e(\d+)([qa])(\d*)")


def spokesperson_iri(name: str) -> str:
    return f"{ID_IRI}spokesperson/{slug(name) or 'unnamed'}"


def outlet_type_iri(key: str) -> str:
    return f"{ID_IRI}outlet-type/{key}"


def topic_iri(notation: str) -> str:
    return f"{ID_IRI}topic/{notation}"


def act_iri(notation: str) -> str:
    return f"{ID_IRI}act/{notation}"
