"""The view index as the queries read it: each generation's records turned into units and positions, once per process.

``kg.viewindex`` writes the records at commit; this module reads them back (``load_view_index``) into frozen values
the views filter and aggregate (``kg.views.index``): a unit per exchange or statement with its briefing's facts
copied in, its mentions typed once at load.

>>> record = {"briefing": "https://x/b1", "date": "2020-03-02", "spokespersons": ["https://x/p"], "language": "en",
...           "units": [{"iri": "https://x/b1/e1", "ordinal": "1", "question": "Q?", "types": ["Exchange"],
...                      "outlets": [], "topics": [], "mentions": [], "positions": []}]}
>>> facts, units = units_of(record, Entities({}, {}, {}, {}, {}, {}, frozenset(), {}, {}))
>>> units[0].item, units[0].months, units[0].asker
('2020-03-02|https://x/b1/e1', ('2020-03',), ('unnamed',))
"""

from __future__ import annotations

import contextlib
import gc
import json
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.namespace import PK
from kg.process import collector_paused
from kg.store import views_path
from kg.viewentities import Entities, read_entities
from kg.viewindex import FORMAT, index_format


@dataclass(frozen=True, slots=True)
class Position:
    """A stated position, as the queries see it."""

    iri: str
    act: str | None
    holder: str | None
    target: str | None
    evidence: str | None
    item: str  # "date|IRI", as the views' evidence lists it (made once, at load)


@dataclass(frozen=True, slots=True)
class Unit:
    """An exchange or statement with its briefing's facts copied in (the selection filters on both)."""

    iri: str
    item: str  # "date|IRI", as the views' evidence lists it (made once, at load)
    briefing: str
    date: str | None
    spokespersons: tuple[str, ...]
    language: str | None  # the briefing's dcterms:language code
    ordinal: str | None  # the lexical xsd:integer
    question: str | None  # the question turn's text (exchanges)
    exchange: bool
    statement: bool
    outlets: tuple[str, ...]
    topics: tuple[str, ...]
    mentions: tuple[str, ...]
    positions: tuple[Position, ...]
    countries: tuple[str, ...]  # the mentions typed pk:Country, sorted (typed once, at load, not per query)
    persons: tuple[str, ...]  # the mentions typed pk:Person

    @property
    def asker(self) -> tuple[str, ...]:
        """Whether the exchange names the outlet that asked ("named") or not ("unnamed"): the population of
        the outlet charts (the ministry's pages name outlets only from 24 March 2020)."""
        return ("named",) if self.outlets else ("unnamed",)

    months: tuple[str, ...]  # the YYYY-MM of its date, or none (a key the views group by, made once at load)
    outlet_types: tuple[str, ...] = ()  # the pk:outletType of its outlets, sorted (typed once, at load)


@dataclass(frozen=True, slots=True)
class BriefingFacts:
    """A briefing as the queries see it."""

    iri: str
    date: str | None
    spokespersons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ViewIndex:
    """Every briefing and unit of one generation, and its entity descriptions."""

    generation: Path
    briefings: tuple[BriefingFacts, ...]
    units: tuple[Unit, ...]
    entities: Entities
    by_outlet: Mapping[str, tuple[Unit, ...]]  # the exchanges each outlet asked, for lookups of one outlet
    # Per unit attribute a filter reads, the units' positions in ``units`` grouped by the attribute's value:
    # a filter is tested once per distinct value, not once per unit (``kg.views.index.select``). Made on first
    # use, as is ``memo``: each answer of this generation, by view and filter (a generation never changes).
    partitions: dict[str, Mapping[Any, tuple[int, ...]]] = field(default_factory=dict, compare=False, repr=False)
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def partition(self, attr: str) -> Mapping[Any, tuple[int, ...]]:
        """The positions of the units in ``units`` by their value of ``attr``, in order."""
        found = self.partitions.get(attr)
        if found is None:
            get = attrgetter(attr)
            grouped: dict[Any, list[int]] = defaultdict(list)
            for i, unit in enumerate(self.units):
                grouped[get(unit)].append(i)
            found = self.partitions[attr] = {value: tuple(at) for value, at in grouped.items()}
        return found


