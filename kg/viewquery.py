"""The view and report queries answered from the view index (``kg.viewindex``), and the one place named
queries run.

Each function of :data:`VIEW_QUERIES` returns what its ``kg/queries/<name>.rq`` returns on the embedded store:
the same variables, rows, values and datatypes (counts xsd:integer, dates xsd:date, ``serves`` xsd:boolean),
in the query's ORDER BY. The .rq files stay the definitions (users run them on endpoints and copy them into
YASGUI); :func:`run_named` answers from the index where the store's generation has one, else runs the SPARQL.

>>> sorted(VIEW_QUERIES)[:3]
['report-most-targeted-countries', 'report-outlet-activity', 'report-positions-by-month']
>>> selection_from({"topic": ox.Literal("taiwan")})
Selection(start=None, end=None, spokesperson=None, outlet=None, topic='taiwan', country=None)
>>> run_named(ox.Store(), "report-outlet-activity").rows  # not an open_store handle: SPARQL
()
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.namespace import PK
from kg.queries import XSD, named_query
from kg.store import GraphStore, QueryResult, Term, run_query, store_generation
from kg.viewindex import Entities, Position, Unit, ViewIndex, load_view_index

XSD_DATE = ox.NamedNode(XSD + "date")
XSD_INTEGER = ox.NamedNode(XSD + "integer")
XSD_BOOLEAN = ox.NamedNode(XSD + "boolean")
TARGET_TYPES = (PK.Country, PK.Organization, PK.Person, PK.Place)  # view-stance's VALUES
COUNTRY, PERSON = PK.Country, PK.Person

Row = tuple[Term | None, ...]


@dataclass(frozen=True, slots=True)
class Selection:
    """The shared selection's six optional parameters (see any view .rq and ``kg.network.ViewFilter``)."""

    start: str | None = None  # ISO date
    end: str | None = None
    spokesperson: str | None = None
    outlet: str | None = None
    topic: str | None = None
    country: str | None = None


_SELECTION_PARAMS = {"from": "start", "to": "end", "spokesperson": "spokesperson", "outlet": "outlet",
                     "topic": "topic", "country": "country"}  # fmt: skip


def selection_from(bindings: Mapping[str, Term]) -> Selection | None:
    """The selection ``bindings`` ask for, or None where the index cannot answer them as SPARQL would (an
    unknown parameter, a date that is not an xsd:date literal): such queries run as SPARQL."""
    values: dict[str, str] = {}
    for name, term in bindings.items():
        if name not in _SELECTION_PARAMS or not isinstance(term, ox.Literal):
            return None
        if name in ("from", "to") and (term.datatype != XSD_DATE or term.language):
            return None
        values[_SELECTION_PARAMS[name]] = term.value
    return Selection(**values)


def select(index: ViewIndex, selection: Selection) -> list[Unit]:
    """The units the shared selection keeps: every filter set must match, as the SPARQL block's do."""
    s, entities = selection, index.entities
    speakers = _matching(entities.names, s.spokesperson)
    outlets = _matching(entities.names, s.outlet)
    topics = None if s.topic is None else {i for i, n in entities.notations.items() if n.value == s.topic}
    countries = None if s.country is None else {i for i, c in entities.iso3.items() if s.country.upper() in c}
    out = []
    for unit in index.units:
        # A comparison with an undated briefing's missing date is an error in SPARQL: the unit is left out.
        if s.start is not None and (unit.date is None or unit.date < s.start):
            continue
        if s.end is not None and (unit.date is None or unit.date > s.end):
            continue
        if speakers is not None and speakers.isdisjoint(unit.spokespersons):
            continue
        if outlets is not None and outlets.isdisjoint(unit.outlets):
            continue
        if topics is not None and topics.isdisjoint(unit.topics):
            continue
        if countries is not None and countries.isdisjoint(unit.mentions):
            continue
        out.append(unit)
    return out


def _matching(names: Mapping[str, frozenset[str]], wanted: str | None) -> set[str] | None:
    if wanted is None:
        return None
    lowered = wanted.lower()
    return {iri for iri, known in names.items() if lowered in known}


# -- terms ------------------------------------------------------------------------------------------------
# The same few thousand entity IRIs, counts and dates head every result: each term is made once.


@functools.lru_cache(maxsize=1 << 16)
def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


