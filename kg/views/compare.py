"""The two named queries that compare, answered from what a build keeps at commit: ``compare-positions`` (two
states' positions toward each other, month by month) and ``translation-position-disagreements`` (aligned
exchanges where a position was extracted on one side only). Their SPARQL (``kg/queries/<name>.rq``) is what
endpoints and ``kg serve`` run; on an embedded store with a view index these give the same rows.

- ``compare-positions`` reads two tallies of ``kg.views.spec.TALLIES`` (positions per month, holder, target and
  act; positions per month and holder): over the whole store from the totals a build aggregated
  (``kg.views.totals``), between dates by the views' walk under the views' date filter (``kg.views.index``).
  The tallies are keyed by IRIs; the query's ISO codes and act notations are their entities' descriptions.
- ``translation-position-disagreements`` reads the ``pk:translationOf`` links the build's alignment step wrote
  (``kg.align``) and the positions of the linked exchanges in the view index. A store without links (English
  only) answers at once, without loading the index.

Each answer is kept per generation and parameters (a generation never changes).

>>> sorted(COMPARE_QUERIES)
['compare-positions', 'translation-position-disagreements']
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.namespace import PK
from kg.rdf import text_literal
from kg.store import QueryResult, Term
from kg.viewindex import Entities
from kg.views.filter import ViewFilter
from kg.views.index import date, evaluate, integer, iri, plain
from kg.views.spec import TALLIES
from kg.views.totals import answer_from_totals, totals_entities
from kg.viewunits import Position, Unit, ViewIndex, load_view_index

Bindings = Mapping[str, Term]
Answer = Callable[[Path, ox.Store, Bindings], QueryResult | None]
BY_ACT = TALLIES["tally-positions-by-month-holder-target-act"]
BY_HOLDER = TALLIES["tally-positions-by-month-holder"]
DATES = ("from", "to")
COMPARED = ("month", "holder", "target", "act", "positions")
DISAGREEING = ("date", "english", "chinese", "only", "actNotation", "target", "evidence")
TRANSLATION_OF = ox.NamedNode(PK.translationOf)

_MEMO: dict[tuple[Path, str, tuple[tuple[str, str], ...]], QueryResult] = {}
_MEMO_SIZE = 256
_LOCK = threading.Lock()


def _dates(bindings: Bindings) -> ViewFilter | None:
    """``from`` and ``to`` as the views' date filter; None where one is not an xsd:date literal (SPARQL runs)."""
    return ViewFilter.from_bindings({k: v for k, v in bindings.items() if k in DATES})


def _text(bindings: Bindings, name: str) -> str | None:
    term = bindings.get(name)
    return term.value if isinstance(term, ox.Literal) else None


def _kept(
    generation: Path, name: str, bindings: Bindings, make: Callable[[], QueryResult | None]
) -> QueryResult | None:
    """The answer ``make`` gives, computed once per generation and parameters (the latest few hundred kept)."""
    key = (generation, name, tuple(sorted((k, str(v)) for k, v in bindings.items())))
    with _LOCK:
        found = _MEMO.get(key)
    if found is not None:
        return found
    found = make()
    if found is not None:
        with _LOCK:
            for old in [k for k in _MEMO if k[0] != generation and k[0].parent == generation.parent]:
                del _MEMO[old]  # a superseded generation of the same folder
            while len(_MEMO) >= _MEMO_SIZE:
                del _MEMO[next(iter(_MEMO))]
            _MEMO[key] = found
    return found


# -- compare-positions -----------------------------------------------------------------------------------------


def _tallies(generation: Path, store: ox.Store, dates: ViewFilter) -> tuple[Entities, QueryResult, QueryResult] | None:
    """The two tallies and the entity descriptions they are read with: the build's totals over the whole store,
    else the walk of the units between the dates; None where the generation has no index."""
    if not dates.selecting():
        entities = totals_entities(generation, store)
        by_act, by_holder = (answer_from_totals(v, generation, store) for v in (BY_ACT, BY_HOLDER))
        if entities is not None and by_act is not None and by_holder is not None:
            return entities, by_act, by_holder
    index = load_view_index(generation, store)
    if index is None:
        return None
    return index.entities, evaluate(BY_ACT, index, dates), evaluate(BY_HOLDER, index, dates)


def _value(term: Term | None) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else ""


