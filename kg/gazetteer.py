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

import dataclasses
import hashlib
import importlib.util
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kg.cache import cache_name, read_cached, write_cached
from kg.errors import OntologyError
from kg.namespace import OWL_SAME_AS, PK, RDF_TYPE, RDFS_LABEL, SKOS_ALT_LABEL, slug
from kg.ontology import (
    Ontology,
    Row,
    accessor,
    as_rows,
    entity_rules,
    key_of,
    load_ontology,
    ontology_dir,
    ontology_fingerprint,
    parse_turtle,
    resolved_folder,
)
from kg.types import Entity, EntityKind

_THIS = sys.modules[__name__]

__all__ = [
    "CLASS_KINDS",
    "EntityLexicon",
    "country_gazetteer",
    "gazetteer",
    "load_entity_lexicon",
    "load_gazetteer",
    "ontology_dir",
    "ontology_fingerprint",
    "parse_entities",
]

CLASS_KINDS: dict[str, EntityKind] = {
    PK.Country: EntityKind.COUNTRY,
    PK.Place: EntityKind.PLACE,
    PK.Organization: EntityKind.ORGANIZATION,
    PK.Person: EntityKind.PERSON,
    PK.Outlet: EntityKind.OUTLET,
}


def parse_entities(text: str | bytes, *, source: str) -> list[Entity]:
    """Every resource of ``text`` typed with an entity class, as an ``Entity``."""
    return _entities_from_rows(as_rows(parse_turtle(text, source=source)), source=source)


def _entities_from_rows(rows: tuple[Row, ...], *, source: str) -> list[Entity]:
    kinds: dict[str, EntityKind] = {}
    values: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o, kind in rows:
        if s.startswith("_:"):
            continue
        if p == RDF_TYPE and kind == "iri" and o in CLASS_KINDS:
            kinds[s] = CLASS_KINDS[o]
        elif kind != "blank":
            values[s][p].append(o)
    out = []
    for iri, kind_ in kinds.items():
        v = values[iri]
        labels = v.get(RDFS_LABEL, [])
        if not labels:
            raise OntologyError("E503", f"{iri} has no rdfs:label", path=source, hint="give every entry a label")
        country = v.get(PK.basedIn, []) + v.get(PK.serves, [])
        out.append(
            Entity(
                kind=kind_,
                key=key_of(iri),
                label=labels[0],
                alt_labels=tuple(dict.fromkeys(labels[1:] + v.get(SKOS_ALT_LABEL, []))),
                same_as=tuple(v.get(OWL_SAME_AS, [])),
                iso2=next(iter(v.get(PK.iso2, [])), None),
                country=key_of(country[0]) if country else None,
                outlet_type=key_of(v[PK.outletType][0]) if v.get(PK.outletType) else None,
            )
        )
    return out


@accessor
def gazetteer(onto: Ontology) -> dict[EntityKind, dict[str, Entity]]:
    """Every entry of every kind across the ontology's files, by kind and key.

    Entries with the same key in several files are merged (labels and links are added), so a user's
    own file can add names to a shipped entry without editing it. Read from presskg's cache (``kg.cache``, named by
    the ontology's fingerprint) where an earlier process made it.
    """
    name = cache_name("gazetteer", [onto.fingerprint], derived_by=(_THIS,))
    try:
        stored: Any = read_cached(name)
        return {EntityKind(kind): {e.key: e for e in map(_entity_from_plain, entries)} for kind, entries in stored}
    except (TypeError, ValueError, KeyError):  # no file, or not one of ours: made again
        pass
    merged = _make_gazetteer(onto)
    write_cached(name, [(kind.value, [_entity_to_plain(e) for e in table.values()]) for kind, table in merged.items()])
    return merged


def _make_gazetteer(onto: Ontology) -> dict[EntityKind, dict[str, Entity]]:
    merged: dict[EntityKind, dict[str, Entity]] = {kind: {} for kind in EntityKind}
    for file in onto.files:
        for entity in _entities_from_rows(file.rows, source=str(file.path)):
            table = merged[entity.kind]
            old = table.get(entity.key)
            table[entity.key] = entity if old is None else _merge(old, entity)
    return merged


@cache
def load_gazetteer(kind: EntityKind, directory: Path | None = None) -> dict[str, Entity]:
    """Every entry of one kind in the ontology folder (``$PRESSKG_ONTOLOGY`` or ``ontology/``), by key."""
    return gazetteer(load_ontology(directory))[kind]