@functools.lru_cache(maxsize=1 << 14)
def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


@functools.lru_cache(maxsize=1 << 16)
def _date(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=XSD_DATE)


@functools.lru_cache(maxsize=1 << 14)
def _plain(value: str) -> ox.Literal:
    return ox.Literal(value)


def _asc(value: str | None) -> tuple[int, str]:
    """An ascending ORDER BY key: unbound sorts first, strings by code point, as Oxigraph orders them."""
    return (0, "") if value is None else (1, value)


def _lexical(term: ox.Literal | None) -> str | None:
    return None if term is None else term.value


# -- aggregation over units --------------------------------------------------------------------------------

Key = tuple[str, ...]
Groups = dict[Key, set[str]]


def _gather(pairs: Iterable[tuple[Key, str]]) -> Groups:
    """GROUP BY: the distinct values (IRIs, or "date|IRI" items) of each key."""
    groups: Groups = {}
    for key, value in pairs:
        found = groups.get(key)
        if found is None:
            groups[key] = {value}
        else:
            found.add(value)
    return groups


def _spread(items: set[str]) -> tuple[ox.Literal, ox.Literal | None, ox.Literal | None, ox.Literal]:
    """COUNT(DISTINCT ?unit), MIN and MAX of the dates and GROUP_CONCAT(DISTINCT ?item) of "date|IRI" items.

    An item starts with its ISO date, and ISO dates sort as text; an undated item ("-|IRI") sorts first.
    """
    ordered = sorted(items)
    first = next((i for i in ordered if not i.startswith("-|")), None)
    last = ordered[-1]
    return (
        _integer(len(ordered)),
        None if first is None else _date(first.partition("|")[0]),
        None if last.startswith("-|") else _date(last.partition("|")[0]),
        ox.Literal(" ".join(ordered)),
    )


def _pairs(ordered: Sequence[str]) -> Iterator[tuple[str, str]]:
    """Each pair of a sorted sequence once, in order (``a < b``), as the views' ``FILTER(STR(?a) < STR(?b))``."""
    return ((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])


def _labelled_pair(e: Entities) -> Callable[[Key], Row]:
    """A (source, target) key as source, sourceLabel, target, targetLabel."""
    return lambda k: (_iri(k[0]), e.labels.get(k[0]), _iri(k[1]), e.labels.get(k[1]))


def _positions(units: Iterable[Unit]) -> Iterable[tuple[Unit, Position]]:
    return ((u, p) for u in units for p in u.positions)


def _edge_rows(groups: Groups, head: Callable[[Key], Row]) -> list[Row]:
    """A row per group: ``head(key)`` then weight, first, last, evidence; ORDER BY DESC(?weight) then the
    group key's IRIs ascending."""
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [(*head(key), *_spread(items)) for key, items in ordered]


def _result(variables: str, rows: Iterable[Row]) -> QueryResult:
    return QueryResult(variables=tuple(variables.split()), rows=tuple(rows))


def _ordered(rows: Sequence[tuple[tuple[Any, ...], Row]]) -> list[Row]:
    """The rows of (ORDER BY key, row) pairs, in key order."""
    return [row for _, row in sorted(rows, key=lambda r: r[0])]


EDGE = "weight first last evidence"


def view_outlet_topic(index: ViewIndex, selection: Selection) -> QueryResult:
    """kg/queries/view-outlet-topic.rq: (outlet, topic) by the exchanges the outlet asked about the topic."""
    e = index.entities
    groups = _gather(
        ((o, t), u.item) for u in select(index, selection) if u.exchange for o in u.outlets for t in u.topics
    )
    rows = _edge_rows(
        groups, lambda k: (_iri(k[0]), e.labels.get(k[0]), _iri(k[1]), e.labels.get(k[1]), e.notations.get(k[1]))
    )
    return _result(f"source sourceLabel target targetLabel targetNotation {EDGE}", rows)


def view_outlet_country(index: ViewIndex, selection: Selection) -> QueryResult:
    """kg/queries/view-outlet-country.rq: (outlet, country) by the exchanges whose turns name the country."""
    e = index.entities
    groups = _gather(
        ((o, c), u.item) for u in select(index, selection) if u.exchange for o in u.outlets for c in u.countries
    )
    return _result(f"source sourceLabel target targetLabel {EDGE}", _edge_rows(groups, _labelled_pair(e)))


