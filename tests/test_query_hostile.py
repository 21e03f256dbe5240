"""Hostile text in the query path: parameters are bound as RDF terms, never pasted into the query, so they find
nothing and change nothing; SPARQL updates are refused with a clear error, whatever store they reach."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.errors import QueryError
from kg.queries import bind, parse_named_query
from kg.store import bind_parameters, open_embedded, run_query

HOSTILE_VALUES = [
    '" } ; DROP ALL ; #',
    'Reuters" } ; DROP ALL ; #',
    "Reuters' } UNION { ?o ?p ?q } #",
    '") } UNION { ?o rdfs:label ?outlet } #',
    "Reuters\n} ; CLEAR ALL ; #",
    "Reuters\r\n",
    "\\u0022 } ; DROP ALL ; #",  # a SPARQL escape as text: it must stay text
    "\\U00000022) } #",
    "\\",
    '"""',
    "<http://example.org/x> } ; DROP ALL ; #",
    "Reuters\x00",
    "\u202eSRETUER",
    "*",
    "?outlet",
    "",
]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("hostile-out")
    kg.build([seeds_dir], out=folder, exports=())
    return folder


def quads(out: Path) -> set[str]:
    return {str(q) for q in open_embedded(out).store}


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_plain_parameter_finds_its_rows(out: Path) -> None:
    # The control: the same path with an ordinary value does find something, so "no rows" below means something.
    code, stdout, _ = cli("query", "--name", "questions-from-outlet", "--param", "outlet=Reuters", "--format", "json",
                          "--store", str(out))  # fmt: skip
    assert code == 0
    assert len(json.loads(stdout)["results"]["bindings"]) == 2


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_parameter_through_the_cli_finds_nothing_and_changes_nothing(out: Path, value: str) -> None:
    before = quads(out)
    code, stdout, stderr = cli(
        "query",
        "--name",
        "questions-from-outlet",
        "--param",
        f"outlet={value}",
        "--format",
        "json",
        "--store",
        str(out),
    )
    assert code == 0, stderr
    assert json.loads(stdout)["results"]["bindings"] == []
    assert quads(out) == before


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_bound_value_is_one_literal(value: str) -> None:
    # Whatever the value, the bound query parses, and the literal it holds is the value, character for character.
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.Literal(value)))
    store.add(ox.Quad(ox.NamedNode("http://b"), ox.NamedNode("http://p"), ox.Literal(value + "x")))
    bound = bind_parameters("SELECT ?s WHERE { ?s <http://p> ?o }", {"o": ox.Literal(value)})
    result = store.query(bound)
    assert isinstance(result, ox.QuerySolutions)
    rows = [row["s"] for row in result]
    assert rows == [ox.NamedNode("http://a")]
    assert len(store) == 2


TYPED = parse_named_query(
    "typed",
    "# title: typed\n"
    "# description: one parameter of each type; WHERE { in a comment must not catch the binding\n"
    "# param: who (iri): an IRI\n"
    "# param: day (date): a date\n"
    "# param: n (integer): an ordinal\n"
    "# param: name (string): a label\n"
    'SELECT ?who WHERE { ?who ?p ?o . FILTER(?o != "WHERE { not here") }\n',
)


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("who", "http://example.org/x> } ; DROP ALL ; #"),
        ("who", "http://example.org/a b"),
        ("who", "http://example.org/\n"),
        ("who", 'http://example.org/"'),
        ("who", "not an iri"),
        ("day", '2020-01-01"^^xsd:date } ; DROP ALL ; #'),
        ("day", "2020-02-30"),
        ("n", "1 } ; DROP ALL ; #"),
        ("n", "1e3"),
    ],
)
def test_malformed_typed_parameters_are_refused(param: str, value: str) -> None:
    values = {"who": "http://example.org/x", "day": "2020-01-01", "n": "1", "name": "x", param: value}
    with pytest.raises(QueryError) as caught:
        bind(TYPED, values)
    assert caught.value.code == "E407" and caught.value.hint


