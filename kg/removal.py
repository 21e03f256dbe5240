"""What removing briefings from a store takes besides dropping their graphs: the keys a removal names (by key or
by source path, ``resolve_targets``), and the entity descriptions no briefing refers to any more
(``prune_entities``), so that the store holds what a build from scratch would."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.manifest import Manifest
from kg.rdf import ENTITIES_GRAPH, ONTOLOGY_GRAPH


def resolve_targets(targets: Iterable[str | Path], manifest: Manifest) -> list[str]:
    """Briefing keys named by ``targets``: keys as they are, paths by the manifest's source paths."""
    keys: list[str] = []
    by_key = manifest.by_key()
    for target in targets:
        text = str(target)
        if text in by_key:
            keys.append(text)
            continue
        wanted = os.path.realpath(text)
        inside = wanted.rstrip(os.sep) + os.sep
        found = [
            e.key for e in manifest.briefings if (real := os.path.realpath(e.path)) == wanted or real.startswith(inside)
        ]
        if not found:
            raise StoreError(
                "E332",
                "no briefing in the store has this key or source",
                path=text,
                hint="the manifest beside output/store lists the keys and sources the store holds",
            )
        keys.extend(found)
    return list(dict.fromkeys(keys))


PRUNE_QUERY = f"""
SELECT DISTINCT ?entity WHERE {{
  GRAPH {ENTITIES_GRAPH} {{ ?entity a ?class }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?entity }} FILTER(?g NOT IN ({ENTITIES_GRAPH}, {ONTOLOGY_GRAPH})) }}
  FILTER NOT EXISTS {{
    GRAPH {ENTITIES_GRAPH} {{ ?referrer ?link ?entity }}
    GRAPH ?h {{ ?t ?u ?referrer }} FILTER(?h NOT IN ({ENTITIES_GRAPH}, {ONTOLOGY_GRAPH}))
  }}
}}
"""


def prune_entities(store: ox.Store) -> int:
    """Remove descriptions of entities no briefing refers to any more (after graphs were removed or replaced),
    so the store holds what a build from scratch would: an entity stays while a briefing graph names it, or
    names an entity that links to it (an outlet's ``pk:basedIn`` country); links from the ontology graph
    (a topic's related countries) do not count. Returns how many were removed.
    """
    found = store.query(PRUNE_QUERY)
    assert isinstance(found, ox.QuerySolutions)
    entities = [s["entity"] for s in found]
    for entity in entities:
        for quad in list(store.quads_for_pattern(entity, None, None, ENTITIES_GRAPH)):
            store.remove(quad)
    return len(entities)
