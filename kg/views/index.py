"""The view and report queries evaluated on the view index (``kg.viewindex``), from their ``kg.views.spec``
entries: the same variables, rows, values and datatypes as their SPARQL (counts xsd:integer, dates xsd:date,
``serves`` xsd:boolean), in the same ORDER BY, ties broken by the keys.

The walk is in two steps: :func:`groups` gathers, per key, the "date|IRI" items of the counted units or
positions (and, where a view measures them, the briefings and the latest unit); :func:`rows` turns the groups
into the result. The totals a build aggregates (``kg.views.totals``) are made by the same walk
(:func:`found_in`) and become rows the same way (:func:`rows_of`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import product
from operator import attrgetter
from typing import Any

import pyoxigraph as ox

from kg.namespace import XSD
from kg.rdf import label_literal
from kg.store import QueryResult, Term
from kg.viewindex import Entities
from kg.views.filter import ViewFilter, unit_tests
from kg.views.spec import COLUMNS, FACETS, Facet, Out, View, decimal_literal
from kg.viewunits import Unit, ViewIndex

XSD_DATE = ox.NamedNode(XSD + "date")
XSD_INTEGER = ox.NamedNode(XSD + "integer")

Row = tuple[Term | None, ...]
Key = tuple[str, ...]


# The unit attribute each filter's test reads (kg.views.filter): units with equal values pass or fail it alike,
# so the test runs once per distinct value (a few hundred outlets, dates or topic sets, not tens of thousands
# of units) and only the units of passing values are kept. A filter not listed is tested unit by unit.
FILTER_READS: dict[str, str] = {
    "from": "date",
    "to": "date",
    "spokesperson": "spokespersons",
    "outlet": "outlets",
    "topic": "topics",
    "country": "mentions",
    "lang": "language",
}


def select(index: ViewIndex, chosen: ViewFilter) -> list[Unit]:
    """The units the filter keeps, in index order: every set field must match, as the SPARQL selection's
    filters do."""
    selecting = chosen.selecting()
    tests = dict(zip(selecting, unit_tests(index.entities, chosen), strict=True))
    if not tests:
        return list(index.units)
    kept: set[int] | None = None
    for param, test in list(tests.items()):
        attr = FILTER_READS.get(param)
        if attr is None:
            continue
        del tests[param]
        passing = {i for value, at in index.partition(attr).items() if test(index.units[at[0]]) for i in at}
        kept = passing if kept is None else kept & passing
    units = index.units if kept is None else [index.units[i] for i in sorted(kept)]
    return [u for u in units if all(test(u) for test in tests.values())]


# -- terms ------------------------------------------------------------------------------------------------
# The same few thousand entity IRIs, counts and dates head every result: each term is made once.


@functools.lru_cache(maxsize=1 << 16)
def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


@functools.lru_cache(maxsize=1 << 14)
def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


@functools.lru_cache(maxsize=1 << 16)
def date(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=XSD_DATE)


@functools.lru_cache(maxsize=1 << 16)
def plain(value: str) -> ox.Literal:
    return ox.Literal(value)


def literal_key(value: str) -> ox.Literal:
    """A literal key as the store holds it (``label_literal``). ASCII text has no Han characters, so it is
    English, a plain literal: not counting them saves three quarters of report-quoted-statements' rows step."""
    return plain(value) if value.isascii() else label_literal(value)


# -- gathering ----------------------------------------------------------------------------------------------
# These loops run once per unit or position (tens of thousands per query): each is one generator over the
# units, whose facets are read by attrgetter (C) where they are plain attributes, so no Python call is made
# per unit (which would double a query's time).


@dataclass(frozen=True, slots=True)
class Groups:
    """GROUP BY: per key, the "date|IRI" items of the counted units or positions; where the view measures
    them, the briefings and the latest "date|unit IRI" item too (else empty)."""

    items: dict[Key, set[str]]
    briefings: dict[Key, set[str]]
    latest: dict[Key, str]
    weights: dict[str, Decimal]  # per position item, its act's Goldstein weight (where a view sums them)


def _pairs(ordered: Sequence[str]) -> list[Key]:
    """Each pair of a sorted sequence once, in order (``a < b``), as ``FILTER(STR(?a) < STR(?b))``."""
    return [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :]]


