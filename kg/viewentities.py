"""What the entities and ontology graphs say about the IRIs the view and report queries name (``Entities``): labels,
names, types, ISO codes, what outlets serve, outlet types, and each act's CAMEO code, quad class, sign and Goldstein
weight. Read from a store (``read_entities``) or from an endpoint's answer (``entities_of_props``); the view index
(``kg.viewindex``) holds them beside its units.

>>> act, code = "https://x/act", CAMEO + "110"
>>> props = {act: {SKOS + "closeMatch": [ox.NamedNode(code)]}, CAMEO + "11": {PK.goldstein: [ox.Literal("-2.0")]}}
>>> goldstein_weights(props)
{'https://x/act': Decimal('-2.0')}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from kg.namespace import CAMEO, PK, RDF_TYPE, RDFS, SKOS
from kg.rdf import ENTITIES_GRAPH, ONTOLOGY_GRAPH

_TYPE = RDF_TYPE


@dataclass(frozen=True, slots=True)
class Entities:
    """What the entities and ontology graphs say about the IRIs the queries name: labels, types, codes."""

    labels: Mapping[str, ox.Literal]
    names: Mapping[str, frozenset[str]]  # lowercased rdfs:label and skos:altLabel
    named: Mapping[ox.Literal, frozenset[str]]  # each rdfs:label or skos:altLabel literal -> the IRIs it names
    types: Mapping[str, frozenset[str]]
    notations: Mapping[str, ox.Literal]
    iso3: Mapping[str, frozenset[str]]  # uppercased
    serves: frozenset[tuple[str, str]]
    cameo: Mapping[str, tuple[ox.NamedNode, ox.NamedNode, ox.Literal | None, ox.Literal]]  # code, quad, label, sign
    instances: Mapping[str, frozenset[str]]  # per rdf:type, the IRIs of that type (the views' typed keys)
    goldstein: Mapping[str, Decimal] = field(default_factory=dict)  # per act, its CAMEO root's Goldstein weight
    outlet_types: Mapping[str, str] = field(default_factory=dict)  # per outlet, its pk:outletType


_ISO3 = PK.iso3
_WANTED = {
    _TYPE, RDFS + "label", SKOS + "altLabel", SKOS + "notation", PK.iso3, PK.serves,
    SKOS + "closeMatch", SKOS + "broader", PK.sign, PK.goldstein, PK.outletType,
}  # fmt: skip


def read_entities(store: ox.Store) -> Entities:
    """The entity and scheme descriptions the queries use, from the entities and ontology graphs."""
    props: dict[str, dict[str, list[ox.NamedNode | ox.Literal]]] = defaultdict(lambda: defaultdict(list))
    for graph in (ENTITIES_GRAPH, ONTOLOGY_GRAPH):
        for quad in store.quads_for_pattern(None, None, None, graph):
            subject, obj = quad.subject, quad.object
            if (
                quad.predicate.value in _WANTED
                and isinstance(subject, ox.NamedNode)
                and isinstance(obj, ox.NamedNode | ox.Literal)
            ):
                props[subject.value][quad.predicate.value].append(obj)
    return entities_of_props(props)


def entities_of_props(props: Mapping[str, Mapping[str, list[ox.NamedNode | ox.Literal]]]) -> Entities:
    """The entity descriptions of ``props`` (per IRI, per predicate, its objects), however they were read: from
    a store's graphs (:func:`read_entities`) or from an endpoint's answer (``kg.knownvalues``)."""

    def first_literal(iri: str, predicate: str) -> ox.Literal | None:
        found = sorted((o for o in props.get(iri, {}).get(predicate, ()) if isinstance(o, ox.Literal)), key=str)
        return found[0] if found else None

    labels, notations = {}, {}
    for iri in list(props):
        if (label := first_literal(iri, RDFS + "label")) is not None:
            labels[iri] = label
        if (notation := first_literal(iri, SKOS + "notation")) is not None:
            notations[iri] = notation
    names = {
        iri: frozenset(o.value.lower() for p in (RDFS + "label", SKOS + "altLabel") for o in d.get(p, ()))
        for iri, d in props.items()
    }
    named: dict[ox.Literal, set[str]] = defaultdict(set)
    for iri, d in props.items():
        for name in (o for p in (RDFS + "label", SKOS + "altLabel") for o in d.get(p, ())):
            if isinstance(name, ox.Literal):
                named[name].add(iri)
    types = {iri: frozenset(o.value for o in d.get(_TYPE, ())) for iri, d in props.items()}
    iso3 = {iri: frozenset(o.value.upper() for o in d[PK.iso3]) for iri, d in props.items() if d.get(_ISO3)}
    serves = frozenset((iri, o.value) for iri, d in props.items() for o in d.get(PK.serves, ()))
    exact = {name: frozenset(iris) for name, iris in named.items()}
    instances: dict[str, set[str]] = defaultdict(set)
    for iri, found in types.items():
        for t in found:
            instances[t].add(iri)
    frozen = {t: frozenset(iris) for t, iris in instances.items()}
    weights = goldstein_weights(props)
    outlet_types = {iri: min(o.value for o in d[PK.outletType]) for iri, d in props.items() if d.get(PK.outletType)}
    return Entities(labels, names, exact, types, notations, iso3, serves, _cameo(props), frozen, weights, outlet_types)


def goldstein_weights(props: Mapping[str, Mapping[str, list[ox.NamedNode | ox.Literal]]]) -> dict[str, Decimal]:
    """Per act, the Goldstein weight of its CAMEO code's root (cameo:11 for cameo:110), as the stance index
    queries read it; an act with no coded root, or a root with no weight, has none."""
    out = {}
    for act, d in props.items():
        found = sorted(
            Decimal(weight.value)
            for code in d.get(SKOS + "closeMatch", ())
            if isinstance(code, ox.NamedNode) and code.value.startswith(CAMEO)
            for weight in props.get(CAMEO + code.value.removeprefix(CAMEO)[:2], {}).get(PK.goldstein, ())
        )
        if found:
            out[act] = found[0]
    return out


def _cameo(
    props: Mapping[str, Mapping[str, list[ox.NamedNode | ox.Literal]]],
) -> dict[str, tuple[ox.NamedNode, ox.NamedNode, ox.Literal | None, ox.Literal]]:
    """Per act, its CAMEO code, the code root's quad class (with label) and the class's sign, as view-stance
    reads them: a code's first two digits name its root (cameo:11), whose broader concept is the quad class,
    whose broader concept carries the sign as pk:sign."""
    out = {}
    for act, d in props.items():
        found = []
        for code in d.get(SKOS + "closeMatch", ()):
            if not (isinstance(code, ox.NamedNode) and code.value.startswith(CAMEO)):
                continue
            root = CAMEO + code.value.removeprefix(CAMEO)[:2]
            for quad in props.get(root, {}).get(SKOS + "broader", ()):
                for polarity in props.get(quad.value, {}).get(SKOS + "broader", ()):
                    for sign in props.get(polarity.value, {}).get(PK.sign, ()):
                        labels = sorted((o for o in props[quad.value].get(RDFS + "label", ())), key=str)
                        label = labels[0] if labels and isinstance(labels[0], ox.Literal) else None
                        if isinstance(quad, ox.NamedNode) and isinstance(sign, ox.Literal):
                            found.append((code, quad, label, sign))
        if found:
            out[act] = min(found, key=lambda f: tuple(str(x) for x in f))
    return out
