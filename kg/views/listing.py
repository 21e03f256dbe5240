"""Named queries that list exchanges one per row (``questions-from-outlet``), one declarative entry each, from which
both forms derive as the views' do (``kg.views.spec``): the SPARQL text (:func:`checked_in`, shipped as
``kg/queries/<name>.rq``, what endpoints run) and the answer from the view index (:func:`answer`). Each building
block (:data:`SELECTORS`, :data:`COLUMNS`) carries its SPARQL and its index form side by side.

Unlike a view, a listing aggregates nothing and takes its own parameter (an outlet named exactly as written, not
the views' case-insensitive filter), so it is a listing entry, not a view entry.

>>> LISTINGS["questions-from-outlet"].variables()
('date', 'briefing', 'ordinal', 'exchange', 'question')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.rdf import text_literal
from kg.store import QueryResult, Term
from kg.views.index import date, integer, iri
from kg.viewunits import Unit, ViewIndex

NOTE = (
    "generated from kg/views/listing.py (python -m kg.views.sparql); the embedded store answers this query from its "
    "view index (same rows); endpoints run this SPARQL"
)


@dataclass(frozen=True, slots=True)
class Selector:
    """Which exchanges a listing lists, by its one parameter: ``sparql`` binds ``?unit`` from ``?{param}``;
    ``units`` gives them from the index."""

    param: str
    type: str
    doc: str
    sparql: str
    units: Callable[[ViewIndex, str], Iterable[Unit]]


def _asked_by_named(index: ViewIndex, name: str) -> list[Unit]:
    # Compared as text, as the SPARQL does: a Chinese name is a @zh literal, the parameter a plain one.
    outlets = {o for label, found in index.entities.named.items() if label.value == name for o in found}
    return list({u.iri: u for o in outlets for u in index.by_outlet.get(o, ())}.values())


SELECTORS: dict[str, Selector] = {
    "outlet-named": Selector(
        "outlet", "string",
        "the outlet's name or any of its alternative names, as written, e.g. \"Reuters\", \"AFP\" or \"路透社\" "
        "(a Chinese name is a @zh literal: the text is compared)",
        "?o rdfs:label|skos:altLabel ?name .\nFILTER(STR(?name) = STR(?outlet))\n?unit pk:askedBy ?o .",
        _asked_by_named,
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Column:
    """One output variable: ``sparql`` binds ``?{v}`` from ``?unit`` and ``?briefing`` (``optional``: inside an
    OPTIONAL, after the required patterns; in the text ``?unit`` is the name of the listing's "unit" column);
    ``term`` is its value from the index's unit (None: unbound, and for a required column, no row); ``key`` what
    ORDER BY compares (unbound first)."""

    sparql: str
    term: Callable[[Unit], Term | None]
    key: Callable[[Unit], Any]
    optional: bool = False


def _question(u: Unit) -> Term | None:
    return None if u.question is None else text_literal(u.question, u.language or "en")


COLUMNS: dict[str, Column] = {
    "date": Column(
        "?briefing dcterms:date ?{v} .", lambda u: None if u.date is None else date(u.date),
        lambda u: (0, "") if u.date is None else (1, u.date), optional=True,
    ),
    "briefing": Column("?unit pk:inBriefing ?{v} .", lambda u: iri(u.briefing), lambda u: u.briefing),
    "ordinal": Column(
        "?unit pk:ordinal ?{v} .", lambda u: None if u.ordinal is None else integer(int(u.ordinal)),
        lambda u: int(u.ordinal or 0),
    ),
    "unit": Column("", lambda u: iri(u.iri), lambda u: u.iri),  # the exchange itself: ?unit is named after it
    "question": Column("?unit pk:question/pk:text ?{v} .", _question, lambda u: u.question or ""),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Listing:
    """One listing query: its selector, its columns in order (output name, column kind) and its ORDER BY."""

    name: str
    title: str
    description: str
    selector: str
    columns: tuple[tuple[str, str], ...]
    order: tuple[str, ...]

    def variables(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)


_LISTINGS = (
    Listing(
        "questions-from-outlet", "Questions from one outlet",
        "Every question one outlet asked, by date, with the briefing and the exchange's order in it.",
        "outlet-named",
        (("date", "date"), ("briefing", "briefing"), ("ordinal", "ordinal"), ("exchange", "unit"),
         ("question", "question")),
        ("date", "briefing", "ordinal"),
    ),
)  # fmt: skip
LISTINGS: dict[str, Listing] = {listing.name: listing for listing in _LISTINGS}


def checked_in(name: str) -> str:
    """The text of ``kg/queries/<name>.rq``."""
    listing = LISTINGS[name]
    selector = SELECTORS[listing.selector]
    unit = next((out for out, kind in listing.columns if kind == "unit"), "unit")
    patterns = [(COLUMNS[kind], COLUMNS[kind].sparql.format(v=out)) for out, kind in listing.columns]
    required = [p for c, p in patterns if p and not c.optional]
    optional = [f"OPTIONAL {{ {p.removesuffix(' .')} }}" for c, p in patterns if p and c.optional]
    body = [line.replace("?unit", f"?{unit}") for line in [*selector.sparql.splitlines(), *required, *optional]]
    return "\n".join([
        f"# title: {listing.title}",
        f"# description: {listing.description}",
        f"# param: {selector.param} ({selector.type}): {selector.doc}",
        f"# note: {NOTE}",
        "SELECT " + " ".join(f"?{v}" for v in listing.variables()),
        "WHERE {",
        *(f"  {line}" for line in body),
        "}",
        "ORDER BY " + " ".join(f"?{v}" for v in listing.order),
    ]) + "\n"  # fmt: skip


def answer(name: str, index: ViewIndex, bindings: Mapping[str, Term]) -> QueryResult | None:
    """The listing's rows from the index: what its SPARQL returns; None where the bindings are not its one
    parameter as a literal (the SPARQL runs)."""
    listing = LISTINGS[name]
    selector = SELECTORS[listing.selector]
    value = bindings.get(selector.param)
    if not isinstance(value, ox.Literal) or set(bindings) != {selector.param}:
        return None
    columns = [COLUMNS[kind] for _, kind in listing.columns]
    kinds = {out: COLUMNS[kind] for out, kind in listing.columns}
    found = []
    for unit in selector.units(index, value.value):
        terms = tuple(c.term(unit) for c in columns)
        if all(t is not None or c.optional for t, c in zip(terms, columns, strict=True)):
            found.append(((*(kinds[v].key(unit) for v in listing.order), unit.iri), terms))
    found.sort(key=lambda f: f[0])
    return QueryResult(listing.variables(), tuple(terms for _, terms in found))
