"""View data aggregated when a build commits: per view and key, what the view's measures need, so that a view's
answer over the whole store is a lookup of a few thousand finished rows, not a pass over every unit.

The ``total`` table of the generation's index file (``kg.viewindex``) holds them, per view and key: the sum of
every briefing's share (:class:`Total`), with the finished measures in columns (what a query reads) and what a
later subtraction needs (``state``). :func:`update_totals` keeps it in the same transaction as the briefing
facts.

Shares add and subtract exactly: each unit or position belongs to one briefing, so counts and Goldstein sums
add, a key's briefings are the briefings with a share, its evidence is the union of the shares' items, and
``first``/``last``/``latest`` come from per-date and per-unit counts, which subtract too. A build therefore
subtracts the shares of the briefings it replaces or removes (made again from their stored facts) and adds
those of the briefings it loads; only the keys they touch are rewritten. The shares are made by the same walk
as the index's answers (``kg.views.index``), and tests compare the totals' rows with SPARQL's.

A filtered query still walks the units it selects (``kg.views.index.evaluate``): the filter narrows them first.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import hashlib
import json
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.namespace import PK, SKOS
from kg.process import collector_paused
from kg.rdf import ENTITIES_GRAPH, ONTOLOGY_GRAPH, TYPE
from kg.store import QueryResult, Term, open_generation, views_path
from kg.viewindex import Entities, goldstein_weights, read_entities
from kg.views.index import Key, date, found_in, integer, plain, rows_of
from kg.views.spec import AGGREGATED, FACETS, MEASURES, View, decimal_literal
from kg.viewunits import Unit, units_of

# Bumped with the layout of the two tables; with the views' definitions it makes the fingerprint an index's
# totals were made under: another fingerprint rebuilds them from the briefing facts.
LAYOUT = "4"
SEP = "\x1f"  # between a key's values in the ``key`` column (no IRI, date or text value holds it)

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS total (view TEXT, key TEXT, n INTEGER NOT NULL, b INTEGER NOT NULL, stance TEXT, "
    "first TEXT, last TEXT, latest TEXT, evidence TEXT, state TEXT, PRIMARY KEY (view, key))"
)


def fingerprint(views: Iterable[View] | None = None) -> str:
    """What the totals depend on besides the facts: the layout and each view's keys, facets and measures."""
    views = AGGREGATED.values() if views is None else views
    text = repr((LAYOUT, tuple(views), sorted(FACETS.items()), sorted(MEASURES.items())))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Total:
    """One key's aggregate, or one briefing's share of it: counted things ``n``, briefings ``b``, the sum of their
    Goldstein weights; where the view measures them, the "date|IRI" items (evidence), the counted things per
    date ("-" undated: first and last) and per unit item (latest)."""

    n: int = 0
    b: int = 0
    stance: Decimal = Decimal(0)
    items: list[str] | None = None  # sorted
    dates: Counter[str] | None = None
    latest: Counter[str] | None = None

    def add(self, share: Total, sign: int = 1) -> None:
        """Add (``sign`` 1) or subtract (-1) a share."""
        self.n += sign * share.n
        self.b += sign * share.b
        self.stance += share.stance if sign > 0 else -share.stance
        if share.items is not None:
            self.items = _merged(self.items, share.items, sign)
        self.dates = _counted(self.dates, share.dates, sign)
        self.latest = _counted(self.latest, share.latest, sign)

    def finished(self) -> tuple[int, int, str, str | None, str | None, str | None, str | None]:
        """The stored measures: count, briefings, stance, first, last, latest, evidence (sorted items)."""
        ordered = self.items
        if ordered is not None:  # undated "-|IRI" items sort first
            first = next((i.partition("|")[0] for i in ordered if not i.startswith("-|")), None)
            last = ordered[-1].partition("|")[0] if ordered and not ordered[-1].startswith("-|") else None
        else:
            dated = [d for d in self.dates or () if d != "-"]
            first, last = (min(dated), max(dated)) if dated else (None, None)
        latest = max(self.latest) if self.latest else None
        evidence = " ".join(ordered) if ordered is not None else None
        return self.n, self.b, _decimal(self.stance), first, last, latest, evidence