def _merge(a: Entity, b: Entity) -> Entity:
    return Entity(
        kind=a.kind,
        key=a.key,
        label=a.label,
        alt_labels=tuple(dict.fromkeys((*a.alt_labels, b.label, *b.alt_labels))),
        same_as=tuple(dict.fromkeys((*a.same_as, *b.same_as))),
        iso2=a.iso2 or b.iso2,
        country=a.country or b.country,
        outlet_type=a.outlet_type or b.outlet_type,
    )


# --- the entity lexicon: gazetteers, ISO 3166-1 names and word lists, built once per ontology folder ----------


@dataclass(frozen=True, slots=True)
class EntityLexicon:
    """Everything the extractor knows, read from one ontology folder.

    ``entities`` holds every gazetteer entry by (kind, key): sovereign states (pycountry names merged with
    ``countries.ttl``, key ISO3), places (``places.ttl`` plus the ISO 3166-1 entries that are not states),
    organisations, people and outlets. ``demonyms`` and ``compound_forms`` map a word to the ISO3 it names.
    """

    entities: dict[tuple[EntityKind, str], Entity]
    demonyms: dict[str, str]
    compound_forms: dict[str, str]
    word_lists: dict[str, frozenset[str]]  # lex:titles, lex:honorifics, ... by local name, as written

    def words(self, name: str) -> frozenset[str]:
        """One word list of ``entity-rules.ttl`` by its local name (``"titles"``); empty where absent."""
        return self.word_lists.get(name, frozenset())


def _usable_iso_names(country: Any) -> list[str]:
    """pycountry's names for an entry, without index forms such as "Korea, Republic of" or "(Malvinas)"."""
    names = [getattr(country, "common_name", None), country.name, getattr(country, "official_name", None)]
    return list(dict.fromkeys(n for n in names if n and "," not in n and "(" not in n))


def _merge_names(entity: Entity, names: Iterable[str]) -> Entity:
    alts = tuple(dict.fromkeys(n for n in (*entity.alt_labels, *names) if n != entity.label))
    return dataclasses.replace(entity, alt_labels=alts)


def _countries_and_iso_places(
    directory: Path, not_sovereign: frozenset[str]
) -> tuple[dict[str, Entity], dict[str, Entity]]:
    import pycountry  # 30 ms to import: only where the lexicon is made, not read from its compiled form

    described = load_gazetteer(EntityKind.COUNTRY, directory)
    wrongly_typed = sorted(set(described) & not_sovereign)
    if wrongly_typed:
        raise OntologyError(
            "E510",
            f"{', '.join(wrongly_typed)} typed pk:Country but listed in lex:notSovereign",
            path=str(directory),
            hint="describe a territory as a pk:Place, or remove its code from lex:notSovereign",
        )
    countries: dict[str, Entity] = {}
    places: dict[str, Entity] = dict(load_gazetteer(EntityKind.PLACE, directory))
    for iso in pycountry.countries:
        names = _usable_iso_names(iso)
        if iso.alpha_3 in not_sovereign:
            label = names[0] if names else iso.name
            key = slug(label)
            place = places.get(key) or Entity(kind=EntityKind.PLACE, key=key, label=label)
            places[key] = _merge_names(place, names)
            continue
        extra = described.get(iso.alpha_3)
        base = extra or Entity(kind=EntityKind.COUNTRY, key=iso.alpha_3, label=names[0] if names else iso.name)
        countries[iso.alpha_3] = dataclasses.replace(_merge_names(base, names), iso2=base.iso2 or iso.alpha_2)
    for key, extra in described.items():  # a state pycountry lacks, described in full by a user's file
        countries.setdefault(key, extra)
    return countries, places


@cache
def _lexicon_for(directory: Path) -> EntityLexicon:
    """The folder's lexicon, read from its compiled form (``kg.cache``) where an earlier process wrote one for the
    same ontology files, ISO 3166-1 data and code; else made (``_make_lexicon``: pycountry's 249 entries merged
    with the gazetteers, checked) and written."""
    name = cache_name("entity-lexicon", [ontology_fingerprint(directory), iso_digest()], derived_by=(_THIS,))
    lexicon = lexicon_from_plain(read_cached(name))
    if lexicon is None:
        lexicon = _make_lexicon(directory)
        write_cached(name, lexicon_to_plain(lexicon))
    return lexicon


