"""SPARQL over an embedded store, as plain values: the query runner behind ``EmbeddedStore.query`` (``kg.store``),
parameters bound as RDF terms, updates refused, and results as ``QueryResult``.

>>> query_result(ox.Store().query("ASK { ?s ?p ?o }"), None).boolean
False
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import QueryError
from kg.namespace import PREFIXES
from kg.sparqlcheck import NOT_CODE, check_query, query_failure, run_deep

if TYPE_CHECKING:
    from kg.store import GraphStore

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True, slots=True)
class QueryResult:
    """A SELECT result as plain values, or the boolean of an ASK, or the triples of a CONSTRUCT."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()

    def values(self) -> list[dict[str, Value]]:
        """Rows as dicts of Python values: numbers as ``int`` or ``float``, booleans as ``bool``, IRIs and every
        other literal (dates included, ISO 8601) as their text; an unbound variable as None.

        >>> r = QueryResult(("n", "x"), ((ox.Literal(3), ox.NamedNode("http://a")), (ox.Literal(0.5), None)))
        >>> r.values()
        [{'n': 3, 'x': 'http://a'}, {'n': 0.5, 'x': None}]
        """
        return [
            {v: (None if t is None else python_value(t)) for v, t in zip(self.variables, row, strict=True)}
            for row in self.rows
        ]

    def lexical(self) -> list[dict[str, str | None]]:
        """Rows as dicts of lexical forms, numbers included (``"3"``), as CSV results print them."""
        return [
            {v: (None if t is None else _lexical(t)) for v, t in zip(self.variables, row, strict=True)}
            for row in self.rows
        ]


Value = str | int | float | bool | None
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    _XSD + name
    for name in (
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOATS = {f"{_XSD}decimal", f"{_XSD}double", f"{_XSD}float"}
_CONVERT: dict[str, Callable[[str], Value]] = {
    **dict.fromkeys(_INTEGERS, int),
    **dict.fromkeys(_FLOATS, float),
    f"{_XSD}boolean": lambda text: text.strip() in ("true", "1"),
}


def python_value(term: Term) -> Value:
    """A term as a Python value: typed numbers and booleans converted, anything else as its lexical form.

    >>> python_value(ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    42
    >>> python_value(ox.Literal("4x", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    '4x'
    >>> python_value(ox.Literal(True)), python_value(ox.Literal("2020-05-13"))
    (True, '2020-05-13')
    """
    if isinstance(term, ox.Literal):
        convert = _CONVERT.get(term.datatype.value)
        if convert is not None:
            try:
                return convert(term.value)
            except ValueError:  # an ill-typed literal ("4x"^^xsd:integer) stays as written
                return term.value
    return _lexical(term)


def _lexical(term: Term) -> str:
    return str(term.value) if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode) else str(term)


# Strings, IRIs and comments, which may hold any word without it being a keyword.
_NOT_CODE = NOT_CODE  # strings, IRIs and comments (kg.sparqlcheck)
_UPDATE_KEYWORD = re.compile(
    r"(?<![?$:\w])(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)(?![:\w])", re.IGNORECASE
)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_parameters(sparql: str, bindings: Mapping[str, Term]) -> str:
    r"""Bind variables to RDF terms with a VALUES block opening the query's WHERE clause.

    The terms are written by Oxigraph's own serialiser, which escapes literals and refuses malformed IRIs,
    so a value can never change the query's structure (unlike pasting text into it).

    >>> bind_parameters("SELECT ?x WHERE { ?x ?p ?o }", {"o": ox.Literal('" } ; DROP ALL ; #')})
    'SELECT ?x WHERE { VALUES (?o) { ("\\" } ; DROP ALL ; #") } ?x ?p ?o }'
    """
    if not bindings:
        return sparql
    end = _where_end(sparql)
    if end is None:
        raise _no_where()
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    return f"{sparql[:end]} VALUES ({names}) {{ ({values}) }}{sparql[end:]}"