def key_order(view: View) -> list[Out]:
    """The key variables in the order the index's group keys hold them: the unit's facets, then the position's
    (a unit's part of a key is found once per unit, not once per position)."""
    keys = view.key_outputs()
    return [k for k in keys if not FACETS[k.kind].positional] + [k for k in keys if FACETS[k.kind].positional]


Reader = Callable[[Any], Sequence[str]]
Found = Iterator[tuple[Key, str, Unit]]  # (key, "date|IRI" item of the counted thing, its unit)


def _typed(facet: Facet, e: Entities) -> frozenset[str] | None:
    """The IRIs of the facet's rdf:type, or None where it takes any."""
    return None if facet.typed is None else e.instances.get(facet.typed, frozenset())


def _reader(facet: Facet, e: Entities) -> Reader:
    """The values of one facet of a unit: sorted, distinct, empty where it has none."""
    get = attrgetter(facet.attr)
    typed = _typed(facet, e)
    return get if typed is None else lambda u: [v for v in get(u) if v in typed]


def _unit_keys(view: View, units: list[Unit], readers: list[Reader]) -> Found:
    """Each unit with each of its keys (its part of the keys, for positional views) and its item."""
    if view.pair:
        both = readers[0]  # both keys range over the same facet
        return ((pair, u.item, u) for u in units for pair in _pairs(both(u)))
    if not readers:
        return (((), u.item, u) for u in units)
    if len(readers) == 1:
        (first,) = readers
        return (((a,), u.item, u) for u in units for a in first(u))
    if len(readers) == 2:
        first, second = readers
        return (((a, b), u.item, u) for u in units for a in first(u) for b in second(u))
    return ((key, u.item, u) for u in units for key in product(*(read(u) for read in readers)))


def _found(view: View, e: Entities, units: list[Unit]) -> Found:
    """Each counted unit or position with each key it counts toward."""
    ordered = [FACETS[k.kind] for k in key_order(view)]
    readers = [_reader(f, e) for f in ordered if not f.positional]
    if view.counted != "position":
        return _unit_keys(view, units, readers)
    facets = [f for f in ordered if f.positional]
    if not facets:
        return ((key, p.item, u) for key, _, u in _unit_keys(view, units, readers) for p in u.positions)
    # Positions have one value of each facet (None where absent): read at once, as a tuple (of one facet, its
    # attribute twice, cut to one). A full slice of a tuple is the tuple itself: keys are not copied.
    width = len(facets)
    get = attrgetter(*(f.attr for f in facets)) if width > 1 else attrgetter(facets[0].attr, facets[0].attr)
    typed = [(i, found) for i, f in enumerate(facets) if (found := _typed(f, e)) is not None]
    if len(typed) > 1:
        return (
            ((*key, *values[:width]), p.item, u)
            for key, _, u in _unit_keys(view, units, readers)
            for p in u.positions
            if None not in (values := get(p)) and all(values[i] in allowed for i, allowed in typed)
        )
    # The common cases, spelt out: this loop runs once per position.
    at, allowed = typed[0] if typed else (0, None)
    if readers and allowed is None:
        return (
            ((*key, *values[:width]), p.item, u)
            for key, _, u in _unit_keys(view, units, readers)
            for p in u.positions
            if None not in (values := get(p))
        )
    if readers and allowed is not None:
        return (
            ((*key, *values[:width]), p.item, u)
            for key, _, u in _unit_keys(view, units, readers)
            for p in u.positions
            if None not in (values := get(p)) and values[at] in allowed
        )
    if allowed is None:
        return ((values[:width], p.item, u) for u in units for p in u.positions if None not in (values := get(p)))
    return (
        (values[:width], p.item, u)
        for u in units
        for p in u.positions
        if None not in (values := get(p)) and values[at] in allowed
    )


def found_in(view: View, e: Entities, units: list[Unit]) -> Found:
    """Each unit or position of ``units`` that ``view`` counts, with each key it counts toward."""
    if view.counted == "exchange":
        units = [u for u in units if u.exchange]
    return _found(view, e, units)


