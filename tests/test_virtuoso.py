"""A second, independent SPARQL engine: Virtuoso (Debian's virtuoso-opensource), as users run it in production.

`kg push` writes the built store to a Virtuoso server by the Graph Store Protocol, and every named query returns
the same rows there as the embedded store answers (from its view index where it has one), under several filters:
both as kg runs it (``GraphStore.named``: a view's text with only its bound filters, rows put in the view's order)
and as the checked-in text a user copies (every filter, values bound). Rows are compared with their types (a
number is not its text, a boolean not a number); a GROUP_CONCAT column as the set of its items, whose order
SPARQL leaves open.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from virtuoso import Virtuoso, start_virtuoso

import kg
from kg.cli import main
from kg.queries import NamedQuery, bind, named_queries
from kg.remote import remote_store
from kg.store import QueryResult, open_embedded, python_value, run_query
from kg.views.spec import VIEWS

pytestmark = pytest.mark.server

ID = "https://w3id.org/presskg/id/"
# Filters of the view and report queries, each run on both engines (values as a user types them).
FILTERS: dict[str, dict[str, str]] = {
    "none": {},
    "spokesperson": {"spokesperson": "zhao lijian"},
    "dates": {"from": "2020-03-01", "to": "2021-06-30"},
    "topic": {"topic": "taiwan"},
    "country": {"country": "USA"},
    "outlet": {"outlet": "afp"},
}
SELECTION = "SELECT DISTINCT ?unit ?briefing ?date WHERE {"
_CONCAT = re.compile(r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*\)\s*AS\s*\?(\w+)", re.IGNORECASE)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, sample_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("virtuoso-out")
    report = kg.build([seeds_dir, sample_dir], out=out, exports=(), overview=False)
    assert report.briefings > 40
    return out


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    with start_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="module")
def pushed(built: Path, virtuoso: Virtuoso) -> Virtuoso:
    # Virtuoso's /sparql is recognised: its Graph Store endpoint is /sparql-graph-crud
    result = CliRunner().invoke(main, ["push", virtuoso.url, "--out", str(built)])
    assert result.exit_code == 0, result.output
    return virtuoso


def _ours(names: set[str]) -> set[str]:
    # Virtuoso keeps graphs of its own (its schemas, its system data) beside ours
    return {name for name in names if name.startswith(ID)}


def test_kg_push_writes_every_graph_and_triple(built: Path, pushed: Virtuoso) -> None:
    local = open_embedded(built).store
    remote = remote_store(pushed.url)
    assert remote.endpoints.graph_store == pushed.graph_store
    assert _ours(remote.graph_names()) == {g.value for g in local.named_graphs()}
    count = f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{ID}")) }}'
    assert run_query(remote, count).values() == [{"n": len(local)}]
    # pushing again replaces each graph: nothing is doubled
    result = CliRunner().invoke(main, ["push", pushed.url, "--store", str(built)])
    assert result.exit_code == 0, result.output
    assert run_query(remote, count).values() == [{"n": len(local)}]


def _typed_rows(result: QueryResult, concatenated: set[str]) -> Counter[tuple[tuple[str, Any], ...]]:
    rows: Counter[tuple[tuple[str, Any], ...]] = Counter()
    for row in result.rows:
        cells = []
        for name, term in zip(result.variables, row, strict=True):
            value = None if term is None else python_value(term)
            if name in concatenated and isinstance(value, str):
                value = tuple(sorted(value.split()))
            cells.append((name, (type(value).__name__, value)))
        rows[tuple(sorted(cells))] += 1
    return rows


# Queries that compare two governments or two languages: the sample built here holds one government's briefings
# in one language, so they find nothing (the rows still have to agree).
TWO_SIDED = frozenset({"compare-positions", "translation-position-disagreements"})


def _arguments(query: NamedQuery, built: Path, filters: dict[str, str]) -> dict[str, str]:
    local = open_embedded(built)
    required = {
        "outlet": "Reuters",
        "first": "CHN",
        "second": "USA",
        "position": local.query("SELECT ?p WHERE { ?p pk:target ?t } ORDER BY ?p LIMIT 1").values()[0]["p"],
        "unit": local.query("SELECT ?u WHERE { ?u pk:askedBy ?o } ORDER BY ?u LIMIT 1").values()[0]["u"],
    }
    given = {p.name: str(required[p.name]) for p in query.params if not p.optional}
    given.update({k: v for k, v in filters.items() if any(p.name == k and p.optional for p in query.params)})
    return given


def _cases() -> list[tuple[str, str]]:
    cases = []
    for name, query in sorted(named_queries().items()):
        optional = {p.name for p in query.params if p.optional}
        cases.extend((name, key) for key, values in FILTERS.items() if set(values) <= optional or key == "none")
    return cases


def _checked_in(query: NamedQuery, bindings: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The shipped text with the values where a user puts them: a view's, in its selection sub-query (whose
    filters test the parameters, out of reach of a VALUES block at the outer WHERE); any other's, at its WHERE."""
    if query.name not in VIEWS or not bindings:
        return query.sparql, bindings
    assert SELECTION in query.sparql, "the shared selection changed: update SELECTION"
    names, values = " ".join(f"?{n}" for n in bindings), " ".join(str(t) for t in bindings.values())
    return query.sparql.replace(SELECTION, f"{SELECTION} VALUES ({names}) {{ ({values}) }}", 1), {}


@pytest.mark.parametrize(("name", "filters"), _cases())
def test_named_query_same_rows_on_virtuoso(built: Path, pushed: Virtuoso, name: str, filters: str) -> None:
    query = named_queries()[name]
    bindings = bind(query, _arguments(query, built, FILTERS[filters]))
    embedded = open_embedded(built).named(name, bindings)
    remote = remote_store(pushed.url)
    concatenated = set(_CONCAT.findall(query.sparql))
    expected = _typed_rows(embedded, concatenated)
    ran = remote.named(name, bindings)
    text, left = _checked_in(query, bindings)
    for form, result in (("kg", ran), ("checked-in", run_query(remote, text, bindings=left))):
        assert result.variables == embedded.variables, form
        assert _typed_rows(result, concatenated) == expected, form
    if name in VIEWS:  # as kg runs it, in the view's order too (ties broken by the keys: one order)
        keys = [embedded.variables.index(k.name) for k in VIEWS[name].key_outputs()]
        assert [[r[i] for i in keys] for r in ran.rows] == [[r[i] for i in keys] for r in embedded.rows]
    if filters in ("none", "spokesperson", "dates") and name not in TWO_SIDED:
        # the comparison means something: these filters select rows in the sample
        assert embedded.rows, f"{name} finds nothing under {filters}"


def test_an_unknown_filter_value_is_named_on_virtuoso(built: Path, pushed: Virtuoso) -> None:
    """E450 holds on Virtuoso as on the embedded store: the same message and the same closest values."""
    from kg.errors import QueryError

    bindings = bind(named_queries()["view-outlet-topic"], {"outlet": "Reuter", "topic": "taiwn"})
    errors = []
    for store in (open_embedded(built), remote_store(pushed.url)):
        with pytest.raises(QueryError) as caught:
            store.named("view-outlet-topic", bindings)
        errors.append((caught.value.code, caught.value.message, caught.value.hint))
    assert errors[0] == errors[1] and errors[0][0] == "E450" and "Reuters" in str(errors[0][2]), errors