def bind_values(sparql: str, name: str, terms: Sequence[Term]) -> str:
    """Bind the variable ``name`` to each of ``terms`` in turn (a VALUES block of one row each, at the WHERE):
    the query's solutions for all of them at once.

    >>> bind_values("SELECT ?x WHERE { ?x ?p ?o }", "o", [ox.NamedNode("http://a"), ox.Literal("b")])
    'SELECT ?x WHERE { VALUES (?o) { (<http://a>) ("b") } ?x ?p ?o }'
    """
    end = _where_end(sparql)
    if end is None:
        raise _no_where()
    rows = " ".join(f"({term})" for term in terms)
    return f"{sparql[:end]} VALUES (?{name}) {{ {rows} }}{sparql[end:]}"


def _no_where() -> QueryError:
    """A query that values cannot be bound into (bind_parameters, bind_values)."""
    return QueryError(
        "E402",
        "cannot bind parameters: the query has no WHERE clause",
        hint="write the query as SELECT ... WHERE { ... }",
    )


@functools.lru_cache(maxsize=256)
def _where_end(sparql: str) -> int | None:
    """Where the first WHERE clause opens, found outside comments and strings (so that a "WHERE {" in a query's
    header cannot swallow the block); remembered, since the named queries are bound again and again."""
    match = _WHERE.search(_NOT_CODE.sub(lambda m: " " * len(m.group()), sparql))
    return None if match is None else match.end()


def update_refused() -> QueryError:
    """The error for a SPARQL Update sent where only queries run."""
    return QueryError(
        "E412",
        "SPARQL updates (INSERT, DELETE, DROP, LOAD...) are not accepted: queries only read the graph",
        hint="change the graph by changing its input files and running `kg build` again",
    )


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` holds a SPARQL Update operation (outside strings, IRIs and comments).

    >>> is_update("DELETE WHERE { ?s ?p ?o }"), is_update("PREFIX x: <http://x/#drop> INSERT DATA { }")
    (True, True)
    >>> is_update('SELECT ?drop WHERE { ?s ?p "DROP ALL" } # delete')
    False
    """
    return _UPDATE_KEYWORD.search(_NOT_CODE.sub(" ", sparql)) is not None


def run_query(
    store: ox.Store | GraphStore,
    sparql: str,
    *,
    bindings: Mapping[str, Term] | None = None,
    limit: int | None = None,
    allow_service: Collection[str] = (),
) -> QueryResult:
    """Run SPARQL over all graphs as one (the union default graph), with ``bindings`` bound as RDF terms: the
    embedded engine of ``EmbeddedStore.query``; any other ``GraphStore`` is asked through its own ``query``. On the
    embedded store the query passes ``kg.sparqlcheck`` first (size; SERVICE only to ``allow_service`` hosts) and
    runs on a deep stack, so that no query text can crash the process.
    """
    if not isinstance(store, ox.Store):
        return store.query(sparql, bindings=bindings, limit=limit)
    check_query(sparql, allow_service=allow_service)
    bound = bind_parameters(sparql, bindings or {})
    try:
        return run_deep(
            lambda: query_result(store.query(bound, prefixes=PREFIXES, use_default_graph_as_union=True), limit)
        )
    except SyntaxError as exc:
        if is_update(sparql):
            raise update_refused() from exc
        raise query_failure(exc, sparql) from exc
    except OSError as exc:
        raise query_failure(exc, sparql) from exc


def query_result(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, limit: int | None) -> QueryResult:
    """A pyoxigraph result (from a store or parsed from an endpoint's answer) as a ``QueryResult``."""
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(variables=(), rows=(), boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return QueryResult(variables=(), rows=(), triples=tuple(_take(result, limit)))
    names = tuple(v.value for v in result.variables)
    rows = tuple(tuple(s[n] for n in names) for s in _take(result, limit))
    return QueryResult(variables=names, rows=rows)


def _take(
    it: Iterator[ox.QuerySolution] | Iterator[ox.Triple] | ox.QuerySolutions | ox.QueryTriples, limit: int | None
) -> list:  # type: ignore[type-arg]
    out = []
    for i, item in enumerate(it):
        if limit is not None and i >= limit:
            break
        out.append(item)
    return out