def view_country_comention(index: ViewIndex, selection: Selection) -> QueryResult:
    """kg/queries/view-country-comention.rq: pairs of countries (in IRI order) named in the same unit."""
    e = index.entities
    groups = _gather((pair, u.item) for u in select(index, selection) for pair in _pairs(u.countries))
    return _result(f"source sourceLabel target targetLabel {EDGE}", _edge_rows(groups, _labelled_pair(e)))


def view_person_country(index: ViewIndex, selection: Selection) -> QueryResult:
    """kg/queries/view-person-country.rq: (person, country) named in the same unit, and whether he serves it."""
    e = index.entities
    groups = _gather(((p, c), u.item) for u in select(index, selection) for p in u.persons for c in u.countries)

    def head(k: Key) -> Row:
        serves = ox.Literal("true" if (k[0], k[1]) in e.serves else "false", datatype=XSD_BOOLEAN)
        return (_iri(k[0]), e.labels.get(k[0]), _iri(k[1]), e.labels.get(k[1]), serves)

    return _result(f"source sourceLabel target targetLabel serves {EDGE}", _edge_rows(groups, head))


def view_topic_cooccurrence(index: ViewIndex, selection: Selection) -> QueryResult:
    """kg/queries/view-topic-cooccurrence.rq: pairs of topics (in IRI order) of the same unit."""
    e = index.entities
    groups = _gather((pair, u.item) for u in select(index, selection) for pair in _pairs(u.topics))

    def head(k: Key) -> Row:
        return (
            _iri(k[0]),
            e.labels.get(k[0]),
            e.notations.get(k[0]),
            _iri(k[1]),
            e.labels.get(k[1]),
            e.notations.get(k[1]),
        )

    return _result(
        f"source sourceLabel sourceNotation target targetLabel targetNotation {EDGE}", _edge_rows(groups, head)
    )


def view_stance(index: ViewIndex, selection: Selection) -> QueryResult:
    """kg/queries/view-stance.rq: (holder, target, act) by positions, with the act's CAMEO class and sign."""
    e = index.entities
    groups = _gather(
        ((p.holder, p.target, p.act), p.item)
        for u, p in _positions(select(index, selection))
        if p.holder is not None and p.target is not None and p.act is not None
    )

    def head(k: Key) -> Row:
        source, target, act = k
        types = sorted(t for t in e.types.get(target, ()) if t in TARGET_TYPES)
        code, quad, quad_label, sign = e.cameo.get(act, (None, None, None, None))
        return (
            _iri(source), e.labels.get(source), _iri(target), e.labels.get(target), _iri(types[0]) if types else None,
            _iri(act), e.notations.get(act), e.labels.get(act), code, quad, quad_label, sign,
        )  # fmt: skip

    return _result(
        f"source sourceLabel target targetLabel targetType act actNotation actLabel cameo quad quadLabel sign {EDGE}",
        _edge_rows(groups, head),
    )


def report_most_targeted_countries(index: ViewIndex, selection: Selection) -> QueryResult:
    """kg/queries/report-most-targeted-countries.rq: positions per target country, most first."""
    e = index.entities
    groups = _gather(
        ((p.target,), p.iri)
        for u, p in _positions(select(index, selection))
        if p.target is not None and COUNTRY in e.types.get(p.target, ())
    )
    rows = sorted(
        ((k[0], e.labels.get(k[0]), len(g)) for k, g in groups.items()),
        key=lambda r: (-r[2], _asc(_lexical(r[1])), r[0]),
    )
    return _result("target label positions", ((_iri(t), label, _integer(n)) for t, label, n in rows))


def report_outlet_activity(index: ViewIndex, selection: Selection) -> QueryResult:
    """kg/queries/report-outlet-activity.rq: exchanges and briefings per outlet, with the date span."""
    e = index.entities
    exchanges = [u for u in select(index, selection) if u.exchange]
    units = _gather(((o,), u.item) for u in exchanges for o in u.outlets)
    briefings = _gather(((o,), u.briefing) for u in exchanges for o in u.outlets)
    rows = []
    for key, items in units.items():
        count, first, last, _ = _spread(items)
        label = e.labels.get(key[0])
        row = (_iri(key[0]), label, count, _integer(len(briefings[key])), first, last)
        rows.append(((-len(items), _asc(_lexical(label)), key[0]), row))
    return _result("outletNode outletLabel exchanges briefings first last", _ordered(rows))


