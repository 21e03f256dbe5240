"""What a store knows of the values a filter may name, read by SPARQL: how a remote endpoint is checked for
unknown filter values (E450, ``kg.views.filter.check_known``) as an embedded store is from its view index.

One query reads the names, notations and ISO codes of the spokespersons, outlets, topics and countries; the
result is an :class:`kg.viewindex.Entities` holding only those, so the filters' own ``known`` functions read it.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from kg.namespace import PK, RDF_TYPE, RDFS, SKOS
from kg.store import GraphStore
from kg.viewindex import Entities, entities_of_props

KNOWN_VALUES = f"""SELECT DISTINCT ?s ?type ?p ?o WHERE {{
  VALUES ?type {{ <{PK.Spokesperson}> <{PK.Outlet}> <{PK.Topic}> <{PK.Country}> }}
  VALUES ?p {{ <{RDFS}label> <{SKOS}altLabel> <{SKOS}notation> <{PK.iso3}> }}
  ?s a ?type ; ?p ?o .
}}"""


def known_entities(store: GraphStore) -> Entities:
    """The names (label, alternative labels), notations and ISO 3166-1 alpha-3 codes of the entities filters
    name, as the view index's :class:`Entities` holds them (no Goldstein weights, CAMEO codes or outlet types)."""
    props: dict[str, dict[str, list[ox.NamedNode | ox.Literal]]] = defaultdict(lambda: defaultdict(list))
    for s, kind, p, o in store.query(KNOWN_VALUES).rows:
        if isinstance(s, ox.NamedNode) and isinstance(kind, ox.NamedNode) and isinstance(o, ox.Literal):
            if kind not in props[s.value][RDF_TYPE]:
                props[s.value][RDF_TYPE].append(kind)
            if isinstance(p, ox.NamedNode):
                props[s.value][p.value].append(o)
    return entities_of_props(props)
