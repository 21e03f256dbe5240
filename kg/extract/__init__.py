"""Briefing -> Extraction: the extractors, run in order, each a small function checked for what it returns.

The registry lists the stages by name; each takes the briefing and what earlier stages found (positions
need the entity mentions to name their targets, and the topics to say what they are about). Each stage runs
the extractor of the briefing's language: English (``kg/extract/``) or Chinese (``kg/extract/zh/``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache
from importlib import import_module
from typing import Any, cast

from kg.types import Briefing, Entity, EntityKind, Extraction, Mention, Position, TopicAssignment

# Per language (``Briefing.language``; English is the default), the function each stage runs, as
# "module:function": imported when first used, so a worker that reads only English never loads the Chinese lexicon.
EXTRACTORS_BY_LANGUAGE: dict[str, dict[str, str]] = {
    "en": {
        "entities": "kg.extract.entities:extract_entities",
        "topics": "kg.extract.topics:extract_topics",
        "positions": "kg.extract.positions:extract_positions",
    },
    "zh": {
        "entities": "kg.extract.zh.entities:extract_zh_entities",
        "topics": "kg.extract.zh.topics:extract_zh_topics",
        "positions": "kg.extract.zh.positions:extract_zh_positions",
    },
}


@cache
def _function(name: str, language: str) -> Callable[..., Any]:
    module, function = EXTRACTORS_BY_LANGUAGE.get(language, EXTRACTORS_BY_LANGUAGE["en"])[name].split(":")
    return cast("Callable[..., Any]", getattr(import_module(module), function))


def _entities(briefing: Briefing, found: Extraction) -> Extraction:
    mentions, entities = _function("entities", briefing.language)(briefing)
    _check(mentions, Mention, "entities")
    _check(entities, Entity, "entities")
    return replace(found, mentions=mentions, entities=entities)


def _topics(briefing: Briefing, found: Extraction) -> Extraction:
    topics = _function("topics", briefing.language)(briefing, found.mentions)
    _check(topics, TopicAssignment, "topics")
    return replace(found, topics=topics)


def _positions(briefing: Briefing, found: Extraction) -> Extraction:
    positions = _function("positions", briefing.language)(briefing, found.mentions, found.topics)
    _check(positions, Position, "positions")
    return replace(found, positions=positions)


Stage = Callable[[Briefing, Extraction], Extraction]
EXTRACTORS: dict[str, Stage] = {"entities": _entities, "topics": _topics, "positions": _positions}


def _check(items: tuple[object, ...], kind: type, stage: str) -> None:
    # Like spaCy's pipeline runner: a stage that returns the wrong type fails loudly, at the stage.
    if not isinstance(items, tuple) or not all(isinstance(i, kind) for i in items):
        raise TypeError(f"extractor {stage!r} must return a tuple of {kind.__name__}")


def extract(briefing: Briefing, *, stages: tuple[str, ...] | None = None) -> Extraction:
    """Run the named extractors (default: every registered one, in order) over one briefing."""
    found = Extraction(briefing=briefing)
    for name in EXTRACTORS if stages is None else stages:
        found = EXTRACTORS[name](briefing, found)
    return replace(found, entities=referenced_entities(found))


def referenced_entities(found: Extraction) -> tuple[Entity, ...]:
    """Every entity the graph of this extraction refers to, so RDF can describe each one.

    Besides what the mentions name: the outlets that asked, the state that holds the positions, their
    targets, and the states outlets are based in and people serve.
    """
    from kg.gazetteer import load_entity_lexicon, load_gazetteer

    entities: dict[tuple[EntityKind, str], Entity] = {(e.kind, e.key): e for e in found.entities}
    # The gazetteer's states, looked up by (kind, key): not a dict of them all made for each briefing.
    known = load_entity_lexicon().entities
    outlets = load_gazetteer(EntityKind.OUTLET)
    for exchange in found.briefing.exchanges:
        if exchange.outlet is not None and (EntityKind.OUTLET, exchange.outlet.key) not in entities:
            outlet = outlets.get(exchange.outlet.key) or Entity(
                EntityKind.OUTLET, exchange.outlet.key, exchange.outlet.name
            )
            entities[(EntityKind.OUTLET, outlet.key)] = outlet
    wanted = {p.holder for p in found.positions}
    wanted |= {p.target.key for p in found.positions if p.target and p.target.kind is EntityKind.COUNTRY}
    wanted |= {e.country for e in entities.values() if e.country}
    for key in sorted(wanted):
        if (EntityKind.COUNTRY, key) not in entities and (EntityKind.COUNTRY, key) in known:
            entities[(EntityKind.COUNTRY, key)] = known[(EntityKind.COUNTRY, key)]
    # An organisation target no mention names: the bloc a group of states stands for ("Latin American countries").
    blocs = {p.target.key for p in found.positions if p.target and p.target.kind is EntityKind.ORGANIZATION}
    for key in sorted(blocs):
        if (EntityKind.ORGANIZATION, key) not in entities and (EntityKind.ORGANIZATION, key) in known:
            entities[(EntityKind.ORGANIZATION, key)] = known[(EntityKind.ORGANIZATION, key)]
    return tuple(entities.values())