def read_records(path: Path) -> list[dict[str, Any]] | None:
    """The briefing records (``briefing_facts``) of an index file, in key order; None where there is none of
    this format."""
    if index_format(path) != FORMAT:
        return None
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return [json.loads(blob) for (blob,) in db.execute("SELECT facts FROM briefing ORDER BY key")]


def units_of(record: Mapping[str, Any], entities: Entities) -> tuple[BriefingFacts | None, list[Unit]]:
    """One briefing record as the queries see it: its facts and its units (None and none where it names no
    briefing)."""
    briefing, date, speakers = record["briefing"], record["date"], tuple(record["spokespersons"])
    if briefing is None:
        return None, []
    country, person = PK.Country, PK.Person
    types, outlet_types, language = entities.types, entities.outlet_types, record["language"]
    months = () if date is None else (date[:7],)
    dated = f"{date or '-'}|"
    units = []
    for u in record["units"]:
        mentions = tuple(u["mentions"])
        units.append(
            Unit(
                u["iri"],
                dated + u["iri"],
                briefing,
                date,
                speakers,
                language,
                u["ordinal"],
                u["question"],
                "Exchange" in u["types"],
                "Statement" in u["types"],
                tuple(u["outlets"]),
                tuple(u["topics"]),
                mentions,
                tuple(
                    Position(p["iri"], p["act"], p["holder"], p["target"], p["evidence"], dated + p["iri"])
                    for p in u["positions"]
                ),
                tuple(m for m in mentions if country in types.get(m, ())),
                tuple(m for m in mentions if person in types.get(m, ())),
                months,
                tuple(sorted({t for o in u["outlets"] if (t := outlet_types.get(o)) is not None})),
            )
        )
    return BriefingFacts(briefing, date, speakers), units


def read_units(path: Path, entities: Entities) -> tuple[tuple[BriefingFacts, ...], tuple[Unit, ...]] | None:
    """The briefings and units of an index file, or None where there is none of this format."""
    records = read_records(path)
    if records is None:
        return None
    units: list[Unit] = []
    briefings: list[BriefingFacts] = []
    for record in records:
        facts, found = units_of(record, entities)
        if facts is not None:
            briefings.append(facts)
            units.extend(found)
    return tuple(briefings), tuple(units)


_LOADED: dict[Path, ViewIndex | None] = {}
_LOCK = threading.Lock()


def _read_units_or_refuse(path: Path, entities: Entities) -> tuple[tuple[BriefingFacts, ...], tuple[Unit, ...]] | None:
    """``read_units``, with damage inside a valid SQLite file (a dropped table, a record that is not JSON or lacks
    its fields) refused as one coded error rather than a traceback: the index is derived data, rebuilt whole."""
    try:
        return read_units(path, entities)
    except (sqlite3.Error, ValueError, KeyError, TypeError) as exc:
        raise StoreError(
            "E319",
            f"the view index of this store generation is damaged: {type(exc).__name__}: {exc}",
            path=str(path),
            hint="`kg build --full PATH...` builds the store and its view index anew",
        ) from exc


def load_view_index(generation: Path, store: ox.Store) -> ViewIndex | None:
    """The index of ``generation`` (whose open store is ``store``), read once per process; None where the
    generation has none (a store built by an older presskg: its queries run as SPARQL)."""
    with _LOCK:
        if generation in _LOADED:
            return _LOADED[generation]
        path = views_path(generation)
        with collector_paused():
            entities = read_entities(store) if path.exists() else None
            units = None if entities is None else _read_units_or_refuse(path, entities)
        index = None
        if units is not None and entities is not None:
            asked: dict[str, list[Unit]] = defaultdict(list)
            for unit in units[1]:
                for outlet in unit.outlets:
                    asked[outlet].append(unit)
            by_outlet = {outlet: tuple(found) for outlet, found in asked.items()}
            index = ViewIndex(generation, *units, entities, by_outlet)
        if index is not None:
            # The index is hundreds of thousands of long-lived objects without reference cycles: left to the
            # cyclic collector, every full collection would walk them all, and the queries, which allocate a
            # lot, would trigger many (half their time on 5,000 briefings). Frozen, the collector skips them;
            # reference counting still frees them when the index is dropped.
            gc.collect()
            gc.freeze()
        # An older generation of the same output folder is superseded: its index is dropped with it.
        for old in [g for g in _LOADED if g.parent == generation.parent]:
            del _LOADED[old]
        _LOADED[generation] = index
        return index