def groups(view: View, index: ViewIndex, chosen: ViewFilter) -> Groups:
    """The groups of ``view`` over the units (or their positions) the filter selects."""
    units = select(index, chosen)
    kinds = {o.kind for o in view.outputs if o.role == "measure"}
    out = Groups({}, {}, {}, {})
    items, briefings, latest = out.items, out.briefings, out.latest
    found = found_in(view, index.entities, units)
    if "stance" in kinds:  # as the SPARQL's inner join: only the positions whose act has a weight count
        weight = index.entities.goldstein
        out.weights.update(
            (p.item, w) for u in units for p in u.positions if (w := weight.get(p.act or "")) is not None
        )
        found = (f for f in found if f[1] in out.weights)
    if not kinds & {"briefings", "latest"}:
        for key, item, _ in found:
            group = items.get(key)
            if group is None:
                items[key] = {item}
            else:
                group.add(item)
        return out
    for key, item, u in found:
        group = items.get(key)
        if group is None:
            items[key], briefings[key], latest[key] = {item}, {u.briefing}, u.item
            continue
        group.add(item)
        briefings[key].add(u.briefing)
        if u.item > latest[key]:
            latest[key] = u.item
    return out


# -- rows ---------------------------------------------------------------------------------------------------
# Built a column at a time (each a comprehension over the groups), then zipped into rows and put in order.


def _first(items: list[str]) -> ox.Literal | None:
    """The earliest date of sorted "date|IRI" items (ISO dates sort as text; undated "-|IRI" sort first)."""
    found = next((i for i in items if not i.startswith("-|")), None)
    return None if found is None else date(found.partition("|")[0])


def _last(items: list[str]) -> ox.Literal | None:
    return None if items[-1].startswith("-|") else date(items[-1].partition("|")[0])


# Each measure's index form: its terms, one per key, from the groups and each key's items sorted (sorted only
# for the measures of _SORTED: sorting is the costly part); and, for numbers, what ORDER BY compares.
Aggregate = Callable[[Groups, list[Key], list[list[str]]], tuple[list[Term | None], list[Any] | None]]


def _count(g: Groups, keys: list[Key], _: list[list[str]]) -> tuple[list[Term | None], list[Any] | None]:
    counts = [len(g.items[k]) for k in keys]
    return [integer(n) for n in counts], counts


def _briefings(g: Groups, keys: list[Key], _: list[list[str]]) -> tuple[list[Term | None], list[Any] | None]:
    counts = [len(g.briefings[k]) for k in keys]
    return [integer(n) for n in counts], counts


def _stance(g: Groups, keys: list[Key], _: list[list[str]]) -> tuple[list[Term | None], list[Any] | None]:
    sums = [sum((g.weights[i] for i in g.items[k]), Decimal(0)) for k in keys]
    return [decimal_literal(s) for s in sums], sums


AGGREGATES: dict[str, Aggregate] = {
    "stance": _stance,
    "count": _count,
    "briefings": _briefings,
    "first": lambda g, keys, items: ([_first(i) for i in items], None),
    "last": lambda g, keys, items: ([_last(i) for i in items], None),
    "evidence": lambda g, keys, items: ([ox.Literal(" ".join(i)) for i in items], None),
    "latest": lambda g, keys, items: ([plain(g.latest[k]) for k in keys], None),
}
_SORTED = frozenset({"first", "last", "evidence"})
_NUMBERS = frozenset({"count", "briefings"})  # the measures whose ORDER BY compares numbers


Column = tuple[list[Term | None], list[Any] | None]


def _column(out: Out, view: View, e: Entities, keys: list[Key]) -> Column:
    """A key's or a column's terms, one per key."""
    at = {k.name: i for i, k in enumerate(key_order(view))}
    if out.role == "key":
        # A literal key as the store holds it: text in Chinese comes from a Chinese briefing, tagged @zh there.
        i, term = at[out.name], literal_key if FACETS[out.kind].literal else iri
        return [term(k[i]) for k in keys], None
    lookup = COLUMNS[out.kind].lookup(e)
    if len(out.of) == 1:
        i = at[out.of[0]]
        return [lookup(k[i]) for k in keys], None
    i, j = (at[name] for name in out.of)
    return [lookup(k[i], k[j]) for k in keys], None


def rows_of(view: View, e: Entities, keys: list[Key], measure: Callable[[str], Column]) -> list[Row]:
    """The result rows of ``keys`` (in ``key_order``), whose measures ``measure`` gives by kind, in the view's
    ORDER BY, ties broken by the keys: how the walked groups and the build's totals both become rows."""
    columns = {o.name: measure(o.kind) if o.role == "measure" else _column(o, view, e, keys) for o in view.outputs}
    made = list(zip(*(columns[o.name][0] for o in view.outputs), strict=True))
    return [made[i] for i in _order(view, columns, keys)]