def test_typed_parameters_bind_outside_comments_and_strings(out: Path) -> None:
    bindings = bind(TYPED, {"who": "http://example.org/x", "day": "2020-01-01", "n": "1", "name": "} DROP ALL #"})
    text = bind_parameters(TYPED.sparql, bindings)
    header, query = text.rsplit("\n", 2)[0], text.rsplit("\n", 2)[1]
    assert "VALUES" not in header and '"WHERE { not here"' in query
    assert query.index("VALUES") < query.index("?who ?p ?o")
    before = quads(out)
    assert run_query(open_embedded(out).store, TYPED.sparql, bindings=bindings).rows == ()
    assert quads(out) == before


UPDATES = [
    "DELETE WHERE { ?s ?p ?o }",
    "delete where { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR DEFAULT",
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "LOAD <http://example.org/data.ttl>",
    "PREFIX ex: <http://example.org/#select> # a comment\nDELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_through_the_cli(out: Path, update: str) -> None:
    before = quads(out)
    code, stdout, stderr = cli("query", update, "--store", str(out))
    assert code == 2 and stdout == ""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "[E412]" in lines[0] and "kg build" in lines[0]
    assert quads(out) == before


def test_an_update_in_a_query_file_is_refused(out: Path, tmp_path: Path) -> None:
    file = tmp_path / "drop.rq"
    file.write_text("# looks harmless\nDROP ALL\n", encoding="utf-8")
    code, _, stderr = cli("query", "--file", str(file), "--store", str(out))
    assert code == 2 and "[E412]" in stderr


@pytest.mark.parametrize("update", UPDATES)
def test_run_query_refuses_updates_even_on_a_writable_store(update: str) -> None:
    # The refusal does not rest on the CLI opening the store read-only.
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.NamedNode("http://c")))
    with pytest.raises(QueryError) as caught:
        run_query(store, update)
    assert caught.value.code == "E412"
    assert len(store) == 1


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s ?p "DELETE WHERE { ?s ?p ?o }" }',
        "SELECT ?drop ?insert WHERE { ?drop ?insert ?load }  # drop all",
        "ASK { ?s <http://example.org/delete> ?o }",
    ],
)
def test_queries_that_merely_name_update_words_run(query: str) -> None:
    run_query(ox.Store(), query)


def test_a_broken_query_is_a_syntax_error_not_an_update() -> None:
    with pytest.raises(QueryError) as caught:
        run_query(ox.Store(), "SELECT ?s WHERE { ?s ?p }")
    assert caught.value.code == "E401"


def test_parameters_without_a_named_query_are_refused(out: Path) -> None:
    code, _, stderr = cli("query", "SELECT * WHERE { ?s ?p ?o }", "--param", "x=1", "--store", str(out))
    assert code == 2 and "[E411]" in stderr


TITLE_ESCAPE = "\x1b]0;pwned\x07"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "table", "json"])
def test_control_characters_reach_a_terminal_as_escapes_and_a_file_as_they_are(
    out: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = f'SELECT ?x WHERE {{ BIND("Beijing{TITLE_ESCAPE}" AS ?x) }}'
    code, piped, _ = cli("query", "--store", str(out), "--format", fmt, query)
    escaped_by_format = fmt in ("json", "tsv")  # JSON and N-Triples terms escape control characters themselves
    assert code == 0 and ("\x1b" in piped) != escaped_by_format
    monkeypatch.setattr("kg.cli._stdout_is_terminal", lambda: True)
    code, shown, _ = cli("query", "--store", str(out), "--format", fmt, query)
    assert code == 0 and "\x1b" not in shown and "\x07" not in shown
    assert ("\\x1b" in shown) != escaped_by_format


@pytest.mark.parametrize(("fmt", "expected"), [("csv", "true\n"), ("tsv", "true\n"), ("json", '"boolean": true')])
def test_ask_prints_its_answer_in_every_format(out: Path, fmt: str, expected: str) -> None:
    code, text, _ = cli("query", "--store", str(out), "--format", fmt, "ASK { ?s ?p ?o }")
    assert code == 0 and expected in text and text.endswith("\n")
