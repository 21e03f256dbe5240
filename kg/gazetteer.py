"""Knowledge kept as data: the Turtle files in ``ontology/`` that users extend without touching Python.

A gazetteer entry is a resource typed with one of the entity classes, keyed by the last segment of its IRI::

    id:outlet/afp a pk:Outlet ;
        rdfs:label "AFP" ;
        skos:altLabel "Agence France-Presse", "Agence France Presse" ;
        pk:basedIn id:country/FRA ;
        owl:sameAs <http://www.wikidata.org/entity/Q40464> .

>>> entities = parse_entities('''
... @prefix pk: <https://w3id.org/presskg/ontology#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
... <https://w3id.org/presskg/id/outlet/afp> a pk:Outlet ; rdfs:label "AFP" ;
...     skos:altLabel "Agence France-Presse" ;
...     pk:basedIn <https://w3id.org/presskg/id/country/FRA> .
... ''', source="example.ttl")
>>> entities[0].key, entities[0].alt_labels, entities[0].country
('afp', ('Agence France-Presse',), 'FRA')
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import OntologyError
from kg.namespace import PK_IRI
from kg.types import Entity, EntityKind

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"

CLASS_KINDS: dict[str, EntityKind] = {
    PK_IRI + "Country": EntityKind.COUNTRY,
    PK_IRI + "Place": EntityKind.PLACE,
    PK_IRI + "Organization": EntityKind.ORGANIZATION,
    PK_IRI + "Person": EntityKind.PERSON,
    PK_IRI + "Outlet": EntityKind.OUTLET,
}


def ontology_dir() -> Path:
    """The folder of ontology and gazetteer files: ``$PRESSKG_ONTOLOGY`` or the project's ``ontology/``."""
    env = os.environ.get("PRESSKG_ONTOLOGY")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "ontology"


def ontology_fingerprint(directory: Path | None = None) -> str:
    """sha256 over every ``*.ttl`` in the ontology folder: a change to any gazetteer or cue changes it."""
    digest = hashlib.sha256()
    for path in sorted((directory or ontology_dir()).glob("*.ttl")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def parse_turtle(text: str | bytes, *, source: str) -> list[ox.Quad]:
    """Parse Turtle, turning a syntax error into an ``OntologyError`` that names the file."""
    try:
        return list(ox.parse(text, ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise OntologyError("E501", f"invalid Turtle: {exc}", path=source, hint="fix the file's syntax") from exc


def load_turtle(path: Path) -> list[ox.Quad]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OntologyError("E502", f"cannot read: {exc.strerror}", path=str(path)) from exc
    return parse_turtle(data, source=str(path))


def parse_entities(text: str | bytes, *, source: str) -> list[Entity]:
    """Every resource of ``text`` typed with an entity class, as an ``Entity``."""
    return _entities_from_quads(parse_turtle(text, source=source), source=source)


def _entities_from_quads(quads: list[ox.Quad], *, source: str) -> list[Entity]:
    kinds: dict[str, EntityKind] = {}
    values: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for q in quads:
        subject = q.subject
        if not isinstance(subject, ox.NamedNode):
            continue
        s, p, o = subject.value, q.predicate.value, q.object
        if p == RDF_TYPE and isinstance(o, ox.NamedNode) and o.value in CLASS_KINDS:
            kinds[s] = CLASS_KINDS[o.value]
        elif isinstance(o, ox.Literal | ox.NamedNode):
            values[s][p].append(o.value)
    out = []
    for iri, kind in kinds.items():
        v = values[iri]
        labels = v.get(RDFS_LABEL, [])
        if not labels:
            raise OntologyError("E503", f"{iri} has no rdfs:label", path=source, hint="give every entry a label")
        country = v.get(PK_IRI + "basedIn", []) + v.get(PK_IRI + "serves", [])
        out.append(
            Entity(
                kind=kind,
                key=iri.rstrip("/").rsplit("/", 1)[-1],
                label=labels[0],
                alt_labels=tuple(dict.fromkeys(labels[1:] + v.get(SKOS_ALT, []))),
                same_as=tuple(v.get(OWL_SAME_AS, [])),
                iso2=next(iter(v.get(PK_IRI + "iso2", [])), None),
                country=country[0].rsplit("/", 1)[-1] if country else None,
            )
        )
    return out


@cache
def load_gazetteer(kind: EntityKind, directory: Path | None = None) -> dict[str, Entity]:
    """Every entry of one kind across the ontology folder's Turtle files, by key.

    Entries with the same key in several files are merged (labels and links are added), so a user's
    own file can add names to a shipped entry without editing it.
    """
    merged: dict[str, Entity] = {}
    for path in sorted((directory or ontology_dir()).glob("*.ttl")):
        for entity in _entities_from_quads(load_turtle(path), source=str(path)):
            if entity.kind is not kind:
                continue
            old = merged.get(entity.key)
            merged[entity.key] = entity if old is None else _merge(old, entity)
    return merged


def _merge(a: Entity, b: Entity) -> Entity:
    return Entity(
        kind=a.kind,
        key=a.key,
        label=a.label,
        alt_labels=tuple(dict.fromkeys((*a.alt_labels, b.label, *b.alt_labels))),
        same_as=tuple(dict.fromkeys((*a.same_as, *b.same_as))),
        iso2=a.iso2 or b.iso2,
        country=a.country or b.country,
    )
