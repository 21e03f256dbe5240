"""Named SPARQL queries shipped as ``kg/queries/*.rq``, each with a documented header.

A header is a run of comment lines: ``# title:``, ``# description:`` and one ``# param: NAME (TYPE): meaning``
per parameter; ``(TYPE, optional)`` marks a parameter that may be left out (the query then leaves the variable
unbound, and tests it with ``!BOUND(?NAME) || ...``). Parameters are bound as RDF terms (``string`` -> literal,
``iri`` -> IRI, ``date`` -> xsd:date, ``integer`` -> xsd:integer), never pasted into the text.

>>> q = named_query("questions-from-outlet")
>>> [(p.name, p.type) for p in q.params]
[('outlet', 'string')]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError

QUERY_DIR = Path(__file__).resolve().parent
XSD = "http://www.w3.org/2001/XMLSchema#"
_PARAM = re.compile(r"^#\s*param:\s*(?P<name>\w+)\s*\((?P<type>\w+)(?P<optional>\s*,\s*optional)?\)\s*:\s*(?P<doc>.*)$")
_FIELD = re.compile(r"^#\s*(?P<key>title|description):\s*(?P<value>.*)$")


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str
    doc: str
    optional: bool = False


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    sparql: str


def _date(value: str) -> ox.Literal:
    import datetime as dt

    return ox.Literal(dt.date.fromisoformat(value).isoformat(), datatype=ox.NamedNode(XSD + "date"))


PARAM_TYPES: dict[str, Callable[[str], ox.NamedNode | ox.Literal]] = {
    "string": ox.Literal,
    "iri": ox.NamedNode,
    "date": _date,
    "integer": lambda v: ox.Literal(str(int(v)), datatype=ox.NamedNode(XSD + "integer")),
}


def parse_named_query(name: str, text: str) -> NamedQuery:
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if m := _PARAM.match(line):
            if m["type"] not in PARAM_TYPES:
                raise QueryError(
                    "E403",
                    f"parameter {m['name']!r} has unknown type {m['type']!r}",
                    path=name,
                    hint=f"declare it as one of: {', '.join(PARAM_TYPES)}",
                )
            params.append(Param(m["name"], m["type"], m["doc"].strip(), optional=bool(m["optional"])))
        elif m := _FIELD.match(line):
            fields[m["key"]] = m["value"].strip()
    return NamedQuery(name, fields.get("title", name), fields.get("description", ""), tuple(params), text)


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every shipped query by name (the file name without ``.rq``)."""
    return {p.stem: parse_named_query(p.stem, p.read_text(encoding="utf-8")) for p in sorted(QUERY_DIR.glob("*.rq"))}


def named_query(name: str) -> NamedQuery:
    try:
        return named_queries()[name]
    except KeyError:
        known = ", ".join(named_queries())
        raise QueryError("E404", f"no named query {name!r}", hint=f"known queries: {known}") from None


def bind(query: NamedQuery, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Turn ``--param name=value`` strings into RDF terms by the query's declared types."""
    declared = {p.name: p for p in query.params}
    unknown = set(values) - set(declared)
    if unknown:
        raise QueryError(
            "E405",
            f"{query.name} takes no parameter {sorted(unknown)[0]!r}",
            hint=f"it takes: {', '.join(declared) or 'none'}",
        )
    missing = [name for name, p in declared.items() if name not in values and not p.optional]
    if missing:
        raise QueryError(
            "E406",
            f"{query.name} needs the parameter {missing[0]!r}",
            hint=f"pass --param {missing[0]}=VALUE ({declared[missing[0]].doc})",
        )
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for name, value in values.items():
        try:
            out[name] = PARAM_TYPES[declared[name].type](value)
        except ValueError as exc:
            raise QueryError("E407", f"parameter {name!r}: {exc}", hint=f"expected a {declared[name].type}") from exc
    return out