def compared(entities: Entities, by_act: QueryResult, by_holder: QueryResult, first: str, second: str) -> QueryResult:
    """compare-positions' rows from the two tallies: in the months both states hold positions at all, the
    positions each takes toward the other, by ISO code and act notation, ORDER BY month, holder, act."""
    codes = entities.iso3
    speaking: dict[str, set[str]] = defaultdict(set)
    for month, holder, _ in by_holder.rows:
        speaking[_value(month)].update(c for c in codes.get(_value(holder), ()) if c in (first, second))
    both = {month for month, found in speaking.items() if len(found) == 2}
    pairs = {(first, second), (second, first)}
    counts: Counter[tuple[str, str, str, ox.Literal]] = Counter()
    for month, holder, target, act, positions in by_act.rows:
        notation = entities.notations.get(_value(act))
        if _value(month) not in both or notation is None:
            continue
        for h in codes.get(_value(holder), ()):
            for t in codes.get(_value(target), ()):
                if (h, t) in pairs:
                    counts[(_value(month), h, t, notation)] += int(_value(positions))
    ordered = sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][3].value, kv[0][2]))
    rows = ((plain(m), plain(h), plain(t), act, integer(n)) for (m, h, t, act), n in ordered)
    return QueryResult(COMPARED, tuple(rows))


def compare_positions(generation: Path, store: ox.Store, bindings: Bindings) -> QueryResult | None:
    """kg/queries/compare-positions.rq from the index; None where it cannot answer (other parameters, a date
    that is not an xsd:date, no index)."""
    first, second, dates = _text(bindings, "first"), _text(bindings, "second"), _dates(bindings)
    if not set(bindings) <= {"first", "second", *DATES} or first is None or second is None or dates is None:
        return None

    def make() -> QueryResult | None:
        found = _tallies(generation, store, dates)
        return None if found is None else compared(*found, first, second)

    return _kept(generation, "compare-positions", bindings, make)


# -- translation-position-disagreements ----------------------------------------------------------------------


def _matched(p: Position, others: Sequence[Position]) -> bool:
    """Whether ``others`` state p's act toward its target (a position without a target matches any)."""
    return any(q.act == p.act and (p.target is None or q.target is None or q.target == p.target) for q in others)


def _units(index: ViewIndex) -> Mapping[str, Unit]:
    """The index's units by IRI, made once per index."""
    found = index.memo.get("units-by-iri")
    if found is None:
        found = index.memo["units-by-iri"] = {u.iri: u for u in index.units}
    return found


def disagreements(index: ViewIndex, links: set[tuple[str, str]], dates: ViewFilter, act: str | None) -> QueryResult:
    """The rows of translation-position-disagreements from the exchange links (english, chinese) and the
    positions of the index, DISTINCT, ORDER BY date, english, only, actNotation (ties by the other columns)."""
    units, notations = _units(index), index.entities.notations
    english_of: dict[str, set[str]] = defaultdict(set)
    for translated, chinese in links:
        original = units.get(chinese)
        if original is not None and original.exchange:
            english_of[chinese].add(translated)
    start, end = dates.selecting().get("from"), dates.selecting().get("to")
    found: set[tuple[str, str, str, str, ox.Literal, str | None, ox.Literal]] = set()

    def add(day: str, english: str, chinese: str, only: str, p: Position, language: str | None) -> None:
        notation = notations.get(p.act or "")
        if p.evidence is None or notation is None or (act is not None and notation.value != act):
            return
        found.add((day, english, chinese, only, notation, p.target, text_literal(p.evidence, language or "en")))

    for chinese, english in english_of.items():
        original = units[chinese]
        siblings = [q for e in english if (u := units.get(e)) is not None for q in u.positions]
        for e in english:
            translation = units.get(e)
            day = None if translation is None else translation.date
            if translation is None or day is None or (start and day < start) or (end and day > end):
                continue
            for p in translation.positions:
                if not _matched(p, original.positions):
                    add(day, e, chinese, "en", p, translation.language)
            for p in original.positions:
                if not _matched(p, siblings):
                    add(day, e, chinese, "zh", p, original.language)
    ordered = sorted(found, key=lambda r: (r[:4], r[4].value, r[5] or "", r[6].value))
    rows = (
        (date(d), iri(e), iri(z), plain(only), notation, None if t is None else iri(t), evidence)
        for d, e, z, only, notation, t, evidence in ordered
    )
    return QueryResult(DISAGREEING, tuple(rows))


def translation_disagreements(generation: Path, store: ox.Store, bindings: Bindings) -> QueryResult | None:
    """kg/queries/translation-position-disagreements.rq from the index; None where it cannot answer."""
    dates, act = _dates(bindings), bindings.get("act")
    if not set(bindings) <= {"act", *DATES} or dates is None or (act is not None and not isinstance(act, ox.Literal)):
        return None
    if next(iter(store.quads_for_pattern(None, TRANSLATION_OF, None)), None) is None:
        return QueryResult(DISAGREEING, ())  # no translation linked: nothing to compare (an English-only store)

    def make() -> QueryResult | None:
        index = load_view_index(generation, store)
        if index is None:
            return None
        links = {
            (q.subject.value, q.object.value)
            for q in store.quads_for_pattern(None, TRANSLATION_OF, None)
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)
        }
        return disagreements(index, links, dates, _text(bindings, "act"))

    return _kept(generation, "translation-position-disagreements", bindings, make)


COMPARE_QUERIES: dict[str, Answer] = {
    "compare-positions": compare_positions,
    "translation-position-disagreements": translation_disagreements,
}