def _merged(mine: list[str] | None, given: list[str], sign: int) -> list[str]:
    """Sorted items plus or minus others (a few, into thousands: placed by bisection, not sorted again)."""
    if not mine:
        return list(given) if sign > 0 else []
    for item in given:
        at = bisect.bisect_left(mine, item)
        present = at < len(mine) and mine[at] == item
        if sign > 0 and not present:
            mine.insert(at, item)
        elif sign < 0 and present:
            del mine[at]
    return mine


def _counted(mine: Counter[str] | None, given: Counter[str] | None, sign: int) -> Counter[str] | None:
    """Counts plus or minus others; a count that reaches zero goes."""
    if given is None:
        return mine
    mine = mine if mine is not None else Counter()
    if sign > 0:
        mine.update(given)
        return mine
    mine.subtract(given)
    for value in given:
        if mine[value] <= 0:
            del mine[value]
    return mine


def _decimal(value: Decimal) -> str:
    """One text per value (7 whether summed as 4 + 3 or left as 10.0 - 3.0)."""
    return format(value.normalize(), "f")


@dataclass(frozen=True, slots=True)
class Keeps:
    """What a view's totals keep besides counts, from its measures."""

    items: bool
    dates: bool
    latest: bool
    stance: bool


@functools.cache
def keeps(view: View) -> Keeps:
    kinds = {o.kind for o in view.outputs if o.role == "measure"}
    items = "evidence" in kinds
    return Keeps(items, not items and bool(kinds & {"first", "last"}), "latest" in kinds, "stance" in kinds)


def shares(view: View, entities: Entities, units: list[Unit]) -> dict[Key, Total]:
    """The share of ``units`` (of one briefing or several) in each key of ``view``: the walk of
    ``kg.views.index``, whose answers the totals must give."""
    kept = keeps(view)
    weights: dict[str, Decimal] = {}
    if kept.stance:  # as the SPARQL's inner join: only the positions whose act has a weight count
        weight = entities.goldstein
        weights = {p.item: w for u in units for p in u.positions if (w := weight.get(p.act or "")) is not None}
    grouped: dict[Key, dict[str, Unit]] = {}
    for key, item, unit in found_in(view, entities, units):
        if kept.stance and item not in weights:
            continue
        group = grouped.get(key)
        if group is None:
            grouped[key] = {item: unit}
        else:
            group[item] = unit
    return {
        key: Total(
            len(items),
            len({u.briefing for u in items.values()}),
            sum((weights[i] for i in items), Decimal(0)) if kept.stance else Decimal(0),
            sorted(items) if kept.items else None,
            Counter(i.partition("|")[0] for i in items) if kept.dates else None,
            Counter(u.item for u in items.values()) if kept.latest else None,
        )
        for key, items in grouped.items()
    }


# -- at commit ------------------------------------------------------------------------------------------------
# A briefing's share depends on its facts and on the types of the entities it names (countries, persons, a
# typed facet's class) and on its acts' Goldstein weights: each commit keeps these few (``typing`` in meta), so
# that the next one can make again, exactly, the shares of the briefings it replaces or removes, whose entity
# descriptions may be gone from the new store by then. Entities are typed by the briefing that names them, so
# the snapshot of the commit that last saw a briefing types all it names.


_CLASSES = sorted({PK.Country, PK.Person} | {f.typed for f in FACETS.values() if f.typed is not None})


def typing_of(entities: Entities) -> dict[str, Any]:
    """What the shares read of the entity descriptions, as JSON: the instances of each class they test (the
    mentions' Country and Person, the typed facets') and the Goldstein weights."""
    return {
        "instances": {c: sorted(entities.instances.get(c, ())) for c in _CLASSES},
        "goldstein": {act: str(weight) for act, weight in sorted(entities.goldstein.items())},
        "outletTypes": dict(sorted(entities.outlet_types.items())),
    }


def entities_of(typing: Mapping[str, Any]) -> Entities:
    """The entity descriptions a snapshot of :func:`typing_of` gives back (all the shares read)."""
    instances = {c: frozenset(iris) for c, iris in typing["instances"].items()}
    types: dict[str, set[str]] = {}
    for c, iris in instances.items():
        for iri in iris:
            types.setdefault(iri, set()).add(c)
    goldstein = {act: Decimal(weight) for act, weight in typing["goldstein"].items()}
    frozen = {iri: frozenset(found) for iri, found in types.items()}
    outlet_types = dict(typing.get("outletTypes", {}))
    return Entities({}, {}, {}, frozen, {}, {}, frozenset(), {}, instances, goldstein, outlet_types)


