"""What a store knows of the values a filter may name, read by SPARQL: how a remote endpoint is checked for
unknown filter values (E450, ``kg.views.filter.check_known``) as an embedded store is from its view index.

One query reads the names, notations and ISO codes of the spokespersons, outlets, topics and countries; the
result is an :class:`kg.viewindex.Entities` holding only those, so the filters' own ``known`` functions read it.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from kg.namespace import PK, RDFS, SKOS
from kg.store import GraphStore
from kg.viewindex import Entities

KNOWN_VALUES = f"""SELECT DISTINCT ?s ?type ?p ?o WHERE {{
  VALUES ?type {{ <{PK.Spokesperson}> <{PK.Outlet}> <{PK.Topic}> <{PK.Country}> }}
  VALUES ?p {{ <{RDFS}label> <{SKOS}altLabel> <{SKOS}notation> <{PK.iso3}> }}
  ?s a ?type ; ?p ?o .
}}"""


def known_entities(store: GraphStore) -> Entities:
    """The names (label, alternative labels), notations and ISO 3166-1 alpha-3 codes of the entities filters
    name, as the view index's :class:`Entities` holds them (the rest left empty)."""
    labels: dict[str, ox.Literal] = {}
    names: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    notations: dict[str, ox.Literal] = {}
    iso3: dict[str, set[str]] = defaultdict(set)
    for s, kind, p, o in store.query(KNOWN_VALUES).rows:
        if not (isinstance(s, ox.NamedNode) and isinstance(kind, ox.NamedNode) and isinstance(o, ox.Literal)):
            continue
        iri, prop = s.value, str(p.value) if isinstance(p, ox.NamedNode) else ""
        types[iri].add(kind.value)
        if prop == RDFS + "label":
            labels[iri] = min(labels.get(iri, o), o, key=str)
            names[iri].add(o.value.lower())
        elif prop == SKOS + "altLabel":
            names[iri].add(o.value.lower())
        elif prop == SKOS + "notation":
            notations[iri] = min(notations.get(iri, o), o, key=str)
        elif prop == PK.iso3:
            iso3[iri].add(o.value.upper())
    instances: dict[str, set[str]] = defaultdict(set)
    for iri, found in types.items():
        for t in found:
            instances[t].add(iri)
    return Entities(
        labels=labels,
        names={iri: frozenset(v) for iri, v in names.items()},
        named={},
        types={iri: frozenset(v) for iri, v in types.items()},
        notations=notations,
        iso3={iri: frozenset(v) for iri, v in iso3.items()},
        serves=frozenset(),
        cameo={},
        instances={t: frozenset(v) for t, v in instances.items()},
    )