def report_positions_by_month(index: ViewIndex, selection: Selection) -> QueryResult:
    """kg/queries/report-positions-by-month.rq: positions per target country, month and act (dated only)."""
    e = index.entities
    countries = {iri for iri, types in e.types.items() if COUNTRY in types}
    groups = _gather(
        ((p.target, u.date[:7], p.act), p.iri)
        for u in select(index, selection)
        if u.date is not None
        for p in u.positions
        if p.act is not None and p.target in countries
    )
    rows = []
    for (target, month, act), positions in groups.items():
        notation = e.notations.get(act)
        row = (_iri(target), e.labels.get(target), _plain(month), _iri(act), notation, _integer(len(positions)))
        rows.append(((target, month, _asc(_lexical(notation)), act), row))
    return _result("target label month act actNotation positions", _ordered(rows))


def report_quoted_statements(index: ViewIndex, selection: Selection) -> QueryResult:
    """kg/queries/report-quoted-statements.rq: per act, each evidence sentence, how often and where last."""
    e = index.entities
    # Per (act, evidence): the positions, the briefings and MAX(?item), the latest "date|unit IRI", in one
    # entry, so that each position costs one lookup (there are tens of thousands).
    groups: dict[Key, tuple[set[str], set[str], list[str]]] = {}
    for u in select(index, selection):
        item, briefing = u.item, u.briefing
        for p in u.positions:
            if p.act is None or p.evidence is None:
                continue
            key = (p.act, p.evidence)
            found = groups.get(key)
            if found is None:
                groups[key] = ({p.iri}, {briefing}, [item])
            else:
                found[0].add(p.iri)
                found[1].add(briefing)
                if item > found[2][0]:
                    found[2][0] = item
    rows = []
    for (act, evidence), (positions, briefings, (last,)) in groups.items():
        notation = e.notations.get(act)
        count = len(positions)
        row = (_iri(act), notation, ox.Literal(evidence), _integer(count), _integer(len(briefings)), _plain(last))
        rows.append(((_asc(_lexical(notation)), -count, _Desc(last), act, evidence), row))
    return _result("act actNotation evidence positions briefings latest", _ordered(rows))


@dataclass(frozen=True, slots=True)
class _Desc:
    """A string that sorts in descending order (DESC of a string key)."""

    value: str

    def __lt__(self, other: _Desc) -> bool:
        return self.value > other.value


def report_topic_mix_per_outlet(index: ViewIndex, selection: Selection) -> QueryResult:
    """kg/queries/report-topic-mix-per-outlet.rq: exchanges per (outlet, topic)."""
    e = index.entities
    groups = _gather(
        ((o, t), u.iri) for u in select(index, selection) if u.exchange for o in u.outlets for t in u.topics
    )
    rows = []
    for (outlet, topic), units in groups.items():
        label, notation = e.labels.get(outlet), e.notations.get(topic)
        row = (_iri(outlet), label, _iri(topic), notation, _integer(len(units)))
        rows.append(((_asc(_lexical(label)), -len(units), _asc(_lexical(notation)), outlet, topic), row))
    return _result("outletNode outletLabel topicNode topicNotation exchanges", _ordered(rows))


def report_topics_by_spokesperson(index: ViewIndex, selection: Selection) -> QueryResult:
    """kg/queries/report-topics-by-spokesperson.rq: units per (spokesperson, topic)."""
    e = index.entities
    groups = _gather(((s, t), u.iri) for u in select(index, selection) for s in u.spokespersons for t in u.topics)
    rows = []
    for (speaker, topic), units in groups.items():
        name, notation = e.labels.get(speaker), e.notations.get(topic)
        row = (_iri(speaker), name, _iri(topic), notation, _integer(len(units)))
        rows.append(((_asc(_lexical(name)), -len(units), _asc(_lexical(notation)), speaker, topic), row))
    return _result("speaker speakerName topicNode topicNotation units", _ordered(rows))