def rows(view: View, e: Entities, gathered: Groups) -> list[Row]:
    """The result rows of the groups, in the view's ORDER BY, ties broken by the keys."""
    keys = list(gathered.items)
    needs_sorted = any(o.kind in _SORTED for o in view.outputs if o.role == "measure")
    items = [sorted(gathered.items[k]) for k in keys] if needs_sorted else []
    return rows_of(view, e, keys, lambda kind: AGGREGATES[kind](gathered, keys, items))


def _order(view: View, columns: dict[str, Any], keys: list[Key]) -> list[int]:
    """The rows' positions in ORDER BY order: unbound first, then numbers, or lexical forms by code point (as
    Oxigraph compares them); ties broken by the keys."""
    compared: list[tuple[bool, Any, list[Any]]] = []
    for name in view.order:
        terms, numbers = columns[name.lstrip("-")]
        compared.append((name.startswith("-"), numbers, numbers or _texts(terms)))
    if all(numbers is not None for descending, numbers, _ in compared if descending):
        # One sort on composite keys: a descending number is its negative.
        signed = ([-n for n in c] if descending else c for descending, _, c in compared)
        composite = list(zip(*signed, keys, strict=True))
        return sorted(range(len(keys)), key=composite.__getitem__)
    # A descending text: one stable sort per column, the last first, after the keys.
    order = sorted(range(len(keys)), key=keys.__getitem__)
    for descending, _, values in reversed(compared):
        order.sort(key=values.__getitem__, reverse=descending)
    return order


def _texts(terms: list[Term | None]) -> list[tuple[int, str]]:
    """What ORDER BY compares of terms: unbound first, then lexical forms. The same term object (a label) heads
    many rows: its form is read once."""
    seen: dict[int, tuple[int, str]] = {}
    out = []
    for t in terms:
        found = seen.get(id(t))
        if found is None:
            found = seen[id(t)] = (0, "") if t is None else (1, _value(t))
        out.append(found)
    return out


def in_view_order(view: View, result: QueryResult) -> QueryResult:
    """The rows of the view's SPARQL (which carries no ORDER BY where ``view.sorted_in_sparql()`` is false, and
    leaves ties to the engine where it does) in the order :func:`rows` gives the index's: the same comparisons,
    ties broken by the keys."""
    at = {name: i for i, name in enumerate(result.variables)}
    columns: dict[str, Any] = {}
    for out in view.outputs:
        terms = [row[at[out.name]] for row in result.rows]
        numbers = out.role == "measure" and out.kind in _NUMBERS
        columns[out.name] = (terms, [int(_value(t) or 0) for t in terms] if numbers else None)
    keys = [tuple(_value(row[at[k.name]]) for k in key_order(view)) for row in result.rows]
    return QueryResult(result.variables, tuple(result.rows[i] for i in _order(view, columns, keys)))


def _value(term: Term | None) -> str:
    if term is None:
        return ""
    return term.value if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode) else str(term)


# Answers kept per generation for filters other than the whole store's; the oldest go first beyond this.
MEMO_FILTERED = 256


def evaluate(view: View, index: ViewIndex, chosen: ViewFilter) -> QueryResult:
    """The rows of ``view`` on the index, under the filter: what its SPARQL returns on the same store.

    A generation never changes, so each answer is computed once per process and kept with its index (the
    whole store's for every view; the latest :data:`MEMO_FILTERED` filtered ones): repeated queries, the
    common case of a served report, cost a lookup. A new generation has a new index, and an empty memo.
    """
    selecting = tuple(sorted(chosen.selecting().items()))
    memo = index.memo
    found = memo.get((view, selecting))
    if found is None:
        found = QueryResult(view.variables(), tuple(rows(view, index.entities, groups(view, index, chosen))))
        if selecting:
            filtered = [k for k in list(memo) if k[1]]  # a copy: another thread may be adding one
            for old in filtered[: max(0, len(filtered) - MEMO_FILTERED + 1)]:
                memo.pop(old, None)
        memo[(view, selecting)] = found
    return found