def pycountry_dir() -> Path | None:
    """pycountry's package folder, found without importing it (30 ms), or None where it is not installed."""
    spec = importlib.util.find_spec("pycountry")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def iso_digest() -> str:
    """What names pycountry's ISO 3166-1 data (its version and file), found without importing it."""
    folder = pycountry_dir()
    if folder is None:
        return "no pycountry"
    data = folder / "databases" / "iso3166-1.json"
    try:
        return hashlib.sha256(data.read_bytes()).hexdigest()
    except OSError:
        return str(folder / "__init__.py")


def lexicon_to_plain(lexicon: EntityLexicon) -> dict[str, Any]:
    """The lexicon as plain values (``marshal``), read back by ``lexicon_from_plain``."""
    return {
        "entities": [_entity_to_plain(e) for e in lexicon.entities.values()],
        "demonyms": lexicon.demonyms,
        "compound_forms": lexicon.compound_forms,
        "word_lists": {name: sorted(words) for name, words in lexicon.word_lists.items()},
    }


def _entity_to_plain(e: Entity) -> tuple[Any, ...]:
    return (e.kind.value, e.key, e.label, e.alt_labels, e.same_as, e.iso2, e.country, e.outlet_type)


def _entity_from_plain(entry: Any) -> Entity:
    kind, *rest = entry
    return Entity(EntityKind(kind), *rest)


def lexicon_from_plain(plain: Any) -> EntityLexicon | None:
    """The lexicon ``lexicon_to_plain`` gave, or None where ``plain`` is not what it gives."""
    try:
        entities = [_entity_from_plain(entry) for entry in plain["entities"]]
        return EntityLexicon(
            entities={(e.kind, e.key): e for e in entities},
            demonyms=dict(plain["demonyms"]),
            compound_forms=dict(plain["compound_forms"]),
            word_lists={name: frozenset(words) for name, words in plain["word_lists"].items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _make_lexicon(directory: Path) -> EntityLexicon:
    rules = entity_rules(load_ontology(directory))
    word_lists, demonyms, compounds = rules.word_lists, rules.demonyms, rules.compound_forms
    countries, places = _countries_and_iso_places(directory, word_lists.get("notSovereign", frozenset()))
    entities: dict[tuple[EntityKind, str], Entity] = {}
    for kind, table in (
        (EntityKind.COUNTRY, countries),
        (EntityKind.PLACE, places),
        (EntityKind.ORGANIZATION, load_gazetteer(EntityKind.ORGANIZATION, directory)),
        (EntityKind.PERSON, load_gazetteer(EntityKind.PERSON, directory)),
        (EntityKind.OUTLET, load_gazetteer(EntityKind.OUTLET, directory)),
    ):
        for key, entity in table.items():
            entities[(kind, key)] = entity
    unknown = sorted({iso for iso in (*demonyms.values(), *compounds.values()) if iso not in countries})
    if unknown:
        raise OntologyError(
            "E511",
            f"demonyms or compound forms given for {', '.join(unknown)}, which are not sovereign states",
            path=str(directory),
            hint="attach lex:demonym and lex:compoundForm to a country:<ISO3> of a sovereign state",
        )
    return EntityLexicon(entities=entities, demonyms=demonyms, compound_forms=compounds, word_lists=word_lists)


def load_entity_lexicon(directory: Path | None = None) -> EntityLexicon:
    """The gazetteers and word lists of an ontology folder (``$PRESSKG_ONTOLOGY`` or ``ontology/``), cached.

    >>> lexicon = load_entity_lexicon()
    >>> lexicon.demonyms["Chinese"], "President" in lexicon.words("titles")
    ('CHN', True)
    """
    return _lexicon_for(resolved_folder(directory))


def country_gazetteer(directory: Path | None = None) -> dict[str, Entity]:
    """Every sovereign state by ISO3: the ISO 3166-1 entries of pycountry, less the territories listed in
    ``lex:notSovereign``, merged with what ``countries.ttl`` says about them.

    >>> states = country_gazetteer()
    >>> states["KOR"].label, states["KOR"].iso2, "TWN" in states
    ('Republic of Korea', 'KR', False)
    """
    lexicon = load_entity_lexicon(directory)
    return {key: e for (kind, key), e in lexicon.entities.items() if kind is EntityKind.COUNTRY}
