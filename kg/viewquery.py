"""The one place named queries run, and the whole-store scan the view index answers too.

The view and report queries and ``briefings-per-spokesperson`` (``kg.views.spec.VIEWS``) are answered from
the view index (``kg.viewindex``): over the whole store from the totals a build aggregated
(``kg.views.totals``), under a filter by ``kg.views.index``; where the store's generation has no index their
SPARQL runs (``kg.views.sparql``, with only the bound filters). :data:`SCAN_QUERIES` answer another named
query from the index, returning what its ``kg/queries/<name>.rq`` returns: the same variables, rows, values
and datatypes, in the query's ORDER BY.

>>> sorted(VIEWS)[:3]
['briefings-per-spokesperson', 'report-exchanges-by-month', 'report-most-targeted-countries']
>>> run_named(ox.Store(), "report-outlet-activity").rows  # not an open_store handle: SPARQL
()
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pyoxigraph as ox

from kg.knownvalues import known_entities
from kg.queries import named_query
from kg.store import GraphStore, QueryResult, Term, run_query, store_generation
from kg.viewindex import read_entities
from kg.views.compare import COMPARE_QUERIES
from kg.views.filter import BY_PARAM, ViewFilter, check_known
from kg.views.index import evaluate, in_view_order
from kg.views.listing import LISTINGS
from kg.views.listing import answer as listing_answer
from kg.views.sparql import bound_query
from kg.views.spec import VIEWS
from kg.views.totals import answer_from_totals
from kg.viewunits import load_view_index

Row = tuple[Term | None, ...]


# Named queries other than the views that the index answers too (given the generation, its open store and the
# bindings), returning what their kg/queries/<name>.rq returns; None: run the SPARQL.
IndexQuery = Callable[[Path, ox.Store, Mapping[str, Term]], QueryResult | None]


def _listing(name: str) -> IndexQuery:
    def answer(generation: Path, store: ox.Store, bindings: Mapping[str, Term]) -> QueryResult | None:
        index = load_view_index(generation, store)
        return None if index is None else listing_answer(name, index, bindings)

    return answer


SCAN_QUERIES: dict[str, IndexQuery] = {
    **{name: _listing(name) for name in LISTINGS},  # questions-from-outlet (kg.views.listing)
    **COMPARE_QUERIES,
}


def answer_from_index(store: ox.Store, name: str, bindings: Mapping[str, Term]) -> QueryResult | None:
    """The index's answer to the named query, or None where it cannot give one (not a view or scan query, a
    store not opened by ``open_store``, a generation without index, parameters it does not take)."""
    view, scan = VIEWS.get(name), SCAN_QUERIES.get(name)
    generation = store_generation(store) if view is not None or scan is not None else None
    if generation is None:
        return None
    if scan is not None:
        return scan(generation, store, bindings)
    chosen = ViewFilter.from_bindings(bindings)
    if view is None or chosen is None:
        return None
    if not chosen.selecting():  # the whole store: the totals the build aggregated, where it did
        found = answer_from_totals(view, generation, store)
        if found is not None:
            return found
    index = load_view_index(generation, store)
    return None if index is None else evaluate(view, index, chosen)


def sparql_for(name: str, bindings: Mapping[str, Term]) -> tuple[str, Mapping[str, Term]]:
    """The SPARQL text and the bindings left to bind for the named query: a view's text carries its bound
    filters itself (only those), any other query's are bound at its WHERE."""
    if name in VIEWS and set(bindings) <= set(BY_PARAM):
        return bound_query(name, bindings), {}
    return named_query(name).sparql, bindings


def run_named(
    store: ox.Store | GraphStore,
    name: str,
    bindings: Mapping[str, Term] | None = None,
    *,
    limit: int | None = None,
) -> QueryResult:
    """Run the named query ``name`` (``kg/queries/<name>.rq``) with ``bindings``: every caller's way in.

    On an embedded store opened by ``kg.store.open_store`` whose generation has a view index, the view and
    scan queries are answered from it (milliseconds, not seconds); otherwise, and on remote endpoints, the
    query's SPARQL runs.
    """
    bindings = bindings or {}
    found = answer_from_index(store, name, bindings) if isinstance(store, ox.Store) else None
    if found is None and name in VIEWS:
        # The index checks the filter's values against the store's entities; so does the SPARQL path, of an
        # embedded store from the same entities, of an endpoint by one SPARQL query (kg.knownvalues).
        chosen = ViewFilter.from_bindings(bindings)
        if chosen is not None and chosen.selecting():
            check_known(read_entities(store) if isinstance(store, ox.Store) else known_entities(store), chosen)
    if found is None:
        sparql, left = sparql_for(name, bindings)
        view = VIEWS.get(name)
        if view is None:
            return run_query(store, sparql, bindings=left, limit=limit)
        # In the index's order on every engine: its SPARQL may carry no ORDER BY (View.sorted_in_sparql), and
        # engines break the ties of an ORDER BY each their own way.
        found = in_view_order(view, run_query(store, sparql, bindings=left))
    return found if limit is None else QueryResult(found.variables, found.rows[:limit])