def stored_facts(db: sqlite3.Connection, keys: Iterable[str]) -> dict[str, bytes]:
    """The stored facts of those of ``keys`` the index holds: read before a commit replaces or removes them."""
    out = {}
    for key in sorted(set(keys)):
        row = db.execute("SELECT facts FROM briefing WHERE key = ?", (key,)).fetchone()
        if row is not None:
            out[key] = row[0]
    return out


def update_totals(
    db: sqlite3.Connection,
    generation: Path,
    dropped: Mapping[str, bytes],
    added: Iterable[str],
    *,
    store: ox.Store | None = None,
    typing: str | None = None,
    described: bytes | None = None,
) -> bool:
    """Bring the totals of the index ``db`` (open in a transaction, its briefing rows already updated) in step:
    subtract the shares of the ``dropped`` facts (those the commit replaces or removes, as they were stored),
    add the shares of the ``added`` keys' facts. Totals of another fingerprint are rebuilt from every briefing.
    The entity descriptions come from ``store`` where given (the generation's, open), else from ``generation``;
    where the commit only adds briefings, from the previous generation's snapshot (``typing``) grown by the
    descriptions it loaded (``described``: ``_grown``), which is what the store holds then, without opening it.
    A commit that adds or drops briefings writes the typing snapshot of the new generation (so that every snapshot
    is its store's, which the next add may grow); returns whether it did."""
    made = fingerprint()
    stored = dict(db.execute("SELECT name, value FROM meta WHERE name IN ('totals', 'typing')").fetchall())
    delta: dict[str, dict[Key, list[tuple[int, Total]]]] = {name: {} for name in AGGREGATED}
    fresh = stored.get("totals") != made or "typing" not in stored
    if fresh:
        db.execute("DROP TABLE IF EXISTS total")  # its layout may be another's
    db.execute(SCHEMA)
    if fresh:
        added = [k for (k,) in db.execute("SELECT key FROM briefing")]
    elif dropped:
        _gather(delta, -1, entities_of(json.loads(stored["typing"])), dropped.values())
    added = sorted(set(added))
    entities = None
    if added or dropped or "typing" not in stored:
        grown = None
        if not fresh and not dropped and typing is not None and described is not None:  # the commit only adds
            grown = _grown(typing, described)
        entities = grown if grown is not None else _entities(generation, store)
    if entities is not None:
        # Made afresh, every briefing is read in one pass, in key order as ``_records`` gives them.
        every = "SELECT facts FROM briefing ORDER BY key"
        _gather(delta, 1, entities, (b for (b,) in db.execute(every)) if fresh else (b for _, b in _records(db, added)))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('typing', ?)", (json.dumps(typing_of(entities)),))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('totals', ?)", (made,))
    for name, touched in delta.items():
        _apply(db, name, touched, fresh=fresh)
    return entities is not None


def _gather(
    delta: dict[str, dict[Key, list[tuple[int, Total]]]], sign: int, entities: Entities, facts: Iterable[bytes]
) -> None:
    """The share of the briefings of ``facts`` in each view's keys, added to ``delta`` with ``sign``."""
    with collector_paused():  # objects made, not garbage: the cyclic collector would walk them again and again
        units = [u for blob in facts for u in units_of(json.loads(blob), entities)[1]]
        for name, view in AGGREGATED.items():
            touched = delta[name]
            for key, share in shares(view, entities, units).items():
                touched.setdefault(key, []).append((sign, share))


def _records(db: sqlite3.Connection, keys: list[str]) -> list[tuple[str, bytes]]:
    return list(stored_facts(db, keys).items())