def questions_from_outlet(index: ViewIndex, bindings: Mapping[str, Term]) -> QueryResult | None:
    """kg/queries/questions-from-outlet.rq: every question of the outlet named exactly (label or alt label)."""
    outlet = bindings.get("outlet")
    if not isinstance(outlet, ox.Literal) or set(bindings) != {"outlet"}:
        return None
    outlets = index.entities.named.get(outlet, frozenset())
    asked = {u.iri: u for o in outlets for u in index.by_outlet.get(o, ())}  # an exchange once, however named
    found = [u for u in asked.values() if u.ordinal is not None and u.question is not None]
    found.sort(key=lambda u: (_asc(u.date), u.briefing, int(u.ordinal or 0)))
    rows = (
        (None if u.date is None else _date(u.date), _iri(u.briefing), _integer(int(u.ordinal or 0)), _iri(u.iri),
         ox.Literal(u.question or ""))
        for u in found
    )  # fmt: skip
    return _result("date briefing ordinal exchange question", rows)


def briefings_per_spokesperson(index: ViewIndex, bindings: Mapping[str, Term]) -> QueryResult | None:
    """kg/queries/briefings-per-spokesperson.rq: briefings per spokesperson (who has a label), first and last."""
    if bindings:
        return None
    held: dict[str, list[str | None]] = {}
    for briefing in index.briefings:
        for speaker in briefing.spokespersons:
            held.setdefault(speaker, []).append(briefing.date)
    rows = []
    for speaker, dates in held.items():
        name = index.entities.labels.get(speaker)
        if name is None:
            continue
        dated = [d for d in dates if d is not None]
        first, last = (_date(min(dated)), _date(max(dated))) if dated else (None, None)
        rows.append(((-len(dates), name.value), (_iri(speaker), name, _integer(len(dates)), first, last)))
    return _result("spokesperson name briefings first last", _ordered(rows))


ViewQuery = Callable[[ViewIndex, Selection], QueryResult]
# Named queries that scan the whole store for one value and answer from the index too; None: run the SPARQL.
ScanQuery = Callable[[ViewIndex, Mapping[str, Term]], QueryResult | None]

VIEW_QUERIES: dict[str, ViewQuery] = {
    "view-outlet-topic": view_outlet_topic,
    "view-outlet-country": view_outlet_country,
    "view-country-comention": view_country_comention,
    "view-person-country": view_person_country,
    "view-topic-cooccurrence": view_topic_cooccurrence,
    "view-stance": view_stance,
    "report-most-targeted-countries": report_most_targeted_countries,
    "report-outlet-activity": report_outlet_activity,
    "report-positions-by-month": report_positions_by_month,
    "report-quoted-statements": report_quoted_statements,
    "report-topic-mix-per-outlet": report_topic_mix_per_outlet,
    "report-topics-by-spokesperson": report_topics_by_spokesperson,
}


SCAN_QUERIES: dict[str, ScanQuery] = {
    "questions-from-outlet": questions_from_outlet,
    "briefings-per-spokesperson": briefings_per_spokesperson,
}


def answer_from_index(store: ox.Store, name: str, bindings: Mapping[str, Term]) -> QueryResult | None:
    """The index's answer to the named query, or None where it cannot give one (not a registered query, a
    store not opened by ``open_store``, a generation without index, parameters it does not take)."""
    answer, scan = VIEW_QUERIES.get(name), SCAN_QUERIES.get(name)
    generation = store_generation(store) if answer is not None or scan is not None else None
    if generation is None:
        return None
    if scan is not None:
        index = load_view_index(generation, store)
        return None if index is None else scan(index, bindings)
    if answer is None:
        return None
    selection = selection_from(bindings)
    index = load_view_index(generation, store) if selection is not None else None
    if selection is None or index is None:
        return None
    return answer(index, selection)


def run_named(
    store: ox.Store | GraphStore,
    name: str,
    bindings: Mapping[str, Term] | None = None,
    *,
    limit: int | None = None,
) -> QueryResult:
    """Run the named query ``name`` (``kg/queries/<name>.rq``) with ``bindings``: every caller's way in.

    On an embedded store opened by ``kg.store.open_store`` whose generation has a view index, the queries of
    :data:`VIEW_QUERIES` are answered from it (milliseconds, not seconds); otherwise, and on remote
    endpoints, the query's SPARQL runs.
    """
    bindings = bindings or {}
    found = answer_from_index(store, name, bindings) if isinstance(store, ox.Store) else None
    if found is None:
        return run_query(store, named_query(name).sparql, bindings=bindings, limit=limit)
    return found if limit is None else QueryResult(found.variables, found.rows[:limit])