def _entities(generation: Path, store: ox.Store | None = None) -> Entities:
    """What the shares read of the generation's entity descriptions (:func:`typing_of`), read by pattern: the
    instances of a few classes and the acts' weights, not every description (a tenth of the time)."""
    # Opened as the build's summary and later queries open it (leased, kept): one RocksDB open, not two.
    store = open_generation(generation) if store is None else store
    graphs = (ENTITIES_GRAPH, ONTOLOGY_GRAPH)
    instances = {
        c: sorted({_value(q.subject) for g in graphs for q in store.quads_for_pattern(None, TYPE, ox.NamedNode(c), g)})
        for c in _CLASSES
    }
    props: dict[str, dict[str, list[ox.NamedNode | ox.Literal]]] = defaultdict(lambda: defaultdict(list))
    for predicate in (SKOS + "closeMatch", PK.goldstein):
        for g in graphs:
            for q in store.quads_for_pattern(None, ox.NamedNode(predicate), None, g):
                if isinstance(q.object, ox.NamedNode | ox.Literal):
                    props[_value(q.subject)][predicate].append(q.object)
    weights = {act: str(weight) for act, weight in sorted(goldstein_weights(props).items())}
    typed: dict[str, set[str]] = defaultdict(set)  # per outlet, its pk:outletType (one; the least if several)
    for g in graphs:
        for q in store.quads_for_pattern(None, ox.NamedNode(PK.outletType), None, g):
            if isinstance(q.object, ox.NamedNode):
                typed[_value(q.subject)].add(q.object.value)
    outlet_types = {outlet: min(found) for outlet, found in typed.items()}
    return entities_of({"instances": instances, "goldstein": weights, "outletTypes": outlet_types})


def _grown(typing: str, described: bytes) -> Entities | None:
    """The entity descriptions of a generation that only added ``described`` (N-Quads lines of the entities graph)
    to one whose snapshot is ``typing`` (``typing_of``): the instances of the classes the shares test and the
    outlets' types grown by the lines' own, the weights as they were. An add neither removes a description nor
    changes the ontology (a change to it rebuilds the store), so this is what ``_entities`` reads from the store
    then, without opening it (about 30 ms of CPU and 40-80 ms of wall on 5,000 briefings; bench/PROFILE.md,
    session 15). None where the snapshot is not one this presskg reads or a line is not a description the typing
    grows by alone (another graph, a weight or a CAMEO match): the caller reads the store."""
    try:
        known = json.loads(typing)
        instances = {c: set(known["instances"][c]) for c in _CLASSES}
        outlet_types: dict[str, str] = dict(known["outletTypes"])
        weights = dict(known["goldstein"])
    except (ValueError, KeyError, TypeError):
        return None
    weighing = {SKOS + "closeMatch", str(PK.goldstein)}
    for quad in ox.parse(described, ox.RdfFormat.N_QUADS):
        predicate, obj = quad.predicate.value, quad.object
        if quad.graph_name != ENTITIES_GRAPH or predicate in weighing:
            return None
        if not isinstance(obj, ox.NamedNode):
            continue
        if predicate == TYPE.value and obj.value in instances:
            instances[obj.value].add(_value(quad.subject))
        elif predicate == PK.outletType:
            subject = _value(quad.subject)
            outlet_types[subject] = min(outlet_types.get(subject, obj.value), obj.value)
    grown = {"instances": {c: sorted(iris) for c, iris in instances.items()}, "goldstein": weights}
    return entities_of(grown | {"outletTypes": dict(sorted(outlet_types.items()))})


def _value(term: ox.NamedNode | ox.BlankNode | ox.Triple) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.BlankNode) else str(term)


def _apply(db: sqlite3.Connection, name: str, touched: Mapping[Key, list[tuple[int, Total]]], *, fresh: bool) -> None:
    """Add the touched keys' shares to their totals (none where ``fresh``) and write them (a total of nothing
    goes)."""
    written, gone = [], []
    read = "SELECT n, b, stance, evidence, state FROM total WHERE view = ? AND key = ?"
    for key, changes in touched.items():
        joined = SEP.join(key)
        if fresh and len(changes) == 1 and changes[0][0] > 0:
            total = changes[0][1]  # made afresh, a key's one share is its total: not copied into an empty one
        else:
            total = Total() if fresh else _stored(db.execute(read, (name, joined)).fetchone())
            for sign, share in changes:
                total.add(share, sign)
        if total.n <= 0:
            gone.append((name, joined))
        else:
            kept = total.dates is not None or total.latest is not None
            state = json.dumps([total.dates, total.latest], sort_keys=True) if kept else None
            written.append((name, joined, *total.finished(), state))
    db.executemany("DELETE FROM total WHERE view = ? AND key = ?", gone)
    db.executemany("INSERT OR REPLACE INTO total VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", written)


def _stored(row: tuple[Any, ...] | None) -> Total:
    if row is None:
        return Total()
    n, b, stance, evidence, state = row
    dates, latest = json.loads(state) if state else (None, None)
    items = None if evidence is None else evidence.split(" ") if evidence else []
    return Total(n, b, Decimal(stance), items, _counter(dates), _counter(latest))


def _counter(counts: Mapping[str, int] | None) -> Counter[str] | None:
    return None if counts is None else Counter(counts)


# -- at query time --------------------------------------------------------------------------------------------

Stored = tuple[int, int, str, str | None, str | None, str | None, str | None]
Column = tuple[list[Term | None], list[Any] | None]


def _numbers(values: list[int]) -> Column:
    return [integer(n) for n in values], values


def _stance(values: list[str]) -> Column:
    sums = [Decimal(s) for s in values]
    return [decimal_literal(s) for s in sums], sums


# Each measure's terms from its stored column (and, for numbers, what ORDER BY compares): the index form of
# kg.views.spec.MEASURES over totals, beside kg.views.index.AGGREGATES over the walked groups.
TOTAL_TERMS: dict[str, tuple[str, Callable[[list[Any]], Column]]] = {
    "count": ("n", _numbers),
    "briefings": ("b", _numbers),
    "stance": ("stance", _stance),
    "first": ("first", lambda v: ([None if d is None else date(d) for d in v], None)),
    "last": ("last", lambda v: ([None if d is None else date(d) for d in v], None)),
    "latest": ("latest", lambda v: ([None if i is None else plain(i) for i in v], None)),
    "evidence": ("evidence", lambda v: ([None if e is None else ox.Literal(e) for e in v], None)),
}


@dataclass(frozen=True, slots=True)
class Answers:
    """The whole-store answers of one generation, made once per process, and its entity descriptions."""

    entities: Entities
    found: dict[str, QueryResult] = field(default_factory=dict)


_ANSWERS: dict[Path, Answers | None] = {}
_LOCK = threading.Lock()


def answer_from_totals(view: View, generation: Path, store: ox.Store) -> QueryResult | None:
    """The rows of ``view`` over the whole store from the totals of ``generation``'s index; None where it has
    none of this fingerprint (a store built by an older presskg, or a view added since: the units are walked)."""
    path = views_path(generation)
    answers = _answers(generation, store)
    if answers is None:
        return None
    found = answers.found.get(view.name)
    if found is None:
        stored = _read(path, view)
        if stored is None:
            return None
        keys = [tuple(k.split(SEP)) for k in stored.pop("key")]

        def measure(kind: str) -> Column:
            name, terms = TOTAL_TERMS[kind]
            return terms(stored[name])

        found = QueryResult(view.variables(), tuple(rows_of(view, answers.entities, keys, measure)))
        answers.found[view.name] = found
    return found


def _answers(generation: Path, store: ox.Store) -> Answers | None:
    """The whole-store answers of ``generation``, read once per process; None where it has no totals of this
    fingerprint."""
    with _LOCK:
        if generation not in _ANSWERS:
            for old in [g for g in _ANSWERS if g.parent == generation.parent]:
                del _ANSWERS[old]  # a superseded generation of the same folder
            _ANSWERS[generation] = Answers(read_entities(store)) if _has_totals(views_path(generation)) else None
        return _ANSWERS[generation]


def totals_entities(generation: Path, store: ox.Store) -> Entities | None:
    """The entity descriptions the totals' answers of ``generation`` are made with (None: it has no totals)."""
    answers = _answers(generation, store)
    return None if answers is None else answers.entities


def _has_totals(path: Path) -> bool:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT value FROM meta WHERE name = 'totals'").fetchone()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == fingerprint()


def _read(path: Path, view: View) -> dict[str, list[Any]] | None:
    """The stored columns the view's measures read, and its keys (``key``), one value per key."""
    if view.name not in AGGREGATED:
        return None
    columns = ["key", *dict.fromkeys(TOTAL_TERMS[o.kind][0] for o in view.outputs if o.role == "measure")]
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            found = db.execute(f"SELECT {', '.join(columns)} FROM total WHERE view = ?", (view.name,)).fetchall()
    except sqlite3.Error:  # the generation went (a newer build removed it): the caller falls back
        return None
    return {name: [row[i] for row in found] for i, name in enumerate(columns)}
